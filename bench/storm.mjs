// No jank: a storm of 10,000 pointer moves, scrolls and clicks, 100 per animation frame
// (bench/pages/storm.js), RUNS times on the same page without a widget, with ours and with
// Snowplow. Our cost is the difference from the bare page, two ways: the synchronous dispatch time
// (listeners) and the main thread's script time over the whole storm (CDP ScriptDuration, which
// also holds animation-frame and observer callbacks). Long tasks (> 50 ms) are counted.
// Goals: no long task, ≤ 1 ms of our code per frame.
import { median, row, sum } from './report.mjs';
import { waitReady } from './session.mjs';

const EVENTS = 10_000;
const PER_FRAME = 100;
const FRAMES = EVENTS / PER_FRAME;
const RUNS = Number(process.env.BENCH_STORM_RUNS || 5);
const WIDGETS = ['none', 'ours', 'snowplow'];

const scriptSeconds = async (cdp) => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration').value;
};

async function stormOnce(session, widget) {
  const { page, context, close } = await session.open();
  try {
    await page.goto(session.url(`storm-${widget}`));
    await waitReady(page, widget);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await scriptSeconds(cdp);
    const { frames, longTasks } = await page.evaluate((o) => window.runStorm(o), { events: EVENTS, perFrame: PER_FRAME });
    const scriptMs = ((await scriptSeconds(cdp)) - before) * 1000;
    return { dispatchMs: sum(frames), worstFrameMs: Math.max(...frames), longTasks, scriptMs };
  } finally {
    await close();
  }
}

export async function measureStorm(session) {
  const runs = Object.fromEntries(WIDGETS.map((w) => [w, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const widget of WIDGETS) runs[widget].push(await stormOnce(session, widget));
  }
  const figures = { events: EVENTS, perFrame: PER_FRAME, runs: RUNS };
  for (const w of WIDGETS) {
    figures[w] = {
      dispatchMs: median(runs[w].map((r) => r.dispatchMs)),
      scriptMs: median(runs[w].map((r) => r.scriptMs)),
      worstFrameMs: Math.max(...runs[w].map((r) => r.worstFrameMs)),
      longTasks: sum(runs[w].map((r) => r.longTasks.length)),
    };
  }
  // A widget's cost: the median over runs of (its run − the bare page's run of the same round),
  // floored at 0 (a negative difference is noise).
  const cost = (w, key) => Math.max(0, median(runs[w].map((r, i) => r[key] - runs.none[i][key])));
  for (const w of ['ours', 'snowplow']) {
    figures[w].dispatchPerFrameMs = cost(w, 'dispatchMs') / FRAMES;
    figures[w].scriptPerFrameMs = cost(w, 'scriptMs') / FRAMES;
    figures[w].dispatchPerEventUs = (cost(w, 'dispatchMs') / EVENTS) * 1000;
  }
  const { ours, snowplow } = figures;
  const rows = [
    row(`storm: long tasks > 50 ms, ${RUNS} runs of ${EVENTS.toLocaleString('en-US')} events — peer: Snowplow`, {
      ours: ours.longTasks, peer: snowplow.longTasks, goal: '0', pass: ours.longTasks === 0,
    }),
    row(`storm: our code per frame of ${PER_FRAME} events, listeners (ms) — peer: Snowplow`, {
      ours: ours.dispatchPerFrameMs, peer: snowplow.dispatchPerFrameMs, digits: 3, goal: '≤ 1', pass: ours.dispatchPerFrameMs <= 1,
    }),
    row('storm: our code per frame, all script incl. frame callbacks (ms, CDP) — peer: Snowplow', {
      ours: ours.scriptPerFrameMs, peer: snowplow.scriptPerFrameMs, digits: 3, goal: '≤ 1', pass: ours.scriptPerFrameMs <= 1,
    }),
    row('storm: listener cost per event (µs) — peer: Snowplow', {
      ours: ours.dispatchPerEventUs, peer: snowplow.dispatchPerEventUs, digits: 2,
    }),
    row(`storm: worst frame (ms; page without a widget: ${figures.none.worstFrameMs.toFixed(1)}) — peer: Snowplow`, {
      ours: ours.worstFrameMs, peer: snowplow.worstFrameMs, digits: 1,
    }),
  ];
  return { figures: { ...figures, raw: runs }, rows };
}

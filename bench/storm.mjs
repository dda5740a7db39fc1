// No jank: a storm of 10,000 pointer moves, scrolls and clicks, 100 per animation frame
// (bench/pages/storm.js). Two ways:
// - paired, in one page: blocks of frames with our widget running alternate with blocks after
//   LeadScore('destroy') (then `init` again), so both halves share the page, the browser's state
//   and the host's load of the moment. Our cost: the synchronous dispatch time (listeners) as
//   the median frame with less the median frame without, and the main thread's script time (CDP
//   ScriptDuration, which also holds animation-frame and observer callbacks) as that plus the
//   median over pairs of blocks of the difference in script time outside the dispatch loops.
//   These are the goal's figures: the difference of whole runs on separate pages moved by more
//   than our cost.
// - by page, to compare with Snowplow (which cannot be taken out of a page): RUNS times on the
//   page without a widget, with ours and with Snowplow; a widget's cost is the median over runs
//   of (its run − the bare page's run of the same round).
// Long tasks (> 50 ms) are counted in every storm with our widget running.
// Goals: no long task, ≤ 1 ms of our code per frame.
import { median, row, sum } from './report.mjs';
import { waitReady } from './session.mjs';
import { SITE_CONFIG } from './workload.mjs';

const EVENTS = 10_000;
const PER_FRAME = 100;
const FRAMES = EVENTS / PER_FRAME;
const RUNS = Number(process.env.BENCH_STORM_RUNS || 5);
/** Frames per block of the paired storm: 20 blocks with the widget make its 10,000 events. */
const BLOCK_FRAMES = 5;
const BLOCKS = FRAMES / BLOCK_FRAMES;
const WIDGETS = ['none', 'ours', 'snowplow'];

const scriptSeconds = async (cdp) => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration').value;
};

/**
 * A fresh storm page with `widget` ready; its `storm(options)` runs `window.runStorm(options)` and
 * answers `{ frames, longTasks, scriptMs }`, the main thread's script time (CDP) meanwhile.
 */
async function openStormPage(session, widget) {
  const { page, context, close } = await session.open();
  await page.goto(session.url(`storm-${widget}`));
  await waitReady(page, widget);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const storm = async (options) => {
    const before = await scriptSeconds(cdp);
    const result = await page.evaluate((o) => window.runStorm(o), options);
    return { ...result, scriptMs: ((await scriptSeconds(cdp)) - before) * 1000 };
  };
  return { page, close, storm };
}

async function stormOnce(session, widget) {
  const { storm, close } = await openStormPage(session, widget);
  try {
    const { frames, longTasks, scriptMs } = await storm({ frames: FRAMES, perFrame: PER_FRAME });
    return { dispatchMs: sum(frames), worstFrameMs: Math.max(...frames), longTasks, scriptMs };
  } finally {
    await close();
  }
}

/**
 * The paired storm on one page of ours: BLOCKS blocks with the widget and as many without, in
 * the order with, without, without, with, … (so a drift of the host's load falls on both
 * alike). Returns our per-frame costs, the long tasks and the blocks.
 */
async function stormPaired(session) {
  const { page, storm, close } = await openStormPage(session, 'ours');
  try {
    const blocks = { with: [], without: [] };
    let running = true;
    for (let b = 0; b < 2 * BLOCKS; b++) {
      const widget = b % 4 === 0 || b % 4 === 3;
      if (running && !widget) await page.evaluate(() => LeadScore('destroy'));
      if (!running && widget) await page.evaluate((config) => (LeadScore('init', config), LeadScore.ready().then(() => {})), SITE_CONFIG);
      running = widget;
      const block = await storm({ frames: BLOCK_FRAMES, perFrame: PER_FRAME, from: (b >> 1) * BLOCK_FRAMES * PER_FRAME });
      blocks[widget ? 'with' : 'without'].push(block);
    }
    // Dispatch: the median frame with the widget less the median frame without (a hiccup of the
    // host spoils a frame or two, not the median). Script time is only known per block, and a
    // hiccup in a dispatch loop moves it by more than our cost: so it is the dispatch figure
    // plus the script outside the dispatch loops (frame and observer callbacks, microtasks),
    // the median over pairs of blocks of that difference.
    const frameMs = (half) => median(blocks[half].flatMap((block) => block.frames));
    const outside = (block) => block.scriptMs - sum(block.frames);
    const dispatchPerFrameMs = Math.max(0, frameMs('with') - frameMs('without'));
    const outsidePerFrameMs = median(blocks.with.map((w, i) => outside(w) - outside(blocks.without[i]))) / BLOCK_FRAMES;
    return {
      dispatchPerFrameMs,
      scriptPerFrameMs: dispatchPerFrameMs + Math.max(0, outsidePerFrameMs),
      longTasks: blocks.with.flatMap((w) => w.longTasks),
      blocks,
    };
  } finally {
    await close();
  }
}

export async function measureStorm(session) {
  const paired = await stormPaired(session);
  const runs = Object.fromEntries(WIDGETS.map((w) => [w, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const widget of WIDGETS) runs[widget].push(await stormOnce(session, widget));
  }
  const figures = { events: EVENTS, perFrame: PER_FRAME, runs: RUNS, paired };
  for (const w of WIDGETS) {
    figures[w] = {
      dispatchMs: median(runs[w].map((r) => r.dispatchMs)),
      scriptMs: median(runs[w].map((r) => r.scriptMs)),
      worstFrameMs: Math.max(...runs[w].map((r) => r.worstFrameMs)),
      longTasks: sum(runs[w].map((r) => r.longTasks.length)),
    };
  }
  // A widget's cost by page: the median over runs of (its run − the bare page's run of the same
  // round), floored at 0 (a negative difference is noise).
  const cost = (w, key) => Math.max(0, median(runs[w].map((r, i) => r[key] - runs.none[i][key])));
  for (const w of ['ours', 'snowplow']) {
    figures[w].dispatchPerFrameMs = cost(w, 'dispatchMs') / FRAMES;
    figures[w].scriptPerFrameMs = cost(w, 'scriptMs') / FRAMES;
    figures[w].dispatchPerEventUs = (cost(w, 'dispatchMs') / EVENTS) * 1000;
  }
  const { ours, snowplow, none } = figures;
  const longTasks = ours.longTasks + paired.longTasks.length;
  const events = (RUNS + 1) * EVENTS;
  const rows = [
    row(`storm: long tasks > 50 ms in ${events.toLocaleString('en-US')} events with our widget (bare page: ${none.longTasks}) — peer: Snowplow`, {
      ours: longTasks, peer: snowplow.longTasks, goal: '0', limit: 0,
    }),
    row(`storm: our listeners per frame of ${PER_FRAME} events, paired in one page (ms)`, {
      ours: paired.dispatchPerFrameMs, digits: 3, goal: '≤ 1', limit: 1,
    }),
    row('storm: all our script per frame, incl. frame callbacks, paired in one page (ms, CDP)', {
      ours: paired.scriptPerFrameMs, digits: 3, goal: '≤ 1', limit: 1,
    }),
    row('storm: listeners per frame, by page (ms) — peer: Snowplow', {
      ours: ours.dispatchPerFrameMs, peer: snowplow.dispatchPerFrameMs, digits: 3,
    }),
    row('storm: all script per frame, by page (ms, CDP) — peer: Snowplow', {
      ours: ours.scriptPerFrameMs, peer: snowplow.scriptPerFrameMs, digits: 3,
    }),
    row('storm: listener cost per event, by page (µs) — peer: Snowplow', {
      ours: ours.dispatchPerEventUs, peer: snowplow.dispatchPerEventUs, digits: 2,
    }),
    row(`storm: worst frame (ms; page without a widget: ${none.worstFrameMs.toFixed(1)}) — peer: Snowplow`, {
      ours: ours.worstFrameMs, peer: snowplow.worstFrameMs, digits: 1,
    }),
  ];
  return { figures: { ...figures, raw: runs }, rows };
}

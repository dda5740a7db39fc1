// Start-up: for each of LOADS fresh page loads (new context, nothing cached) of the same page with
// our widget, with Snowplow, and with neither: the time from the install snippet's first line to
// `ready` (in-page performance.now()), and the main thread's busy time by then (CDP TaskDuration,
// less the bare page's). Goal: our median ≤ Snowplow's.
import { median, row } from './report.mjs';
import { inTime } from './session.mjs';

const LOADS = Number(process.env.BENCH_LOADS || 20);
const WIDGETS = ['none', 'ours', 'snowplow'];

async function loadOnce(session, widget) {
  const { page, context, close } = await session.open();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(session.url(`startup-${widget}`));
    const inPage = await inTime(page.evaluate(async () => {
      const { start, ready } = await window.__bench.whenReady;
      const resources = performance.getEntriesByType('resource')
        .map((r) => ({ file: r.name.split('/').pop(), from: r.startTime - start, to: r.responseEnd - start }));
      return { readyMs: ready - start, resources };
    }), `${widget} start-up page ready`);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    return { ...inPage, taskMs: m.TaskDuration * 1000, scriptMs: m.ScriptDuration * 1000 };
  } finally {
    await close();
  }
}

export async function measureStartup(session) {
  const loads = Object.fromEntries(WIDGETS.map((w) => [w, []]));
  for (let i = 0; i < LOADS; i++) {
    const order = [...WIDGETS.slice(i % WIDGETS.length), ...WIDGETS.slice(0, i % WIDGETS.length)];
    for (const widget of order) loads[widget].push(await loadOnce(session, widget));
  }
  const summary = {};
  for (const w of WIDGETS) {
    const files = [...new Set(loads[w].flatMap((l) => l.resources.map((r) => r.file)))];
    const when = (file, key) => median(loads[w].flatMap((l) => l.resources.filter((r) => r.file === file).map((r) => r[key])));
    summary[w] = {
      readyMs: median(loads[w].map((l) => l.readyMs)),
      taskMs: median(loads[w].map((l) => l.taskMs)),
      scriptMs: median(loads[w].map((l) => l.scriptMs)),
      // Each file the page fetched: median start and end, in ms from the snippet's first line.
      resources: Object.fromEntries(files.map((f) => [f, { from: when(f, 'from'), to: when(f, 'to') }])),
    };
  }
  const busy = (w) => Math.max(0, summary[w].taskMs - summary.none.taskMs);
  const ours = summary.ours.readyMs;
  const peer = summary.snowplow.readyMs;
  const rows = [
    row(`start-up: first line to ready, median of ${LOADS} loads (ms) — peer: Snowplow`, {
      ours, peer, digits: 1, goal: '≤ peer', limit: peer,
    }),
    row('start-up: main-thread busy until ready, beyond a bare page (ms, CDP TaskDuration) — peer: Snowplow', {
      ours: busy('ours'), peer: busy('snowplow'), digits: 1,
    }),
  ];
  return { figures: { loads: LOADS, summary, busyMs: { ours: busy('ours'), snowplow: busy('snowplow') }, raw: loads }, rows };
}

// `npm run bench`: a storm of 10,000 pointer moves, scrolls and clicks delivered 100 per animation
// frame to a page with the widget and to the same page without it, in headless Chromium. Reports
// the widget's cost per event and per frame, and every long task (> 50 ms) seen. A benchmark,
// not a test: it prints a markdown table and writes .bench/storm.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';
import { startServer } from '../scripts/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EVENTS = 10_000;
const PER_FRAME = 100;
const RUNS = 5;

const CONFIG = {
  rules: [
    { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 },
    { id: 'reader', on: 'dwell', seconds: 60, points: 15 },
    { id: 'deep', on: 'scroll', percent: 90, points: 10 },
    { id: 'table', on: 'view', selector: '#table', seconds: 20, points: 15 },
    { id: 'cta', on: 'click', selector: '.cta', points: 5, limit: 100 },
  ],
};

const page = (withWidget) => `<!doctype html><meta charset="utf-8"><title>storm</title>
<body style="height:20000px"><div id="table" style="height:300px">table</div><p class="text">text</p>
${withWidget ? `<script>
window.LeadScore = window.LeadScore || function () { (LeadScore.q = LeadScore.q || []).push(arguments); };
LeadScore('init', ${JSON.stringify(CONFIG)});
</script><script async src="/leadscore/leadscore.js"></script>` : ''}</body>`;

/** Runs in the page: the storm, one batch per animation frame; returns per-frame times. */
async function storm({ events, perFrame }) {
  const longTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)))
    .observe({ type: 'longtask' });
  const target = document.querySelector('.text');
  const frames = [];
  let sent = 0;
  await new Promise((done) => {
    const frame = () => {
      const start = performance.now();
      for (let i = 0; i < perFrame && sent < events; i++, sent++) {
        if (sent % 50 === 0) {
          target.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 10, clientY: 10 }));
        } else if (sent % 5 === 0) {
          window.scrollTo(0, (sent * 7) % 15000);
          window.dispatchEvent(new Event('scroll'));
        } else {
          target.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: sent % 800, clientY: 50 }));
        }
      }
      frames.push(performance.now() - start);
      if (sent < events) requestAnimationFrame(frame); else setTimeout(done, 100);
    };
    requestAnimationFrame(frame);
  });
  return { frames, longTasks };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

const server = await startServer({
  mounts: [['/leadscore/', path.join(root, 'dist')], ['/', path.join(root, 'www')]],
});
const browser = await launchChromium();
const results = { with: [], without: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    for (const variant of ['without', 'with']) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.route('**/storm.html', (r) => r.fulfill({ contentType: 'text/html', body: page(variant === 'with') }));
      await tab.goto(new URL('/storm.html', server.url).href);
      if (variant === 'with') await tab.evaluate(() => LeadScore.ready());
      results[variant].push(await tab.evaluate(storm, { events: EVENTS, perFrame: PER_FRAME }));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const total = (variant) => median(results[variant].map((r) => sum(r.frames)));
const worstFrame = (variant) => Math.max(...results[variant].map((r) => Math.max(...r.frames)));
const longTasks = (variant) => results[variant].reduce((n, r) => n + r.longTasks.length, 0);
const ours = Math.max(0, total('with') - total('without'));
const perFrame = ours / (EVENTS / PER_FRAME);
const rows = [
  ['events in the storm', EVENTS, '', ''],
  ['dispatch time, page without widget (ms, median of runs)', total('without').toFixed(1), '', ''],
  ['dispatch time, page with widget (ms, median of runs)', total('with').toFixed(1), '', ''],
  ['widget cost per event (µs)', ((ours / EVENTS) * 1000).toFixed(2), '', ''],
  ['widget cost per frame of 100 events (ms)', perFrame.toFixed(3), '≤ 1', perFrame <= 1 ? 'pass' : 'FAIL'],
  ['worst frame without / with widget (ms)', `${worstFrame('without').toFixed(1)} / ${worstFrame('with').toFixed(1)}`, '', ''],
  ['long tasks without widget (all runs)', longTasks('without'), '', ''],
  ['long tasks with widget (all runs)', longTasks('with'), '0', longTasks('with') === 0 ? 'pass' : 'FAIL'],
];
console.log(`\n## Event storm (${RUNS} runs, ${PER_FRAME} events per frame)\n`);
console.log('| measure | value | goal | result |\n|---|---:|---:|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
fs.mkdirSync(path.join(root, '.bench'), { recursive: true });
fs.writeFileSync(path.join(root, '.bench', 'storm.json'), JSON.stringify({ rows, results }, null, 2));

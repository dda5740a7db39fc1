// `npm run bench`: builds dist/ if missing, prepares bench/.build/ (dist snapshot, peer bundles,
// pages), runs every measurement in one headless Chromium, prints one markdown table (metric,
// ours, peer, ratio, goal, result) and writes every figure to bench/results.json.
// `npm run bench -- startup idle` runs only those measurements (size, startup, per-event, idle,
// storm, memory). A benchmark, not a test: it always exits 0 once it has measured.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD, ROOT, prepare } from './prepare.mjs';
import { openSession } from './session.mjs';
import { table } from './report.mjs';
import { measureSizes } from './size.mjs';
import { measureStartup } from './startup.mjs';
import { measurePerEvent } from './per-event.mjs';
import { measureIdle } from './idle.mjs';
import { measureStorm } from './storm.mjs';
import { measureMemory } from './memory.mjs';

const BROWSER_MEASUREMENTS = {
  startup: measureStartup,
  'per-event': measurePerEvent,
  idle: measureIdle,
  storm: measureStorm,
  memory: measureMemory,
};
const ALL = ['size', ...Object.keys(BROWSER_MEASUREMENTS)];
const RESULTS = path.join(ROOT, 'bench', 'results.json');

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
const unknown = chosen.filter((m) => !ALL.includes(m));
if (unknown.length) {
  console.error(`unknown measurement(s): ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const loadAtStart = os.loadavg();
const built = await prepare();
const results = {};
const log = (name, ms) => console.error(`bench: ${name} done in ${(ms / 1000).toFixed(1)} s`);

if (chosen.includes('size')) results.size = measureSizes(built);
const inBrowser = chosen.filter((m) => m in BROWSER_MEASUREMENTS);
let browserVersion = null;
let pageErrors = [];
if (inBrowser.length) {
  const session = await openSession(built.dirs);
  browserVersion = session.browser.version();
  try {
    for (const name of inBrowser) {
      const t = Date.now();
      results[name] = await BROWSER_MEASUREMENTS[name](session);
      log(name, Date.now() - t);
    }
  } finally {
    pageErrors = session.errors;
    await session.close();
  }
}

const rows = chosen.flatMap((name) => results[name].rows);
const seconds = (Date.now() - started) / 1000;
console.log(`\n## leadscore bench (${new Date().toISOString()}, ${seconds.toFixed(0)} s)\n`);
console.log(table(rows));
if (pageErrors.length) console.log(`\n${pageErrors.length} uncaught error(s) in the bench pages:\n${pageErrors.join('\n')}`);

const output = {
  date: new Date().toISOString(),
  seconds,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadAverageAtStart: loadAtStart, node: process.version, chromium: browserVersion },
  dist: path.relative(ROOT, built.dirs.widget),
  build: path.relative(ROOT, BUILD),
  measurements: Object.fromEntries(chosen.map((name) => [name, results[name].figures])),
  pageErrors,
  rows,
};
fs.writeFileSync(RESULTS, JSON.stringify(output, null, 2) + '\n');
console.log(`\nAll figures: ${path.relative(process.cwd(), RESULTS)}`);

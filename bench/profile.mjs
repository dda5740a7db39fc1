// Where per-event time goes: `node bench/profile.mjs [rules=10] [wasm]` samples Chromium's CPU
// profiler while the workbench scores events through dist/ (`track` + `state()`, as the bench),
// and prints the functions with the most self time; a minified script function is shown with
// the start of its source. Pass a wasm built with names (`wasm-opt ... -g`) to see Rust names.
import fs from 'node:fs';
import path from 'node:path';
import { prepare } from './prepare.mjs';
import { openSession } from './session.mjs';
import { openWorkbench } from './per-event-page.mjs';

const [rules = '10', wasm] = process.argv.slice(2);
const built = await prepare();
if (wasm) fs.copyFileSync(wasm, path.join(built.dirs.widget, 'leadscore_bg.wasm'));
const script = fs.readFileSync(path.join(built.dirs.widget, 'leadscore.js'), 'utf8');
const session = await openSession(built.dirs);
const bench = await openWorkbench(session, Number(rules));
const cdp = await bench.context.newCDPSession(bench.page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 20 });
await cdp.send('Profiler.start');
const { usPerEvent } = await bench.time(3000);
const { profile } = await cdp.send('Profiler.stop');
await bench.close();
await session.close();

const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const self = new Map();
for (const id of profile.samples) {
  const f = nodes.get(id);
  const file = f.url.split('/').pop();
  const source = file === 'leadscore.js' ? ` ${JSON.stringify(script.slice(f.columnNumber, f.columnNumber + 50))}` : '';
  const name = `${(f.functionName || '(anonymous)').replace(/17h[0-9a-f]{16}E$/, '')} ${file}${source}`;
  self.set(name, (self.get(name) || 0) + 1);
}
console.log(`${rules} rules: ${usPerEvent.toFixed(2)} µs per event while profiled`);
for (const [name, count] of [...self].sort((x, y) => y[1] - x[1]).slice(0, 30)) {
  console.log(`${((100 * count) / profile.samples.length).toFixed(1).padStart(5)}%  ${name}`);
}

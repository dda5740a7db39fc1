// A/B of per-event time between two builds, for a machine too noisy for two separate runs:
// `node bench/ab.mjs <distA> <distB> [rules=10] [rounds=12]` serves each build in its own page of
// its own browser, then alternates 300 ms samples of `track` + `state()` between them and prints
// each build's minimum and median µs per event (the bench's `ours` figure).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepare } from './prepare.mjs';
import { openSession } from './session.mjs';
import { openWorkbench } from './per-event-page.mjs';

const [a, b, rules = '10', rounds = '12'] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node bench/ab.mjs <distA> <distB> [rules=10] [rounds=12]');
  process.exit(2);
}
const built = await prepare();
const sides = [];
for (const dist of [a, b]) {
  // A snapshot, so that a rebuild of dist/ during the run cannot change a side.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'leadscore-ab-'));
  fs.cpSync(dist, copy, { recursive: true });
  const session = await openSession({ ...built.dirs, widget: copy });
  sides.push({ dist, copy, session, bench: await openWorkbench(session, Number(rules)), samples: [] });
}
for (let round = 0; round < Number(rounds); round++) {
  for (const side of sides) side.samples.push((await side.bench.time(300)).usPerEvent);
}
for (const side of sides) {
  const sorted = [...side.samples].sort((x, y) => x - y);
  console.log(`${side.dist}: min ${sorted[0].toFixed(2)} µs, median ${sorted[sorted.length >> 1].toFixed(2)} µs (${sorted.map((s) => s.toFixed(1)).join(' ')})`);
  await side.bench.close();
  await side.session.close();
  fs.rmSync(side.copy, { recursive: true, force: true });
}

// Memory: on the workbench page, our widget with the 100-rule set tracks 10,000 and then 100,000
// events (the per-event list, every tenth replaced by a never-seen name and prop); after each, the
// wasm linear memory (captured from WebAssembly.instantiate*) and the stored entry's length.
// Goal: flat — the 100,000 figure ≤ the 10,000 figure plus one wasm page (64 KiB) / plus 10 %.
import { row, fmt } from './report.mjs';
import { events, floorEntries, oursConfig, ruleSet, rulesEngineRules } from './workload.mjs';

const RULES = 100;
const CHECKPOINTS = [10_000, 100_000];
const WASM_PAGE = 65_536;
const STORED_SLACK = 1.1;

export async function measureMemory(session) {
  const { page, close } = await session.open();
  const at = {};
  try {
    await page.goto(session.url('workbench'));
    const rules = ruleSet(RULES);
    await page.evaluate((config) => window.workbench.loadWidget(config), oursConfig(rules));
    await page.evaluate((data) => window.workbench.prepare(data), {
      floorEntries: floorEntries(rules), engineRules: rulesEngineRules(rules), eventList: events(RULES, 10_000, 2),
    });
    at[0] = await page.evaluate(() => window.workbench.memory());
    let fed = 0;
    for (const n of CHECKPOINTS) {
      await page.evaluate((count) => window.workbench.feed(count), n - fed);
      fed = n;
      at[n] = await page.evaluate(() => window.workbench.memory());
    }
  } finally {
    await close();
  }
  const [small, large] = CHECKPOINTS.map((n) => at[n]);
  const wasmLimit = small.wasmBytes + WASM_PAGE;
  const storedLimit = Math.floor(small.storedBytes * STORED_SLACK);
  const rows = [
    row(`memory: wasm linear memory after ready / ${fmt(CHECKPOINTS[0])} events (bytes)`, { ours: `${fmt(at[0].wasmBytes)} / ${fmt(small.wasmBytes)}` }),
    row(`memory: wasm linear memory after ${fmt(CHECKPOINTS[1])} events (bytes)`, {
      ours: large.wasmBytes, goal: `≤ ${fmt(wasmLimit)} (10k figure + 64 KiB)`, limit: wasmLimit,
    }),
    row(`memory: stored bytes after ${fmt(CHECKPOINTS[0])} events`, { ours: small.storedBytes }),
    row(`memory: stored bytes after ${fmt(CHECKPOINTS[1])} events`, {
      ours: large.storedBytes, goal: `≤ ${fmt(storedLimit)} (10k figure + 10 %)`, limit: storedLimit,
    }),
  ];
  return { figures: { rules: RULES, at, wasmLimit, storedLimit }, rows };
}

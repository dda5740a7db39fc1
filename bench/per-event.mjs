// Per event: with 10, 100 and 1,000 generated rules, in one page per rule count, the time from
// LeadScore('track', name, props) to the updated score (LeadScore.state().score, which the widget
// updates synchronously), next to the floor (a bare Map lookup that adds the points) and
// json-rules-engine on the same rules and events. Each system runs whole chunks for BUDGET_MS,
// ROUNDS times; the median µs/event counts. First all three score the same events from zero and
// must agree. Then ours again with storage: 'memory', to show what storing costs.
// Goal: ours ≤ 10× the floor at every rule count.
import { fmt, median, row } from './report.mjs';
import { events, floorEntries, oursConfig, ruleSet, rulesEngineRules } from './workload.mjs';

export const RULE_COUNTS = [10, 100, 1000];
const EVENTS = 10_000;
const AGREE = 500;
const ROUNDS = 3;
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS || 300);
// Untimed scoring per system before its rounds: in Chromium our time per event falls for about
// 2 s of scoring (44.8 → 11.2 µs at 10 rules over six 300 ms rounds, on a loaded host) while the
// script's JIT and the wasm's tiers warm up, so fewer rounds measured a mix of both.
const WARMUP_MS = 2000;
const SYSTEMS = ['floor', 'ours', 'oursTrackOnly', 'rulesEngine'];
const GOAL_FACTOR = 10;

/**
 * One page with n rules: our widget (config `extra` added to the rules), the floor and
 * json-rules-engine; `systems` are timed, after all three score the first AGREE events (when
 * `agree`). Returns { rules, agreement, usPerEvent, runs }.
 */
async function measureRuleCount(session, n, { extra = {}, systems = SYSTEMS, agree = true } = {}) {
  const { page, close } = await session.open();
  try {
    await page.goto(session.url('workbench'));
    const rules = ruleSet(n);
    await page.evaluate((config) => window.workbench.loadWidget(config), { ...oursConfig(rules), ...extra });
    await page.evaluate((data) => window.workbench.prepare(data), {
      floorEntries: floorEntries(rules), engineRules: rulesEngineRules(rules), eventList: events(n, EVENTS),
    });
    let agreement = null;
    if (agree) {
      const gained = await page.evaluate((count) => window.workbench.agree(count), AGREE);
      const same = (a, b) => Math.abs(a - b) < 1e-6;
      agreement = { ...gained, events: AGREE, agree: same(gained.ours, gained.floor) && same(gained.rulesEngine, gained.floor) };
    }
    for (const system of systems) await page.evaluate(([s, ms]) => window.workbench.time(s, ms), [system, WARMUP_MS]);
    const runs = Object.fromEntries(systems.map((s) => [s, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const system of systems) {
        runs[system].push(await page.evaluate(([s, ms]) => window.workbench.time(s, ms), [system, BUDGET_MS]));
      }
    }
    const usPerEvent = Object.fromEntries(systems.map((s) => [s, median(runs[s].map((r) => r.usPerEvent))]));
    return { rules: n, agreement, usPerEvent, runs };
  } finally {
    await close();
  }
}

export async function measurePerEvent(session) {
  const results = [];
  const inMemory = [];
  for (const n of RULE_COUNTS) {
    results.push(await measureRuleCount(session, n));
    inMemory.push(await measureRuleCount(session, n, { extra: { storage: 'memory' }, systems: ['ours'], agree: false }));
  }
  const rows = [];
  for (const r of results) {
    const { ours, floor, rulesEngine } = r.usPerEvent;
    const note = r.agreement.agree ? '' : ' (SCORES DISAGREE: see results.json)';
    rows.push(row(`per event, ${r.rules} rules: track → updated score (µs) — peer: floor (Map lookup)${note}`, {
      ours, peer: floor, digits: 3, goal: `≤ ${GOAL_FACTOR}× peer`, limit: GOAL_FACTOR * floor, valid: r.agreement.agree,
    }));
    rows.push(row(`per event, ${r.rules} rules (µs) — peer: json-rules-engine`, { ours, peer: rulesEngine, digits: 3 }));
  }
  rows.push(row(`per event with storage: 'memory', ${RULE_COUNTS.join(' / ')} rules (µs)`, {
    ours: inMemory.map((r) => fmt(r.usPerEvent.ours, 3)).join(' / '),
  }));
  return {
    figures: { events: EVENTS, budgetMs: BUDGET_MS, rounds: ROUNDS, goalFactor: GOAL_FACTOR, results, storageMemory: inMemory },
    rows,
  };
}

// One workbench page scoring the per-event workload (bench/workload.mjs) through a given build:
// shared by bench/ab.mjs and bench/profile.mjs, the tools for working on per-event time.
import { events, floorEntries, oursConfig, ruleSet, rulesEngineRules } from './workload.mjs';

/** Opens the workbench in `session` with our widget and `rules` generated rules, warmed up. */
export async function openWorkbench(session, rules) {
  const { page, context, close } = await session.open();
  await page.goto(session.url('workbench'));
  const set = ruleSet(rules);
  await page.evaluate((config) => window.workbench.loadWidget(config), oursConfig(set));
  await page.evaluate((data) => window.workbench.prepare(data), {
    floorEntries: floorEntries(set), engineRules: rulesEngineRules(set), eventList: events(rules, 10_000),
  });
  const time = (ms, system = 'ours') => page.evaluate(([s, budget]) => window.workbench.time(s, budget), [system, ms]);
  await time(500);
  return { page, context, close, time };
}

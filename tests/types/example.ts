// Type-checks the published declarations (`npm run typecheck`): every config and rule field,
// every command, reader and window event, and typos the types must reject. Never run, only
// compiled with `tsc -p tests/types`.
import DefaultLeadScore, { LeadScore as ModuleLeadScore } from '../../src/js/leadscore';
import type {
  Condition,
  Decay,
  ErrorCode,
  ErrorDetail,
  EventName,
  ExplainEntry,
  GroupSpec,
  Lead,
  LeadScoreConfig,
  LeadScoreError,
  LeadScoreGlobal,
  LeadScoreState,
  LeadScoreStub,
  Props,
  Rule,
  ScoreDetail,
  SimulatedEvent,
  Simulation,
  Tier,
  TierDetail,
  Where,
} from '../../src/js/leadscore';

declare function openChat(lead: Lead): void;

// ---- The install stub, as a page writes it (in TypeScript the stub needs a cast: the readers
// arrive with the script).
window.LeadScore =
  window.LeadScore ||
  (function () {
    const stub = window.LeadScore as unknown as LeadScoreStub;
    (stub.q = stub.q || []).push(arguments);
  } as unknown as LeadScoreGlobal);

// ---- Every rule field.
const fit: Condition = { gte: 50, gt: 49, lte: 10_000, lt: 10_001 };
const where: Where = {
  plan: 'enterprise',
  trial: false,
  seats: fit,
  role: { in: ['cto', 'vp_engineering', 1, true] },
  utm_source: { glob: 'linked*' },
  company: { exists: true },
};
const customEvent: EventName = 'demo_requested';
const builtIn: EventName = 'page_view';

const rules: Rule[] = [
  { id: 'pricing', on: builtIn, url: '/pricing*', points: 20, limit: 3 },
  { id: 'whitepaper', on: 'download', extension: 'pdf', points: 30 },
  { id: 'assets', on: 'download', extension: ['zip', '.PDF'], points: 10, halfLifeDays: 7 },
  { id: 'reader', on: 'dwell', seconds: 60, points: 15 },
  { id: 'deep', on: 'scroll', percent: 75, points: 5 },
  { id: 'careers', on: 'page_view', url: '/careers*', points: -40 },
  { id: 'demo-button', on: 'click', selector: '#book-demo', points: 25, group: 'engagement' },
  { id: 'contact', on: 'form_submit', selector: 'form.contact', points: 40 },
  { id: 'testimonials', on: 'view', selector: '.testimonials', seconds: 5, points: 5 },
  { id: 'leaving', on: 'exit_intent', points: 1 },
  { id: 'returning', on: 'visit', where: { returning: true }, points: 10, limit: 5 },
  { id: 'big-company', on: 'identify', where, points: 40, group: 'fit' },
  { id: 'demo', on: customEvent, points: 50 },
];

// ---- Every config field.
const tiers: Tier[] = [
  { name: 'warm', min: 40 },
  { name: 'hot', min: 100 },
];
const decay: Decay = { halfLifeDays: 30 };
const engagement: GroupSpec = { max: 80 };

const config: LeadScoreConfig = {
  threshold: 100,
  rules,
  onQualified: function (lead) {
    openChat(lead);
  },
  onScore: (detail) => {
    const rule: string | null = detail.rule;
    console.log(detail.score, detail.delta, rule);
  },
  idleSeconds: 30,
  sessionMinutes: 30,
  downloadExtensions: ['pdf', 'docx', 'zip'],
  tiers,
  decay,
  maxScore: 150,
  groups: { fit: { max: 40 }, engagement, uncapped: {} },
  rearmBelow: 50,
  consent: 'required',
  respectGlobalPrivacyControl: true,
  storage: 'local',
  storageKey: 'leadscore',
  ignoreAutomation: false,
  debug: false,
};
const readonlyConfig = {
  rules: [{ id: 'pricing', on: 'page_view', url: '/pricing*', points: 20 }],
  storage: 'memory',
} as const satisfies LeadScoreConfig;

// ---- Every command.
LeadScore('init', config);
LeadScore('init', readonlyConfig);
LeadScore('track', 'demo_requested');
LeadScore('track', 'demo_requested', { plan: 'pro', seats: 25, trial: false, coupon: null });
LeadScore('identify', { seats: 250, role: 'VP Sales' });
LeadScore('consent', 'granted');
LeadScore('consent', 'denied');

const onReady = (state: LeadScoreState) => console.log(state.score);
LeadScore('on', 'ready', onReady);
LeadScore('off', 'ready', onReady);
LeadScore('on', 'score', (d) => console.log(d.score + d.delta, d.rule ?? 'reset'));
LeadScore('on', 'qualified', (lead) => {
  const at: number = lead.qualifiedAt;
  const reasons: ExplainEntry[] = lead.reasons;
  console.log(lead.score, lead.threshold, lead.tier, at, reasons[0]?.rule);
});
LeadScore('on', 'tier', (t: TierDetail) => console.log(t.tier, t.previous, t.score));
const onError = (e: ErrorDetail) => {
  const code: ErrorCode = e.code;
  console.warn(code, e.message);
};
LeadScore('on', 'error', onError);
LeadScore('off', 'error', onError);
LeadScore('reset');
LeadScore('forget');
LeadScore('destroy');

// Through window, and through the ES module entry.
window.LeadScore('track', 'pricing_calculator_used');
ModuleLeadScore('track', 'x');
DefaultLeadScore('reset');
const loaded: boolean | undefined = LeadScore.loaded;
const queued: number = LeadScore.q?.length ?? 0;
console.log(loaded, queued);

// ---- Every reader.
async function readers(): Promise<void> {
  try {
    const state: LeadScoreState = await LeadScore.ready();
    const at: number | null = state.qualifiedAt;
    const fitPoints: number | undefined = state.groups['fit'];
    console.log(state.score, state.threshold, state.qualified, at, state.tier, fitPoints);
  } catch (e) {
    const error = e as LeadScoreError;
    if (error.code === 'invalid_config') console.error(error.message);
  }
  const now: LeadScoreState = LeadScore.state();
  const explained: ExplainEntry[] = LeadScore.explain();
  for (const { rule, points, hits } of explained) console.log(rule, points, hits, now.score);

  const props: Props = { path: '/pricing', query: '?plan=pro' };
  const events: SimulatedEvent[] = [
    { on: 'page_view', at: 0, props },
    { on: 'dwell', at: 60_000, props: { seconds: 60 } },
    { on: 'demo_requested', at: 120_000 },
    { on: 'identify', at: 130_000, props: null },
  ];
  const result: Simulation = LeadScore.simulate(config, events);
  for (const hit of result.timeline) console.log(hit.at, hit.score, hit.rule);
  if (result.error) {
    const code: 'invalid_config' | 'invalid_call' | 'wasm_unavailable' = result.error.code;
    console.error(code, result.error.message);
  }
  console.log(result.state.qualified);
}
void readers();

// ---- Every window event, with typed detail.
window.addEventListener('leadscore:ready', (e) => {
  const state: LeadScoreState = e.detail;
  console.log(state.score);
});
window.addEventListener('leadscore:score', (e) => {
  const detail: ScoreDetail = e.detail;
  console.log(detail.delta);
});
window.addEventListener('leadscore:qualified', (e) => {
  const lead: Lead = e.detail;
  openChat(lead);
});
window.addEventListener('leadscore:tier', (e) => {
  const tier: string | null = e.detail.tier;
  console.log(tier, e.detail.previous);
});
addEventListener('leadscore:error', (e) => {
  const detail: ErrorDetail = e.detail;
  console.warn(detail.code, detail.message);
});

// ---- Typos the types reject.
const typo: Rule = {
  id: 'a',
  on: 'page_view',
  points: 10,
  // @ts-expect-error: `pointz` is not a rule field
  pointz: 10,
};
console.log(typo);
// @ts-expect-error: `pointz` is not a rule field (and `points` is missing)
LeadScore('init', { rules: [{ id: 'a', on: 'page_view', pointz: 10 }] });
// @ts-expect-error: points must be a number
LeadScore('init', { rules: [{ id: 'a', on: 'page_view', points: '10' }] });
// @ts-expect-error: `rules` is required
LeadScore('init', { threshold: 50 });
// @ts-expect-error: `treshold` is not a config field
LeadScore('init', { treshold: 50, rules });
// @ts-expect-error: `consent` is 'granted' or 'required' in the config
LeadScore('init', { rules, consent: 'denied' });
// @ts-expect-error: `storage` is 'local', 'session' or 'memory'
LeadScore('init', { rules, storage: 'cookie' });
// @ts-expect-error: `decay` needs halfLifeDays
LeadScore('init', { rules, decay: {} });
// @ts-expect-error: `gtee` is not an operator
LeadScore('init', { rules: [{ id: 'a', on: 'identify', points: 1, where: { seats: { gtee: 5 } } }] });
// @ts-expect-error: comparisons take numbers
LeadScore('init', { rules: [{ id: 'a', on: 'identify', points: 1, where: { seats: { gte: '5' } } }] });
// @ts-expect-error: `scroe` is not an event
LeadScore('on', 'scroe', () => {});
// @ts-expect-error: a score handler gets a ScoreDetail, not a Lead
LeadScore('on', 'score', (lead: Lead) => openChat(lead));
// @ts-expect-error: props are flat
LeadScore('track', 'demo', { nested: { a: 1 } });
// @ts-expect-error: consent is 'granted' or 'denied'
LeadScore('consent', 'yes');
// @ts-expect-error: `init` needs a config
LeadScore('init');
// @ts-expect-error: not a command
LeadScore('start');
// @ts-expect-error: reset takes no arguments
LeadScore('reset', true);
window.addEventListener('leadscore:score', (e) => {
  // @ts-expect-error: a score event's detail has no `reasons`
  console.log(e.detail.reasons);
});
// @ts-expect-error: simulated events need `at`
LeadScore.simulate(config, [{ on: 'page_view' }]);

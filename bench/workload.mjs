// What the bench feeds every system: the site's install config (ours) and Snowplow's settings for
// the page-level measurements, and for the per-event and memory runs a generated rule set (N rules
// on custom events with `where` conditions) in our form, json-rules-engine's form and the floor's,
// plus a fixed pseudo-random event list that all three score.

/** Our install config on the bench pages: the README's rules plus the storm's, one per signal. */
export const SITE_CONFIG = {
  rules: [
    { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 },
    { id: 'whitepaper', on: 'download', extension: 'pdf', points: 30 },
    { id: 'reader', on: 'dwell', seconds: 60, points: 15 },
    { id: 'deep', on: 'scroll', percent: 90, points: 10 },
    { id: 'table', on: 'view', selector: '#table', seconds: 20, points: 15 },
    { id: 'cta', on: 'click', selector: '.cta', points: 5, limit: 100 },
    { id: 'webinar', on: 'form_submit', selector: '#webinar', points: 25 },
    { id: 'demo', on: 'demo_request', points: 40 },
  ],
};

/** The widget's default idleSeconds: after this long without input the visitor is idle. */
export const IDLE_SECONDS = 30;

/** Snowplow's settings on the bench pages (read by bench/peers/snowplow.js). */
export const SNOWPLOW_SETTINGS = {
  collector: 'collector.invalid',
  activity: { minimumVisitLength: 10, heartbeatDelay: 10 },
};

/** Custom event names the generated rules listen to; a rule set of N has N / NAMES rules each. */
const NAMES = 10;
/** High enough that no rule stops scoring during a run. */
const LIMIT = 1_000_000;

/**
 * N rules in a neutral form: rule i scores `points` on event `evt_<i % 10>` when the event's
 * `plan` equals `p<floor(i / 10)>` and its `seats` is at least `seats`.
 */
export function ruleSet(n) {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`, name: `evt_${i % NAMES}`, plan: `p${Math.floor(i / NAMES)}`, seats: (i * 7) % 50, points: 1 + (i % 5),
  }));
}

/** The rules as our config. */
export const oursConfig = (rules) => ({
  rules: rules.map((r) => ({
    id: r.id, on: r.name, where: { plan: r.plan, seats: { gte: r.seats } }, points: r.points, limit: LIMIT,
  })),
});

/** The rules as json-rules-engine rules (facts: event, plan, seats). */
export const rulesEngineRules = (rules) => rules.map((r) => ({
  name: r.id,
  conditions: {
    all: [
      { fact: 'event', operator: 'equal', value: r.name },
      { fact: 'plan', operator: 'equal', value: r.plan },
      { fact: 'seats', operator: 'greaterThanInclusive', value: r.seats },
    ],
  },
  event: { type: r.id, params: { points: r.points } },
}));

/** The rules as the floor's Map entries: [`<event>|<plan>`, { seats, points }]. */
export const floorEntries = (rules) => rules.map((r) => [`${r.name}|${r.plan}`, { seats: r.seats, points: r.points }]);

/** A small deterministic PRNG (mulberry32), so every run scores the same events. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` events `{ name, props: { plan, seats } }` for a rule set of n: a random name of the ten,
 * a plan drawn from twice the plans the rules use (so about half match a rule by plan) and seats
 * 0–99 (so most of those pass the `gte`). About a third of the events score.
 */
export function events(n, count, seed = 1) {
  const next = random(seed);
  const plans = 2 * Math.max(1, Math.ceil(n / NAMES));
  return Array.from({ length: count }, () => ({
    name: `evt_${Math.floor(next() * NAMES)}`,
    props: { plan: `p${Math.floor(next() * plans)}`, seats: Math.floor(next() * 100) },
  }));
}

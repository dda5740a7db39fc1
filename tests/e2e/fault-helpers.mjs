// Helpers for the fault-injection specs (faults-*.spec.mjs, issue 7): open a visitor whose page
// carries its own scripts (so we can prove they keep running), seed or fill the origin's storage
// before the widget loads, serve a page with extra response headers, and the checks every fault
// test repeats — the page is alive, no error reached it, the instance still works (or, when the
// widget is unavailable by design, its readers answer the empty state and its commands don't throw).
import assert from 'node:assert/strict';
import { toSource } from './harness.mjs';

/** What `state()` answers before init, or when the widget is unavailable. */
export const EMPTY_STATE = { score: 0, threshold: 100, qualified: false, qualifiedAt: null, tier: null, groups: {} };

/** A rule the seeded entries below have scored, so tests can see whether stored points survive. */
export const seedRule = { id: 'seed', on: 'seed_event', points: 7, limit: 5 };
/** The current stored form with two hits of `seed` (14 points). */
export const SEED_ENTRY = JSON.stringify({
  v: 1, epoch: 0, rules: { seed: [2, 2, Date.UTC(2024, 0, 1), 0] }, qualifiedAt: null,
  visit: [1, Date.UTC(2024, 0, 1)], utm: {},
});
export const SEED_POINTS = 14;

/** A rule on a custom event with a high limit: item 3's "a later track still scores". */
export const probeRule = { id: 'probe', on: 'probe', points: 1, limit: 1000 };

// Page scripts of the test site that are not the widget: one in <head> right after the widget's
// script tag, one at the end of <body>, and a button with an inline handler.
const PAGE_HEAD = `<script>window.__headScriptRan = true;</script>`;
const PAGE_BODY = `<button id="page-button" type="button" onclick="window.__pageClicks = (window.__pageClicks || 0) + 1">Page button</button>
<script>window.__bodyScriptRan = true;</script>`;

/** Runs in every page first: records what page code could see as an uncaught error. */
function recordUncaught() {
  window.__uncaught = [];
  window.addEventListener('error', (e) => {
    window.__uncaught.push(`error: ${e.message}`);
  });
  window.addEventListener('unhandledrejection', (e) => {
    window.__uncaught.push(`unhandledrejection: ${e.reason && (e.reason.stack || e.reason.message) || e.reason}`);
  });
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
}

/**
 * Like `site.open`, with the test site's own page scripts added (see PAGE_HEAD / PAGE_BODY) and
 * uncaught errors recorded in the page. Extra options:
 *   seed      text to store under localStorage 'leadscore' before the first page view
 *   fillStorage  true: fill the origin's localStorage to its quota (after seeding)
 *   headers   extra response headers for the site's pages (e.g. a Content-Security-Policy)
 *   initScripts  more functions to run in each page before any page script
 * `path` (if given) is opened last, with `ready: false` so failing faults can be inspected.
 */
export async function openFault(site, t, options = {}) {
  const { seed, fillStorage, headers, initScripts = [], path, head = '', body = '', ...rest } = options;
  const v = await site.open(t, { ...rest, head: PAGE_HEAD + head, body: PAGE_BODY + body });
  await v.context.addInitScript(recordUncaught);
  for (const script of initScripts) await v.context.addInitScript(script);
  if (seed !== undefined || fillStorage) await prepareStorage(v, { seed, fill: fillStorage });
  if (headers) await routeWithHeaders(v, { ...rest, head: PAGE_HEAD + head, body: PAGE_BODY + body }, headers);
  if (path) await v.goto(path, { ready: false });
  return v;
}

/**
 * Writes the origin's storage from a page of the origin that does not load the widget (a fixture
 * file), before the widget's first page view.
 */
async function prepareStorage(v, { seed, fill }) {
  await v.page.goto('/files/logo.svg');
  const filled = await v.page.evaluate(([text, doFill]) => {
    localStorage.clear();
    if (text !== undefined && text !== null) localStorage.setItem('leadscore', text);
    if (!doFill) return 0;
    // Fill to the byte: big chunks first, halving on each QuotaExceededError.
    let chunk = 1 << 22;
    let n = 0;
    let total = 0;
    while (chunk >= 1) {
      try {
        localStorage.setItem(`filler-${n}`, 'x'.repeat(chunk));
        n += 1;
        total += chunk;
      } catch (e) {
        if (e.name !== 'QuotaExceededError') throw e;
        chunk >>= 1;
      }
    }
    return total;
  }, [seed, Boolean(fill)]);
  if (fill) assert.ok(filled > 0, 'could not fill localStorage');
}

/**
 * Serves the site's pages with extra response headers: the harness's route fulfils them without
 * headers, so a page-level route (which takes precedence) builds the same page and adds them.
 */
async function routeWithHeaders(v, { config = null, setup, head = '', body = '' }, headers) {
  const install = [
    `window.LeadScore = window.LeadScore || function () { (LeadScore.q = LeadScore.q || []).push(arguments); };`,
    config === null ? '' : `LeadScore('init', ${toSource(config)});`,
    setup === undefined ? '' : typeof setup === 'function' ? `(${setup})();` : setup,
  ].join('\n');
  await v.page.route((url) => !url.pathname.startsWith('/leadscore/') && !/\.[A-Za-z0-9]+$/.test(url.pathname), async (route) => {
    const url = new URL(route.request().url());
    const template = await (await route.fetch({ url: new URL('/page.html', url).href })).text();
    const title = url.pathname;
    const html = template.replace(/\{\{(\w+)\}\}/g, (_, key) => ({ title, install, head, body })[key]);
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers, body: html });
  });
}

/**
 * `LeadScore.ready()` settled, like `Visitor.ready()` but bounded: if the promise never settles
 * (init never ran because the page's own snippet broke) the test fails after the harness's wait
 * instead of hanging the whole run.
 */
export async function settled(v) {
  const token = await v.page.evaluate(() => {
    const slot = (window.__settled = window.__settled || []);
    const i = slot.length;
    slot.push(undefined);
    LeadScore.ready().then(
      (state) => { slot[i] = { ok: true, state }; },
      (e) => { slot[i] = { ok: false, error: { isError: e instanceof Error, code: e?.code, message: e?.message } }; },
    );
    return i;
  });
  await v.until((i) => window.__settled[i] !== undefined, token, async () => 'ready() never settled');
  return v.page.evaluate((i) => window.__settled[i], token);
}

/** Navigates (the widget's loader present) and returns `settled(v)`. */
export async function visit(v, path) {
  await v.goto(path, { ready: false });
  return settled(v);
}

/** The `code`s of the `leadscore:error` events on the current page, in order. */
export async function errorCodes(v) {
  return (await v.events('error')).map((e) => e.code);
}

/** The stored entry under `key` (parsed when it is JSON), or null. */
export function stored(v, key = 'leadscore') {
  return v.page.evaluate((k) => {
    const text = localStorage.getItem(k);
    try { return text === null ? null : JSON.parse(text); } catch { return { unparsable: text }; }
  }, key);
}

/**
 * The page's own scripts ran and still run: the scripts before and after the widget set their
 * flags, the button's inline handler works, a script added now runs, and nothing uncaught reached
 * the page (Playwright `pageerror`, window `error`, `unhandledrejection`).
 */
export async function assertPageAlive(v) {
  const alive = await v.page.evaluate(() => {
    const clicksBefore = window.__pageClicks || 0;
    document.getElementById('page-button').click();
    const script = document.createElement('script');
    script.textContent = 'window.__lateScriptRan = true;';
    document.body.appendChild(script);
    return {
      head: window.__headScriptRan === true,
      body: window.__bodyScriptRan === true,
      click: (window.__pageClicks || 0) === clicksBefore + 1,
      late: window.__lateScriptRan === true,
      uncaught: window.__uncaught,
    };
  });
  assert.deepEqual(alive, { head: true, body: true, click: true, late: true, uncaught: [] }, 'the page\'s own scripts');
  assert.deepEqual(v.pageErrors, [], 'an uncaught error reached the page');
}

/**
 * Item 3: after the error the instance still works: a `track` of `probe` (see probeRule) adds a
 * point, `state()` and `explain()` answer.
 */
export async function assertStillScores(v) {
  const before = await v.score();
  assert.equal(typeof before, 'number', 'state() answers');
  const probe = await v.page.evaluate(() => LeadScore.explain().find((e) => e.rule === 'probe'));
  await v.call('track', 'probe');
  await v.expectScore(before + 1);
  const after = await v.page.evaluate(() => LeadScore.explain().find((e) => e.rule === 'probe'));
  assert.equal(after.hits, (probe ? probe.hits : 0) + 1, 'explain() counts the probe');
}

/**
 * The widget is unavailable by design (no wasm): readers answer the empty state, every command
 * returns without throwing and changes nothing, simulate() reports the reason.
 */
export async function assertUnavailableButHarmless(v) {
  const seen = await v.page.evaluate(() => {
    const thrown = [];
    const attempt = (what, fn) => { try { return fn(); } catch (e) { thrown.push(`${what}: ${e && e.message}`); } return undefined; };
    const fn = () => {};
    const results = [
      ['init', { rules: [{ id: 'late', on: 'late', points: 5 }] }], ['track', 'late'], ['track', 'probe', { a: 1 }],
      ['identify', { size: 500 }], ['consent', 'granted'], ['on', 'score', fn], ['off', 'score', fn],
      ['reset'], ['unknown_command'], ['consent', 'denied'], ['forget'], ['destroy'],
    ].map((args) => attempt(args[0], () => LeadScore(...args)));
    return {
      thrown,
      returned: results.filter((r) => r !== undefined),
      state: attempt('state', () => LeadScore.state()),
      explain: attempt('explain', () => LeadScore.explain()),
      simulate: attempt('simulate', () => LeadScore.simulate({ rules: [{ id: 'a', on: 'a', points: 1 }] }, [{ on: 'a', at: 0 }])),
    };
  });
  assert.deepEqual(seen.thrown, [], 'a command or reader threw');
  assert.deepEqual(seen.returned, [], 'commands return undefined');
  assert.deepEqual(seen.state, EMPTY_STATE);
  assert.deepEqual(seen.explain, []);
  assert.deepEqual(seen.simulate.timeline, []);
  assert.equal(seen.simulate.error?.code, 'wasm_unavailable', `simulate(): ${JSON.stringify(seen.simulate)}`);
  const ready = await settled(v);
  assert.equal(ready.ok, false, 'ready() resolved after init on an unavailable widget');
  assert.equal(ready.error.code, 'wasm_unavailable');
}

/** The rule set most fault specs run: a pricing page rule, the seeded rule and the probe. */
export const FAULT_RULES = [
  { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 },
  seedRule,
  probeRule,
];

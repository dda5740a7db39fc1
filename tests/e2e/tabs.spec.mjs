// Many tabs of one visitor (real tabs of one browser context, sharing real localStorage): they
// share one score, nothing one tab adds is overwritten by another, each sees the others' points
// without a reload, `qualified` fires once across all of them, a reset clears every tab, and
// engaged time counts only in the focused tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';
import {
  storedEntry, storedHits, assertNoPageErrors, settle, openTabs, expectScoreEverywhere, qualifiedCounts,
} from './storage-helpers.mjs';

const site = useSite();
const rules = [
  { id: 'view', on: 'page_view', points: 1, limit: 1000 },
  { id: 'pricing', on: 'page_view', url: '/pricing*', points: 10, limit: 1000 },
  { id: 'signup', on: 'signup', points: 100, limit: 1000 },
];
const config = { threshold: 1e6, rules };

/** Waits until `tab` has seen a `leadscore:score` with `rule: null` (another tab moved it) to `score`. */
function expectMovedByAnotherTab(tab, score) {
  return tab.until(
    (n) => window.__events.some((e) => e.type === 'leadscore:score' && e.detail.rule === null && e.detail.score === n),
    score,
    async () => `score events: ${JSON.stringify(await tab.events('score'))}, score ${await tab.score()}`,
  );
}

/**
 * Runs `steps` one after the other, each in its tab: `[tab, 'goto', path]`, `[tab, 'push', path]`,
 * `[tab, 'reload']`, `[tab, 'track', name]`. After each step every tab must show the new total
 * without a reload (the tabs that did not load a page through a `rule: null` score event), and
 * at the end the stored entry must hold every hit.
 */
async function interleave(tabs, steps) {
  const paths = await Promise.all(tabs.map((tab) => tab.page.evaluate(() => location.pathname)));
  const hits = { view: tabs.length, pricing: paths.filter((p) => p.startsWith('/pricing')).length, signup: 0 };
  const total = () => hits.view + 10 * hits.pricing + 100 * hits.signup;
  await expectScoreEverywhere(tabs, total());
  for (const [i, action, arg] of steps) {
    const tab = tabs[i];
    if (action === 'track') {
      await tab.call('track', arg);
      hits.signup += 1;
    } else {
      if (action === 'goto') await tab.goto(arg);
      else if (action === 'push') await tab.pushState(arg);
      else if (action === 'reload') await tab.reload();
      paths[i] = arg ?? paths[i];
      hits.view += 1;
      hits.pricing += paths[i].startsWith('/pricing') ? 1 : 0;
    }
    await tab.expectScore(total());
    for (const other of tabs.filter((o) => o !== tab)) await expectMovedByAnotherTab(other, total());
  }
  await expectScoreEverywhere(tabs, total());
  assert.deepEqual(storedHits(await storedEntry(tabs[0])), Object.fromEntries(Object.entries(hits).filter(([, n]) => n > 0)));
  return total();
}

test('two tabs interleaving page views and track calls: each sees the other at once, both end with the sum', async (t) => {
  const first = await site.open(t, { config, path: '/pricing' });
  const tabs = await openTabs(first, 2, '/resources');
  const total = await interleave(tabs, [
    [0, 'track', 'signup'],
    [1, 'push', '/pricing/team'],
    [0, 'goto', '/blog/post'],
    [1, 'track', 'signup'],
    [0, 'reload'],
    [1, 'goto', '/pricing'],
    [0, 'track', 'signup'],
    [1, 'track', 'signup'],
  ]);
  assert.equal(total, 11 + 1 + 100 + 11 + 1 + 100 + 1 + 11 + 100 + 100);
  // A page loaded afterwards starts from the same sum.
  const later = await first.newTab('/resources');
  await later.expectScore(total + 1);
  assertNoPageErrors(first);
});

test('four tabs interleaving page views and track calls: every tab ends with the sum, nothing overwritten', async (t) => {
  const first = await site.open(t, { config, path: '/' });
  const tabs = await openTabs(first, 4, '/resources');
  const steps = [];
  for (let round = 0; round < 3; round++) {
    steps.push([(round + 1) % 4, 'track', 'signup'], [(round + 2) % 4, 'push', `/pricing/${round}`],
      [(round + 3) % 4, 'goto', '/blog/post'], [round % 4, 'track', 'signup'], [(round + 2) % 4, 'reload']);
  }
  const total = await interleave(tabs, steps);
  assert.equal(total, 4 + 3 * (100 + 11 + 1 + 100 + 11));
  assertNoPageErrors(first);
});

for (const { count, crosser } of [{ count: 2, crosser: 1 }, { count: 4, crosser: 2 }]) {
  test(`qualified fires exactly once across ${count} tabs, when tab ${crosser + 1} crosses the threshold`, async (t) => {
    const qualifying = {
      threshold: 100,
      rules: [{ id: 'view', on: 'page_view', points: 1, limit: 100 }, { id: 'signup', on: 'signup', points: 30, limit: 10 }],
      onQualified: function (lead) { (window.__leads = window.__leads || []).push(lead); },
    };
    const first = await site.open(t, { config: qualifying, path: '/resources' });
    const tabs = await openTabs(first, count, '/resources');
    // Signups in the other tabs first, one after another, so that tab `crosser` makes the crossing one.
    const order = [...tabs.keys()].filter((i) => i !== crosser);
    let score = count;
    while (score + 30 < 100) {
      const i = order[(score / 30 | 0) % order.length];
      await tabs[i].call('track', 'signup');
      score += 30;
      await expectScoreEverywhere(tabs, score);
    }
    await tabs[crosser].call('track', 'signup');
    score += 30;
    await expectScoreEverywhere(tabs, score);
    const [lead] = await tabs[crosser].expectEvents('qualified');
    assert.equal(lead.score, score);
    // More points in every tab afterwards, and an SPA page view: no second qualification.
    for (const tab of tabs) {
      await tab.call('track', 'signup');
      score += 30;
      await expectScoreEverywhere(tabs, score);
    }
    await tabs[0].pushState('/pricing');
    await expectScoreEverywhere(tabs, score += 1);
    for (const tab of tabs) await tab.until(() => LeadScore.state().qualified === true);

    const counts = await qualifiedCounts(tabs);
    const expected = tabs.map((_, i) => (i === crosser ? { events: 1, handlers: 1 } : { events: 0, handlers: 0 }));
    assert.deepEqual(counts, expected, 'qualified events / onQualified calls per tab');
    const at = await Promise.all(tabs.map((tab) => tab.page.evaluate(() => LeadScore.state().qualifiedAt)));
    assert.deepEqual(at, tabs.map(() => lead.qualifiedAt), 'every tab has the same qualifiedAt');
    // A tab opened later knows, and does not fire either.
    const later = await first.newTab('/resources');
    assert.equal((await later.state()).qualified, true);
    assert.deepEqual(await qualifiedCounts([later]), [{ events: 0, handlers: 0 }]);
    assertNoPageErrors(first);
  });
}

test('a tab that missed the other tab\'s writes (back/forward cache) catches up when it is shown again', async (t) => {
  const first = await site.open(t, { config, path: '/resources' });
  // A page in the back/forward cache gets no storage events: a listener added before the
  // widget's holds them back while `__holdStorage` is set.
  // It counts what it held back: the write has reached this tab's storage once the event did
  // (another tab's write arrives a while later, longer on a loaded machine).
  await first.context.addInitScript(() => {
    window.__holdStorage = false;
    window.__heldBack = 0;
    addEventListener('storage', (e) => {
      if (!window.__holdStorage) return;
      window.__heldBack++;
      e.stopImmediatePropagation();
    });
  });
  const [, cached] = await openTabs(first, 2, '/resources');
  await cached.expectScore(2);
  await cached.page.evaluate(() => { window.__holdStorage = true; });
  await first.call('track', 'signup');
  await first.expectScore(102);
  await cached.page.waitForFunction(() => window.__heldBack > 0);
  await settle(cached);
  assert.equal(await cached.score(), 2, 'the held-back storage event still reached the widget');
  // Restored (emulated: Playwright's Chromium has the cache disabled): the page view counts on
  // top of what the other tab stored meanwhile, and that tab learns of it.
  await cached.page.evaluate(() => {
    window.__holdStorage = false;
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  });
  await expectScoreEverywhere([first, cached], 103);
  const views = (await cached.events('score')).filter((e) => e.rule === 'view');
  assert.deepEqual(views.at(-1), { score: 103, delta: 1, rule: 'view' }, 'the page view was scored before catching up');
  assert.deepEqual(storedHits(await storedEntry(first)), { view: 3, signup: 1 });
  assertNoPageErrors(first);
});

test('reset in one tab clears every tab; later points in any tab start from zero', async (t) => {
  const first = await site.open(t, { config, path: '/pricing' });
  const tabs = await openTabs(first, 3, '/resources');
  await tabs[0].call('track', 'signup');
  await tabs[2].call('track', 'signup');
  await expectScoreEverywhere(tabs, 213);

  await tabs[1].call('reset');
  await tabs[1].expectScore(0);
  for (const other of [tabs[0], tabs[2]]) await expectMovedByAnotherTab(other, 0);
  await expectScoreEverywhere(tabs, 0);
  const cleared = await storedEntry(first);
  assert.deepEqual(storedHits(cleared), {});
  assert.ok(cleared.epoch > 0, `a reset's history is newer: epoch ${cleared.epoch}`);
  assert.equal(cleared.qualifiedAt, null);

  // A tab that had the old history does not bring it back when it scores next.
  await tabs[2].call('track', 'signup');
  await expectScoreEverywhere(tabs, 100);
  await tabs[0].reload(); // view of /pricing: 11
  await expectScoreEverywhere(tabs, 111);
  assert.deepEqual(storedHits(await storedEntry(first)), { signup: 1, view: 1, pricing: 1 });
  assertNoPageErrors(first);
});

for (const [mode, away] of [
  ['a background tab (hidden, no focus)', async (tab) => { await tab.setFocus(false); await tab.setVisibility('hidden'); }],
  ['a visible window without focus', (tab) => tab.setFocus(false)],
]) {
  test(`engaged time counts only in the focused tab, not in ${mode}, even with input there`, async (t) => {
    const reading = { threshold: 1e6, rules: [{ id: 'reader', on: 'dwell', seconds: 60, points: 15, limit: 5 }] };
    const first = await site.open(t, { config: reading, clock: true, path: '/blog/post' });
    const [a, b] = await openTabs(first, 2, '/blog/post');
    const back = async (tab) => { await tab.setVisibility('visible'); await tab.setFocus(true); };
    /** `seconds` of fake time (one clock for the whole context) with input in both tabs every 5 s. */
    const engageBoth = async (seconds) => {
      for (let s = 0; s < seconds; s += 5) {
        await a.page.mouse.move(100 + s, 120);
        await b.page.mouse.move(100 + s, 140);
        await first.page.clock.runFor(5000);
      }
    };
    await back(a);
    await away(b);
    await engageBoth(65);
    await expectScoreEverywhere([a, b], 15); // a's 60 s; b's own reading did not count
    assert.deepEqual(await b.contributions(), [{ rule: 'reader', points: 15, hits: 1 }]);
    await engageBoth(120);
    await settle(b);
    assert.equal(await b.score(), 15, 'the tab without focus scored its own dwell');

    // The visitor switches tabs: now only b counts (a's page view has already had its dwell).
    await away(a);
    await back(b);
    await engageBoth(65);
    await expectScoreEverywhere([a, b], 30);
    assert.deepEqual(storedHits(await storedEntry(a)), { reader: 2 });
    assertNoPageErrors(first);
  });
}

// The next tests make tabs act at the same moment, as a restored session or a burst of tracked
// events does. Whether the tabs' writes cross in flight is up to the browser's scheduling, so each
// scenario runs several times, each time for a new visitor: one lost write fails the test.
const ATTEMPTS = 5;

test('four tabs each loading its own page at the same moment, again and again: every tab and the entry end with the sum', async (t) => {
  // Each tab's page views hit only its own rule, so no two tabs ever count on the same tally.
  const own = [0, 1, 2, 3].map((i) => ({ id: `page-${i}`, on: 'page_view', url: `/page-${i}`, points: 1, limit: 1000 }));
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const first = await site.open(t, { config: { threshold: 1e6, rules: own } });
    const tabs = await openTabs(first, 4);
    await Promise.all(tabs.map((tab, i) => tab.goto(`/page-${i}`)));
    for (let round = 0; round < 3; round++) await Promise.all(tabs.map((tab) => tab.reload()));
    await expectScoreEverywhere(tabs, 16);
    assert.deepEqual(storedHits(await storedEntry(first)), { 'page-0': 4, 'page-1': 4, 'page-2': 4, 'page-3': 4 });
    assertNoPageErrors(first);
  }
});

// Known limit (README, "Many tabs"): tabs merge per rule by the larger tally, so hits of the SAME
// rule made in several tabs within the same few milliseconds count once, and tabs crossing the
// threshold in the same instant each fire qualified. Kept as todo until per-tab counters land.
const SAME_INSTANT = { todo: 'same-rule hits and qualification in the same instant across tabs (known limit)' };

test('four tabs loading /pricing at the same moment (a restored session) count four page views', SAME_INSTANT, async (t) => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const first = await site.open(t, { config: { threshold: 1e6, rules: [rules[1]] } });
    const tabs = await openTabs(first, 4);
    await Promise.all(tabs.map((tab) => tab.goto('/pricing')));
    await expectScoreEverywhere(tabs, 40);
    assert.deepEqual(storedHits(await storedEntry(first)), { pricing: 4 });
    assertNoPageErrors(first);
  }
});

test('four tabs crossing the threshold at the same moment: qualified fires once, and all tabs agree', SAME_INSTANT, async (t) => {
  const qualifying = {
    threshold: 100,
    rules: [0, 1, 2, 3].map((i) => ({ id: `tab-${i}`, on: `tab_${i}`, points: 30, limit: 10 })),
    onQualified: function (lead) { (window.__leads = window.__leads || []).push(lead); },
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const first = await site.open(t, { config: qualifying, path: '/resources' });
    const tabs = await openTabs(first, 4, '/resources');
    for (let i = 0; i < 3; i++) {
      await tabs[i].call('track', `tab_${i}`);
      await expectScoreEverywhere(tabs, 30 * (i + 1));
    }
    await Promise.all(tabs.map((tab, i) => tab.call('track', `tab_${i}`)));
    for (const tab of tabs) await tab.until(() => LeadScore.state().qualified === true);
    const counts = await qualifiedCounts(tabs);
    assert.equal(counts.reduce((n, c) => n + c.events, 0), 1, `qualified events per tab: ${JSON.stringify(counts)}`);
    assert.equal(counts.reduce((n, c) => n + c.handlers, 0), 1, `onQualified calls per tab: ${JSON.stringify(counts)}`);
    await expectScoreEverywhere(tabs, 90 + 4 * 30);
    assertNoPageErrors(first);
  }
});

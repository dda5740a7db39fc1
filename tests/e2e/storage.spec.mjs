// Stored state in real browser storage: it survives reloads, lives where `storage` says, is kept
// apart by `storageKey`, starts afresh from a corrupt entry, degrades when storage is full or
// blocked, is written before a download link leaves the page, never needs an unload listener, and
// stays small. (tabs.spec.mjs: many tabs; consent.spec.mjs: consent, GPC and forget.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, T0 } from './harness.mjs';
import {
  KEY, storageEntries, rawEntry, storedEntry, assertStoredForm, storedHits, errorCodes,
  assertNoPageErrors, settle, blockStorage, fillStorage, recordListenerTypes, seedEntry, initByPath,
  STORAGE_RULES as rules,
} from './storage-helpers.mjs';

const site = useSite();

test('the score survives a reload and a new tab: one versioned entry holds each rule\'s hits', async (t) => {
  const v = await site.open(t, { config: { rules }, path: '/pricing' });
  await v.expectScore(20);
  await v.call('track', 'demo_request');
  await v.expectScore(60);
  const entry = await storedEntry(v);
  assertStoredForm(entry);
  assert.deepEqual(storedHits(entry), { pricing: 1, demo: 1 });
  assert.deepEqual(Object.keys((await storageEntries(v)).local), [KEY], 'one entry, under storageKey');

  await v.reload();
  await v.expectScore(80); // 60 read back + this page view of /pricing
  const byRule = (a, b) => a.rule.localeCompare(b.rule);
  assert.deepEqual((await v.contributions()).sort(byRule), [
    { rule: 'demo', points: 40, hits: 1 },
    { rule: 'pricing', points: 40, hits: 2 },
  ]);
  const tab = await v.newTab('/resources');
  await tab.expectScore(80);
  assert.deepEqual(storedHits(await storedEntry(tab)), { pricing: 2, demo: 1 });
  assertNoPageErrors(v);
});

test('storage: \'session\' keeps the entry in sessionStorage only; a reload in the same tab keeps the score', async (t) => {
  const v = await site.open(t, { config: { storage: 'session', rules }, path: '/pricing' });
  await v.call('track', 'demo_request');
  await v.expectScore(60);
  let { local, session } = await storageEntries(v);
  assert.deepEqual(local, {}, 'something was written to localStorage');
  assert.deepEqual(Object.keys(session), [KEY]);
  assert.deepEqual(storedHits(JSON.parse(session[KEY])), { pricing: 1, demo: 1 });

  await v.reload();
  await v.expectScore(80);
  ({ local } = await storageEntries(v));
  assert.deepEqual(local, {}, 'something was written to localStorage after the reload');

  // A session ends with its tab: another tab has its own sessionStorage and starts afresh.
  const other = await v.newTab('/pricing');
  await other.expectScore(20);
  assert.deepEqual(await errorCodes(v), []);
  assertNoPageErrors(v);
});

test('storage: \'memory\' writes nothing anywhere, not even when the page is hidden, and starts afresh on reload', async (t) => {
  const v = await site.open(t, { config: { storage: 'memory', rules }, path: '/pricing' });
  await v.call('track', 'demo_request');
  await v.call('track', 'webinar');
  await v.expectScore(65);
  await v.setVisibility('hidden'); // where a flush would happen
  await v.setVisibility('visible');
  assert.deepEqual(await storageEntries(v), { local: {}, session: {} });

  await v.reload();
  await v.expectScore(20); // only this page view
  assert.deepEqual(await v.contributions(), [{ rule: 'pricing', points: 20, hits: 1 }]);
  assert.deepEqual(await storageEntries(v), { local: {}, session: {} });
  assert.deepEqual((await v.context.storageState()).origins, [], 'the context holds stored data');
  assert.deepEqual(await errorCodes(v), [], 'memory storage is a choice, not an error');
  assertNoPageErrors(v);
});

test('storageKey keeps two widgets on one origin apart, even with the same rule ids', async (t) => {
  // Pages under /two/ run a second widget with storageKey 'two' and its own rules.
  const one = { rules: [{ id: 'view', on: 'page_view', points: 10, limit: 10 }, { id: 'demo', on: 'demo_request', points: 40 }] };
  const two = { storageKey: 'two', rules: [{ id: 'view', on: 'page_view', points: 1, limit: 10 }] };
  const v = await site.open(t, { setup: initByPath([['/two/', two]], one), path: '/pricing' });
  await v.expectScore(10);
  await v.goto('/resources');
  await v.call('track', 'demo_request');
  await v.expectScore(60);

  await v.goto('/two/pricing');
  await v.expectScore(1); // not 61, and not 3 views
  assert.deepEqual(await v.contributions(), [{ rule: 'view', points: 1, hits: 1 }]);
  const tab = await v.newTab('/two/resources');
  await tab.expectScore(2);

  await v.goto('/blog/post');
  await v.expectScore(70);
  const { local } = await storageEntries(v);
  assert.deepEqual(Object.keys(local).sort(), ['leadscore', 'two']);
  assert.deepEqual(storedHits(JSON.parse(local.leadscore)), { view: 3, demo: 1 });
  assert.deepEqual(storedHits(JSON.parse(local.two)), { view: 2 });
  // The other widget's writes (a storage event for key 'two') do not move this one's score.
  await tab.goto('/two/blog');
  await tab.expectScore(3);
  await settle(v);
  assert.equal(await v.score(), 70);
  assert.deepEqual((await v.events('score')).filter((e) => e.rule === null), []);
  assertNoPageErrors(v);
});

const corruptEntries = [
  ['text that is not JSON', '{not json'],
  ['JSON of the wrong shape', JSON.stringify({ score: 999, rules: ['pricing', 'demo'] })],
  ['a versioned entry with a malformed tally', JSON.stringify({ v: 1, epoch: 0, rules: { pricing: [2, 40, 0, 0], demo: 'lots' } })],
];
for (const [what, text] of corruptEntries) {
  test(`an unreadable entry (${what}) starts afresh: one storage_corrupt, no page error, and the next hit writes a valid entry`, async (t) => {
    const v = await site.open(t, { config: { rules } });
    await v.context.addInitScript(seedEntry(text));
    assert.equal((await v.goto('/pricing')).ok, true, 'ready() rejected');
    await v.expectScore(20); // a fresh state + this page view; nothing from the entry
    assert.deepEqual(await v.contributions(), [{ rule: 'pricing', points: 20, hits: 1 }]);
    // The page view was a hit: the entry has been rewritten already.
    let entry = await storedEntry(v);
    assertStoredForm(entry);
    assert.deepEqual(storedHits(entry), { pricing: 1 });

    await v.call('track', 'demo_request');
    for (let i = 0; i < 3; i++) await v.call('track', 'webinar');
    await v.expectScore(75);
    entry = await storedEntry(v);
    assertStoredForm(entry);
    assert.deepEqual(storedHits(entry), { pricing: 1, demo: 1, webinar: 3 });
    await settle(v);
    assert.deepEqual(await errorCodes(v), ['storage_corrupt'], 'reported once');
    assert.equal((await v.consoleWith('leadscore:')).filter((m) => m.type === 'warning').length, 1);

    await v.reload(); // the rewritten entry reads back, with no second report
    await v.expectScore(95);
    await settle(v);
    assert.deepEqual(await errorCodes(v), []);
    assertNoPageErrors(v);
  });
}

test('an entry in the first stored shape (no epoch, three-number tallies) is read and rewritten in the current shape', async (t) => {
  const v = await site.open(t, { config: { threshold: 1000, rules } });
  const at = Date.UTC(2030, 0, 1);
  await v.context.addInitScript(seedEntry(JSON.stringify({ v: 1, rules: { pricing: [2, 2, at], demo: [1, 1, at] }, qualifiedAt: null })));
  await v.goto('/pricing');
  await v.expectScore(100); // 2 stored views of /pricing + this one, and the demo request
  const byRule = (a, b) => a.rule.localeCompare(b.rule);
  assert.deepEqual((await v.contributions()).sort(byRule), [
    { rule: 'demo', points: 40, hits: 1 },
    { rule: 'pricing', points: 60, hits: 3 },
  ]);
  const entry = await storedEntry(v);
  assertStoredForm(entry);
  assert.deepEqual(storedHits(entry), { pricing: 3, demo: 1 });
  assert.ok(Array.isArray(entry.visit), `no visit in ${JSON.stringify(entry)}`);
  await settle(v);
  assert.deepEqual(await errorCodes(v), []);
  assertNoPageErrors(v);
});

test('a full storage (QuotaExceededError on every write): storage_full once over many hits, the score stays right', async (t) => {
  const v = await site.open(t, { config: { rules }, initScript: fillStorage, path: '/pricing' });
  await v.expectScore(20);
  await v.call('track', 'demo_request');
  for (let i = 0; i < 5; i++) await v.call('track', 'webinar');
  await v.pushState('/pricing/team');
  await v.setVisibility('hidden');
  await v.setVisibility('visible');
  await v.expectScore(105);
  assert.deepEqual(await v.contributions(), [
    { rule: 'pricing', points: 40, hits: 2 },
    { rule: 'demo', points: 40, hits: 1 },
    { rule: 'webinar', points: 25, hits: 5 },
  ]);
  await settle(v);
  assert.deepEqual(await errorCodes(v), ['storage_full'], 'reported once');
  assert.ok(await v.page.evaluate(() => window.__setItemAttempts) >= 1, 'the widget never tried to write');
  assert.equal(await rawEntry(v), null);
  assertNoPageErrors(v);
});

for (const storage of ['local', 'session']) {
  test(`blocked storage (SecurityError) with storage: '${storage}': storage_unavailable once, scoring in memory`, async (t) => {
    const v = await site.open(t, { config: { storage, rules }, initScript: blockStorage });
    assert.equal((await v.goto('/pricing')).ok, true, 'ready() rejected');
    await v.call('track', 'demo_request');
    for (let i = 0; i < 4; i++) await v.call('track', 'webinar');
    await v.pushState('/pricing/team');
    await v.setVisibility('hidden');
    await v.setVisibility('visible');
    await v.expectScore(100);
    await settle(v);
    assert.deepEqual(await errorCodes(v), ['storage_unavailable'], 'reported once');
    assertNoPageErrors(v);
  });
}

test('a download link that leaves the page in the same tab still counts on the next page', async (t) => {
  const v = await site.open(t, {
    config: { rules: [{ id: 'whitepaper', on: 'download', extension: 'pdf', points: 30 }, ...rules] },
    body: '<p><a id="leave-pdf" href="/files/report.pdf">Annual report (PDF, opens in this tab)</a></p>',
  });
  // The document opens in the tab itself (a viewer page without the widget): the page is left.
  await v.context.route('**/files/report.pdf', (route) => route.fulfill({
    status: 200, contentType: 'text/html', body: '<!doctype html><title>Annual report</title><p>Report',
  }));
  await v.goto('/resources');
  assert.equal(await v.score(), 0);
  await Promise.all([v.page.waitForURL('**/files/report.pdf'), v.page.click('#leave-pdf')]);
  assert.equal(await v.page.title(), 'Annual report');
  await v.goto('/blog/post'); // the next page of the site
  await v.expectScore(30);
  assert.deepEqual(await v.contributions(), [{ rule: 'whitepaper', points: 30, hits: 1 }]);
  assert.deepEqual(storedHits(await storedEntry(v)), { whitepaper: 1 });
  assertNoPageErrors(v);
});

test('a task\'s hits are written once, at its end; pointer moves and scrolls write nothing; hiding the page writes the last activity', async (t) => {
  const v = await site.open(t, {
    config: { rules },
    clock: true,
    initScript: () => {
      window.__writes = [];
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        window.__writes.push(key);
        return set.call(this, key, value);
      };
    },
    path: '/resources',
  });
  const writes = () => v.page.evaluate(() => window.__writes.length);
  const before = await writes();
  const seenAtLoad = (await storedEntry(v)).visit[1];
  assert.ok(seenAtLoad >= T0 && seenAtLoad < T0 + 5000, `visit last seen ${seenAtLoad}`);

  // A task's hits are written once, at its end: not while its code still runs, but before any
  // other task (another tab's storage event, a navigation) can see storage.
  const burst = await v.page.evaluate(async (k) => {
    LeadScore('track', 'demo_request');
    for (let i = 0; i < 5; i++) LeadScore('track', 'webinar');
    const during = localStorage.getItem(k);
    await null;
    return [during, localStorage.getItem(k)];
  }, KEY);
  assert.deepEqual(storedHits(JSON.parse(burst[0])), {}, 'nothing written while the task runs');
  assert.deepEqual(storedHits(JSON.parse(burst[1])), { demo: 1, webinar: 5 }, 'every hit, at the end of the task');
  assert.equal(await writes(), before + 1);
  const entryNextTask = await v.page.evaluate(async (k) => {
    LeadScore('track', 'webinar');
    await new Promise((resolve) => setTimeout(resolve));
    return localStorage.getItem(k);
  }, KEY);
  assert.deepEqual(storedHits(JSON.parse(entryNextTask)), { demo: 1, webinar: 6 }, 'a hit is stored by the next task');
  assert.equal(await writes(), before + 2);

  await v.engage(60); // a pointer move every 5 s, the last one at T0 + 55 s
  for (const y of [300, 900, 1500, 0]) await v.scrollTo(y);
  assert.equal(await writes(), before + 2, 'pointer moves or scrolls wrote to storage');

  await v.setVisibility('hidden');
  assert.equal(await writes(), before + 3, 'hiding the page did not write once');
  const lastSeen = (await storedEntry(v)).visit[1];
  assert.ok(lastSeen >= T0 + 55_000, `the visit's last activity was not written: ${lastSeen - T0} ms after T0`);
  assertNoPageErrors(v);
});

test('leaving the page (pagehide) writes the visit\'s last activity, read back without loading the widget', async (t) => {
  const v = await site.open(t, { config: { rules }, clock: true, path: '/resources' });
  await v.engage(120, { every: 10 }); // last input at T0 + 110 s
  const atLoad = (await storedEntry(v)).visit[1];
  assert.ok(atLoad < T0 + 10_000, `written before leaving: ${atLoad - T0} ms`);
  await v.page.goto('/files/logo.svg'); // a document without the widget
  const { origins } = await v.context.storageState();
  const entry = JSON.parse(origins[0].localStorage.find((e) => e.name === KEY).value);
  assert.ok(entry.visit[1] >= T0 + 110_000, `last activity ${entry.visit[1] - T0} ms after T0`);
  assertNoPageErrors(v);
});

test('no unload or beforeunload listener is ever added (they break the back/forward cache)', async (t) => {
  const v = await site.open(t, { config: { rules }, initScript: recordListenerTypes, path: '/pricing' });
  await v.call('track', 'demo_request');
  await v.pushState('/pricing/team');
  await v.setVisibility('hidden');
  await v.setVisibility('visible');
  await v.page.click('#demo-button');
  await v.goto('/resources');
  await v.reload();
  await v.expectScore(80); // two views of /pricing* (the load and the pushState) + demo
  const types = await v.page.evaluate(() => window.__listenerTypes);
  // The wrapper sees the widget's own listeners (so the check below means something) ...
  for (const type of ['pagehide', 'visibilitychange', 'storage', 'click']) {
    assert.ok(types.includes(type), `no ${type} listener recorded: ${types}`);
  }
  // ... and none of them is an unload listener.
  assert.deepEqual(types.filter((type) => /unload/.test(type)), []);
  assert.deepEqual(await v.page.evaluate(() => [window.onunload, window.onbeforeunload]), [null, null]);
  assertNoPageErrors(v);
});

test('the stored entry stays under 4 KB after 2,000 events, and does not grow with their number', async (t) => {
  const names = Array.from({ length: 20 }, (_, i) => `event_${i}`);
  const config = {
    rules: [
      ...names.map((name) => ({ id: `rule-for-${name}`, on: name, points: 1, limit: 100000 })),
      { id: 'view', on: 'page_view', points: 0.5, limit: 100000 },
    ],
    threshold: 1e9,
  };
  const v = await site.open(t, { config, path: '/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring' });
  const burst = (from, to) => v.page.evaluate(([names, from, to]) => {
    for (let i = from; i < to; i++) {
      LeadScore('track', names[i % names.length], { plan: 'team', seats: i, note: 'x'.repeat(50) });
      if (i % 100 === 0) history.pushState({}, '', `/docs/page-${i}`);
    }
  }, [names, from, to]);
  await burst(0, 200);
  const early = (await rawEntry(v)).length;
  await burst(200, 2000);
  await v.expectScore(2000 + 0.5 * 21); // 2,000 track calls, the load and 20 in-page views
  const text = await rawEntry(v);
  assert.ok(text.length < 4096, `the entry is ${text.length} characters`);
  assert.ok(text.length - early < 64, `the entry grew from ${early} to ${text.length} characters`);
  const entry = JSON.parse(text);
  assertStoredForm(entry);
  assert.equal(storedHits(entry)['rule-for-event_7'], 100);
  assert.equal(storedHits(entry).view, 21);
  assertNoPageErrors(v);
});

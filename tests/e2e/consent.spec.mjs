// Consent and privacy with real storage: with consent required (or Global Privacy Control) the
// widget scores in memory and writes nothing until consent('granted'), which writes what was
// gathered; consent('denied') and forget() erase every entry the widget stored, under any key, in
// local and session storage, and stop it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';
import {
  KEY, storageEntries, storedEntry, assertStoredForm, storedHits, errorCodes, assertNoPageErrors,
  settle, sendGlobalPrivacyControl, initByPath, seedEntry, rawEntry,
  STORAGE_RULES as rules,
} from './storage-helpers.mjs';

const site = useSite();
const empty = { local: {}, session: {} };

/** On /pricing: a page view, a demo request, a webinar, an SPA view of /pricing/team, the page hidden and shown. */
async function scoreSeveralEvents(v) {
  await v.call('track', 'demo_request');
  await v.call('track', 'webinar');
  await v.pushState('/pricing/team');
  await v.setVisibility('hidden'); // where the last activity would be written
  await v.setVisibility('visible');
  await v.expectScore(85);
}

/** Scores after the widget stopped: nothing moves, nothing is written. */
async function assertStopped(v) {
  const before = (await v.events('score')).length;
  await v.call('track', 'demo_request');
  await v.call('track', 'webinar');
  await v.pushState('/pricing/enterprise');
  await v.page.click('#demo-button');
  await v.setVisibility('hidden');
  await v.setVisibility('visible');
  await settle(v);
  assert.equal(await v.score(), 0);
  assert.deepEqual(await v.explain(), []);
  assert.equal((await v.events('score')).length, before, 'a score event after the widget stopped');
}

test('consent: \'required\' scores in memory and stores nothing, not after several events, not on leaving, not across a reload', async (t) => {
  const v = await site.open(t, { config: { consent: 'required', rules }, path: '/pricing' });
  await scoreSeveralEvents(v);
  assert.deepEqual((await v.contributions()).sort((a, b) => a.rule.localeCompare(b.rule)), [
    { rule: 'demo', points: 40, hits: 1 },
    { rule: 'pricing', points: 40, hits: 2 },
    { rule: 'webinar', points: 5, hits: 1 },
  ]);
  assert.deepEqual(await storageEntries(v), empty);

  await v.reload(); // pagehide on the way out; the new page starts from nothing
  await v.expectScore(20);
  assert.deepEqual(await storageEntries(v), empty);
  await v.goto('/resources');
  assert.deepEqual(await storageEntries(v), empty);
  assert.deepEqual((await v.context.storageState()).origins, [], 'the context holds stored data');
  assert.deepEqual(await errorCodes(v), []);
  assertNoPageErrors(v);
});

test('consent(\'granted\') writes what was gathered before it, and later hits are written too', async (t) => {
  const v = await site.open(t, { config: { consent: 'required', rules }, path: '/pricing' });
  await scoreSeveralEvents(v);
  assert.deepEqual(await storageEntries(v), empty);

  const written = await v.page.evaluate((k) => { LeadScore('consent', 'granted'); return localStorage.getItem(k); }, KEY);
  assert.ok(written, 'consent(\'granted\') wrote nothing');
  const entry = JSON.parse(written);
  assertStoredForm(entry);
  assert.deepEqual(storedHits(entry), { pricing: 2, demo: 1, webinar: 1 });
  assert.equal(await v.score(), 85, 'granting consent changed the score');

  await v.call('track', 'webinar');
  await v.expectScore(90);
  assert.deepEqual(storedHits(await storedEntry(v)), { pricing: 2, demo: 1, webinar: 2 });
  assert.deepEqual(Object.keys((await storageEntries(v)).session), []);

  await v.goto('/resources'); // the next page reads what was stored
  await v.expectScore(90);
  assertNoPageErrors(v);
});

test('consent(\'denied\') drops what was gathered and stops: score 0, no entry, later events score nothing', async (t) => {
  const v = await site.open(t, { config: { consent: 'required', rules }, path: '/pricing' });
  await scoreSeveralEvents(v);
  await v.call('consent', 'denied');
  await v.expectScore(0);
  assert.equal((await v.state()).qualified, false);
  assert.deepEqual(await storageEntries(v), empty);
  await assertStopped(v);
  assert.deepEqual(await storageEntries(v), empty);
  assertNoPageErrors(v);
});

test('consent(\'denied\') after consent was granted erases the stored entry', async (t) => {
  const v = await site.open(t, { config: { consent: 'required', rules }, setup: () => LeadScore('consent', 'granted'), path: '/pricing' });
  await scoreSeveralEvents(v);
  await v.goto('/blog/post');
  await v.expectScore(85);
  assert.deepEqual(storedHits(await storedEntry(v)), { pricing: 2, demo: 1, webinar: 1 });
  await v.call('consent', 'denied');
  await v.expectScore(0);
  assert.deepEqual(await storageEntries(v), empty);
  await assertStopped(v);
  assert.deepEqual(await storageEntries(v), empty);
  assertNoPageErrors(v);
});

test('navigator.globalPrivacyControl = true is treated as consent required', async (t) => {
  const v = await site.open(t, { config: { rules }, initScript: sendGlobalPrivacyControl, path: '/pricing' });
  assert.equal(await v.page.evaluate(() => navigator.globalPrivacyControl), true);
  await scoreSeveralEvents(v);
  assert.deepEqual(await storageEntries(v), empty);
  await v.reload();
  await v.expectScore(20);
  assert.deepEqual(await storageEntries(v), empty);

  await v.call('consent', 'granted'); // the visitor opts in on the site's banner
  assert.deepEqual(storedHits(await storedEntry(v)), { pricing: 1 });
  assertNoPageErrors(v);
});

test('respectGlobalPrivacyControl: false stores as usual even with globalPrivacyControl set', async (t) => {
  const v = await site.open(t, {
    config: { respectGlobalPrivacyControl: false, rules }, initScript: sendGlobalPrivacyControl, path: '/pricing',
  });
  assert.deepEqual(storedHits(await storedEntry(v)), { pricing: 1 });
  await scoreSeveralEvents(v);
  assert.deepEqual(storedHits(await storedEntry(v)), { pricing: 2, demo: 1, webinar: 1 });
  await v.reload();
  await v.expectScore(105);
  assertNoPageErrors(v);
});

test('forget() deletes every entry under every key it used, in local and session storage, keeps the site\'s own, and stops', async (t) => {
  // One visitor on one origin: pages /pricing-old* ran the widget with storageKey 'old', pages
  // /pricing-tab* with storage: 'session' and storageKey 'tabbed'; the rest use the defaults.
  const v = await site.open(t, {
    setup: initByPath([
      ['/pricing-old', { storageKey: 'old', rules }],
      ['/pricing-tab', { storage: 'session', storageKey: 'tabbed', rules }],
    ], { rules }),
    initScript: () => {
      if (location.protocol !== 'http:') return; // about:blank has no storage
      if (!localStorage.getItem('theme')) localStorage.setItem('theme', 'dark');
      if (!sessionStorage.getItem('cart')) sessionStorage.setItem('cart', '{"v":2,"items":[]}');
    },
  });
  await v.goto('/pricing-old');
  await v.expectScore(20);
  await v.call('track', 'webinar');
  await v.goto('/pricing-tab');
  await v.expectScore(20);
  await v.goto('/pricing');
  await v.call('track', 'demo_request');
  await v.expectScore(60);
  // And an entry an earlier version of the widget left under a key no longer configured.
  await v.page.evaluate(() => localStorage.setItem('leadscore-v0', JSON.stringify({ v: 1, rules: { pricing: [1, 1, 0] }, qualifiedAt: null })));
  let { local, session } = await storageEntries(v);
  assert.deepEqual(Object.keys(local).sort(), ['leadscore', 'leadscore-v0', 'old', 'theme']);
  assert.deepEqual(Object.keys(session).sort(), ['cart', 'tabbed']);

  await v.call('forget');
  await v.expectScore(0);
  ({ local, session } = await storageEntries(v));
  assert.deepEqual(local, { theme: 'dark' }, 'forget left an entry in localStorage (or removed the site\'s own)');
  assert.deepEqual(session, { cart: '{"v":2,"items":[]}' }, 'forget left an entry in sessionStorage (or removed the site\'s own)');

  await assertStopped(v);
  ({ local, session } = await storageEntries(v));
  assert.deepEqual(Object.keys(local), ['theme']);
  assert.deepEqual(Object.keys(session), ['cart']);
  await v.page.goto('/files/logo.svg'); // leaving the page writes nothing either
  const { origins } = await v.context.storageState();
  assert.deepEqual(origins.flatMap((o) => o.localStorage.map((e) => e.name)), ['theme']);
  assertNoPageErrors(v);
});

test('forget() from a page that never called init still deletes what the widget stored', async (t) => {
  const v = await site.open(t, { config: { rules }, path: '/pricing' });
  await v.expectScore(20);
  assert.ok(await storedEntry(v));
  // A page of the site that loads the widget without init (a privacy page) still offers forget.
  await v.page.route('**/privacy', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><script>window.LeadScore = window.LeadScore || function () { (LeadScore.q = LeadScore.q || []).push(arguments); };</script>
      <script async src="/leadscore/leadscore.js"></script>`,
  }));
  await v.goto('/privacy', { ready: false });
  await v.call('forget');
  await v.until((k) => localStorage.getItem(k) === null, KEY, async () => JSON.stringify(await storageEntries(v)));
  assert.deepEqual(await storageEntries(v), empty);
  assertNoPageErrors(v);
});

test('forget() also removes an unreadable entry under the widget\'s own key (consent required: never rewritten)', async (t) => {
  const v = await site.open(t, { config: { consent: 'required', rules } });
  await v.context.addInitScript(seedEntry('{not json'));
  await v.goto('/pricing');
  await v.expectScore(20);
  assert.equal(await rawEntry(v), '{not json', 'the widget rewrote the entry without consent');
  await v.call('forget');
  await v.expectScore(0);
  assert.equal(await rawEntry(v), null, 'an entry is left under storageKey after forget()');
  assertNoPageErrors(v);
});

test('consent(\'granted\') queued before init (a consent manager that answers first) is honoured', async (t) => {
  const v = await site.open(t, {
    setup: `LeadScore('consent', 'granted'); LeadScore('init', ${JSON.stringify({ consent: 'required', rules })});`,
    path: '/pricing',
  });
  await v.expectScore(20);
  await v.call('track', 'demo_request');
  await v.expectScore(60);
  await settle(v);
  const codes = await errorCodes(v);
  const entry = await storedEntry(v);
  assert.ok(entry !== null,
    `consent('granted') before init was dropped: storage ${JSON.stringify(await storageEntries(v))}, errors ${JSON.stringify(codes)}`);
  assert.deepEqual(storedHits(entry), { pricing: 1, demo: 1 });
  assertNoPageErrors(v);
});

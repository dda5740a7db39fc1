// Fault injection (issue 7), storage: blocked, full, a corrupt entry, an entry from the first
// schema, an entry from an unknown future schema. For each: the page's own scripts run on, nothing
// uncaught reaches the page, the widget reports the specific code (or none), no stored point is
// lost where storage works, and the instance keeps scoring after the error (item 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';
import {
  openFault, settled, visit, errorCodes, stored, assertPageAlive, assertStillScores,
  seedRule, SEED_ENTRY, SEED_POINTS, probeRule, FAULT_RULES as rules,
} from './fault-helpers.mjs';

const site = useSite();

// Blocked storage. Headless Chromium has no switch for "block site data" that a test can flip
// per context, so the fault is emulated the way the browser presents it to script: reading
// `window.localStorage` (or `sessionStorage`) throws a SecurityError DOMException.
for (const kind of ['local', 'session']) {
  test(`${kind}Storage blocked (SecurityError): storage_unavailable once, scores in memory, page runs on`, async (t) => {
    const v = await openFault(site, t, {
      config: { rules, storage: kind },
      initScripts: [() => {
        for (const name of ['localStorage', 'sessionStorage']) {
          Object.defineProperty(window, name, {
            configurable: true,
            get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
          });
        }
      }],
      path: '/pricing',
    });
    assert.equal((await settled(v)).ok, true);
    await v.expectScore(20);
    await v.expectEvents('error');
    await v.call('track', 'seed_event');
    await v.expectScore(27);
    await assertStillScores(v);
    await assertStillScores(v);
    assert.deepEqual(await errorCodes(v), ['storage_unavailable'], 'reported once per cause');
    assert.deepEqual(await v.page.evaluate(() => LeadScore.state().qualified), false);
    await assertPageAlive(v);
  });
}

// Full storage, for real: the origin's localStorage is filled to its quota (to the byte) before
// the widget loads, so the widget's own setItem gets Chromium's genuine QuotaExceededError.
test('storage full (a real QuotaExceededError): storage_full once, stored points kept, scoring goes on', async (t) => {
  const v = await openFault(site, t, { config: { rules }, seed: SEED_ENTRY, fillStorage: true, path: '/pricing' });
  assert.equal((await settled(v)).ok, true);
  await v.expectScore(SEED_POINTS + 20);
  await v.expectEvents('error');
  await v.call('track', 'seed_event');
  await v.expectScore(SEED_POINTS + 27);
  await assertStillScores(v);
  assert.deepEqual(await errorCodes(v), ['storage_full'], 'reported once per cause');
  // No stored point lost: the stored entry still holds the seeded hits (the write that failed did
  // not remove or truncate it).
  assert.deepEqual((await stored(v)).rules.seed.slice(0, 2), [2, 2]);
  await assertPageAlive(v);

  // The next page view reads the stored entry again: the seeded points are still there.
  assert.equal((await visit(v, '/resources')).ok, true);
  await v.expectScore(SEED_POINTS);
  await assertStillScores(v);
  await assertPageAlive(v);
});

// Full storage, emulated on writes only: every setItem throws QuotaExceededError, reads work.
test('storage full (setItem throws QuotaExceededError): storage_full once, stored points kept', async (t) => {
  const v = await openFault(site, t, {
    config: { rules },
    seed: SEED_ENTRY,
    initScripts: [() => {
      if (location.pathname.startsWith('/files/')) return; // the page that seeds the entry
      Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    }],
    path: '/pricing',
  });
  assert.equal((await settled(v)).ok, true);
  await v.expectScore(SEED_POINTS + 20);
  for (let i = 0; i < 3; i++) await v.call('track', 'seed_event');
  await v.expectScore(SEED_POINTS + 41);
  await assertStillScores(v);
  assert.deepEqual(await errorCodes(v), ['storage_full']);
  assert.equal(await v.page.evaluate(() => localStorage.getItem('leadscore')), SEED_ENTRY, 'the stored entry is untouched');
  await assertPageAlive(v);
});

const corruptEntries = [
  ['text that is not JSON', '{"v":1,"rules":{"seed":[2,2'],
  ['JSON of the wrong shape', '{"v":1,"rules":{"seed":["two","2",null]}}'],
  ['a JSON string', '"leadscore"'],
  ['tallies that cannot be true (more weight than hits)', '{"v":1,"rules":{"seed":[1,5,0]},"qualifiedAt":null}'],
];
for (const [what, text] of corruptEntries) {
  test(`a corrupt stored entry (${what}): storage_corrupt once, starts afresh, scoring goes on`, async (t) => {
    const v = await openFault(site, t, { config: { rules }, seed: text, path: '/pricing' });
    assert.equal((await settled(v)).ok, true, 'a corrupt entry must not stop the widget');
    await v.expectScore(20);
    await v.expectEvents('error');
    await assertStillScores(v);
    assert.deepEqual(await errorCodes(v), ['storage_corrupt']);
    // Afresh: the entry is replaced by a valid one holding this page's points.
    const entry = await stored(v);
    assert.equal(entry.v, 1);
    assert.equal(entry.rules.pricing[0], 1);
    assert.equal(entry.rules.seed, undefined);
    await assertPageAlive(v);
    // The next page reads the rewritten entry without complaint.
    assert.equal((await visit(v, '/resources')).ok, true);
    await v.expectScore(21);
    assert.deepEqual(await errorCodes(v), []);
  });
}

test('an entry in the first stored shape (no epoch, visit or utm) is read with its points, no error', async (t) => {
  const first = '{"v":1,"rules":{"a":[2,2,1000]},"qualifiedAt":null}';
  const a = { id: 'a', on: 'a', points: 10, limit: 5 };
  const v = await openFault(site, t, { config: { rules: [a, probeRule] }, seed: first, path: '/resources' });
  const ready = await settled(v);
  assert.equal(ready.ok, true);
  assert.equal(ready.state.score, 20, 'the two stored hits of rule a');
  assert.deepEqual(await v.contributions(), [{ rule: 'a', points: 20, hits: 2 }]);
  await v.call('track', 'a');
  await v.expectScore(30);
  await assertStillScores(v);
  assert.deepEqual(await errorCodes(v), []);
  // Rewritten in the current shape, the old hits kept.
  const entry = await stored(v);
  assert.equal(entry.v, 1);
  assert.deepEqual(entry.rules.a.slice(0, 2), [3, 3]);
  assert.equal(typeof entry.epoch, 'number');
  await assertPageAlive(v);
});

test('an entry from a newer version (v: 99): storage_corrupt, scores in memory, the newer entry is left as it is', async (t) => {
  const future = JSON.stringify({ v: 99, epoch: 0, rules: { seed: [2, 2, 1000, 0] }, qualifiedAt: null, extra: { x: 1 } });
  const v = await openFault(site, t, { config: { rules }, seed: future, path: '/pricing' });
  const ready = await settled(v);
  assert.equal(ready.ok, true);
  await v.expectScore(20);
  await v.expectEvents('error');
  await assertStillScores(v);
  assert.deepEqual(await errorCodes(v), ['storage_corrupt']);
  assert.equal((await v.contributions()).some((e) => e.rule === 'seed'), false, 'the v99 hits are not read');
  assert.equal(JSON.stringify(await stored(v)), future, 'an older widget never overwrites a newer one');
  await assertPageAlive(v);
});

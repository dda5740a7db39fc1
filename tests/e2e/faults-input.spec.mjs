// Fault injection (issue 7), hostile and heavy input: a config with 10,000 rules, hostile strings
// in rule ids, event names and prop keys/values, and 100,000 events in one page view. Correctness
// only — nothing is timed here. The page's own scripts run on, nothing uncaught reaches the page,
// no error is reported, and the instance keeps working afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';
import { openFault, settled, visit, errorCodes, stored, assertPageAlive, assertStillScores, probeRule } from './fault-helpers.mjs';

const site = useSite();

test('a config with 10,000 rules starts, and a matching event scores', async (t) => {
  const v = await openFault(site, t, {
    setup: `LeadScore('init', { rules: Array.from({ length: 10000 }, (_, i) => (
      { id: 'rule-' + i, on: 'event-' + i, points: (i % 7) + 1, where: i % 2 ? { plan: 'pro' } : undefined })).concat([${JSON.stringify(probeRule)}]) });`,
    path: '/resources',
  });
  const ready = await settled(v);
  assert.equal(ready.ok, true, `ready() rejected: ${JSON.stringify(ready.error)}`);
  await v.call('track', 'event-9998');
  await v.expectScore((9998 % 7) + 1);
  await v.call('track', 'event-9999', { plan: 'free' }); // where fails
  await v.call('track', 'event-9999', { plan: 'pro' });
  await v.call('track', 'event-0');
  const expected = (9998 % 7) + 1 + (9999 % 7) + 1 + 1;
  await v.expectScore(expected);
  assert.deepEqual((await v.contributions()).map((e) => e.rule).sort(), ['rule-0', 'rule-9998', 'rule-9999']);
  assert.deepEqual(await errorCodes(v), []);
  // Only rules that scored are stored.
  assert.deepEqual(Object.keys((await stored(v)).rules).sort(), ['rule-0', 'rule-9998', 'rule-9999']);
  await assertStillScores(v);
  // And they are read back on the next page.
  assert.equal((await visit(v, '/pricing')).ok, true);
  await v.expectScore(expected + 1);
  await assertPageAlive(v);
});

const LONG = 'L'.repeat(100000);
/** JS source for string `s` that is safe inside an inline <script> (no `</script>`, no raw controls). */
const inScript = (s) => JSON.stringify(s).replace(/[<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const hostileStrings = [
  ['markup', '<img src=x onerror=window.__pwned=1>'],
  ['markup with quotes', '"><svg onload="window.__pwned=1"><script>window.__pwned=1</script>'],
  ['a 100,000-character string', LONG],
  ['a right-to-left override', 'abc\u202edef'],
  ['a NUL character', 'nul\u0000byte'],
  ['a lone surrogate', 'lone\ud800surrogate'],
  ['emoji (astral, ZWJ sequence, flag)', '🙂 👩‍👩‍👧 🇫🇷'],
  ['__proto__ (a special name in JS objects)', '__proto__'],
];
for (const [what, s] of hostileStrings) {
  test(`hostile strings (${what}) as rule id, event name and prop key/value: they score, explain() returns them unchanged, nothing runs`, async (t) => {
    const v = await openFault(site, t, {
      config: null,
      setup: `window.__hostile = ${inScript(s)}; LeadScore('init', { rules: [
        { id: __hostile, on: __hostile, where: { [__hostile]: __hostile }, points: 10, limit: 5 },
        { id: __hostile + '-2', on: 'plain', where: { ['k' + __hostile]: { in: [__hostile, 'x'] } }, points: 1, limit: 5 },
        ${JSON.stringify(probeRule)},
      ] });`,
      path: '/resources',
    });
    const ready = await settled(v);
    assert.equal(ready.ok, true, `ready() rejected: ${JSON.stringify(ready.error)?.slice(0, 300)}`);
    await v.page.evaluate(() => {
      const h = window.__hostile;
      LeadScore('track', h, { [h]: 'not it' }); // where fails
      LeadScore('track', h, { [h]: h });
      LeadScore('track', 'plain', { ['k' + h]: h });
    });
    await v.expectScore(11);
    // Strings cross into the widget as Unicode: a lone UTF-16 surrogate comes back as U+FFFD
    // (README, "Errors"); for every other string, toWellFormed() is the string itself.
    const explained = await v.page.evaluate(() => {
      const h = window.__hostile.toWellFormed();
      return LeadScore.explain().map((e) => ({
        rule: h.length < 200 ? e.rule : e.rule.length, same: e.rule === h, sameSuffixed: e.rule === h + '-2', hits: e.hits, points: e.points,
      }));
    });
    const shown = (id) => (s.length < 200 ? id.toWellFormed() : id.length);
    assert.deepEqual(explained, [
      { rule: shown(s), same: true, sameSuffixed: false, hits: 1, points: 10 },
      { rule: shown(`${s}-2`), same: false, sameSuffixed: true, hits: 1, points: 1 },
    ], 'explain() returns the ids unchanged');
    const scoreEvents = await v.page.evaluate(() => window.__events.filter((e) => e.type === 'leadscore:score')
      .map((e) => [e.detail.rule === window.__hostile.toWellFormed(), e.detail.rule === window.__hostile.toWellFormed() + '-2']));
    assert.deepEqual(scoreEvents, [[true, false], [false, true]], 'leadscore:score names the rules unchanged');
    assert.deepEqual(await errorCodes(v), []);
    assert.equal(await v.page.evaluate(() => window.__pwned), undefined, 'a hostile string ran');
    assert.equal(await v.page.evaluate(() => document.querySelectorAll('img, svg, script:not([src])').length),
      await v.page.evaluate(() => document.querySelectorAll('script:not([src])').length), 'the widget added markup');
    await assertStillScores(v);
    await assertPageAlive(v);
    const storedIds = await v.page.evaluate(() => {
      const h = window.__hostile.toWellFormed();
      const entry = JSON.parse(localStorage.getItem('leadscore'));
      return [Object.hasOwn(entry.rules, h), Object.hasOwn(entry.rules, h + '-2'), Object.hasOwn(entry.rules, 'probe')];
    });
    assert.deepEqual(storedIds, [true, true, true], 'the stored entry holds each rule that scored, under its id');
    // Stored and read back under the same id on the next page.
    assert.equal((await visit(v, '/pricing')).ok, true);
    await v.expectScore(12);
    assert.equal(await v.page.evaluate(() => LeadScore.explain().some((e) => e.rule === window.__hostile.toWellFormed())), true,
      'the id read back from storage is unchanged');
    assert.deepEqual(await errorCodes(v), []);
    assert.equal(await v.page.evaluate(() => window.__pwned), undefined);
    await assertPageAlive(v);
  });
}

test('100,000 events in one page view: the score is right, state() answers, the stored entry stays small', async (t) => {
  const v = await openFault(site, t, {
    config: {
      rules: [
        { id: 'every', on: 'tick', points: 1, limit: 1000 },
        { id: 'big', on: 'tick', where: { i: { gte: 99990 } }, points: 5, limit: 3 },
        { id: 'odd', on: 'tock', where: { odd: true }, points: 2, limit: 100000 },
        probeRule,
      ],
    },
    path: '/resources',
  });
  assert.equal((await settled(v)).ok, true);
  const CHUNK = 5000;
  for (let start = 0; start < 100000; start += CHUNK) {
    await v.page.evaluate(([from, n]) => {
      for (let i = from; i < from + n; i++) {
        if (i % 2) LeadScore('track', 'tock', { odd: i % 4 === 1, i });
        else LeadScore('track', 'tick', { i });
      }
    }, [start, CHUNK]);
  }
  // every: 1000 (limit); big: ticks 99990..99998 even → 5 ticks, limit 3 → 15; odd: i ≡ 1 mod 4 → 25,000 × 2.
  await v.expectScore(1000 + 15 + 50000);
  const state = await v.state();
  assert.equal(state.score, 51015);
  assert.equal(state.qualified, true);
  assert.deepEqual((await v.contributions()).map(({ rule, hits }) => ({ rule, hits })),
    [{ rule: 'odd', hits: 25000 }, { rule: 'every', hits: 1000 }, { rule: 'big', hits: 3 }]);
  const text = await v.page.evaluate(() => localStorage.getItem('leadscore'));
  assert.ok(text.length < 1024, `the stored entry grew to ${text.length} characters: ${text.slice(0, 200)}`);
  assert.deepEqual(await errorCodes(v), []);
  assert.equal((await v.events('qualified')).length, 1);
  await assertStillScores(v);
  await assertPageAlive(v);
});

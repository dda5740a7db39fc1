// Errors: invalid configs, a second init, blocked storage, throwing and re-entrant handlers, and a
// missing wasm file. Nothing may throw into page code (the harness fails any test with a pageerror).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';

const site = useSite();
const pricing = { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 };
const errorCodes = async (v) => (await v.events('error')).map((e) => e.code);

const invalidConfigs = [
  ['points that are not a number', { id: 'a', on: 'page_view', points: 'ten' }, 'rules[0].points: expected a number'],
  ['an unknown event', { id: 'a', on: 'pageview', points: 10 }, 'rules[0].on: unknown event "pageview"'],
  ['a misspelled field', { id: 'a', on: 'page_view', pointz: 10 }, 'rules[0].pointz: unknown field'],
];
for (const [what, rule, message] of invalidConfigs) {
  test(`a rule with ${what} does not start the widget: invalid_config naming the field`, async (t) => {
    const v = await site.open(t, { config: { rules: [rule] } });
    const ready = await v.goto('/pricing');
    assert.equal(ready.ok, false, 'ready() resolved');
    assert.equal(ready.error.isError, true, 'rejected with something other than an Error');
    assert.equal(ready.error.code, 'invalid_config');
    assert.ok(ready.error.message.includes(message), `message: ${ready.error.message}`);
    const [event, ...more] = await v.expectEvents('error');
    assert.deepEqual(more, []);
    assert.equal(event.code, 'invalid_config');
    assert.ok(event.message.includes(message), `event message: ${event.message}`);
    assert.equal((await v.consoleWith(message)).length, 1, 'the console shows the message once');
    assert.equal(await v.score(), 0);
  });
}

test('a second init is ignored with an already_initialized error; the first config stays', async (t) => {
  const v = await site.open(t, {
    config: { rules: [pricing] },
    setup: () => LeadScore('init', { rules: [{ id: 'second', on: 'page_view', points: 99 }] }),
  });
  assert.equal((await v.goto('/pricing')).ok, true);
  await v.expectScore(20);
  await v.expectEvents('error');
  assert.deepEqual(await errorCodes(v), ['already_initialized']);
  assert.deepEqual(await v.contributions(), [{ rule: 'pricing', points: 20, hits: 1 }]);
});

test('with localStorage blocked the widget scores in memory and reports storage_unavailable once', async (t) => {
  const v = await site.open(t, {
    config: { rules: [pricing, { id: 'signup', on: 'signup', points: 1, limit: 5 }] },
    initScript: () => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
      });
    },
  });
  assert.equal((await v.goto('/pricing')).ok, true);
  await v.expectScore(20);
  for (let i = 0; i < 3; i++) await v.call('track', 'signup');
  await v.expectScore(23);
  assert.deepEqual(await errorCodes(v), ['storage_unavailable']);
});

test('a handler that throws: page code runs on, handler_failed is reported once, scoring goes on', async (t) => {
  const v = await site.open(t, {
    config: { rules: [pricing, { id: 'signup', on: 'signup', points: 10 }] },
    setup: () => LeadScore('on', 'score', () => { throw new Error('boom'); }),
    path: '/pricing',
  });
  await v.expectScore(20);
  const wentOn = await v.page.evaluate(() => { LeadScore('track', 'signup'); return 'page code went on'; });
  assert.equal(wentOn, 'page code went on');
  await v.expectScore(30);
  assert.deepEqual(await errorCodes(v), ['handler_failed'], 'one report for one throwing handler');
});

test('a score handler may call state(), track and reset', async (t) => {
  const v = await site.open(t, {
    config: { rules: [{ id: 'outer', on: 'outer', points: 10 }, { id: 'inner', on: 'inner', points: 5 }] },
    setup: () => LeadScore('on', 'score', (detail) => {
      if (window.__inHandler) return;
      window.__inHandler = { detail, state: LeadScore.state() };
      LeadScore('track', 'inner');
      LeadScore('reset');
    }),
    path: '/resources',
  });
  await v.call('track', 'outer');
  await v.until(() => window.__inHandler);
  const seen = await v.page.evaluate(() => window.__inHandler);
  assert.equal(seen.detail.rule, 'outer');
  assert.equal(seen.state.score, 10);
  await v.expectScore(0); // inner, then reset
  assert.deepEqual(await v.contributions(), []);
  assert.deepEqual(await errorCodes(v), []);
});

test('a missing wasm file: ready() rejects with wasm_unavailable and the page goes on', async (t) => {
  const v = await site.open(t, { config: { rules: [pricing] } });
  await v.page.route('**/leadscore_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  const ready = await v.goto('/pricing');
  assert.equal(ready.ok, false, 'ready() resolved');
  assert.equal(ready.error.isError, true);
  assert.equal(ready.error.code, 'wasm_unavailable');
  await v.expectEvents('error');
  assert.deepEqual(await errorCodes(v), ['wasm_unavailable']);
  const score = await v.page.evaluate(() => {
    LeadScore('track', 'signup');
    LeadScore('on', 'score', () => {});
    return LeadScore.state().score;
  });
  assert.equal(score, 0);
});

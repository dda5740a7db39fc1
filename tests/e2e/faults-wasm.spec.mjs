// Fault injection (issue 7), loading: the wasm file missing, cut short, served with the wrong
// MIME type, blocked by a CSP without 'wasm-unsafe-eval', no WebAssembly object at all. Where the widget cannot start (by design), ready() rejects with wasm_unavailable, the
// readers answer the empty state and no command throws; the page's own scripts run on and nothing
// uncaught reaches the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';
import {
  openFault, settled, visit, errorCodes, assertPageAlive, assertStillScores, assertUnavailableButHarmless,
  probeRule, seedRule, SEED_ENTRY,
} from './fault-helpers.mjs';

const site = useSite();
const pricing = { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 };
const config = { rules: [pricing, seedRule, probeRule] };
// Calls queued by the stub before the loader fails: dropped, never replayed, never thrown.
const queued = () => {
  LeadScore('track', 'probe');
  LeadScore('on', 'score', () => { window.__scoreHandlerCalled = true; });
};

async function expectUnavailable(v, t) {
  const ready = await settled(v);
  assert.equal(ready.ok, false, 'ready() resolved');
  assert.equal(ready.error.isError, true, 'ready() rejected with something other than an Error');
  assert.equal(ready.error.code, 'wasm_unavailable');
  const [event] = await v.expectEvents('error');
  assert.equal(event.code, 'wasm_unavailable');
  assert.equal(typeof event.message, 'string');
  t.diagnostic(`message: ${event.message}`);
  assert.equal(await v.page.evaluate(() => localStorage.getItem('leadscore')), SEED_ENTRY, 'the stored entry is kept as it was');
  await assertUnavailableButHarmless(v); // calls forget and consent('denied') too
  const afterForget = await v.page.evaluate(() => localStorage.getItem('leadscore'));
  t.diagnostic(`after forget() on the unavailable widget the stored entry is ${afterForget === null ? 'erased' : 'still there'}`);
  assert.deepEqual(await errorCodes(v), ['wasm_unavailable'], 'reported once, and nothing else');
  assert.equal(await v.page.evaluate(() => window.__scoreHandlerCalled), undefined);
  assert.deepEqual(await v.events('ready'), []);
  await assertPageAlive(v);
}

test('the wasm file missing (404): wasm_unavailable, ready() rejects with it, the page runs on', async (t) => {
  const v = await openFault(site, t, { config, setup: queued, seed: SEED_ENTRY });
  await v.page.route('**/leadscore_bg.wasm', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
  await v.goto('/pricing', { ready: false });
  await expectUnavailable(v, t);
});

test('the wasm file cut short (a broken download): wasm_unavailable, ready() rejects with it, the page runs on', async (t) => {
  const v = await openFault(site, t, { config, setup: queued, seed: SEED_ENTRY });
  await v.page.route('**/leadscore_bg.wasm', async (route) => {
    const response = await route.fetch();
    const body = (await response.body()).subarray(0, 1000);
    return route.fulfill({ response, body });
  });
  await v.goto('/pricing', { ready: false });
  await expectUnavailable(v, t);
});

// As in Safari's Lockdown Mode, where `WebAssembly` is not defined at all.
test('no WebAssembly object at all: wasm_unavailable, ready() rejects with it, the page runs on', async (t) => {
  const v = await openFault(site, t, {
    config, setup: queued, seed: SEED_ENTRY,
    initScripts: [() => { delete window.WebAssembly; }],
    path: '/pricing',
  });
  assert.equal(await v.page.evaluate(() => typeof WebAssembly), 'undefined');
  await expectUnavailable(v, t);
});

test('a CSP without \'wasm-unsafe-eval\' (response header): wasm_unavailable, no CSP error reaches the page', async (t) => {
  const v = await openFault(site, t, {
    config, setup: queued, seed: SEED_ENTRY,
    headers: { 'Content-Security-Policy': "script-src 'self' 'unsafe-inline'" },
    path: '/pricing',
  });
  await expectUnavailable(v, t);
  // The browser reports the refused compile as a CSP violation (an event, not an error); the
  // widget's scripts themselves were allowed.
  const violations = await v.page.evaluate(() => window.__cspViolations);
  assert.ok(violations.length >= 1, 'the wasm compile was not refused: is the CSP applied?');
  for (const violation of violations) {
    assert.equal(violation.directive, 'script-src', JSON.stringify(violation));
    assert.equal(violation.blocked, 'wasm-eval', `only the wasm compile is refused: ${JSON.stringify(violation)}`);
  }
});

// WebAssembly.instantiateStreaming refuses a response that is not application/wasm, so the
// loader warns once and instantiates from the bytes. So the widget works.
test('the wasm served as text/plain: the loader falls back to the bytes and the widget works', async (t) => {
  const v = await openFault(site, t, { config, setup: queued, seed: SEED_ENTRY });
  await v.page.route('**/leadscore_bg.wasm', async (route) => {
    const response = await route.fetch();
    return route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'text/plain' } });
  });
  const ready = await visit(v, '/pricing');
  assert.equal(ready.ok, true, `ready() rejected: ${JSON.stringify(ready.error)}`);
  await v.expectScore(14 + 21); // the stored seed, the page view and the queued probe
  assert.equal(await v.page.evaluate(() => window.__scoreHandlerCalled), true);
  await assertStillScores(v);
  assert.deepEqual(await errorCodes(v), [], 'no leadscore:error: the widget runs');
  const warnings = await v.consoleWith('application/wasm');
  assert.equal(warnings.length, 1, 'the loader warns once about the MIME type');
  assert.equal(warnings[0].type, 'warning');
  await assertPageAlive(v);
});

// Installing the widget: the one-line stub, ready(), and a page that includes the script twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PRECOMPRESSED } from '../../scripts/compress.mjs';
import { PAGE_FILES } from '../../scripts/sizes.mjs';
import { DIST, useSite } from './harness.mjs';

const site = useSite();
const pricing = { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 };
const STATE_KEYS = ['groups', 'qualified', 'qualifiedAt', 'score', 'threshold', 'tier'];

test('calls queued by the stub before the script loads are replayed in order', async (t) => {
  const v = await site.open(t, {
    config: { rules: [{ id: 'a', on: 'a', points: 10 }, { id: 'b', on: 'b', points: 5 }] },
    setup: () => {
      window.__queuedBeforeLoad = LeadScore.q.length;
      window.__rules = [];
      LeadScore('on', 'score', (detail) => window.__rules.push(detail.rule));
      LeadScore('track', 'a');
      LeadScore('reset');
      LeadScore('track', 'b');
    },
    path: '/resources',
  });
  // a, then reset, then b: replayed in any other order the score is not 5.
  await v.expectScore(5);
  assert.deepEqual(await v.contributions(), [{ rule: 'b', points: 5, hits: 1 }]);
  assert.equal(await v.page.evaluate(() => window.__queuedBeforeLoad), 1, 'init was queued by the stub');
  // The handler, queued before the tracks, saw both of them.
  const rules = await v.page.evaluate(() => window.__rules);
  assert.deepEqual(rules.filter((r) => r === 'a' || r === 'b'), ['a', 'b']);
});

test('ready() resolves with the state and leadscore:ready fires once', async (t) => {
  const v = await site.open(t, { config: { threshold: 80, rules: [pricing] } });
  const ready = await v.goto('/resources');
  assert.equal(ready.ok, true, `ready() rejected: ${JSON.stringify(ready.error)}`);
  assert.deepEqual(Object.keys(ready.state).sort(), STATE_KEYS);
  assert.equal(ready.state.score, 0);
  assert.equal(ready.state.threshold, 80);
  assert.equal(ready.state.qualified, false);
  assert.equal(ready.state.qualifiedAt ?? null, null);
  assert.equal(ready.state.tier ?? null, null);
  assert.deepEqual(ready.state.groups, {});
  assert.equal((await v.expectEvents('ready')).length, 1);
});

// The build writes each file a page downloads precompressed beside it (brotli, zopfli's gzip); a
// server that sends those (as the test server does, like nginx's brotli_static and gzip_static)
// serves a page fewer bytes than compressing on the fly would, and the browser reads them as the
// files. Chromium accepts brotli; a request that accepts only gzip gets the `.gz`.
for (const [encoding, ext] of Object.entries(PRECOMPRESSED)) {
  test(`a page served the precompressed files (${encoding}) downloads their bytes, and the widget works`, async (t) => {
    const v = await site.open(t, { config: { rules: [pricing] } });
    if (encoding === 'gzip') await v.page.setExtraHTTPHeaders({ 'Accept-Encoding': 'gzip' });
    const responses = new Map();
    v.page.on('response', (response) => responses.set(new URL(response.url()).pathname, response));
    const ready = await v.goto('/pricing');
    assert.equal(ready.ok, true, `ready() rejected: ${JSON.stringify(ready.error)}`);
    await v.expectScore(20);
    for (const file of PAGE_FILES) {
      const response = responses.get('/leadscore/' + file);
      assert.ok(response, `${file} was not requested`);
      assert.equal(response.headers()['content-encoding'], encoding, `${file} was not sent precompressed`);
      const { responseBodySize } = await response.request().sizes();
      assert.equal(responseBodySize, fs.statSync(path.join(DIST, file + ext)).size, `${file}: bytes on the wire`);
    }
  });
}

test('including the script twice is harmless: one page view scores once', async (t) => {
  const v = await site.open(t, {
    config: { rules: [pricing, { id: 'probe', on: 'probe', points: 1 }] },
    head: '<script async src="/leadscore/leadscore.js" onload="window.__secondCopyLoaded = true"></script>',
    path: '/pricing',
  });
  await v.until(() => window.__secondCopyLoaded === true);
  assert.equal((await v.ready()).ok, true);
  await v.call('track', 'probe'); // processed after anything the second copy set off
  await v.expectScore(21);
  const scored = (await v.events('score')).map((d) => d.rule);
  assert.deepEqual(scored, ['pricing', 'probe']);
  assert.deepEqual(await v.events('error'), []);
  assert.equal((await v.events('ready')).length, 1);
});

test('before init, state() and explain() return the empty state; init after load works', async (t) => {
  const v = await site.open(t, { config: null });
  await v.goto('/pricing', { ready: false });
  const state = await v.state();
  assert.deepEqual(Object.keys(state).sort(), STATE_KEYS);
  assert.equal(state.score, 0);
  assert.equal(state.qualified, false);
  assert.deepEqual(await v.contributions(), []);

  await v.call('init', { rules: [{ id: 'late', on: 'late', points: 7 }] });
  assert.equal((await v.ready()).ok, true);
  await v.call('track', 'late');
  await v.expectScore(7);
});

test('the ES module entry (dist/leadscore.mjs) installs the same widget for bundlers', async (t) => {
  const v = await site.open(t, {});
  const html = `<!doctype html><title>esm</title><script type="module">
    import LeadScore, { LeadScore as named } from '/leadscore/leadscore.mjs';
    window.__sameExport = LeadScore === named && LeadScore === window.LeadScore;
    LeadScore('init', { rules: [{ id: 'esm', on: 'page_view', url: '/esm*', points: 7 }] });
  </script>`;
  await v.page.route('**/esm', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await v.page.goto('/esm');
  await v.until(() => window.LeadScore && window.LeadScore.loaded === true);
  assert.equal((await v.ready()).ok, true);
  await v.expectScore(7);
  assert.equal(await v.page.evaluate(() => window.__sameExport), true);
});

// page_view rules: url globs, limits, negative points, explain() and the leadscore:score event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';

const site = useSite();
const config = {
  rules: [
    { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 },
    { id: 'careers', on: 'page_view', url: '/careers*', points: -40 },
  ],
};

test('a page_view rule scores each matching view up to its limit: five views give 60, not 100', async (t) => {
  const v = await site.open(t, { config, path: '/pricing' });
  await v.expectScore(20);
  await v.reload();
  await v.expectScore(40);
  await v.goto('/pricing?plan=team');
  await v.expectScore(60);
  await v.goto('/pricing/enterprise');
  await v.reload();
  assert.deepEqual(await v.events('score'), [], 'views past the limit send no score event');
  assert.equal(await v.score(), 60);
  assert.deepEqual(await v.contributions(), [{ rule: 'pricing', points: 60, hits: 3 }]);
  const [entry] = await v.explain();
  assert.deepEqual(entry.lost, { limit: 40, decay: 0, cap: 0 }, 'the two refused views are reported');
});

test('pages that match no rule score nothing; the url glob is anchored at the path start', async (t) => {
  const v = await site.open(t, { config, path: '/' });
  for (const path of ['/blog/post', '/blog/pricing', '/resources']) await v.goto(path);
  assert.equal(await v.score(), 0);
  assert.deepEqual(await v.events('score'), []);
  assert.deepEqual(await v.contributions(), []);
  await v.goto('/pricing'); // the same widget does score a matching page
  await v.expectScore(20);
});

test('a rule with negative points subtracts, and leadscore:score tells { score, delta, rule }', async (t) => {
  const v = await site.open(t, { config, path: '/pricing' });
  await v.expectScore(20);
  assert.deepEqual(await v.events('score'), [{ score: 20, delta: 20, rule: 'pricing' }]);
  await v.reload();
  await v.reload();
  await v.expectScore(60);
  await v.goto('/careers');
  await v.expectScore(20);
  assert.deepEqual(await v.events('score'), [{ score: 20, delta: -40, rule: 'careers' }]);
  assert.deepEqual(await v.contributions(), [
    { rule: 'pricing', points: 60, hits: 3 },
    { rule: 'careers', points: -40, hits: 1 },
  ]);
});

test('an in-page (SPA) navigation with history.pushState is a page view', async (t) => {
  const v = await site.open(t, { config, path: '/resources' });
  await v.page.evaluate(() => history.pushState({}, '', '/pricing?plan=team'));
  await v.expectScore(20);
  await v.page.evaluate(() => history.pushState({}, '', '/pricing/enterprise'));
  await v.expectScore(40);
  assert.deepEqual(await v.contributions(), [{ rule: 'pricing', points: 40, hits: 2 }]);
});

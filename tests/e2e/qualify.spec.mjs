// Qualification: onQualified / leadscore:qualified fire once per visitor, and survive a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, T0 } from './harness.mjs';

const site = useSite();
const config = {
  threshold: 50,
  rules: [
    { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 },
    { id: 'demo', on: 'demo_request', points: 40 },
    { id: 'webinar', on: 'webinar', points: 10 },
  ],
  onQualified: function (lead) { (window.__leads = window.__leads || []).push(lead); },
};
const leads = (v) => v.page.evaluate(() => window.__leads || []);

/** A visitor who viewed /pricing (20) and then requested a demo (40): qualified at 60. */
async function qualifiedVisitor(t) {
  const v = await site.open(t, { config, clock: true, path: '/pricing' });
  await v.expectScore(20);
  assert.equal((await v.state()).qualified, false);
  await v.call('track', 'demo_request');
  const [lead] = await v.expectEvents('qualified');
  return { v, lead };
}

test('crossing the threshold calls onQualified and fires leadscore:qualified with the lead', async (t) => {
  const { v, lead } = await qualifiedVisitor(t);
  assert.deepEqual(Object.keys(lead).sort(), ['qualifiedAt', 'reasons', 'score', 'threshold', 'tier']);
  assert.equal(lead.score, 60);
  assert.equal(lead.threshold, 50);
  assert.equal(lead.tier ?? null, null);
  assert.ok(lead.qualifiedAt >= T0 && lead.qualifiedAt < T0 + 60_000, `qualifiedAt ${lead.qualifiedAt}`);
  assert.deepEqual(lead.reasons.map(({ rule, points, hits }) => ({ rule, points, hits })), [
    { rule: 'demo', points: 40, hits: 1 },
    { rule: 'pricing', points: 20, hits: 1 },
  ]);
  assert.deepEqual(await leads(v), [lead]);
  const state = await v.state();
  assert.equal(state.qualified, true);
  assert.equal(state.qualifiedAt, lead.qualifiedAt);
});

test('more points after qualifying do not qualify again', async (t) => {
  const { v } = await qualifiedVisitor(t);
  await v.call('track', 'webinar');
  await v.expectScore(70);
  assert.equal((await v.events('qualified')).length, 1);
  assert.equal((await leads(v)).length, 1);
});

test('after a reload the score and qualification persist and qualified does not fire again', async (t) => {
  const { v, lead } = await qualifiedVisitor(t);
  await v.reload();
  await v.expectScore(80); // 60 kept in localStorage + the second /pricing view
  const state = await v.state();
  assert.equal(state.qualified, true);
  assert.equal(state.qualifiedAt, lead.qualifiedAt);
  assert.deepEqual(await v.events('qualified'), []);
  assert.deepEqual(await leads(v), []);
  assert.ok(await v.page.evaluate(() => Object.keys(localStorage).length > 0), 'nothing in localStorage');
});

test('a second tab open at the same time does not qualify the visitor again', async (t) => {
  const first = await site.open(t, { config, clock: true, path: '/pricing' });
  await first.expectScore(20);
  const second = await first.newTab('/pricing');
  await second.expectScore(40);
  await second.call('track', 'demo_request');
  await second.expectEvents('qualified');
  // The first tab still shows its page load; were it to score on that, it would cross 50 itself.
  await first.call('track', 'demo_request');
  await first.call('track', 'webinar');
  await first.until(() => LeadScore.state().qualified === true);
  assert.deepEqual(await first.events('qualified'), []);
  assert.deepEqual(await leads(first), []);
  assert.equal(await first.score(), 90);
});

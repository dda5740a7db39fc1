// Custom events (track, data-leadscore-event), reset, and on/off subscriptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';

const site = useSite();
const config = {
  rules: [
    { id: 'webinar', on: 'webinar_signup', points: 25 },
    { id: 'demo', on: 'demo_request', points: 30 },
    { id: 'newsletter', on: 'newsletter', points: 5, limit: 10 },
  ],
};
const open = (t) => site.open(t, { config, path: '/resources' });

test('track(name, props) scores a rule on that custom event; other names score nothing', async (t) => {
  const v = await open(t);
  await v.call('track', 'something_else', { plan: 'pro' });
  await v.call('track', 'webinar_signup', { plan: 'pro' });
  await v.expectScore(25);
  assert.deepEqual(await v.events('score'), [{ score: 25, delta: 25, rule: 'webinar' }]);
});

test('a click on an element with data-leadscore-event sends that custom event', async (t) => {
  const v = await open(t);
  await v.page.click('#demo-button');
  await v.expectScore(30);
  assert.deepEqual(await v.contributions(), [{ rule: 'demo', points: 30, hits: 1 }]);
});

test('reset clears the score and the history, in storage too', async (t) => {
  const v = await open(t);
  await v.call('track', 'webinar_signup');
  await v.expectScore(25);
  await v.call('reset');
  await v.expectScore(0);
  assert.deepEqual(await v.contributions(), []);
  await v.reload();
  assert.equal(await v.score(), 0);
  await v.call('track', 'webinar_signup'); // limit 1, but the history is gone
  await v.expectScore(25);
});

test('state() read in the same instant as a track shows what it scored, and each read is the page\'s own copy', async (t) => {
  // The fake clock holds Date.now still: every read below happens at one instant.
  const v = await site.open(t, { config: { ...config, groups: { fit: {} }, rules: [{ ...config.rules[0], group: 'fit' }] }, path: '/resources', clock: true });
  const reads = await v.page.evaluate(() => {
    const before = LeadScore.state();
    before.score = 99;
    before.groups.fit = 99;
    const untouched = LeadScore.state();
    LeadScore('track', 'webinar_signup');
    return [untouched, LeadScore.state()];
  });
  assert.deepEqual(reads.map((s) => [s.score, s.groups]), [[0, { fit: 0 }], [25, { fit: 25 }]]);
});

test('on subscribes a handler and off unsubscribes it', async (t) => {
  const v = await open(t);
  await v.page.evaluate(() => {
    window.__deltas = [];
    window.__handler = (detail) => window.__deltas.push(detail.delta);
    LeadScore('on', 'score', window.__handler);
    LeadScore('track', 'newsletter');
  });
  await v.expectScore(5);
  assert.deepEqual(await v.page.evaluate(() => window.__deltas), [5]);
  await v.page.evaluate(() => {
    LeadScore('off', 'score', window.__handler);
    LeadScore('track', 'newsletter');
  });
  await v.expectScore(10);
  assert.deepEqual(await v.page.evaluate(() => window.__deltas), [5]);
});

test('simulate scores a rule set without touching the running widget, its storage or its handlers', async (t) => {
  const v = await open(t);
  await v.call('track', 'webinar_signup');
  await v.expectScore(25);
  await v.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0))); // the write at the task's end
  const stored = await v.page.evaluate(() => localStorage.getItem('leadscore'));
  const simulation = await v.page.evaluate((rules) => {
    // A getter that calls the widget: it runs while the events are copied, on the running widget.
    const events = [
      { on: 'demo_request', at: 0 },
      { on: 'newsletter', at: 1000, get props() { LeadScore('track', 'newsletter'); return { plan: 'pro' }; } },
      { on: 'webinar_signup', at: 2000 },
    ];
    return LeadScore.simulate({ threshold: 50, rules: rules }, events);
  }, config.rules);
  assert.deepEqual(simulation, {
    timeline: [
      { at: 0, score: 30, rule: 'demo' },
      { at: 1000, score: 35, rule: 'newsletter' },
      { at: 2000, score: 60, rule: 'webinar' },
    ],
    state: { score: 60, threshold: 50, qualified: true, qualifiedAt: 2000, tier: null, groups: {} },
  });
  // The running widget scored only the getter's own `track`; nothing of the simulation reached
  // the page's events or storage.
  await v.expectScore(30);
  await v.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  assert.deepEqual((await v.events('score')).map((e) => e.rule), ['webinar', 'newsletter']);
  assert.deepEqual(await v.events('qualified'), []);
  const rules = (text) => Object.keys(JSON.parse(text).rules);
  assert.deepEqual(rules(stored), ['webinar']);
  assert.deepEqual(rules(await v.page.evaluate(() => localStorage.getItem('leadscore'))), ['webinar', 'newsletter']);
  assert.deepEqual((await v.contributions()).map((c) => c.rule), ['webinar', 'newsletter']);
  const invalid = await v.page.evaluate(() => LeadScore.simulate({ rules: [{ id: 'a', on: 'a', points: 1 }] }, [{ on: 'a', at: 0, prop: {} }]));
  assert.deepEqual(invalid.error, { code: 'invalid_call', message: 'events[0].prop: unknown field' });
});

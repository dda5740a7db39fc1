// Visits and page context: a new visit after sessionMinutes of inactivity (props count and
// returning), first-touch UTM values kept for the visit on every event, path / query / title /
// referrer host on every event, and ignoreAutomation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pick, useSite } from './harness.mjs';

const site = useSite();
const MINUTE = 60_000;

// The visit event and its props are observed through rules: one rule per visit number.
const visitRules = [
  { id: 'visit-1', on: 'visit', where: { count: 1, returning: false }, points: 1 },
  { id: 'visit-2', on: 'visit', where: { count: 2, returning: true }, points: 10 },
  { id: 'visit-3', on: 'visit', where: { count: 3, returning: true }, points: 100 },
  { id: 'returning', on: 'visit', where: { returning: true }, points: 1000, limit: 10 },
];
const openVisits = (t, config = {}) =>
  site.open(t, { config: { rules: visitRules, ...config }, clock: true, path: '/' });
const ruleIds = async (v) => (await v.explain()).map((e) => e.rule).sort();

test('the first page view starts visit 1, not returning; a reload within sessionMinutes is the same visit', async (t) => {
  const v = await openVisits(t);
  await v.expectScore(1);
  await v.page.clock.fastForward(20 * MINUTE);
  await v.reload();
  await v.goto('/pricing');
  await v.pushState('/pricing/team');
  assert.equal(await v.score(), 1, 'a new visit 20 minutes after the last activity');
  assert.deepEqual(await v.events('score'), []);
});

test('a visitor who comes back in a new tab after sessionMinutes starts visit 2, returning', async (t) => {
  const v = await openVisits(t);
  await v.expectScore(1);
  await v.page.close();
  await v.context.clock.fastForward(31 * MINUTE);
  const back = await v.newTab('/pricing');
  await back.expectScore(1011);
  assert.deepEqual(await ruleIds(back), ['returning', 'visit-1', 'visit-2']);
});

test('after sessionMinutes idle on an open page, the click that goes on to the next page starts visit 2', async (t) => {
  const v = await openVisits(t);
  await v.expectScore(1);
  await v.page.clock.fastForward(31 * MINUTE); // the tab stays open, nobody touches it
  await Promise.all([v.page.waitForURL('**/pricing'), v.page.click('#nav-pricing')]);
  await v.afterLoad(true);
  await v.expectScore(1011);
  assert.deepEqual(await ruleIds(v), ['returning', 'visit-1', 'visit-2']);
});

test('a reload after sessionMinutes without activity starts visit 2, returning', async (t) => {
  const v = await openVisits(t);
  await v.expectScore(1);
  await v.page.clock.fastForward(31 * MINUTE); // the tab stays open, nobody touches it
  await v.reload(); // the browser's reload button (or address bar, bookmark): no input in the page
  await v.expectScore(1011);
  assert.deepEqual(await ruleIds(v), ['returning', 'visit-1', 'visit-2']);
});

test('an in-page navigation after sessionMinutes without activity starts a new visit; activity keeps a visit going', async (t) => {
  const v = await openVisits(t, { sessionMinutes: 10 });
  await v.expectScore(1);
  for (const path of ['/app/a', '/app/b', '/app/c']) { // every 8 minutes: one visit of 24 minutes
    await v.page.clock.fastForward(8 * MINUTE);
    await v.pushState(path);
  }
  assert.equal(await v.score(), 1, 'a new visit although the visitor was active every 8 minutes');
  await v.page.clock.fastForward(11 * MINUTE);
  await v.pushState('/app/d');
  await v.expectScore(1011);
  await v.page.clock.fastForward(11 * MINUTE);
  await v.pushState('/app/e');
  await v.expectScore(2111);
  assert.deepEqual(await v.contributions(), [
    { rule: 'returning', points: 2000, hits: 2 },
    { rule: 'visit-3', points: 100, hits: 1 },
    { rule: 'visit-2', points: 10, hits: 1 },
    { rule: 'visit-1', points: 1, hits: 1 },
  ]);
});

test('first-touch UTM values are kept for the visit and added to every event, so where can use them', async (t) => {
  const v = await site.open(t, {
    config: {
      rules: [
        { id: 'newsletter-pricing', on: 'page_view', url: '/pricing*', where: { utm_source: 'newsletter' }, points: 20 },
        {
          id: 'newsletter-quote', on: 'quote_request', points: 30,
          where: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'spring sale', utm_term: { exists: false } },
        },
        { id: 'not-utm', on: 'quote_request', where: { ref: { exists: true } }, points: 7 },
        { id: 'ads', on: 'page_view', where: { utm_source: 'ads' }, points: 1000, limit: 5 },
      ],
    },
    clock: true,
  });
  await v.goto('/?utm_source=newsletter&utm_medium=email&utm_campaign=spring+sale&ref=x');
  await v.goto('/pricing'); // no UTM in this address: the visit's first touch applies
  await v.expectScore(20);
  await v.page.click('#quote-button'); // any event carries them, a custom one too
  await v.expectScore(50);
  await v.goto('/?utm_source=ads'); // a later touch in the same visit does not replace the first
  await v.pushState('/features?utm_source=ads');
  assert.equal(await v.score(), 50, 'a later touch replaced the first touch');
  assert.deepEqual(await v.events('score'), []);

  await v.page.clock.fastForward(31 * MINUTE); // a new visit, landing from an ad
  await v.pushState('/landing?utm_source=ads');
  await v.expectScore(1050);
  assert.deepEqual((await v.explain()).map((e) => e.rule), ['ads', 'newsletter-quote', 'newsletter-pricing']);
});

test('every event carries the page path, query, title and referrer host', async (t) => {
  const v = await site.open(t, {
    config: {
      debug: true,
      rules: [{
        id: 'from-news', on: 'signup', points: 5,
        where: { path: '/pricing', query: { glob: '*plan=team*' }, title: '/pricing', referrer: 'news.example.com' },
      }, { id: 'any-signup', on: 'signup', points: 1, limit: 5 }],
    },
  });
  await v.page.goto('/pricing?plan=team', { referer: 'https://news.example.com/story/42?src=feed' });
  await v.afterLoad(true);
  await v.call('track', 'signup');
  await v.expectScore(6);
  await v.page.evaluate(() => {
    history.pushState({}, '', '/docs/setup?step=2#install');
    document.title = 'Setup';
  });
  await v.call('track', 'signup');
  await v.expectScore(7);
  const props = (await v.debugEvents('signup')).map((e) => pick(e.props, ['path', 'query', 'title', 'referrer']));
  assert.deepEqual(props, [
    { path: '/pricing', query: '?plan=team', title: '/pricing', referrer: 'news.example.com' },
    { path: '/docs/setup', query: '?step=2', title: 'Setup', referrer: 'news.example.com' },
  ]);
});

test('ignoreAutomation: true scores nothing under automation (navigator.webdriver); without it the same visit scores', async (t) => {
  const rules = [
    { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20 },
    { id: 'visit', on: 'visit', points: 1 },
    { id: 'demo', on: 'demo_request', points: 30 },
    { id: 'signup', on: 'signup', points: 5 },
    { id: 'reader', on: 'dwell', seconds: 10, points: 15 },
    { id: 'half', on: 'scroll', percent: 50, points: 2 },
  ];
  const visit = async (v) => {
    await v.goto('/pricing');
    await v.page.click('#demo-button');
    await v.call('track', 'signup');
    await v.engage(15);
    await v.scrollTo(100_000);
    await v.nextFrame();
  };

  const bot = await site.open(t, { config: { ignoreAutomation: true, rules }, clock: true });
  await visit(bot);
  assert.equal(await bot.page.evaluate(() => navigator.webdriver), true);
  assert.equal((await bot.ready()).ok, true, 'the widget did not start');
  assert.equal(await bot.score(), 0);
  assert.deepEqual(await bot.events('score'), []);
  assert.deepEqual(await bot.explain(), []);

  const person = await site.open(t, { config: { ignoreAutomation: false, rules }, clock: true });
  await visit(person);
  await person.expectScore(73);
});

// Single-page apps: pushState, replaceState (path changes only), popstate and hashchange make one
// page view per new address; each restarts the per-page measures (dwell, scroll, view); destroy()
// puts history back as it was, and the widget never wraps it twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';

const site = useSite();
/** One point per page view: the score counts them. */
const views = { id: 'views', on: 'page_view', points: 1, limit: 100 };
const open = (t, options = {}) => site.open(t, { config: { debug: true, rules: [views] }, path: '/app', ...options });

/** The addresses (path + query) of the page views the widget handled on this page. */
const viewedAddresses = async (v) =>
  (await v.debugEvents('page_view')).map((e) => e.props.path + e.props.query);


/** Runs before the page: keeps the history functions as the browser made them. */
function keepOriginalHistory() {
  window.__original = { pushState: history.pushState, replaceState: history.replaceState };
}
const historyIsOriginal = (v) => v.page.evaluate(() => ({
  pushState: history.pushState === window.__original.pushState,
  replaceState: history.replaceState === window.__original.replaceState,
}));

test('pushState to a new address is a page view; to the address already shown it is not', async (t) => {
  const v = await open(t);
  await v.expectScore(1);
  await v.pushState('/app/projects');
  await v.pushState('/app/projects'); // the same address again
  await v.pushState('/app/projects?sort=name'); // a new query is a new address
  await v.pushState('/app/projects?sort=name#top'); // a jump link to an anchor is not
  await v.pushState('/app/projects?sort=name#/members'); // a new route in the hash is
  await v.expectScore(4);
  await v.pushState('/app/projects?sort=name#/members');
  await v.pushState('/app/team');
  await v.expectScore(5);
  assert.deepEqual(await viewedAddresses(v), [
    '/app', '/app/projects', '/app/projects?sort=name', '/app/projects?sort=name', '/app/team',
  ]);
  const titles = (await v.debugEvents('page_view')).map((e) => e.props.title);
  assert.deepEqual(titles, Array(5).fill('/app'), 'page_view props carry the document title');
});

test('an event right after pushState or a new title, in the same task, carries the new path and title', async (t) => {
  const onPricing = { id: 'pricing-demo', on: 'demo', url: '/pricing*', where: { title: 'Plans' }, points: 7 };
  const v = await open(t, { config: { debug: true, rules: [views, onPricing] } });
  await v.expectScore(1);
  await v.page.evaluate(() => {
    LeadScore('track', 'demo'); // on /app: no points
    history.pushState({}, '', '/pricing');
    document.title = 'Plans';
    LeadScore('track', 'demo');
  });
  await v.expectScore(9); // two page views and the demo on /pricing
  const demos = (await v.debugEvents('demo')).map((e) => [e.props.path, e.props.title, e.hits]);
  assert.deepEqual(demos, [['/app', '/app', []], ['/pricing', 'Plans', ['pricing-demo']]]);
});

test('replaceState is a page view only when the path changes', async (t) => {
  const v = await open(t);
  await v.expectScore(1);
  await v.replaceState('/app?filter=open'); // a filter written into the query: same page
  await v.replaceState('/app?filter=open#list');
  await v.replaceState('/app');
  await v.pushState('/app/settings'); // a known page view after them: all of the above are handled
  await v.expectScore(2);
  await v.replaceState('/app/settings/profile');
  await v.expectScore(3);
  assert.deepEqual(await viewedAddresses(v), ['/app', '/app/settings', '/app/settings/profile']);
});

test('back and forth with popstate and hashchange: one page view per move, never two', async (t) => {
  const v = await open(t);
  const at = (address) => v.until((a) => location.pathname + location.search + location.hash === a, address);
  await v.pushState('/app/a');
  await v.pushState('/app/b');
  await v.expectScore(3);
  await v.page.evaluate(() => history.back()); // popstate
  await at('/app/a');
  await v.expectScore(4);
  await v.page.evaluate(() => history.forward());
  await at('/app/b');
  await v.expectScore(5);
  await v.page.evaluate(() => { location.hash = '#/pricing'; }); // a hash route: popstate and hashchange
  await at('/app/b#/pricing');
  await v.expectScore(6);
  await v.page.evaluate(() => history.back()); // back to /app/b: popstate and hashchange again
  await at('/app/b');
  await v.expectScore(7);
  await v.page.evaluate(() => history.forward());
  await at('/app/b#/pricing');
  await v.expectScore(8);
  // A last known page view: a late duplicate of any move above would show up before it.
  await v.pushState('/app/end');
  await v.expectScore(9);
  assert.deepEqual((await v.debugEvents('page_view')).map((e) => e.props.path), [
    '/app', '/app/a', '/app/b', '/app/a', '/app/b', '/app/b', '/app/b', '/app/b', '/app/end',
  ]);
});

test('hash routes (#/..., #!...) are page views; a jump link to an anchor (#faq) is not', async (t) => {
  const v = await open(t);
  const at = (address) => v.until((a) => location.pathname + location.hash === a, address);
  await v.expectScore(1);
  await v.page.evaluate(() => { location.hash = '#faq'; });
  await at('/app#faq');
  await v.page.evaluate(() => { location.hash = '#/settings'; });
  await at('/app#/settings');
  await v.expectScore(2);
  await v.page.evaluate(() => { location.hash = '#!/billing'; });
  await at('/app#!/billing');
  await v.expectScore(3);
  await v.page.evaluate(() => history.back()); // to #/settings
  await at('/app#/settings');
  await v.expectScore(4);
  await v.page.evaluate(() => history.go(-2)); // to /app, passing #faq
  await at('/app');
  await v.expectScore(5);
  await v.page.evaluate(() => history.forward()); // to #faq: still the /app page view
  await at('/app#faq');
  await v.pushState('/app/end');
  await v.expectScore(6);
  assert.deepEqual(await viewedAddresses(v), ['/app', '/app', '/app', '/app', '/app', '/app/end']);
});

test('an in-page navigation restarts engaged time and the time an element is in view', async (t) => {
  const v = await site.open(t, {
    config: {
      rules: [
        { id: 'reader', on: 'dwell', seconds: 30, points: 10, limit: 5 },
        { id: 'pricing-read', on: 'view', selector: '#pricing-table', seconds: 20, points: 1, limit: 5 },
      ],
    },
    clock: true,
    path: '/app',
  });
  await v.scrollTo('#pricing-table');
  await v.engage(15);
  await v.pushState('/app/plans'); // the pricing table stays in view
  await v.engage(15);
  assert.equal(await v.score(), 0, '30 s over two page views scored: the measures did not restart');
  await v.engage(10);
  await v.expectScore(1); // 25 s in view since the navigation
  await v.engage(10);
  await v.expectScore(11); // 35 s engaged since the navigation
  assert.deepEqual((await v.events('score')).map((e) => e.rule), ['pricing-read', 'reader']);
});

test('an in-page navigation restarts scroll depth', async (t) => {
  const v = await site.open(t, {
    config: { rules: [{ id: 'half', on: 'scroll', percent: 50, points: 5, limit: 5 }] },
    path: '/app',
  });
  const { height, viewport } = await v.metrics();
  const at60 = height * 0.6 - viewport;
  await v.scrollTo(at60);
  await v.expectScore(5);
  await v.scrollTo(0);
  await v.scrollTo(height); // deeper on the same page view: once per page view
  await v.pushState('/app/next');
  assert.equal(await v.score(), 5);
  await v.scrollTo(0);
  await v.scrollTo(at60);
  await v.expectScore(10);
  await v.scrollTo(0);
  await v.scrollTo(at60);
  await v.nextFrame();
  assert.equal(await v.score(), 10);
});

test('destroy puts history.pushState and replaceState back; later navigations score nothing', async (t) => {
  const v = await open(t, { initScript: keepOriginalHistory });
  await v.expectScore(1);
  assert.deepEqual(await historyIsOriginal(v), { pushState: false, replaceState: false }, 'history was not wrapped');
  await v.call('destroy');
  assert.deepEqual(await historyIsOriginal(v), { pushState: true, replaceState: true });
  await v.pushState('/app/after');
  await v.replaceState('/app/after/replaced');
  await v.page.evaluate(() => { location.hash = '#/x'; });
  await v.until(() => location.hash === '#/x');
  await v.nextFrame();
  assert.equal(await v.score(), 0); // the empty state: the widget is gone
  assert.deepEqual(await viewedAddresses(v), ['/app']);
  assert.equal(await v.page.evaluate(() => location.pathname), '/app/after/replaced');
});

test('init, destroy, init: history is wrapped once, and one pushState is one page view', async (t) => {
  const v = await open(t, { initScript: keepOriginalHistory });
  await v.expectScore(1);
  await v.call('destroy');
  await v.call('init', { debug: true, rules: [views] });
  await v.expectScore(2); // the stored score, plus the page view of the second init
  await v.pushState('/app/once');
  await v.expectScore(3);
  await v.pushState('/app/twice');
  await v.expectScore(4);
  await v.nextFrame();
  assert.equal(await v.score(), 4);
  assert.deepEqual(await viewedAddresses(v), ['/app', '/app', '/app/once', '/app/twice']);
  await v.call('destroy');
  assert.deepEqual(await historyIsOriginal(v), { pushState: true, replaceState: true });
});

test('a page that includes the widget twice wraps history once', async (t) => {
  const v = await open(t, {
    head: '<script async src="/leadscore/leadscore.js"></script>',
    initScript: keepOriginalHistory,
  });
  await v.expectScore(1);
  await v.pushState('/app/a');
  await v.expectScore(2);
  await v.pushState('/app/b');
  await v.expectScore(3);
  assert.deepEqual(await viewedAddresses(v), ['/app', '/app/a', '/app/b']);
  await v.call('destroy');
  assert.deepEqual(await historyIsOriginal(v), { pushState: true, replaceState: true });
});

test('a wrapper another script put over the widget\'s keeps working after destroy and a new init', async (t) => {
  const v = await open(t, { initScript: keepOriginalHistory });
  await v.expectScore(1);
  await v.page.evaluate(() => { // e.g. a router or another analytics script, loaded after the widget
    window.__routerCalls = 0;
    const inner = history.pushState;
    history.pushState = function (...args) { window.__routerCalls += 1; return inner.apply(this, args); };
    window.__routerPushState = history.pushState;
  });
  await v.call('destroy');
  assert.equal(await v.page.evaluate(() => history.pushState === window.__routerPushState), true,
    'destroy removed the other script\'s wrapper');
  await v.pushState('/app/after-destroy');
  assert.equal(await v.page.evaluate(() => location.pathname), '/app/after-destroy');
  await v.call('init', { debug: true, rules: [views] });
  await v.expectScore(2);
  await v.pushState('/app/again');
  await v.expectScore(3);
  await v.pushState('/app/and-again');
  await v.expectScore(4);
  await v.nextFrame();
  assert.equal(await v.score(), 4, 'one pushState counted more than once');
  assert.equal(await v.page.evaluate(() => window.__routerCalls), 3);
  assert.deepEqual(await viewedAddresses(v), ['/app', '/app/after-destroy', '/app/again', '/app/and-again']);
});

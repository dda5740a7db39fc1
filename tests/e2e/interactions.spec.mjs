// What the visitor does on a page: scroll depth (also on a page that grows), an element read in
// view for 20 s of engaged time, clicks (selector, href, outbound, text), form submits (id, name,
// action, never field values), exit intent, and data-leadscore-event elements.
// The test site's page (fixtures/page.html) is tall, with #pricing-table below the first screen,
// a partner link to another host, two forms and elements with data-leadscore-event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pick, useSite } from './harness.mjs';

const site = useSite();

// ---- scroll ----

const depthRules = [
  { id: 'half', on: 'scroll', percent: 50, points: 5, limit: 5 },
  { id: 'most', on: 'scroll', percent: 90, points: 9, limit: 5 },
];

test('scroll scores each percent once per page view, when the deepest point reaches it', async (t) => {
  const v = await site.open(t, { config: { debug: true, rules: depthRules }, path: '/blog/post' });
  const { height, viewport } = await v.metrics();
  const bottomAt = (fraction) => height * fraction - viewport; // scrollY that puts the window's bottom there
  await v.scrollTo(bottomAt(0.4));
  assert.equal(await v.score(), 0, 'scored at 40 %');
  await v.scrollTo(bottomAt(0.6));
  await v.expectScore(5);
  await v.scrollTo(0);
  await v.scrollTo(bottomAt(0.6)); // the same depth again
  await v.scrollTo(bottomAt(0.8));
  assert.equal(await v.score(), 5);
  await v.scrollTo(height);
  await v.expectScore(14);
  await v.scrollTo(0);
  await v.scrollTo(height);
  assert.equal(await v.score(), 14);
  assert.deepEqual((await v.debugEvents('scroll')).map((e) => e.props.percent), [50, 90]);
});

test('a page that grows while you scroll: depth is measured against its current height', async (t) => {
  const v = await site.open(t, { config: { rules: depthRules }, path: '/blog/post' });
  const before = await v.metrics();
  await v.scrollTo(before.height * 0.6 - before.viewport);
  await v.expectScore(5);
  await v.page.evaluate((h) => { // e.g. comments or an infinite list loading below
    const more = Object.assign(document.createElement('div'), { id: 'loaded-later' });
    more.style.height = `${h}px`;
    document.body.append(more);
  }, before.height);
  const after = await v.metrics();
  assert.ok(after.height >= 2 * before.height - 1, `the page did not grow: ${JSON.stringify(after)}`);
  await v.scrollTo(before.height - before.viewport); // the old bottom: now only half way down
  assert.equal(await v.score(), 5, '90 % scored at the old bottom of a page twice as long');
  await v.scrollTo(after.height * 0.95 - after.viewport);
  await v.expectScore(14);
});

// ---- view ----

const pricingRead = { id: 'pricing-read', on: 'view', selector: '#pricing-table', seconds: 20, points: 12 };

test('view scores after 20 s of engaged time with #pricing-table in view; time elsewhere does not count', async (t) => {
  const v = await site.open(t, { config: { rules: [pricingRead] }, clock: true, path: '/pricing' });
  await v.engage(40); // engaged, but the table is below the first screen
  assert.equal(await v.score(), 0, 'scored while the table was out of view');
  await v.scrollTo('#pricing-table');
  await v.engage(15);
  assert.equal(await v.score(), 0, 'scored after 15 s in view');
  await v.engage(10);
  await v.expectScore(12);
  assert.deepEqual(await v.events('score'), [{ score: 12, delta: 12, rule: 'pricing-read' }]);
});

test('view time stops while the element is scrolled out of view and while the tab is hidden', async (t) => {
  const v = await site.open(t, { config: { rules: [pricingRead] }, clock: true, path: '/pricing' });
  await v.scrollTo('#pricing-table');
  await v.engage(10);
  await v.scrollTo(0);
  await v.engage(40);
  assert.equal(await v.score(), 0, 'scored while the table was scrolled out of view');
  await v.scrollTo('#pricing-table');
  await v.setVisibility('hidden');
  await v.engage(40);
  assert.equal(await v.score(), 0, 'scored while the tab was hidden');
  await v.setVisibility('visible');
  await v.engage(5);
  assert.equal(await v.score(), 0, 'scored after 15 s in view');
  await v.engage(8); // 10 + 13 s in view, visible and engaged
  await v.expectScore(12);
});

test('less than half of the element in view does not count; a table taller than the screen that fills it does', async (t) => {
  const v = await site.open(t, { config: { rules: [pricingRead] }, clock: true, path: '/pricing' });
  const { top, height } = await v.page.evaluate(() => {
    const r = document.querySelector('#pricing-table').getBoundingClientRect();
    return { top: r.top + scrollY, height: r.height };
  });
  const { viewport } = await v.metrics();
  await v.scrollTo(top - viewport + 0.3 * height); // 30 % of the table peeks in at the bottom
  await v.engage(40);
  assert.equal(await v.score(), 0, 'scored with 30 % of the table in view');
  await v.page.evaluate((h) => { document.querySelector('#pricing-table').style.height = `${h}px`; }, viewport * 3);
  await v.nextFrame();
  await v.scrollTo(top + viewport); // the table fills the screen but is only a third in view
  await v.engage(25);
  await v.expectScore(12);
});

test('an element many screens tall counts while it fills the screen, reached by scrolling down to it', async (t) => {
  // E.g. `{ on: 'view', selector: 'article', seconds: 60 }` on a long article. At most a sixth of
  // it is ever in view, so only "fills at least half of the viewport" can make it count.
  const v = await site.open(t, {
    config: { rules: [pricingRead] },
    head: '<style>#pricing-table { height: 600vh !important; }</style>',
    clock: true,
    path: '/pricing',
  });
  const top = await v.page.evaluate(() => document.querySelector('#pricing-table').getBoundingClientRect().top + scrollY);
  const { viewport } = await v.metrics();
  for (const y of [top - viewport + 50, top - viewport / 2, top, top + viewport]) { // scrolling down, as a reader does
    await v.scrollTo(y);
  }
  await v.engage(25);
  await v.expectScore(12);
});

test('an element on the first screen counts without any scrolling', async (t) => {
  const v = await site.open(t, {
    config: { rules: [{ id: 'headline', on: 'view', selector: 'h1', seconds: 20, points: 3 }] },
    clock: true,
    path: '/pricing',
  });
  await v.engage(15);
  assert.equal(await v.score(), 0);
  await v.engage(10);
  await v.expectScore(3);
});

/** Renders a pricing block at the top of <main>, as a page script or an SPA's router does. */
const renderPlans = (v) => v.page.evaluate(() => {
  const plans = Object.assign(document.createElement('section'), { id: 'plans', textContent: 'Plans' });
  plans.style.height = '300px';
  document.querySelector('main').prepend(plans);
});
const plansRead = { id: 'plans-read', on: 'view', selector: '#plans', seconds: 20, points: 7 };

test('an element rendered after load is watched as soon as it is there, without the visitor scrolling', async (t) => {
  const v = await site.open(t, { config: { rules: [plansRead] }, clock: true, path: '/pricing' });
  await v.engage(5);
  await renderPlans(v); // e.g. prices fetched after load
  await v.nextFrame();
  await v.engage(25);
  await v.expectScore(7);
});

test('after an SPA navigation, an element the app renders for the new page is watched without scrolling', async (t) => {
  const v = await site.open(t, { config: { rules: [plansRead] }, clock: true, path: '/app' });
  await v.engage(5);
  await v.pushState('/app/pricing'); // a router navigates, then renders
  await renderPlans(v);
  await v.nextFrame();
  await v.engage(25);
  await v.expectScore(7);
});

test('scroll frames do not search the page for view elements; a change of its content does', async (t) => {
  const v = await site.open(t, { config: { rules: [plansRead] }, clock: true, path: '/pricing' });
  await v.page.evaluate(() => {
    window.__searches = 0;
    const search = Document.prototype.querySelectorAll;
    Document.prototype.querySelectorAll = function (selector) {
      if (selector === '#plans') window.__searches++;
      return search.call(this, selector);
    };
  });
  for (const y of [400, 800, 1200, 0]) await v.scrollTo(y);
  assert.equal(await v.page.evaluate(() => window.__searches), 0, 'a scroll frame searched the page');
  await renderPlans(v);
  await v.nextFrame();
  assert.equal(await v.page.evaluate(() => window.__searches), 1);
  await v.engage(25);
  await v.expectScore(7);
});

test('an element that comes to match later (a class the page sets) is watched from the next scroll', async (t) => {
  const rule = { id: 'chosen-read', on: 'view', selector: '.chosen', seconds: 20, points: 4 };
  const v = await site.open(t, { config: { rules: [rule] }, clock: true, path: '/pricing' });
  await v.page.evaluate(() => document.querySelector('#pricing-table').classList.add('chosen'));
  await v.scrollTo('#pricing-table');
  await v.engage(25);
  await v.expectScore(4);
});

// ---- click ----

const LONG_TEXT = Array.from({ length: 30 }, (_, i) => `café${i}`).join(' \n\t  ');
const longLink = `<p><a id="long-link" href="/docs/long" onclick="event.preventDefault()">
  ${LONG_TEXT}
</a></p>`;

test('click rules match by selector and by the href, outbound and text props', async (t) => {
  const v = await site.open(t, {
    config: {
      debug: true,
      rules: [
        { id: 'partner', on: 'click', selector: 'a.partner', where: { outbound: true }, points: 20 },
        { id: 'offer', on: 'click', where: { href: { glob: 'https://partner.example.org/*' } }, points: 3 },
        { id: 'integration', on: 'click', where: { text: { glob: '*integration*' } }, points: 100 },
        { id: 'any', on: 'click', points: 1, limit: 20 },
      ],
    },
    path: '/resources',
  });
  const origin = new URL(v.page.url()).origin;
  await v.page.click('#plain-text'); // any click, no link
  await v.page.click('#docs-link'); // a.partner, but on this site
  await v.page.click('#mail-link'); // another scheme is not outbound
  await v.expectScore(3);
  assert.deepEqual((await v.explain()).map((e) => e.rule), ['any']);
  await v.page.click('#partner-link-inner'); // a span inside the partner's link
  await v.expectScore(127);
  assert.deepEqual((await v.explain()).map((e) => e.rule).sort(), ['any', 'integration', 'offer', 'partner']);

  const clicks = (await v.debugEvents('click')).map((e) => e.props);
  assert.deepEqual(clicks.map((p) => pick(p, ['href', 'outbound', 'text'])), [
    { href: undefined, outbound: undefined, text: 'Some plain text that is not a link.' },
    { href: `${origin}/docs`, outbound: false, text: 'Docs' },
    { href: 'mailto:sales@example.com', outbound: false, text: 'Write to sales' },
    { href: 'https://partner.example.org/offer?ref=leadscore', outbound: true, text: "Our partner's integration offer" },
  ]);
});

test('click text is trimmed, white space folded, and capped at 100 characters', async (t) => {
  const v = await site.open(t, {
    config: { debug: true, rules: [{ id: 'docs', on: 'click', where: { text: { glob: 'café0 café1 café2 *' } }, points: 4 }] },
    body: longLink,
    path: '/resources',
  });
  await v.page.click('#long-link');
  await v.expectScore(4);
  const [click] = await v.debugEvents('click');
  const folded = LONG_TEXT.split(/\s+/).join(' ');
  assert.ok(folded.length > 150);
  assert.equal(click.props.text, folded.slice(0, 100));
  assert.equal(click.props.text.length, 100);
});

// ---- form_submit ----

const formRules = [
  { id: 'webinar', on: 'form_submit', selector: '#webinar-form', where: { name: 'webinar', action: '/webinar/register' }, points: 25 },
  { id: 'any-form', on: 'form_submit', points: 1, limit: 10 },
];

test('form_submit scores the form matching the selector, with its id, name and action attributes', async (t) => {
  const v = await site.open(t, { config: { debug: true, rules: formRules }, path: '/webinars' });
  await v.page.fill('#search-q', 'pricing');
  await v.page.press('#search-q', 'Enter'); // another form: only the rule without selector
  await v.expectScore(1);
  await v.page.fill('#webinar-name', 'Jane');
  await v.page.click('#webinar-submit');
  await v.expectScore(27);
  await v.page.evaluate(() => document.querySelector('#webinar-form').requestSubmit());
  await v.expectScore(28); // the webinar rule's limit is 1
  const submits = (await v.debugEvents('form_submit')).map((e) => pick(e.props, ['id', 'name', 'action']));
  // The form has fields named "name" and "action": the props are still the form's attributes.
  assert.deepEqual(submits, [
    { id: 'search-form', name: 'search', action: '/search' },
    { id: 'webinar-form', name: 'webinar', action: '/webinar/register' },
    { id: 'webinar-form', name: 'webinar', action: '/webinar/register' },
  ]);
});

test('what a visitor types into a form never reaches an event, the console or storage', async (t) => {
  const secrets = ['Jane Secretname', 'jane.doe@secret-example.com', 'acme merger plans', 'webinar_register'];
  const v = await site.open(t, { config: { debug: true, rules: formRules }, path: '/webinars' });
  await v.page.fill('#search-q', secrets[2]);
  await v.page.press('#search-q', 'Enter');
  await v.page.fill('#webinar-name', secrets[0]);
  await v.page.fill('#webinar-email', secrets[1]);
  await v.page.click('#webinar-submit');
  await v.expectScore(27);
  const [search, webinar] = await v.debugEvents('form_submit');
  for (const event of [search, webinar]) {
    assert.deepEqual(Object.keys(event.props).sort(), ['action', 'id', 'name', 'path', 'query', 'referrer', 'title']);
  }
  const exposed = await v.everythingExposed();
  const logged = (await v.consoleWith('')).map((m) => m.text).join('\n');
  for (const secret of secrets) { // the last one is the value of a hidden field
    assert.ok(!exposed.includes(secret), `"${secret}" reached events or storage: ${exposed}`);
    assert.ok(!logged.includes(secret), `"${secret}" reached the console`);
  }
});

// ---- exit_intent ----

test('exit_intent: the pointer leaving through the top, once per page view', async (t) => {
  const v = await site.open(t, {
    config: { debug: true, rules: [{ id: 'leaving', on: 'exit_intent', points: 10, limit: 5 }] },
    path: '/pricing',
  });
  await v.page.mouse.move(400, 300);
  await v.page.mouse.move(-10, 300); // out through the left edge
  await v.page.mouse.move(400, 300);
  await v.page.mouse.move(400, 10); // near the top, still inside
  assert.equal(await v.score(), 0, 'scored without leaving through the top');
  await v.leaveThroughTop();
  await v.expectScore(10);
  await v.leaveThroughTop();
  await v.leaveThroughTop();
  await v.pushState('/pricing/compare'); // a new page view
  await v.leaveThroughTop();
  await v.expectScore(20);
  await v.leaveThroughTop();
  assert.equal(await v.score(), 20);
  assert.deepEqual((await v.debugEvents('exit_intent')).map((e) => e.props.path), ['/pricing', '/pricing/compare']);
});

// ---- data-leadscore-event ----

test('data-leadscore-event sends its data-leadscore-props, which where conditions read', async (t) => {
  const v = await site.open(t, {
    config: {
      debug: true,
      rules: [
        { id: 'team-quote', on: 'quote_request', where: { plan: { in: ['team', 'enterprise'] }, seats: { gte: 10 } }, points: 30 },
        { id: 'small-quote', on: 'quote_request', where: { seats: { lt: 10 } }, points: 1 },
      ],
    },
    path: '/pricing',
  });
  await v.page.click('#quote-button');
  await v.expectScore(30);
  assert.deepEqual((await v.explain()).map((e) => e.rule), ['team-quote']);
  const [quote] = await v.debugEvents('quote_request');
  assert.deepEqual(pick(quote.props, ['plan', 'seats', 'path']), { plan: 'team', seats: 25, path: '/pricing' });
});

test('malformed data-leadscore-props JSON is an invalid_call error event, not an exception', async (t) => {
  const v = await site.open(t, {
    config: { rules: [{ id: 'quote', on: 'quote_request', points: 30, limit: 5 }] },
    path: '/pricing',
  });
  const clicked = await v.page.evaluate(() => {
    document.querySelector('#broken-quote-button').click();
    return 'page code went on';
  });
  assert.equal(clicked, 'page code went on');
  const [error] = await v.expectEvents('error');
  assert.equal(error.code, 'invalid_call');
  assert.match(error.message, /data-leadscore-props/);
  assert.equal(await v.score(), 0, 'the click scored with malformed props');
  await v.page.click('#quote-button'); // the page and the widget go on
  await v.expectScore(30);
});

test('a malformed data-leadscore-props is reported once, however often it is clicked', async (t) => {
  // CONTRACT.md, error codes: "Each is reported once per cause, not once per event."
  const v = await site.open(t, {
    config: { rules: [{ id: 'quote', on: 'quote_request', points: 30, limit: 5 }] },
    path: '/pricing',
  });
  await v.page.click('#broken-quote-button');
  await v.expectEvents('error');
  await v.page.click('#broken-quote-button');
  await v.page.click('#broken-quote-button');
  await v.page.click('#quote-button'); // handled after the clicks above
  await v.expectScore(30);
  assert.deepEqual((await v.events('error')).map((e) => e.code), ['invalid_call'], 'one report per cause');
});

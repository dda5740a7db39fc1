// Engaged time in the hard cases, on Playwright's fake clock: a tab hidden mid-read, a blurred
// window, an idle reader and one who only scrolls or types, a prerendered page, a page restored
// from the back/forward cache, and the last page of a visit. (dwell.spec.mjs has the basics.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';

const site = useSite();
const reader = { id: 'reader', on: 'dwell', seconds: 60, points: 15 };

test('a hidden tab pauses engaged time: time before and after counts, time hidden does not', async (t) => {
  const v = await site.open(t, { config: { rules: [reader] }, clock: true, path: '/blog/post' });
  await v.engage(40);
  await v.setVisibility('hidden');
  await v.engage(120); // input while hidden must not count either
  await v.setVisibility('visible');
  await v.engage(15);
  assert.equal(await v.score(), 0, 'scored at 55 engaged seconds: hidden time counted');
  await v.engage(10);
  await v.expectScore(15); // 40 + 25 engaged seconds: what was counted before hiding was kept
});

test('a blurred window pauses engaged time, with input or without, and focus resumes it', async (t) => {
  const v = await site.open(t, { config: { rules: [reader] }, clock: true, path: '/blog/post' });
  await v.engage(40);
  await v.setFocus(false);
  await v.engage(120);
  await v.setFocus(true);
  await v.engage(15);
  assert.equal(await v.score(), 0, 'scored at 55 engaged seconds: blurred time counted');
  await v.engage(10);
  await v.expectScore(15);
});

test('an idle reader stops counting idleSeconds after the last input (page load counts as input)', async (t) => {
  const v = await site.open(t, {
    config: { idleSeconds: 10, rules: [reader] }, clock: true, path: '/blog/post',
  });
  await v.idle(300); // load + 10 s counted, then nothing
  await v.engage(44, { every: 4 });
  assert.equal(await v.score(), 0, 'more than 10 s of the idle stretch counted');
  await v.engage(12, { every: 4 }); // 10 + 56
  await v.expectScore(15);
});

for (const input of ['key', 'wheel']) {
  test(`a reader who only ${input === 'key' ? 'presses keys' : 'scrolls with the wheel'} keeps counting`, async (t) => {
    const v = await site.open(t, {
      config: { idleSeconds: 10, rules: [reader] }, clock: true, path: '/blog/post',
    });
    await v.engage(50, { every: 8, input });
    assert.equal(await v.score(), 0);
    await v.engage(16, { every: 8, input });
    // With the pointer still, only this input kept the clock running past 10 s.
    await v.expectScore(15);
  });
}

/** Runs before the page: the document reports itself as prerendering until `__activate()`. */
function emulatePrerender() {
  let prerendering = true;
  Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => prerendering });
  window.__activate = () => {
    prerendering = false;
    document.dispatchEvent(new Event('prerenderingchange'));
  };
}

test('a prerendered page counts nothing until it is shown; then it is a page view and engaged time starts', async (t) => {
  const v = await site.open(t, {
    config: {
      rules: [
        { id: 'view', on: 'page_view', points: 10, limit: 10 },
        { id: 'visit', on: 'visit', points: 1 },
        { id: 'reader', on: 'dwell', seconds: 30, points: 15 },
      ],
    },
    initScript: emulatePrerender,
    clock: true,
    path: '/pricing',
  });
  assert.equal(await v.page.evaluate(() => document.prerendering), true);
  await v.idle(120);
  assert.equal(await v.score(), 0, 'a page view, visit or dwell was counted while prerendering');
  assert.deepEqual(await v.events('score'), []);

  await v.page.evaluate(() => window.__activate());
  await v.expectScore(11); // one page view and the visit, once shown
  await v.engage(25);
  assert.equal(await v.score(), 11, 'the prerendering time counted as engaged time');
  await v.engage(10);
  await v.expectScore(26);
  assert.deepEqual((await v.events('score')).map((e) => e.rule), ['visit', 'view', 'reader']);
});

// Playwright launches Chromium with the back/forward cache disabled (--disable-back-forward-cache),
// so a real restore cannot happen here: the restore is emulated with the event the browser fires
// for one, a `pageshow` whose `persisted` is true.
const restoreFromCache = (v, persisted = true) => v.page.evaluate(
  (p) => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: p })), persisted);

test('a page restored from the back/forward cache is a new page view with its own engaged time', async (t) => {
  const v = await site.open(t, {
    config: {
      rules: [
        { id: 'view', on: 'page_view', points: 1, limit: 10 },
        { id: 'reader', on: 'dwell', seconds: 30, points: 10, limit: 5 },
      ],
    },
    clock: true,
    path: '/blog/post',
  });
  await v.expectScore(1);
  await restoreFromCache(v, false); // a pageshow that is not a restore (every load has one)
  await v.engage(20);
  assert.equal(await v.score(), 1, 'a pageshow without persisted counted');

  await restoreFromCache(v);
  await v.expectScore(2);
  await v.engage(20);
  assert.equal(await v.score(), 2, 'engaged time before the restore counted for the restored page view');
  await v.engage(15);
  await v.expectScore(12);
  assert.deepEqual(await v.contributions(), [
    { rule: 'reader', points: 10, hits: 1 },
    { rule: 'view', points: 2, hits: 2 },
  ]);
});

test('the last page of a visit counts like any other: its dwell is stored while the visitor is on it', async (t) => {
  const v = await site.open(t, { config: { rules: [reader] }, clock: true, path: '/blog/post' });
  await v.engage(65);
  await v.expectScore(15);
  await v.page.close(); // the visitor leaves; no heartbeat, no later page
  const later = await v.newTab('/');
  assert.equal(await later.score(), 15);
  assert.deepEqual(await later.contributions(), [{ rule: 'reader', points: 15, hits: 1 }]);
});

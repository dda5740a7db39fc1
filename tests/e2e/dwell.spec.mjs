// dwell rules on Playwright's fake clock: engaged time needs a visible page, a focused window
// and input within the last idleSeconds (default 30).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';

const site = useSite();
const config = { rules: [{ id: 'reader', on: 'dwell', seconds: 60, points: 15 }] };
const open = (t) => site.open(t, { config, clock: true, path: '/blog/post' });

test('dwell scores after 60 s of engaged time with regular input, not before', async (t) => {
  const v = await open(t);
  await v.engage(50);
  assert.equal(await v.score(), 0, 'scored before 60 engaged seconds');
  await v.engage(15);
  await v.expectScore(15);
  assert.deepEqual(await v.contributions(), [{ rule: 'reader', points: 15, hits: 1 }]);
});

test('dwell does not count while the tab is hidden', async (t) => {
  const v = await open(t);
  await v.setVisibility('hidden');
  await v.engage(90);
  assert.equal(await v.score(), 0, 'scored while hidden');
  await v.setVisibility('visible');
  await v.engage(65);
  await v.expectScore(15);
});

test('dwell does not count while the visitor is idle, and resumes with new input', async (t) => {
  const v = await open(t);
  await v.idle(120);
  assert.equal(await v.score(), 0, 'scored with no input for 120 s');
  await v.engage(65);
  await v.expectScore(15);
});

test('dwell does not count while the window is blurred', async (t) => {
  const v = await open(t);
  await v.setFocus(false);
  await v.engage(90);
  assert.equal(await v.score(), 0, 'scored while the window had no focus');
  await v.setFocus(true);
  await v.engage(65);
  await v.expectScore(15);
});

// download rules: links to documents (by extension) and links with a download attribute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';

const site = useSite();
const config = {
  downloadExtensions: ['pdf', 'zip'],
  rules: [
    { id: 'whitepaper', on: 'download', extension: 'pdf', points: 30 },
    { id: 'any-download', on: 'download', points: 5, limit: 10 },
  ],
};
const ruleIds = async (v) => (await v.explain()).map((e) => e.rule).sort();

test('a click on a link to a .pdf scores a download rule with extension "pdf"', async (t) => {
  const v = await site.open(t, { config, path: '/resources' });
  await v.clickToNewTab('#guide-pdf');
  assert.deepEqual(await v.expectRule('whitepaper'), { rule: 'whitepaper', points: 30, hits: 1 });
  await v.expectScore(35);
});

test('a link with a download attribute counts as a download even to a non-document', async (t) => {
  const v = await site.open(t, { config, path: '/resources' });
  await Promise.all([v.page.waitForEvent('download'), v.page.click('#logo-download')]); // an .svg
  assert.deepEqual(await v.expectRule('any-download'), { rule: 'any-download', points: 5, hits: 1 });
  assert.deepEqual(await ruleIds(v), ['any-download']);
});

test('a .zip link is a download but does not match extension "pdf"', async (t) => {
  const v = await site.open(t, { config, path: '/resources' });
  await v.clickToNewTab('#tools-zip');
  await v.expectRule('any-download');
  assert.deepEqual(await ruleIds(v), ['any-download']);
  assert.equal(await v.score(), 5);
});

test('links to pages and to files outside downloadExtensions are not downloads', async (t) => {
  const v = await site.open(t, { config, path: '/resources' });
  await v.clickToNewTab('#resources-link');
  await v.clickToNewTab('#logo-view'); // an .svg without a download attribute
  await v.clickToNewTab('#guide-pdf'); // a real download afterwards: the clicks above were seen too
  await v.expectRule('whitepaper');
  assert.deepEqual(await v.contributions(), [
    { rule: 'whitepaper', points: 30, hits: 1 },
    { rule: 'any-download', points: 5, hits: 1 },
  ]);
});

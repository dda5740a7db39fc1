// The size budget: what a page downloads for the widget (script + wasm, gzip) may not
// grow past the budget, which sits just above the size reached. Lower it as the size falls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from '../scripts/sizes.mjs';

const BUDGET_GZIP = 23_600;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

test(`what a page downloads stays within ${BUDGET_GZIP} bytes gzip`, () => {
  const { page } = measure(dist);
  assert.ok(page.gzip <= BUDGET_GZIP, `${page.gzip} bytes gzip, budget ${BUDGET_GZIP}`);
});

// The size budgets: what a page downloads for the widget (script + wasm) may not grow past the
// budget, gzip -9 as a server compresses on the fly and the precompressed gzip the build writes
// beside each file; each sits just above the size reached. Lower them as the size falls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { PRECOMPRESSED } from '../scripts/compress.mjs';
import { measure, PAGE_FILES } from '../scripts/sizes.mjs';

const BUDGET_GZIP = 23_600;
const BUDGET_PRECOMPRESSED = 22_450;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

test(`what a page downloads stays within ${BUDGET_GZIP} bytes gzip -9`, () => {
  const { page } = measure(dist);
  assert.ok(page.gzip <= BUDGET_GZIP, `${page.gzip} bytes gzip, budget ${BUDGET_GZIP}`);
});

test(`what a page downloads precompressed stays within ${BUDGET_PRECOMPRESSED} bytes gzip`, () => {
  const { page } = measure(dist);
  assert.ok(page.zopfli <= BUDGET_PRECOMPRESSED, `${page.zopfli} bytes gzip, budget ${BUDGET_PRECOMPRESSED}`);
});

test('each precompressed file is its file, and smaller than gzip -9 makes it', () => {
  const { files } = measure(dist);
  for (const name of PAGE_FILES) {
    const file = fs.readFileSync(path.join(dist, name));
    const gz = name + PRECOMPRESSED.gzip;
    const br = name + PRECOMPRESSED.br;
    assert.deepEqual(zlib.gunzipSync(fs.readFileSync(path.join(dist, gz))), file, gz);
    assert.deepEqual(zlib.brotliDecompressSync(fs.readFileSync(path.join(dist, br))), file, br);
    assert.ok(files[name].zopfli < files[name].gzip, `${name}.gz: ${files[name].zopfli} bytes, gzip -9 ${files[name].gzip}`);
  }
});

// Measures the files of a build folder: raw, gzip -9 and brotli (max quality) bytes, and the
// precompressed gzip the build wrote beside a file (zopfli, `<name>.gz`); sizesOf(file), measure(dir), printSizes(sizes).
import fs from 'node:fs';
import path from 'node:path';
import { brotli11, gzip9, PRECOMPRESSED } from './compress.mjs';

// What a page that uses the script tag downloads.
export const PAGE_FILES = ['leadscore.js', 'leadscore_bg.wasm'];

/** The sizes of `file`, and as `zopfli` the size of the `.gz` written beside it, if there is one. */
export function sizesOf(file) {
  const buf = fs.readFileSync(file);
  const sizes = { raw: buf.length, gzip: gzip9(buf).length, brotli: brotli11(buf).length };
  const gz = file + PRECOMPRESSED.gzip;
  if (fs.existsSync(gz)) sizes.zopfli = fs.statSync(gz).size;
  return sizes;
}

/** True for a precompressed form the build writes beside a file (`.br`, `.gz`). */
export const isPrecompressed = (name) => Object.values(PRECOMPRESSED).some((ext) => name.endsWith(ext));

/**
 * { files: { name: { raw, gzip, brotli, zopfli? } }, page: { raw, gzip, brotli, zopfli } } for
 * every file in dir but sizes.json and the precompressed forms, whose gzip size is each file's `zopfli`.
 */
export function measure(dir) {
  const files = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (name === 'sizes.json' || isPrecompressed(name) || !fs.statSync(p).isFile()) continue;
    files[name] = sizesOf(p);
  }
  const page = { raw: 0, gzip: 0, zopfli: 0, brotli: 0 };
  for (const name of PAGE_FILES) {
    for (const k of Object.keys(page)) page[k] += files[name]?.[k] ?? 0;
  }
  return { files, page };
}

export function printSizes({ files, page }, log = console.log) {
  const cell = (n) => String(n ?? '-').padStart(10);
  const row = (name, s) => log(`${name.padEnd(28)}${cell(s.raw)}${cell(s.gzip)}${cell(s.zopfli)}${cell(s.brotli)}`);
  log(`${'file'.padEnd(28)}${cell('raw')}${cell('gzip -9')}${cell('.gz')}${cell('brotli')}`);
  for (const [name, s] of Object.entries(files)) row(name, s);
  row('page total (js+wasm)', page);
}

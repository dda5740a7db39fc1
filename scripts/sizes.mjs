// Measures the files of a build folder: raw, gzip -9 and brotli (max quality) bytes; measure(dir) and printSizes(sizes).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// What a page that uses the script tag downloads.
export const PAGE_FILES = ['leadscore.js', 'leadscore_bg.wasm'];

export function sizeOf(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

/** { files: { name: { raw, gzip, brotli } }, page: { raw, gzip, brotli } } for every file in dir (not sizes.json). */
export function measure(dir) {
  const files = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (name === 'sizes.json' || !fs.statSync(p).isFile()) continue;
    files[name] = sizeOf(fs.readFileSync(p));
  }
  const page = { raw: 0, gzip: 0, brotli: 0 };
  for (const name of PAGE_FILES) {
    for (const k of Object.keys(page)) page[k] += files[name]?.[k] ?? 0;
  }
  return { files, page };
}

export function printSizes({ files, page }, log = console.log) {
  const row = (name, s) => log(`${name.padEnd(28)}${String(s.raw).padStart(10)}${String(s.gzip).padStart(10)}${String(s.brotli).padStart(10)}`);
  log(`${'file'.padEnd(28)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`);
  for (const [name, s] of Object.entries(files)) row(name, s);
  row('page total (js+wasm)', page);
}

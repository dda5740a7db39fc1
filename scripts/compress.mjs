// The encodings a page's files travel in: gzip -9 (the most a server compressing on the fly
// sends), zopfli's gzip and brotli 11 (what the build writes beside the files, for servers that
// send precompressed files); precompress(dir, names) writes them.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const gzip9 = (buf) => zlib.gzipSync(buf, { level: 9 });

export const brotli11 = (buf) => zlib.brotliCompressSync(buf, {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
  },
});

// Zopfli searches harder than zlib for the same deflate format, which every gzip reader reads;
// past 15 iterations it finds a few bytes more for seconds more. Loaded when first used, so
// that what only needs the names below (the server) does not load a compressor.
export const zopfli = async (buf) => {
  const { gzipAsync } = await import('@gfx/zopfli');
  return Buffer.from(await gzipAsync(buf, { numiterations: 15 }));
};

/** The precompressed forms of a file, beside it, by encoding, the smaller first: `<name>.br`, `<name>.gz`. */
export const PRECOMPRESSED = { br: '.br', gzip: '.gz' };

/** Writes `<name>.gz` (zopfli) and `<name>.br` (brotli 11) beside each of `names` in `dir`. */
export async function precompress(dir, names) {
  for (const name of names) {
    const file = path.join(dir, name);
    const buf = fs.readFileSync(file);
    fs.writeFileSync(file + PRECOMPRESSED.gzip, await zopfli(buf));
    fs.writeFileSync(file + PRECOMPRESSED.br, brotli11(buf));
  }
}

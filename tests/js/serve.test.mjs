// The demo, test and bench server (scripts/serve.mjs) sends a file's precompressed form beside
// it as a production server set for it would: only in an encoding the request accepts, and
// only when it is not older than the file.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { precompress } from '../../scripts/compress.mjs';
import { startServer } from '../../scripts/serve.mjs';

const BODY = Buffer.from('window.answer = 42;\n'.repeat(200));

// GET `url` with the given Accept-Encoding (none when undefined): { encoding, vary, body } as sent.
const get = (url, acceptEncoding) => new Promise((resolve, reject) => {
  const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
  http.get(url, { headers }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve({
      type: res.headers['content-type'], encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks),
    }));
  }).on('error', reject);
});

// A folder with app.js and its precompressed forms, served at /; the server closes after the test.
async function serve(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadscore-serve-'));
  fs.writeFileSync(path.join(dir, 'app.js'), BODY);
  await precompress(dir, ['app.js']);
  const server = await startServer({ mounts: [['/', dir]] });
  t.after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, url: server.url + 'app.js' };
}

test('brotli when accepted, else gzip, else the file as it is; each the same bytes', async (t) => {
  const { url } = await serve(t);
  const br = await get(url, 'gzip, deflate, br');
  assert.equal(br.encoding, 'br');
  assert.equal(br.vary, 'Accept-Encoding');
  assert.deepEqual(zlib.brotliDecompressSync(br.body), BODY);
  const gz = await get(url, 'gzip, deflate');
  assert.equal(gz.encoding, 'gzip');
  assert.deepEqual(zlib.gunzipSync(gz.body), BODY);
  assert.equal(gz.type, 'text/javascript; charset=utf-8', 'typed by the file, not by its precompressed form');
  for (const accept of [undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
    const plain = await get(url, accept);
    assert.equal(plain.encoding, undefined, `Accept-Encoding: ${accept}`);
    assert.deepEqual(plain.body, BODY, `Accept-Encoding: ${accept}`);
  }
  const refusedBr = await get(url, 'br;q=0, gzip');
  assert.equal(refusedBr.encoding, 'gzip', 'q=0 refuses brotli');
});

test('a precompressed form older than its file (the file edited since the build) is not sent', async (t) => {
  const { dir, url } = await serve(t);
  const edited = Buffer.from('window.answer = 43;\n');
  const file = path.join(dir, 'app.js');
  fs.writeFileSync(file, edited);
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(file, later, later);
  const response = await get(url, 'gzip, br');
  assert.equal(response.encoding, undefined);
  assert.deepEqual(response.body, edited);
});

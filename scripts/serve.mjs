// Tiny static file server for the demo, tests and bench: startServer({ mounts: [[prefix, dir], ...] }).
// Like a production server set to send precompressed files (nginx's gzip_static and brotli_static),
// it sends `<file>.br` or `<file>.gz` when the request accepts that encoding and it is not older than the file.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRECOMPRESSED } from './compress.mjs';

export const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.pdf': 'application/pdf', '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8', '.zip': 'application/zip',
};

async function isFile(p) {
  try { return (await fs.stat(p)).isFile(); } catch { return false; }
}

// The encodings an Accept-Encoding header accepts (`q=0` refuses one).
const accepted = (header = '') => header.split(',').map((part) => part.trim().split(';'))
  .filter(([, q]) => !/^\s*q=0(\.0*)?\s*$/.test(q || '')).map(([name]) => name.trim().toLowerCase());

// The precompressed form of `file` to send for `acceptEncoding`, the smallest accepted: { encoding, path } or null.
async function precompressed(file, acceptEncoding) {
  const encodings = accepted(acceptEncoding);
  for (const [encoding, ext] of Object.entries(PRECOMPRESSED)) {
    if (!encodings.includes(encoding)) continue;
    try {
      const [original, packed] = await Promise.all([fs.stat(file), fs.stat(file + ext)]);
      if (packed.isFile() && packed.mtimeMs >= original.mtimeMs) return { encoding, path: file + ext };
    } catch {} // no precompressed form: the file as it is
  }
  return null;
}

// Maps a URL path to { file } or { redirect } under the first matching mount, or null.
async function resolve(mounts, urlPath) {
  for (const [prefix, dir] of mounts) {
    if (!urlPath.startsWith(prefix) && urlPath + '/' !== prefix) continue;
    const root = path.resolve(dir);
    const rel = urlPath.slice(prefix.length);
    const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
    if (file !== root && !file.startsWith(root + path.sep)) return null; // traversal
    if (await isFile(file)) return { file };
    if (await isFile(path.join(file, 'index.html'))) {
      return urlPath.endsWith('/') ? { file: path.join(file, 'index.html') } : { redirect: urlPath + '/' };
    }
    if (await isFile(file + '.html')) return { file: file + '.html' }; // pretty URLs: /pricing
    return null; // first matching prefix wins
  }
  return null;
}

/**
 * mounts: [[urlPrefix, directory], ...]; headers(urlPath, file): optional extra headers per response.
 * Resolves to { url, port, close() }.
 */
export function startServer({ host = '127.0.0.1', port = 0, mounts, headers } = {}) {
  const server = http.createServer(async (req, res) => {
    let urlPath, search = '';
    try {
      const u = new URL(req.url, 'http://x');
      search = u.search;
      urlPath = decodeURIComponent(u.pathname);
    } catch { urlPath = null; }
    const found = urlPath && !urlPath.includes('\0') && (req.method === 'GET' || req.method === 'HEAD')
      ? await resolve(mounts, urlPath) : null;
    const file = found?.file;
    const extra = headers ? headers(urlPath, file) || {} : {};
    if (found?.redirect) {
      res.writeHead(301, { Location: encodeURI(found.redirect) + search, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
      res.end('not found\n');
      return;
    }
    try {
      const packed = await precompressed(file, req.headers['accept-encoding']);
      const body = await fs.readFile(packed ? packed.path : file);
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        ...(packed && { 'Content-Encoding': packed.encoding, Vary: 'Accept-Encoding' }),
        'Content-Length': body.length, 'Cache-Control': 'no-store', ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(e) + '\n');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const actual = server.address().port;
      ok({
        url: `http://${host}:${actual}/`, port: actual,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
      });
    });
  });
}

// Run directly: www at /, dist at /leadscore/.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { url } = await startServer({
    port: Number(process.env.PORT || 8080),
    mounts: [['/leadscore/', path.join(repo, 'dist')], ['/', path.join(repo, 'www')]],
  });
  console.log(`leadscore demo: ${url}`);
}

// Gets the bench's build folder (bench/.build/) ready: builds dist/ if it is missing, copies the
// widget's files from dist/ (so a rebuild during the run cannot mix two builds), bundles the peers
// and precompresses them as the build does ours, and writes the pages. prepare() returns the
// folders the session serves.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from '../scripts/compress.mjs';
import { bundlePeers } from './peers.mjs';
import { writePages } from './pages.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD = path.join(ROOT, 'bench', '.build');

function ensureDist(dist) {
  if (fs.existsSync(path.join(dist, 'leadscore.js'))) return;
  console.error('dist/ is missing: running node scripts/build.mjs');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed');
}

/** Copies dist/ whole into `to`; fails on a half-written build (no wasm, or one that does not validate). */
function snapshotDist(dist, to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(dist, to, { recursive: true });
  const wasm = fs.readdirSync(to).filter((f) => f.endsWith('.wasm'));
  if (wasm.length === 0) throw new Error('dist/ has no .wasm file (a build in progress?): rerun the bench');
  for (const file of wasm) {
    if (!WebAssembly.validate(fs.readFileSync(path.join(to, file)))) {
      throw new Error(`dist/${file} does not validate (a build in progress?): rerun the bench`);
    }
  }
}

export async function prepare() {
  const dist = path.join(ROOT, 'dist');
  ensureDist(dist);
  const dirs = {
    widget: path.join(BUILD, 'dist'),
    peers: path.join(BUILD, 'peers'),
    pages: path.join(BUILD, 'pages'),
    scripts: path.join(ROOT, 'bench', 'pages'),
  };
  snapshotDist(dist, dirs.widget);
  const peers = await bundlePeers(dirs.peers);
  // Precompressed as the build does ours, so the server sends every system's script alike.
  await precompress(dirs.peers, Object.values(peers).map((file) => path.basename(file)));
  writePages(dirs.pages);
  return { dirs, peers };
}

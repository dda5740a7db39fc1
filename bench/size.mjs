// Bytes: what a page downloads for our widget (every file of the dist/ snapshot but the types,
// the bundlers' ES module, sizes.json and the precompressed forms: the script and whatever it
// loads beside itself) and each peer's bundle, raw, gzip -9, precompressed gzip (zopfli: the `.gz`
// beside each file, written by the build for ours and by bench/prepare.mjs for the peers) and
// brotli 11 per file (scripts/sizes.mjs sizesOf).
// Goal: ours ≤ 20 KB gzip, as a server compresses on the fly and as it sends precompressed files.
import fs from 'node:fs';
import path from 'node:path';
import { isPrecompressed, sizesOf } from '../scripts/sizes.mjs';
import { PEERS } from './peers.mjs';
import { row, fmt } from './report.mjs';

export const GOAL_GZIP = 20 * 1024;

/** The files of a build a script-tag page may download (as they are, or in a precompressed form). */
export const pageFiles = (dir) => fs.readdirSync(dir)
  .filter((f) => f !== 'sizes.json' && !/\.(d\.ts|mjs|map)$/.test(f) && !isPrecompressed(f) && fs.statSync(path.join(dir, f)).isFile())
  .sort();

const quad = (s) => `${fmt(s.raw)} / ${fmt(s.gzip)} / ${fmt(s.zopfli)} / ${fmt(s.brotli)}`;
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, zopfli: a.zopfli + b.zopfli, brotli: a.brotli + b.brotli });

export function measureSizes({ dirs, peers }) {
  const names = pageFiles(dirs.widget);
  const files = Object.fromEntries(names.map((f) => [f, sizesOf(path.join(dirs.widget, f))]));
  const ours = Object.values(files).reduce(add);
  const peer = Object.fromEntries(Object.entries(peers).map(([name, file]) => [name, sizesOf(file)]));
  const stack = add(peer.snowplow, peer['rules-engine']);

  const rows = [
    ...names.map((f) => row(`bytes: ${f} (raw / gzip -9 / precompressed gzip / brotli)`, { ours: quad(files[f]) })),
    ...Object.keys(peers).map((name) => row(`bytes: peer bundle, ${PEERS[name].label} (raw / gzip -9 / precompressed gzip / brotli)`, { ours: '', peer: quad(peer[name]) })),
    row('bytes a page downloads, gzip -9 — peer: Snowplow', {
      ours: ours.gzip, peer: peer.snowplow.gzip, goal: `≤ ${fmt(GOAL_GZIP)}`, limit: GOAL_GZIP,
    }),
    row('bytes a page downloads, precompressed gzip (zopfli) — peer: Snowplow', {
      ours: ours.zopfli, peer: peer.snowplow.zopfli, goal: `≤ ${fmt(GOAL_GZIP)}`, limit: GOAL_GZIP,
    }),
    row('bytes a page downloads, brotli — peer: Snowplow', { ours: ours.brotli, peer: peer.snowplow.brotli }),
    row('bytes a page downloads, gzip -9 — peer: json-rules-engine', { ours: ours.gzip, peer: peer['rules-engine'].gzip }),
    row('bytes a page downloads, gzip -9 — peer: Snowplow + json-rules-engine (tracks and scores)', { ours: ours.gzip, peer: stack.gzip }),
  ];
  return { figures: { ours: { files, total: ours }, peers: peer, trackAndScoreStack: stack, goalGzip: GOAL_GZIP }, rows };
}

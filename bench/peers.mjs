// Bundles each peer (bench/peers/*.js, from the pinned devDependencies) into one minified
// browser file under bench/.build/peers/, minified as our script is (esbuild, then terser), as a
// site would ship it: bundlePeers(outDir).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { minifiedBundle } from '../scripts/minify.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The peers: the file a page loads, what it stands for, and its global (if any). */
export const PEERS = {
  snowplow: {
    entry: 'snowplow.js',
    label: 'Snowplow tracker + link, form, activity tracking',
    packages: ['@snowplow/browser-tracker', '@snowplow/browser-plugin-link-click-tracking', '@snowplow/browser-plugin-form-tracking'],
  },
  'rules-engine': {
    entry: 'rules-engine.js',
    label: 'json-rules-engine',
    packages: ['json-rules-engine'],
    globalName: 'RulesEngine',
  },
};

/** Writes outDir/<peer>.js for every peer; returns { peer: absolute file }. */
export async function bundlePeers(outDir) {
  const files = {};
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, peer] of Object.entries(PEERS)) {
    const outfile = path.join(outDir, `${name}.js`);
    const code = await minifiedBundle({
      entryPoints: [path.join(here, 'peers', peer.entry)],
      format: 'iife',
      globalName: peer.globalName,
      platform: 'browser',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    fs.writeFileSync(outfile, code);
    files[name] = outfile;
  }
  return files;
}

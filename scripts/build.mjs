// Builds the deployable widget into dist/: Rust -> wasm, wasm-bindgen glue, wasm-opt, minified loaders, size table.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { measure, printSizes } from './sizes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR || 'target');
const env = { ...process.env, PATH: `${path.join(os.homedir(), '.cargo', 'bin')}${path.delimiter}${process.env.PATH}` };
// The wasm features rustc 1.95 enables by default for wasm32-unknown-unknown (rustc --print cfg).
const WASM_FEATURES = ['bulk-memory', 'bulk-memory-opt', 'multivalue', 'mutable-globals',
  'nontrapping-float-to-int', 'reference-types', 'sign-ext', 'call-indirect-overlong'];

function fail(msg) {
  console.error(`\nbuild failed: ${msg}`);
  process.exit(1);
}

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.error) fail(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} exited with ${r.status ?? r.signal}`);
}

async function minify(code, format, file) {
  try {
    const out = await esbuild.transform(code, { format, target: 'es2018', minify: true, sourcefile: file,
      supported: { 'dynamic-import': true, 'import-meta': true } });
    return out.code;
  } catch (e) {
    fail(`esbuild could not minify ${file}: ${e.message}`);
  }
}

const started = Date.now();
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib']);
const wasm = path.join(targetDir, 'wasm32-unknown-unknown', 'release', 'leadscore.wasm');
if (!fs.existsSync(wasm)) fail(`${wasm} was not produced`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leadscore-bindgen-'));
try {
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', tmp, '--out-name', 'leadscore', wasm]);
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });

  const glue = fs.readFileSync(path.join(tmp, 'leadscore.js'), 'utf8');
  fs.writeFileSync(path.join(dist, 'leadscore_glue.js'), await minify(glue, 'esm', 'leadscore_glue.js'));
  if (fs.existsSync(path.join(tmp, 'snippets'))) {
    fs.cpSync(path.join(tmp, 'snippets'), path.join(dist, 'snippets'), { recursive: true });
  }

  const wasmOpt = path.join(root, 'node_modules', '.bin', 'wasm-opt');
  if (!fs.existsSync(wasmOpt)) fail('node_modules/.bin/wasm-opt is missing: run scripts/setup.sh (npm ci)');
  run(wasmOpt, ['-Oz', ...WASM_FEATURES.map((f) => `--enable-${f}`),
    '--strip-debug', '--strip-producers', '--strip-target-features',
    path.join(tmp, 'leadscore_bg.wasm'), '-o', path.join(dist, 'leadscore_bg.wasm')]);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (!WebAssembly.validate(fs.readFileSync(path.join(dist, 'leadscore_bg.wasm')))) {
  fail('dist/leadscore_bg.wasm does not validate after wasm-opt');
}

const loaderSrc = path.join(root, 'src', 'js', 'loader.js');
if (!fs.existsSync(loaderSrc)) fail('src/js/loader.js is missing');
const body = fs.readFileSync(loaderSrc, 'utf8');
// esbuild's iife format supplies the wrapping function: (()=>{ var s=...; var base=...; body })();
const classic = 'var s=document.currentScript;'
  + "var base=s&&s.src?s.src.slice(0,s.src.lastIndexOf('/')+1):'';\n" + body;
fs.writeFileSync(path.join(dist, 'leadscore.js'), await minify(classic, 'iife', 'leadscore.js'));
// The body runs in its own function scope so its names cannot clash with the exports.
const esm = "const base = new URL('./', import.meta.url).href;\n(function(){\n" + body + '\n})();\n'
  + 'export const LeadScore = window.LeadScore;\nexport default LeadScore;\n';
fs.writeFileSync(path.join(dist, 'leadscore.mjs'), await minify(esm, 'esm', 'leadscore.mjs'));

const dts = path.join(root, 'src', 'js', 'leadscore.d.ts');
if (fs.existsSync(dts)) fs.copyFileSync(dts, path.join(dist, 'leadscore.d.ts'));

const sizes = measure(dist);
fs.writeFileSync(path.join(dist, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log('');
printSizes(sizes);
console.log(`\nbuilt dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s`);

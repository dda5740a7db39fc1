// Builds the deployable widget into dist/: Rust -> wasm -> wasm-opt, the JS bundled by esbuild and minified by esbuild and terser, the page's files precompressed, size table.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from './compress.mjs';
import { minifiedBundle } from './minify.mjs';
import { measure, PAGE_FILES, printSizes } from './sizes.mjs';

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

// Bundles one entry of src/js into a minified file of dist/.
async function bundle(entry, format, file) {
  try {
    const code = await minifiedBundle({ entryPoints: [path.join(root, 'src', 'js', entry)], format,
      supported: { 'import-meta': true } });
    fs.writeFileSync(path.join(dist, file), code);
  } catch (e) {
    fail(`could not bundle src/js/${entry}: ${e.message}`);
  }
}

const started = Date.now();
// `standalone`: the shipped module brings its own allocator and panic handler (src/wasm.rs).
// Built as the cdylib alone (Cargo.toml also names the rlib that the tests link): built with both,
// LTO leaves more in the cdylib, among it what only the panic paths would format (the
// out-of-memory message, integer formatting, /rustc/ source paths): 380 B gzip more.
// The data is linked first, from 1 KiB, its addresses short enough for two-byte constants in the
// code (130 B gzip less than after the 1 MiB stack, rustc's default), and the stack above it. The
// stack's depth is bounded (the deepest values nest 64 levels): it never comes near its 1 MiB.
run('cargo', ['rustc', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--features', 'standalone',
  '--crate-type', 'cdylib', '--', '-C', 'link-arg=--no-stack-first']);
const wasm = path.join(targetDir, 'wasm32-unknown-unknown', 'release', 'leadscore.wasm');
if (!fs.existsSync(wasm)) fail(`${wasm} was not produced`);

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });
const wasmOpt = path.join(root, 'node_modules', '.bin', 'wasm-opt');
if (!fs.existsSync(wasmOpt)) fail('node_modules/.bin/wasm-opt is missing: run scripts/setup.sh (npm ci)');
// Flattening and re-running the relooper before -O4 (which inlines more), then -Os, compresses
// best: ~220 B gzip less than one -Oz and ~70 B less than two -Oz rounds (though 900 B larger raw).
// -O4's inlining of light functions (no loops, no calls) is held to those of 4 expressions (from
// 20): 400 B less raw, 26 B less gzip.
// Nothing uses the first KiB of memory (the data starts after it, and Rust never dereferences its
// dangling pointers): so told, wasm-opt folds added constants into the offsets of loads and
// stores (~100 B gzip).
run(wasmOpt, ['--low-memory-unused', '--flexible-inline-max-function-size', '4',
  '--flatten', '--rereloop', '-O4', '-Os', ...WASM_FEATURES.map((f) => `--enable-${f}`),
  '--strip-debug', '--strip-producers', '--strip-target-features',
  // The linker's two address globals are exported by every Rust cdylib; the page needs neither.
  '--remove-exports', '--pass-arg=remove-exports@__heap_base,__data_end',
  wasm, '-o', path.join(dist, 'leadscore_bg.wasm')]);
const shipped = new WebAssembly.Module(fs.readFileSync(path.join(dist, 'leadscore_bg.wasm')));
if (WebAssembly.Module.imports(shipped).length > 0) fail('dist/leadscore_bg.wasm must not import anything');

await bundle('classic.js', 'iife', 'leadscore.js');
await bundle('module.js', 'esm', 'leadscore.mjs');

// Beside what a page downloads, its precompressed forms, for servers that send those as they are.
try {
  await precompress(dist, PAGE_FILES);
} catch (e) {
  fail(`could not precompress ${PAGE_FILES.join(', ')}: ${e.message}`);
}

const dts = path.join(root, 'src', 'js', 'leadscore.d.ts');
if (fs.existsSync(dts)) fs.copyFileSync(dts, path.join(dist, 'leadscore.d.ts'));

const sizes = measure(dist);
fs.writeFileSync(path.join(dist, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log('');
printSizes(sizes);
console.log(`\nbuilt dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s`);

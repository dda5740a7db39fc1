// The built wasm core (dist/leadscore_bg.wasm) through src/js/core.js, in Node: the protocol of
// src/core/widget.rs from the JavaScript side, without a browser. Needs `npm run build` first.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/js/core.js';
import * as OP from '../../src/js/ops.js';

const wasm = fs.readFileSync(fileURLToPath(new URL('../../dist/leadscore_bg.wasm', import.meta.url)));
const start = async () => connect((await WebAssembly.instantiate(wasm, {})).instance.exports);
const context = { path: '/pricing', query: '', title: 'Pricing', referrer: '' };
const config = {
  threshold: 30,
  rules: [
    { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20 },
    { id: 'demo', on: 'demo_request', points: 15, where: { plan: 'pro' } },
  ],
  onQualified: () => {},
};

test('the module imports nothing and exports only memory and the three calls', () => {
  const module = new WebAssembly.Module(wasm);
  assert.deepEqual(WebAssembly.Module.imports(module), []);
  assert.deepEqual(WebAssembly.Module.exports(module).map((e) => e.name).sort(), ['ls_call', 'ls_output', 'ls_reserve', 'memory']);
});

test('configure, open, events, state: a visitor qualifies and the changed ledger is there to store', async () => {
  const call = await start();
  const { settings } = call(OP.configure, config);
  assert.equal(settings.storageKey, 'leadscore');
  assert.equal(call(OP.open, null, 1000), 'empty');
  // An event's answer is [emits, dirty]; a score's detail is [score, delta, rule].
  const view = call(OP.event, ['page_view', {}, null, null, context], 2000);
  assert.deepEqual(view, [[['score', [20, 20, 'pricing']]], true]);
  const [emits, dirty] = call(OP.event, ['demo_request', { plan: 'pro' }, null, null, context], 3000);
  assert.deepEqual(emits.map((e) => e[0]), ['score', 'qualified']);
  assert.equal(emits[1][1].score, 35);
  assert.equal(dirty, true);
  assert.deepEqual(Object.keys(call(OP.ledger).store.rules), ['pricing', 'demo']);
  // The state as the core writes it: [score, threshold, qualifiedAt, tier, groups].
  const [score, threshold, qualifiedAt, tier, groups] = call(OP.state, null, 4000);
  assert.deepEqual([score, threshold, qualifiedAt, tier, { ...groups }], [35, 30, 3000, null, {}]);
  // A call without a time reaches the core as NaN, which an op that reads the time refuses.
  assert.deepEqual(call(OP.state, null), { error: 'now: expected a time in ms' });
});

test('a config error names the field, and bad props name the call', async () => {
  const call = await start();
  assert.match(call(OP.configure, { rules: [{ id: 'a', on: 'click', pointz: 1 }] }).error, /rules\[0\]\.pointz: unknown field/);
  call(OP.configure, config);
  call(OP.open, null, 0);
  assert.match(call(OP.event, ['x', [1], null, null, context], 1).error, /^track: props: /);
  assert.match(call(OP.event, ['identify', [1], 'identify: attributes'], 1).error, /^identify: attributes: /);
});

test('a stored ledger is read back; another tab\'s is merged; an unreadable one is corrupt', async () => {
  const call = await start();
  call(OP.configure, config);
  call(OP.open, null, 0);
  call(OP.event, ['page_view', {}, null, null, context], 10);
  const { store } = call(OP.ledger);
  const again = await start();
  again(OP.configure, config);
  assert.equal(again(OP.open, JSON.parse(JSON.stringify(store)), 20), 'ok');
  assert.equal(again(OP.state, null, 20)[0], 20);
  assert.equal(again(OP.open, false, 20), 'corrupt');
  assert.deepEqual(again(OP.merge, store, 30)[0], [['score', [20, 20, null]]]);
});

test('hostile input never traps: garbage bytes and unknown ops answer an error', async () => {
  const { instance } = await WebAssembly.instantiate(wasm, {});
  const core = instance.exports;
  const at = core.ls_reserve(5);
  new Uint8Array(core.memory.buffer, at, 5).set([6, 255, 255, 255, 255]);
  assert.ok(core.ls_call(0, 5, 0) > 0);
  const call = connect(core);
  assert.ok(call(99, {}).error);
});

test('calls go on working after an input and an answer that make the memory grow', async () => {
  const core = (await WebAssembly.instantiate(wasm, {})).instance.exports;
  const call = connect(core);
  call(OP.configure, config);
  call(OP.open, null, 1000);
  const before = core.memory.buffer.byteLength;
  const long = 'x'.repeat(4 << 20); // larger than the whole memory was
  const answer = call(OP.event, ['demo_request', { plan: 'pro', note: long }, null, null, context], 2000);
  assert.ok(core.memory.buffer.byteLength > before, 'the memory grew');
  assert.deepEqual(answer[0], [['score', [15, 15, 'demo']]]);
  // The answer itself needs more memory than there is: a rule id of 8 MB, in the score and in
  // the lead's reasons.
  const id = long + long;
  call(OP.configure, { threshold: 15, rules: [{ id: id, on: 'big', points: 15 }] });
  call(OP.open, null, 3000);
  const grown = core.memory.buffer.byteLength;
  const [emits] = call(OP.event, ['big'], 4000);
  assert.ok(core.memory.buffer.byteLength > grown, 'the memory grew again');
  assert.equal(emits[0][1][2].length, 8 << 20);
  assert.equal(emits[1][1].reasons[0].rule, id);
  assert.equal(call(OP.state, null, 5000)[0], 15);
});

test('a page getter that calls the core while its value is being written gets its answer, and so does the outer call', async () => {
  const call = await start();
  call(OP.configure, config);
  call(OP.open, null, 1000);
  let inner = null;
  const props = {
    seats: 3,
    get plan() {
      inner = call(OP.state, null, 1500);
      return 'pro';
    },
  };
  const answer = call(OP.event, ['demo_request', props, null, null, context], 2000);
  assert.deepEqual(answer[0], [['score', [15, 15, 'demo']]]);
  assert.equal(inner[0], 0);
});

// src/js/simulate.js over the built wasm core (dist/leadscore_bg.wasm), in Node: the events
// replayed by a fresh widget while the running one is set aside. Needs `npm run build` first.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/js/core.js';
import * as OP from '../../src/js/ops.js';
import { simulate } from '../../src/js/simulate.js';

const wasm = fs.readFileSync(fileURLToPath(new URL('../../dist/leadscore_bg.wasm', import.meta.url)));
const start = async () => connect((await WebAssembly.instantiate(wasm, {})).instance.exports);
const config = {
  threshold: 100,
  rules: [
    { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 },
    { id: 'whitepaper', on: 'download', extension: 'pdf', points: 30 },
    { id: 'reader', on: 'dwell', seconds: 60, points: 15 },
    { id: 'careers', on: 'page_view', url: '/careers*', points: -40 },
    { id: 'returning', on: 'visit', where: { count: { gte: 2 } }, points: 5 },
  ],
  onQualified: () => {},
};
const EMPTY = [0, 100, null, null, {}];

test('a simulation replays its events into a timeline and a state', async () => {
  const call = await start();
  const events = [
    { on: 'page_view', at: 0, props: { path: '/pricing' } },
    { on: 'download', at: 5000, props: { extension: 'pdf' } },
    { on: 'page_view', at: 9000, props: { path: '/careers' } },
    // A second visit, after sessionMinutes (30) without activity: `visit` rules score too.
    { on: 'page_view', at: 9000 + 31 * 60000, props: { path: '/pricing' } },
  ];
  assert.deepEqual(simulate(call, config, events), {
    timeline: [
      { at: 0, score: 20, rule: 'pricing' },
      { at: 5000, score: 50, rule: 'whitepaper' },
      { at: 9000, score: 10, rule: 'careers' },
      { at: 9000 + 31 * 60000, score: 15, rule: 'returning' },
      { at: 9000 + 31 * 60000, score: 35, rule: 'pricing' },
    ],
    state: [35, 100, null, null, {}],
  });
  assert.deepEqual(simulate(call, config, []), { timeline: [], state: EMPTY });
  // A page that added an enumerable key to every object's prototype: not an unknown field.
  Object.prototype.polluted = true;
  try {
    assert.equal(simulate(call, config, events.slice(0, 1)).timeline.length, 1);
  } finally {
    delete Object.prototype.polluted;
  }
});

test('the running widget is set aside and comes back as it was', async () => {
  const call = await start();
  call(OP.configure, config);
  call(OP.open, null, 1000);
  call(OP.event, ['download', { extension: 'pdf' }], 2000);
  simulate(call, { ...config, threshold: 10 }, [{ on: 'download', at: 0, props: { extension: 'pdf' } }]);
  simulate(call, {}, []);
  assert.deepEqual(call(OP.state, null, 3000), [30, 100, null, null, {}]);
  // Its limit's count is its own: the simulated download did not use it up.
  const [emits] = call(OP.event, ['page_view', { path: '/pricing' }], 4000);
  assert.deepEqual(emits, [['score', [50, 20, 'pricing']]]);
  // Nothing runs while it is aside: page code in the input ran when it was copied.
  let seen;
  const events = [{ on: 'page_view', at: 0, get props() { seen = call(OP.state, null, 5000)[0]; return { path: '/pricing' }; } }];
  assert.equal(simulate(call, config, events).timeline.length, 1);
  assert.equal(seen, 50);
});

test('what a simulation cannot replay is an error, with the empty state', async () => {
  const call = await start();
  const failed = (code, message) => ({ timeline: [], state: EMPTY, error: { code: code, message: message } });
  const events = [{ on: 'page_view', at: 0 }];
  assert.deepEqual(simulate(call, { rules: [] }, events), failed('invalid_config', 'rules: must not be empty'));
  const invalid = (list, message) => assert.deepEqual(simulate(call, config, list), failed('invalid_call', message));
  invalid(undefined, 'events: expected a list');
  invalid([null], 'events[0]: expected an object');
  invalid([['page_view', 0]], 'events[0]: expected an object');
  invalid([{ on: 'x', at: 0, prop: {} }], 'events[0].prop: unknown field');
  invalid([{ at: 0 }], 'events[0].on: expected an event name');
  invalid([{ on: '', at: 0 }], 'events[0].on: expected an event name');
  invalid([{ on: 'x', at: 'soon' }], 'events[0].at: expected a time in ms');
  invalid([{ on: 'x', at: Infinity }], 'events[0].at: expected a time in ms');
  invalid([{ on: 'x', at: 5 }, { on: 'y', at: 1 }], 'events[1].at: earlier than the event before (list events in time order)');
  // The props are checked by the core as the event is replayed; what scored before is not kept.
  invalid([...events, { on: 'x', at: 1, props: { plan: ['pro'] } }], 'events[1].props.plan: expected a string, number, true/false or null');
  invalid([{ on: 'x', at: 1, props: 'pro' }], 'events[0].props: expected an object, got a string');
  // The config's problem comes first.
  assert.equal(simulate(call, {}, null).error.code, 'invalid_config');
});

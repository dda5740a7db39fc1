// The README's worked scoring example, replayed through `simulate` (src/js/simulate.js) over the
// built wasm core: every number in it must come out as written. Needs `npm run build` first.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toState } from '../../src/js/answers.js';
import { connect } from '../../src/js/core.js';
import { simulate } from '../../src/js/simulate.js';

const read = (path) => fs.readFileSync(fileURLToPath(new URL(path, import.meta.url)));

test('the worked example in the README holds', async () => {
  const readme = read('../../README.md').toString();
  const block = readme.split('<!-- worked example')[1].split('```json')[1].split('```')[0];
  const { config, events, expect } = JSON.parse(block);
  const call = connect((await WebAssembly.instantiate(read('../../dist/leadscore_bg.wasm'), {})).instance.exports);
  const { timeline, state } = simulate(call, config, events);
  // The README shows the state as a page reads it: the core's list, named as the script names it.
  assert.deepEqual({ timeline, state: toState(state) }, expect);
});

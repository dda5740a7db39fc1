// The wasm core: loads leadscore_bg.wasm (no imports, no glue) and calls its operations, each
// taking one value (through the tape) and the time, and returning one value.
import { decode, encode } from './tape.js';

/**
 * Instantiates the wasm at `url`; resolves to `call(op, input, now) → output`. The module imports
 * nothing, so it is instantiated without an import object.
 */
export const loadCore = (url) => {
  return fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
      const type = response.headers.get('content-type') || '';
      if (WebAssembly.instantiateStreaming) {
        if (type.indexOf('application/wasm') === 0) return WebAssembly.instantiateStreaming(response);
        console.warn('leadscore: ' + url + ' is served as "' + type + '", not application/wasm; compiling it from its bytes, which is slower');
      }
      return response.arrayBuffer().then((bytes) => WebAssembly.instantiate(bytes));
    })
    .then((result) => connect(result.instance.exports));
};

/**
 * `call(op, input, now) → output` over an instantiated core's exports: `now` is the time in ms
 * (the ops that do not read it are called without, which the core gets as NaN).
 */
export const connect = (core) => {
  // Views of the wasm memory, made again only when it has grown (which empties the old ones).
  let memory = new Uint8Array();
  let view;
  const see = () => {
    if (!memory.length) {
      memory = new Uint8Array(core.memory.buffer);
      view = new DataView(memory.buffer);
    }
  };
  return (op, input, now) =>
    encode(input, (bytes, length) => {
      const at = core.ls_reserve(length);
      if (!at) throw new Error('the wasm core is out of memory');
      see();
      // One copy through a view of the written bytes: in Chromium this beats a loop of element
      // stores (the memory view read afresh each time) even for inputs of a few dozen bytes.
      memory.set(bytes.subarray(0, length), at);
      core.ls_call(op, length, now);
      see();
      return decode(memory, view, core.ls_output());
    });
};

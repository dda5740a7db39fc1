// The wasm core: loads leadscore_bg.wasm (no imports, no glue) and calls its operations, each
// taking one value and returning one, through the tape.
import { encode, decode } from './tape.js';

/** Instantiates the wasm at `url`; resolves to `call(op, input) → output`. */
export function loadCore(url) {
  return fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
      const type = response.headers.get('content-type') || '';
      if (WebAssembly.instantiateStreaming && type.indexOf('application/wasm') === 0) {
        return WebAssembly.instantiateStreaming(response, {});
      }
      if (WebAssembly.instantiateStreaming) {
        console.warn('leadscore: ' + url + ' is served as "' + type + '", not application/wasm; compiling it from its bytes, which is slower');
      }
      return response.arrayBuffer().then((bytes) => WebAssembly.instantiate(bytes, {}));
    })
    .then((result) => connect(result.instance.exports));
}

/** `call(op, input) → output` over an instantiated core's exports. */
export function connect(core) {
  return (op, input) => {
    const bytes = encode(input);
    const at = core.ls_reserve(bytes.length);
    if (!at) throw new Error('the wasm core is out of memory');
    new Uint8Array(core.memory.buffer, at, bytes.length).set(bytes);
    const length = core.ls_call(op, bytes.length);
    return decode(new Uint8Array(core.memory.buffer, core.ls_output(), length));
  };
}

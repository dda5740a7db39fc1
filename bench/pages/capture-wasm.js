// Inlined first in the <head> of the workbench page, before the widget loads: wraps
// WebAssembly.instantiate, instantiateStreaming and the Instance and Memory constructors to keep
// every instance and memory made, so window.__wasmMemoryBytes() can sum the linear memories.
function captureWasm() {
  var instances = [];
  var created = [];
  ['instantiateStreaming', 'instantiate'].forEach(function (name) {
    var original = WebAssembly[name];
    if (typeof original !== 'function') return;
    WebAssembly[name] = function () {
      return original.apply(WebAssembly, arguments).then(function (result) {
        instances.push(result instanceof WebAssembly.Instance ? result : result.instance);
        return result;
      });
    };
  });
  WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
    construct: function (target, args) {
      var instance = Reflect.construct(target, args);
      instances.push(instance);
      return instance;
    },
  });
  WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
    construct: function (target, args) {
      var memory = Reflect.construct(target, args);
      created.push(memory);
      return memory;
    },
  });
  window.__wasmMemoryBytes = function () {
    var memories = created.slice();
    instances.forEach(function (instance) {
      Object.values(instance.exports).forEach(function (value) {
        if (value instanceof WebAssembly.Memory && memories.indexOf(value) < 0) memories.push(value);
      });
    });
    return memories.reduce(function (sum, memory) { return sum + memory.buffer.byteLength; }, 0);
  };
}

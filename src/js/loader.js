// The leadscore loader: installs the `LeadScore` command function, loads the wasm that sits
// beside this script, and replays the calls queued before it arrived. It is wrapped twice by
// scripts/build.mjs — as a classic script and as an ES module — each defining `base`, the URL
// of the folder the widget's files are in. Nothing here throws into the page.
var w = window;
var stub = w.LeadScore;
if (!(stub && stub.loaded)) {
  var queue = (stub && stub.q) || [];
  var handlers = {};
  var failedHandlers = [];
  var wasm = null;
  var unavailable = null;
  var settleReady, readyPromise;
  // A fresh promise for each start attempt, so an init after an invalid config can succeed.
  var expectReady = function () {
    readyPromise = new Promise(function (resolve, reject) {
      settleReady = { resolve: resolve, reject: reject, done: false };
    });
    readyPromise.catch(function () {});
  };
  expectReady();

  var emptyState = function () {
    return { score: 0, threshold: 100, qualified: false, qualifiedAt: null, tier: null, groups: {} };
  };

  var codedError = function (detail) {
    var error = new Error(detail.message);
    error.code = detail.code;
    return error;
  };

  // Calls the page's handlers and dispatches `leadscore:<type>`; a throwing handler is reported
  // once and never reaches the page.
  var deliver = function (type, detail) {
    var list = (handlers[type] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i](detail);
      } catch (e) {
        if (failedHandlers.indexOf(list[i]) < 0) {
          failedHandlers.push(list[i]);
          emit('error', { code: 'handler_failed', message: 'a ' + type + ' handler threw: ' + (e && e.message) });
        }
      }
    }
    try {
      w.dispatchEvent(new CustomEvent('leadscore:' + type, { detail: detail }));
    } catch (e) {}
  };

  // What the wasm calls for every event. Handlers run later, in a microtask, so page code never
  // runs while the widget is mid-update and may call back into it freely.
  var emit = function (type, detail) {
    if (type === 'debug') {
      console.log('leadscore', detail);
      return;
    }
    if (type === 'ready') {
      settleReady.resolve(detail);
      settleReady.done = true;
    }
    if (type === 'error') {
      var fatal = detail.code === 'invalid_config' || detail.code === 'wasm_unavailable';
      if (fatal && !settleReady.done) {
        settleReady.reject(codedError(detail));
        settleReady.done = 'failed';
      }
      console[fatal ? 'error' : 'warn']('leadscore: ' + detail.message);
    }
    queueMicrotask(function () {
      deliver(type, detail);
    });
  };

  var subscribe = function (add, type, fn) {
    if (typeof type !== 'string' || typeof fn !== 'function') {
      return emit('error', { code: 'invalid_call', message: (add ? 'on' : 'off') + ': expected an event name and a function' });
    }
    var list = handlers[type] || (handlers[type] = []);
    var at = list.indexOf(fn);
    if (add && at < 0) list.push(fn);
    if (!add && at >= 0) list.splice(at, 1);
  };

  // Subscribes the config's handler `field` to `type`; a throwing getter is skipped.
  var subscribeFrom = function (config, field, type) {
    try {
      var fn = config[field];
      if (typeof fn === 'function') subscribe(true, type, fn);
    } catch (e) {}
  };

  // Without the wasm, forget() still keeps its promise: every entry in the stored form goes.
  var eraseStored = function () {
    [w.localStorage, w.sessionStorage].forEach(function (storage) {
      for (var i = storage.length - 1; i >= 0; i--) {
        var key = storage.key(i);
        var text = storage.getItem(key) || '';
        if (text.indexOf('{"v":') === 0 && text.indexOf('"rules":{') > 0) storage.removeItem(key);
      }
    });
  };

  var run = function (command, args) {
    if (command === 'on' || command === 'off') return subscribe(command === 'on', args[0], args[1]);
    if (unavailable) {
      if (command === 'forget' || (command === 'consent' && args[0] === 'denied')) {
        try {
          eraseStored();
        } catch (e) {}
      }
      return;
    }
    if (!wasm) return queue.push([command].concat(args));
    switch (command) {
      case 'init':
        var config = args[0];
        if (settleReady.done === 'failed') expectReady();
        if (wasm.init(config)) {
          subscribeFrom(config, 'onQualified', 'qualified');
          subscribeFrom(config, 'onScore', 'score');
        }
        return;
      case 'track':
        return wasm.track(args[0], args[1]);
      case 'identify':
        return wasm.identify(args[0]);
      case 'consent':
        if (args[0] === 'denied') handlers = {}; // as forget
        return wasm.consent(args[0]);
      case 'reset':
        return wasm.reset();
      case 'forget':
      case 'destroy':
        handlers = {};
        return wasm[command]();
      default:
        emit('error', { code: 'invalid_call', message: 'unknown command "' + String(command) + '"' });
    }
  };

  var LeadScore = function (command) {
    try {
      run(command, Array.prototype.slice.call(arguments, 1));
    } catch (e) {
      emit('error', { code: 'invalid_call', message: String(command) + ': ' + (e && e.message) });
    }
  };

  // A reader that falls back to `fallback()` when the wasm is missing or fails.
  var reader = function (name, fallback) {
    return function () {
      try {
        if (wasm) return wasm[name].apply(null, arguments);
      } catch (e) {}
      return fallback();
    };
  };

  LeadScore.loaded = true;
  LeadScore.q = queue;
  LeadScore.ready = function () {
    return readyPromise;
  };
  LeadScore.state = reader('state', emptyState);
  LeadScore.explain = reader('explain', function () {
    return [];
  });
  LeadScore.simulate = reader('simulate', function () {
    return { timeline: [], state: emptyState(), error: unavailable || { code: 'wasm_unavailable', message: 'not loaded yet' } };
  });
  w.LeadScore = LeadScore;

  var fail = function (message) {
    unavailable = { code: 'wasm_unavailable', message: message };
    queue.length = 0;
    emit('error', unavailable);
  };

  var load = function () {
    if (typeof WebAssembly !== 'object') return fail('WebAssembly is not available in this browser');
    import(base + 'leadscore_glue.js')
      .then(function (glue) {
        return glue.default({ module_or_path: base + 'leadscore_bg.wasm' }).then(function () {
          return glue;
        });
      })
      .then(
        function (glue) {
          glue.connect(emit);
          wasm = glue;
          var pending = queue.splice(0, queue.length);
          for (var i = 0; i < pending.length; i++) LeadScore.apply(null, pending[i]);
        },
        function (e) {
          fail('the widget could not load its wasm: ' + (e && e.message));
        }
      );
  };
  try {
    load();
  } catch (e) {
    fail(String(e && e.message));
  }
}

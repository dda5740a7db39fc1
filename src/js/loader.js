// The leadscore loader: installs the `LeadScore` command function, loads the wasm core that sits
// beside the script, and replays the calls queued before it arrived. Nothing here throws into
// the page: a failure to load leaves a widget that answers every call and reports why.
import { loadCore } from './core.js';
import { createRuntime } from './runtime.js';
import { eraseEverywhere } from './storage.js';

/** Installs `window.LeadScore` (once per page), its files found at the URL `base`. */
export const install = (base) => {
  const stub = window.LeadScore || {};
  if (stub.loaded) return;
  const queue = stub.q || [];
  let handlers = {};
  const failedHandlers = [];
  let runtime; // set once the wasm is loaded
  let unavailable; // the error, when the wasm cannot load
  let readyPromise, resolveReady, rejectReady;
  let readyDone; // false until ready (then true) or a fatal error (then 'failed')
  // A fresh promise for each start attempt, so an init after an invalid config can succeed.
  const expectReady = () => {
    readyPromise = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    readyDone = false;
    readyPromise.catch(() => {});
  };
  expectReady();

  // Calls the page's handlers and dispatches `leadscore:<type>`; a throwing handler is reported
  // once and never reaches the page.
  const deliver = (type, detail) => {
    // A copy, so that a handler that subscribes or unsubscribes changes the next delivery only.
    for (const handler of handlers[type] ? [...handlers[type]] : []) {
      try {
        handler(detail);
      } catch (e) {
        if (!failedHandlers.includes(handler)) {
          failedHandlers.push(handler);
          report('handler_failed', 'a ' + type + ' handler threw: ' + (e && e.message));
        }
      }
    }
    try {
      window.dispatchEvent(new CustomEvent('leadscore:' + type, { detail: detail }));
    } catch (e) {}
  };

  // The events waiting for the microtask that delivers them, in order (unset or null: none waiting).
  let pending;

  // Every event of the widget. Handlers run later, in one microtask for all the events of a
  // task, so page code never runs while the widget is mid-update and may call back into it
  // freely (what it causes is delivered in the next microtask).
  const emit = (type, detail) => {
    if (type === 'ready') {
      resolveReady(detail);
      readyDone = true;
    }
    if (!pending) {
      const list = (pending = []);
      queueMicrotask(() => {
        pending = null;
        for (const event of list) deliver(...event);
      });
    }
    pending.push([type, detail]);
  };

  // Every error event: one that keeps the widget from starting also rejects `ready()`.
  const report = (code, message) => {
    const fatal = code === 'invalid_config' || code === 'wasm_unavailable';
    if (fatal && !readyDone) {
      const error = new Error(message);
      error.code = code;
      rejectReady(error);
      readyDone = 'failed';
    }
    console[fatal ? 'error' : 'warn']('leadscore: ' + message);
    emit('error', { code: code, message: message });
  };
  const invalidCall = (message) => report('invalid_call', message);

  // `command`: 'on' or 'off'.
  const subscribe = (command, type, fn) => {
    if (typeof type !== 'string' || typeof fn !== 'function') {
      return invalidCall(command + ': expected an event name and a function');
    }
    const list = handlers[type] || (handlers[type] = []);
    const at = list.indexOf(fn);
    if (command === 'on') {
      if (at < 0) list.push(fn);
    } else if (at >= 0) list.splice(at, 1);
  };

  // Subscribes the config's handler `field` to `type`; a throwing getter is skipped.
  const subscribeFrom = (config, field, type) => {
    try {
      const fn = config[field];
      if (typeof fn === 'function') subscribe('on', type, fn);
    } catch (e) {}
  };

  // A command as text for messages; one whose conversion throws is named by its type.
  const nameOf = (command) => {
    try {
      return String(command);
    } catch (e) {
      return typeof command;
    }
  };

  // `LeadScore(command, ...args)`: nothing it does throws into the page.
  const LeadScore = (command, ...args) => {
    try {
      if (command === 'on' || command === 'off') return subscribe(command, ...args);
      const forgets = command === 'forget' || (command === 'consent' && args[0] === 'denied');
      if (forgets || command === 'destroy') handlers = {};
      if (unavailable) {
        // Without the wasm, forget() still keeps its promise: every entry in the stored form goes.
        if (forgets) eraseEverywhere();
      } else if (!runtime) {
        queue.push([command, ...args]);
        // Every other command is the runtime's function of the same name (its readers excepted).
      } else if (runtime.hasOwnProperty(command) && !fallbacks[command]) {
        if (command === 'init' && readyDone === 'failed') expectReady();
        // Only init answers: true when the widget started with the config `args[0]`.
        if (runtime[command](...args)) {
          subscribeFrom(args[0], 'onQualified', 'qualified');
          subscribeFrom(args[0], 'onScore', 'score');
        }
      } else {
        invalidCall('unknown command "' + nameOf(command) + '"');
      }
    } catch (e) {
      invalidCall(nameOf(command) + ': ' + (e && e.message));
    }
  };

  LeadScore.loaded = true;
  LeadScore.q = queue;
  LeadScore.ready = () => readyPromise;
  // The readers: the runtime's functions of the same names, each with what it answers when the
  // wasm is missing or fails.
  const fallbacks = {
    state: () => ({ score: 0, threshold: 100, qualified: false, qualifiedAt: null, tier: null, groups: {} }),
    explain: () => [],
    simulate: () => ({
      timeline: [],
      state: fallbacks.state(),
      error: unavailable || { code: 'wasm_unavailable', message: 'not loaded yet' },
    }),
  };
  for (const name of Object.keys(fallbacks)) {
    LeadScore[name] = (...args) => {
      try {
        if (runtime) return runtime[name](...args);
      } catch (e) {}
      return fallbacks[name]();
    };
  }
  window.LeadScore = LeadScore;

  const fail = (message) => {
    unavailable = { code: 'wasm_unavailable', message: message };
    queue.length = 0;
    report('wasm_unavailable', message);
  };

  try {
    if (typeof WebAssembly !== 'object') return fail('WebAssembly is not available in this browser');
    loadCore(base + 'leadscore_bg.wasm').then(
      (call) => {
        runtime = createRuntime(call, emit, report);
        for (const args of queue.splice(0)) LeadScore.apply(null, args);
      },
      (e) => fail('the widget could not load its wasm: ' + (e && e.message))
    );
  } catch (e) {
    fail(String(e && e.message));
  }
};

// The running widget: one core session, its store and its tracker, driven by the commands and
// the tracker's signals. The core decides (scores, merges, encodes); this file does the I/O:
// storage, the page's context, and the events it hands to `emit`, which delivers them later,
// outside any update.
import * as OP from './ops.js';
import * as page from './page.js';
import { openStore, eraseEverywhere } from './storage.js';
import { startTracker } from './tracker.js';

const STORAGE_MESSAGES = {
  unavailable: ['storage_unavailable', 'storage is blocked or missing; the score is kept in memory for this page'],
  full: ['storage_full', 'storage is full; the score is kept in memory for this page'],
};

/** The widget over the core's `call(op, input)`; every event leaves through `emit(type, detail)`. */
export function createRuntime(call, emit) {
  let widget = null;
  let consentGiven = false; // `consent('granted')` arrived before `init`

  const report = (code, message) => emit('error', { code: code, message: message });
  const now = () => Date.now();

  // Runs `f(widget, out)` when there is a widget, then emits what it produced, in order.
  const withWidget = (f) => {
    const out = [];
    if (widget) f(widget, out);
    out.forEach((e) => emit(e[0], e[1]));
  };

  // Reports an error once per `key`: its code for storage trouble, its message for a problem
  // with the page's markup, however often the visitor meets it.
  const reportOnce = (w, out, key, code, message) => {
    if (w.reported.indexOf(key) >= 0) return;
    w.reported.push(key);
    out.push(['error', { code: code, message: message }]);
  };
  const note = (w, out, code, message) => reportOnce(w, out, code, code, message);
  const reportProblem = (w, message, out) => reportOnce(w, out, message, 'invalid_call', message);

  const reportStorage = (w, problem, out) => note(w, out, STORAGE_MESSAGES[problem][0], STORAGE_MESSAGES[problem][1]);

  // The stored value for the core: null when nothing is stored, false when it is not JSON.
  const parseStored = (text) => {
    if (text === null) return null;
    try {
      return JSON.parse(text) ?? false;
    } catch (e) {
      return false;
    }
  };

  // Writes the ledger's stored form now (consent permitting).
  const persist = (w, out) => {
    w.isDirty = false;
    if (!w.mayStore) return;
    const text = JSON.stringify(call(OP.ledger, {}).store);
    w.lastText = text;
    const problem = w.store.write(w.settings.storageKey, text);
    if (problem) reportStorage(w, problem, out);
  };

  // Applies what the core answered: its events, and the write of a changed ledger. The first
  // change in a task is written at once, so another tab sees it as soon as it can; later ones
  // in the same task (a page's own loop of `track` calls) are written once, at the task's end,
  // so a burst costs one more encoding and write, not one per event.
  const apply = (w, answer, out) => {
    out.push(...(answer.emit || []));
    if (!answer.dirty) return;
    if (w.isWriting) {
      w.isDirty = true;
      return;
    }
    persist(w, out);
    w.isWriting = true;
    queueMicrotask(() => {
      w.isWriting = false;
      if (widget === w && w.isDirty) withWidget(persist);
    });
  };

  // Folds in what another tab stored since this one last read or wrote.
  const sync = (w, out) => {
    let text;
    try {
      text = w.store.read(w.settings.storageKey);
    } catch (e) {
      return;
    }
    if (text === null || text === w.lastText) return;
    const answer = call(OP.merge, { stored: parseStored(text), now: now() });
    if (answer.ignored) return;
    w.lastText = text;
    // When this tab holds hits the stored entry lacks, the core says the ledger changed and it
    // is written back, so every tab converges on the union.
    apply(w, answer, out);
  };

  // An event: from the tracker, or from page code (`track`, `identify`, markup) with `label`
  // naming its props in error messages. What another tab stored is read first, once per task:
  // the browser applies other tabs' writes between tasks (before their storage event arrives),
  // so a page's loop of `track` calls reads the entry once, not once per call.
  const handle = (w, input, out, markup) => {
    if (!w.isScoring) return;
    if (!w.isSynced) {
      sync(w, out);
      w.isSynced = true;
      queueMicrotask(() => {
        w.isSynced = false;
      });
    }
    input.context = page.context();
    input.now = now();
    const answer = call(OP.event, input);
    if (answer.error && markup) reportProblem(w, answer.error + ' (data-leadscore-event=' + JSON.stringify(input.name) + ')', out);
    else if (answer.error) out.push(['error', { code: 'invalid_call', message: answer.error }]);
    else apply(w, answer, out);
  };

  // Opens storage and loads the visitor's ledger, reporting what went wrong on the way.
  const open = (settings, out) => {
    const [store, problem] = openStore(settings.storage);
    const w = {
      settings: settings,
      store: store,
      // False until consent is given when consent is required.
      mayStore: consentGiven || !(settings.consentRequired || (settings.respectGlobalPrivacyControl && page.hasGlobalPrivacyControl())),
      isScoring: !(settings.ignoreAutomation && page.isAutomated()),
      reported: [], // the error codes and markup problems already reported
      lastText: null, // the text last read or written: while storage holds it, no other tab wrote
      isDirty: false, // the ledger changed since the last write
      isWriting: false, // a write happened in this task: the next ones wait for its end
      isSynced: false, // storage was read in this task: it cannot change before the task ends
      stopTracker: null,
    };
    let readProblem = null;
    try {
      w.lastText = store.read(settings.storageKey);
    } catch (e) {
      readProblem = 'unavailable';
    }
    const opened = call(OP.open, { stored: parseStored(w.lastText), now: now() });
    if (opened.status === 'newer') {
      const message = 'the stored score is from a newer version of the widget; it is left as it is and this page scores in memory';
      note(w, out, 'storage_corrupt', message);
      store.toMemory();
    } else if (opened.status === 'corrupt') {
      note(w, out, 'storage_corrupt', 'the stored score could not be read; starting afresh');
    }
    if (problem || readProblem) reportStorage(w, problem || readProblem, out);
    return w;
  };

  const signals = {
    event: (name, props, matched, markup) =>
      withWidget((w, out) => {
        const input = { name: name, props: props };
        if (matched) input.matched = matched;
        if (markup) input.label = 'data-leadscore-props';
        handle(w, input, out, markup);
      }),
    problem: (message) => withWidget((w, out) => reportProblem(w, message, out)),
    storageChanged: () => withWidget(sync),
    leaving: (lastInput) =>
      withWidget((w, out) => {
        sync(w, out);
        call(OP.touch, { at: lastInput });
        persist(w, out);
      }),
    resumed: () => withWidget((w, out) => apply(w, call(OP.resume, { context: page.context(), now: now() }), out)),
  };

  // The first rule selector that is not valid CSS, as a config error message.
  const invalidSelector = (selectors) => {
    for (const [i, selector] of selectors) {
      if (!page.isValidSelector(selector)) return 'rules[' + i + '].selector: not a valid CSS selector: "' + selector + '"';
    }
    return null;
  };

  // An event from page code: `track` or `identify`.
  const record = (name, props, label) => {
    if (!widget) {
      // The core validates the props first, then says that init is missing.
      const answer = call(OP.event, { name: name, props: props, label: label, context: {}, now: now() });
      return report('invalid_call', answer.error || name + ': call init first');
    }
    withWidget((w, out) => handle(w, { name: name, props: props, label: label }, out));
  };

  // Stops tracking and drops the widget; with `erase`, also deletes everything it stored.
  const stop = (erase) => {
    const w = widget;
    widget = null;
    if (w && w.stopTracker) w.stopTracker();
    if (w && w.isDirty && !erase) persist(w, []);
    call(OP.close, {});
    if (erase) {
      consentGiven = false;
      eraseEverywhere(w ? w.settings.storageKey : null);
    }
  };

  return {
    /** Starts the widget; false (and an error event) when it cannot. */
    init: (config) => {
      if (widget) {
        report('already_initialized', 'init: the widget is already initialized; this config is ignored');
        return false;
      }
      const configured = call(OP.configure, config);
      const problem = configured.error || invalidSelector(configured.settings.selectors);
      if (problem) {
        report('invalid_config', problem);
        return false;
      }
      const out = [];
      widget = open(configured.settings, out);
      out.forEach((e) => emit(e[0], e[1]));
      if (widget.isScoring) widget.stopTracker = startTracker(configured.settings, signals);
      emit('ready', call(OP.state, { now: now() }));
      return true;
    },
    track: (name, props) => {
      if (typeof name !== 'string' || !name) return report('invalid_call', 'track: expected an event name (a non-empty string)');
      record(name, props, 'track: props');
    },
    identify: (attributes) => record('identify', attributes, 'identify: attributes'),
    consent: (choice) => {
      if (choice === 'denied') return stop(true);
      if (choice !== 'granted') return report('invalid_call', "consent: expected 'granted' or 'denied'");
      if (!widget) consentGiven = true;
      withWidget((w, out) => {
        w.mayStore = true;
        persist(w, out);
      });
    },
    reset: () => withWidget((w, out) => apply(w, call(OP.reset, { now: now() }), out)),
    forget: () => stop(true),
    destroy: () => stop(false),
    state: () => call(OP.state, { now: now() }),
    explain: () => call(OP.explain, { now: now() }),
    simulate: (config, events) => call(OP.simulate, { config: config, events: events }),
  };
}

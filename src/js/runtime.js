// The running widget: one core session, its store and its tracker, driven by the commands and
// the tracker's signals. The core decides (scores, merges, encodes); this file does the I/O:
// storage, the page's context, and the events it hands to `emit`, which delivers them later,
// outside any update.
import { toScore, toState } from './answers.js';
import * as OP from './ops.js';
import * as page from './page.js';
import { openStore, eraseEverywhere } from './storage.js';
import { copy } from './tape.js';
import { simulate } from './simulate.js';
import { startTracker } from './tracker.js';
import { watchList } from './watch-list.js';

/**
 * The widget over the core's `call(op, input, now)`; every event leaves through
 * `emit(type, detail)`, errors through `report(code, message)`.
 */
export const createRuntime = (call, emit, report) => {
  // The running widget's settings, unset before init, null after forget or destroy; `init` sets
  // the rest of its state afresh (most of it in `open`), before anything reads it.
  let widget;
  let store;
  let mayStore; // false until consent is given when consent is required
  let isScoring;
  let reported; // the messages of the storage and markup problems already reported
  let lastText; // the text last read or written: while storage holds it, no other tab wrote
  let isDirty; // the ledger changed since the last write, which is due at the task's end
  let isSynced; // storage was read in this task: it cannot change before the task ends
  let stopTracker; // false when the widget does not score
  let consentGiven; // `consent('granted')` arrived before `init`
  // The state last read and the time it was read at: the same until the clock moves or the
  // ledger changes (the places that change it drop it), so a page that reads the state after
  // every event gets it without a call into the core when nothing scored.
  let known, knownAt;

  // Calls the core at the time now. The page context goes to the core (in the event and resume
  // ops' input) only when `page.changedContext()` answers it: the core keeps the last one it was
  // given, from none at open.
  const callNow = (op, input) => call(op, input, Date.now());

  // Runs `f` at the end of this task, unless the widget has been replaced or stopped by then.
  const atTaskEnd = (f) => {
    const current = widget;
    queueMicrotask(() => {
      if (widget === current) f();
    });
  };

  // Reports a problem with storage or with the page's markup once per message, however often
  // the visitor meets it.
  const reportOnce = (code, message) => {
    if (reported.includes(message)) return;
    reported.push(message);
    report(code, message);
  };
  // A problem with the markup of the `data-leadscore-event` element for the event `name`.
  const reportMarkup = (problem, name) =>
    reportOnce('invalid_call', problem + ' (data-leadscore-event=' + JSON.stringify(name) + ')');

  // A storage problem (`unavailable` or `full`), reported with the code `storage_<problem>`.
  const reportStorage = (problem) =>
    reportOnce('storage_' + problem, 'storage is ' + (problem === 'full' ? 'full' : 'blocked or missing') + '; the score is kept in memory for this page');

  // The stored value for the core: null when nothing is stored, false when it is not JSON (or
  // is JSON's null, or another falsy value, which the core cannot read either).
  const parseStored = (text) => {
    if (text === null) return null;
    try {
      return JSON.parse(text) || false;
    } catch (e) {
      return false;
    }
  };

  // Writes the ledger's stored form now (consent permitting); `quiet`: a failed write is not
  // reported.
  const persist = (quiet) => {
    isDirty = false;
    if (!mayStore) return;
    lastText = JSON.stringify(call(OP.ledger).store);
    const problem = store.write(lastText);
    if (problem && !quiet) reportStorage(problem);
  };

  // Applies what the core answered, `[emits, dirty]` (or an object when it had no engine or
  // refused: nothing to apply): its events, and the write of a changed ledger, once at the
  // end of the task however many changes it made (a page's own loop of `track` calls costs one
  // encoding and write, not one per event). Other tabs cannot see a write before this task ends
  // anyway: the browser hands them storage changes between tasks.
  const apply = (answer) => {
    for (const [type, detail] of answer[0] || []) emit(type, type === 'score' ? toScore(detail) : detail);
    if (!answer[1]) return;
    known = null;
    if (!isDirty) atTaskEnd(() => isDirty && persist());
    isDirty = true;
  };

  // Folds in what another tab stored since this one last read or wrote.
  const sync = () => {
    let text;
    try {
      text = store.read();
    } catch (e) {
      return;
    }
    if (text === lastText) return;
    const answer = callNow(OP.merge, parseStored(text));
    if (answer.ignored) return;
    known = null;
    lastText = text;
    // When this tab holds hits the stored entry lacks, the core says the ledger changed and it
    // is written back, so every tab converges on the union.
    apply(answer);
  };

  // An event: from the tracker, or from page code (`track`, `identify`, markup) with `label`
  // naming its props in error messages, unless they are `track`'s (the core's default, so the
  // hot path sends no text for it); answers the core's error, if any. What another tab
  // stored is read first, once per task: the browser applies other tabs' writes between tasks
  // (before their storage event arrives), so a page's loop of `track` calls reads the entry
  // once, not once per call.
  const handle = (name, props, label, matched) => {
    if (!isScoring) return;
    if (!isSynced) {
      sync();
      isSynced = true;
      atTaskEnd(() => {
        isSynced = false;
      });
    }
    const answer = callNow(OP.event, [name, props, label, matched, page.changedContext()]);
    if (answer.error) return answer.error;
    if (widget.debug) log(name, props, answer[0]);
    apply(answer);
  };

  // With `debug: true`, each event the core took: its props as rules read them (its own over
  // the page context) and the rules it hit.
  const log = (name, props, emits) =>
    console.log('leadscore', {
      event: name,
      props: { ...page.context(), ...copy(props) },
      hits: emits.filter((emit) => emit[0] === 'score').map((emit) => toScore(emit[1]).rule),
    });

  // Opens storage and loads the visitor's ledger, reporting what went wrong on the way.
  const open = (settings) => {
    let problem;
    [store, problem, lastText] = openStore(settings.storage, settings.storageKey);
    mayStore = consentGiven || !(settings.consentRequired || (settings.respectGlobalPrivacyControl && page.hasGlobalPrivacyControl()));
    isScoring = !(settings.ignoreAutomation && page.isAutomated());
    reported = [];
    isDirty = isSynced = false;
    known = null;
    page.forgetContext();
    const status = callNow(OP.open, parseStored(lastText));
    if (status === 'newer') {
      const message = 'the stored score is from a newer version of the widget; it is left as it is and this page scores in memory';
      reportOnce('storage_corrupt', message);
      store.toMemory();
    } else if (status === 'corrupt') {
      reportOnce('storage_corrupt', 'the stored score could not be read; starting afresh');
    }
    if (problem) reportStorage(problem);
  };

  // What the tracker reports; it runs only while the widget does.
  const signals = {
    // Without `matched`, the core reads its null as no selectors. The props are the tracker's,
    // always valid: no label names them.
    event: (name, props, matched) => record(name, props, null, matched),
    tagged: (tag) => {
      const problem = tag.problem || handle(tag.name, tag.props, 'data-leadscore-props');
      if (problem) reportMarkup(problem, tag.name);
    },
    storageChanged: sync,
    leaving: (lastInput) => {
      sync();
      call(OP.touch, lastInput);
      persist();
    },
    resumed: () => apply(callNow(OP.resume, page.changedContext())),
  };

  // The first rule selector that is not valid CSS, as a config error message; nothing when all are.
  const invalidSelector = (selectors) => {
    for (const [i, selector] of selectors) {
      if (!page.isValidSelector(selector)) return 'rules[' + i + '].selector: not a valid CSS selector: "' + selector + '"';
    }
  };

  // An event from page code (`track`, `identify`) or the tracker, whose error is an invalid call.
  const record = (name, props, label, matched) => {
    // Without a widget, the core validates the props first, then says that init is missing.
    const error = widget ? handle(name, props, label, matched) : callNow(OP.event, [name, props, label]).error;
    if (error) report('invalid_call', error);
  };

  // Stops tracking and drops the widget; with `erase`, also deletes everything it stored.
  const stop = (erase) => {
    const stopping = widget; // the running widget, if any
    widget = known = null;
    if (stopping) {
      if (stopTracker) stopTracker();
      if (isDirty && !erase) persist(true);
    }
    call(OP.close);
    if (erase) {
      consentGiven = false;
      eraseEverywhere(stopping && stopping.storageKey);
    }
  };

  // The commands, which answer nothing but init, and the readers.
  return {
    /** Starts the widget: true; nothing (and an error event) when it cannot. */
    init: (config) => {
      if (widget) return report('already_initialized', 'init: the widget is already initialized; this config is ignored');
      const configured = call(OP.configure, config);
      const settings = !configured.error && { ...configured.settings, ...watchList(copy(config).rules) };
      const problem = configured.error || invalidSelector(settings.selectors);
      if (problem) return report('invalid_config', problem);
      open(settings);
      widget = settings;
      stopTracker = isScoring && startTracker(widget, signals);
      emit('ready', toState(callNow(OP.state)));
      return true;
    },
    track: (name, props) => {
      if (typeof name !== 'string' || !name) return report('invalid_call', 'track: expected an event name (a non-empty string)');
      record(name, props);
    },
    identify: (attributes) => record('identify', attributes, 'identify: attributes'),
    consent: (choice) => {
      if (choice === 'denied') return stop(true);
      if (choice !== 'granted') return report('invalid_call', "consent: expected 'granted' or 'denied'");
      if (!widget) {
        consentGiven = true;
      } else {
        mayStore = true;
        persist();
      }
    },
    reset: () => {
      if (widget) apply(callNow(OP.reset));
    },
    forget: () => stop(true),
    destroy: () => stop(),
    state: () => {
      const now = Date.now();
      if (!known || knownAt !== now) {
        known = call(OP.state, null, now);
        knownAt = now;
      }
      return toState(known);
    },
    explain: () => callNow(OP.explain),
    simulate: (config, events) => {
      const simulation = simulate(call, config, events);
      simulation.state = toState(simulation.state);
      return simulation;
    },
  };
};

// `LeadScore.simulate(config, events)`: a fresh widget in the core replays the events through the
// live ops (configure, open, one event each, state) while the running widget is set aside, so a
// simulation scores exactly as the page would and touches nothing of it: not the running
// widget, storage, handlers or the page.
import { toScore } from './answers.js';
import * as OP from './ops.js';
import { copy } from './tape.js';

// The first problem of a list of events `{ on, at, props }`, as a message; nothing when there is
// none. Their props are the core's to check, as each is replayed.
const problemOf = (events) => {
  if (!Array.isArray(events)) return 'events: expected a list';
  let previous = -Infinity;
  for (let i = 0; i < events.length; i++) {
    const path = 'events[' + i + ']';
    const e = events[i];
    if (!e || typeof e !== 'object' || Array.isArray(e)) return path + ': expected an object';
    // Its own keys: a page may have added enumerable ones to every object's prototype.
    for (const key of Object.keys(e)) if (!['on', 'at', 'props'].includes(key)) return path + '.' + key + ': unknown field';
    if (typeof e.on !== 'string' || !e.on) return path + '.on: expected an event name';
    if (typeof e.at !== 'number' || !isFinite(e.at)) return path + '.at: expected a time in ms';
    if (e.at < previous) return path + '.at: earlier than the event before (list events in time order)';
    previous = e.at;
  }
};

/**
 * `{ timeline: [{ at, score, rule }], state }` over the core's `call(op, input, now)`, the state as
 * the core's list; or `{ timeline: [], state, error: { code, message } }` with the empty state.
 */
export const simulate = (call, config, events) => {
  // Copied first, so that page code (a getter) runs now, not while the running widget is aside.
  [config, events] = copy([config, events]);
  call(OP.aside, true);
  try {
    const empty = call(OP.state);
    const failed = (code, message) => ({ timeline: [], state: empty, error: { code: code, message: message } });
    const invalidConfig = call(OP.configure, config).error;
    if (invalidConfig) return failed('invalid_config', invalidConfig);
    const problem = problemOf(events);
    if (problem) return failed('invalid_call', problem);
    const timeline = [];
    let at = events.length ? events[0].at : 0;
    call(OP.open, null, at);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const answer = call(OP.event, [e.on, e.props, 'events[' + i + '].props'], (at = e.at));
      if (answer.error) return failed('invalid_call', answer.error);
      for (const [type, detail] of answer[0]) {
        if (type !== 'score') continue;
        const { score, rule } = toScore(detail);
        timeline.push({ at: at, score: score, rule: rule });
      }
    }
    return { timeline: timeline, state: call(OP.state, null, at) };
  } finally {
    call(OP.aside, false);
  }
};

//! The widget as the wasm module runs it: the operations of the wasm ⇄ JS protocol on one
//! parsed config and one engine, each a [`Value`] and the time in, a tape out (written straight
//! into the output bytes, see [`Writer`]). Pure and sans-I/O: time is a parameter of every op;
//! storage, timers, the DOM and the page's handlers are the JavaScript's, which acts on the
//! `emits` and `dirty` it is given. `src/wasm.rs` only moves tapes in and out of this type.
//!
//! Every op is `(op, now, input) → output`: `now` is the time in ms since the epoch, a
//! parameter of the call, not part of the input. An op that takes one value takes it bare (the
//! config, the stored entry, the context); one that takes several takes a list of them, read
//! by index, trailing items optional (missing = null); one that takes nothing takes null (any
//! input is ignored). The ops that read the time (open, event, merge, resume, reset, state and
//! explain, with an engine) answer `{ error: "now: expected a time in ms" }` when `now` is not
//! finite; the others ignore it.
//!
//! Ops (number: input → output):
//!
//! - **0 configure**: the config → `{ error }` or `{ settings }` ([`settings`]); remembers
//!   the parsed config for `open` and leaves any running engine alone.
//! - **1 open**: the stored entry → its status: an engine from the configured config (or,
//!   without one, the running engine's: a re-open) over the stored ledger, replacing any
//!   engine. Null → `"empty"`; written by a newer version → `"newer"` (a new ledger); it
//!   decodes → `"ok"`; anything else (`false` for text that was not JSON) → `"corrupt"` (a new
//!   ledger). Without a config → `{ error }`.
//! - **2 event**: `[name, props, label?, matched?, context?]` → `[emits, dirty]`, or
//!   `{ error }` when the props are invalid or, after that check, there is no engine
//!   (`"<name>: call init first"`). `label` names the props in error messages; without one
//!   they are `track: props`, so the hot path (`LeadScore('track', …)`) sends no text for it
//!   (the tracker's own events, whose props the widget builds, are always valid). `matched`
//!   lists the rule selectors the event's element matched. The page context's entries are
//!   props the event's own props override; `context` is sent only when it changed since the
//!   last event or resume: the widget keeps it (even when the answer is an error), from none
//!   at `open`.
//! - **3 merge**: another tab's stored entry → `{ ignored: true }` when it does not decode,
//!   else `[emits, dirty]`: a `score` emit (rule null) when the score moved, `dirty` when this
//!   tab holds what the entry lacks (write back, so tabs converge).
//! - **4 touch**: `at`, the time of the last input (ms) → `[[], true]` with the visit's last
//!   activity moved to `at`; not finite → `{ error: "at: expected a time in ms" }`.
//! - **5 resume**: the context when it changed, else null (input after a pause) → `[emits,
//!   dirty]`.
//! - **6 reset**: null → `[emits, true]`, the first emit the score falling to 0.
//! - **7 state**: null → the state (the empty state without an engine).
//! - **8 explain**: null → the contributions, largest first (`[]` without an engine).
//! - **9 ledger**: null → `{ store }` (`{}` without an engine).
//! - **10 aside**: `true` → `null`, the running widget (config, engine, context) set aside and a
//!   fresh one in its place; anything else → `null`, the widget set aside last back in place
//!   (nothing without one). The script's `simulate` replays its events through the ops above on
//!   the fresh widget, so a simulation scores exactly as the live page would and touches
//!   nothing of it.
//! - **11 close**: null → `null`; drops the engine and the configured config (not the widgets
//!   set aside).
//!
//! Without an engine, merge, touch, resume and reset return `{}`. An unknown op gives
//! `{ error }`.
//!
//! `emits` is a list of `[type, detail]` pairs in this order: one `["score", [score, delta,
//! rule]]` per hit (the JavaScript names the three), `["tier", { tier, previous, score }]`,
//! `["qualified", lead]`. The config's `debug` is the JavaScript's (it is in the settings): it
//! logs each event with the page context it sent and the rules the score emits name.
//! `dirty` true says the ledger changed: the JavaScript asks for its stored form (`ledger`) and
//! writes it (consent permitting) once per task, so a burst of events costs one encoding and
//! one write. An event's answer and the score's detail are lists, not keyed objects, because
//! every event pays for decoding them: the JavaScript reads them ~45% faster.

use super::config::Config;
use super::engine::{write_contributions, Engine, Outcome, State};
use super::event::{props_from_value, Event};
use super::ledger::{is_from_newer_version, Corrupt, Ledger};
use super::settings::settings;
use super::tape::Writer;
use super::value::{copy_entries, Value};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// The protocol's op numbers.
pub mod op {
    pub const CONFIGURE: u32 = 0;
    pub const OPEN: u32 = 1;
    pub const EVENT: u32 = 2;
    pub const MERGE: u32 = 3;
    pub const TOUCH: u32 = 4;
    pub const RESUME: u32 = 5;
    pub const RESET: u32 = 6;
    pub const STATE: u32 = 7;
    pub const EXPLAIN: u32 = 8;
    pub const LEDGER: u32 = 9;
    pub const ASIDE: u32 = 10;
    pub const CLOSE: u32 = 11;
}

/// A configured config waiting for `open`, and the running engine.
///
/// ```
/// use leadscore::core::widget::{op, Widget};
/// use leadscore::core::{tape, Value};
/// let mut widget = Widget::new();
/// let mut out = Vec::new();
/// widget.call(op::STATE, 0.0, &Value::Null, &mut out);
/// // The state is the list `[score, threshold, qualifiedAt, tier, groups]`.
/// let Ok(Value::Array(state)) = tape::decode(&out) else { panic!("a list") };
/// assert_eq!(state[0], Value::Number(0.0));
/// ```
#[derive(Default)]
pub struct Widget {
    pending: Option<Config>,
    engine: Option<Engine>,
    /// The page context last sent with an event or resume.
    context: Vec<(String, Value)>,
    /// The widget set aside (`aside`), which holds the one set aside before it, if any.
    aside: Option<Box<Widget>>,
}

/// An op's result: nothing written yet on an error, whose message the `{ error }` output carries.
type Result<T> = core::result::Result<T, String>;

impl Widget {
    pub const fn new() -> Widget {
        Widget {
            pending: None,
            engine: None,
            context: Vec::new(),
            aside: None,
        }
    }

    /// Runs operation `op` at time `now` (ms since the epoch) on `input` and appends its
    /// answer's tape to `out`; never panics, whatever the time and the input.
    pub fn call(&mut self, op: u32, now: f64, input: &Value, out: &mut Vec<u8>) {
        let w = &mut Writer(out);
        let result = match op {
            op::CONFIGURE => self.configure(input, w),
            op::OPEN => self.open(now, input, w),
            op::EVENT => self.event(now, input, w),
            op::MERGE => self.merge(now, input, w),
            op::TOUCH => self.touch(input, w),
            op::RESUME => self.resume(now, input, w),
            op::RESET => self.reset(now, w),
            op::STATE => self.state(now, w),
            op::EXPLAIN => self.explain(now, w),
            op::LEDGER => {
                match &self.engine {
                    Some(engine) => store_only(engine, w),
                    None => nothing(w),
                }
                Ok(())
            }
            op::ASIDE => {
                if let Value::Bool(true) = input {
                    self.aside = Some(Box::new(core::mem::take(self)));
                } else if let Some(aside) = self.aside.take() {
                    *self = *aside;
                }
                w.null();
                Ok(())
            }
            op::CLOSE => {
                *self = Widget {
                    aside: self.aside.take(),
                    ..Widget::new()
                };
                w.null();
                Ok(())
            }
            _ => {
                error(w, "unknown op");
                Ok(())
            }
        };
        if let Err(message) = result {
            error(w, &message);
        }
    }

    fn configure(&mut self, config: &Value, w: &mut Writer) -> Result<()> {
        let config = match Config::parse(config) {
            Ok(config) => config,
            Err(e) => return Err(e.into_message()),
        };
        w.object(1);
        w.key("settings");
        settings(&config, w);
        self.pending = Some(config);
        Ok(())
    }

    fn open(&mut self, now: f64, stored: &Value, w: &mut Writer) -> Result<()> {
        let now = time(now, NOW)?;
        // The running engine goes either way: the new one replaces it.
        let config = match (self.pending.take(), self.engine.take()) {
            (Some(config), _) => config,
            (None, Some(engine)) => engine.into_config(),
            (None, None) => return Err(String::from("open: call configure first")),
        };
        // A new ledger unless the stored one decodes: the decoder's `Result` kept, for all three
        // other cases too, not wrapped again in an `Option` (wasm −12 B gzip).
        let (status, ledger) = match stored {
            Value::Null => ("empty", Err(Corrupt)),
            stored if is_from_newer_version(stored) => ("newer", Err(Corrupt)),
            stored => match Ledger::decode(stored, &config.rules) {
                Ok(ledger) => ("ok", Ok(ledger)),
                Err(e) => ("corrupt", Err(e)),
            },
        };
        let ledger = ledger.unwrap_or_else(|_| Ledger::new(config.rules.len()));
        let engine = Engine::new(config, ledger, now);
        self.context = Vec::new();
        w.str(status);
        self.engine = Some(engine);
        Ok(())
    }

    fn event(&mut self, now: f64, input: &Value, w: &mut Writer) -> Result<()> {
        remember_context(&mut self.context, item(input, 4));
        let label = item(input, 2).as_str().unwrap_or("track: props");
        let props = props_from_value(item(input, 1), label)?;
        let Value::String(name) = item(input, 0) else {
            return Err(String::from("event: expected a name"));
        };
        let Some(engine) = self.engine.as_mut() else {
            let mut message = name.clone();
            message.push_str(": call init first");
            return Err(message);
        };
        let now = time(now, NOW)?;
        let mut event = Event {
            context: &self.context,
            ..Event::new(name, props)
        };
        if let Value::Array(matched) = item(input, 3) {
            event.matched = matched;
        }
        let outcome = engine.handle(&event, now);
        begin_report(w, 0, &outcome);
        report(w, engine, &outcome);
        Ok(())
    }

    fn merge(&mut self, now: f64, stored: &Value, w: &mut Writer) -> Result<()> {
        let Some(engine) = self.engine.as_mut() else {
            nothing(w);
            return Ok(());
        };
        let now = time(now, NOW)?;
        let Ok(theirs) = Ledger::decode(stored, &engine.config().rules) else {
            w.object(1);
            w.key("ignored").bool(true);
            return Ok(());
        };
        let (before, after) = engine.merge(&theirs, now);
        let (moved, is_dirty) = (before != after, *engine.ledger() != theirs);
        begin_emit(w, usize::from(moved));
        if moved {
            score_detail(w, after, after - before, None);
        }
        end_emit(w, is_dirty);
        Ok(())
    }

    fn touch(&mut self, at: &Value, w: &mut Writer) -> Result<()> {
        let Some(engine) = self.engine.as_mut() else {
            nothing(w);
            return Ok(());
        };
        engine.touch(time(
            at.as_f64().unwrap_or(f64::NAN),
            "at: expected a time in ms",
        )?);
        begin_emit(w, 0);
        end_emit(w, true);
        Ok(())
    }

    fn resume(&mut self, now: f64, context: &Value, w: &mut Writer) -> Result<()> {
        // Kept whatever the answer, as for an event: the page sends it only once.
        remember_context(&mut self.context, context);
        let Some(engine) = self.engine.as_mut() else {
            nothing(w);
            return Ok(());
        };
        let now = time(now, NOW)?;
        let outcome = engine.resume(&self.context, now);
        begin_report(w, 0, &outcome);
        report(w, engine, &outcome);
        Ok(())
    }

    fn reset(&mut self, now: f64, w: &mut Writer) -> Result<()> {
        let Some(engine) = self.engine.as_mut() else {
            nothing(w);
            return Ok(());
        };
        let now = time(now, NOW)?;
        let before = engine.score(now);
        let outcome = engine.reset(now);
        begin_report(w, 1, &outcome);
        score_detail(w, 0.0, -before, None);
        report(w, engine, &outcome);
        Ok(())
    }

    fn state(&self, now: f64, w: &mut Writer) -> Result<()> {
        match &self.engine {
            Some(engine) => engine.write_state(time(now, NOW)?, w),
            None => State::write_empty(w),
        }
        Ok(())
    }

    fn explain(&self, now: f64, w: &mut Writer) -> Result<()> {
        match &self.engine {
            Some(engine) => write_contributions(w, &engine.explain(time(now, NOW)?)),
            None => w.array(0),
        }
        Ok(())
    }
}

/// `{ error: message }`.
#[cold]
pub fn error(w: &mut Writer, message: &str) {
    w.object(1);
    w.key("error").str(message);
}

/// `{}`: nothing happened.
fn nothing(w: &mut Writer) {
    w.object(0);
}

/// The error of an op that reads the time when `now` is not finite.
const NOW: &str = "now: expected a time in ms";

/// The time `t` when it is finite; else the error `message`. `#[cold]`, though every op that
/// reads the time calls it, as the error path it is mostly: the module is 7 B gzip smaller.
#[cold]
fn time(t: f64, message: &str) -> Result<f64> {
    if t.is_finite() {
        Ok(t)
    } else {
        Err(String::from(message))
    }
}

/// Item `index` of a list input; null when it is missing (or the input is not a list). Not
/// inlined: at each of its seven reads the module was 19 B gzip larger.
#[inline(never)]
fn item(input: &Value, index: usize) -> &Value {
    match input {
        Value::Array(items) => items.get(index).unwrap_or(&Value::Null),
        _ => &Value::Null,
    }
}

/// Keeps `sent`, when it is an object, as the page context of what follows.
fn remember_context(context: &mut Vec<(String, Value)>, sent: &Value) {
    if let Value::Object(entries) = sent {
        *context = copy_entries(entries);
    }
}

/// The start of `[type, detail]`: the detail comes next.
fn pair(w: &mut Writer, kind: &str) {
    w.array(2);
    w.str(kind);
}

/// A `score` emit: `[score, delta, rule]`, `rule` null when no rule moved the score (a reset,
/// another tab).
fn score_detail(w: &mut Writer, score: f64, delta: f64, rule: Option<&str>) {
    pair(w, "score");
    w.array(3);
    w.num(score);
    w.num(delta);
    w.opt_str(rule);
}

/// `{ store }`: the ledger's stored form.
fn store_only(engine: &Engine, w: &mut Writer) {
    w.object(1);
    w.key("store");
    engine.ledger().write(&engine.config().rules, w);
}

/// The start of `[emits, dirty]` up to the `emits` list's `len` items, which come next, then
/// [`end_emit`].
fn begin_emit(w: &mut Writer, len: usize) {
    w.array(2);
    w.array(len);
}

/// Ends `[emits, dirty]`.
fn end_emit(w: &mut Writer, is_dirty: bool) {
    w.bool(is_dirty);
}

/// The start of `[emits, dirty]` for `outcome`: the `emits` list holds `before` emits, then
/// the ones [`report`] writes.
fn begin_report(w: &mut Writer, before: usize, outcome: &Outcome) {
    let len = before
        + outcome.hits.len()
        + usize::from(outcome.tier_change.is_some())
        + usize::from(outcome.qualified.is_some());
    begin_emit(w, len);
}

/// The emits of `outcome`: a `score` per hit, the tier change and the qualification; then
/// the end of `[emits, dirty]` (see [`begin_emit`]), `dirty` as the outcome says.
fn report(w: &mut Writer, engine: &Engine, outcome: &Outcome) {
    for hit in &outcome.hits {
        score_detail(w, hit.score, hit.delta, Some(engine.rule_id(hit.rule)));
    }
    if let Some(change) = &outcome.tier_change {
        pair(w, "tier");
        w.object(3);
        w.key("tier").opt_string(&engine.tier_name(change.tier));
        w.key("previous")
            .opt_string(&engine.tier_name(change.previous));
        w.key("score").num(change.score);
    }
    if let Some(lead) = &outcome.qualified {
        pair(w, "qualified");
        lead.write(w);
    }
    end_emit(w, outcome.is_dirty);
}

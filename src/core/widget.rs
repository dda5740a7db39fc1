//! The widget as the wasm module runs it: the operations of the wasm ⇄ JS protocol on one
//! parsed config and one engine, each a [`Value`] in and a [`Value`] out. Pure and sans-I/O:
//! time comes in the input; storage, timers, the DOM and the page's handlers are the
//! JavaScript's, which acts on the `emit` and `dirty` it is given. `src/wasm.rs` only moves
//! tapes in and out of this type.
//!
//! Ops (number: input → output; `now` and `at` are ms since the epoch, finite numbers):
//!
//! - **0 configure**: the config → `{ error }` or `{ settings }` ([`settings`]); remembers
//!   the parsed config for `open` and leaves any running engine alone.
//! - **1 open**: `{ stored, now }` → `{ status, state }`: an engine from the configured config
//!   (or, without one, the running engine's: a re-open) over the stored ledger, replacing any
//!   engine. `stored` null → status `"empty"`; written
//!   by a newer version → `"newer"` (a new ledger); it decodes → `"ok"`; anything else
//!   (`false` for text that was not JSON) → `"corrupt"` (a new ledger). Without a config
//!   → `{ error }`.
//! - **2 event**: `{ name, props, matched?, context, label?, now }` → `{ emit, dirty? }`, or
//!   `{ error }` when the props are invalid (named by `label`, default `"props"`) or, after
//!   that check, there is no engine (`"<name>: call init first"`). The context's entries are
//!   props the event's own props override.
//! - **3 merge**: `{ stored, now }` (another tab's entry) → `{ ignored: true }` when it does not
//!   decode, else `{ emit, dirty? }`: a `score` emit (rule null) when the score moved, `dirty`
//!   when this tab holds what the entry lacks (write back, so tabs converge).
//! - **4 touch**: `{ at }` → `{ dirty: true }` with the visit's last activity moved to `at`.
//! - **5 resume**: `{ context, now }` (input after a pause) → `{ emit, dirty? }`.
//! - **6 reset**: `{ now }` → `{ emit, dirty: true }`, the first emit the score falling to 0.
//! - **7 state**: `{ now }` → the state (the empty state without an engine).
//! - **8 explain**: `{ now }` → the contributions, largest first (`[]` without an engine).
//! - **9 ledger**: `{}` → `{ store }` (`{}` without an engine).
//! - **10 simulate**: `{ config, events }` → `{ timeline, state }`, or `{ timeline: [], state,
//!   error: { code: "invalid_config" | "invalid_call", message } }`.
//! - **11 close**: `{}` → `null`; drops the engine and the configured config.
//!
//! Without an engine, merge, touch, resume and reset return `{}`. An unknown op, a missing or
//! non-finite `now`/`at` give `{ error }`.
//!
//! `emit` is a list of `[type, detail]` pairs in this order: `["debug", { event, props, hits }]`
//! (event op, config `debug: true`), one `["score", { score, delta, rule }]` per hit,
//! `["tier", { tier, previous, score }]`, `["qualified", lead]`. `dirty: true` says the ledger
//! changed: the JavaScript asks for its stored form (`ledger`) and writes it (consent
//! permitting) once per task, so a burst of events costs one encoding and one write.

use super::config::Config;
use super::engine::{contributions_value, Engine, Outcome, State};
use super::event::{props_from_value, Event};
use super::ledger::{is_from_newer_version, Ledger};
use super::settings::settings;
use super::simulate::{parse_events, simulate};
use super::value::Value;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
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
    pub const SIMULATE: u32 = 10;
    pub const CLOSE: u32 = 11;
}

/// A configured config waiting for `open`, and the running engine.
///
/// ```
/// use leadscore::core::widget::{op, Widget};
/// use leadscore::core::Value;
/// let mut widget = Widget::new();
/// let state = widget.call(op::STATE, &Value::object([("now", Value::Number(0.0))]));
/// assert_eq!(state.get("score"), Some(&Value::Number(0.0)));
/// ```
#[derive(Default)]
pub struct Widget {
    pending: Option<Config>,
    engine: Option<Engine>,
}

/// An op's result; the error is the op's `{ error }` output, boxed to keep every `Result` small.
type Result<T> = core::result::Result<T, Box<Value>>;

impl Widget {
    pub const fn new() -> Widget {
        Widget {
            pending: None,
            engine: None,
        }
    }

    /// Runs operation `op` on `input`; never panics, whatever the input.
    pub fn call(&mut self, op: u32, input: &Value) -> Value {
        let result = match op {
            op::CONFIGURE => self.configure(input),
            op::OPEN => self.open(input),
            op::EVENT => self.event(input),
            op::MERGE => self.merge(input),
            op::TOUCH => self.touch(input),
            op::RESUME => self.resume(input),
            op::RESET => self.reset(input),
            op::STATE => self.state(input),
            op::EXPLAIN => self.explain(input),
            op::LEDGER => Ok(self.engine.as_ref().map_or(nothing(), store_only)),
            op::SIMULATE => Ok(simulation(input)),
            op::CLOSE => {
                *self = Widget::new();
                Ok(Value::Null)
            }
            _ => Err(error("unknown op")),
        };
        result.unwrap_or_else(|e| *e)
    }

    fn configure(&mut self, config: &Value) -> Result<Value> {
        let config = Config::parse(config).map_err(|e| error(e.message()))?;
        let settings = settings(&config);
        self.pending = Some(config);
        Ok(Value::object([("settings", settings)]))
    }

    fn open(&mut self, input: &Value) -> Result<Value> {
        let now = time(input, "now")?;
        let config = self
            .pending
            .take()
            .or_else(|| self.engine.take().map(Engine::into_config));
        let config = config.ok_or_else(|| error("open: call configure first"))?;
        let rules = config.rules.len();
        let (status, ledger) = match input.get("stored").unwrap_or(&Value::Null) {
            Value::Null => ("empty", Ledger::new(rules)),
            stored if is_from_newer_version(stored) => ("newer", Ledger::new(rules)),
            stored => match Ledger::decode(stored, &config.rules) {
                Ok(ledger) => ("ok", ledger),
                Err(_) => ("corrupt", Ledger::new(rules)),
            },
        };
        let engine = Engine::new(config, ledger, now);
        let state = engine.state(now).to_value();
        self.engine = Some(engine);
        Ok(Value::object([
            ("status", Value::str(status)),
            ("state", state),
        ]))
    }

    fn event(&mut self, input: &Value) -> Result<Value> {
        let label = input
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or("props");
        let props = input.get("props").unwrap_or(&Value::Null);
        let props = props_from_value(props, label).map_err(|m| error(&m))?;
        let name = input
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| error("event: expected a name"))?;
        let Some(engine) = self.engine.as_mut() else {
            let mut message = String::from(name);
            message.push_str(": call init first");
            return Err(error(&message));
        };
        let now = time(input, "now")?;
        let mut event = Event::new(name, props);
        if let Some(Value::Array(matched)) = input.get("matched") {
            let mut selectors = Vec::with_capacity(matched.len());
            for selector in matched {
                if let Some(selector) = selector.as_str() {
                    selectors.push(String::from(selector));
                }
            }
            event.matched = selectors;
        }
        for (key, value) in entries(input.get("context")) {
            event.set_default(key, value);
        }
        let outcome = engine.handle(&event, now);
        let mut emit = Vec::new();
        if engine.config().debug {
            let mut hits = Vec::with_capacity(outcome.hits.len());
            for hit in &outcome.hits {
                hits.push(Value::str(engine.rule_id(hit.rule)));
            }
            let detail = Value::object([
                ("event", Value::str(&event.name)),
                ("props", Value::Object(event.props)),
                ("hits", Value::Array(hits)),
            ]);
            emit.push(pair("debug", detail));
        }
        Ok(report(engine, outcome, emit))
    }

    fn merge(&mut self, input: &Value) -> Result<Value> {
        let Some(engine) = self.engine.as_mut() else {
            return Ok(nothing());
        };
        let now = time(input, "now")?;
        let stored = input.get("stored").unwrap_or(&Value::Null);
        let Ok(theirs) = Ledger::decode(stored, &engine.config().rules) else {
            return Ok(Value::object([("ignored", Value::Bool(true))]));
        };
        let (before, after) = engine.merge(&theirs, now);
        let mut emit = Vec::new();
        if before != after {
            emit.push(score_detail(after, after - before, None));
        }
        Ok(emit_and_dirty(emit, *engine.ledger() != theirs))
    }

    fn touch(&mut self, input: &Value) -> Result<Value> {
        let Some(engine) = self.engine.as_mut() else {
            return Ok(nothing());
        };
        engine.touch(time(input, "at")?);
        Ok(emit_and_dirty(Vec::new(), true))
    }

    fn resume(&mut self, input: &Value) -> Result<Value> {
        let Some(engine) = self.engine.as_mut() else {
            return Ok(nothing());
        };
        let now = time(input, "now")?;
        let context = entries(input.get("context")).to_vec();
        let outcome = engine.resume(&Event::new("visit", context), now);
        Ok(report(engine, outcome, Vec::new()))
    }

    fn reset(&mut self, input: &Value) -> Result<Value> {
        let Some(engine) = self.engine.as_mut() else {
            return Ok(nothing());
        };
        let now = time(input, "now")?;
        let before = engine.score(now);
        let outcome = engine.reset(now);
        Ok(report(
            engine,
            outcome,
            vec![score_detail(0.0, -before, None)],
        ))
    }

    fn state(&self, input: &Value) -> Result<Value> {
        Ok(match &self.engine {
            Some(engine) => engine.state(time(input, "now")?).to_value(),
            None => State::empty().to_value(),
        })
    }

    fn explain(&self, input: &Value) -> Result<Value> {
        Ok(match &self.engine {
            Some(engine) => contributions_value(&engine.explain(time(input, "now")?)),
            None => Value::Array(Vec::new()),
        })
    }
}

/// `{ error: message }`.
fn error(message: &str) -> Box<Value> {
    Box::new(Value::object([("error", Value::str(message))]))
}

/// `{}`: nothing happened.
fn nothing() -> Value {
    Value::Object(Vec::new())
}

/// The finite number `input[key]`.
fn time(input: &Value, key: &str) -> Result<f64> {
    match input.get(key).and_then(Value::as_f64) {
        Some(t) if t.is_finite() => Ok(t),
        _ => {
            let mut message = String::from(key);
            message.push_str(": expected a time in ms");
            Err(error(&message))
        }
    }
}

/// The entries of an object value; none for anything else.
fn entries(value: Option<&Value>) -> &[(String, Value)] {
    match value {
        Some(Value::Object(entries)) => entries,
        _ => &[],
    }
}

/// `[type, detail]`.
fn pair(kind: &str, detail: Value) -> Value {
    Value::Array(vec![Value::str(kind), detail])
}

/// A `score` emit: `{ score, delta, rule }`, `rule` null when no rule moved the score (a
/// reset, another tab).
fn score_detail(score: f64, delta: f64, rule: Option<&str>) -> Value {
    let detail = Value::object([
        ("score", Value::Number(score)),
        ("delta", Value::Number(delta)),
        ("rule", Value::opt_str(rule)),
    ]);
    pair("score", detail)
}

/// `{ store }`: the ledger's stored form.
fn store_only(engine: &Engine) -> Value {
    Value::object([("store", engine.ledger().encode(&engine.config().rules))])
}

/// `{ emit, dirty? }`.
fn emit_and_dirty(emit: Vec<Value>, is_dirty: bool) -> Value {
    let mut out = vec![(String::from("emit"), Value::Array(emit))];
    if is_dirty {
        out.push((String::from("dirty"), Value::Bool(true)));
    }
    Value::Object(out)
}

/// `{ emit, dirty? }`: `emit` followed by a `score` per hit, the tier change and the
/// qualification; `dirty` when the ledger changed.
fn report(engine: &Engine, outcome: Outcome, mut emit: Vec<Value>) -> Value {
    for hit in &outcome.hits {
        let rule = engine.rule_id(hit.rule);
        emit.push(score_detail(hit.score, hit.delta, Some(rule)));
    }
    if let Some(change) = outcome.tier_change {
        let detail = Value::object([
            (
                "tier",
                Value::opt_str(engine.tier_name(change.tier).as_deref()),
            ),
            (
                "previous",
                Value::opt_str(engine.tier_name(change.previous).as_deref()),
            ),
            ("score", Value::Number(change.score)),
        ]);
        emit.push(pair("tier", detail));
    }
    if let Some(lead) = outcome.qualified {
        emit.push(pair("qualified", lead.to_value()));
    }
    emit_and_dirty(emit, outcome.is_dirty)
}

/// `simulate(config, events)` as the page's `LeadScore.simulate` returns it.
fn simulation(input: &Value) -> Value {
    let null = &Value::Null;
    let config = Config::parse(input.get("config").unwrap_or(null))
        .map_err(|e| ("invalid_config", String::from(e.message())));
    let result = config.and_then(|config| {
        let events = parse_events(input.get("events").unwrap_or(null));
        Ok(simulate(config, &events.map_err(|m| ("invalid_call", m))?))
    });
    result.unwrap_or_else(|(code, message)| {
        Value::object([
            ("timeline", Value::Array(Vec::new())),
            ("state", State::empty().to_value()),
            (
                "error",
                Value::object([
                    ("code", Value::str(code)),
                    ("message", Value::str(&message)),
                ]),
            ),
        ])
    })
}

//! The running widget: one engine, its store and its tracker, driven by the commands and the
//! tracker's events. Data flows one way: event → engine (borrow held) → store → borrow released
//! → `emit` to the loader, which calls the page's handlers later, outside any Rust borrow.

use crate::browser::convert::{parse_json, stringify, to_js};
use crate::browser::page;
use crate::browser::storage::{self, StorageProblem, Store};
use crate::browser::tracker::{Settings, Signal, Tracker};
use crate::core::config::Config;
use crate::core::engine::{Engine, Outcome};
use crate::core::ledger::{is_from_newer_version, Ledger};
use crate::core::{text, Event, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Events for the loader to dispatch: `(type, detail)`.
type Emissions = Vec<(&'static str, Value)>;

struct Widget {
    engine: Engine,
    store: Store,
    /// False until consent is given when consent is required.
    may_store: bool,
    /// False under automation with `ignoreAutomation`.
    is_scoring: bool,
    /// Error codes already reported: each cause is reported once.
    reported: Vec<&'static str>,
    /// Problems with the page's markup already reported (malformed `data-leadscore-props`).
    reported_problems: Vec<String>,
    /// The stored text last read or written: when storage still holds it, no other tab wrote.
    last_text: Option<String>,
}

thread_local! {
    static EMIT: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    static WIDGET: RefCell<Option<Widget>> = const { RefCell::new(None) };
    static TRACKER: RefCell<Option<Tracker>> = const { RefCell::new(None) };
    /// `consent('granted')` arrived before `init`.
    static CONSENT_GIVEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn now() -> f64 {
    js_sys::Date::now()
}

pub fn connect(emit: js_sys::Function) {
    EMIT.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = Some(emit);
        }
    });
}

/// Hands each emission to the loader. Called with no borrow of the widget held.
fn emit(emissions: Emissions) {
    let Some(emit) = EMIT.with(|cell| cell.try_borrow().ok().and_then(|f| f.clone())) else {
        return;
    };
    for (kind, detail) in emissions {
        let _ = emit.call2(&JsValue::NULL, &JsValue::from_str(kind), &to_js(&detail));
    }
}

/// `{ code, message }`.
pub fn error_detail(code: &str, message: &str) -> Value {
    Value::object([("code", Value::str(code)), ("message", Value::str(message))])
}

/// Reports one error now.
fn report(code: &str, message: &str) {
    emit(vec![("error", error_detail(code, message))]);
}

pub fn invalid_call(message: &str) {
    report("invalid_call", message);
}

/// Runs `f` on the widget, if there is one and it is not busy, then emits what it produced.
fn with_widget(f: impl FnOnce(&mut Widget, &mut Emissions)) {
    let mut emissions = Emissions::new();
    WIDGET.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            if let Some(widget) = slot.as_mut() {
                f(widget, &mut emissions);
            }
        }
    });
    emit(emissions);
}

/// Reads from the engine; `None` before `init`.
pub fn read(f: impl FnOnce(&Engine, f64) -> Value) -> Option<Value> {
    WIDGET.with(|cell| {
        let slot = cell.try_borrow().ok()?;
        slot.as_ref().map(|w| f(&w.engine, now()))
    })
}

/// Starts the widget; false (and an error event) when it cannot.
pub fn init(config: &Value) -> bool {
    let is_running = WIDGET.with(|cell| cell.try_borrow().map_or(true, |slot| slot.is_some()));
    if is_running {
        let message = "init: the widget is already initialized; this config is ignored";
        report("already_initialized", message);
        return false;
    }
    let parsed = Config::parse(config).map_err(|e| e.message().to_owned());
    let config = match parsed.and_then(|c| invalid_selector(&c).map_or(Ok(c), Err)) {
        Ok(config) => config,
        Err(problem) => {
            report("invalid_config", &problem);
            return false;
        }
    };
    let mut emissions = Emissions::new();
    let settings = Settings::from_config(&config);
    let widget = Widget::open(config, &mut emissions);
    let is_scoring = widget.is_scoring;
    WIDGET.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = Some(widget);
        }
    });
    emit(emissions);
    if is_scoring {
        let sink = Rc::new(|signal: Signal| match signal {
            Signal::Event(event) => with_widget(|w, out| w.handle(event, out)),
            Signal::Problem(message) => with_widget(|w, out| w.report_problem(message, out)),
            Signal::StorageChanged => with_widget(Widget::sync),
            Signal::Leaving(last_input) => with_widget(|w, out| {
                w.sync(out);
                w.engine.touch(last_input);
                w.persist(out);
            }),
            Signal::Resumed => with_widget(|w, out| {
                let outcome = w
                    .engine
                    .resume(&Event::new("visit", page::context()), now());
                w.report_hits(&outcome, out);
                w.report_outcome(outcome, out);
            }),
        });
        let tracker = Tracker::start(settings, sink);
        TRACKER.with(|cell| {
            if let Ok(mut slot) = cell.try_borrow_mut() {
                *slot = tracker;
            }
        });
    }
    let ready = read(|engine, now| engine.state(now).to_value()).unwrap_or(Value::Null);
    emit(vec![("ready", ready)]);
    true
}

/// The first rule selector that is not valid CSS, as a config error message.
fn invalid_selector(config: &Config) -> Option<String> {
    config.rules.iter().enumerate().find_map(|(i, rule)| {
        let selector = rule.selector.as_deref()?;
        if page::is_valid_selector(selector) {
            return None;
        }
        let mut message = text::field(&text::index("rules", i), "selector");
        message.push_str(": not a valid CSS selector: ");
        message.push_str(&text::quoted(selector));
        Some(message)
    })
}

/// An event from page code (`track`, `identify`).
pub fn record(name: &str, props: Vec<(String, Value)>) {
    let mut known = false;
    with_widget(|w, out| {
        known = true;
        w.handle(Event::new(name, props), out);
    });
    if !known {
        let mut message = String::from(name);
        message.push_str(": call init first");
        invalid_call(&message);
    }
}

pub fn reset() {
    with_widget(|w, out| {
        let before = w.engine.score(now());
        let outcome = w.engine.reset(now());
        out.push(score_detail(0.0, -before, None));
        w.report_outcome(outcome, out);
    });
}

/// `consent('granted')`; before `init` it is remembered for the widget that starts.
pub fn grant_consent() {
    let mut has_widget = false;
    with_widget(|w, out| {
        has_widget = true;
        w.may_store = true;
        w.persist(out);
    });
    if !has_widget {
        CONSENT_GIVEN.with(|given| given.set(true));
    }
}

/// Stops tracking and drops the widget (`destroy`); with `erase`, also deletes everything it
/// stored, under every key (`forget`, `consent('denied')`), initialized or not.
pub fn stop(erase: bool) {
    let tracker = TRACKER.with(|cell| cell.try_borrow_mut().ok().and_then(|mut t| t.take()));
    drop(tracker);
    let widget = WIDGET.with(|cell| cell.try_borrow_mut().ok().and_then(|mut w| w.take()));
    if erase {
        CONSENT_GIVEN.with(|given| given.set(false));
        let own_key = widget
            .as_ref()
            .map(|w| w.engine.config().storage_key.as_str());
        storage::erase_everywhere(own_key);
    }
}

impl Widget {
    /// Opens storage and loads the visitor's ledger, reporting what went wrong on the way.
    fn open(config: Config, out: &mut Emissions) -> Widget {
        let (mut store, problem) = Store::open(config.storage);
        let may_store = CONSENT_GIVEN.with(|given| given.get())
            || !(config.consent_required
                || (config.respect_global_privacy_control && page::has_global_privacy_control()));
        let is_scoring = !(config.ignore_automation && page::is_automated());
        let mut reported = Vec::new();
        let rules = config.rules.len();
        let stored = store.read(&config.storage_key);
        let last_text = stored.clone().ok().flatten();
        let stored_value = last_text.as_deref().map(parse_json);
        let ledger = match stored_value {
            None => Ledger::new(rules),
            Some(Some(v)) if is_from_newer_version(&v) => {
                let message = "the stored score is from a newer version of the widget; it is left \
                               as it is and this page scores in memory";
                note(&mut reported, out, "storage_corrupt", message);
                store = Store::Memory(None);
                Ledger::new(rules)
            }
            Some(v) => v
                .and_then(|v| Ledger::decode(&v, &config.rules).ok())
                .unwrap_or_else(|| {
                    let message = "the stored score could not be read; starting afresh";
                    note(&mut reported, out, "storage_corrupt", message);
                    Ledger::new(rules)
                }),
        };
        let mut widget = Widget {
            engine: Engine::new(config, ledger, now()),
            store,
            may_store,
            is_scoring,
            reported,
            reported_problems: Vec::new(),
            last_text,
        };
        if let Some(problem) = problem.or(stored.as_ref().err().copied()) {
            widget.report_storage(problem, out);
        }
        widget
    }

    fn handle(&mut self, event: Event, out: &mut Emissions) {
        if !self.is_scoring {
            return;
        }
        self.sync(out);
        let mut event = event;
        for (key, value) in page::context() {
            event = event.with_default(&key, value);
        }
        let outcome = self.engine.handle(&event, now());
        if self.engine.config().debug {
            let hits = outcome
                .hits
                .iter()
                .map(|h| Value::str(self.engine.rule_id(h.rule)))
                .collect();
            out.push((
                "debug",
                Value::object([
                    ("event", Value::str(&event.name)),
                    ("props", Value::Object(event.props.clone())),
                    ("hits", Value::Array(hits)),
                ]),
            ));
        }
        self.report_hits(&outcome, out);
        self.report_outcome(outcome, out);
    }

    /// Reports a problem with the page's markup once, however often the visitor meets it.
    fn report_problem(&mut self, message: String, out: &mut Emissions) {
        if !self.reported_problems.contains(&message) {
            out.push(("error", error_detail("invalid_call", &message)));
            self.reported_problems.push(message);
        }
    }

    fn report_hits(&self, outcome: &Outcome, out: &mut Emissions) {
        for hit in &outcome.hits {
            let rule = self.engine.rule_id(hit.rule);
            out.push(score_detail(hit.score, hit.delta, Some(rule)));
        }
    }

    /// Stores a changed ledger and reports tier changes and a qualification.
    fn report_outcome(&mut self, outcome: Outcome, out: &mut Emissions) {
        if outcome.is_dirty {
            self.persist(out);
        }
        if let Some(change) = outcome.tier_change {
            out.push((
                "tier",
                Value::object([
                    (
                        "tier",
                        Value::opt_str(self.engine.tier_name(change.tier).as_deref()),
                    ),
                    (
                        "previous",
                        Value::opt_str(self.engine.tier_name(change.previous).as_deref()),
                    ),
                    ("score", Value::Number(change.score)),
                ]),
            ));
        }
        if let Some(lead) = outcome.qualified {
            out.push(("qualified", lead.to_value()));
        }
    }

    /// Folds in what another tab stored since this one last read or wrote, and reports the
    /// score it moved to.
    fn sync(&mut self, out: &mut Emissions) {
        let key = &self.engine.config().storage_key;
        let Ok(Some(text)) = self.store.read(key) else {
            return;
        };
        if self.last_text.as_ref() == Some(&text) {
            return;
        }
        let rules = &self.engine.config().rules;
        let Some(theirs) = parse_json(&text).and_then(|v| Ledger::decode(&v, rules).ok()) else {
            return;
        };
        self.last_text = Some(text);
        let (before, after) = self.engine.merge(&theirs, now());
        if before != after {
            out.push(score_detail(after, after - before, None));
        }
        // Writes from tabs at the same moment can cross: when this tab holds hits the stored
        // entry lacks, it writes the merged state back, so every tab converges on the union.
        if *self.engine.ledger() != theirs {
            self.persist(out);
        }
    }

    fn persist(&mut self, out: &mut Emissions) {
        if !self.may_store {
            return;
        }
        let config = self.engine.config();
        let Some(text) = stringify(&self.engine.ledger().encode(&config.rules)) else {
            return;
        };
        let key = config.storage_key.clone();
        self.last_text = Some(text.clone());
        if let Err(problem) = self.store.write(&key, text) {
            self.report_storage(problem, out);
        }
    }

    fn report_storage(&mut self, problem: StorageProblem, out: &mut Emissions) {
        let (code, message) = match problem {
            StorageProblem::Unavailable => (
                "storage_unavailable",
                "storage is blocked or missing; the score is kept in memory for this page",
            ),
            StorageProblem::Full => (
                "storage_full",
                "storage is full; the score is kept in memory for this page",
            ),
        };
        note(&mut self.reported, out, code, message);
    }
}

/// A `score` event: `{ score, delta, rule }`, `rule` null when no rule moved it (a reset,
/// another tab).
fn score_detail(score: f64, delta: f64, rule: Option<&str>) -> (&'static str, Value) {
    let detail = Value::object([
        ("score", Value::Number(score)),
        ("delta", Value::Number(delta)),
        ("rule", Value::opt_str(rule)),
    ]);
    ("score", detail)
}

/// Reports an error once per code.
fn note(reported: &mut Vec<&'static str>, out: &mut Emissions, code: &'static str, message: &str) {
    if !reported.contains(&code) {
        reported.push(code);
        out.push(("error", error_detail(code, message)));
    }
}

//! What the JavaScript tracker needs to know of a config (the `configure` op's `settings`):
//! where to store, which signals to measure and at which thresholds, which elements to match.

use super::config::{Config, StorageKind, Trigger};
use super::order::sorted;
use super::value::Value;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// `{ storage, storageKey, consentRequired, respectGlobalPrivacyControl, ignoreAutomation,
/// debug, idleMs, sessionMs, dwell, scroll, views, clicks, forms, exitIntent,
/// downloadExtensions, selectors }`: the thresholds distinct and ascending, `views` one entry per
/// selector in the order rules first name it, `selectors` every rule's `[index, selector]`.
pub fn settings(config: &Config) -> Value {
    let mut dwell = Vec::new();
    let mut scroll = Vec::new();
    let mut views: Vec<(String, Vec<f64>)> = Vec::new();
    let mut clicks = Targets::default();
    let mut forms = Targets::default();
    let mut exit_intent = false;
    let mut selectors = Vec::new();
    for (i, rule) in config.rules.iter().enumerate() {
        let selector = rule.selector.clone();
        if let Some(s) = &selector {
            selectors.push(Value::Array(vec![Value::Number(i as f64), Value::str(s)]));
        }
        match (&rule.trigger, rule.trigger.event_name()) {
            (Trigger::Dwell { seconds }, _) => dwell.push(*seconds),
            (Trigger::Scroll { percent }, _) => scroll.push(*percent),
            (Trigger::View { seconds }, _) => {
                let selector = selector.unwrap_or_default();
                match views.iter_mut().find(|(s, _)| *s == selector) {
                    Some((_, list)) => list.push(*seconds),
                    None => views.push((selector, vec![*seconds])),
                }
            }
            (_, "click") => clicks.add(selector),
            (_, "form_submit") => forms.add(selector),
            (_, "exit_intent") => exit_intent = true,
            _ => {}
        }
    }
    let mut view_values = Vec::with_capacity(views.len());
    for (selector, list) in &views {
        view_values.push(Value::Array(vec![Value::str(selector), numbers(list)]));
    }
    let storage = match config.storage {
        StorageKind::Local => "local",
        StorageKind::Session => "session",
        StorageKind::Memory => "memory",
    };
    Value::object([
        ("storage", Value::str(storage)),
        ("storageKey", Value::str(&config.storage_key)),
        ("consentRequired", Value::Bool(config.consent_required)),
        (
            "respectGlobalPrivacyControl",
            Value::Bool(config.respect_global_privacy_control),
        ),
        ("ignoreAutomation", Value::Bool(config.ignore_automation)),
        ("debug", Value::Bool(config.debug)),
        ("idleMs", Value::Number(config.idle_ms)),
        ("sessionMs", Value::Number(config.session_ms)),
        ("dwell", numbers(&dwell)),
        ("scroll", numbers(&scroll)),
        ("views", Value::Array(view_values)),
        ("clicks", clicks.to_value()),
        ("forms", forms.to_value()),
        ("exitIntent", Value::Bool(exit_intent)),
        ("downloadExtensions", strings(&config.download_extensions)),
        ("selectors", Value::Array(selectors)),
    ])
}

/// The distinct numbers of `list`, ascending, as a list value.
fn numbers(list: &[f64]) -> Value {
    let order = sorted(list.len(), &|a, b| match (list.get(a), list.get(b)) {
        (Some(x), Some(y)) => x.total_cmp(y).is_lt(),
        _ => false,
    });
    let mut distinct = Vec::with_capacity(order.len());
    let mut last = None;
    for &i in &order {
        if let Some(&n) = list.get(i) {
            if last != Some(n) {
                distinct.push(Value::Number(n));
                last = Some(n);
            }
        }
    }
    Value::Array(distinct)
}

/// A list of strings as a value.
fn strings(list: &[String]) -> Value {
    let mut items = Vec::with_capacity(list.len());
    for s in list {
        items.push(Value::str(s));
    }
    Value::Array(items)
}

/// The elements a kind of rule (clicks, forms) cares about.
#[derive(Default)]
struct Targets {
    /// True when a rule without a selector takes any element.
    any: bool,
    /// The distinct selectors the other rules name, in rule order.
    selectors: Vec<String>,
}

impl Targets {
    fn add(&mut self, selector: Option<String>) {
        match selector {
            Some(s) if !self.selectors.contains(&s) => self.selectors.push(s),
            Some(_) => {}
            None => self.any = true,
        }
    }

    fn to_value(&self) -> Value {
        Value::object([
            ("any", Value::Bool(self.any)),
            ("selectors", strings(&self.selectors)),
        ])
    }
}

//! What the JavaScript tracker needs to know of a config (the `configure` op's `settings`):
//! where to store, which signals to measure and at which thresholds, which elements to match.

use super::config::{Config, StorageKind, Trigger};
use super::order::sorted;
use super::tape::Writer;
use alloc::vec;
use alloc::vec::Vec;

/// `{ storage, storageKey, consentRequired, respectGlobalPrivacyControl, ignoreAutomation,
/// debug, idleMs, sessionMs, dwell, scroll, views, clicks, forms, exitIntent,
/// downloadExtensions, selectors }`: the thresholds distinct and ascending, `views` one entry per
/// selector in the order rules first name it, `selectors` every rule's `[index, selector]`.
pub fn settings(config: &Config, w: &mut Writer) {
    let mut dwell = Vec::new();
    let mut scroll = Vec::new();
    let mut views: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut clicks = Targets::default();
    let mut forms = Targets::default();
    let mut exit_intent = false;
    let mut selectors = Vec::new();
    for (i, rule) in config.rules.iter().enumerate() {
        let selector = rule.selector.as_deref();
        if let Some(s) = selector {
            selectors.push((i, s));
        }
        match &rule.trigger {
            Trigger::Dwell { seconds } => dwell.push(*seconds),
            Trigger::Scroll { percent } => scroll.push(*percent),
            Trigger::View { seconds } => {
                let selector = selector.unwrap_or_default();
                match views.iter_mut().find(|(s, _)| *s == selector) {
                    Some((_, list)) => list.push(*seconds),
                    None => views.push((selector, vec![*seconds])),
                }
            }
            Trigger::Named(name) => match name.as_str() {
                "click" => clicks.add(selector),
                "form_submit" => forms.add(selector),
                "exit_intent" => exit_intent = true,
                _ => {}
            },
            Trigger::PageView | Trigger::Download { .. } => {}
        }
    }
    let storage = match config.storage {
        StorageKind::Local => "local",
        StorageKind::Session => "session",
        StorageKind::Memory => "memory",
    };
    w.object(16);
    w.key("storage").str(storage);
    w.key("storageKey").str(&config.storage_key);
    w.key("consentRequired").bool(config.consent_required);
    w.key("respectGlobalPrivacyControl")
        .bool(config.respect_global_privacy_control);
    w.key("ignoreAutomation").bool(config.ignore_automation);
    w.key("debug").bool(config.debug);
    w.key("idleMs").num(config.idle_ms);
    w.key("sessionMs").num(config.session_ms);
    w.key("dwell");
    numbers(w, &dwell);
    w.key("scroll");
    numbers(w, &scroll);
    w.key("views").array(views.len());
    for (selector, list) in &views {
        w.array(2);
        w.str(selector);
        numbers(w, list);
    }
    w.key("clicks");
    clicks.write(w);
    w.key("forms");
    forms.write(w);
    w.key("exitIntent").bool(exit_intent);
    w.key("downloadExtensions");
    strings(w, &config.download_extensions);
    w.key("selectors").array(selectors.len());
    for &(i, selector) in &selectors {
        w.array(2);
        w.num(i as f64);
        w.str(selector);
    }
}

/// The distinct numbers of `list`, ascending, as a list.
fn numbers(w: &mut Writer, list: &[f64]) {
    let order = sorted(
        list.len(),
        &|a: usize, b: usize| match (list.get(a), list.get(b)) {
            (Some(x), Some(y)) => x.total_cmp(y).is_lt(),
            _ => false,
        },
    );
    let mut distinct = Vec::new();
    let mut last = None;
    for &i in &order {
        if let Some(&n) = list.get(i) {
            if last != Some(n) {
                distinct.push(n);
                last = Some(n);
            }
        }
    }
    w.array(distinct.len());
    for &n in &distinct {
        w.num(n);
    }
}

/// A list of strings.
fn strings<S: AsRef<str>>(w: &mut Writer, list: &[S]) {
    w.array(list.len());
    for s in list {
        w.str(s.as_ref());
    }
}

/// The elements a kind of rule (clicks, forms) cares about.
#[derive(Default)]
struct Targets<'a> {
    /// True when a rule without a selector takes any element.
    any: bool,
    /// The distinct selectors the other rules name, in rule order.
    selectors: Vec<&'a str>,
}

impl<'a> Targets<'a> {
    fn add(&mut self, selector: Option<&'a str>) {
        match selector {
            Some(s) if !self.selectors.contains(&s) => self.selectors.push(s),
            Some(_) => {}
            None => self.any = true,
        }
    }

    /// `{ any, selectors }`.
    fn write(&self, w: &mut Writer) {
        w.object(2);
        w.key("any").bool(self.any);
        w.key("selectors");
        strings(w, &self.selectors);
    }
}

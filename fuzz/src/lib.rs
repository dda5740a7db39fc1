//! What the fuzz targets share: bytes → JSON → the core's `Value`, events derived from a fuzzed
//! config, the fixed rule set the stored-state target decodes against, and the round-trip check.
//!
//! Everything here panics on purpose when an invariant fails (that is how libFuzzer sees a
//! finding); the code under test must not panic on its own.

use leadscore::core::config::{Config, Trigger};
use leadscore::core::ledger::Ledger;
use leadscore::core::tape::{decode, Writer};
use leadscore::core::{Event, Value};

/// A JSON string with exactly this text becomes [`Value::Function`], so the fuzzer can reach
/// the `onQualified` / `onScore` handler fields (and put functions where they do not belong).
pub const FUNCTION: &str = "__fn__";

/// The input as a `Value`, when it is UTF-8 JSON.
pub fn input(data: &[u8]) -> Option<Value> {
    let json: serde_json::Value = serde_json::from_slice(data).ok()?;
    Some(json_to_value(&json))
}

/// serde_json's value → the core's; numbers become `f64` as `JSON.parse` makes them.
pub fn json_to_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) if s == FUNCTION => Value::Function,
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::Array(items.iter().map(json_to_value).collect()),
        serde_json::Value::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), json_to_value(v)))
                .collect(),
        ),
    }
}

/// Operators of a `where` condition: their values belong to the prop named one level up.
const OPERATORS: [&str; 7] = ["gte", "gt", "lte", "lt", "in", "glob", "exists"];

/// Material for events, gathered from anywhere in the input: strings (paths, names, globs —
/// a glob always matches its own text), finite numbers (times, seconds), and `key: scalar`
/// pairs (so `where: { plan: "pro" }` or `{ size: { gte: 200 } }` yield props that meet them).
#[derive(Default)]
pub struct Material {
    pub strings: Vec<String>,
    pub numbers: Vec<f64>,
    pub props: Vec<(String, Value)>,
}

const MAX_MATERIAL: usize = 32;

impl Material {
    pub fn of(value: &Value) -> Material {
        let mut m = Material::default();
        m.walk(value, None, 0);
        m
    }

    fn walk(&mut self, value: &Value, key: Option<&str>, depth: usize) {
        if depth > 64 {
            return;
        }
        match value {
            Value::String(s) if self.strings.len() < MAX_MATERIAL => {
                self.strings.push(s.clone());
            }
            Value::Number(n) if n.is_finite() && self.numbers.len() < MAX_MATERIAL => {
                self.numbers.push(*n);
            }
            _ => {}
        }
        if value.is_scalar() {
            if let Some(k) = key {
                if self.props.len() < MAX_MATERIAL {
                    self.props.push((k.to_owned(), value.clone()));
                }
            }
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.walk(item, key, depth + 1);
                }
            }
            Value::Object(entries) => {
                for (k, v) in entries {
                    let prop = if OPERATORS.contains(&k.as_str()) {
                        key.unwrap_or(k)
                    } else {
                        k
                    };
                    self.walk(v, Some(prop), depth + 1);
                }
            }
            _ => {}
        }
    }

    fn string(&self, i: usize) -> &str {
        match self.strings.len() {
            0 => "/",
            n => &self.strings[i % n],
        }
    }

    fn number(&self, i: usize) -> f64 {
        match self.numbers.len() {
            0 => 1000.0,
            n => self.numbers[i % n],
        }
    }
}

/// An event that owns its name, props and matched selectors, lent to the engine as an
/// [`Event`] by [`view`](OwnedEvent::view).
#[derive(Clone, Debug)]
pub struct OwnedEvent {
    pub name: String,
    pub props: Vec<(String, Value)>,
    pub matched: Vec<Value>,
}

impl OwnedEvent {
    pub fn new(name: &str, props: Vec<(String, Value)>) -> OwnedEvent {
        OwnedEvent {
            name: name.to_owned(),
            props,
            matched: Vec::new(),
        }
    }

    pub fn view(&self) -> Event<'_> {
        Event {
            matched: &self.matched,
            ..Event::new(&self.name, &self.props)
        }
    }
}

/// A start time like a real one (ms since the epoch).
pub const START: f64 = 1_700_000_000_000.0;

/// The entries of a listed `[{ on, at, props }]` (what the script's `simulate` replays) whose
/// `on` is a name, `at` a finite time and `props` absent or an object of scalars; the rest are
/// skipped.
pub fn listed_events(value: &Value) -> Vec<(f64, OwnedEvent)> {
    let Value::Array(items) = value else {
        return Vec::new();
    };
    let mut events = Vec::new();
    for item in items {
        let (Some(Value::String(on)), Some(&Value::Number(at))) = (item.get("on"), item.get("at"))
        else {
            continue;
        };
        let props = match item.get("props") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(entries)) if entries.iter().all(|(_, v)| v.is_scalar()) => {
                entries.clone()
            }
            _ => continue,
        };
        if !on.is_empty() && at.is_finite() {
            events.push((at, OwnedEvent::new(on, props)));
        }
    }
    events
}

/// A run of timed events for `config` built from `m`: a first page view with UTM values, then
/// for each rule an event it listens to, with the parameters and props it asks for, at times
/// that move forward (and sometimes back, or by a visit's or a half-life's length).
pub fn events_for(config: &Config, m: &Material) -> Vec<(f64, OwnedEvent)> {
    let mut events = Vec::new();
    let mut now = START;
    let mut query = String::from("?utm_source=");
    query.push_str(m.string(0));
    query.push_str("&utm_campaign=%E2%9C%93+x%zz");
    events.push((
        now,
        OwnedEvent::new(
            "page_view",
            vec![
                ("path".into(), Value::str(m.string(1))),
                ("query".into(), Value::String(query)),
            ],
        ),
    ));
    for (i, rule) in config.rules.iter().take(48).enumerate() {
        let mut props = m.props.clone();
        // A path the rule's `url` accepts, when the input has one (a glob matches its own text).
        let path = rule
            .url
            .as_ref()
            .and_then(|url| m.strings.iter().find(|s| url.matches(s)))
            .map_or_else(|| m.string(i), String::as_str);
        props.push(("path".into(), Value::str(path)));
        match &rule.trigger {
            Trigger::Dwell { seconds } | Trigger::View { seconds } => {
                props.insert(0, ("seconds".into(), Value::Number(*seconds)));
            }
            Trigger::Scroll { percent } => {
                props.insert(0, ("percent".into(), Value::Number(*percent)));
            }
            Trigger::Download { extensions } => {
                let ext = extensions
                    .as_ref()
                    .and_then(|list| list.first().cloned())
                    .unwrap_or_else(|| "pdf".into());
                props.insert(0, ("extension".into(), Value::String(ext)));
            }
            Trigger::PageView | Trigger::Named(_) => {}
        }
        let mut event = OwnedEvent::new(rule.trigger.event_name(), props);
        if let Some(selector) = &rule.selector {
            event.matched = vec![Value::String(selector.clone())];
        }
        now = step(now, i, config, m);
        events.push((now, event.clone()));
        // Twice: the second meets the rule's limit or its once-per-page-view rule.
        events.push((now, event));
    }
    // Custom names straight from the input.
    for i in 0..m.strings.len().min(4) {
        let name = m.string(i);
        if !name.is_empty() {
            now = step(now, i + 7, config, m);
            events.push((now, OwnedEvent::new(name, m.props.clone())));
        }
    }
    events
}

/// The next time: by a number of the input (which may be negative), a visit's length, or a
/// half-life; never to a non-finite time.
fn step(now: f64, i: usize, config: &Config, m: &Material) -> f64 {
    let by = match i % 4 {
        0 => m.number(i),
        1 => config.session_ms + 1.0,
        2 => config
            .rules
            .get(i % config.rules.len().max(1))
            .and_then(|r| r.half_life_ms)
            .unwrap_or(1000.0),
        _ => 1.0,
    };
    let next = now + by;
    if next.is_finite() {
        next
    } else {
        now
    }
}

/// The stored form of `ledger`, read back from its tape.
pub fn stored(ledger: &Ledger, config: &Config) -> Value {
    let mut bytes = Vec::new();
    ledger.write(&config.rules, &mut Writer(&mut bytes));
    decode(&bytes).expect("a written tape reads back")
}

/// What the widget stores must read back as itself, and store the same again.
pub fn assert_round_trip(ledger: &Ledger, config: &Config) {
    let encoded = stored(ledger, config);
    let decoded = match Ledger::decode(&encoded, &config.rules) {
        Ok(l) => l,
        Err(_) => {
            panic!("an encoded ledger does not decode\nledger: {ledger:?}\nencoded: {encoded:?}")
        }
    };
    assert_eq!(
        &decoded, ledger,
        "decode(encode(ledger)) != ledger\nencoded: {encoded:?}"
    );
    let again = stored(&decoded, config);
    assert_eq!(
        again, encoded,
        "encode(decode(encode(ledger))) != encode(ledger)"
    );
}

/// Two tabs' ledgers merge to the same state whichever side merges (so tabs that write merged
/// states back converge), merging either side in again changes nothing, and the result
/// round-trips.
pub fn assert_merge_commutes(a: &Ledger, b: &Ledger, config: &Config) {
    let mut ab = a.clone();
    ab.merge(b);
    let mut ba = b.clone();
    ba.merge(a);
    assert_eq!(ab, ba, "a.merge(b) != b.merge(a)\na: {a:?}\nb: {b:?}");
    let mut again = ab.clone();
    again.merge(a);
    again.merge(b);
    assert_eq!(
        again, ab,
        "merging a side in again changed the merged state\na: {a:?}\nb: {b:?}"
    );
    assert_round_trip(&ab, config);
}

/// The rule set the stored-state target decodes against; its ids appear in the seeds.
pub const STATE_CONFIG: &str = r#"{
  "threshold": 100,
  "rearmBelow": 50,
  "tiers": [{ "name": "warm", "min": 40 }, { "name": "hot", "min": 100 }],
  "groups": { "fit": { "max": 40 } },
  "rules": [
    { "id": "pricing", "on": "page_view", "url": "/pricing*", "points": 20, "limit": 3, "halfLifeDays": 30 },
    { "id": "whitepaper", "on": "download", "extension": "pdf", "points": 30 },
    { "id": "reader", "on": "dwell", "seconds": 60, "points": 15 },
    { "id": "careers", "on": "page_view", "url": "/careers*", "points": -40 },
    { "id": "vp", "on": "identify", "where": { "role": { "glob": "VP*" } }, "points": 25, "group": "fit", "halfLifeDays": 365 },
    { "id": "demo", "on": "demo_request", "points": 40, "limit": 2 }
  ]
}"#;

/// [`STATE_CONFIG`], parsed.
pub fn state_config() -> Config {
    let value = input(STATE_CONFIG.as_bytes()).expect("STATE_CONFIG is JSON");
    Config::parse(&value).expect("STATE_CONFIG is a valid config")
}

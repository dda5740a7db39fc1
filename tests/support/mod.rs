//! Shared helpers for the native tests: configs and events written as JSON.
#![allow(dead_code)] // each test file uses its own subset

use leadscore::core::ledger::Ledger;
use leadscore::core::tape::{self, Writer};
use leadscore::core::{Config, Engine, Event, Value};

/// A core value from `serde_json`'s `json!`.
pub fn value(json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap()),
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::Array(items.into_iter().map(value).collect()),
        serde_json::Value::Object(entries) => {
            Value::Object(entries.into_iter().map(|(k, v)| (k, value(v))).collect())
        }
    }
}

/// What `write` writes, read back from its tape.
pub fn written(write: impl FnOnce(&mut Writer)) -> Value {
    let mut bytes = Vec::new();
    write(&mut Writer(&mut bytes));
    tape::decode(&bytes).unwrap()
}

pub fn config(json: serde_json::Value) -> Config {
    Config::parse(&value(json)).unwrap_or_else(|e| panic!("{e}"))
}

pub fn config_error(json: serde_json::Value) -> String {
    Config::parse(&value(json))
        .unwrap_err()
        .message()
        .to_owned()
}

pub fn engine(json: serde_json::Value) -> Engine {
    let config = config(json);
    let ledger = Ledger::new(config.rules.len());
    Engine::new(config, ledger, 0.0)
}

/// An event that owns its name and props, lent to the engine as an [`Event`] by [`view`](Self::view).
#[derive(Clone, Debug)]
pub struct OwnedEvent {
    pub name: String,
    pub props: Vec<(String, Value)>,
}

impl OwnedEvent {
    pub fn view(&self) -> Event<'_> {
        Event::new(&self.name, &self.props)
    }
}

/// An event named `name` with props given as a JSON object.
pub fn event(name: &str, props: serde_json::Value) -> OwnedEvent {
    let props = match value(props) {
        Value::Object(props) => props,
        _ => Vec::new(),
    };
    OwnedEvent {
        name: name.to_owned(),
        props,
    }
}

pub fn page_view(path: &str) -> OwnedEvent {
    event("page_view", serde_json::json!({ "path": path }))
}

/// The JSON the browser would see for a core value (functions become null).
pub fn json_of(v: &Value) -> serde_json::Value {
    match v {
        Value::Null | Value::Function => serde_json::Value::Null,
        Value::Bool(b) => serde_json::json!(b),
        Value::Number(n) => serde_json::json!(n),
        Value::String(s) => serde_json::json!(s),
        Value::Array(items) => items.iter().map(json_of).collect(),
        Value::Object(entries) => entries
            .iter()
            .map(|(k, v)| (k.clone(), json_of(v)))
            .collect(),
    }
}

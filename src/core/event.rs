//! Events: what happened (`page_view`, `dwell`, a custom name, …) with flat props. Every event
//! the browser reports carries the page context (`path`, `query`, `title`, `referrer`), which
//! rule `url` globs and `where` conditions read.

use super::config::ConfigError;
use super::text::field;
use super::value::{copy_entries, lookup, Value};
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

/// The built-in event names a rule's `on` may use; any other name is a custom event.
pub const BUILT_IN: [&str; 10] = [
    "page_view",
    "dwell",
    "scroll",
    "download",
    "click",
    "form_submit",
    "view",
    "exit_intent",
    "visit",
    "identify",
];

/// One thing the visitor did.
///
/// ```
/// use leadscore::core::{Event, Value};
/// let e = Event::new("download", vec![("extension".into(), Value::str("pdf"))]);
/// assert_eq!(e.prop("extension"), Some(&Value::str("pdf")));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub name: String,
    pub props: Vec<(String, Value)>,
    /// The rule selectors the event's element matched (clicks, forms, views); the browser
    /// layer fills it, since only it can match CSS.
    pub matched: Vec<String>,
}

impl Event {
    pub fn new(name: &str, props: Vec<(String, Value)>) -> Event {
        Event {
            name: name.to_owned(),
            props,
            matched: Vec::new(),
        }
    }

    pub fn prop(&self, key: &str) -> Option<&Value> {
        lookup(&self.props, key)
    }

    /// A string prop, `""` when missing.
    pub fn text(&self, key: &str) -> &str {
        Value::text_of(self.prop(key))
    }

    /// Adds a copy of the prop `entry` unless the event already has one of that name.
    pub fn set_default(&mut self, entry: &(String, Value)) {
        if self.prop(&entry.0).is_none() {
            self.props.push(entry.clone());
        }
    }
}

/// Reads the props a site passes to `track` or `identify`: an object of strings, numbers,
/// booleans and nulls (`undefined`/missing is an empty set). `path` names the argument in errors.
pub fn props_from_value(value: &Value, path: &str) -> Result<Vec<(String, Value)>, String> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Object(entries) => {
            for (key, v) in entries {
                if !v.is_scalar() {
                    let what = "expected a string, number, true/false or null";
                    return Err(ConfigError::at(field(path, key), what).into_message());
                }
            }
            Ok(copy_entries(entries))
        }
        other => {
            let mut message = String::from(path);
            message.push_str(": expected an object, got ");
            message.push_str(other.kind());
            Err(message)
        }
    }
}

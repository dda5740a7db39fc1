//! Events: what happened (`page_view`, `dwell`, a custom name, …) with flat props. Every event
//! the browser reports carries the page context (`path`, `query`, `title`, `referrer`), which
//! rule `url` globs and `where` conditions read.

use super::config::ConfigError;
use super::text::field;
use super::value::{lookup, Value};
use alloc::string::String;

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

/// One thing the visitor did, borrowed from what carries it (the op's input, a visit's own
/// props): scoring copies none of it.
///
/// ```
/// use leadscore::core::{Event, Value};
/// let props = [("extension".into(), Value::str("pdf"))];
/// let context = [("path".into(), Value::str("/docs")), ("extension".into(), Value::str("zip"))];
/// let e = Event { context: &context, ..Event::new("download", &props) };
/// assert_eq!(e.prop("extension"), Some(&Value::str("pdf")));
/// assert_eq!(e.prop("path"), Some(&Value::str("/docs")));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event<'a> {
    pub name: &'a str,
    /// The event's own props.
    pub props: &'a [(String, Value)],
    /// The page context: props read after the event's own, which override them.
    pub context: &'a [(String, Value)],
    /// The rule selectors the event's element matched (clicks, forms, views), as the input
    /// lists them: the browser layer fills it, since only it can match CSS. Only strings count.
    pub matched: &'a [Value],
}

impl<'a> Event<'a> {
    /// An event with its own props alone: no context, no matched selectors.
    pub const fn new(name: &'a str, props: &'a [(String, Value)]) -> Event<'a> {
        Event {
            name,
            props,
            context: &[],
            matched: &[],
        }
    }

    /// The prop `key`: the event's own, else the context's. Inlined where it is read (`where`,
    /// `url`, a visit's query): as a call of its own the module is 17 B gzip larger.
    #[inline(always)]
    pub fn prop(&self, key: &str) -> Option<&'a Value> {
        match lookup(self.props, key) {
            Some(value) => Some(value),
            None => lookup(self.context, key),
        }
    }

    /// True when the event's element matched `selector`.
    pub fn has_matched(&self, selector: &str) -> bool {
        for matched in self.matched {
            // As `str`s, as the core compares names elsewhere (−1 B gzip).
            if matches!(matched, Value::String(s) if s.as_str() == selector) {
                return true;
            }
        }
        false
    }
}

/// Reads the props a site passes to `track` or `identify`: an object of strings, numbers,
/// booleans and nulls (`undefined`/missing is an empty set). `path` names the argument in errors.
/// The props are the input's own entries, checked in place.
pub fn props_from_value<'a>(value: &'a Value, path: &str) -> Result<&'a [(String, Value)], String> {
    match value {
        Value::Null => Ok(&[]),
        Value::Object(entries) => {
            for (key, v) in entries {
                if !v.is_scalar() {
                    let mut message = field(path, key);
                    message.push_str(": expected a string, number, true/false or null");
                    return Err(message);
                }
            }
            Ok(entries)
        }
        other => {
            let error = ConfigError::at(String::from(path), "expected ");
            Err(error.got("an object", other).into_message())
        }
    }
}

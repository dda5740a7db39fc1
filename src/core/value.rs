//! A JSON-shaped value: the one data type the core reads configs, events and stored state from
//! (its answers are written straight to the tape, see [`Writer`](super::tape::Writer)). The
//! JS edge converts to and from it; the core never sees a `JsValue`.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

/// A JSON value, plus `Function` for the JS functions a config may carry (handlers), which the
/// core only needs to recognise.
///
/// ```
/// use leadscore::core::Value;
/// let v = Value::object([("points", Value::Number(20.0))]);
/// assert_eq!(v.get("points").and_then(Value::as_f64), Some(20.0));
/// ```
#[derive(Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
    Function,
}

impl Clone for Value {
    /// A deep copy. Written out so that lists and objects are copied by [`copy_all`] and
    /// [`copy_entries`]: the derived copy goes through `Vec::clone`, a function of its own per
    /// element type.
    fn clone(&self) -> Value {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(*b),
            Value::Number(n) => Value::Number(*n),
            Value::String(s) => Value::String(s.clone()),
            Value::Array(items) => Value::Array(copy_all(items)),
            Value::Object(entries) => Value::Object(copy_entries(entries)),
            Value::Function => Value::Function,
        }
    }
}

/// A copy of `items`, one value at a time.
pub fn copy_all(items: &[Value]) -> Vec<Value> {
    let mut copy = Vec::with_capacity(items.len());
    for item in items {
        copy.push(item.clone());
    }
    copy
}

/// A copy of an object's `entries`, one at a time (as [`copy_all`]).
pub fn copy_entries(entries: &[(String, Value)]) -> Vec<(String, Value)> {
    let mut copy = Vec::with_capacity(entries.len());
    for entry in entries {
        copy.push(entry.clone());
    }
    copy
}

/// The value of the first entry named `key`.
pub fn lookup<'a>(entries: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    for (k, v) in entries {
        // As `str`s, as `Fields::get` compares them: `&String == &str` leaves the module.
        if k.as_str() == key {
            return Some(v);
        }
    }
    None
}

impl Value {
    /// Builds an object from `(key, value)` pairs, keeping their order (inputs, in tests and
    /// examples).
    pub fn object<const N: usize>(mut entries: [(&str, Value); N]) -> Value {
        // One shared body for every N: the generic part only lends the array out.
        Value::from_pairs(&mut entries)
    }

    /// The object of `entries`, whose values it takes (leaving nulls).
    fn from_pairs(entries: &mut [(&str, Value)]) -> Value {
        let mut object = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            object.push(((*key).to_owned(), core::mem::replace(value, Value::Null)));
        }
        Value::Object(object)
    }

    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    /// The member `key` of an object; `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => lookup(entries, key),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string value; `""` for any other value or none (an event's missing prop).
    pub fn text_of(value: Option<&Value>) -> &str {
        match value {
            Some(Value::String(text)) => text,
            _ => "",
        }
    }

    /// The number of a number value; `0` for any other value or none.
    pub fn number_of(value: Option<&Value>) -> f64 {
        match value {
            Some(Value::Number(n)) => *n,
            _ => 0.0,
        }
    }

    /// True for the values an event prop may hold: null, booleans, numbers and strings.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)
        )
    }

    /// Words for this value's type, as error messages use them ("a string", "a list").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
            Value::Function => "a function",
        }
    }
}

/// `n` as a count: a whole number from 0 to `u32::MAX`, else `None`. (`f64::fract` is not in
/// `core`; a round trip through `u32` says the same without a float library.)
///
/// ```
/// use leadscore::core::value::count;
/// assert_eq!(count(3.0), Some(3));
/// assert_eq!(count(1.5), None);
/// assert_eq!(count(-1.0), None);
/// assert_eq!(count(4294967296.0), None);
/// ```
pub fn count(n: f64) -> Option<u32> {
    let whole = n as u32; // saturating, NaN → 0
    (f64::from(whole) == n).then_some(whole)
}

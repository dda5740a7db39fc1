//! Visits: a new visit starts with the first activity (a page view, any event, input) after
//! `sessionMinutes` without one. The session remembers the visit count and the visit's first-touch UTM values, which every event
//! of the visit carries.

use super::event::Event;
use super::text::{decode_utf8, push_byte};
use super::value::Value;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// The UTM parameters kept for a visit.
pub const UTM_KEYS: [&str; 5] = [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
];

/// The visitor's visits so far.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub visits: u32,
    pub last_seen: f64,
    /// First-touch UTM values of the current visit.
    pub utm: Vec<(String, Value)>,
}

impl Session {
    /// Activity at `now`: starts a new visit when the last activity is older than `session_ms`
    /// (or there was none) and returns its `visit` event's own props: its count, whether the
    /// visitor is returning, then a copy of the `activity`'s own props (its page context is
    /// the visit's too). The activity's `query` gives the visit's UTM values. The query is
    /// read, and the props copied, only when a visit starts.
    ///
    /// ```
    /// use leadscore::core::session::Session;
    /// use leadscore::core::value::lookup;
    /// use leadscore::core::{Event, Value};
    /// let mut s = Session::default();
    /// let context = [("query".into(), Value::str("?utm_source=news"))];
    /// let input = Event { context: &context, ..Event::new("", &[]) };
    /// assert!(s.activity(0.0, 1000.0, &input).is_some());
    /// assert!(s.activity(500.0, 1000.0, &Event::new("", &[])).is_none());
    /// let visit = s.activity(5000.0, 1000.0, &Event::new("", &[])).unwrap();
    /// assert_eq!(lookup(&visit, "count"), Some(&Value::Number(2.0)));
    /// ```
    pub fn activity(
        &mut self,
        now: f64,
        session_ms: f64,
        activity: &Event,
    ) -> Option<Vec<(String, Value)>> {
        let is_new = self.visits == 0 || now - self.last_seen > session_ms;
        self.touch(now);
        if !is_new {
            return None;
        }
        self.visits = self.visits.saturating_add(1);
        self.utm = utm_of(Value::text_of(activity.prop("query")));
        let mut props = Vec::with_capacity(2 + activity.props.len());
        props.push(("count".into(), Value::Number(f64::from(self.visits))));
        props.push(("returning".into(), Value::Bool(self.visits > 1)));
        for prop in activity.props {
            props.push(prop.clone());
        }
        Some(props)
    }

    /// Records activity at `now`.
    pub fn touch(&mut self, now: f64) {
        self.last_seen = self.last_seen.max(now);
    }
}

/// Equal visits, last activity and UTM values, the values compared as the texts they are
/// ([`utm_of`] and the stored form's decoding keep only strings): `Value`'s derived equality,
/// recursive through lists and objects, stays out of the module.
impl PartialEq for Session {
    fn eq(&self, other: &Session) -> bool {
        self.visits == other.visits
            && self.last_seen == other.last_seen
            && cmp_utm(&self.utm, &other.utm).is_eq()
    }
}

/// Two UTM lists in lexicographic order of their `(key, text)` pairs.
pub fn cmp_utm(a: &[(String, Value)], b: &[(String, Value)]) -> Ordering {
    for ((key_a, value_a), (key_b, value_b)) in a.iter().zip(b) {
        let (text_a, text_b) = (Value::text_of(Some(value_a)), Value::text_of(Some(value_b)));
        // Compared as `str`s, as the texts are: `String`'s own `cmp` would be another copy.
        let order = key_a.as_str().cmp(key_b).then(text_a.cmp(text_b));
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// The `utm_*` parameters of a query string (`?utm_source=news&x=1`), decoded. Read as bytes
/// (every delimiter is ASCII), which keeps core's string searchers out of the module.
pub fn utm_of(query: &str) -> Vec<(String, Value)> {
    let bytes = query.as_bytes();
    let start = bytes.iter().position(|b| *b != b'?').unwrap_or(bytes.len());
    let mut utm = Vec::new();
    for pair in bytes.get(start..).unwrap_or_default().split(|b| *b == b'&') {
        let (key, value) = match pair.iter().position(|b| *b == b'=') {
            Some(at) => (
                pair.get(..at).unwrap_or_default(),
                pair.get(at + 1..).unwrap_or_default(),
            ),
            None => (pair, &[][..]),
        };
        if let Some(key) = UTM_KEYS.iter().find(|k| k.as_bytes() == key) {
            utm.push(((*key).to_owned(), Value::String(decode_component(value))));
        }
    }
    utm
}

/// Percent-decoding with `+` as space; malformed escapes are kept as written, and bytes that
/// are not UTF-8 become U+FFFD (as `String::from_utf8_lossy`, whose chunk iterator is larger).
fn decode_component(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let [b, after @ ..] = rest {
        rest = after;
        let decoded = match (*b, after) {
            (b'%', [high, low, more @ ..]) => match (
                char::from(*high).to_digit(16),
                char::from(*low).to_digit(16),
            ) {
                (Some(high), Some(low)) => {
                    rest = more;
                    ((high << 4) | low) as u8 // two hex digits: below 256
                }
                _ => b'%',
            },
            (b'+', _) => b' ',
            (other, _) => other,
        };
        push_byte(&mut out, decoded);
    }
    decode_utf8(&out, true).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::value::lookup;
    use alloc::vec;

    #[test]
    fn utm_values_are_decoded() {
        assert_eq!(
            utm_of("?utm_source=news%20letter&utm_campaign=spring+sale&ref=x&utm_medium=%zz"),
            vec![
                ("utm_source".to_owned(), Value::str("news letter")),
                ("utm_campaign".to_owned(), Value::str("spring sale")),
                ("utm_medium".to_owned(), Value::str("%zz")),
            ]
        );
        assert_eq!(utm_of(""), vec![]);
        assert_eq!(
            utm_of("??utm_term=a=b&utm_term"),
            vec![
                ("utm_term".to_owned(), Value::str("a=b")),
                ("utm_term".to_owned(), Value::str("")),
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_as_from_utf8_lossy_does() {
        let cases: [&[u8]; 7] = [
            b"plain",
            b"%",
            b"\xff",
            b"a\xffb\xc3",
            b"\xe2\x82",
            b"\xf0\x9f\x92\xa5\xed\xa0\x80x",
            b"\xc3\xa9\xc3",
        ];
        for bytes in cases {
            assert_eq!(
                decode_component(bytes),
                String::from_utf8_lossy(bytes),
                "{bytes:?}"
            );
        }
        assert_eq!(
            decode_component(b"%E2%9C%93+x%zz%F0"),
            "\u{2713} x%zz\u{FFFD}"
        );
    }

    #[test]
    fn a_visit_ends_after_the_inactivity_limit() {
        let mut s = Session::default();
        let landing = [("query".into(), Value::str("?utm_source=ad"))];
        let first = s.activity(0.0, 30.0, &Event::new("", &landing)).unwrap();
        assert_eq!(lookup(&first, "returning"), Some(&Value::Bool(false)));
        assert_eq!(lookup(&first, "query"), Some(&Value::str("?utm_source=ad")));
        let none = Event::new("", &[]);
        assert!(
            s.activity(30.0, 30.0, &none).is_none(),
            "exactly the limit is the same visit"
        );
        assert_eq!(
            s.utm,
            utm_of("?utm_source=ad"),
            "first touch is kept for the visit"
        );
        let second = s.activity(61.0, 30.0, &none).unwrap();
        assert_eq!(lookup(&second, "returning"), Some(&Value::Bool(true)));
        assert!(s.utm.is_empty());
    }
}

//! The tape: a [`Value`] as bytes, the only data that crosses between the wasm module and its
//! JavaScript (no wasm-bindgen, no JSON). Pure: natively tested, fuzzed (`fuzz/`, `tape_decode`).
//!
//! | tag byte | value | payload |
//! |---|---|---|
//! | 0 | null | — |
//! | 1 | false | — |
//! | 2 | true | — |
//! | 3 | number | 8 bytes f64 LE (exact bits: NaN, ±0, ±Infinity survive) |
//! | 4 | string | u32 byte length, then UTF-8 bytes |
//! | 5 | array | u32 count, then count values |
//! | 6 | object | u32 count, then count × (u32 key byte length, UTF-8 key bytes, value) |
//! | 7 | function | — (a JS function; the core only recognises it) |
//!
//! Integers are little-endian. Decoding is defensive: truncated input, bad tags, invalid UTF-8,
//! counts larger than the bytes left, nesting deeper than [`MAX_DEPTH`] and bytes after the
//! value are errors, never a panic; counts are checked against the remaining bytes before
//! anything is allocated, so a short hostile tape cannot ask for gigabytes.

use super::text::{decode_utf8, push_byte};
use super::value::Value;
use alloc::string::String;
use alloc::vec::Vec;

/// Containers may nest this deep (the outermost counts as 1); deeper is an error.
pub const MAX_DEPTH: usize = 64;

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const NUMBER: u8 = 3;
const STRING: u8 = 4;
const ARRAY: u8 = 5;
const OBJECT: u8 = 6;
const FUNCTION: u8 = 7;

/// Why a tape could not be read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TapeError {
    Truncated,
    UnknownTag,
    InvalidUtf8,
    CountTooLarge,
    TooDeep,
    TrailingBytes,
}

impl TapeError {
    /// The message the `{ error }` result carries.
    pub fn message(self) -> &'static str {
        match self {
            TapeError::Truncated => "tape: truncated",
            TapeError::UnknownTag => "tape: unknown tag",
            TapeError::InvalidUtf8 => "tape: invalid UTF-8",
            TapeError::CountTooLarge => "tape: a count larger than the bytes left",
            TapeError::TooDeep => "tape: nested deeper than 64",
            TapeError::TrailingBytes => "tape: bytes after the value",
        }
    }
}

/// Appends the tape of `value` to `out`. Lengths are written as u32: in wasm32 no string or
/// list can be longer.
///
/// ```
/// use leadscore::core::{tape, Value};
/// let mut bytes = Vec::new();
/// tape::encode(&Value::Array(vec![Value::Bool(true), Value::str("é")]), &mut bytes);
/// assert_eq!(bytes, [5, 2, 0, 0, 0, 2, 4, 2, 0, 0, 0, 0xc3, 0xa9]);
/// ```
pub fn encode(value: &Value, out: &mut Vec<u8>) {
    // The writer's pieces, shared with the ops' answers.
    let w = &mut Writer(out);
    match value {
        Value::Null => w.null(),
        Value::Bool(b) => w.bool(*b),
        Value::Number(n) => w.num(*n),
        Value::String(s) => w.str(s),
        Value::Array(items) => {
            w.array(items.len());
            for item in items {
                encode(item, w.0);
            }
        }
        Value::Object(entries) => w.entries(entries),
        Value::Function => push_byte(w.0, FUNCTION),
    }
}

/// Writes a tape piece by piece, straight into the output bytes: the ops' answers, with no
/// [`Value`] built first. Each container is announced with its count, then that many values
/// (for an object, each value after its [`key`](Writer::key)).
///
/// ```
/// use leadscore::core::tape::{decode, Writer};
/// use leadscore::core::Value;
/// let mut bytes = Vec::new();
/// let mut w = Writer(&mut bytes);
/// w.object(1);
/// w.key("hi").num(1.0);
/// assert_eq!(decode(&bytes), Ok(Value::object([("hi", Value::Number(1.0))])));
/// ```
pub struct Writer<'a>(pub &'a mut Vec<u8>);

impl Writer<'_> {
    pub fn null(&mut self) {
        push_byte(self.0, NULL);
    }

    pub fn bool(&mut self, b: bool) {
        push_byte(self.0, if b { TRUE } else { FALSE });
    }

    pub fn num(&mut self, n: f64) {
        let [a, b, c, d, e, f, g, h] = n.to_le_bytes();
        self.0.extend_from_slice(&[NUMBER, a, b, c, d, e, f, g, h]);
    }

    pub fn str(&mut self, s: &str) {
        self.head(STRING, s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    /// A number, or null for `None`.
    pub fn opt_num(&mut self, n: Option<f64>) {
        match n {
            Some(n) => self.num(n),
            None => self.null(),
        }
    }

    /// A string, or null for `None`.
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    /// An owned string (a tier name), or null for `None`: no `as_deref` to borrow it first.
    pub fn opt_string(&mut self, s: &Option<String>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    /// An array of `len` values, which follow.
    pub fn array(&mut self, len: usize) {
        self.head(ARRAY, len);
    }

    /// An object of `len` entries, which follow, each a [`key`](Writer::key) then its value.
    pub fn object(&mut self, len: usize) {
        self.head(OBJECT, len);
    }

    /// A tag and the count or length after it.
    fn head(&mut self, tag: u8, n: usize) {
        let [a, b, c, d] = (n as u32).to_le_bytes();
        self.0.extend_from_slice(&[tag, a, b, c, d]);
    }

    /// An object entry's key; its value comes next.
    pub fn key(&mut self, key: &str) -> &mut Self {
        push_str(key, self.0);
        self
    }

    /// An object of `entries`.
    pub fn entries(&mut self, entries: &[(String, Value)]) {
        self.object(entries.len());
        for (key, item) in entries {
            self.key(key);
            encode(item, self.0);
        }
    }
}

fn push_u32(n: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

fn push_str(s: &str, out: &mut Vec<u8>) {
    push_u32(s.len(), out);
    out.extend_from_slice(s.as_bytes());
}

/// Reads one value that spans all of `bytes`.
///
/// ```
/// use leadscore::core::tape::{decode, TapeError};
/// use leadscore::core::Value;
/// assert_eq!(decode(&[4, 2, 0, 0, 0, b'h', b'i']), Ok(Value::str("hi")));
/// assert_eq!(decode(&[5, 255, 255, 255, 255]), Err(TapeError::CountTooLarge));
/// ```
pub fn decode(bytes: &[u8]) -> Result<Value, TapeError> {
    let mut reader = Reader { rest: bytes };
    let value = reader.value(1)?;
    if reader.rest.is_empty() {
        Ok(value)
    } else {
        Err(TapeError::TrailingBytes)
    }
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TapeError> {
        let (head, rest) = self.rest.split_at_checked(n).ok_or(TapeError::Truncated)?;
        self.rest = rest;
        Ok(head)
    }

    /// The next `N` bytes.
    fn array<const N: usize>(&mut self) -> Result<[u8; N], TapeError> {
        let (head, rest) = self.rest.split_first_chunk().ok_or(TapeError::Truncated)?;
        self.rest = rest;
        Ok(*head)
    }

    fn byte(&mut self) -> Result<u8, TapeError> {
        let (&b, rest) = self.rest.split_first().ok_or(TapeError::Truncated)?;
        self.rest = rest;
        Ok(b)
    }

    /// A count or length, which cannot be more than `1 / per_item` of the bytes left.
    fn count(&mut self, per_item: usize) -> Result<usize, TapeError> {
        let n = u32::from_le_bytes(self.array()?) as usize;
        if n > self.rest.len() / per_item {
            return Err(TapeError::CountTooLarge);
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, TapeError> {
        let len = self.count(1)?;
        let bytes = self.take(len)?;
        decode_utf8(bytes, false).ok_or(TapeError::InvalidUtf8)
    }

    /// The next value, itself at nesting level `depth` when it is a container.
    fn value(&mut self, depth: usize) -> Result<Value, TapeError> {
        let tag = self.byte()?;
        if depth > MAX_DEPTH && (tag == ARRAY || tag == OBJECT) {
            return Err(TapeError::TooDeep);
        }
        Ok(match tag {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            NUMBER => Value::Number(f64::from_le_bytes(self.array()?)),
            STRING => Value::String(self.string()?),
            ARRAY => {
                // Every value takes at least its tag byte.
                let n = self.count(1)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            OBJECT => {
                // Every entry takes at least a key length and a tag byte.
                let n = self.count(5)?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let key = self.string()?;
                    entries.push((key, self.value(depth + 1)?));
                }
                Value::Object(entries)
            }
            FUNCTION => Value::Function,
            _ => return Err(TapeError::UnknownTag),
        })
    }
}

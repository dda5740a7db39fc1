//! The tape codec: exact bytes for each kind of value, every malformed tape refused with the
//! right error (never a panic, never a huge allocation), and round trips of random values with
//! every number's bits intact.
#![cfg(not(target_arch = "wasm32"))] // proptest is a native-only dev-dependency

use leadscore::core::tape::{decode, encode, TapeError, MAX_DEPTH};
use leadscore::core::Value;
use proptest::prelude::*;

fn tape(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    encode(value, &mut out);
    out
}

/// Equal, with numbers compared by their bits (so NaN equals NaN and -0 differs from 0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.to_bits() == y.to_bits(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => a == b,
    }
}

#[test]
fn each_kind_of_value_has_its_bytes() {
    let cases: [(Value, &[u8]); 8] = [
        (Value::Null, &[0]),
        (Value::Bool(false), &[1]),
        (Value::Bool(true), &[2]),
        (Value::Number(1.5), &[3, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]),
        (Value::str("ab"), &[4, 2, 0, 0, 0, b'a', b'b']),
        (
            Value::Array(vec![Value::Null, Value::Function]),
            &[5, 2, 0, 0, 0, 0, 7],
        ),
        (
            Value::object([("k", Value::Bool(true))]),
            &[6, 1, 0, 0, 0, 1, 0, 0, 0, b'k', 2],
        ),
        (Value::Function, &[7]),
    ];
    for (value, bytes) in cases {
        assert_eq!(tape(&value), bytes, "{value:?}");
        assert_eq!(decode(bytes), Ok(value));
    }
}

#[test]
fn special_numbers_keep_their_bits() {
    for n in [
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        5e-324,
    ] {
        let back = decode(&tape(&Value::Number(n))).unwrap();
        assert!(same(&back, &Value::Number(n)), "{n}");
    }
}

#[test]
fn malformed_tapes_are_refused() {
    use TapeError::*;
    let cases: [(&[u8], TapeError); 15] = [
        (&[], Truncated),
        (&[8], UnknownTag),
        (&[255], UnknownTag),
        (&[3, 0, 0, 0], Truncated),
        (&[4, 1, 0, 0], Truncated),
        (&[4, 2, 0, 0, 0, b'a'], CountTooLarge),
        (&[4, 1, 0, 0, 0, 0xff], InvalidUtf8),
        (&[4, 3, 0, 0, 0, 0xed, 0xa0, 0x80], InvalidUtf8), // a lone surrogate
        (&[5, 2, 0, 0, 0, 0], CountTooLarge),
        (&[5, 0xff, 0xff, 0xff, 0xff], CountTooLarge),
        (&[6, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0, 0], CountTooLarge),
        (&[6, 1, 0, 0, 0, 1, 0, 0, 0, 0xc3, 0], InvalidUtf8),
        (&[0, 0], TrailingBytes),
        (&[5, 1, 0, 0, 0], CountTooLarge),
        (&[5, 1, 0, 0, 0, 3, 0], Truncated),
    ];
    for (bytes, expected) in cases {
        assert_eq!(decode(bytes), Err(expected), "{bytes:?}");
    }
}

fn nested(depth: usize) -> Value {
    (1..depth).fold(Value::Array(vec![]), |inner, _| Value::Array(vec![inner]))
}

#[test]
fn nesting_is_capped_at_64() {
    let deepest = nested(MAX_DEPTH);
    assert_eq!(decode(&tape(&deepest)), Ok(deepest));
    assert_eq!(
        decode(&tape(&nested(MAX_DEPTH + 1))),
        Err(TapeError::TooDeep)
    );
    let objects = (1..=MAX_DEPTH + 1).fold(Value::Null, |inner, _| Value::object([("k", inner)]));
    assert_eq!(decode(&tape(&objects)), Err(TapeError::TooDeep));
    // A million-deep tape is refused at 65, without recursing further.
    let mut deep = Vec::new();
    for _ in 0..1_000_000 {
        deep.extend_from_slice(&[5, 1, 0, 0, 0]);
    }
    assert_eq!(decode(&deep), Err(TapeError::TooDeep));
}

#[test]
fn every_prefix_of_a_tape_is_refused() {
    let value = Value::object([
        (
            "rules",
            Value::Array(vec![Value::str("a"), Value::Number(-0.0)]),
        ),
        ("ok", Value::Bool(true)),
    ]);
    let bytes = tape(&value);
    for end in 0..bytes.len() {
        assert!(decode(&bytes[..end]).is_err(), "prefix of {end} bytes");
    }
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        Just(0.0),
        Just(-0.0),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::NAN),
        any::<i32>().prop_map(f64::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        ".*".prop_map(Value::String),
        Just(Value::Function),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((".*", inner), 0..8).prop_map(Value::Object),
        ]
    })
}

proptest! {
    #[test]
    fn values_round_trip_bit_for_bit(v in value()) {
        let bytes = tape(&v);
        let back = decode(&bytes).unwrap();
        prop_assert!(same(&back, &v), "{:?} came back as {:?}", v, back);
        prop_assert_eq!(tape(&back), bytes);
    }

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(v) = decode(&bytes) {
            prop_assert_eq!(tape(&v), bytes);
        }
    }
}

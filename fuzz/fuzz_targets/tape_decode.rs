//! The wasm module's input: any bytes, as `ls_call(op, len, now)` gets them. The first byte picks
//! the op (0–11, and 12 stands for an unknown one) and the time (one of [`TIMES`]); the rest is
//! the input tape. Decoding either fails with an error or gives a value whose encoding is exactly
//! those bytes (the tape has one spelling per value); no op panics on any decoded value at any
//! time, whether the widget has no config, a configured one, or a running engine.
#![no_main]

use leadscore::core::tape::{decode, encode};
use leadscore::core::widget::{op, Widget};
use leadscore::core::Value;
use leadscore_fuzz::{input, STATE_CONFIG};
use libfuzzer_sys::fuzz_target;

/// The times a call may come with: ordinary, far off, and not finite.
const TIMES: [f64; 8] = [
    1e12,
    0.0,
    -1e12,
    f64::MAX,
    5e-324,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let Ok(value) = decode(bytes) else {
        return;
    };
    let mut again = Vec::new();
    encode(&value, &mut again);
    assert_eq!(again, bytes, "encode(decode(bytes)) != bytes for {value:?}");

    let op = u32::from(which % 13);
    let now = TIMES[usize::from(which / 13) % TIMES.len()];
    let config = input(STATE_CONFIG.as_bytes()).expect("STATE_CONFIG is JSON");
    let mut widgets = [Widget::new(), Widget::new(), Widget::new()];
    let mut ignored = Vec::new();
    widgets[1].call(op::CONFIGURE, f64::NAN, &config, &mut ignored);
    widgets[2].call(op::CONFIGURE, f64::NAN, &config, &mut ignored);
    widgets[2].call(op::OPEN, 1e12, &Value::Null, &mut ignored);
    for widget in &mut widgets {
        let mut answer = Vec::new();
        widget.call(op, now, &value, &mut answer);
        let back = decode(&answer).expect("the answer does not read back");
        let mut again = Vec::new();
        encode(&back, &mut again);
        assert_eq!(again, answer, "the answer reads back differently");
        // The widget still answers afterwards.
        widget.call(op::STATE, 1e12, &Value::Null, &mut ignored);
    }
});

//! The wasm module's input: any bytes, as `ls_call(op, len)` gets them. The first byte picks the
//! op (0–11, and 12 stands for an unknown one); the rest is the input tape. Decoding either
//! fails with an error or gives a value whose encoding is exactly those bytes (the tape has one
//! spelling per value); no op panics on any decoded value, whether the widget has no config,
//! a configured one, or a running engine.
#![no_main]

use leadscore::core::tape::{decode, encode};
use leadscore::core::widget::{op, Widget};
use leadscore::core::Value;
use leadscore_fuzz::{input, STATE_CONFIG};
use libfuzzer_sys::fuzz_target;

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
    let config = input(STATE_CONFIG.as_bytes()).expect("STATE_CONFIG is JSON");
    let open = Value::object([("stored", Value::Null), ("now", Value::Number(1e12))]);
    let mut widgets = [Widget::new(), Widget::new(), Widget::new()];
    let mut ignored = Vec::new();
    widgets[1].call(op::CONFIGURE, &config, &mut ignored);
    widgets[2].call(op::CONFIGURE, &config, &mut ignored);
    widgets[2].call(op::OPEN, &open, &mut ignored);
    for widget in &mut widgets {
        let mut answer = Vec::new();
        widget.call(op, &value, &mut answer);
        let back = decode(&answer).expect("the answer does not read back");
        let mut again = Vec::new();
        encode(&back, &mut again);
        assert_eq!(again, answer, "the answer reads back differently");
        // The widget still answers afterwards.
        let now = Value::object([("now", Value::Number(1e12))]);
        widget.call(op::STATE, &now, &mut ignored);
    }
});

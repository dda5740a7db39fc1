//! The wasm module's whole interface (wasm32 only): three exports over two byte buffers the
//! module owns, no imports, no wasm-bindgen. The JavaScript (`src/js/core.js`) does, per call:
//!
//! 1. `ls_reserve(len) -> ptr`: a buffer of `len` bytes, reused between calls; it writes the
//!    input [tape](crate::core::tape) there (0 when the memory cannot grow that far).
//! 2. `ls_call(op, len, now) -> out_len`: decodes the `len` input bytes as one value, runs `op`
//!    of [`Widget`] at time `now` (an f64 of ms since the epoch, a parameter of every call; the
//!    ops that do not read it take anything, NaN too), which writes its result's tape into the
//!    output buffer.
//! 3. `ls_output() -> ptr`: where that output is, valid until the next call; it decodes
//!    `out_len` bytes from there (after re-reading `memory.buffer`, which a call may grow).
//!
//! No call traps on any input: a malformed tape, an unknown op or a time that is not finite
//! (for an op that reads it) gives `{ error }`. The module
//! keeps one [`Widget`] between calls; see its docs for the ops.

use crate::core::tape;
use crate::core::widget::{self, Widget};
use alloc::vec::Vec;
use core::cell::UnsafeCell;

/// What the module keeps between calls.
struct Module {
    input: Vec<u8>,
    output: Vec<u8>,
    widget: Widget,
}

struct Global(UnsafeCell<Module>);

// SAFETY: wasm32-unknown-unknown (built without the `atomics` feature) runs one thread, so the
// module is never reached from two threads.
unsafe impl Sync for Global {}

static MODULE: Global = Global(UnsafeCell::new(Module {
    input: Vec::new(),
    output: Vec::new(),
    widget: Widget::new(),
}));

/// Runs `f` on the module's state.
fn with<R>(f: impl FnOnce(&mut Module) -> R) -> R {
    // SAFETY: one thread (see `Global`), and no borrow outlives `f` or overlaps another: `f`
    // never calls an export (the module imports nothing, so no JavaScript runs during a call
    // and re-enters it), so this is the only reference to the module while it lives.
    f(unsafe { &mut *MODULE.0.get() })
}

/// A buffer of `len` bytes for the next input tape; its address, or 0 when memory is short.
#[no_mangle]
pub extern "C" fn ls_reserve(len: u32) -> u32 {
    with(|m| {
        let len = len as usize;
        m.input.clear();
        if len > m.input.capacity() {
            // A fresh buffer, whose amortized reserve asks for exactly `len` (at least 8, the
            // heap's smallest block anyway): smaller code than `try_reserve_exact`.
            m.input = Vec::new();
            if m.input.try_reserve(len).is_err() {
                return 0;
            }
        }
        m.input.extend(core::iter::repeat_n(0, len));
        m.input.as_mut_ptr() as u32
    })
}

/// Runs operation `op` at time `now` on the `len` bytes of input; returns the output's length in
/// bytes.
#[no_mangle]
pub extern "C" fn ls_call(op: u32, len: u32, now: f64) -> u32 {
    with(|m| {
        let input = match m.input.get(..len as usize) {
            Some(bytes) => tape::decode(bytes),
            None => Err(tape::TapeError::Truncated),
        };
        m.output.clear();
        match input {
            Ok(input) => m.widget.call(op, now, &input, &mut m.output),
            Err(e) => widget::error(&mut tape::Writer(&mut m.output), e.message()),
        }
        m.output.len() as u32
    })
}

/// Where the last output is.
#[no_mangle]
pub extern "C" fn ls_output() -> u32 {
    with(|m| m.output.as_ptr() as u32)
}

/// The shipped module's panic handler: the core has no panicking paths on data (clippy denies
/// unwrap, expect, indexing and panic), so a panic is a bug; it traps without formatting a
/// message, which keeps core's formatting machinery out of the module.
#[cfg(feature = "standalone")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

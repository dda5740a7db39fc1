//! One reusable timeout: `set` (re)arms it, `clear` or drop cancels it. Nothing wakes the page
//! unless a timer is armed.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A timeout that calls the same callback each time it is armed.
pub struct Timer {
    callback: Closure<dyn FnMut()>,
    pending: Option<i32>,
}

impl Timer {
    pub fn new(on_fire: impl FnMut() + 'static) -> Timer {
        Timer {
            callback: Closure::<dyn FnMut()>::new(on_fire),
            pending: None,
        }
    }

    pub fn is_armed(&self) -> bool {
        self.pending.is_some()
    }

    /// Arms the timer `ms` from now, replacing a pending one.
    pub fn set(&mut self, ms: f64) {
        self.clear();
        let Some(window) = web_sys::window() else {
            return;
        };
        let delay = ms.ceil().clamp(0.0, f64::from(i32::MAX)) as i32;
        self.pending = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                self.callback.as_ref().unchecked_ref(),
                delay,
            )
            .ok();
    }

    /// Forgets the pending timeout; call from the callback itself, which has fired.
    pub fn fired(&mut self) {
        self.pending = None;
    }

    pub fn clear(&mut self) {
        if let (Some(id), Some(window)) = (self.pending.take(), web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.clear();
    }
}

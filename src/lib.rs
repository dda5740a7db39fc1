//! leadscore: a lead-scoring widget. The pure scoring core lives in [`core`]; the browser layer
//! (`browser`) and the JavaScript edge (`api`) exist only in the wasm32 build.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

extern crate alloc;

pub mod core;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
pub mod browser;

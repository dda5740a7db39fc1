//! leadscore: a lead-scoring widget. The pure scoring core lives in [`core`]; on wasm32,
//! `wasm` exposes it to the page's JavaScript through three exports over a byte tape
//! ([`core::tape`], [`core::widget`]). The browser layer (DOM, storage, timers, handlers) is
//! JavaScript (`src/js/`).
//!
//! The crate is `no_std` (it needs only `alloc`), so the shipped module carries neither std's
//! panic and formatting machinery nor its allocator: built with the `standalone` feature for
//! wasm32, it brings its own panic handler and a small allocator (`heap`). Everywhere else —
//! native tests, the browser test tier's wasm32 test binary — std is linked and provides both.
#![no_std]
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
#[cfg(not(all(target_arch = "wasm32", feature = "standalone")))]
extern crate std;

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(any(test, all(target_arch = "wasm32", feature = "standalone")))]
mod heap;

#[cfg(all(target_arch = "wasm32", feature = "standalone"))]
#[global_allocator]
static HEAP: heap::Heap<heap::WasmMemory> = heap::Heap::new();

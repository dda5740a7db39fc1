//! The browser layer: the only code that touches the DOM. It turns what the visitor does into
//! core [`Event`](crate::core::Event)s and hands them to a sink; it knows nothing of scoring.
//! One concern a file: listeners, the timer, storage, page context, and the tracker that wires
//! them together.

pub mod convert;
pub mod history;
pub mod in_view;
pub mod listener;
pub mod page;
pub mod storage;
pub mod timer;
pub mod tracker;

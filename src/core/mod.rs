//! The pure core: config parsing, rules, scoring, stored state, the protocol's ops ([`widget`])
//! and the tape they travel on ([`tape`]). It knows nothing of the browser and needs only
//! `alloc`: time is always a parameter (milliseconds since the epoch), so everything here runs
//! and tests natively, and is all the shipped wasm contains.

pub mod condition;
pub mod config;
pub mod engine;
pub mod event;
pub mod glob;
pub mod ledger;
pub mod order;
pub mod session;
pub mod settings;
pub mod tape;
pub mod text;
pub mod value;
pub mod widget;

pub use config::{Config, ConfigError};
pub use engine::{Engine, Outcome};
pub use event::Event;
pub use value::Value;

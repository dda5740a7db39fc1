//! The pure core: config parsing, rules, scoring, stored state and engaged time. It knows
//! nothing of the browser: no wasm_bindgen, js_sys or web_sys; time is always a parameter
//! (milliseconds since the epoch), so everything here runs and tests natively.

pub mod condition;
pub mod config;
pub mod engagement;
pub mod engine;
pub mod event;
pub mod glob;
pub mod ledger;
pub mod order;
pub mod session;
pub mod settings;
pub mod simulate;
pub mod tape;
pub mod text;
pub mod value;
pub mod widget;

pub use config::{Config, ConfigError};
pub use engine::{Engine, Outcome};
pub use event::Event;
pub use value::Value;

//! What the JavaScript needs to know of a config (the `configure` op's `settings`): where and
//! whether to store, and the config's time spans and document types with their defaults applied.
//! What the tracker watches for, it reads from the accepted config's rules (`src/js/watch-list.js`).

use super::config::{Config, StorageKind};
use super::tape::Writer;

/// `{ storage, storageKey, consentRequired, respectGlobalPrivacyControl, ignoreAutomation,
/// debug, idleMs, sessionMs, downloadExtensions }`.
pub fn settings(config: &Config, w: &mut Writer) {
    let storage = match config.storage {
        StorageKind::Local => "local",
        StorageKind::Session => "session",
        StorageKind::Memory => "memory",
    };
    w.object(9);
    w.key("storage").str(storage);
    w.key("storageKey").str(&config.storage_key);
    w.key("consentRequired").bool(config.consent_required);
    w.key("respectGlobalPrivacyControl")
        .bool(config.respect_global_privacy_control);
    w.key("ignoreAutomation").bool(config.ignore_automation);
    w.key("debug").bool(config.debug);
    w.key("idleMs").num(config.idle_ms);
    w.key("sessionMs").num(config.session_ms);
    w.key("downloadExtensions")
        .array(config.download_extensions.len());
    for extension in &config.download_extensions {
        w.str(extension);
    }
}

//! Where the ledger lives: `localStorage`, `sessionStorage`, or memory. Web storage is probed
//! before it is trusted; a blocked one falls back to memory and a full one keeps the state in
//! memory, each saying why, and nothing here throws.

use crate::core::config::StorageKind;
use crate::core::ledger::is_stored_form;
use web_sys::Storage;

/// Why storage could not be used; the edge maps each to an error code.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StorageProblem {
    /// Blocked (SecurityError), missing, or not readable.
    Unavailable,
    /// A write was refused (QuotaExceededError).
    Full,
}

/// The state's home.
pub enum Store {
    Web(Storage),
    Memory(Option<String>),
}

impl Store {
    /// Opens the configured storage; falls back to memory, and says why, when it is blocked.
    pub fn open(kind: StorageKind) -> (Store, Option<StorageProblem>) {
        let web = web_sys::window().and_then(|w| match kind {
            StorageKind::Local => w.local_storage().ok().flatten(),
            StorageKind::Session => w.session_storage().ok().flatten(),
            StorageKind::Memory => None,
        });
        match web {
            // Reading once proves the storage is usable (some browsers throw only on access).
            Some(storage) if storage.length().is_ok() => (Store::Web(storage), None),
            _ if kind == StorageKind::Memory => (Store::Memory(None), None),
            _ => (Store::Memory(None), Some(StorageProblem::Unavailable)),
        }
    }

    pub fn read(&self, key: &str) -> Result<Option<String>, StorageProblem> {
        match self {
            Store::Web(storage) => storage
                .get_item(key)
                .map_err(|_| StorageProblem::Unavailable),
            Store::Memory(text) => Ok(text.clone()),
        }
    }

    /// Writes `text`; on a refused write the text is kept in memory so nothing is lost.
    pub fn write(&mut self, key: &str, text: String) -> Result<(), StorageProblem> {
        match self {
            Store::Web(storage) => {
                let written = storage.set_item(key, &text);
                written.map_err(|_| {
                    *self = Store::Memory(Some(text));
                    StorageProblem::Full
                })
            }
            Store::Memory(slot) => {
                *slot = Some(text);
                Ok(())
            }
        }
    }
}

/// Deletes every entry in the stored form from local and session storage, under any key (a
/// site may have changed `storageKey`), and whatever `own_key` holds, even if unreadable: what
/// `forget` and `consent('denied')` promise.
pub fn erase_everywhere(own_key: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let stores = [window.local_storage(), window.session_storage()];
    for storage in stores.into_iter().filter_map(|s| s.ok().flatten()) {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| {
                let text = storage.get_item(key).ok().flatten();
                Some(key.as_str()) == own_key || text.is_some_and(|t| is_stored_form(&t))
            })
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}

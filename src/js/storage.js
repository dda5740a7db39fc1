// Where the stored state lives: localStorage, sessionStorage, or memory. Web storage is probed
// before it is trusted; a blocked one falls back to memory and a full one keeps the state in
// memory, each saying why, and nothing here throws.

/**
 * Opens the configured storage (`'local'`, `'session'` or `'memory'`) for the entry `key` and
 * reads it: `[store, problem, text]`, the problem `'unavailable'` when web storage is blocked,
 * missing or unreadable and memory stands in (else false), the text null when nothing is stored.
 */
export const openStore = (kind, key) => {
  let web;
  let memory = null; // the text last written: what the store reads once it is in memory
  /** The entry's text, or null; throws when the storage cannot be read. */
  const read = () => (web ? web.getItem(key) : memory);
  let text = null;
  try {
    web = kind !== 'memory' && window[kind + 'Storage'];
    text = read(); // some browsers throw only on access
  } catch (e) {
    web = null;
  }
  const store = {
    read: read,
    /** Writes `text`; a refused write keeps it in memory and answers `'full'` (else nothing). */
    write: (text) => {
      memory = text;
      try {
        if (web) web.setItem(key, text);
      } catch (e) {
        web = null;
        return 'full';
      }
    },
    /** From now on, keeps the state in memory only. */
    toMemory: () => {
      web = null;
    },
  };
  return [store, !web && kind !== 'memory' && 'unavailable', text];
};

/** True for text in the widget's stored form (`{"v":…,"rules":{…}…}`), under any key. */
export const isStoredForm = (text) => text.indexOf('{"v":') === 0 && text.indexOf('"rules":{') > 0;

/**
 * Deletes every entry in the stored form from local and session storage, under any key (a site
 * may have changed `storageKey`), and whatever `ownKey` holds, even if unreadable: what `forget`
 * and `consent('denied')` promise. Works without the wasm.
 */
export const eraseEverywhere = (ownKey) => {
  for (const kind of 'local session'.split(' ')) {
    try {
      const storage = window[kind + 'Storage'];
      for (let i = storage.length - 1; i >= 0; i--) {
        const key = storage.key(i);
        if (key === ownKey || isStoredForm(storage.getItem(key) || '')) storage.removeItem(key);
      }
    } catch (e) {}
  }
};

// The tape: values as bytes between the page and the wasm core (the format is documented in
// src/core/tape.rs). Reading page values is defensive: a throwing getter, a hostile Proxy, a
// cycle or an exotic value becomes null, never an exception.

const MAX_DEPTH = 32; // deeper than any honest config; stops cycles
const MAX_ITEMS = 100000; // longer than any honest list; stops a Proxy claiming a billion items
const utf8 = new TextEncoder();
const text = new TextDecoder();
// The short ASCII strings decoded so far, by their packed bytes (see `decode`); a page's own
// values could be many, so the cache stops growing at MAX_SHORT_STRINGS.
const shortStrings = new Map();
const MAX_SHORT_STRINGS = 512;

// The tape being written: its bytes (and their DataView), kept between calls, and the length
// written so far. The writer's functions share them instead of being made afresh per call. A
// call that starts while another writes (a page getter that calls the widget) writes into a
// buffer of its own, and the outer call's is put back when it ends, however it ends.
let bytes = new Uint8Array(4096);
let view = new DataView(bytes.buffer);
let at = 0;
let isWriting = false;

const room = (n) => {
  if (at + n <= bytes.length) return;
  const larger = new Uint8Array(Math.max(bytes.length * 2, at + n));
  larger.set(bytes);
  bytes = larger;
  view = new DataView(bytes.buffer);
};

// A value's tag and the number or count after it: `write` makes room for both (9 bytes) first.
const tag = (t) => {
  bytes[at++] = t;
};

const u32 = (n) => {
  view.setUint32(at, n, true);
  at += 4;
};

// ASCII is copied as it is (most keys and values); anything else goes through TextEncoder.
const string = (s) => {
  const start = at + 4;
  room(4 + s.length);
  let end = start;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) {
      room(4 + s.length * 3);
      end = start + utf8.encodeInto(s, bytes.subarray(start)).written;
      break;
    }
    bytes[end++] = c;
  }
  view.setUint32(at, end - start, true);
  at = end;
};

// Every access may run page code (getters, Proxies); what throws is null.
const get = (object, key, depth) => {
  let v; // left unset, so null, when the access throws
  try {
    v = object[key];
  } catch (e) {}
  write(v, depth);
};

const write = (v, depth) => {
  room(9); // the tag, then a number (8 bytes) or a count (4)
  const type = typeof v;
  if (v == null || depth > MAX_DEPTH) return tag(0);
  if (type === 'boolean') return tag(v ? 2 : 1);
  if (type === 'number') {
    tag(3);
    view.setFloat64(at, v, true);
    at += 8;
    return;
  }
  if (type === 'string') {
    tag(4);
    return string(v);
  }
  if (type === 'function') return tag(7);
  if (type !== 'object') return tag(0); // symbols, bigints
  let keys, length;
  try {
    if (Array.isArray(v)) length = Math.min(Math.max(+v.length || 0, 0), MAX_ITEMS) >>> 0;
    else keys = Object.keys(v);
  } catch (e) {
    return tag(0);
  }
  if (keys) {
    tag(6);
    u32(keys.length);
    for (const key of keys) {
      string(key);
      get(v, key, depth + 1);
    }
  } else {
    tag(5);
    u32(length);
    for (let i = 0; i < length; i++) get(v, i, depth + 1);
  }
};

/** Writes the tape of `value` and answers `use(bytes, length)`, in which the bytes are valid. */
export const encode = (value, use) => {
  const outer = isWriting && [bytes, view, at];
  if (outer) {
    bytes = new Uint8Array(256);
    view = new DataView(bytes.buffer);
  }
  isWriting = true;
  at = 0;
  try {
    write(value, 0);
    return use(bytes, at);
  } finally {
    if (outer) [bytes, view, at] = outer;
    else isWriting = false;
  }
};

/**
 * A plain-data copy of `value` as the core reads it: what throws, and functions, are null. The
 * tape is read back from the writer's own bytes and their view, which no new view duplicates.
 */
export const copy = (value) => encode(value, () => decode(bytes, view, 0));

/**
 * The value whose tape (written by the core, so well formed) starts at `bytes[start]`; `view`
 * is a DataView of the same bytes (no view is made per call: the caller keeps both).
 */
export const decode = (bytes, view, start) => {
  let at = start;
  const u32 = () => {
    const n = view.getUint32(at, true);
    at += 4;
    return n;
  };
  // An ASCII string of up to 7 bytes (the answers' keys, most ids) packs into one exact number
  // with its length, under which it is kept once made: a string made afresh, and an object key
  // the engine has not seen as such, cost most of a decode.
  // Other short ASCII strings are read directly; TextDecoder's call costs more. Any other
  // string, or one that turns out not to be ASCII, goes to TextDecoder whole.
  const string = () => {
    const n = u32();
    const start = at;
    at += n;
    if (n < 8) {
      let packed = n;
      let i = start;
      while (i < at && bytes[i] < 128) packed = packed * 128 + bytes[i++];
      let s = i === at && shortStrings.get(packed);
      if (s === undefined && shortStrings.size < MAX_SHORT_STRINGS) {
        shortStrings.set(packed, (s = text.decode(bytes.subarray(start, at))));
      }
      if (s) return s;
    }
    if (n < 64) {
      let s = '';
      let i = start;
      while (i < at && bytes[i] < 128) s += String.fromCharCode(bytes[i++]);
      if (i === at) return s;
    }
    return text.decode(bytes.subarray(start, at));
  };
  const read = () => {
    switch (bytes[at++]) {
      case 1:
        return false;
      case 2:
        return true;
      case 3:
        at += 8;
        return view.getFloat64(at - 8, true);
      case 4:
        return string();
      case 5: {
        const list = [];
        for (let n = u32(); n > 0; n--) list.push(read());
        return list;
      }
      case 6: {
        let object = {};
        for (let n = u32(); n > 0; n--) {
          const key = string();
          const value = read();
          // A plain set of "__proto__" would change the prototype, not add the key; a computed
          // key in a literal defines it as an own property.
          if (key === '__proto__') object = { ...object, [key]: value };
          else object[key] = value;
        }
        return object;
      }
      default:
        return null;
    }
  };
  return read();
};

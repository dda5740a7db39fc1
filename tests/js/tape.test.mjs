// The tape codec of src/js/tape.js in Node: round trips, exact numbers, and hostile page values
// that must read as null instead of throwing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode } from '../../src/js/tape.js';

/** The tape of `value`, in bytes of its own. */
const bytesOf = (value) => encode(value, (bytes, length) => bytes.slice(0, length));
const read = (bytes) => decode(bytes, new DataView(bytes.buffer), 0);
const roundTrip = (value) => read(bytesOf(value));

test('JSON-shaped values survive a round trip, key order kept', () => {
  const value = { b: [1, 'two', true, false, null, { nested: ['ü', '😀', ''] }], a: -2.5, '': 0 };
  assert.deepEqual(roundTrip(value), value);
  assert.deepEqual(Object.keys(roundTrip(value)), ['b', 'a', '']);
});

test('short strings, kept once decoded, come back exact at every length and past the cache bound', () => {
  const strings = ['', 'a', 'é', 'score', 'delta', 'épée', '1234567', '12345678', 'ab\u0000c', 'ab\u007f'];
  for (let i = 0; i < 600; i++) strings.push(`k${i}`, `${i}`.padStart(7, 'x'));
  for (let round = 0; round < 2; round++) {
    for (const s of strings) assert.equal(roundTrip(s), s);
    assert.deepEqual(roundTrip(Object.fromEntries(strings.map((s, i) => [s, i]))), Object.fromEntries(strings.map((s, i) => [s, i])));
  }
});

test('numbers keep their exact bits: -0, NaN, infinities, the smallest subnormal', () => {
  for (const n of [-0, NaN, Infinity, -Infinity, 5e-324, 0.1 + 0.2, Number.MAX_VALUE]) {
    assert.ok(Object.is(roundTrip(n), n), String(n));
  }
});

test('a "__proto__" key comes back as an own key, not a prototype', () => {
  const value = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
  const back = roundTrip(value);
  assert.deepEqual(Object.keys(back), ['__proto__', 'x']);
  assert.equal({}.polluted, undefined);
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
});

test('functions are recognised; symbols, bigints and undefined read as null', () => {
  const bytes = bytesOf([() => 1, Symbol('s'), 10n, undefined]);
  assert.equal(bytes[0], 5);
  assert.deepEqual(read(bytes), [null, null, null, null]);
  assert.deepEqual(bytesOf(() => 1), Uint8Array.of(7));
});

test('a throwing getter reads as null and the rest of the object survives', () => {
  const value = { ok: 1, get bad() { throw new Error('no'); } };
  assert.deepEqual(roundTrip(value), { ok: 1, bad: null });
});

test('a revoked Proxy and a Proxy whose traps throw read as null', () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const hostile = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  assert.deepEqual(roundTrip({ a: proxy, b: hostile }), { a: null, b: null });
});

test('a cycle stops at the depth cap instead of recursing forever', () => {
  const cyclic = { name: 'loop' };
  cyclic.self = cyclic;
  let depth = 0;
  for (let v = roundTrip(cyclic); v && v.self; v = v.self) depth++;
  assert.equal(depth, 32);
});

test('an array claiming a billion items is read up to the item cap', () => {
  const liar = new Proxy([], { get: (t, k) => (k === 'length' ? 1e9 : 0) });
  assert.equal(roundTrip(liar).length, 100000);
});

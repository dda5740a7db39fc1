// The engaged-time clock of src/js/engaged-clock.js: pure, every signal comes with its time.
import test from 'node:test';
import assert from 'node:assert/strict';
import { engagedClock } from '../../src/js/engaged-clock.js';

const IDLE = 30000;

test('time counts while visible and focused, and stops when idle', () => {
  const clock = engagedClock(0, IDLE, true); // loading counts as input
  assert.equal(clock.engagedMs(10000), 10000);
  assert.equal(clock.engagedMs(90000), 30000);
  clock.setAttended(false, 5000);
  assert.equal(clock.engagedMs(20000), 5000);
});

test('input keeps it running', () => {
  const clock = engagedClock(0, IDLE, true);
  for (let t = 20000; t <= 100000; t += 20000) clock.recordInput(t);
  assert.equal(clock.engagedMs(120000), 120000);
  assert.equal(clock.engagedMs(200000), 130000);
});

test('hidden and blurred time does not count', () => {
  const clock = engagedClock(0, IDLE, true);
  clock.setAttended(false, 10000);
  clock.recordInput(15000);
  clock.setAttended(true, 20000);
  clock.setAttended(false, 25000);
  clock.setAttended(true, 40000);
  // 0–10 s visible; 20–25 s visible and focused; 40–45 s until idle (last input at 15 s).
  assert.equal(clock.engagedMs(100000), 20000);
});

test('a hidden page starts stopped: no wake-up needed', () => {
  const clock = engagedClock(0, IDLE, false);
  assert.equal(clock.engagedMs(50000), 0);
  assert.equal(clock.nextCheckIn(60000, 0), null);
});

test('the next check is the target or the moment of going idle', () => {
  const clock = engagedClock(0, IDLE, true);
  assert.equal(clock.nextCheckIn(10000, 0), 10000);
  assert.equal(clock.nextCheckIn(60000, 0), 30000);
  clock.recordInput(29000);
  assert.equal(clock.nextCheckIn(60000, 30000), 29000);
  assert.equal(clock.nextCheckIn(60000, 59000), null);
});

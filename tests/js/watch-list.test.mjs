// What the tracker watches for (src/js/watch-list.js), from the rules of an accepted config.
import test from 'node:test';
import assert from 'node:assert/strict';
import { watchList } from '../../src/js/watch-list.js';
import { copy } from '../../src/js/tape.js';

const rule = (id, on, extra = {}) => ({ id, on, points: 1, ...extra });

test('thresholds distinct and ascending, views by selector in first-named order, click and form targets', () => {
  const rules = [
    rule('d60', 'dwell', { seconds: 60 }),
    rule('d30', 'dwell', { seconds: 30 }),
    rule('d60b', 'dwell', { seconds: 60, url: '/blog*' }),
    rule('s75', 'scroll', { percent: 75 }),
    rule('s25', 'scroll', { percent: 25 }),
    rule('va20', 'view', { selector: '#a', seconds: 20 }),
    rule('vb5', 'view', { selector: '#b', seconds: 5 }),
    rule('va10', 'view', { selector: '#a', seconds: 10 }),
    rule('va20b', 'view', { selector: '#a', seconds: 20 }),
    rule('c1', 'click', { selector: 'a.partner' }),
    rule('c2', 'click'),
    rule('c3', 'click', { selector: 'a.partner' }),
    rule('f1', 'form_submit', { selector: '#webinar' }),
    rule('exit', 'exit_intent'),
    rule('v0', 'view', { selector: '#c' }),
  ];
  assert.deepEqual(watchList(rules), {
    dwell: [30, 60],
    scroll: [25, 75],
    views: [['#a', [10, 20]], ['#b', [5]], ['#c', [0]]],
    clicks: ['a.partner', '*'],
    forms: ['#webinar'],
    exitIntent: true,
    selectors: [[5, '#a'], [6, '#b'], [7, '#a'], [8, '#a'], [9, 'a.partner'], [11, 'a.partner'], [12, '#webinar'], [14, '#c']],
  });
});

test('rules that watch nothing give empty lists', () => {
  assert.deepEqual(watchList([rule('p', 'page_view'), rule('t', 'demo_request')]), {
    dwell: [], scroll: [], views: [], clicks: [], forms: [], exitIntent: false, selectors: [],
  });
});

test('a config that answers differently on a second read leaves nothing to throw on', () => {
  let reads = 0;
  const config = { get rules() { reads += 1; return reads === 1 ? [rule('d', 'dwell', { seconds: 5 })] : 'not a list'; } };
  copy(config); // the core's read
  assert.deepEqual(watchList(copy(config).rules).dwell, []);
  assert.deepEqual(watchList([null, 7, rule('d', 'dwell', { seconds: 5 })]).dwell, [5]);
});

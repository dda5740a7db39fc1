// Fault injection (issue 7), page code misusing the widget: handlers that throw or call back
// in, the script included twice, init twice, invalid and hostile configs, wrong commands. For each:
// the page's own scripts run on, nothing uncaught reaches the page, the specific error code is
// reported, stored points are kept, and the instance keeps working after the error (item 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.mjs';
import {
  openFault, settled, visit, errorCodes, stored, assertPageAlive, assertStillScores,
  seedRule, SEED_ENTRY, SEED_POINTS, probeRule, FAULT_RULES as rules,
} from './fault-helpers.mjs';

const site = useSite();

/** The stored seed survived: the state counts it and the entry still holds its hits. */
async function assertSeedKept(v) {
  assert.ok((await v.contributions()).some((e) => e.rule === 'seed' && e.points === SEED_POINTS), 'the stored points are counted');
  assert.deepEqual((await stored(v)).rules.seed.slice(0, 2), [2, 2], 'the stored entry keeps the seed');
}

test('a handler that throws: handler_failed once, the other handlers are still called every time', async (t) => {
  const v = await openFault(site, t, {
    config: { rules, onScore: () => { window.__onScore = (window.__onScore || 0) + 1; throw new Error('onScore boom'); } },
    setup: () => {
      window.__calls = { before: 0, after: 0, error: 0 };
      LeadScore('on', 'score', () => { window.__calls.before += 1; });
      LeadScore('on', 'score', () => { throw new Error('boom'); });
      LeadScore('on', 'score', () => { window.__calls.after += 1; });
      LeadScore('on', 'error', () => { window.__calls.error += 1; throw new TypeError('error handler boom'); });
      window.addEventListener('leadscore:score', () => { window.__calls.window = (window.__calls.window || 0) + 1; });
    },
    seed: SEED_ENTRY,
    path: '/pricing',
  });
  assert.equal((await settled(v)).ok, true);
  await v.expectScore(SEED_POINTS + 20);
  for (let i = 0; i < 3; i++) await v.call('track', 'probe');
  await v.expectScore(SEED_POINTS + 23);
  await v.until(() => window.__calls.after === 4 && window.__calls.window === 4);
  const calls = await v.page.evaluate(() => ({ ...window.__calls, onScore: window.__onScore }));
  // 4 score events: the page view and three probes. The throwing error handler itself threw once.
  assert.deepEqual(calls, { before: 4, after: 4, window: 4, onScore: 4, error: 3 });
  const errors = await v.events('error');
  assert.deepEqual(errors.map((e) => e.code), ['handler_failed', 'handler_failed', 'handler_failed'],
    'once per throwing handler (score handler, onScore, error handler)');
  assert.ok(errors.some((e) => e.message.includes('boom')), JSON.stringify(errors));
  await assertStillScores(v);
  assert.equal((await errorCodes(v)).length, 3, 'no further reports for the same handlers');
  await assertSeedKept(v);
  await assertPageAlive(v);
});

test('a throwing onQualified handler: handler_failed, the lead still reaches the window event', async (t) => {
  const v = await openFault(site, t, {
    config: { threshold: 20, rules, onQualified: () => { throw new Error('qualified boom'); } },
    path: '/pricing',
  });
  await v.expectEvents('qualified');
  await v.expectEvents('error');
  assert.deepEqual(await errorCodes(v), ['handler_failed']);
  assert.equal((await v.state()).qualified, true);
  await assertStillScores(v);
  await assertPageAlive(v);
});

test('handlers that call state(), track() and reset() while they run', async (t) => {
  const v = await openFault(site, t, {
    config: {
      threshold: 30,
      rules: [...rules, { id: 'outer', on: 'outer', points: 10 }, { id: 'inner', on: 'inner', points: 5 }],
      onQualified: (lead) => {
        window.__qualifiedSaw = { lead: lead.score, state: LeadScore.state(), explain: LeadScore.explain().length };
        LeadScore('track', 'inner');
        LeadScore('reset');
        window.__afterReset = LeadScore.state().score;
      },
    },
    setup: () => {
      window.__seen = [];
      LeadScore('on', 'score', (detail) => {
        window.__seen.push({ rule: detail.rule, state: LeadScore.state().score });
        if (detail.rule === 'outer') LeadScore('track', 'probe');
      });
      LeadScore('on', 'tier', () => LeadScore('track', 'probe'));
    },
    seed: SEED_ENTRY,
    path: '/resources',
  });
  assert.equal((await settled(v)).ok, true);
  await v.expectScore(SEED_POINTS);
  await v.call('track', 'outer'); // 14 + 10, and the handler's probe: 25
  await v.expectScore(SEED_POINTS + 11);
  await v.call('track', 'outer'); // limit 1: nothing
  await v.call('track', 'seed_event'); // 32: qualified; the qualified handler tracks inner, then resets
  await v.until(() => window.__afterReset !== undefined);
  const saw = await v.page.evaluate(() => window.__qualifiedSaw);
  assert.equal(saw.lead, 32);
  assert.equal(saw.state.score, 32);
  assert.equal(saw.state.qualified, true);
  assert.equal(await v.page.evaluate(() => window.__afterReset), 0, 'reset inside the handler took effect at once');
  await v.expectScore(0);
  const seen = await v.page.evaluate(() => window.__seen);
  // The outer handler read the state before its own track; the probe's handler after it.
  assert.deepEqual(seen.slice(0, 2), [{ rule: 'outer', state: SEED_POINTS + 10 }, { rule: 'probe', state: SEED_POINTS + 11 }]);
  assert.deepEqual(await errorCodes(v), []);
  await assertStillScores(v);
  await assertPageAlive(v);
});

test('props whose getter calls the widget while they are read: both calls score, nothing is reported', async (t) => {
  const v = await openFault(site, t, {
    config: { rules: [...rules, { id: 'outer', on: 'outer', points: 10, where: { plan: 'pro' } }] },
    path: '/resources',
  });
  assert.equal((await settled(v)).ok, true);
  const inner = await v.page.evaluate(() => {
    let inner = null;
    LeadScore('track', 'outer', {
      get plan() {
        inner = LeadScore.state().score;
        LeadScore('track', 'probe');
        return 'pro';
      },
    });
    return inner;
  });
  assert.equal(inner, 0);
  await v.expectScore(11); // the probe, then the outer event with its plan
  assert.deepEqual((await v.contributions()).map((c) => c.rule).sort(), ['outer', 'probe']);
  assert.deepEqual(await errorCodes(v), []);
  await assertPageAlive(v);
});

// install.spec.mjs covers two async copies; here a blocking copy and an async one, in any order.
test('the script included twice (a blocking and an async copy): one widget, one score per event', async (t) => {
  const v = await openFault(site, t, {
    config: { rules },
    head: '<script src="/leadscore/leadscore.js"></script><script>window.__secondCopyRan = true;</script>',
    seed: SEED_ENTRY,
    path: '/pricing',
  });
  assert.equal((await settled(v)).ok, true);
  await v.until(() => window.__secondCopyRan === true && document.readyState === 'complete');
  await v.call('track', 'probe');
  await v.expectScore(SEED_POINTS + 21);
  assert.deepEqual((await v.events('score')).map((d) => d.rule), ['pricing', 'probe']);
  assert.equal((await v.events('ready')).length, 1);
  assert.deepEqual(await errorCodes(v), []);
  const fetched = await v.page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/leadscore/')));
  assert.equal(fetched.filter((p) => p.endsWith('.wasm')).length, 1, `the wasm is loaded once: ${fetched}`);
  await assertStillScores(v);
  await assertSeedKept(v);
  await assertPageAlive(v);
});

test('init called twice (queued, then after load): already_initialized each time, the first config stays', async (t) => {
  const v = await openFault(site, t, {
    config: { rules },
    setup: () => LeadScore('init', { rules: [{ id: 'second', on: 'page_view', points: 99 }] }),
    seed: SEED_ENTRY,
    path: '/pricing',
  });
  assert.equal((await settled(v)).ok, true);
  await v.expectScore(SEED_POINTS + 20);
  await v.expectEvents('error');
  await v.call('init', { threshold: 5, rules: [{ id: 'third', on: 'probe', points: 50 }] });
  await v.expectEvents('error', 2);
  assert.deepEqual(await errorCodes(v), ['already_initialized', 'already_initialized']);
  assert.equal((await v.state()).threshold, 100, 'the first config stays');
  await assertStillScores(v);
  assert.equal((await v.contributions()).some((e) => e.rule === 'second' || e.rule === 'third'), false);
  await assertSeedKept(v);
  await assertPageAlive(v);
});

test('an invalid config: invalid_config, ready() rejects; a later valid init starts the widget', async (t) => {
  const v = await openFault(site, t, {
    config: { rules: [{ ...rules[0], points: 'twenty' }] },
    seed: SEED_ENTRY,
    path: '/pricing',
  });
  const ready = await settled(v);
  assert.equal(ready.ok, false);
  assert.equal(ready.error.code, 'invalid_config');
  assert.ok(ready.error.message.includes('rules[0].points'), ready.error.message);
  assert.deepEqual(await errorCodes(v), ['invalid_config']);
  // Readers answer the empty state; a track before a valid init is refused, not thrown.
  assert.equal((await v.state()).score, 0);
  await v.call('track', 'probe');
  assert.equal(await v.page.evaluate(() => localStorage.getItem('leadscore')), SEED_ENTRY, 'the stored entry is untouched');
  await assertPageAlive(v);

  await v.call('init', { rules });
  const again = await settled(v);
  assert.equal(again.ok, true, `a valid init after an invalid one: ${JSON.stringify(again.error)}`);
  assert.equal(again.state.score, SEED_POINTS + 20, 'the stored points are read, and the current page view scores');
  await assertStillScores(v);
  await assertSeedKept(v);
  await assertPageAlive(v);
});

// Configs whose reading runs hostile page code. Either outcome is acceptable — invalid_config,
// or a clean start that ignores what could not be read — but never an exception to the page, and
// the instance must work afterwards (a valid init after invalid_config).
const hostileConfigs = [
  ['a getter that throws (threshold)', `(() => {
    const config = { rules: ${JSON.stringify(rules)} };
    Object.defineProperty(config, 'threshold', { get() { throw new Error('x'); }, enumerable: true });
    return config;
  })()`],
  ['a Proxy whose ownKeys throws', `new Proxy({ rules: ${JSON.stringify(rules)} }, { ownKeys() { throw new Error('x'); } })`],
  ['a Proxy whose get throws', `new Proxy({ rules: ${JSON.stringify(rules)} }, { get() { throw new Error('x'); } })`],
  ['a revoked Proxy', `(() => { const p = Proxy.revocable({ rules: [] }, {}); p.revoke(); return p.proxy; })()`],
  ['a rules array whose getter throws', `(() => {
    const config = {};
    Object.defineProperty(config, 'rules', { get() { throw new Error('x'); }, enumerable: true });
    return config;
  })()`],
  // The wasm reads the config defensively; the loader then reads onQualified / onScore itself.
  ['an onQualified getter that throws, next to a working onScore', `(() => {
    const config = { rules: ${JSON.stringify(rules)}, onScore() { window.__onScoreCalled = true; } };
    Object.defineProperty(config, 'onQualified', { get() { throw new Error('x'); }, enumerable: true });
    return config;
  })()`],
  ['a cycle', `(() => { const config = { rules: ${JSON.stringify(rules)} }; config.rules[0].where = { self: config }; config.self = config; return config; })()`],
];
for (const [what, source] of hostileConfigs) {
  test(`a hostile config (${what}): invalid_config or a clean start, never an exception to the page`, async (t) => {
    const v = await openFault(site, t, { setup: `LeadScore('init', ${source});`, path: '/pricing' });
    const ready = await settled(v);
    const codes = await errorCodes(v);
    t.diagnostic(ready.ok ? 'started' : `${ready.error.code}: ${ready.error.message}`);
    if (ready.ok) {
      assert.deepEqual(await v.events('error'), [], 'started, yet reported an error');
      if (source.includes('__onScoreCalled')) {
        await v.expectScore(20);
        assert.equal(await v.page.evaluate(() => window.__onScoreCalled), true, 'the config\'s onScore was not subscribed');
      }
    } else {
      assert.equal(ready.error.code, 'invalid_config', JSON.stringify(ready.error));
      await v.expectEvents('error');
      assert.deepEqual(await errorCodes(v), ['invalid_config'], JSON.stringify(await v.events('error')));
      await v.call('init', { rules });
      assert.equal((await settled(v)).ok, true, 'a valid init after the hostile one');
    }
    await assertStillScores(v);
    await assertPageAlive(v);
  });
}

const invalidCalls = [
  ['an unknown command', ['unknown_command']],
  ['a command that cannot be converted to text', [{ toString() { throw new Error('x'); } }]],
  ['track with no name', ['track']],
  ['track with an empty name', ['track', '']],
  ['track with a non-string name', ['track', { toString() { throw new Error('x'); } }]],
  ['track with props that are not flat', ['track', 'probe', { nested: { deep: 1 } }]],
  ['on without a function', ['on', 'score', 'not a function']],
  ['consent with neither granted nor denied', ['consent', 'maybe']],
  ['no command at all', []],
];
for (const [what, args] of invalidCalls) {
  for (const when of ['queued before load', 'after load']) {
    test(`${what} (${when}): invalid_call, nothing thrown, the instance goes on`, async (t) => {
      const setup = when === 'queued before load' ? `window.__callThrew = (() => { try { LeadScore(...${serialize(args)}); } catch (e) { return String(e); } return false; })();` : undefined;
      const v = await openFault(site, t, { config: { rules }, setup, path: '/pricing' });
      assert.equal((await settled(v)).ok, true);
      if (when === 'after load') {
        const threw = await v.page.evaluate(`(() => { try { LeadScore(...${serialize(args)}); } catch (e) { return String(e); } return false; })()`);
        assert.equal(threw, false);
      } else {
        assert.equal(await v.page.evaluate(() => window.__callThrew), false);
      }
      const [event, ...more] = await v.expectEvents('error');
      assert.equal(event.code, 'invalid_call', JSON.stringify(event));
      assert.deepEqual(more, []);
      assert.equal(typeof event.message, 'string');
      await v.expectScore(20);
      await assertStillScores(v);
      await assertPageAlive(v);
    });
  }
}

/** Source for call arguments, keeping the object with a throwing toString. */
function serialize(args) {
  return `[${args.map((a) => (a && typeof a === 'object' && Object.hasOwn(a, 'toString')
    ? `{ toString() { throw new Error('x'); } }` : JSON.stringify(a))).join(', ')}]`;
}

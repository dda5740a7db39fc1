// Loaded by the workbench page (with json-rules-engine's bundle and the wasm capture): the in-page
// side of bench/per-event.mjs and bench/memory.mjs. window.workbench loads our widget with a config,
// scores a shared event list through our widget, the floor (a Map lookup) and json-rules-engine,
// times each over a time budget, and reads the widget's wasm memory and stored bytes.
(() => {
  const STORAGE_KEY = 'leadscore';
  let events = [];
  let facts = [];
  let floorRules = new Map();
  let engine = null;
  let fed = 0; // events fed so far by feed()
  const scores = { floor: 0, ours: 0, oursTrackOnly: 0, rulesEngine: 0 };

  /** Each system scores events[from..from+count) (cyclic) and keeps its running score. */
  const systems = {
    floor: {
      chunk: 10000,
      run(from, count) {
        let score = scores.floor;
        for (let i = from; i < from + count; i++) {
          const e = events[i % events.length];
          const rule = floorRules.get(e.name + '|' + e.props.plan);
          if (rule !== undefined && e.props.seats >= rule.seats) score += rule.points;
        }
        scores.floor = score;
      },
    },
    // LeadScore('track', ...) and then the updated score, read with LeadScore.state().
    ours: {
      chunk: 1000,
      async run(from, count) {
        for (let i = from; i < from + count; i++) {
          const e = events[i % events.length];
          LeadScore('track', e.name, e.props);
          scores.ours = LeadScore.state().score;
        }
        await null; // the widget's handlers and window events run in microtasks: count them too
      },
    },
    // LeadScore('track', ...) alone (the score is read once, after the chunk).
    oursTrackOnly: {
      chunk: 1000,
      async run(from, count) {
        for (let i = from; i < from + count; i++) {
          const e = events[i % events.length];
          LeadScore('track', e.name, e.props);
        }
        await null;
        scores.oursTrackOnly = LeadScore.state().score;
      },
    },
    rulesEngine: {
      chunk: 10,
      async run(from, count) {
        for (let i = from; i < from + count; i++) {
          const result = await engine.run(facts[i % facts.length]);
          for (const event of result.events) scores.rulesEngine += event.params.points;
        }
      },
    },
  };

  window.workbench = {
    /** Installs our widget as a page would (stub, init, script tag) and waits for ready. */
    async loadWidget(config) {
      window.LeadScore = window.LeadScore || function () { (LeadScore.q = LeadScore.q || []).push(arguments); };
      LeadScore('init', config);
      const script = document.createElement('script');
      script.src = '/leadscore/leadscore.js';
      await new Promise((resolve, reject) => {
        script.onload = resolve;
        script.onerror = () => reject(new Error('leadscore.js did not load'));
        document.head.append(script);
      });
      return LeadScore.ready();
    },

    /** The rule set and events for the next runs: floor Map entries, json-rules-engine rules. */
    prepare({ floorEntries, engineRules, eventList }) {
      events = eventList;
      facts = eventList.map((e) => ({ event: e.name, ...e.props }));
      floorRules = new Map(floorEntries);
      engine = new RulesEngine.Engine(engineRules, { allowUndefinedFacts: true });
      fed = 0;
    },

    /** Scores events[0..count) through the floor, our widget and json-rules-engine; returns the points each gave. */
    async agree(count) {
      const gained = {};
      for (const name of ['floor', 'ours', 'rulesEngine']) {
        const before = name === 'ours' ? LeadScore.state().score : scores[name];
        await systems[name].run(0, count);
        gained[name] = (name === 'ours' ? LeadScore.state().score : scores[name]) - before;
      }
      return gained;
    },

    /** Runs `name` from the list's start, whole chunks, until budgetMs have passed: { events, ms, usPerEvent }. */
    async time(name, budgetMs) {
      const system = systems[name];
      let done = 0;
      const start = performance.now();
      let now = start;
      do {
        await system.run(done, system.chunk);
        done += system.chunk;
        now = performance.now();
      } while (now - start < budgetMs);
      return { events: done, ms: now - start, usPerEvent: ((now - start) * 1000) / done };
    },

    /** Tracks `count` more events through our widget; every tenth has a name and prop never seen before. */
    async feed(count) {
      for (let i = 0; i < count; i++) {
        const n = fed + i;
        if (n % 10 === 9) LeadScore('track', `other_${n}`, { visitor: `v${n}` });
        else LeadScore('track', events[n % events.length].name, events[n % events.length].props);
        if (i % 1000 === 999) await null;
      }
      fed += count;
      await null;
    },

    /** Our widget's wasm linear memory and stored entry, in bytes. */
    memory() {
      const stored = localStorage.getItem(STORAGE_KEY);
      return { wasmBytes: window.__wasmMemoryBytes(), storedBytes: stored === null ? 0 : stored.length };
    },
  };
})();

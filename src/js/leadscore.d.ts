// TypeScript declarations for leadscore, the lead-scoring widget: the `LeadScore` global a
// script-tag site calls, and the ES module entry (`dist/leadscore.mjs`) for bundlers. Shipped as
// `dist/leadscore.d.ts`; the public contract (names fixed) is the source of every comment here.

// ---------------------------------------------------------------------------------------------
// Values and events
// ---------------------------------------------------------------------------------------------

/** One prop value: props are flat, so no objects or arrays. */
export type PropValue = string | number | boolean | null;

/**
 * Flat event props or visitor attributes: string keys, {@link PropValue} values. A prop that is
 * `undefined` is sent as `null`.
 * @example { plan: 'pro', seats: 25, trial: false }
 */
export interface Props {
  readonly [prop: string]: PropValue | undefined;
}

/**
 * The events the widget knows:
 * - `page_view` — on load and on every in-page (SPA) navigation.
 * - `dwell` — engaged time on the current page view reaches the rule's `seconds`.
 * - `scroll` — the deepest point seen on one page view reaches the rule's `percent`.
 * - `download` — a click on a link to a document (by file extension, or a link with the
 *   `download` attribute).
 * - `click` — a click on an element matching the rule's `selector` (props: `href`, `outbound`, `text`).
 * - `form_submit` — a form matching `selector` is submitted (props: `id`, `name`, `action`;
 *   field values are never read).
 * - `view` — an element matching `selector` is at least half in view for `seconds` of engaged time.
 * - `exit_intent` — the pointer leaves the top of the window.
 * - `visit` — a new session starts (props: `count`, the visit number, and `returning`).
 * - `identify` — the site calls `identify(attributes)`; the attributes are the props.
 */
export type BuiltInEventName =
  | 'page_view'
  | 'dwell'
  | 'scroll'
  | 'download'
  | 'click'
  | 'form_submit'
  | 'view'
  | 'exit_intent'
  | 'visit'
  | 'identify';

/**
 * What a rule scores: a {@link BuiltInEventName}, or the name of a custom event sent with
 * `LeadScore('track', name)` or by a click on an element with `data-leadscore-event="name"`.
 * A name one slip away from a built-in one (`pageview`, `downlaod`) is refused as a typo.
 * @example 'page_view'
 * @example 'demo_requested'
 */
// `string & {}` keeps editor completion of the built-in names while accepting any string.
export type EventName = BuiltInEventName | (string & {});

// ---------------------------------------------------------------------------------------------
// Config
// ---------------------------------------------------------------------------------------------

/** A `where` comparison value: a number, string or boolean. */
export type ConditionValue = string | number | boolean;

/**
 * Operators on one prop; every operator given must hold. Give at least one.
 * Comparisons (`gte`, `gt`, `lte`, `lt`) hold for number props only: `'200'` is not ≥ 200.
 * @example { gte: 50, lt: 1000 }
 * @example { glob: 'VP*' }
 */
export interface Condition {
  /** The prop is a number ≥ this. @example { gte: 200 } */
  gte?: number;
  /** The prop is a number > this. */
  gt?: number;
  /** The prop is a number ≤ this. */
  lte?: number;
  /** The prop is a number < this. */
  lt?: number;
  /** The prop equals one of these values. @example { in: ['cto', 'vp_engineering'] } */
  in?: readonly ConditionValue[];
  /** The prop is a string matching this glob; `*` matches any run of characters. @example { glob: '*.example.com' } */
  glob?: string;
  /** `true`: the prop is present (and not `null`); `false`: it is absent. */
  exists?: boolean;
}

/**
 * Conditions on the event's props, all of which must hold: `{ prop: value }` for equality, or
 * `{ prop: Condition }`. Every event also carries the page's `path`, `title`, `referrer` (host)
 * and the first-touch `utm_source`, `utm_medium`, `utm_campaign`, `utm_term`, `utm_content`.
 * @example { plan: 'enterprise', seats: { gte: 50 }, utm_source: { in: ['linkedin', 'g2'] } }
 */
export interface Where {
  [prop: string]: ConditionValue | Condition;
}

/**
 * One point rule.
 * @example { id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 }
 * @example { id: 'whitepaper', on: 'download', extension: 'pdf', points: 30 }
 * @example { id: 'reader', on: 'dwell', seconds: 60, points: 15 }
 */
export interface Rule {
  /** Unique, non-empty string; names the rule in `explain()` and in the lead. @example 'pricing' */
  id: string;
  /**
   * What the rule scores: `page_view`, `dwell`, `scroll`, `download`, `click`, `form_submit`,
   * `view`, `exit_intent`, `visit`, `identify`, or the name of a custom event sent with `track`.
   * @example 'download'
   */
  on: EventName;
  /** Number added per hit; negative numbers subtract. @example 20 @example -40 */
  points: number;
  /**
   * How many times the rule may score for one visitor: a positive integer. Default `1`.
   * A rule scores at most once per event.
   * @default 1
   */
  limit?: number;
  /**
   * Glob matched against the path (and query) of the page where the event happened; `*`
   * matches any run of characters. Default: any page.
   * @example '/pricing*'
   */
  url?: string;
  /**
   * `dwell`: engaged seconds on one page view (required, > 0). `view`: engaged seconds the
   * element must be at least half in view (≥ 0, default `0`). Only for `on: 'dwell'` or `'view'`.
   * @example 60
   */
  seconds?: number;
  /** `scroll`: depth reached on one page view, in percent (required, > 0 and ≤ 100). Only for `on: 'scroll'`. @example 75 */
  percent?: number;
  /**
   * `download`: one extension or a list; case and a leading dot are ignored. Default: any
   * document extension (see `downloadExtensions`). Only for `on: 'download'`.
   * @example 'pdf'
   * @example ['pdf', 'zip']
   */
  extension?: string | readonly string[];
  /**
   * `click`, `form_submit`, `view`: the CSS selector the target matches (required for `view`).
   * Only for those events.
   * @example '#book-demo'
   */
  selector?: string;
  /** Conditions on the event's props, all of which must hold. Default: none. @example { seats: { gte: 50 } } */
  where?: Where;
  /** The group (a key of the config's `groups`) whose cap applies. @example 'fit' */
  group?: string;
  /** This rule's decay half-life in days (> 0), overriding the config's `decay`. Default: the config's `decay`. @example 7 */
  halfLifeDays?: number;
}

/**
 * A named score band.
 * @example { name: 'warm', min: 40 }
 */
export interface Tier {
  /** The tier's unique name, as `state().tier` reports it. @example 'hot' */
  name: string;
  /** The score at which the tier is reached; list tiers from lowest `min` to highest. @example 100 */
  min: number;
}

/**
 * A group of rules whose points are capped together.
 * @example { max: 40 }
 */
export interface GroupSpec {
  /** The most points the group's rules add together. Default: no cap. @example 40 */
  max?: number;
}

/**
 * How points lose value over time.
 * @example { halfLifeDays: 30 }
 */
export interface Decay {
  /** Points lose half their value every this many days (required, > 0). @example 30 */
  halfLifeDays: number;
}

/**
 * The config of `LeadScore('init', config)` and `LeadScore.simulate(config, events)`.
 * A field the widget does not know is an error (`rules[1].pointz: unknown field`), so a typo is
 * never silently ignored. `null` counts as absent.
 * @example
 * { threshold: 100, rules: [{ id: 'pricing', on: 'page_view', url: '/pricing*', points: 20, limit: 3 }] }
 */
export interface LeadScoreConfig {
  /** The score at which the visitor becomes qualified. @default 100 */
  threshold?: number;
  /** The point rules (required, not empty; ids unique). */
  rules: readonly Rule[];
  /** Called with the lead when the visitor qualifies: same as `LeadScore('on', 'qualified', fn)`. @example function (lead) { openChat(lead); } */
  onQualified?: (lead: Lead) => void;
  /** Called on every score change: same as `LeadScore('on', 'score', fn)`. */
  onScore?: (detail: ScoreDetail) => void;
  /** Engaged time stops this long (seconds, > 0) after the visitor's last input. @default 30 */
  idleSeconds?: number;
  /** Minutes of inactivity (> 0) that end a visit. @default 30 */
  sessionMinutes?: number;
  /**
   * What counts as a document link (file extensions, case and a leading dot ignored); replaces
   * the default list: pdf, doc, docx, xls, xlsx, ppt, pptx, odt, ods, odp, rtf, txt, csv, epub,
   * key, pages, numbers, zip, rar, 7z, gz, tgz, dmg, exe, msi, mp4.
   * @example ['pdf', 'docx', 'zip']
   */
  downloadExtensions?: readonly string[];
  /**
   * Score bands, lowest first (`min` strictly ascending, names unique); `state().tier` is the
   * highest reached. Default: none.
   * @example [{ name: 'warm', min: 40 }, { name: 'hot', min: 100 }]
   */
  tiers?: readonly Tier[];
  /**
   * Decay for every rule: points lose half their value every `halfLifeDays` days; a rule may
   * set its own `halfLifeDays`. Default: none (points never decay).
   * @example { halfLifeDays: 30 }
   */
  decay?: Decay;
  /** The score never exceeds this. Default: none. @example 150 */
  maxScore?: number;
  /**
   * Caps per group, by group name; a rule joins one with `group`. Default: none.
   * @example { fit: { max: 40 }, engagement: { max: 80 } }
   */
  groups?: { readonly [name: string]: GroupSpec };
  /**
   * Once qualified, a score that decays below this may qualify again later. Must not be above
   * `threshold`. Default: none (a visitor qualifies once).
   * @example 50
   */
  rearmBelow?: number;
  /**
   * `'required'`: nothing is written to storage until `LeadScore('consent', 'granted')`.
   * @default 'granted'
   */
  consent?: 'granted' | 'required';
  /** With `navigator.globalPrivacyControl` set, behave as `consent: 'required'`. @default true */
  respectGlobalPrivacyControl?: boolean;
  /** Where the score is kept: `'local'` (localStorage), `'session'` (sessionStorage) or `'memory'` (this page only). @default 'local' */
  storage?: 'local' | 'session' | 'memory';
  /** The storage entry's name (not empty), for two widgets on one origin. @default 'leadscore' */
  storageKey?: string;
  /** `true`: score nothing while `navigator.webdriver` is set. @default false */
  ignoreAutomation?: boolean;
  /** Log each event and rule hit to the console. @default false */
  debug?: boolean;
}

// ---------------------------------------------------------------------------------------------
// What the widget reports
// ---------------------------------------------------------------------------------------------

/**
 * One rule's contribution: an entry of `explain()` and of a lead's `reasons`.
 * @example { rule: 'pricing', points: 40, hits: 2 }
 */
export interface ExplainEntry {
  /** The rule's `id`. */
  rule: string;
  /** What the rule adds to the score now, after limits and decay. */
  points: number;
  /** How many times the rule has scored. */
  hits: number;
  /** What the rule has lost, in points. */
  lost: {
    /** Matching events its `limit` turned away, at full value. */
    limit: number;
    /** What decay has taken from its hits so far. */
    decay: number;
    /** Its share of what group caps and `maxScore` take off the score. */
    cap: number;
  };
}

/**
 * The visitor's state: what `LeadScore.state()` returns and `ready()` resolves with.
 * Before init it is the empty state `{ score: 0, threshold: 100, qualified: false,
 * qualifiedAt: null, tier: null, groups: {} }`.
 */
export interface LeadScoreState {
  /** The current score, after limits, caps and decay. */
  score: number;
  /** The configured threshold. */
  threshold: number;
  /** True once the visitor has qualified (on this or an earlier page load). */
  qualified: boolean;
  /** When the visitor qualified, in ms since the epoch; `null` if not yet. */
  qualifiedAt: number | null;
  /** The name of the highest tier reached, or `null` (no tiers, or none reached). */
  tier: string | null;
  /** Each configured group's name mapped to its points. @example { fit: 40, engagement: 25 } */
  groups: { [name: string]: number };
}

/**
 * The lead: the argument of the `qualified` handler (and `onQualified`) and the `detail` of
 * the `leadscore:qualified` event. Fires once per visitor, when the score first reaches the
 * threshold.
 */
export interface Lead {
  /** The score that qualified the visitor. */
  score: number;
  /** The configured threshold. */
  threshold: number;
  /** The tier reached, or `null`. */
  tier: string | null;
  /** When the visitor qualified, in ms since the epoch. */
  qualifiedAt: number;
  /** Why: one entry per rule that scored, largest contribution first. */
  reasons: ExplainEntry[];
}

/** The detail of a `score` event: the score changed. */
export interface ScoreDetail {
  /** The score now. */
  score: number;
  /** How much it changed (negative for a loss). */
  delta: number;
  /** The `id` of the rule that scored; `null` when the change was not a rule's (`reset`). */
  rule: string | null;
}

/** The detail of a `tier` event: the tier reached changed. */
export interface TierDetail {
  /** The tier now, or `null` (below every tier). */
  tier: string | null;
  /** The tier before, or `null`. */
  previous: string | null;
  /** The score now. */
  score: number;
}

/**
 * What went wrong:
 * - `invalid_config` — the config is invalid; the widget does not start.
 * - `already_initialized` — a second `init`; it is ignored.
 * - `invalid_call` — a command with wrong arguments.
 * - `wasm_unavailable` — the wasm is missing, blocked by CSP, or there is no WebAssembly.
 * - `storage_unavailable` — storage is blocked or missing; the score is kept in memory.
 * - `storage_full` — storage is full; the score is kept in memory.
 * - `storage_corrupt` — the stored score could not be read; starting afresh.
 * - `handler_failed` — a page handler threw.
 */
export type ErrorCode =
  | 'invalid_config'
  | 'already_initialized'
  | 'invalid_call'
  | 'wasm_unavailable'
  | 'storage_unavailable'
  | 'storage_full'
  | 'storage_corrupt'
  | 'handler_failed';

/** The detail of an `error` event. Each cause is reported once, not once per event. */
export interface ErrorDetail<Code extends ErrorCode = ErrorCode> {
  /** What kind of problem. */
  code: Code;
  /** What happened, naming the field for a config error. @example 'rules[2].points: expected a number, got a string' */
  message: string;
}

/** The `Error` that `ready()` rejects with when the widget cannot start. */
export interface LeadScoreError extends Error {
  /** Why: `invalid_config` or `wasm_unavailable`. */
  code: ErrorCode;
}

/** Each event's name and the argument its handlers get (the `detail` of `leadscore:<name>`). */
export interface LeadScoreEventMap {
  /** The widget started: the visitor's state. */
  ready: LeadScoreState;
  /** The score changed. */
  score: ScoreDetail;
  /** The visitor qualified: the lead. */
  qualified: Lead;
  /** The tier changed. */
  tier: TierDetail;
  /** Something went wrong; the page's scripts run on. */
  error: ErrorDetail;
}

/** An event that `LeadScore('on' | 'off', …)` subscribes to. */
export type LeadScoreEventName = keyof LeadScoreEventMap;

/** A handler for event `E`. What it returns is ignored; if it throws, `handler_failed` is reported once. */
export type LeadScoreHandler<E extends LeadScoreEventName = LeadScoreEventName> = (detail: LeadScoreEventMap[E]) => void;

// ---------------------------------------------------------------------------------------------
// simulate
// ---------------------------------------------------------------------------------------------

/**
 * One event for `simulate`. Simulated events carry no page context: give the props the rules
 * read (`path` and `query` for `url`, `seconds` for `dwell`, `percent` for `scroll`,
 * `extension` for `download`, and anything `where` tests).
 * @example { on: 'page_view', at: 0, props: { path: '/pricing' } }
 */
export interface SimulatedEvent {
  /** The event's name. */
  on: EventName;
  /** When it happens, in ms (any clock; decay is measured from the first event). */
  at: number;
  /** The event's props. Default: none. */
  props?: Props | null;
}

/** One rule hit in a simulation. */
export interface TimelineEntry {
  /** The `at` of the event that hit. */
  at: number;
  /** The score after the hit. */
  score: number;
  /** The `id` of the rule that hit. */
  rule: string;
}

/** What `simulate` makes of a list of events. */
export interface Simulation {
  /** Every rule hit, in order. */
  timeline: TimelineEntry[];
  /** The state after the last event. */
  state: LeadScoreState;
  /**
   * Present when nothing could be simulated (with an empty timeline and the empty state):
   * `invalid_config` for a bad config, `invalid_call` for a bad event list (the message names
   * the entry, e.g. `events[3].at: expected a time in ms`), `wasm_unavailable` before load.
   */
  error?: ErrorDetail<'invalid_config' | 'invalid_call' | 'wasm_unavailable'>;
}

// ---------------------------------------------------------------------------------------------
// The global
// ---------------------------------------------------------------------------------------------

/**
 * The command function the one-line install stub defines before the script has loaded: it
 * queues each call's arguments in `q`, replayed in order on load.
 */
export interface LeadScoreStub {
  (...args: unknown[]): void;
  /** The queued calls. */
  q?: ArrayLike<unknown>[];
  /** `true` once the script has loaded. */
  loaded?: boolean;
}

/**
 * `LeadScore`: `LeadScore(command, ...args)` — the same before and after load — plus the
 * readers, safe to call at any time after load. Nothing it does throws into page code: problems
 * are reported as `error` events.
 */
export interface LeadScoreGlobal {
  /**
   * Validate the config and start tracking. An invalid config does not start the widget
   * (`invalid_config`); a second `init` is ignored (`already_initialized`).
   */
  (command: 'init', config: LeadScoreConfig): void;
  /** A custom event named `name`, with optional flat props. @example LeadScore('track', 'demo_requested', { plan: 'pro' }) */
  (command: 'track', name: string, props?: Props | null): void;
  /** Visitor attributes (company size, role, …) that `identify` rules score on. @example LeadScore('identify', { seats: 250, role: 'VP Sales' }) */
  (command: 'identify', attributes: Props): void;
  /** `'granted'`: storage may be written. `'denied'`: delete everything stored and stop tracking. */
  (command: 'consent', choice: 'granted' | 'denied'): void;
  /** Subscribe `handler` to an event (once per function). @example LeadScore('on', 'qualified', (lead) => openChat(lead)) */
  <E extends LeadScoreEventName>(command: 'on', event: E, handler: LeadScoreHandler<E>): void;
  /** Unsubscribe a handler added with `on`. */
  <E extends LeadScoreEventName>(command: 'off', event: E, handler: LeadScoreHandler<E>): void;
  /**
   * `'reset'`: clear score and history, keep consent. `'forget'`: delete everything the widget
   * stored and stop tracking. `'destroy'`: remove every listener and patch the widget made; the
   * page is as if it never loaded.
   */
  (command: 'reset' | 'forget' | 'destroy'): void;

  /**
   * A Promise of the state once the widget has started. Rejects with a {@link LeadScoreError}
   * whose `code` says why (`invalid_config`, `wasm_unavailable`) when it cannot start.
   */
  ready(): Promise<LeadScoreState>;
  /** The visitor's state now; the empty state before init. */
  state(): LeadScoreState;
  /** One entry per rule that scored, largest contribution first; `[]` before init. */
  explain(): ExplainEntry[];
  /**
   * What a rule set makes of a list of events, without touching the page, storage or handlers,
   * so a rule set can be tested before it goes live.
   * @example LeadScore.simulate(config, [{ on: 'page_view', at: 0, props: { path: '/pricing' } }])
   */
  simulate(config: LeadScoreConfig, events: readonly SimulatedEvent[]): Simulation;

  /** The queue of calls made before load (replayed on load; empty after). */
  q?: ArrayLike<unknown>[];
  /** `true` once the script has loaded; including the script twice is harmless. */
  loaded?: boolean;
}

declare global {
  interface Window {
    /** The leadscore widget. */
    LeadScore: LeadScoreGlobal;
  }
  /** The leadscore widget. */
  var LeadScore: LeadScoreGlobal;

  interface WindowEventMap {
    /** The widget started; `detail` is the visitor's state. */
    'leadscore:ready': CustomEvent<LeadScoreState>;
    /** The score changed. */
    'leadscore:score': CustomEvent<ScoreDetail>;
    /** The visitor qualified; `detail` is the lead. */
    'leadscore:qualified': CustomEvent<Lead>;
    /** The tier changed. */
    'leadscore:tier': CustomEvent<TierDetail>;
    /** Something went wrong. */
    'leadscore:error': CustomEvent<ErrorDetail>;
  }
}

/** The widget (the ES module entry loads it and exports the global). */
export declare const LeadScore: LeadScoreGlobal;
export default LeadScore;

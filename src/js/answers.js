// The core's list-shaped answers (src/core/engine.rs, src/core/widget.rs) named as pages read
// them: each is a list on the wire because every event pays for decoding it, and is named here
// once, for the runtime and for `simulate` alike.

/**
 * The state as pages read it, from the core's list `[score, threshold, qualifiedAt, tier,
 * groups]`: a fresh object each time, so a page that changes what it was given changes nothing
 * of the widget's.
 */
export const toState = ([score, threshold, qualifiedAt, tier, groups]) => ({
  score: score,
  threshold: threshold,
  qualified: qualifiedAt !== null,
  qualifiedAt: qualifiedAt,
  tier: tier,
  groups: { ...groups },
});

/** A `score` event's detail from the core's list `[score, delta, rule]`. */
export const toScore = ([score, delta, rule]) => ({ score: score, delta: delta, rule: rule });

// What the tracker watches for, read from the rules of a config the core has accepted (so every
// field is of the kind the core checked): the dwell and scroll thresholds, the `view` selectors
// with theirs, the elements clicks and form submits count on, and whether exit intent scores.

/** Distinct and ascending. */
const ascending = (numbers) => [...new Set(numbers)].sort((a, b) => a - b);

/**
 * `{ dwell, scroll, views, clicks, forms, exitIntent, selectors }` of `rules` (a plain copy of
 * the config's list): `views` one `[selector, seconds]` per selector in the order rules first name
 * it; `clicks` and `forms` the distinct selectors of their rules, `'*'` for a rule that takes every
 * element; `selectors` each rule's `[index, selector]`.
 */
export const watchList = (rules) => {
  const dwell = [];
  const scroll = [];
  const views = new Map(); // selector → its seconds, in the order rules first name it
  const clicks = [];
  const forms = [];
  const selectors = [];
  let exitIntent = false;
  // A config whose getters answer differently on a second read may leave anything here.
  if (Array.isArray(rules)) rules.forEach((rule, i) => {
    const { on, selector, seconds, percent } = rule || {};
    if (selector != null) selectors.push([i, selector]);
    const targets = on === 'click' ? clicks : on === 'form_submit' ? forms : null;
    const target = selector == null ? '*' : selector;
    if (targets && !targets.includes(target)) targets.push(target);
    if (on === 'dwell') dwell.push(seconds);
    if (on === 'scroll') scroll.push(percent);
    if (on === 'exit_intent') exitIntent = true;
    // Setting a selector again keeps its place in the Map.
    if (on === 'view') views.set(selector, [...(views.get(selector) || []), seconds || 0]);
  });
  return {
    dwell: ascending(dwell),
    scroll: ascending(scroll),
    views: [...views].map(([selector, seconds]) => [selector, ascending(seconds)]),
    clicks: clicks,
    forms: forms,
    exitIntent: exitIntent,
    selectors: selectors,
  };
};

// Statistics and the output table: median(), fmt(), row() for one line of the table (metric, ours,
// peer, ratio, goal, result) and table() for the markdown every measurement's rows make.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** A number with thousands separators and `digits` decimals; strings pass through. */
export function fmt(value, digits = 0) {
  if (typeof value !== 'number') return value ?? '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * One line of the table. ours and peer are numbers (shown with `digits` decimals) or strings.
 * A goal is met when ours is at most `limit` (a number; null: no goal); a missed one states
 * its distance: `FAIL: 3,595 over (1.18×)`. A figure that is not `valid` (the systems' scores
 * disagree) fails whatever it is. The ratio is ours / peer when both are numbers.
 */
export function row(metric, { ours, peer = null, goal = '', limit = null, valid = true, digits = 0 }) {
  const ratio = typeof ours === 'number' && typeof peer === 'number' && peer !== 0 ? `${fmt(ours / peer, 2)}×` : '';
  return {
    metric,
    ours: fmt(ours, digits),
    peer: peer === null ? '' : fmt(peer, digits),
    ratio,
    goal,
    result: limit === null ? '' : !valid ? 'FAIL' : ours <= limit ? 'pass' : missedBy(ours, limit, digits),
  };
}

/** How far `ours` is past `limit`: the difference, and the factor when the limit is not 0. */
const missedBy = (ours, limit, digits) =>
  `FAIL: ${fmt(ours - limit, digits)} over${limit > 0 ? ` (${fmt(ours / limit, 2)}×)` : ''}`;

export function table(rows) {
  const lines = ['| metric | ours | peer | ratio | goal | result |', '|---|---:|---:|---:|---|---|'];
  for (const r of rows) lines.push(`| ${[r.metric, r.ours, r.peer, r.ratio, r.goal, r.result].join(' | ')} |`);
  return lines.join('\n');
}

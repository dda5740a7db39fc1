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
 * One line of the table. ours and peer are numbers (shown with `digits` decimals) or strings;
 * pass is true, false or null (no goal). The ratio is ours / peer when both are numbers.
 */
export function row(metric, { ours, peer = null, goal = '', pass = null, digits = 0 }) {
  const ratio = typeof ours === 'number' && typeof peer === 'number' && peer !== 0 ? `${fmt(ours / peer, 2)}×` : '';
  return {
    metric,
    ours: fmt(ours, digits),
    peer: peer === null ? '' : fmt(peer, digits),
    ratio,
    goal,
    result: pass === null ? '' : pass ? 'pass' : 'FAIL',
  };
}

export function table(rows) {
  const lines = ['| metric | ours | peer | ratio | goal | result |', '|---|---:|---:|---:|---|---|'];
  for (const r of rows) lines.push(`| ${[r.metric, r.ours, r.peer, r.ratio, r.goal, r.result].join(' | ')} |`);
  return lines.join('\n');
}

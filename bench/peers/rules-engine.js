// Bench peer: json-rules-engine as one browser bundle; exposes the global `RulesEngine`.
export { Engine } from 'json-rules-engine';

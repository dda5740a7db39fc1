// Writes the bench's HTML pages into a build folder (served at /): one template — the same body
// for every page — with the widget (ours, Snowplow or none) installed as its docs say, and the
// in-page probes from bench/pages/ inlined before it. writePages(dir) returns the page names.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_CONFIG, SNOWPLOW_SETTINGS } from './workload.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** URL prefixes the session serves (bench/session.mjs). */
export const ASSETS = { widget: '/leadscore/', peers: '/peers/', scripts: '/scripts/' };

const BODY = `<body style="height:20000px">
<h1>Pricing</h1>
<div id="table" style="height:300px">pricing table</div>
<p class="text">Some text to read.</p>
<p><a class="cta" href="/pricing">See plans</a> · <a href="/files/guide.pdf">Download the guide</a></p>
<form id="webinar" action="/webinar" onsubmit="return false"><input name="email"><button>Sign up</button></form>
</body>`;

/** The install snippet of each system, as its docs show it. */
const INSTALL = {
  none: '',
  ours: `<script>
window.LeadScore = window.LeadScore || function () { (LeadScore.q = LeadScore.q || []).push(arguments); };
LeadScore('init', ${JSON.stringify(SITE_CONFIG)});
</script>
<script async src="${ASSETS.widget}leadscore.js"></script>`,
  snowplow: `<script>window.snowplowBench = ${JSON.stringify(SNOWPLOW_SETTINGS)};</script>
<script async src="${ASSETS.peers}snowplow.js"></script>`,
};

/** What fires when each system is ready. */
export const READY_EVENT = { none: 'load', ours: 'leadscore:ready', snowplow: 'snowplow:ready' };

/** An inline <script>: the probe in bench/pages/<file> (one top-level function) called with args. */
function probe(file, ...args) {
  const source = fs.readFileSync(path.join(here, 'pages', file), 'utf8');
  return `<script>${source}\n(${source.match(/^function (\w+)/m)[1]})(${args.map((a) => JSON.stringify(a)).join(', ')});</script>`;
}

function page({ widget = 'none', probes = [], scripts = [] }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>leadscore bench</title><link rel="icon" href="data:,">
${[...probes, INSTALL[widget], ...scripts.map((src) => `<script src="${src}"></script>`)].filter(Boolean).join('\n')}
</head>
${BODY}
</html>
`;
}

/** Every page: { name: html }. */
function pages() {
  const out = {};
  for (const widget of ['none', 'ours', 'snowplow']) {
    out[`startup-${widget}`] = page({ widget, probes: [probe('mark-start.js', READY_EVENT[widget])] });
    out[`storm-${widget}`] = page({ widget, scripts: [`${ASSETS.scripts}storm.js`] });
    if (widget !== 'none') out[`idle-${widget}`] = page({ widget, probes: [probe('count-wakeups.js')] });
  }
  out.workbench = page({
    probes: [probe('capture-wasm.js')],
    scripts: [`${ASSETS.peers}rules-engine.js`, `${ASSETS.scripts}workbench.js`],
  });
  return out;
}

/** Writes dir/<name>.html for every page; returns the names. */
export function writePages(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const all = pages();
  for (const [name, html] of Object.entries(all)) fs.writeFileSync(path.join(dir, `${name}.html`), html);
  return Object.keys(all);
}

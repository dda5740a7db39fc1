/*
 * leadscore install for /strict-csp.html only: the contract's install snippet,
 * in an external file because that page's Content-Security-Policy allows no
 * inline script. Loaded like /assets/leadscore-config.js on the other pages:
 *
 *   <script src="/assets/strict-csp-config.js"></script>
 *   <script src="/assets/consent.js"></script>
 *   <script async src="/leadscore/leadscore.js"></script>
 *   <script src="/assets/demo.js" defer></script>
 *   <script src="/assets/strict-csp-demo.js" defer></script>
 *
 * Its rules have hostile ids on a hostile custom event name, so the score panel,
 * the lead form and the chat (demo.js) get markup-like strings, a right-to-left
 * override and emoji from explain() and the lead, and must show them as text.
 * The "Send hostile strings" button (strict-csp-demo.js) fires that event.
 *
 * Its own storageKey: a different rule set must not share the site's entry.
 */
window.acmeEarlyErrors = [];
window.addEventListener('leadscore:error', function (event) {
  if (window.acmeEarlyErrors) window.acmeEarlyErrors.push(event.detail);
});

window.LeadScore = window.LeadScore || function () { (LeadScore.q = LeadScore.q || []).push(arguments); };

window.acmeHostile = {
  event: '<script>alert(2)</script>',
  prop: '"><script>alert(2)</script>',
  value: '\u202e\u0000\ud83d\ude42', // right-to-left override, NUL, 🙂
};

window.acmeLeadScoreConfig = {
  threshold: 100,
  consent: 'required',
  storageKey: 'leadscore-strict-csp',
  tiers: [
    { name: 'warm', min: 40 },
    { name: '<b onmouseover=alert(4)>hot</b>', min: 100 },
  ],
  rules: [
    { id: 'strict-csp-page', on: 'page_view', url: '/strict-csp*', points: 10 },
    { id: '<img src=x onerror=alert(1)>', on: window.acmeHostile.event, points: 25, limit: 3 },
    {
      id: '"><svg onload=alert(3)> \u202e\ud83d\ude42 reversed?',
      on: window.acmeHostile.event,
      where: { '"><script>alert(2)</script>': { exists: true } },
      points: 15,
    },
  ],
  onQualified: function (lead) {
    if (typeof window.acmeOpenLeadCapture === 'function') {
      window.acmeOpenLeadCapture(lead);
    } else {
      (window.acmePendingLeads = window.acmePendingLeads || []).push(lead);
    }
  },
};

LeadScore('init', window.acmeLeadScoreConfig);

/*
 * Acme Analytics demo: leadscore install and rule set.
 *
 * Every page loads this file first, then the widget itself:
 *
 *   <script src="/assets/leadscore-config.js"></script>
 *   <script src="/assets/consent.js"></script>
 *   <script async src="/leadscore/leadscore.js"></script>
 *   <script src="/assets/demo.js" defer></script>
 *
 * It is the contract's inline install, kept in one external file so the
 * pages also work under a strict Content-Security-Policy (no inline script).
 *
 * Consent: the config says consent: 'required', so the widget scores the
 * current page in memory but writes nothing to storage until the visitor
 * accepts the banner (/assets/consent.js calls LeadScore('consent', ...)
 * right after this init, on every page, once a choice was made).
 *
 * The path to a Marketing-Qualified Lead (threshold 100):
 *   pricing page (20) -> resources page (15) -> whitepaper PDF (30)
 *   -> read the blog post: 30 s engaged (20) + 60 s engaged (15)  = 100
 * Other ways there: read the pricing table for 20 s (15), sign up for the
 * webinar (25), take the product tour (/app/, a single-page app whose
 * in-page views score like page loads), follow the partner link (5), come
 * back after a break (10). A home page visit (5) or scrolling the post (10)
 * helps too; a look at the careers page (-40) says "job seeker", not "buyer".
 */
// Demo only: keep error events that fire before the deferred demo UI listens
// (the widget is async, so it may start before /assets/demo.js runs).
window.acmeEarlyErrors = [];
window.addEventListener('leadscore:error', function (event) {
  if (window.acmeEarlyErrors) window.acmeEarlyErrors.push(event.detail);
});

window.LeadScore = window.LeadScore || function () { (LeadScore.q = LeadScore.q || []).push(arguments); };

// Kept on window so /assets/consent.js can start the widget again when a
// visitor who declined changes their mind (consent 'denied' stops it).
window.acmeLeadScoreConfig = {
  threshold: 100,
  // Nothing is stored until LeadScore('consent', 'granted') (the banner).
  consent: 'required',
  tiers: [
    { name: 'warm', min: 40 },
    { name: 'hot', min: 100 },
  ],
  rules: [
    // Pages. The product tour (/app/) is a single-page app: each of its views is
    // an in-page navigation (history.pushState), which scores like a page load.
    { id: 'home',          on: 'page_view', url: '/',           points: 5 },
    { id: 'pricing',       on: 'page_view', url: '/pricing*',   points: 20, limit: 3 },
    { id: 'resources',     on: 'page_view', url: '/resources*', points: 15 },
    { id: 'careers',       on: 'page_view', url: '/careers*',   points: -40 },
    { id: 'tour',          on: 'page_view', url: '/app/*',      points: 5, limit: 3 },
    { id: 'tour-integrations', on: 'page_view', url: '/app/?view=integrations*', points: 10 },
    { id: 'tour-security',     on: 'page_view', url: '/app/?view=security*',     points: 10 },
    { id: 'tour-demo',         on: 'page_view', url: '/app/?view=demo*',         points: 15 },

    // Reading: engaged time (page visible, window focused, recent input) and depth.
    { id: 'blog-reader',   on: 'dwell',  url: '/blog/*', seconds: 30,  points: 20 },
    { id: 'reader',        on: 'dwell',  seconds: 60,                  points: 15 },
    { id: 'blog-scroll',   on: 'scroll', url: '/blog/*', percent: 75,  points: 10 },
    { id: 'pricing-table', on: 'view',   selector: '#pricing-table', seconds: 20, points: 15 },

    // Actions.
    { id: 'whitepaper',    on: 'download',    extension: 'pdf',       points: 30 },
    { id: 'webinar',       on: 'form_submit', selector: '#webinar',   points: 25 },
    { id: 'partner',       on: 'click',       selector: 'a.partner', where: { outbound: true }, points: 5 },

    // Visits: a visit starts after 30 minutes without activity (sessionMinutes).
    { id: 'returning',     on: 'visit', where: { returning: true },   points: 10 },
  ],
  // One path to the lead capture: demo.js defines window.acmeOpenLeadCapture.
  // The widget loads async and demo.js is deferred, so the lead may arrive
  // first: it is parked in window.acmePendingLeads and demo.js picks it up.
  onQualified: function (lead) {
    if (typeof window.acmeOpenLeadCapture === 'function') {
      window.acmeOpenLeadCapture(lead);
    } else {
      (window.acmePendingLeads = window.acmePendingLeads || []).push(lead);
    }
  },
};

LeadScore('init', window.acmeLeadScoreConfig);

// Bench peer: Snowplow's browser tracker with link-click, form and activity tracking, started the
// way its npm docs show. Reads its settings from window.snowplowBench (set by the page before this
// script), then sets window.snowplowReady and fires `snowplow:ready`. Events go to a customFetch
// that answers 200 at once: no network, no retries.
import { newTracker, enableActivityTracking, trackPageView } from '@snowplow/browser-tracker';
import { LinkClickTrackingPlugin, enableLinkClickTracking } from '@snowplow/browser-plugin-link-click-tracking';
import { FormTrackingPlugin, enableFormTracking } from '@snowplow/browser-plugin-form-tracking';

const settings = window.snowplowBench || {};
newTracker('sp', settings.collector || 'collector.invalid', {
  appId: 'bench',
  plugins: [LinkClickTrackingPlugin(), FormTrackingPlugin()],
  customFetch: () => Promise.resolve(new Response(null, { status: 200 })),
});
enableActivityTracking(settings.activity || { minimumVisitLength: 10, heartbeatDelay: 10 });
enableLinkClickTracking();
enableFormTracking();
trackPageView();
window.snowplowReady = true;
window.dispatchEvent(new Event('snowplow:ready'));

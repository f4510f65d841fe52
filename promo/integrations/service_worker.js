// promo's service worker: it exists so the app can be installed and receive shares.
// It caches nothing. Pages hold one person's evidence, so the network always answers;
// only when the network is gone does a navigation get a short offline page instead of
// the browser's error. Nothing else is intercepted.
const OFFLINE = `<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Offline · promo</title><h1>You are offline</h1>
<p>promo needs the network. Your shared page is still in the address bar: reload once
you are back online.</p></html>`;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate") return;
  event.respondWith(
    fetch(event.request).catch(
      () =>
        new Response(OFFLINE, {
          status: 503,
          headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
        }),
    ),
  );
});

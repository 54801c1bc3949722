// DigitLab's service worker, registered by bridge.js only when the page is NOT cross-origin isolated (a
// static host that cannot send headers, such as `python3 -m http.server` or GitHub Pages). It re-serves
// every same-origin response with the isolation headers that tools/serve.py would have sent, so that after
// one reload the page is isolated and can use WebAssembly threads (SharedArrayBuffer):
//   COOP same-origin + COEP require-corp make the page isolated; CORP same-origin lets the isolated page
//   (and its workers) load our own scripts and .wasm.
// Cross-origin requests are left alone: the page makes none.
'use strict';

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Take over the open page at once: bridge.js reloads it as soon as this worker controls it.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  // Chromium issues these for DevTools; fetch() refuses them outside same-origin mode.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(fetch(request).then(response => {
    if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;  // headers unreadable
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
    // The body is passed on as a stream: a large CSV is not held in memory here.
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }));
});

// DigitLab's service worker, registered by bridge.js. Two jobs:
// - Offline after one visit: on install it caches the site's files (SITE_FILES: the page, both builds of the
//   app and of the training worker, their scripts, the default model, the manifest and icons) and then
//   serves them from that cache, network or not. The cache is named after the build (VERSION, a hash of
//   those files): the build writes both into this file (tools/site_version.cmake), so a new build is a new
//   worker, which the browser installs at the next visit; it caches the new files and deletes the old cache,
//   and bridge.js reloads the page onto them.
// - Cross-origin isolation on a static host that does not send the headers (`python3 -m http.server`,
//   GitHub Pages): every same-origin response gets the isolation headers that tools/serve.py would have
//   sent, so that after one reload the page is isolated and can use WebAssembly threads (SharedArrayBuffer):
//   COOP same-origin + COEP require-corp make the page isolated; CORP same-origin lets the isolated page
//   (and its workers) load our own scripts and .wasm.
// Cross-origin requests are left alone: the page makes none.
'use strict';

const VERSION = '@DL_SITE_VERSION@';
const SITE_FILES = '@DL_SITE_FILES@'.split(' ');
const CACHE = `digitlab-${VERSION}`;

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Take over the open page at once: bridge.js reloads it as soon as this worker controls it (for isolation,
// or onto a new build's files).
self.addEventListener('install', event => {
  self.skipWaiting();
  // From the server, not the HTTP cache: they must be this build's files. A file that fails is only not
  // offline; the site still works online.
  event.waitUntil(caches.open(CACHE).then(cache => Promise.all(SITE_FILES.map(file =>
    cache.add(new Request(file, { cache: 'reload' }))
      .catch(e => console.warn(`DigitLab: ${file} is not cached for offline use (${e.message || e})`))))));
});

self.addEventListener('activate', event => event.waitUntil((async () => {
  for (const name of await caches.keys())
    if (name.startsWith('digitlab-') && name !== CACHE) await caches.delete(name);
  await self.clients.claim();
})()));

function isolated(response) {
  if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;  // headers unreadable
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  // The body is passed on as a stream: a large CSV is not held in memory here.
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', event => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  // Chromium issues these for DevTools; fetch() refuses them outside same-origin mode.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith((async () => {
    const cached = request.method === 'GET' && await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    return isolated(cached || await fetch(request));
  })());
});

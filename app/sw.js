// Offline after the first visit: every file of the page is kept in the
// browser's Cache Storage, under a name that changes whenever any file does
// (the build writes VERSION from their hashes), and served from there.
// Nothing is ever sent anywhere: this worker only answers the page's own
// requests for its own files.
const VERSION = "__VERSION__";
const CACHE = `edi-workbook-app-${VERSION}`;
const FILES = __FILES__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("edi-workbook-app-") && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(event.request, { ignoreSearch: true });
      if (hit) return hit;
      if (event.request.mode === "navigate") {
        const page = await cache.match("./");
        if (page) return page;
      }
      return fetch(event.request);
    }),
  );
});

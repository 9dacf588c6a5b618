// sihat's service worker (served at /sw.js so that its scope is the whole site).
// Network first for the pages a person needs at a door when the network is gone -- home,
// my certificates (with their QR images) and my status -- keeping the last good copy of each;
// the static files are served from the cache and refreshed behind. Nothing else is kept, a
// redirect (to the login) is never kept, and logging out deletes every copy.
"use strict";
const CACHE = "sihat-offline-v1";
const SHELL = [
  "/static/sihat.css",
  "/static/app.js",
  "/static/htmx.min.js",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
  "/manifest.webmanifest",
];
const KEEP = [
  /^\/$/,
  /^\/certificates\/mine$/,
  /^\/risk$/,
  /^\/status$/,
  /^\/api\/v1\/certificates\/.+\/qr\.png$/,
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("sihat-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && response.type === "basic") {
      await cache.put(key, response.clone());
    }
    return response;
  } catch (err) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw err;
  }
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  }).catch(() => kept);
  return kept || fresh;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === "POST" && url.pathname === "/logout") {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (event.request.method !== "GET") return;
  if (KEEP.some((re) => re.test(url.pathname))) {
    event.respondWith(networkFirst(event.request, new Request(url.origin + url.pathname)));
  } else if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(staleWhileRevalidate(event.request));
  }
});

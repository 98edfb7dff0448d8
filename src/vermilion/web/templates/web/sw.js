{% autoescape off %}// Vermilion's service worker (web/pwa.py renders it; served at /sw.js so its scope is the site).
// It keeps the app's shell (styles, scripts, icons and the offline page) so the app opens without a
// network, and shows the offline page for a page it cannot fetch. It never answers a write: an
// action tried offline fails in the page, which says so (api.js), and nothing is silently lost.
const VERSION = "{{ version }}";
const CACHE = `vermilion-shell-${VERSION}`;
const SHELL = {{ shell }};
const OFFLINE = {{ offline }};

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One by one: a file that fails (a CDN without CORS) must not keep the rest from being kept.
    await Promise.all(SHELL.map((url) => cache.add(new Request(url, { cache: "reload" })).catch(() => null)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("vermilion-shell-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromShell(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
}

async function page(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = await caches.match(OFFLINE);
    return offline || new Response("Offline / 网络已断开", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (SHELL.includes(url.pathname)) event.respondWith(fromShell(request));
});
{% endautoescape %}

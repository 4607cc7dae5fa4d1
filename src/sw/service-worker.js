/**
 * Atalaya's service worker, so that the app starts and works with the network
 * off after the first visit. The build (vite.config.ts, precacheServiceWorker)
 * replaces the two placeholders below with the list of built files and a hash
 * of them; the worker never contacts another origin.
 *
 * - Built files (hashed names) are served from the cache first.
 * - Pages are fetched from the network first, so a reload picks up a new
 *   version at once; offline, the cached page is served.
 * - A new version's cache is filled before it takes over; the previous
 *   version's cache is kept so that an open tab of it can still load its
 *   lazy files. Older ones are deleted. Saved workspaces live in IndexedDB and
 *   are untouched by updates.
 */
const PRECACHE = /* __PRECACHE_MANIFEST__ */ [];
const VERSION = '__VERSION__';
const PREFIX = 'atalaya-';
const CACHE = `${PREFIX}${Date.now().toString(36)}-${VERSION}`;
const INDEX = new URL('./', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const existing = await caches.keys();
      // A reinstall of the same version keeps its cache.
      if (existing.some((name) => name.endsWith(`-${VERSION}`))) return self.skipWaiting();
      const cache = await caches.open(CACHE);
      await cache.addAll([INDEX, ...PRECACHE.map((path) => new URL(path, self.registration.scope).href)]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX));
      const mine = names.filter((name) => name.endsWith(`-${VERSION}`));
      // The newest earlier version (names start with their creation time).
      const previous = names.filter((name) => !mine.includes(name)).sort().reverse().slice(0, 1);
      const keep = new Set([...mine, ...previous]);
      await Promise.all(names.filter((name) => !keep.has(name)).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? pageFirstFromNetwork(request) : fileFromCache(request));
});

async function pageFirstFromNetwork(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await currentCache();
      await cache.put(INDEX, response.clone());
    }
    return response;
  } catch {
    const cached = await caches.match(INDEX, { ignoreVary: true });
    return cached ?? new Response('Atalaya is offline and was never loaded in this browser.', { status: 503 });
  }
}

async function fileFromCache(request) {
  // ignoreVary: servers send "Vary: Origin", and module scripts carry an Origin
  // header that the precache requests did not; the bytes are the same.
  const cached = await caches.match(request, { ignoreVary: true });
  if (cached) return cached;
  return fetch(request);
}

async function currentCache() {
  const names = (await caches.keys()).filter((name) => name.endsWith(`-${VERSION}`));
  return caches.open(names[0] ?? CACHE);
}

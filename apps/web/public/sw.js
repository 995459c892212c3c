/*
 * The web app's service worker: keeps the app's shell (index.html and the built files) so the
 * intake screen opens without a connection. Answers of the API (/v1) are never cached: case data
 * must not sit in a browser's cache. Appeals entered offline wait in IndexedDB, encrypted.
 */
const SHELL = 'huquq-shell-v1';

async function cacheShell() {
  const cache = await caches.open(SHELL);
  const manifest = await (await fetch('/app/asset-manifest.json', { cache: 'no-store' })).json();
  const files = new Set();
  for (const chunk of Object.values(manifest)) {
    files.add(`/app/${chunk.file}`);
    for (const css of chunk.css ?? []) files.add(`/app/${css}`);
  }
  await cache.addAll(['/app/', ...files]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/app/'))
    return;
  if (request.mode === 'navigate') {
    // Network first, so a new build is seen at once; the kept shell when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          if (response.ok) caches.open(SHELL).then((cache) => cache.put('/app/', copy));
          return response;
        })
        .catch(() => caches.match('/app/')),
    );
    return;
  }
  if (url.pathname.startsWith('/app/assets/')) {
    // Hashed names never change: the kept copy is the right one.
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ??
          fetch(request).then((response) => {
            const copy = response.clone();
            if (response.ok) caches.open(SHELL).then((cache) => cache.put(request, copy));
            return response;
          }),
      ),
    );
  }
});

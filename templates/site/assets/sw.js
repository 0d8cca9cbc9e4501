// Offline reading: every page is kept as it is read, and opens again with no signal.
// Pages: network first (a reader gets fresh content when online), the kept copy when offline.
// Shared files have content-hashed names, so a kept copy is always right: cache first.
const VERSION = "__VERSION__";
const PAGES = "wikipk-pages";
const FILES = "wikipk-files-" + VERSION;
const PRECACHE = __PRECACHE__;
// Shared files not every reader needs (the Urdu font: only Urdu pages load it), kept as read and
// carried over to a new version's cache when their name did not change.
const CARRY = __CARRY__;
const SCOPE = new URL("./", self.location.href);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(FILES)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new URL(url, SCOPE).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => keys.filter((key) => key.startsWith("wikipk-files-") && key !== FILES))
      .then((old) => carry(old).then(() => Promise.all(old.map((key) => caches.delete(key)))))
      .then(() => self.clients.claim()),
  );
});

// A new build drops the old version's shared files, but a file of CARRY the reader has kept
// (the Urdu font, when an Urdu page was read) moves to the new cache: no download, and an
// Urdu page opened offline later still shows in Nastaliq.
async function carry(old) {
  const cache = await caches.open(FILES);
  for (const url of CARRY.map((name) => new URL(name, SCOPE).href)) {
    if (await cache.match(url)) continue;
    for (const key of old) {
      const kept = await (await caches.open(key)).match(url);
      if (kept) {
        await cache.put(url, kept);
        break;
      }
    }
  }
}

self.addEventListener("message", (event) => {
  // The page that registered the worker was fetched before it existed: keep it (`keep`), and
  // the files it loaded outside the worker (the browser's own cache has them: no extra
  // download), those it had then and those that finished later.
  const data = event.data || {};
  const inScope = (url) => typeof url === "string" && url.startsWith(SCOPE.href);
  const files = (Array.isArray(data.files) ? data.files : []).filter(inScope)
    .filter((url) => !url.includes("/pagefind/"));
  const keeping = files.map((url) => caches.open(url.includes("/assets/") ? FILES : PAGES)
    .then((cache) => cache.match(url).then((kept) => kept || cache.add(url))));
  if (inScope(data.keep)) {
    keeping.push(caches.open(PAGES).then((cache) => cache.add(pageKey(data.keep))));
  }
  event.waitUntil(Promise.all(keeping).catch(() => undefined));
});

// An image that was never seen online: a small box instead of a broken image.
const OFFLINE_IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="40">' +
  '<rect width="100%" height="100%" fill="#eee"/><text x="10" y="25" font-size="14">offline</text></svg>';

function pageKey(url) {
  const key = new URL(url);
  key.search = "";
  key.hash = "";
  return key.href;
}

async function page(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(pageKey(request.url), response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(pageKey(request.url));
    if (kept) return kept;
    throw error;
  }
}

async function file(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    if (request.destination === "image") {
      return new Response(OFFLINE_IMAGE, { headers: { "Content-Type": "image/svg+xml" } });
    }
    const successor = await successorOf(request.url);
    if (successor) return successor;
    throw error;
  }
  if (response.ok) {
    // Shared files change name with every change; images of pages (sealed ones of premium
    // pages too: their names are content hashes) stay with the pages.
    const shared = new URL(request.url).pathname.includes("/assets/");
    const cache = await caches.open(shared ? FILES : PAGES);
    cache.put(request, response.clone());
  }
  return response;
}

// A page kept before the site was updated names the shared files of its build
// (assets/site.8d516cdcaa.css), which the update dropped: offline, the kept file of the same
// name from the newer build (assets/site.3f09b1c2d4.css) serves it, not an unstyled page.
async function successorOf(url) {
  const name = sharedName(url);
  if (!name) return undefined;
  const cache = await caches.open(FILES);
  const key = (await cache.keys()).find((kept) => sharedName(kept.url) === name);
  return key ? cache.match(key) : undefined;
}

function sharedName(url) {
  const path = new URL(url).pathname;
  const match = /^(.*\/assets\/.+)\.[0-9a-f]{10}(\.[a-z0-9]+)$/.exec(path);
  return match ? match[1] + match[2] : null;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE.href)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (/\/(assets|files|sealed)\//.test(new URL(request.url).pathname)) {
    event.respondWith(file(request));
  }
});

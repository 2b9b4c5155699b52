// Service worker of the check-in pages (scope /obuke/): a trainer who reloads
// the check-in page while the venue's network is down still gets the page,
// and the scans queued in localStorage by checkin.js are sent when the
// connection returns. Only GET requests are cached; nothing is cached for
// other pages.
"use strict";
var CACHE = "checkin-v1";
var CHECKIN_PAGE = /^\/obuke\/\d+\/prijem\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (CHECKIN_PAGE.test(url.pathname) || url.pathname.indexOf("{{ static_prefix }}") === 0) {
    event.respondWith(networkFirst(request));
  }
});

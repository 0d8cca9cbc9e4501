// The site's only script on reading pages; every page reads fine without it.
// It keeps pages for offline reading (service worker) and loads a YouTube player on a tap.
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && location.protocol !== "file:") {
    var worker = new URL("../sw.js", script.src).href;
    navigator.serviceWorker.register(worker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var active = registration.active;
      if (!active) return;
      var names = function (entries) {
        return entries.map(function (entry) { return entry.name; });
      };
      // The page that registered the worker was fetched before it existed: keep it now.
      // And what it has loaded already (fonts, images): the browser's cache has them.
      active.postMessage({ keep: location.href, files: names(performance.getEntriesByType("resource")) });
      // What was still loading then (a font, an image) finishes outside the worker: hand it over
      // as it arrives, or it would be missing offline.
      if ("PerformanceObserver" in window) {
        new PerformanceObserver(function (list) {
          active.postMessage({ files: names(list.getEntries()) });
        }).observe({ type: "resource" });
      }
    }).catch(function () { /* no offline reading; the page itself is unaffected */ });
  }
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.lite-yt") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.className = "lite-yt-frame";
    frame.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(link.dataset.id) + "?autoplay=1";
    frame.title = link.textContent.trim();
    frame.allow = "autoplay; encrypted-media; picture-in-picture";
    frame.allowFullscreen = true;
    link.replaceWith(frame);
    frame.focus();
  });
})();

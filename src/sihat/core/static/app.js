// sihat's page script: installs the service worker (the app works offline for the last
// certificate and status seen), marks the page when offline, and clears the offline copies
// when a person logs out (a shared phone must not keep someone else's certificate).
(function () {
  "use strict";
  function offline() { document.documentElement.classList.toggle("offline", !navigator.onLine); }
  window.addEventListener("online", offline);
  window.addEventListener("offline", offline);
  offline();
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-clears-offline") && window.caches) {
      caches.keys().then(function (names) {
        names.forEach(function (name) { if (name.indexOf("sihat-") === 0) { caches.delete(name); } });
      });
    }
  }, true);
})();

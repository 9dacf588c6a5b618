// The hotspot map (/hotspots): H3 cells of the zones API drawn with the vendored Leaflet on a
// plain ground (tiles only when SIHAT_MAP_TILES_URL is set), and "Use my location" for the
// Hotspot Tracker's form. No inline script: the CSP allows scripts from 'self' only.
(function () {
  "use strict";
  var COLOURS = { red: "#b3261e", orange: "#b34d00", yellow: "#f9c80e", green: "#17703a" };
  var MALAYSIA = [[0.85, 99.6], [7.4, 119.3]];

  function drawMap(el) {
    if (!window.L) return;
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: !!el.dataset.attribution });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
    } else {
      el.classList.add("plain");
    }
    map.fitBounds(MALAYSIA);
    var here = null;
    if (el.dataset.here) {
      var at = el.dataset.here.split(",").map(Number);
      here = L.circle(at, {
        radius: Number(el.dataset.radius), color: "#1556a8", weight: 2, fillOpacity: 0.08
      }).addTo(map);
      here.bindTooltip(el.dataset.hereLabel);
      map.fitBounds(here.getBounds().pad(2));
    }
    fetch(el.dataset.zones, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (zones) {
        if (!zones || !zones.cells.features.length) { el.dataset.drawn = "0"; return; }
        var labels = zones.cells.features.length <= 30;
        var layer = L.geoJSON(zones.cells, {
          style: function (f) {
            var c = COLOURS[f.properties.colour] || "#5a6068";
            return { color: c, weight: 1, fillColor: c, fillOpacity: 0.55 };
          },
          onEachFeature: function (f, shape) {
            var n = f.properties.cases === null ? el.dataset.fewer : String(f.properties.cases);
            shape.bindTooltip(labels ? n : el.dataset.cases + ": " + n, labels ? {
              permanent: true, direction: "center", className: "cell-label"
            } : {});
          }
        }).addTo(map);
        if (!here) map.fitBounds(layer.getBounds(), { maxZoom: 12, padding: [20, 20] });
        el.dataset.drawn = String(zones.cells.features.length);
      });
  }

  function locateButton(button) {
    if (!("geolocation" in navigator)) return;
    var status = document.getElementById("locate-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          document.getElementById("lat").value = pos.coords.latitude.toFixed(5);
          document.getElementById("lng").value = pos.coords.longitude.toFixed(5);
          status.textContent = "";
          document.getElementById("tracker-form").submit();
        },
        function () { status.textContent = button.dataset.failed; },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("map");
    if (el) drawMap(el);
    var button = document.getElementById("locate");
    if (button) locateButton(button);
  });
})();

// The resource directory's map: pins from the page's JSON (#resource-pins) drawn with the
// vendored Leaflet; tiles only when the server names a tile URL. The list under the map is
// the same content, so nothing is lost without JavaScript or without tiles.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("resource-map");
    var data = document.getElementById("resource-pins");
    if (!box || !data || typeof L === "undefined") { return; }
    var pins = JSON.parse(data.textContent || "[]");
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false });
    var tiles = box.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: box.getAttribute("data-attribution") || "" }).addTo(map);
    }
    var bounds = [];
    pins.forEach(function (pin) {
      var marker = L.marker([pin.lat, pin.lng], { title: pin.name, alt: pin.name }).addTo(map);
      var link = document.createElement("a");
      link.href = pin.url;
      link.textContent = pin.name;
      var popup = document.createElement("div");
      popup.appendChild(link);
      var address = document.createElement("div");
      address.textContent = pin.address;
      popup.appendChild(address);
      marker.bindPopup(popup);
      bounds.push([pin.lat, pin.lng]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([35.68, 139.4], 9);  // 東京都の多摩地域
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The resource directory's map: pins from the page's JSON (#resource-pins) drawn with the
// vendored Leaflet; tiles only when the server names a tile URL. The list under the map is
// the same content, so nothing is lost without JavaScript or without tiles.
// Pins closer than MIN_GAP pixels at the current zoom become one marker listing them all, so
// that no two touch targets overlap (WCAG 2.2 target size; places of one building share a pin).
(function () {
  "use strict";
  var MIN_GAP = 34;

  function popupFor(group) {
    var box = document.createElement("div");
    var list = document.createElement("ul");
    list.className = "resource-map__list";
    group.forEach(function (pin) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = pin.url;
      link.textContent = pin.name;
      item.appendChild(link);
      var address = document.createElement("div");
      address.textContent = pin.address;
      item.appendChild(address);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function groups(map, pins) {
    var placed = [];
    pins.forEach(function (pin) {
      var point = map.latLngToLayerPoint([pin.lat, pin.lng]);
      for (var i = 0; i < placed.length; i++) {
        if (placed[i].point.distanceTo(point) < MIN_GAP) {
          placed[i].pins.push(pin);
          return;
        }
      }
      placed.push({ point: point, pins: [pin] });
    });
    return placed;
  }

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
    var layer = L.layerGroup().addTo(map);
    function draw() {
      layer.clearLayers();
      groups(map, pins).forEach(function (g) {
        var first = g.pins[0];
        var title = g.pins.map(function (p) { return p.name; }).join("、");
        var marker = L.marker([first.lat, first.lng], { title: title, alt: title });
        marker.bindPopup(popupFor(g.pins));
        layer.addLayer(marker);
      });
    }
    var bounds = pins.map(function (pin) { return [pin.lat, pin.lng]; });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([35.68, 139.4], 9);  // 東京都の多摩地域
    }
    map.on("zoomend", draw);
    draw();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

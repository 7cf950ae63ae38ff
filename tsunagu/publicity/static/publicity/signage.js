// The signage screen moves to its next slide (fresh content from the server) every few
// seconds. Without JavaScript, a <noscript> meta refresh does the same.
(function () {
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-seconds"), 10) || 15;
  var next = body.getAttribute("data-next") || "?slide=0";
  window.setTimeout(function () { window.location.replace(next); }, seconds * 1000);
})();

// The booking form's proof of work (tsunagu/booking/guard.py): find a number whose SHA-256
// with the challenge starts with `bits` zero bits, put it in the form, then let it submit.
// Without this script (or without crypto.subtle) the server falls back to a short wait.
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) return;
  var challenge = form.getAttribute("data-challenge");
  var bits = parseInt(form.getAttribute("data-bits"), 10) || 0;
  var field = form.querySelector("input[name=solution]");
  var status = document.getElementById("pow-status");
  var encoder = new TextEncoder();
  var solved = false;
  var waiting = false;

  function zeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count += 1; b <<= 1; }
      return count;
    }
    return count;
  }

  function search(n) {
    var batch = [];
    for (var i = 0; i < 64; i++) {
      batch.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + (n + i))));
    }
    return Promise.all(batch).then(function (digests) {
      for (var i = 0; i < digests.length; i++) {
        if (zeroBits(new Uint8Array(digests[i])) >= bits) return n + i;
      }
      return search(n + 64);
    });
  }

  search(0).then(function (n) {
    field.value = String(n);
    solved = true;
    if (status) status.textContent = status.getAttribute("data-done") || "";
    if (waiting) form.requestSubmit ? form.requestSubmit() : form.submit();
  });

  form.addEventListener("submit", function (event) {
    if (solved) return;
    event.preventDefault();
    waiting = true;
  });
})();

/* components/exit_this_page.html: leave at once, without leaving this page in the history. */
(function () {
  "use strict";
  var link = document.querySelector("[data-exit-this-page]");
  if (!link) return;
  function leave() {
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });
  var presses = 0;
  var timer = null;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 1000);
    if (presses >= 3) leave();
  });
})();

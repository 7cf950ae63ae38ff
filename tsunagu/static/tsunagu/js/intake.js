// Intake screen: show a conditional question only while its display condition holds, so the
// worker on the phone sees only what to ask next. The server applies the same rule when the
// intake is completed (answers to hidden questions are not kept), so this is convenience only:
// without JavaScript every question stays visible with its condition written beside it.
(function () {
  "use strict";

  function answers(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      var choice = el.type === "radio" || el.type === "checkbox";
      if (choice ? el.checked : el.value.trim() !== "") values.push(el.value);
    });
    return values;
  }

  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (box) {
      var given = answers(form, box.dataset.showIf);
      var wanted = (box.dataset.showIfValues || "").split(" ").filter(Boolean);
      var show = wanted.length
        ? given.some(function (v) { return wanted.indexOf(v) !== -1; })
        : given.length > 0;
      box.hidden = !show && !box.classList.contains("field--error");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("intake-form");
    if (!form) return;
    update(form);
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("input", function () { update(form); });
  });
})();

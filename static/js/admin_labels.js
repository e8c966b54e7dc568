// Names for the admin's widgets that come without one: the body editor, the autocomplete search
// box, the date and time halves of a date-time field, and the fields of tabular inline rows.
// Each takes its name from the label (or column heading) a sighted editor reads beside it.
(function () {
  "use strict";
  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[:*]\s*$/, "").trim() : "";
  }
  function labelOf(id) {
    return id ? text(document.querySelector('label[for="' + id + '"]')) : "";
  }
  function name(element, value) {
    if (value && !element.hasAttribute("aria-label") && !element.hasAttribute("aria-labelledby")) {
      element.setAttribute("aria-label", value);
    }
  }
  function fix() {
    document.querySelectorAll('[contenteditable="true"]').forEach(function (editor) {
      var wrapper = editor.closest(".form-row, .fieldBox, td");
      var textarea = wrapper && wrapper.querySelector("textarea");
      name(editor, labelOf(textarea && textarea.id) || text(wrapper && wrapper.querySelector("label")));
    });
    document.querySelectorAll(".select2-search__field").forEach(function (input) {
      var container = input.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.tagName === "SELECT" ? labelOf(select.id) : "";
      name(input, label ? label + " — search" : "Search");
    });
    document.querySelectorAll("input.vDateField, input.vTimeField").forEach(function (input) {
      if (labelOf(input.id)) return;
      var field = labelOf(input.id.replace(/_[01]$/, "")) || labelOf(input.id.replace(/_[01]$/, "_0"));
      var part = input.classList.contains("vDateField") ? "date" : "time";
      name(input, (field ? field + " — " : "") + part);
    });
    document.querySelectorAll(".tabular tr.form-row").forEach(function (row) {
      var headings = row.closest("table").querySelectorAll("thead th");
      Array.prototype.forEach.call(row.children, function (cell, index) {
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (input) {
          if (!labelOf(input.id)) name(input, text(headings[index]));
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
})();

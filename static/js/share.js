// "Copy link" under a story: shown only where the browser can copy; without JS the other links do.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(function () {
        button.textContent = button.getAttribute("data-copied");
      });
    });
  });
})();

// A picture in a story opens large in a viewer (Escape, the close button or a click outside closes it).
// Without JavaScript the same link simply shows the largest rendition.
(function () {
  "use strict";
  var dialog = null;
  var closeLabel = (document.currentScript && document.currentScript.getAttribute("data-close-label")) || "Close";
  function viewer() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.innerHTML = '<button type="button" class="lightbox__close"></button><img class="lightbox__image" alt="">';
    dialog.querySelector(".lightbox__close").textContent = closeLabel;
    dialog.querySelector(".lightbox__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    document.body.appendChild(dialog);
    return dialog;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.figure__zoom");
    if (!link || !window.HTMLDialogElement) return;
    event.preventDefault();
    var box = viewer();
    var image = box.querySelector(".lightbox__image");
    image.src = link.getAttribute("href");
    var picture = link.querySelector("img");
    image.alt = picture ? picture.alt : "";
    box.showModal();
  });
})();

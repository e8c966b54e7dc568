// A picture in a story opens large in a viewer, with its caption and credit (Escape, the close
// button or a click outside the picture closes it). Without JavaScript the same link simply shows
// the largest rendition.
(function () {
  "use strict";
  var dialog = null;
  var closeLabel = (document.currentScript && document.currentScript.getAttribute("data-close-label")) || "Close";
  function viewer() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.innerHTML = '<button type="button" class="lightbox__close"></button>' +
      '<figure class="lightbox__figure"><img class="lightbox__image" alt=""><figcaption class="lightbox__caption"></figcaption></figure>';
    dialog.querySelector(".lightbox__close").textContent = closeLabel;
    dialog.querySelector(".lightbox__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.classList.contains("lightbox__figure")) dialog.close();
    });
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
    // The caption and credit the page shows under the picture (a gallery's item, or its figure).
    var caption = box.querySelector(".lightbox__caption");
    caption.textContent = "";
    var holder = link.closest("li") || link.closest("figure");
    var shown = holder && holder.querySelector("figcaption");
    if (shown) {
      Array.prototype.forEach.call(shown.childNodes, function (node) { caption.appendChild(node.cloneNode(true)); });
    }
    caption.hidden = !caption.textContent.trim();
    box.showModal();
  });
})();

// The story form laid out for writing: the headline and the body in the main column; what is
// marked "side" (publishing, section and tags, the lead picture, the bylines) in a panel beside
// it on a wide screen. Everything stays in the one form; without JavaScript it is one column.
// Also: the lead picture's preview follows the picture chosen, and the length follows the text.
(function () {
  "use strict";
  function layOut() {
    var form = document.getElementById("article_form");
    var firstSet = form && form.querySelector("fieldset.module");
    var holder = firstSet && firstSet.parentNode;
    if (!holder || holder.querySelector(".story-form")) return;
    if (!holder.querySelector(".side")) return;
    var layout = document.createElement("div");
    layout.className = "story-form";
    var main = document.createElement("div");
    main.className = "story-form__main";
    var side = document.createElement("aside");
    side.className = "story-form__side";
    side.setAttribute("aria-label", holder.getAttribute("data-side-label") || "Publishing and story details");
    var first = holder.querySelector(":scope > fieldset");
    holder.insertBefore(layout, first);
    layout.appendChild(main);
    layout.appendChild(side);
    Array.prototype.forEach.call(holder.querySelectorAll(":scope > fieldset, :scope > .inline-group"), function (part) {
      // An inline's classes go on the fieldset inside its group.
      var isSide = part.classList.contains("side") || Boolean(part.querySelector("fieldset.side"));
      (isSide ? side : main).appendChild(part);
    });
  }
  function followLeadImage() {
    var select = document.getElementById("id_lead_image");
    var preview = document.querySelector(".field-lead_image_preview .readonly");
    if (!select || !preview || !window.fetch) return;
    var source = "/admin/articles/image/body-pictures/"; // as static/js/body_editor.js asks it
    function show() {
      var id = select.value;
      if (!id) { preview.textContent = preview.getAttribute("data-none") || "No lead image chosen."; return; }
      fetch(source + "?ids=" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          var picture = data && data.pictures && data.pictures[id];
          if (!picture) return;
          var image = document.createElement("img");
          image.src = picture.thumbnail;
          image.alt = picture.alt || "";
          image.width = 320;
          preview.textContent = "";
          preview.appendChild(image);
        })
        .catch(function () {});
    }
    select.addEventListener("change", show);
    if (window.django && window.django.jQuery) window.django.jQuery(select).on("change", show);
  }
  function followLength() {
    var words = document.querySelector(".field-figures [data-words]");
    if (!words) return;
    var template = words.getAttribute("data-words");
    function count() {
      var editor = document.querySelector('.field-body .ProseMirror[contenteditable="true"]');
      var text = editor ? editor.innerText : ((document.getElementById("id_body") || {}).value || "").replace(/<[^>]*>/g, " ");
      var number = (text.match(/\S+/g) || []).length;
      words.textContent = template.replace("%s", number);
    }
    var body = document.querySelector(".field-body");
    if (!body) return;
    // What the writer types (the editor's own changes as it loads are not the writer's).
    body.addEventListener("input", count);
    body.addEventListener("keyup", count);
  }
  function start() { layOut(); followLeadImage(); followLength(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

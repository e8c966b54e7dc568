// Embedded posts and videos load only when the reader asks (articles/body_render.py renders each
// as an archival card that asks the provider for nothing). "Always load X" is remembered in this
// browser only (localStorage), per provider, and taken back on the privacy page.
(function () {
  "use strict";
  var KEY = "newsroom.embeds.always";

  // Stored as [[provider, its label], …].
  function stored() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (error) { return []; }
  }
  function remembered() {
    return stored().map(function (entry) { return entry[0]; });
  }
  function store(entries) {
    try { window.localStorage.setItem(KEY, JSON.stringify(entries)); } catch (error) { /* private mode: not kept */ }
  }

  function load(embed) {
    var card = embed.querySelector(".embed__card");
    if (!card) return;
    var frame = document.createElement("iframe");
    frame.src = embed.getAttribute("data-embed-player");
    frame.title = embed.getAttribute("data-embed-label") || "";
    frame.className = "embed__player";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
    frame.setAttribute("allow", "encrypted-media; picture-in-picture; fullscreen");
    card.replaceWith(frame);
    var consent = embed.querySelector(".embed__consent");
    if (consent) consent.hidden = true;
  }

  var always = remembered();
  document.querySelectorAll("figure.embed[data-embed-player]").forEach(function (embed) {
    var provider = embed.getAttribute("data-embed-provider");
    var consent = embed.querySelector(".embed__consent");
    if (always.indexOf(provider) !== -1) { load(embed); return; }
    if (!consent) return;
    consent.hidden = false;
    consent.querySelector(".embed__load").addEventListener("click", function () {
      if (consent.querySelector(".embed__always").checked) {
        var entries = stored();
        if (remembered().indexOf(provider) === -1) entries.push([provider, embed.getAttribute("data-embed-label")]);
        store(entries);
        document.querySelectorAll('figure.embed[data-embed-provider="' + provider + '"]').forEach(load);
      } else {
        load(embed);
      }
    });
  });

  // The privacy page: what this browser loads without asking, and a way to take it back.
  var settings = document.getElementById("embed-consents");
  if (!settings) return;
  function show() {
    var entries = stored();
    var items = settings.querySelector("ul");
    items.textContent = "";
    settings.querySelector(".embed-consents__none").hidden = entries.length > 0;
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "embed-consents__forget";
      button.textContent = settings.getAttribute("data-forget-label").replace("%s", entry[1] || entry[0]);
      button.addEventListener("click", function () {
        store(stored().filter(function (other) { return other[0] !== entry[0]; }));
        show();
      });
      item.appendChild(button);
      items.appendChild(item);
    });
  }
  settings.hidden = false;
  show();
})();

// Votes without a page reload. Without JS the same forms post and come back to the story.
(function () {
  "use strict";
  function update(data) {
    Object.keys(data.texts || {}).forEach(function (name) {
      document.querySelectorAll('[data-text="' + name + '"]').forEach(function (element) {
        element.textContent = data.texts[name];
      });
    });
    data.reactions.forEach(function (reaction) {
      var button = document.querySelector('.reaction[data-kind="' + reaction.kind + '"]');
      if (!button) return;
      button.setAttribute("aria-pressed", reaction.chosen ? "true" : "false");
      button.querySelector("[data-count]").textContent = reaction.count;
      button.querySelector("[data-percent]").textContent = reaction.percent + "\u00a0%";
    });
    document.querySelectorAll(".stars .star").forEach(function (star) {
      var value = Number(star.value);
      star.classList.toggle("star--on", Boolean(data.rating.own) && value <= data.rating.own);
      star.setAttribute("aria-pressed", value === data.rating.own ? "true" : "false");
    });
    data.rating.distribution.forEach(function (row) {
      var line = document.querySelector('.rating__distribution tr[data-stars="' + row.stars + '"]');
      if (!line) return;
      line.querySelector(".bar").style.width = row.percent + "%";
      line.querySelector("[data-percent]").textContent = row.percent + "\u00a0%";
    });
  }
  // A cached page shows nobody's own vote; a browser that has voted here asks for its own.
  var block = document.querySelector("[data-mine-url]");
  if (block && window.fetch && document.cookie.split("; ").indexOf("voted=1") !== -1) {
    fetch(block.getAttribute("data-mine-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) update(data); })
      .catch(function () {});
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-json-form") || !window.fetch) return;
    event.preventDefault();
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) body.append(event.submitter.name, event.submitter.value);
    fetch(form.action, { method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) { window.alert(result.data.error || "Your vote was not counted."); return; }
        update(result.data);
      })
      .catch(function () { form.submit(); });
  });
})();

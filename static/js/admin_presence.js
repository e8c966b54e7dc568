// Tells the newsroom who else has this story open: checks in every 30 seconds and shows the others.
(function () {
  "use strict";
  var box = document.querySelector("[data-presence-url]");
  if (!box || !window.fetch) return;
  var banner = box.querySelector("[data-presence]");
  var names = box.querySelector("[data-presence-names]");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  function ping() {
    fetch(box.getAttribute("data-presence-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : { others: [] }; })
      .then(function (data) {
        names.textContent = data.others.join(", ");
        banner.hidden = data.others.length === 0;
      })
      .catch(function () {});
  }
  window.setInterval(ping, 30000);
})();

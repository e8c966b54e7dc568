// Forms on pages shared by every reader (and kept by a CDN) hold an empty CSRF token field: this
// fetches the reader's own token from /csrf/ (which also sets the cookie it goes with) and fills
// every such field. A form sent before the token has arrived waits for it. Without scripts the
// server answers with the reader's text and a button to send it again (core/pagecache/formtoken.py).
(function () {
  "use strict";
  var selector = 'input[name="csrfmiddlewaretoken"]';
  var script = document.currentScript;
  var tokenUrl = (script && script.getAttribute("data-token-url")) || "/csrf/";
  var pending = null;

  function empty() {
    return Array.prototype.filter.call(document.querySelectorAll(selector), function (field) { return !field.value; });
  }

  function fill() {
    if (!pending) {
      pending = fetch(tokenUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (data) {
          empty().forEach(function (field) { field.value = data.token; });
          return data.token;
        })
        .catch(function () { pending = null; });
    }
    return pending;
  }

  if (!window.fetch || !window.Promise) return;
  if (empty().length) fill();

  // Capture: before the page's own submit handlers (comments.js, engagement.js) read the form.
  document.addEventListener("submit", function (event) {
    var field = event.target.querySelector(selector);
    if (!field || field.value) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    var form = event.target, submitter = event.submitter;
    fill().then(function (token) {
      if (!token) { form.submit(); return; }  // the server's page will take it from here
      if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
    });
  }, true);
})();

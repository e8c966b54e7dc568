// Everything in one scope: nothing of this file's is left on `window`.
(function () {
// A page stored for every reader shows nobody's comments awaiting moderation. When this
// browser has some (its "held" cookie says so), the block as the reader sees it (their own
// comments in place, their form) is fetched and put in place of the stored one, before the
// form is wired up below. A page opened with ?held is already this reader's own.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  var held = document.cookie.split("; ").indexOf("held=1") !== -1;
  if (!section || !held || !window.fetch || /[?&]held=/.test(window.location.search)) {
    start();
    return;
  }
  fetch(section.getAttribute("data-mine-url") + window.location.search, { credentials: "same-origin" })
    .then(function (response) { return response.status === 200 ? response.text() : null; })
    .then(function (html) {
      if (!html) return;
      var holder = document.createElement("template");
      holder.innerHTML = html;
      var own = holder.content.getElementById("comments");
      if (own) section.replaceWith(own);
    })
    .catch(function () {})
    .then(start);

  function start() {
    showPosted();
    moveReplyForm();
    postInPlace();
  }
})();

// After posting with JavaScript the page opens at the new comment, highlighted (CSS :target),
// with "Your comment is posted." under it for screen readers and eyes alike.
function showPosted() {
  "use strict";
  var posted = null;
  try {
    posted = window.sessionStorage.getItem("comment-posted");
    window.sessionStorage.removeItem("comment-posted");
  } catch (error) {}
  if (!posted) return;
  var parts = posted.split("|");
  var comment = document.getElementById(parts[0]);
  if (!comment || !/^comment-\d+$/.test(parts[0])) return;
  var note = document.createElement("p");
  note.className = "comment__posted";
  note.setAttribute("role", "status");
  note.textContent = parts.slice(1).join("|");
  var text = comment.querySelector(".comment__text");
  (text ? text.parentNode : comment).insertBefore(note, text ? text.nextSibling : null);
  comment.classList.add("comment--just-posted");
  comment.setAttribute("tabindex", "-1");
  comment.scrollIntoView({ block: "center" });
  comment.focus({ preventScroll: true });
}

// Moves the reply form under the comment being answered. Without JS the Reply link
// reloads the page with ?replyto=<id>#respond, which does the same on the server.
function moveReplyForm() {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var home = respond.parentNode;
  var marker = document.createComment("respond");
  home.insertBefore(marker, respond);
  var parentInput = respond.querySelector('input[name="parent"]');
  var title = document.getElementById("reply-title");
  var originalTitle = title ? title.innerHTML : "";

  function cancel(event) {
    if (event) event.preventDefault();
    marker.parentNode.insertBefore(respond, marker);
    if (parentInput) parentInput.value = "";
    if (title) title.textContent = title.getAttribute("data-leave") || "Leave a reply";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-reply-to]");
    if (!link) return;
    event.preventDefault();
    var comment = link.closest("article");
    comment.appendChild(respond);
    if (parentInput) parentInput.value = link.getAttribute("data-reply-to");
    if (title) {
      title.setAttribute("data-leave", title.getAttribute("data-leave") || title.textContent);
      var name = comment.querySelector(".comment__author");
      title.textContent = (link.getAttribute("aria-label") || "Reply") + " ";
      var cancelLink = document.createElement("a");
      cancelLink.href = "#respond";
      cancelLink.className = "comment-respond__cancel";
      cancelLink.textContent = respond.getAttribute("data-cancel") || "Cancel reply";
      cancelLink.addEventListener("click", cancel);
      title.appendChild(cancelLink);
    }
    var textarea = respond.querySelector("textarea");
    if (textarea) textarea.focus();
  });
  if (originalTitle && !parentInput.value) title.setAttribute("data-leave", title.textContent);
}

// Posts the comment without leaving the page. A refusal (an empty field, posting too fast, a
// double post) is shown in the form, announced, and the focus goes to what needs fixing; the text
// stays. Without JS, or when fetch is missing, the form posts and the server brings the reader
// back to the form with the same messages.
function postInPlace() {
  "use strict";
  var form = document.querySelector("form[data-comment-form]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.querySelector("[data-comment-status]");
  var sending = false;

  // A cached page carries nobody's details; a browser that saved them asks for its own.
  if (document.cookie.split("; ").indexOf("commenter=1") !== -1) {
    fetch(form.getAttribute("data-mine-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (details) {
        ["name", "email", "url"].forEach(function (name) {
          var input = form.elements[name];
          if (input && !input.value && details[name]) input.value = details[name];
        });
        if (details.name && form.elements.save_details) form.elements.save_details.checked = true;
      })
      .catch(function () {});
  }

  function paragraph(text) {
    var p = document.createElement("p");
    p.className = "form-error";
    p.textContent = text;
    return p;
  }

  function clearErrors() {
    status.textContent = "";
    form.querySelectorAll(".field-error[data-from-script]").forEach(function (span) { span.remove(); });
    form.querySelectorAll(".has-error").forEach(function (row) {
      row.classList.remove("has-error");
      var old = row.querySelector(".field-error");
      if (old) old.remove();
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== input.id + "_error";
      });
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  }

  function showErrors(data) {
    clearErrors();
    var first = null;
    var errors = data.errors || {};
    Object.keys(errors).forEach(function (name) {
      var input = form.elements[name];
      if (name === "__all__" || !input || !input.id) {
        errors[name].forEach(function (message) { status.appendChild(paragraph(message)); });
        return;
      }
      var span = document.createElement("span");
      span.className = "field-error";
      span.id = input.id + "_error";
      span.setAttribute("data-from-script", "");
      span.textContent = errors[name].join(" ");
      input.parentNode.insertBefore(span, input);
      input.parentNode.classList.add("has-error");
      input.setAttribute("aria-invalid", "true");
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      described.unshift(span.id);
      input.setAttribute("aria-describedby", described.join(" "));
      first = first || input;
    });
    if (data.error) status.insertBefore(paragraph(data.error), status.firstChild);
    // The reason at the top of the screen, and the focus on what to fix (scrolled to if the two
    // do not fit on one screen).
    status.scrollIntoView({ block: "start" });
    var target = first || form.elements.body;
    target.focus({ preventScroll: target.getBoundingClientRect().bottom <= window.innerHeight });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) return;
    sending = true;
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (result.ok && result.data.location) {
          // Go to the comment; when only the #fragment differs, the browser would not reload
          // and the new comment would not appear, so reload at the new fragment.
          var target = new URL(result.data.location, window.location.href);
          // The page that opens says so at the comment (showPosted), not where the reader was.
          try { window.sessionStorage.setItem("comment-posted", target.hash.slice(1) + "|" + form.getAttribute("data-posted")); } catch (error) {}
          if (target.pathname === window.location.pathname && target.search === window.location.search) {
            if ("scrollRestoration" in window.history) window.history.scrollRestoration = "manual";
            window.location.hash = target.hash;
            window.location.reload();
          } else {
            window.location.assign(target.href);
          }
          return;
        }
        showErrors(result.data);
      })
      .catch(function () {
        showErrors({ error: form.getAttribute("data-unreachable") });
      })
      .then(function () {
        sending = false;
        if (button) button.disabled = false;
      });
  });
}
})();

// Moves the reply form under the comment being answered. Without JS the Reply link
// reloads the page with ?replyto=<id>#respond, which does the same on the server.
(function () {
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
})();

// A live story asks every 15 seconds whether there is anything newer (a small JSON answer kept in
// the shared cache). New updates are announced, not pushed in: "3 new updates" waits for the
// reader's click, and inserting them keeps the text the reader is looking at where it is.
(function () {
  "use strict";
  var live = document.querySelector("section.live[data-live-newer]");
  if (!live) return;
  // An update's anchor (#update-123) opened on a page that no longer holds it (it moved to an
  // older page as updates came in): its own address finds the page it is on now.
  var wanted = /^#update-(\d+)$/.exec(window.location.hash);
  if (wanted && !document.getElementById("update-" + wanted[1])) {
    window.location.replace("/live/update/" + wanted[1] + "/");
    return;
  }
  if (live.hasAttribute("data-live-ended") || !window.fetch) return;
  var script = document.currentScript;
  var one = script.getAttribute("data-one"), many = script.getAttribute("data-many");
  var newest = live.getAttribute("data-live-newest") || "0";
  var newestFirst = live.getAttribute("data-live-order") === "newest";
  var list = live.querySelector(".live__updates");
  var banner = live.querySelector(".live__new");
  var button = live.querySelector(".live__show-new");
  var waiting = null; // the answer the reader has not inserted yet
  var INTERVAL = 15000;

  function firstVisible() {
    var updates = list.querySelectorAll(".live-update");
    for (var i = 0; i < updates.length; i++) {
      if (updates[i].getBoundingClientRect().bottom > 0) return updates[i];
    }
    return null;
  }

  function insert() {
    if (!waiting) return;
    banner.hidden = true;
    var anchor = firstVisible();
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    var holder = document.createElement("div");
    holder.innerHTML = waiting.html;
    var fresh = Array.prototype.slice.call(holder.children);
    if (newestFirst) {
      for (var i = fresh.length - 1; i >= 0; i--) list.insertBefore(fresh[i], list.firstChild);
    } else {
      fresh.reverse().forEach(function (node) { list.appendChild(node); });
    }
    if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before); // nothing moves under the reader
    newest = String(waiting.newest);
    waiting = null;
    if (fresh[0] && !anchor) fresh[0].focus && fresh[0].setAttribute("tabindex", "-1");
  }

  function ask() {
    var url = live.getAttribute("data-live-newer") + "?after=" + encodeURIComponent(newest);
    fetch(url, { credentials: "omit" }).then(function (answer) {
      return answer.ok ? answer.json() : null;
    }).then(function (data) {
      if (data && data.count > 0 && String(data.newest) !== newest) {
        waiting = data;
        button.textContent = data.count === 1 ? one : many.replace("%s", data.count);
        banner.hidden = false;
      }
      if (!(data && data.ended)) window.setTimeout(ask, INTERVAL);
    }).catch(function () { window.setTimeout(ask, INTERVAL * 2); });
  }

  if (button) button.addEventListener("click", insert);
  window.setTimeout(ask, INTERVAL);
  window.newsroomLiveAskNow = ask; // for the browser tests, which do not wait 15 seconds
})();

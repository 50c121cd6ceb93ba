// The dashboard's one script: it adds the events the server sends
// (server-sent events from /events) to the list, newest first. Without it
// the page is complete as served.
"use strict";
(function () {
  const list = document.getElementById("events");
  const live = document.getElementById("live");
  if (!list || !window.EventSource) {
    return;
  }
  const source = new EventSource("/events");
  source.addEventListener("audit", function (m) {
    const ev = JSON.parse(m.data);
    if (document.getElementById("ev-" + ev.id)) {
      return; // already listed
    }
    const li = document.createElement("li");
    li.id = "ev-" + ev.id;
    const time = document.createElement("time");
    time.dateTime = ev.time;
    time.textContent = ev.when;
    li.append(time, " " + ev.type + " · " + ev.name);
    list.prepend(li);
    while (list.children.length > 20) {
      list.lastElementChild.remove();
    }
  });
  source.addEventListener("open", function () {
    live.textContent = "Live: new events appear here as they happen.";
  });
  source.addEventListener("error", function () {
    live.textContent = "Live updates interrupted; reconnecting.";
  });
})();

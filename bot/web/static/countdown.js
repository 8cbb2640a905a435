// ostbot's pages: every <time data-local> shown in the reader's own zone, every
// [data-countdown] counting down to its instant. Without this script the page shows KST.
"use strict";

(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var format = new Intl.DateTimeFormat("en-US", {
    year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
  });

  function localText(instant) {
    var parts = {};
    format.formatToParts(instant).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" +
      parts.minute + " " + parts.timeZoneName;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function remaining(ms) {
    if (ms <= 0) { return "out now"; }
    var seconds = Math.floor(ms / 1000);
    var days = Math.floor(seconds / 86400);
    var rest = two(Math.floor(seconds / 3600) % 24) + ":" + two(Math.floor(seconds / 60) % 60) +
      ":" + two(seconds % 60);
    return "in " + (days ? days + "d " : "") + rest;
  }

  function tick(counters) {
    var now = Date.now();
    counters.forEach(function (element) {
      element.textContent = remaining(Date.parse(element.dataset.countdown) - now);
    });
  }

  function start() {
    document.querySelectorAll("time[data-local]").forEach(function (element) {
      var instant = new Date(element.getAttribute("datetime"));
      if (!isNaN(instant)) {
        element.title = element.textContent;  // the KST text stays one hover away
        element.textContent = localText(instant);
      }
    });
    var note = document.getElementById("zone-note");
    if (note) { note.textContent = "Times are in your time zone, " + zone + "."; }
    var counters = Array.prototype.slice.call(document.querySelectorAll("[data-countdown]"));
    if (counters.length) {
      tick(counters);
      setInterval(function () { tick(counters); }, 1000);
    }
  }

  start();
}());

/* journeymap report: the segment switcher. Its buttons put one segment's numbers into the map
   grid's measured rows (texts precomputed in #jm-segment-data); "All persons" restores the
   grid's own numbers. Without this script the per-segment tables below the grid show them. */
(function () {
  "use strict";

  var source = document.getElementById("jm-segment-data");
  var root = source && source.closest(".jm-report");
  if (!root) {
    return;
  }
  var texts = JSON.parse(source.textContent);
  var rows = ["reach", "conversion", "drop-off", "median-time"];
  var cells = [];
  rows.forEach(function (row) {
    root.querySelectorAll('tr[data-row="' + row + '"] td[data-stage]').forEach(function (td) {
      cells.push({ row: row, td: td, stage: td.getAttribute("data-stage"), text: td.textContent });
    });
  });

  function show(by, value) {
    var chosen = by === null ? null : texts[by][value];
    cells.forEach(function (cell) {
      var shown = chosen ? chosen[cell.stage] : null;
      var differs = Boolean(shown && cell.row === "conversion" && shown.differs);
      if (chosen) {
        cell.td.textContent = shown ? shown[cell.row] : "\u2013";
      } else {
        cell.td.textContent = cell.text;
      }
      cell.td.classList.toggle("jm-differs", differs);
      if (differs && shown.q) {
        cell.td.setAttribute("title", shown.q);
      } else {
        cell.td.removeAttribute("title");
      }
    });
    if (by === null) {
      root.removeAttribute("data-segment");
    } else {
      root.setAttribute("data-segment", by + "=" + value);
    }
    root.querySelectorAll(".jm-segment-switch button").forEach(function (button) {
      var pressed = by === null
        ? button.hasAttribute("data-segment-all")
        : button.getAttribute("data-segment-by") === by &&
          button.getAttribute("data-segment-value") === value;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
    });
  }

  root.querySelectorAll(".jm-segment-switch button").forEach(function (button) {
    button.addEventListener("click", function () {
      if (button.hasAttribute("data-segment-all")) {
        show(null, null);
      } else {
        show(button.getAttribute("data-segment-by"), button.getAttribute("data-segment-value"));
      }
    });
  });
  // the switcher shows every number on demand, so the long tables start folded
  root.querySelectorAll(".jm-segment-tables").forEach(function (details) {
    details.removeAttribute("open");
  });
})();

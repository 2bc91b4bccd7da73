// The metrics table: sort by a column (buttons in the headers, so keyboard users can sort
// too; a table with every row sorts here, a longer one asks the server, which sorts all
// rows), and choose which metric columns to show (remembered in this browser).
(function () {
  "use strict";
  var STORE_KEY = "partnernet.metrics.hidden";

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    var complete = table.dataset.complete === "true";
    headers.forEach(function (th, index) {
      var button = th.querySelector("button");
      button.addEventListener("click", function () {
        if (!complete) { window.location.href = button.dataset.href; return; }
        var numeric = button.dataset.type === "number";
        var state = th.getAttribute("aria-sort");
        var ascending = state === "descending" || (state === "none" && !numeric);
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[index];
          if (!numeric) { return cell.textContent.trim().toLowerCase(); }
          var raw = cell.dataset.value;
          return raw === "" ? -Infinity : parseFloat(raw);
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  var chooser = document.querySelector("details.columns-chooser");
  var table = document.querySelector("table.metrics");
  if (!chooser || !table) {
    return;
  }
  var hidden = [];
  try { hidden = JSON.parse(window.localStorage.getItem(STORE_KEY) || "[]"); } catch (e) { hidden = []; }

  function show(box) {
    var index = parseInt(box.value, 10) - 1;
    Array.prototype.forEach.call(table.rows, function (row) {
      if (row.cells[index]) { row.cells[index].hidden = !box.checked; }
    });
  }

  chooser.hidden = false;
  chooser.querySelectorAll("input[type=checkbox]").forEach(function (box) {
    box.checked = hidden.indexOf(box.dataset.column) < 0;
    show(box);
    box.addEventListener("change", function () {
      show(box);
      hidden = Array.prototype.filter.call(chooser.querySelectorAll("input[type=checkbox]"), function (b) {
        return !b.checked;
      }).map(function (b) { return b.dataset.column; });
      try { window.localStorage.setItem(STORE_KEY, JSON.stringify(hidden)); } catch (e) { /* private mode */ }
    });
  });
})();

// Sort the metrics table by a column: buttons in the headers, so keyboard users can sort too.
// A table with every row sorts here; a longer one asks the server, which sorts all rows.
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

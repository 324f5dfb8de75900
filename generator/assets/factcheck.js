// Progressive enhancement of the claims index: sortable columns, filters kept in the address
// (?verdict=…&claimant=…&tag=…), and a text search over titles. Without JavaScript the radio
// filters still work through CSS.
(function () {
  "use strict";
  function enhance(index) {
    var table = index.querySelector(".fc-table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var params = new URLSearchParams(window.location.search);

    ["verdict", "claimant", "tag"].forEach(function (name) {
      var wanted = params.get(name);
      if (!wanted) return;
      var radios = index.querySelectorAll('input[name="fc-' + name + '"]');
      Array.prototype.forEach.call(radios, function (radio) {
        if (radio.value === wanted || radio.getAttribute("data-label") === wanted) radio.checked = true;
      });
    });
    index.addEventListener("change", function (event) {
      var radio = event.target;
      if (!radio.name || radio.name.indexOf("fc-") !== 0) return;
      var name = radio.name.slice(3);
      var value = radio.getAttribute("data-label") || radio.value;
      var url = new URL(window.location.href);
      if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
      window.history.replaceState(null, "", url);
    });

    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Search the claims";
    search.className = "fc-search";
    search.setAttribute("aria-label", "Search the claims");
    index.insertBefore(search, index.firstChild);
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    });

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(th.parentNode.cells, function (cell) { cell.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-value");
          var y = b.cells[column].getAttribute("data-value");
          var order = (kind === "rating" || kind === "number") ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-fc-index]"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

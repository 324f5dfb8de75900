// Progressive enhancement: the claims index (sortable columns, filters kept in the address,
// a text search over its rows; without JavaScript its radio filters still work through CSS),
// the header's search field, and the search page.
(function () {
  "use strict";
  function enhance(index) {
    var table = index.querySelector(".fc-table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var params = new URLSearchParams(window.location.search);

    var empty = index.querySelector("[data-fc-empty]");
    var emptySaid = empty ? empty.textContent : "";
    // A value the address names (a tag link, a verdict of the rating scale) that no claim of
    // this page has: none is listed, and the page says why, rather than every claim unfiltered.
    var absent = null;
    Array.prototype.forEach.call(index.querySelectorAll("fieldset[data-filter]"), function (fieldset) {
      var wanted = params.get(fieldset.getAttribute("data-filter"));
      if (!wanted) return;
      var found = Array.prototype.filter.call(fieldset.querySelectorAll("input[type=radio]"), function (radio) {
        return radio.value === wanted;
      });
      if (found.length) found[0].checked = true;
      else absent = wanted;
    });
    if (absent !== null) index.classList.add("fc-index--absent");
    function sayIfEmpty() {
      if (!empty) return;
      // rows hidden by a filter (CSS) or by the text search have no layout box
      empty.hidden = rows.some(function (row) { return row.getClientRects().length > 0; });
      var elsewhere = index.getAttribute("data-fc-absent") || "";
      // (a function: a replacement string would read "$&" in the address as a pattern)
      empty.textContent = absent !== null ? elsewhere.replace("%(value)s", function () { return absent; }) : emptySaid;
    }
    function chosen(event) {
      // The reader chose a filter (even "All", checked already: a click, and no change).
      if (absent === null || event.target.type !== "radio") return;
      absent = null;
      index.classList.remove("fc-index--absent");
      window.setTimeout(sayIfEmpty, 0);
    }
    index.addEventListener("change", chosen);
    index.addEventListener("click", chosen);
    index.addEventListener("change", function () { window.setTimeout(sayIfEmpty, 0); });
    index.addEventListener("change", function (event) {
      var radio = event.target;
      if (!radio.name || radio.name.indexOf("fc-") !== 0) return;
      var name = radio.name.slice(3);
      var value = radio.value;
      var url = new URL(window.location.href);
      if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
      window.history.replaceState(null, "", url);
    });

    var search = document.createElement("input");
    search.type = "search";
    var label = index.getAttribute("data-fc-search-label") || "Search the claims";
    search.placeholder = label;
    search.className = "fc-field fc-index-search";
    search.setAttribute("aria-label", label);
    index.insertBefore(search, index.firstChild);
    function filterByWords() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    }
    search.addEventListener("input", function () { filterByWords(); sayIfEmpty(); });
    if (params.get("q")) { search.value = params.get("q"); filterByWords(); }
    sayIfEmpty();

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
  // The header's search field: with JavaScript it leads to the search page (without, to the
  // claims index, which filters without it).
  function header(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(form.getAttribute("data-fc-search"), window.location.href);
      var q = form.querySelector("input[name=q]").value.trim();
      if (q) url.searchParams.set("q", q);
      window.location.assign(url.href);
    });
  }

  // The system's share sheet, where the browser has one (phones, Safari, Edge): offered
  // beside the plain share links, which work everywhere without it.
  function share(button) {
    if (typeof navigator.share !== "function") return;
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({
        title: button.getAttribute("data-fc-title"),
        url: button.getAttribute("data-fc-share")
      }).catch(function () {});  // the reader closed the sheet
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-fc-index]"), enhance);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-fc-search]"), header);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-fc-share]"), share);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// The search page: Pagefind's index (generator/outputs/search.py), loaded only there and only once
// there is something to look for. Loaded by the search page alone.
(function () {
  "use strict";
  // Claims come first, then sources; facets and order live in the address, so a search can
  // be shared and reloaded.
  var PAGE = 10;
  function searchPage(form) {
    var bundle = new URL(form.getAttribute("data-fc-pagefind"), window.location.href);
    var root = new URL(form.getAttribute("data-fc-root"), window.location.href);
    var input = form.querySelector("input[name=q]");
    // Every word the script writes comes from the page, in the site's language (search.py).
    var said = JSON.parse(form.getAttribute("data-fc-messages") || "{}");
    var plural = new Intl.PluralRules(form.getAttribute("data-fc-lang") || "en");
    var digits = new Intl.NumberFormat(form.getAttribute("data-fc-lang") || "en");
    function fill(template, values) {
      return template.replace(/%\((\w+)\)s/g, function (all, name) { return name in values ? values[name] : all; });
    }
    function count(kind, n) {
      var forms = said.counts[kind];
      return fill(forms[plural.select(n)] || forms.other, { num: digits.format(n) });
    }
    var status = document.querySelector("[data-fc-status]");
    var sections = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-fc-results]"), function (section) {
      sections[section.getAttribute("data-fc-results")] = section;
    });
    var generation = 0;
    var loading = {};
    // A bundle of Pagefind's, loaded once: each bundle's own pagefind.js is a module of its
    // own, so the index of a large archive's older records (search.py) is searched beside the
    // first by a second instance, never merged into it (a merge would order by score alone).
    function instance(at) {
      if (!loading[at.href]) {
        loading[at.href] = import(new URL("pagefind.js", at).href).then(function (module) {
          // noWorker: Pagefind 1.5 searches in a web worker of its own by default, whose
          // script is 41 KB more for every first search (issue 28: 320 KB of a 300 KB budget);
          // an index of the newest 8,000 records is searched in milliseconds on the page.
          var options = { bundlePath: at.pathname, excerptLength: 30, noWorker: true };
          return module.options(options).then(function () { return module; });
        });
      }
      return loading[at.href];
    }
    function pagefind() { return instance(bundle); }
    var scope = document.querySelector("[data-fc-scope]");
    var older = scope ? new URL(scope.getAttribute("data-fc-older"), window.location.href) : null;
    var wide = !older;
    if (scope) {
      scope.querySelector("[data-fc-widen]").addEventListener("click", function () {
        wide = true;
        run();
      });
    }
    // Results as a list to take from, `PAGE` at a time: one search's in its own order, or two
    // searches' merged, by score, or by the date `field` of their records (newest first), each
    // result's data loaded only when it is compared or shown.
    function ordered(results) {
      var at = 0;
      return {
        total: results.length,
        left: function () { return at < results.length; },
        take: function (n) {
          var batch = results.slice(at, at + n);
          at += batch.length;
          return Promise.all(batch.map(function (r) { return r.data(); }));
        }
      };
    }
    function byDate(a, b, field) {
      var i = 0, j = 0, data = new Map();
      function load(r) {
        if (!data.has(r)) data.set(r, r.data());
        return data.get(r);
      }
      function one() {
        if (i >= a.length && j >= b.length) return Promise.resolve(null);
        if (i >= a.length) return load(b[j++]);
        if (j >= b.length) return load(a[i++]);
        return Promise.all([load(a[i]), load(b[j])]).then(function (both) {
          var x = (both[0].meta || {})[field] || "", y = (both[1].meta || {})[field] || "";
          if (x >= y) { i++; return both[0]; }
          j++;
          return both[1];
        });
      }
      return {
        total: a.length + b.length,
        left: function () { return i < a.length || j < b.length; },
        take: function (n) {
          var out = [];
          var chain = Promise.resolve();
          for (var k = 0; k < n; k++) {
            chain = chain.then(one).then(function (d) { if (d) out.push(d); });
          }
          return chain.then(function () { return out; });
        }
      };
    }
    function merged(searches, field) {
      var lists = searches.filter(Boolean).map(function (s) { return s.results; });
      if (!lists.length) return null;
      if (lists.length === 1) return ordered(lists[0]);
      if (field) return byDate(lists[0], lists[1], field);
      return ordered(lists[0].concat(lists[1]).sort(function (x, y) { return y.score - x.score; }));
    }
    function state() {
      var params = new URLSearchParams(new FormData(form));
      Array.from(params.keys()).forEach(function (key) {
        if (!params.getAll(key).some(Boolean)) params.delete(key);
      });
      return params;
    }
    // A long facet's values come from a file of their own (search.html), once, as text.
    var loaded = {};
    function values(facet) {
      var src = facet.getAttribute("data-fc-values");
      if (!src) return Promise.resolve();
      if (!loaded[src]) {
        loaded[src] = fetch(src).then(function (r) { return r.json(); }).then(function (pairs) {
          var list = facet.querySelector(".fc-facet__values");
          var boxes = document.createDocumentFragment();
          pairs.forEach(function (pair) {
            var label = element("label");
            var box = element("input");
            box.type = "checkbox";
            box.name = facet.getAttribute("data-facet");
            box.value = pair[0];
            label.append(box, " ", element("bdi", "", pair[0]), " ", element("span", "fc-count", "(" + digits.format(pair[1]) + ")"));
            boxes.appendChild(label);
          });
          list.replaceChildren(boxes);
        });
      }
      return loaded[src];
    }
    function facets(only) {
      var lists = Array.prototype.filter.call(form.querySelectorAll("fieldset[data-fc-values]"), function (facet) {
        return !only || only.has(facet.getAttribute("data-facet"));
      });
      return Promise.all(lists.map(values));
    }
    form.querySelector("[data-fc-facets]").addEventListener("toggle", function (event) {
      if (event.target.open) facets();
    });
    function restore() {
      var params = new URLSearchParams(window.location.search);
      input.value = params.get("q") || "";
      form.querySelector("select[name=sort]").value = params.get("sort") || "";
      return facets(new Set(params.keys())).catch(function () {}).then(function () {
        Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
          box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
          if (box.checked) form.querySelector("[data-fc-facets]").open = true;
        });
      });
    }
    function terms(q) {
      return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    }
    // The text with every word that starts with a query term in <mark>, built as nodes (the
    // text is never parsed as HTML).
    function marked(text, words) {
      var out = document.createDocumentFragment();
      var found = false;
      var last = 0;
      text.replace(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu, function (word, at) {
        var lower = word.toLowerCase();
        if (!words.some(function (w) { return lower.indexOf(w) === 0; })) return word;
        found = true;
        out.appendChild(document.createTextNode(text.slice(last, at)));
        var mark = document.createElement("mark");
        mark.textContent = word;
        out.appendChild(mark);
        last = at + word.length;
        return word;
      });
      out.appendChild(document.createTextNode(text.slice(last)));
      return { nodes: out, found: found };
    }
    function element(name, className, text) {
      var node = document.createElement(name);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }
    // Text of a claim or source keeps its own language and direction on the page (an English
    // title on an Arabic page ends where its words end): marked, and isolated from the rest.
    function own(node, lang) {
      if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang || "")) node.lang = lang;
      node.dir = "auto";
      return node;
    }
    function item(data, words) {
      var meta = data.meta || {};
      var li = element("li", "fc-result");
      var heading = element("h3", "fc-result__title");
      var link = own(element("a", "", meta.title || data.raw_url), meta.lang);
      link.href = new URL(String(data.raw_url || "").replace(/^\/+/, ""), root).href;
      heading.appendChild(link);
      li.appendChild(heading);
      var line = element("p", "fc-result__meta");
      // Each part isolated, and a separator only between two parts that are there.
      var parts = [];
      if (meta.kind === "claim") {
        var key = /^[a-z0-9-]+$/.test(meta.verdict_key || "") ? meta.verdict_key : "none";
        line.appendChild(element("bdi", "fc-verdict fc-verdict--" + key, meta.verdict));
        if (meta.claimant) parts.push(own(element("bdi", "fc-result__claimant", meta.claimant), meta.lang));
      } else if (meta.publisher) {
        parts.push(own(element("bdi", "fc-result__publisher", meta.publisher), meta.lang));
      }
      if (meta.date) {
        var time = element("time", "", meta.date_label || meta.date);
        time.dateTime = meta.date;
        var date = element("bdi", "fc-result__date");
        date.appendChild(time);
        parts.push(date);
      }
      parts.forEach(function (part, i) {
        if (i > 0 || line.firstChild) line.appendChild(document.createTextNode(i > 0 ? " · " : " "));
        line.appendChild(part);
      });
      li.appendChild(line);
      var quotes = (meta.quotes || "").split("\n").filter(Boolean);
      if (quotes.length) {
        var best = null;
        quotes.some(function (quote) {
          var result = marked(quote, words);
          if (!best || result.found) best = result;
          return result.found;
        });
        var block = own(element("blockquote", "fc-result__quote"), meta.lang);
        block.appendChild(best.nodes);
        li.appendChild(block);
      }
      return li;
    }
    function show(kind, found, words, mine) {
      var section = sections[kind];
      var list = section.querySelector("ol");
      var more = section.querySelector("[data-fc-more]");
      list.textContent = "";
      section.hidden = !found || found.total === 0;
      more.hidden = true;
      if (section.hidden) return Promise.resolve();
      function next() {
        return found.take(PAGE).then(function (all) {
          if (mine !== generation) return;
          all.forEach(function (data) { list.appendChild(item(data, words)); });
          more.hidden = !found.left();
        });
      }
      more.onclick = function () {
        var first = list.children.length;
        next().then(function () {
          var link = list.children[first] && list.children[first].querySelector("a");
          if (link) link.focus();
        });
      };
      return next();
    }
    function run() {
      var params = state();
      var q = params.get("q") || "";
      var url = new URL(window.location.href);
      url.search = params.toString();
      window.history.replaceState(null, "", url);
      var filters = { kind: "claim" };
      var faceted = false;
      Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-facet]"), function (facet) {
        var key = facet.getAttribute("data-facet");
        var values = params.getAll(key);
        if (values.length) { filters[key] = { any: values }; faceted = true; }
      });
      var mine = ++generation;
      if (!q) {
        // Listing every claim of a facet without words would fetch the whole index (2 MB at
        // 10,000 claims): the claims index does that, without JavaScript even.
        status.textContent = faceted ? said.filtered : "";
        if (scope) scope.hidden = true;
        show("claim", null); show("source", null);
        return;
      }
      status.textContent = said.searching;
      var sort = params.get("sort");
      var options = { filters: filters };
      if (sort) { options.sort = {}; options.sort[sort] = "desc"; }
      // Han, Hiragana and Katakana are indexed a character a word (search.py): so is the query.
      var query = q.replace(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu, " $1 ").trim();
      function searchIn(pf) {
        var claims = pf.search(query, options);
        // Sources have no claim facets: they are listed only for a search without them.
        var sources = faceted ? Promise.resolve(null) : pf.search(query, { filters: { kind: "source" } });
        return Promise.all([claims, sources]);
      }
      function find() {
        var bundles = [pagefind().then(searchIn)];
        if (wide && older) bundles.push(instance(older).then(searchIn));
        return Promise.all(bundles).then(function (parts) {
          var none = parts.every(function (p) {
            return (!p[0] || !p[0].results.length) && (!p[1] || !p[1].results.length);
          });
          if (none && !wide) { wide = true; return find(); }  // nothing new: search them all
          // The claims' order is by the meta of the date the sort names (search.py).
          var field = sort === "said" ? "date" : sort === "published" ? "published" : null;
          return [
            merged(parts.map(function (p) { return p[0]; }), field),
            merged(parts.map(function (p) { return p[1]; }), null)
          ];
        });
      }
      find().then(function (found) {
        if (mine !== generation) return;
        var words = terms(q);
        var nClaims = found[0] ? found[0].total : 0;
        var nSources = found[1] ? found[1].total : 0;
        if (scope) scope.hidden = wide;
        return Promise.all([show("claim", found[0], words, mine), show("source", found[1], words, mine)]).then(function () {
          if (mine !== generation) return;
          var values = { claims: count("claims", nClaims), sources: count("sources", nSources), query: q };
          status.textContent = fill(faceted ? said.claimsOnly : said.both, values);
        });
      }).catch(function () {
        if (mine !== generation) return;
        status.textContent = said.failed;
      });
    }
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 250);
    });
    form.addEventListener("change", function (event) { if (event.target !== input) run(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    restore().then(run);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-fc-search-page]"), searchPage);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// Search with Pagefind: a search field in the header of every page, the search page /zoeken/
// with filters that also work without a search term, the "/" shortcut, arrow keys through the
// results, and highlighted terms on the page a result leads to.
// The bundle lives in <site root>/pagefind/; the site root is found from this script's own
// address, so the site works under any subpath (GitHub Pages project sites).
(function () {
  "use strict";
  var siteRoot = new URL("..", document.currentScript.src); // this file is <root>/assets/kennisbank.js
  var bundle = new URL("pagefind/", siteRoot);
  var searchPage = new URL("zoeken/", siteRoot);
  var HIGHLIGHT_PARAM = "markeer";
  var PAGE_SIZE = 10;
  // The search filters, in display order: read from the search page's data-filters, which the
  // generator writes from the model (SearchFilter in scripts/kennisbank/model.py). No list here.
  var FILTERS = [];
  var pagefind = null;
  var state = { term: "", filters: {}, open: {}, shown: PAGE_SIZE, run: 0, filtersLoaded: false };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "class") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function addHeaderSearch() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("kb-kopzoek")) return;
    var form = el("form", { id: "kb-kopzoek", class: "kb-kopzoek", role: "search", action: searchPage.pathname });
    form.innerHTML =
      '<label class="kb-verborgen" for="kb-kopzoek-veld">Zoek in de Kennisbank</label>' +
      '<input id="kb-kopzoek-veld" type="search" name="q" placeholder="Zoeken" autocomplete="off"' +
      ' aria-keyshortcuts="/">' +
      '<button type="submit" class="kb-kopzoek__knop" aria-label="Zoeken">' +
      '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 ' +
      "3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 " +
      '1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5Z"/></svg></button>';
    header.insertBefore(form, header.querySelector(".md-header__source"));
    form.addEventListener("submit", function (event) {
      var field = document.getElementById("kb-zoekveld");
      if (!field) return; // elsewhere the form opens the search page
      event.preventDefault();
      field.value = form.elements.q.value;
      field.focus();
      setTerm(field.value);
    });
  }

  // --- the search page ---------------------------------------------------------------

  function readUrl() {
    var params = new URLSearchParams(location.search);
    state.term = params.get("q") || "";
    FILTERS.forEach(function (filter) {
      var key = filter.naam;
      var values = params.getAll(key);
      if (values.length) state.filters[key] = values;
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (state.term) params.set("q", state.term);
    Object.keys(state.filters).forEach(function (key) {
      state.filters[key].forEach(function (value) { params.append(key, value); });
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function activeFilters() {
    var result = {};
    Object.keys(state.filters).forEach(function (key) {
      if (state.filters[key].length) result[key] = { any: state.filters[key] };
    });
    return result;
  }

  function hasFilters() {
    return Object.keys(activeFilters()).length > 0;
  }

  // Each filter is a disclosure: compact on a phone, open where the visitor opened or chose something.
  function renderFilters(pane, counts) {
    pane.innerHTML = "";
    pane.appendChild(el("h2", { class: "kb-zoeken__kop", text: "Filters" }));
    FILTERS.forEach(function (filter) {
      var key = filter.naam;
      var values = counts[key] || {};
      var chosen = state.filters[key] || [];
      var options = Object.keys(values).filter(function (value) {
        return values[value] > 0 || chosen.indexOf(value) !== -1;
      }).sort(function (a, b) { return a.localeCompare(b, "nl"); });
      if (!options.length) return;
      var fieldset = el("fieldset", {}, [el("legend", { class: "kb-verborgen", text: filter.label })]);
      options.forEach(function (value) {
        var box = el("input", { type: "checkbox", value: value, "data-filter": key });
        box.checked = chosen.indexOf(value) !== -1;
        fieldset.appendChild(el("label", { class: "kb-filter__optie" }, [
          box, document.createTextNode(" " + value + " "), el("span", { class: "kb-filter__aantal", text: "(" + values[value] + ")" })
        ]));
      });
      var block = el("details", { class: "kb-filter", "data-filter-block": key }, [
        el("summary", { text: filter.label + (chosen.length ? " (" + chosen.length + ")" : "") }), fieldset
      ]);
      block.open = key in state.open ? state.open[key] : key === "soort" || chosen.length > 0;
      block.addEventListener("toggle", function () { state.open[key] = block.open; });
      pane.appendChild(block);
    });
    if (hasFilters()) {
      var reset = el("button", { type: "button", class: "md-button kb-filter__wis", text: "Wis alle filters" });
      reset.addEventListener("click", function () { state.filters = {}; update(); });
      pane.appendChild(reset);
    }
  }

  function resultItem(data) {
    var link = el("a", { class: "kb-resultaat__link", href: data.url, text: data.meta.title || data.url });
    var excerpt = el("p", { class: "kb-resultaat__uittreksel" });
    if (state.term && data.excerpt) excerpt.innerHTML = data.excerpt; // Pagefind escapes the text; only <mark> is added
    else excerpt.textContent = data.meta.samenvatting || "";
    var labels = [].concat(data.filters.soort || [], data.filters.gemeente || [], (data.filters.thema || []).slice(0, 2));
    return el("li", { class: "kb-resultaat" }, [
      el("h3", {}, [link]), excerpt, el("p", { class: "kb-resultaat__soort", text: labels.join(" · ") })
    ]);
  }

  // The filter index is the largest download of a search; a search with words does not need it
  // until the visitor asks for filters.
  function loadFilters() {
    if (state.filtersLoaded) return Promise.resolve();
    return pagefind.filters().then(function () { state.filtersLoaded = true; });
  }

  function renderFilterButton(pane) {
    pane.innerHTML = "";
    pane.appendChild(el("h2", { class: "kb-zoeken__kop", text: "Filters" }));
    var button = el("button", { type: "button", class: "md-button kb-filter__toon", text: "Filter de resultaten" });
    button.addEventListener("click", function () {
      loadFilters().then(update).then(function () {
        var first = pane.querySelector("summary");
        if (first) first.focus();
      });
    });
    pane.appendChild(button);
  }

  // data-gereed on #kb-zoeken tells tests and assistive tools when the results are complete.
  function setReady(ready) {
    document.getElementById("kb-zoeken").setAttribute("data-gereed", ready ? "ja" : "nee");
  }

  function update() {
    writeUrl();
    setReady(false);
    var run = ++state.run;
    var status = document.getElementById("kb-zoekstatus");
    var list = document.getElementById("kb-resultaten");
    var more = document.getElementById("kb-meer");
    var pane = document.getElementById("kb-filterpaneel");
    if (!state.term && !hasFilters()) {
      list.innerHTML = "";
      more.hidden = true;
      status.textContent = "Typ een zoekwoord of kies een filter.";
      return loadFilters().then(function () { return pagefind.filters(); }).then(function (counts) {
        if (run !== state.run) return;
        renderFilters(pane, counts);
        setReady(true);
      });
    }
    var ready = hasFilters() ? loadFilters() : Promise.resolve();
    return ready.then(function () {
      return pagefind.search(state.term || null, { filters: activeFilters() });
    }).then(function (search) {
      if (run !== state.run || !search) return;
      if (state.filtersLoaded) renderFilters(pane, search.filters || {});
      else renderFilterButton(pane);
      var total = search.results.length;
      var subject = state.term ? " voor ‘" + state.term + "’" : "";
      return Promise.all(search.results.slice(0, state.shown).map(function (r) { return r.data(); })).then(function (pages) {
        if (run !== state.run) return;
        list.innerHTML = "";
        pages.forEach(function (data) { list.appendChild(resultItem(data)); });
        more.hidden = total <= state.shown;
        status.textContent = total === 0
          ? "Geen resultaten" + subject + ". Probeer een ander woord of minder filters."
          : total + (total === 1 ? " resultaat" : " resultaten") + subject + ".";
        setReady(true);
      });
    });
  }

  var timer = null;
  function setTerm(term) {
    state.term = term.trim();
    state.shown = PAGE_SIZE;
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  }

  function resultLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("#kb-resultaten .kb-resultaat__link"));
  }

  // Arrow keys move between the search field and the result links.
  function onResultKeys(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var field = document.getElementById("kb-zoekveld");
    var links = resultLinks();
    var index = document.activeElement === field ? -1 : links.indexOf(document.activeElement);
    if (!links.length || (index === -1 && document.activeElement !== field)) return;
    event.preventDefault();
    var next = index + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) field.focus();
    else links[Math.min(next, links.length - 1)].focus();
  }

  function buildSearchPage(target) {
    target.innerHTML =
      '<form class="kb-zoeken__formulier" role="search" action="">' +
      '<label for="kb-zoekveld">Zoekwoorden</label>' +
      '<input id="kb-zoekveld" type="search" name="q" autocomplete="off" aria-keyshortcuts="/"' +
      ' aria-describedby="kb-zoekstatus" placeholder="Bijvoorbeeld: huisarts betrekken">' +
      "</form>" +
      '<div class="kb-zoeken__kolommen">' +
      '<div id="kb-filterpaneel" class="kb-zoeken__filters" role="group" aria-label="Filters"></div>' +
      '<div class="kb-zoeken__uitkomst">' +
      '<p id="kb-zoekstatus" class="kb-zoeken__status" role="status" aria-live="polite"></p>' +
      '<ol id="kb-resultaten" class="kb-resultaten"></ol>' +
      '<button id="kb-meer" type="button" class="md-button" hidden>Meer resultaten</button>' +
      "</div></div>";
    var field = document.getElementById("kb-zoekveld");
    field.value = state.term;
    var header = document.getElementById("kb-kopzoek-veld");
    if (header) header.value = state.term;
    target.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      setTerm(field.value);
    });
    field.addEventListener("input", function () { setTerm(field.value); });
    field.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { field.value = ""; setTerm(""); }
    });
    target.addEventListener("keydown", onResultKeys);
    target.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.dataset || !box.dataset.filter) return;
      var key = box.dataset.filter;
      var values = (state.filters[key] || []).filter(function (v) { return v !== box.value; });
      if (box.checked) values.push(box.value);
      state.filters[key] = values;
      state.shown = PAGE_SIZE;
      update();
    });
    document.getElementById("kb-meer").addEventListener("click", function () {
      state.shown += PAGE_SIZE;
      update();
    });
    field.focus();
  }

  function startSearchPage() {
    var target = document.getElementById("kb-zoeken");
    if (!target) return;
    try {
      FILTERS = JSON.parse(target.getAttribute("data-filters") || "[]");
    } catch (error) {
      FILTERS = []; // search still works, without filters
    }
    readUrl();
    buildSearchPage(target);
    import(new URL("pagefind.js", bundle).href).then(function (module) {
      pagefind = module;
      // No web worker: at this size searching on the page is just as quick, and saves a download.
      return pagefind.options({ baseUrl: siteRoot.pathname, highlightParam: HIGHLIGHT_PARAM, noWorker: true });
    }).then(function () {
      update();
    }).catch(function () {
      document.getElementById("kb-zoekstatus").textContent =
        "Zoeken is nu niet beschikbaar. Blader via Tips, Vragen of Praktijkvoorbeelden.";
    });
  }

  function highlightTerms() {
    if (!new URLSearchParams(location.search).has(HIGHLIGHT_PARAM)) return;
    var script = el("script", { type: "module", src: new URL("pagefind-highlight.js", bundle).href });
    script.onload = function () {
      if (window.PagefindHighlight) new window.PagefindHighlight({ highlightParam: HIGHLIGHT_PARAM });
    };
    document.head.appendChild(script);
  }

  // "/" focuses search, unless the visitor is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
    var field = document.getElementById("kb-zoekveld") || document.getElementById("kb-kopzoek-veld");
    if (!field) return;
    event.preventDefault();
    field.focus();
  });

  function start() {
    addHeaderSearch();
    startSearchPage();
    highlightTerms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

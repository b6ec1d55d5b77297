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
  var state = { term: "", filters: {}, shown: PAGE_SIZE, run: 0, filtersLoaded: false, panelOpen: false };

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
      submitSearch(form.elements.q.value);
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

  function activeFilters(except) {
    var result = {};
    Object.keys(state.filters).forEach(function (key) {
      if (key !== except && state.filters[key].length) result[key] = { any: state.filters[key] };
    });
    return result;
  }

  function hasFilters() {
    return Object.keys(activeFilters()).length > 0;
  }

  function chosenCount() {
    return Object.keys(state.filters).reduce(function (n, key) { return n + state.filters[key].length; }, 0);
  }

  function plural(total) {
    return total + (total === 1 ? " resultaat" : " resultaten");
  }

  // Facet counts: a group's own choices combine with OR, so its options are counted as if nothing
  // in that group were chosen (with the other groups' choices applied). Then every option stays
  // visible with the number of results it would give.
  function facetCounts(search) {
    var counts = {};
    Object.keys(search.filters || {}).forEach(function (key) { counts[key] = search.filters[key]; });
    var chosen = Object.keys(activeFilters());
    return Promise.all(chosen.map(function (key) {
      return pagefind.search(state.term || null, { filters: activeFilters(key) }).then(function (other) {
        if (other && other.filters && other.filters[key]) counts[key] = other.filters[key];
      });
    })).then(function () { return counts; });
  }

  // The filter panel: one fieldset per group, every option a 44 px row with its count. A group
  // that no current result has (gemeente for tips) is left out, unless the visitor chose in it.
  function renderFilters(pane, counts, total) {
    pane.innerHTML = "";
    pane.appendChild(el("p", { class: "kb-filter__telling", id: "kb-filtertelling", text: plural(total) }));
    FILTERS.forEach(function (filter) {
      var key = filter.naam;
      var values = counts[key] || {};
      var chosen = state.filters[key] || [];
      var options = Object.keys(values).filter(function (value) {
        return values[value] > 0 || chosen.indexOf(value) !== -1;
      }).sort(function (a, b) { return a.localeCompare(b, "nl"); });
      chosen.forEach(function (value) { if (options.indexOf(value) === -1) options.push(value); });
      if (!options.length) return;
      var fieldset = el("fieldset", { class: "kb-filter", "data-filter-block": key }, [
        el("legend", { class: "kb-filter__kop", text: filter.label })
      ]);
      options.forEach(function (value) {
        var box = el("input", { type: "checkbox", value: value, "data-filter": key });
        box.checked = chosen.indexOf(value) !== -1;
        fieldset.appendChild(el("label", { class: "kb-filter__optie" }, [
          box, el("span", { class: "kb-filter__naam", text: value }),
          el("span", { class: "kb-filter__aantal", text: "(" + (values[value] || 0) + ")" })
        ]));
      });
      pane.appendChild(fieldset);
    });
    var actions = el("div", { class: "kb-filter__acties" });
    if (hasFilters()) {
      var reset = el("button", { type: "button", class: "md-button kb-filter__wis", text: "Wis alle filters" });
      reset.addEventListener("click", function () { state.filters = {}; state.shown = PAGE_SIZE; update(); });
      actions.appendChild(reset);
    }
    var done = el("button", { type: "button", class: "md-button md-button--primary kb-filter__klaar",
      text: "Toon " + plural(total) });
    done.addEventListener("click", function () {
      setPanel(false);
      showFirstResult();
      // Focus must not stay on a hidden button: the first result, or the Filters button.
      (resultLinks()[0] || document.getElementById("kb-filterknop")).focus({ preventScroll: true });
    });
    actions.appendChild(done);
    pane.appendChild(actions);
  }

  function setPanel(open) {
    var pane = document.getElementById("kb-filterpaneel");
    var button = document.getElementById("kb-filterknop");
    state.panelOpen = open;
    pane.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function updateFilterButton() {
    var n = chosenCount();
    document.getElementById("kb-filterknop").textContent = "Filters" + (n ? " (" + n + ")" : "");
  }

  function badge(status) {
    // The two labels come from the model (STATUS_LABELS in model.py) through the search index.
    return el("span", { class: "kb-status " + (status === "Uitgewerkt" ? "kb-status--uitgewerkt" : "kb-status--genoemd"),
      text: status });
  }

  // An excerpt around the first match in the page's visible text. The glossary's hidden search terms
  // (annotate.py) are the last words of the indexed text; their number is the metadata 'zoektermen'.
  // Words are split the way Pagefind splits them when it places its matches (locations).
  var EXCERPT_WORDS = 30;
  function excerptOf(data) {
    var words = (data.content || "").split(/[\r\n\s]+/g);
    var hidden = parseInt((data.meta && data.meta.zoektermen) || "0", 10) || 0;
    var limit = words.length - hidden;
    var hits = (data.locations || []).filter(function (at) { return at < limit; }).sort(function (a, b) { return a - b; });
    if (!hits.length) return null;
    var start = Math.max(0, Math.min(hits[0] - 8, limit - EXCERPT_WORDS));
    var end = Math.min(limit, start + EXCERPT_WORDS);
    var marked = {};
    hits.forEach(function (at) { marked[at] = true; });
    var out = [];
    for (var i = start; i < end; i++) out.push(marked[i] ? "<mark>" + words[i] + "</mark>" : words[i]);
    return (start > 0 ? "… " : "") + out.join(" ") + (end < limit ? " …" : "");
  }

  // When a search finds nothing: glossary terms and themes close to the query (data-suggesties,
  // written by the generator), else the ways to browse. Never a dead end (issue 11).
  var SUGGESTIONS = [];
  function words(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").split(/[^a-z0-9]+/).filter(function (w) {
      return w.length >= 3;
    });
  }
  function distance(a, b) { // Levenshtein, for words of at most 30 letters: bounded work
    if (Math.abs(a.length - b.length) > 2) return 3;
    var previous = [], current = [], i, j;
    for (j = 0; j <= b.length; j++) previous[j] = j;
    for (i = 1; i <= a.length; i++) {
      current = [i];
      for (j = 1; j <= b.length; j++) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      previous = current;
    }
    return previous[b.length];
  }
  function close(query, word) {
    if (query.length > 30 || word.length > 30) return false;
    if (query.length >= 4 && (word.indexOf(query) === 0 || query.indexOf(word) === 0) && word.length >= 4) return true;
    return query.length >= 5 && distance(query, word) <= (query.length >= 8 ? 2 : 1);
  }
  function showSuggestions(term) {
    var box = document.getElementById("kb-suggesties");
    box.innerHTML = "";
    box.hidden = !term;
    if (!term) return;
    var asked = words(term).slice(0, 8);
    var found = SUGGESTIONS.filter(function (s) {
      var own = words(s.woorden);
      return asked.some(function (q) { return own.some(function (w) { return close(q, w); }); });
    }).slice(0, 6);
    var links = found.length ? found : [
      { label: "Alle thema's", url: "../themas/", soort: "" },
      { label: "Begrippenlijst", url: "../begrippen/", soort: "" },
      { label: "Tips per reeks", url: "../reeksen/", soort: "" }
    ];
    box.appendChild(el("p", { text: found.length ? "Bedoel je misschien:" : "Blader liever:" }));
    box.appendChild(el("ul", {}, links.map(function (s) {
      var link = el("a", { href: new URL(s.url, searchPage).href, text: s.label });
      var kind = s.soort ? [document.createTextNode(" (" + s.soort + ")")] : [];
      return el("li", {}, [link].concat(kind));
    })));
  }

  function resultItem(data) {
    var link = el("a", { class: "kb-resultaat__link", href: data.url, text: data.meta.title || data.url });
    var excerpt = el("p", { class: "kb-resultaat__uittreksel" });
    // Only what the page shows a reader: a result that matched only the hidden search terms shows
    // its summary instead (issue 11). Pagefind escapes the content's text; we add only <mark>.
    var shown = state.term ? excerptOf(data) : null;
    if (shown) excerpt.innerHTML = shown;
    else excerpt.textContent = data.meta.samenvatting || "";
    var labels = [].concat(data.filters.soort || [], data.filters.gemeente || [], (data.filters.thema || []).slice(0, 2));
    var heading = el("h2", { class: "kb-resultaat__kop" }, [link]); // right under the page title (h1)
    (data.filters.status || []).forEach(function (status) {
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(badge(status));
    });
    return el("li", { class: "kb-resultaat" }, [
      heading, excerpt, el("p", { class: "kb-resultaat__soort", text: labels.join(" · ") })
    ]);
  }

  // The filter index is the largest download of a search; a search with words does not need it
  // until the visitor asks for filters.
  function loadFilters() {
    if (state.filtersLoaded) return Promise.resolve();
    return pagefind.filters().then(function () { state.filtersLoaded = true; });
  }

  // data-gereed on #kb-zoeken tells tests and assistive tools when the results are complete.
  function setReady(ready) {
    document.getElementById("kb-zoeken").setAttribute("data-gereed", ready ? "ja" : "nee");
  }

  function update() {
    writeUrl();
    updateFilterButton();
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
      if (!state.filtersLoaded) { setReady(true); return Promise.resolve(); }
      return pagefind.filters().then(function (counts) {
        if (run !== state.run) return;
        renderFilters(pane, counts, 0);
        pane.querySelector("#kb-filtertelling").textContent = "Kies een filter om te bladeren.";
        setReady(true);
      });
    }
    var ready = hasFilters() ? loadFilters() : Promise.resolve();
    var search = null;
    return ready.then(function () {
      return pagefind.search(state.term || null, { filters: activeFilters() });
    }).then(function (found) {
      if (run !== state.run || !found) return null;
      search = found;
      return state.filtersLoaded ? facetCounts(found) : null;
    }).then(function (counts) {
      if (run !== state.run || !search) return;
      var total = search.results.length;
      if (counts) renderFilters(pane, counts, total);
      var subject = state.term ? " voor ‘" + state.term + "’" : "";
      return Promise.all(search.results.slice(0, state.shown).map(function (r) { return r.data(); })).then(function (pages) {
        if (run !== state.run) return;
        list.innerHTML = "";
        pages.forEach(function (data) { list.appendChild(resultItem(data)); });
        more.hidden = total <= state.shown;
        status.textContent = total === 0
          ? "Geen resultaten" + subject + ". Probeer een ander woord of minder filters."
          : plural(total) + subject + ".";
        showSuggestions(total === 0 ? state.term : "");
        setReady(true);
      });
    });
  }

  var timer = null;
  var pending = null;
  function setTerm(term) {
    state.term = term.trim();
    state.shown = PAGE_SIZE;
    clearTimeout(timer);
    pending = new Promise(function (resolve) {
      timer = setTimeout(function () { resolve(update()); }, 150);
    });
    return pending;
  }

  // After Enter: the keyboard closes (the field loses focus) and the first result comes into view.
  function showFirstResult() {
    var first = document.querySelector("#kb-resultaten .kb-resultaat");
    var target = first || document.getElementById("kb-zoekstatus");
    if (target) target.scrollIntoView({ block: "start", behavior: "auto" });
  }

  function submitSearch(value) {
    var field = document.getElementById("kb-zoekveld");
    field.value = value;
    field.blur();
    var header = document.getElementById("kb-kopzoek-veld");
    if (header) header.blur();
    setTerm(value);
    clearTimeout(timer); // no need to wait for more typing
    return update().then(showFirstResult);
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

  // Phone first: the field, one "Filters" button with the status beside it, then the results.
  // The filters open in a panel between them and show the number of results as they change.
  function buildSearchPage(target) {
    target.innerHTML =
      '<form class="kb-zoeken__formulier" role="search" action="">' +
      '<label for="kb-zoekveld">Zoekwoorden</label>' +
      '<input id="kb-zoekveld" type="search" name="q" autocomplete="off" aria-keyshortcuts="/" enterkeyhint="search"' +
      ' aria-describedby="kb-zoekstatus" placeholder="Bijvoorbeeld: huisarts betrekken">' +
      "</form>" +
      '<div class="kb-zoeken__balk">' +
      '<button id="kb-filterknop" type="button" class="md-button kb-filterknop" aria-expanded="false"' +
      ' aria-controls="kb-filterpaneel">Filters</button>' +
      '<p id="kb-zoekstatus" class="kb-zoeken__status" role="status" aria-live="polite"></p>' +
      "</div>" +
      '<div id="kb-filterpaneel" class="kb-zoeken__filters" role="group" aria-label="Filters" hidden></div>' +
      '<div class="kb-zoeken__uitkomst">' +
      '<div id="kb-suggesties" class="kb-suggesties" hidden></div>' +
      '<ol id="kb-resultaten" class="kb-resultaten"></ol>' +
      '<button id="kb-meer" type="button" class="md-button" hidden>Meer resultaten</button>' +
      "</div>";
    var field = document.getElementById("kb-zoekveld");
    field.value = state.term;
    var header = document.getElementById("kb-kopzoek-veld");
    if (header) header.value = state.term;
    target.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      submitSearch(field.value);
    });
    field.addEventListener("input", function () { setTerm(field.value); });
    field.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { field.value = ""; setTerm(""); }
    });
    target.addEventListener("keydown", onResultKeys);
    document.getElementById("kb-filterknop").addEventListener("click", function () {
      if (state.panelOpen) { setPanel(false); return; }
      loadFilters().then(update).then(function () {
        setPanel(true);
        var first = document.querySelector("#kb-filterpaneel input");
        if (first) first.focus();
      });
    });
    target.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.dataset || !box.dataset.filter) return;
      var key = box.dataset.filter;
      var values = (state.filters[key] || []).filter(function (v) { return v !== box.value; });
      if (box.checked) values.push(box.value);
      state.filters[key] = values;
      state.shown = PAGE_SIZE;
      update().then(function () {
        // The panel was redrawn: keep the visitor's place on the option just ticked.
        var again = document.querySelector('#kb-filterpaneel input[data-filter="' + CSS.escape(key) + '"][value="' +
          CSS.escape(box.value) + '"]');
        if (again) again.focus();
      });
    });
    document.getElementById("kb-meer").addEventListener("click", function () {
      state.shown += PAGE_SIZE;
      update();
    });
    if (hasFilters()) setPanel(false);
    if (!state.term) field.focus();
  }

  function startSearchPage() {
    var target = document.getElementById("kb-zoeken");
    if (!target) return;
    try {
      FILTERS = JSON.parse(target.getAttribute("data-filters") || "[]");
    } catch (error) {
      FILTERS = []; // search still works, without filters
    }
    try {
      SUGGESTIONS = JSON.parse(target.getAttribute("data-suggesties") || "[]");
    } catch (error) {
      SUGGESTIONS = []; // a search that finds nothing then offers the overviews
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
      openHighlighted();
      setTimeout(openHighlighted, 300); // the highlighter may mark the page after its first pass
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

  // The 404 page has a search field of its own (a static page may hold no <form>: the build's checks).
  function addNotFoundSearch() {
    var target = document.getElementById("kb-404-zoeken");
    if (!target) return;
    var form = el("form", { class: "kb-zoeken__formulier", role: "search", action: searchPage.pathname });
    form.innerHTML =
      '<label for="kb-404-veld">Zoek in de Kennisbank</label>' +
      '<input id="kb-404-veld" type="search" name="q" autocomplete="off" enterkeyhint="search"' +
      ' placeholder="Bijvoorbeeld: huisarts betrekken">' +
      '<button type="submit" class="md-button md-button--primary kb-404-knop">Zoeken</button>';
    target.appendChild(form);
  }

  // Material's menu button is a <label> for a hidden checkbox: a mouse can use it, a keyboard
  // cannot reach it. A real <button> takes its place and works the same checkbox.
  function menuButton() {
    var label = document.querySelector('label.md-header__button[for="__drawer"]');
    var toggle = document.getElementById("__drawer");
    if (!label || !toggle || document.getElementById("kb-menuknop")) return;
    var button = el("button", { type: "button", id: "kb-menuknop", class: "md-header__button md-icon kb-menuknop",
      "aria-label": "Menu", "aria-controls": "__drawer", "aria-expanded": "false" });
    button.innerHTML = label.innerHTML; // the theme's own icon (an inline SVG from the page itself)
    label.parentNode.insertBefore(button, label);
    label.classList.add("kb-menulabel");
    label.setAttribute("aria-hidden", "true");
    var sync = function () { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); };
    toggle.addEventListener("change", sync);
    button.addEventListener("click", function () {
      label.click(); // the theme reacts to the checkbox's own change event
      sync();
      if (toggle.checked) {
        var first = document.querySelector(".md-sidebar--primary .md-nav__link[href]");
        if (first) setTimeout(function () { first.focus(); }, 300); // after the drawer's slide-in
      }
    });
  }

  // Escape closes the open off-canvas menu (a drawer is a dialog to the reader) and puts focus back
  // on the menu button, so the keyboard is where it was before the menu opened.
  function closeMenuOnEscape() {
    var toggle = document.getElementById("__drawer");
    if (!toggle) return;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !toggle.checked) return;
      event.preventDefault();
      var label = document.querySelector('label.md-header__button[for="__drawer"]');
      if (label) label.click(); // the theme reacts to the checkbox's own change event
      if (toggle.checked) { // no label: set the checkbox and tell the theme ourselves
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
      var button = document.getElementById("kb-menuknop") || label;
      if (button) button.focus();
    });
  }

  // A highlighted term inside a folded subsection must be visible: open the subsections that hold one.
  function openHighlighted() {
    document.querySelectorAll("details.kb-deel").forEach(function (block) {
      if (block.querySelector("mark")) block.open = true;
    });
  }

  function start() {
    addHeaderSearch();
    addNotFoundSearch();
    menuButton();
    closeMenuOnEscape();
    startSearchPage();
    highlightTerms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

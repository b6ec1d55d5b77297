// Search with Pagefind. The bundle lives in <site root>/pagefind/; the site root is found from
// this script's own address, so the site works under any subpath (GitHub Pages project sites).
(function () {
  "use strict";
  var script = document.currentScript;
  var siteRoot = new URL("..", script.src); // this file is <root>/assets/kennisbank.js
  var bundle = new URL("pagefind/", siteRoot);

  function loadStylesheet(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function loadScript(src, onload) {
    var el = document.createElement("script");
    el.src = src;
    el.onload = onload;
    document.head.appendChild(el);
  }

  function startSearchPage() {
    var target = document.getElementById("kb-zoeken");
    if (!target) return;
    loadStylesheet(new URL("pagefind-ui.css", bundle).href);
    loadScript(new URL("pagefind-ui.js", bundle).href, function () {
      var ui = new PagefindUI({
        element: "#kb-zoeken",
        bundlePath: bundle.pathname,
        baseUrl: siteRoot.pathname,
        showSubResults: true,
        showEmptyFilters: false,
        resetStyles: false,
        autofocus: true
      });
      var query = new URLSearchParams(location.search).get("q");
      if (query) ui.triggerSearch(query);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startSearchPage);
  } else {
    startSearchPage();
  }
})();

// head: print. The line printed under the title names the page's full address (its canonical URL),
// which the generator cannot know: the site may live under any address. Without JavaScript the
// line keeps the page's path.
(function () {
  "use strict";
  function fill() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (!canonical || !canonical.href) return;
    document.querySelectorAll(".kb-paginaadres").forEach(function (node) {
      node.textContent = canonical.href;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
  // Material's instant navigation swaps the page without a load event.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(fill);
})();

/* Glossary explanations where the reader is (issue 11, area glossary).
 *
 * The build wraps the first occurrence of each glossary abbreviation in
 * <abbr class="kb-begrip" title="…" data-begrip="…/begrippen/#key"> (scripts/kennisbank/annotate.py).
 * A title tooltip never opens on a tap, so each becomes a button that shows its explanation in
 * place, with a separate link to the glossary entry. Text is set with textContent only.
 */
(function () {
  "use strict";
  var count = 0;

  function close(abbr, note) {
    abbr.setAttribute("aria-expanded", "false");
    note.hidden = true;
  }

  function setUp(abbr) {
    var explanation = abbr.getAttribute("title") || "";
    var target = abbr.getAttribute("data-begrip") || "";
    if (!explanation || abbr.hasAttribute("aria-controls")) {
      return;
    }
    count += 1;
    var note = document.createElement("span");
    note.className = "kb-begrip-uitleg";
    note.id = "kb-begrip-uitleg-" + count;
    note.hidden = true;
    note.appendChild(document.createTextNode(explanation + " "));
    if (target) {
      var link = document.createElement("a");
      link.href = target;
      link.textContent = "Meer in de begrippenlijst";
      note.appendChild(link);
    }
    abbr.insertAdjacentElement("afterend", note);
    // The explanation now opens in place; without the title the theme adds no hover tooltip of its own
    // (content.tooltips), which a tap would not open and which would say the same thing twice.
    abbr.removeAttribute("title");
    abbr.setAttribute("role", "button");
    abbr.setAttribute("tabindex", "0");
    abbr.setAttribute("aria-expanded", "false");
    abbr.setAttribute("aria-controls", note.id);

    function toggle(event) {
      event.preventDefault();
      if (note.hidden) {
        abbr.setAttribute("aria-expanded", "true");
        note.hidden = false;
      } else {
        close(abbr, note);
      }
    }
    abbr.addEventListener("click", toggle);
    abbr.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        toggle(event);
      } else if (event.key === "Escape") {
        close(abbr, note);
      }
    });
  }

  function start() {
    var found = document.querySelectorAll("article abbr.kb-begrip");
    for (var i = 0; i < found.length; i += 1) {
      setUp(found[i]);
    }
  }

  // This script comes after the article in the page: the abbreviations are there already, and the
  // theme's own tooltips are mounted later (at DOMContentLoaded), so they never see a title here.
  start();
})();

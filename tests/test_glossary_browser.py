"""The glossary in a real Chromium (issue 11, points 2-3): a tap explains an abbreviation, and readers' words find items.

The site is built once and served under a GitHub Pages-style subpath, with the helpers of test_browser.py.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_browser import browser, engine, site, visit  # noqa: F401 - fixtures shared with the main browser tests

from kennisbank.glossary import WORD

# (query, item that must be in the top 5, why). The item never contains the query as a visible word.
READER_QUERIES = [
    # full form -> item that only has the abbreviation
    ("Wet maatschappelijke ondersteuning", "zoek-huisartsen-actief-op", "Wmo voluit"),
    ("arts in opleiding", "leg-naast-bruggetjes-ook-wegen-aan", "AIOS voluit"),
    ("Regionale Ondersteuningsstructuur", "zoek-huisartsen-actief-op", "ROS voluit"),
    ("Gezond in de Stad", "weet-waarvoor-de-gids-gelden-bedoeld-zijn", "GIDS voluit"),
    ("somatisch onvoldoende verklaarde lichamelijke klachten", "overvecht", "SOLK voluit"),
    ("Jongeren Op Gezond Gewicht", "overvecht", "JOGG voluit"),
    ("Erasmus Medisch Centrum", "rotterdam", "Erasmus MC voluit"),
    ("Rijksinstituut voor Volksgezondheid en Milieu", "bouw-stap-voor-stap-aan-samenwerking", "RIVM voluit"),
    ("geestelijke gezondheidszorg", "betrek-andere-deelnemers-huisartsenpraktijk", "GGZ voluit"),
    ("ouderengeneeskunde", "overvecht", "SO voluit"),
    # abbreviation -> item that only writes the full form (with a word of its own: alone, the many
    # items that show the abbreviation rank first, as they should)
    ("POH Houppermans", "jeugdprofessional-als-verbindende-schakel", "praktijkondersteuner afgekort"),
    ("JGZ rijkssubsidie", "waar-zetten-gemeentes-de-middelen-voor-in", "jeugdgezondheidszorg afgekort"),
    # synonyms and spelling variants from the glossary
    ("beroepsvereniging van verloskundigen", "bouw-stap-voor-stap-aan-samenwerking", "omschrijving van de KNOV"),
    ("psychische aandoening", "overvecht", "EPA voluit"),
    ("onverklaarde lichamelijke klachten", "overvecht", "synoniem van SOLK"),
    # compound parts -> item with the compound
    ("subsidie", "waar-zetten-gemeentes-de-middelen-voor-in", "rijkssubsidie"),
    ("centrum", "verdeel-taken-en-verantwoordelijkheden", "gezondheidscentrum"),
    ("coach", "deel-een-werkplek-voor-een-dagdeel", "welzijnscoach"),
    ("medewerkers wijkteam", "leer-elkaar-kennen-en-maak-afspraken-over-informatie", "wijkteammedewerkers"),
    ("personen", "werk-met-een-sociale-kaart-en-sleutelfiguren", "contactpersonen"),
]
TOP = 5


@pytest.mark.parametrize(("query", "expected", "why"), READER_QUERIES, ids=[q for q, _e, _w in READER_QUERIES])
def test_a_reader_query_finds_the_item_in_the_top_5(visit, query, expected, why):  # noqa: F811 - the fixture of test_browser.py
    found = visit().search(query)
    assert expected in found[:TOP], f"{query!r} ({why}): {found[:10]}"


def test_the_hidden_search_terms_are_never_shown(visit):  # noqa: F811 - the fixture of test_browser.py
    page = visit(360).open("vragen/waar-zetten-gemeentes-de-middelen-voor-in/")
    hidden = page.locator(".kb-zoektermen")
    assert hidden.count() == 1
    assert not hidden.is_visible()
    assert "subsidie" not in page.evaluate("document.querySelector('article').innerText").split()


def touch_context(browser):  # noqa: F811 - the fixture of test_browser.py
    return browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True,
                               device_scale_factor=2, locale="nl-NL")


def test_a_tap_on_an_abbreviation_shows_its_explanation_in_place(browser, site):  # noqa: F811
    context = touch_context(browser)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        start = site.root + "tips/geef-poh-een-centrale-rol/"
        page.goto(start)
        abbr = page.locator("article abbr.kb-begrip", has_text="POH").first
        assert abbr.get_attribute("aria-expanded") == "false"
        note = page.locator("#" + abbr.get_attribute("aria-controls"))
        assert not note.is_visible()
        abbr.tap()
        assert page.url == start  # a tap explains; it does not leave the page
        assert abbr.get_attribute("aria-expanded") == "true"
        assert note.is_visible()
        assert "Praktijkondersteuner huisarts" in note.inner_text()
        link = note.locator("a")
        assert link.inner_text() == "Meer in de begrippenlijst"
        abbr.tap()
        assert not note.is_visible() and abbr.get_attribute("aria-expanded") == "false"
        abbr.tap()
        link.tap()
        page.wait_for_url("**/begrippen/#poh")
        assert page.locator("dt#poh").is_visible()
        assert not errors, errors
    finally:
        context.close()


def test_keyboard_opens_the_explanation_too(visit):  # noqa: F811 - the fixture of test_browser.py
    page = visit().open("tips/zoek-huisartsen-actief-op/")
    abbr = page.locator("article abbr.kb-begrip", has_text="Wmo").first
    abbr.focus()
    page.keyboard.press("Enter")
    assert abbr.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert abbr.get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("width", [360, 1280])
def test_no_accessibility_violations_with_the_glossary(visit, width):  # noqa: F811 - the fixture of test_browser.py
    v = visit(width)
    for path in ("begrippen/", "tips/geef-poh-een-centrale-rol/"):
        page = v.open(path)
        if path.startswith("tips/"):
            page.locator("article abbr.kb-begrip").first.click()  # with an explanation open
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    page = v.search_page("financiring")  # no results: the suggestions show
    assert page.locator("#kb-suggesties a").count() > 0
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("query", ["subsidie", "Wet maatschappelijke ondersteuning", "coach"])
def test_results_never_show_hidden_search_terms(visit, query):  # noqa: F811 - the fixture of test_browser.py
    """A result's excerpt shows only what its page shows a reader (or its summary), even when the
    query matched the hidden terms only (issue 11: the extra terms are never visible)."""
    v = visit(360)
    page = v.search_page(query)
    results = page.locator(".kb-resultaat")
    assert results.count() > 0, query
    shown_results = [(results.nth(n).locator("a.kb-resultaat__link").get_attribute("href"),
                      results.nth(n).locator(".kb-resultaat__uittreksel").inner_text())
                     for n in range(min(results.count(), TOP))]
    for href, excerpt in shown_results:
        page.goto(v.site.origin + href if href.startswith("/") else href)
        shown = page.evaluate("document.querySelector('article').innerText")
        visible = {w.casefold() for w in WORD.findall(shown.replace("\xad", ""))}
        words = [w.casefold() for w in WORD.findall(excerpt)]
        assert words, (query, href)
        unseen = [w for w in words if w not in visible]
        assert not unseen, f"{query!r} → {href}: het uittreksel toont {unseen}, die de pagina niet toont"


@pytest.mark.parametrize(("query", "offered"), [
    ("financiring", "Financiering"),  # a typo of a theme
    ("kadrhuisarts", "Kaderhuisarts"),  # a glossary term, misspelt
])
def test_a_search_that_finds_nothing_suggests_close_terms_and_themes(visit, query, offered):  # noqa: F811
    page = visit(360).search_page(query)
    assert page.locator(".kb-resultaat").count() == 0, query
    box = page.locator("#kb-suggesties")
    assert box.is_visible() and box.inner_text().startswith("Bedoel je misschien:")
    labels = box.locator("a").all_inner_texts()
    assert offered in labels, labels
    box.locator("a", has_text=offered).first.click()
    page.wait_for_load_state()
    assert "zoeken/" not in page.url and page.locator("article h1").count() == 1


def test_a_search_far_from_everything_still_offers_ways_to_browse(visit):  # noqa: F811
    page = visit(360).search_page("xqzwv")
    box = page.locator("#kb-suggesties")
    assert box.inner_text().startswith("Blader liever:")
    targets = box.locator("a").evaluate_all("links => links.map(a => a.pathname)")
    assert [t.rsplit("/", 2)[-2] for t in targets] == ["themas", "begrippen", "reeksen"]
    for target in targets:
        assert page.request.get(page.url.split("/zoeken/")[0].rsplit("/", 1)[0] + target).ok, target

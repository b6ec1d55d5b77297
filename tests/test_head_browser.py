"""Reeks pages on paper and the page head in Chromium (issues 12 point 1 and 13 point 5).

Each reeks page is printed to PDF (A4, print media) with Chromium's page.pdf(): the page count must stay
within two sheets per five tips (rounded up), and the PDFs are kept as artifacts (in $KB_ARTIFACTS, or
test-artifacts/head/). No PDF text library is pinned, so pages are counted from the PDF's page objects and
the text is read from the DOM in print media (innerText leaves out what print CSS hides).
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_browser import Visit, browser, engine, site  # noqa: F401 - the shared site, browser and visit helpers

from conftest import REPO

ARTIFACTS = Path(os.environ.get("KB_ARTIFACTS") or REPO / "test-artifacts") / "head"
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")  # a page object, not the /Pages tree
# Words of the site's chrome: header, navigation, search, footer. None may reach paper.
CHROME_WORDS = ["Over de Kennisbank", "Toegankelijkheid", "Praktijkvoorbeelden", "Thema's", "Zoeken"]
REEKSEN = {"huisartsen-betrekken": 5, "samenwerking-huisarts-wijkteam": 8, "lokale-coalitie-vormen": 7, "krachtige-basiszorg": 22}


@pytest.fixture
def visit(browser, site):  # noqa: F811 - the fixtures imported above
    visits = []

    def make(width=1280):
        visits.append(Visit(browser, site, width))
        return visits[-1]

    yield make
    for v in visits:
        outside = [url for url in v.requests if not url.startswith(site.origin + "/")]
        assert not outside, f"verzoeken buiten de site: {outside}"
        assert not v.errors, f"consolefouten: {v.errors}"
        v.close()


def rendered(page, selector: str) -> bool:
    """Whether an element takes up room on the page as it is now laid out (screen or print media)."""
    return page.eval_on_selector_all(selector, "ns => ns.some(n => n.getClientRects().length > 0)")


@pytest.mark.parametrize("key,tips", REEKSEN.items(), ids=list(REEKSEN))
def test_a_reeks_prints_within_its_page_budget_without_navigation(visit, key, tips):
    page = visit().open(f"reeksen/{key}/")
    titles = page.eval_on_selector_all("section.kb-reeks-tip > h2", "hs => hs.map(h => h.firstChild.textContent.trim())")
    assert len(titles) == tips
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"reeks-{key}.pdf").write_bytes(pdf)
    pages = len(PAGE_OBJECT.findall(pdf))
    budget = 2 * math.ceil(tips / 5)
    assert 1 <= pages <= budget, f"{key}: {pages} A4-pagina's voor {tips} tips, hoogstens {budget}"
    # What is on paper: the article, without the chrome.
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", "nav.kb-kruimelpad",
                     ".kb-afdrukhulp", ".headerlink"):
        assert not rendered(page, selector), f"{selector} staat op papier"
    paper = page.evaluate("document.body.innerText")
    for word in CHROME_WORDS:
        assert word not in paper, f"{key}: {word!r} (navigatie) staat op papier"
    for title in titles:
        assert title in paper, f"{key}: de tip {title!r} ontbreekt op papier"
    # The source and the page's own address go on paper.
    assert "Bron: " in paper
    canonical = page.eval_on_selector('link[rel="canonical"]', "l => l.href")
    assert page.inner_text(".kb-afdrukadres").endswith(canonical)
    # No heading alone at the foot of a sheet.
    assert page.eval_on_selector("section.kb-reeks-tip > h2", "h => getComputedStyle(h).breakAfter") == "avoid"


def test_external_links_write_their_address_on_paper(visit):
    page = visit().open("reeksen/krachtige-basiszorg/")
    page.emulate_media(media="print")
    links = page.eval_on_selector_all(
        "article a[href^='http']:not(.kb-meld-nieuwer)",  # the report link is for the screen
        "as => as.map(a => [a.href, getComputedStyle(a, '::after').content])")
    assert links, "de reeks heeft geen externe link om mee te testen"
    for href, after in links:
        assert href.rstrip("/") in after, (href, after)
    page.emulate_media(media="screen")
    assert page.eval_on_selector("article a[href^='http']", "a => getComputedStyle(a, '::after').content") in ("none", "normal")


def test_an_item_prints_its_source_and_checked_date_without_chrome(visit):
    page = visit().open("tips/zoek-huisartsen-actief-op/")
    page.emulate_media(media="print")
    paper = page.evaluate("document.body.innerText")
    assert "Bron: " in paper and "Laatst vergeleken met de bron:" in paper
    assert "Volgende tip" not in paper and "Deze pagina bewerken" not in paper
    # An item's own facts name "Thema's" and "Praktijkvoorbeeld"; the site's navigation may not be there.
    for word in ("Over de Kennisbank", "Toegankelijkheid", "Zoeken"):
        assert word not in paper, word
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", "nav.kb-kruimelpad", "nav.kb-vorige-volgende"):
        assert not rendered(page, selector), f"{selector} staat op papier"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "tip-zoek-huisartsen-actief-op.pdf").write_bytes(page.pdf(format="A4"))


@pytest.mark.parametrize("path", ["tips/zoek-huisartsen-actief-op/", "vragen/wanneer-is-een-zwangere-kwetsbaar/",
                                  "voorbeelden/overvecht/"])
def test_breadcrumb_and_head_in_the_first_screen_on_a_phone(visit, path):
    page = visit(360).open(path)
    crumb = page.locator('nav[aria-label="Kruimelpad"]')
    assert crumb.is_visible()
    assert crumb.locator("a").first.inner_text() == "Home"
    for selector in ('nav[aria-label="Kruimelpad"]', "article h1", ".kb-soort", ".kb-bronregel"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900 * 2, f"{selector} staat niet binnen twee schermen"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolt horizontaal ({overflow}px)"


def test_next_and_previous_tip_walk_through_a_reeks(visit):
    page = visit(360).open("tips/zoek-huisartsen-actief-op/")
    assert page.locator("a.kb-vorige").count() == 0
    seen = [page.locator("article h1").inner_text().rstrip("¶").strip()]
    while page.locator("a.kb-volgende").count():
        page.locator("a.kb-volgende").click()
        page.wait_for_load_state()
        seen.append(page.locator("article h1").inner_text().rstrip("¶").strip())
    assert len(seen) == REEKSEN["huisartsen-betrekken"]
    assert page.locator(".kb-soort").inner_text().startswith("Tip 5 van 5 in de reeks")
    page.locator("a.kb-vorige").click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == seen[-2]
    box = page.locator("a.kb-vorige").bounding_box()
    assert box["height"] >= 44  # a tap target on a phone


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["reeksen/krachtige-basiszorg/", "reeksen/", "rollen/huisartsenpraktijk/",
                                  "voor-wie/huisarts/", "tips/maak-deelname-eenvoudig/"])
def test_no_accessibility_violations_on_head_pages(visit, path, width):
    page = visit(width).open(path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_reeks_and_role_pages(visit, width):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    v = visit(width)
    for path, name in (("reeksen/huisartsen-betrekken/", "reeks"), ("rollen/gemeente/", "rol"),
                       ("tips/bekijk-samen-wat-deelname-oplevert/", "tip-kop")):
        target = ARTIFACTS / f"{name}-{width}.png"
        v.open(path).screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000

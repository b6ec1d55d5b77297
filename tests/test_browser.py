"""The built site in a real headless Chromium, served under a GitHub Pages-style subpath.

Search with real Dutch queries, filters, keyboard use, accessibility (axe-core), requests and
console errors, and screenshots saved to test-artifacts/ for a person to look at.

Every test runs on Material, the engine that deploys. A representative part runs on Zensical too
(marked on_both_engines): every search query, the filters, the header search, what Pagefind
indexes, axe on every page type at 360 and 1280 pixels and on the search page, the phone layout,
and screenshots. Keyboard details, highlighting and the question overview run on Material only,
to keep the suite's run time reasonable; they test our own JavaScript and CSS, which are the same.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from conftest import REPO, copy_project
from kennisbank.engines import ENGINES
from kennisbank.pipeline import build_site
from site_server import BROWSER_ARGS, SUBPATH, SiteServer, chromium_path

ARTIFACTS = REPO / "test-artifacts"

# (query, id of the item that answers it). Written from the sources; inflected forms on purpose.
QUERIES = [
    ("kaderhuisarts", "zoek-huisartsen-actief-op"),
    ("huisarts vergoeding tijd", "maak-deelname-eenvoudig"),
    ("praktijkondersteuner", "betrek-andere-deelnemers-huisartsenpraktijk"),
    ("assistente scholing", "scholing-voor-assistentes-op-het-juiste-moment"),
    ("GIDS-gelden", "weet-waarvoor-de-gids-gelden-bedoeld-zijn"),
    ("rijkssubsidie", "waar-zetten-gemeentes-de-middelen-voor-in"),
    ("Moeders van Rotterdam", "rotterdam"),
    ("armoede", "waarom-is-armoede-niet-de-kern-van-de-aanpak"),
    ("wanneer is een zwangere kwetsbaar", "wanneer-is-een-zwangere-kwetsbaar"),
    ("intentieverklaring convenant", "lokale-coalitie-borgen"),
    ("Overvecht", "overvecht"),
    ("driehoek", "overvecht"),
    ("Siilo", "leer-elkaar-kennen-en-maak-afspraken-over-informatie"),
    ("casuïstiekbespreking", "organiseer-casuistiekbesprekingen"),
    ("sociale kaart sleutelfiguur", "werk-met-een-sociale-kaart-en-sleutelfiguren"),
    ("omloopdokter", "zoek-naar-snelle-successen"),
    ("modelovereenkomst", "groningen"),
    ("verwachtingsmanagement", "doe-aan-verwachtingsmanagement"),
    ("doelgroep betrekken", "hoe-betrek-je-de-doelgroep-zelf"),
    ("ambitie formuleren", "van-ambitie-naar-resultaten"),
    ("Lotte Duis", "waarom-investeren-in-de-lokale-coalitie-als-geboortezorg"),
    ("wantrouwen", "houd-rekening-met-drempels-en-gevoeligheden"),
    ("landje pik", "blijf-nieuwsgierig-heb-lef-en-blijf-in-gesprek"),
    ("menukaart klantroute", "maak-gebruik-van-de-landelijke-tools"),
    ("Eritrese vrouwen", "bouw-stap-voor-stap-aan-samenwerking"),
    ("werkrelatie jeugdprofessional", "investeer-in-werkrelatie-jeugdprofessional-huisarts"),
    ("preconceptiezorg", "ketenpartners-meekrijgen-in-primaire-preventie"),
]
TOP = 3


# Tests that also run on Zensical; the others get the default engine, Material.
on_both_engines = pytest.mark.parametrize("engine", ENGINES, indirect=True, scope="module")


@pytest.fixture(scope="module")
def engine(request):
    return getattr(request, "param", "material")


@pytest.fixture(scope="module")
def site(tmp_path_factory, engine):
    root = copy_project(tmp_path_factory.mktemp(f"subpath-{engine}"))
    out = io.StringIO()
    assert build_site(root, site_url=f"http://127.0.0.1{SUBPATH}", stream=out, engine=engine) == 0, out.getvalue()
    with SiteServer(root / "site") as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        yield browser
        browser.close()


def result_ids(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".kb-resultaat__link", "links => links.map(a => a.getAttribute('href'))")
    return [href.split("?")[0].rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def wait_until_ready(page) -> None:
    page.wait_for_selector("#kb-zoeken[data-gereed='ja']")


class Visit:
    """A browser context that records every request and every console error."""

    def __init__(self, browser, site, width=1280):
        self.site = site
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))

    def open(self, path: str):
        response = self.page.goto(self.site.root + path)
        assert response is not None and response.ok, path
        return self.page

    def search_page(self, query: str):
        page = self.open("zoeken/?q=" + query)
        page.wait_for_selector("#kb-zoeken[data-gereed='ja']")
        return page

    def search(self, query: str) -> list[str]:
        return result_ids(self.search_page(query))

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site):
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


@on_both_engines
@pytest.mark.parametrize("query,expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_dutch_query_finds_the_item_that_answers_it(visit, query, expected):
    ids = visit().search(query)
    assert expected in ids[:TOP], f"{query!r}: {expected} niet bij de eerste {TOP}: {ids[:TOP]}"


def test_inflected_forms_are_found_and_highlighted(visit):
    v = visit()
    v.search("huisarts")
    marked = {m.lower() for m in v.page.eval_on_selector_all(".kb-resultaat mark", "ms => ms.map(m => m.textContent)")}
    assert any(m.startswith("huisartsen") for m in marked), marked
    v.search("assistente")
    marked = {m.lower().strip(".,") for m in v.page.eval_on_selector_all(".kb-resultaat mark", "ms => ms.map(m => m.textContent)")}
    assert "assistenten" in marked, marked


def test_results_show_title_excerpt_and_stay_under_the_subpath(visit):
    v = visit()
    v.search("Overvecht")
    first = v.page.locator(".kb-resultaat").first
    assert first.locator("a").inner_text() == "Alliantie Gezonde Wijk Overvecht"
    assert first.locator("mark").count() >= 1
    assert first.locator("a").get_attribute("href").startswith(SUBPATH + "voorbeelden/overvecht/")


@on_both_engines
def test_a_filter_narrows_the_results(visit):
    v = visit()
    before = v.search("huisarts")
    # A search with words does not download the filter index until the visitor asks for filters.
    assert not [url for url in v.requests if "/pagefind/filter/" in url]
    v.page.click("#kb-filterknop")  # the one Filters button (issue 13)
    v.page.wait_for_selector("input[data-filter='soort'][value='Praktijkvoorbeeld']")
    v.page.check("input[data-filter='soort'][value='Praktijkvoorbeeld']")
    wait_until_ready(v.page)
    kinds = v.page.eval_on_selector_all(".kb-resultaat__soort", "ps => ps.map(p => p.textContent)")
    assert kinds and all(k.startswith("Praktijkvoorbeeld") for k in kinds), kinds
    assert len(kinds) < len(before)
    assert v.page.locator("#kb-meer").is_hidden()  # every result fits on one page


@on_both_engines
def test_browse_by_filter_without_a_query(visit):
    v = visit()
    page = v.open("zoeken/")
    wait_until_ready(page)
    page.click("#kb-filterknop")
    page.wait_for_selector("input[data-filter='soort']")
    page.check("input[data-filter='soort'][value='Vraag']")
    wait_until_ready(page)
    assert page.locator("#kb-zoekstatus").inner_text().startswith("9 resultaten")
    # Without a query, a result shows the item's summary.
    assert page.locator(".kb-resultaat__uittreksel").first.inner_text().strip()


@on_both_engines
def test_header_search_field_on_every_page_leads_to_results(visit):
    v = visit()
    page = v.open("tips/zoek-huisartsen-actief-op/")
    page.fill("#kb-kopzoek-veld", "Siilo")
    page.press("#kb-kopzoek-veld", "Enter")
    page.wait_for_selector(".kb-resultaat__link")
    assert page.url.startswith(v.site.root + "zoeken/?q=Siilo")
    assert "leer-elkaar-kennen" in page.locator(".kb-resultaat__link").first.get_attribute("href")


def test_slash_shortcut_and_keyboard_navigation(visit):
    v = visit()
    page = v.open("vragen/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "kb-kopzoek-veld"
    v.search("omloopdokter")
    page.focus("#kb-zoekveld")
    page.keyboard.press("/")  # typing a slash in the field stays a slash
    assert page.input_value("#kb-zoekveld") == "omloopdokter/"
    page.fill("#kb-zoekveld", "omloopdokter")
    page.wait_for_timeout(200)
    wait_until_ready(page)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('kb-resultaat__link')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "kb-zoekveld"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tips/zoek-naar-snelle-successen/**")
    page.wait_for_selector("mark.pagefind-highlight")
    assert "omloopdokter" in page.locator("mark.pagefind-highlight").first.inner_text().lower()


@on_both_engines
def test_article_content_only_and_no_fused_headings(visit):
    v = visit()
    page = v.open("zoeken/")
    wait_until_ready(page)
    content = page.evaluate("""async () => {
        const pf = await import(new URL('../pagefind/pagefind.js', location.href).href);
        const search = await pf.search('kaderhuisartsen');
        const data = await search.results[0].data();
        return data.content;
    }""")
    assert "¶" not in content
    assert "Bewerken op GitHub" not in content and "Laatst vergeleken met de bron" not in content
    assert "Kruimelpad" not in content and "Deze informatie kan verouderd zijn" not in content
    assert "Volgende" not in content and "Inhoudsopgave" not in content
    assert "Zoek huisartsen actief opHuisartsen" not in content
    assert "Kansrijke StartSommige" not in content


AXE_PAGES = ["", "tips/zoek-huisartsen-actief-op/", "vragen/wanneer-is-een-zwangere-kwetsbaar/", "voorbeelden/overvecht/",
             "voorbeelden/delft/", "tips/", "vragen/", "voorbeelden/", "themas/", "themas/samenwerking/", "voor-wie/",
             "voor-wie/gemeente/", "rollen/huisartsenpraktijk/", "bronnen/", "bronnen/aanbevelingen-krachtige-basiszorg/", "toegankelijkheid/"]


@on_both_engines
@pytest.mark.parametrize("path", AXE_PAGES, ids=lambda p: p or "home")
def test_no_accessibility_violations(visit, path):
    page = visit().open(path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


# One page of every type, on a phone (the list above is checked at 1280 pixels).
AXE_PHONE_PAGES = ["", "tips/zoek-huisartsen-actief-op/", "vragen/wanneer-is-een-zwangere-kwetsbaar/", "voorbeelden/overvecht/",
                   "tips/", "vragen/", "voorbeelden/", "themas/samenwerking/", "voor-wie/gemeente/",
                   "rollen/huisartsenpraktijk/", "bronnen/aanbevelingen-krachtige-basiszorg/", "toegankelijkheid/"]


@on_both_engines
@pytest.mark.parametrize("path", AXE_PHONE_PAGES, ids=lambda p: p or "home")
def test_no_accessibility_violations_on_a_phone(visit, path):
    page = visit(360).open(path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@on_both_engines
@pytest.mark.parametrize("width", [360, 1280])
def test_search_page_with_results_has_no_accessibility_violations(visit, width):
    v = visit(width)
    v.search("huisarts")
    v.page.click("#kb-filterknop")
    v.page.wait_for_selector("fieldset.kb-filter")
    wait_until_ready(v.page)
    results = Axe().run(v.page)
    assert results.violations_count == 0, results.generate_report()


@on_both_engines
def test_readable_on_a_phone(visit):
    v = visit(360)
    for path in ["", "tips/zoek-huisartsen-actief-op/", "voorbeelden/", "vragen/"]:
        page = v.open(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path or 'home'} scrolt horizontaal ({overflow}px)"
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article.md-typeset')).fontSize)")
        assert size >= 14


def test_expandable_answers_on_the_question_overview(visit):
    page = visit().open("vragen/")
    first = page.locator("details.question").first
    assert first.get_attribute("open") is None
    first.locator("summary").click()
    assert first.get_attribute("open") is not None
    assert first.locator("p").first.is_visible()


@on_both_engines
@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_for_people_to_look_at(visit, width, engine):
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if engine == "material" else f"-{engine}"
    v = visit(width)
    v.open("").screenshot(path=str(out / f"home-{width}{suffix}.png"), full_page=True)
    v.search("huisarts betrekken")
    v.page.screenshot(path=str(out / f"zoeken-{width}{suffix}.png"), full_page=True)
    v.open("tips/zoek-huisartsen-actief-op/").screenshot(path=str(out / f"tip-{width}{suffix}.png"), full_page=True)
    for name in (f"home-{width}{suffix}.png", f"zoeken-{width}{suffix}.png", f"tip-{width}{suffix}.png"):
        assert Path(out / name).stat().st_size > 10_000

"""Issue 13 on a phone: the built site in Chromium at 360 px (and 320 px for overflow), under a subpath.

What a coalition member sees: status badges, phone-first search, the contact page from every page,
"In het kort" near the top, folded long sections, 44 px controls, 16 px text, a Tab walk with only
visible stops, a Dutch 404. Everything is measured from the layout, never grepped from the HTML.
Screenshots of each page type at 360 and 1280 px go to $KB_ARTIFACTS (default: pytest's tmp).
"""

from __future__ import annotations

import functools
import io
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from conftest import copy_project
from kennisbank.pipeline import build_site
from site_server import BROWSER_ARGS, SUBPATH, SiteServer, _Handler, chromium_path

PHONE = {"width": 360, "height": 740}
SCREEN = PHONE["height"]
NUMBER = re.compile(r"^(\d+) resultat")  # anchored, no nested quantifiers


class _NotFoundHandler(_Handler):
    """As GitHub Pages: an address that does not exist gets the site's 404.html, with status 404."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


class PagesServer(SiteServer):
    def __init__(self, site_dir: Path):
        super().__init__(site_dir)
        self.httpd.RequestHandlerClass = functools.partial(_NotFoundHandler, directory=str(site_dir))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("phone"))
    out = io.StringIO()
    assert build_site(root, site_url=f"http://127.0.0.1{SUBPATH}", stream=out) == 0, out.getvalue()
    with PagesServer(root / "site") as server:
        server.site_dir = root / "site"
        yield server


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ["KB_ARTIFACTS"]) if os.environ.get("KB_ARTIFACTS") else tmp_path_factory.mktemp("artefacten")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, site):
    contexts, errors = [], []

    def make(path: str, size: dict | None = None, ok: bool = True):
        context = browser.new_context(viewport=size or PHONE, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(str(err)))
        response = page.goto(site.root + path)
        if ok:
            assert response is not None and response.ok, path
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


def ready(page) -> None:
    page.wait_for_selector("#kb-zoeken[data-gereed='ja']")


def box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                           "return {x: r.x, y: r.y, w: r.width, h: r.height, bottom: r.bottom, right: r.right}; }")


def result_count(page) -> int:
    match = NUMBER.match(page.inner_text("#kb-zoekstatus"))
    assert match, page.inner_text("#kb-zoekstatus")
    return int(match.group(1))


# --- 1. status in plain words --------------------------------------------------------------


def test_examples_table_shows_the_badge_by_the_title_on_a_phone_and_described_first(open_page):
    page = open_page("voorbeelden/")
    rows = page.locator("article tbody tr")
    assert rows.count() == 10
    first = rows.nth(0).locator("td").first
    assert first.locator(".kb-status").inner_text() == "Uitgewerkt"
    labels = [rows.nth(i).locator("td").first.locator(".kb-status").inner_text() for i in range(rows.count())]
    assert labels == sorted(labels, key=lambda label: label != "Uitgewerkt"), labels  # described first
    assert labels.count("Alleen genoemd") == 9
    for i in range(rows.count()):  # visible without scrolling the table sideways
        badge = rows.nth(i).locator("td").first.locator(".kb-status")
        assert badge.is_visible() and badge.bounding_box()["x"] + badge.bounding_box()["width"] <= PHONE["width"]
    assert page.get_by_role("link", name="Meld een voorbeeld aan").get_attribute("href").endswith("meedoen/")


@pytest.mark.parametrize("path", ["themas/borging/", "voor-wie/gemeente/", "rollen/gemeente/"])
def test_lists_show_a_badge_for_every_example_and_described_first(open_page, path):
    page = open_page(path)
    group = page.locator("article h2", has_text="Praktijkvoorbeelden")
    assert group.count() == 1
    entries = page.locator("article h2:has-text('Praktijkvoorbeelden') + ul > li")
    assert entries.count() >= 1
    labels = [entries.nth(i).locator(".kb-status").inner_text() for i in range(entries.count())]
    assert set(labels) <= {"Uitgewerkt", "Alleen genoemd"} and len(labels) == entries.count()
    assert labels == sorted(labels, key=lambda label: label != "Uitgewerkt"), labels
    tips = page.locator("article h2:has-text('Tips') + ul .kb-status")
    assert tips.count() == 0  # a tip has no status


def test_see_also_shows_the_badge_of_an_example(open_page):
    page = open_page("voorbeelden/delft/")
    entries = page.locator("article h2:has-text('Zie ook') + ul > li")
    texts = [entries.nth(i).inner_text() for i in range(entries.count())]
    examples = [t for t in texts if "(praktijkvoorbeeld)" in t]
    assert examples and all("Alleen genoemd" in t or "Uitgewerkt" in t for t in examples), texts


def test_a_stub_says_so_links_its_source_and_invites_a_description(open_page):
    page = open_page("voorbeelden/delft/")
    stub = page.locator(".kb-stub")
    assert stub.is_visible() and "Alleen genoemd" in stub.inner_text()
    assert page.locator(".kb-stub-bron").get_attribute("href").startswith("https://www.reinierdegraaf.nl/")
    form = page.locator(".kb-stub-formulier").get_attribute("href")
    assert "/issues/new?" in form and "template=praktijkvoorbeeld.yml" in form and "titel=Delft" in form
    assert "GitHub-account" in stub.inner_text()
    assert page.locator(".kb-stub a[href$='meedoen/']").count() == 1
    described = open_page("voorbeelden/overvecht/")
    assert described.locator(".kb-stub").count() == 0


# --- 2. phone-first search ------------------------------------------------------------------


def test_enter_closes_the_keyboard_and_brings_the_first_result_into_view(open_page):
    page = open_page("zoeken/")
    ready(page)
    page.fill("#kb-zoekveld", "huisarts")
    page.press("#kb-zoekveld", "Enter")
    ready(page)
    page.wait_for_selector(".kb-resultaat")
    assert page.evaluate("document.activeElement.id") != "kb-zoekveld"  # blurred: the keyboard closes
    first = box(page, ".kb-resultaat")
    assert first["y"] >= -1 and first["y"] < SCREEN - 100, first  # scrolled into view (sub-pixel rounding allowed)
    assert page.locator("#kb-filterpaneel").is_hidden()  # results come directly under the field


def test_filters_sit_behind_one_button_with_a_live_count_and_combine_with_or(open_page):
    page = open_page("zoeken/?q=huisarts")
    ready(page)
    total = result_count(page)
    assert box(page, ".kb-resultaat")["y"] < SCREEN  # first result on the first screen, filters closed
    button = page.locator("#kb-filterknop")
    assert button.inner_text() == "Filters" and button.get_attribute("aria-expanded") == "false"
    button.click()
    page.wait_for_selector("#kb-filterpaneel:not([hidden]) fieldset")
    ready(page)
    assert button.get_attribute("aria-expanded") == "true"
    assert page.inner_text("#kb-filtertelling") == f"{total} resultaten"
    kinds = page.locator("input[data-filter='soort']")
    assert kinds.count() == 3
    page.check("input[data-filter='soort'][value='Praktijkvoorbeeld']")
    ready(page)
    examples = int(page.inner_text("#kb-filtertelling").split()[0])
    assert examples < total and button.inner_text() == "Filters (1)"
    assert result_count(page) == examples  # the panel's count is the list's count
    # The other options of the group stay, with the number they would add (OR).
    assert page.locator("input[data-filter='soort']").count() == 3
    tip_count = int(page.locator("input[data-filter='soort'][value='Tip'] ~ .kb-filter__aantal").inner_text().strip("()"))
    page.check("input[data-filter='soort'][value='Tip']")
    ready(page)
    assert result_count(page) == examples + tip_count
    assert button.inner_text() == "Filters (2)"
    page.click(".kb-filter__klaar")
    assert page.locator("#kb-filterpaneel").is_hidden()
    assert -1 <= box(page, ".kb-resultaat")["y"] < SCREEN


def test_groups_that_do_not_apply_are_hidden_and_labels_come_from_the_data(open_page):
    page = open_page("zoeken/?q=omloopdokter")  # only tips
    ready(page)
    page.click("#kb-filterknop")
    page.wait_for_selector("#kb-filterpaneel fieldset")
    ready(page)
    groups = page.eval_on_selector_all("#kb-filterpaneel fieldset", "fs => fs.map(f => f.dataset.filterBlock)")
    assert "gemeente" not in groups and "regio" not in groups and "status" not in groups, groups
    data = page.eval_on_selector("#kb-zoeken", "e => JSON.parse(e.dataset.filters)")
    labels = {f["naam"]: f["label"] for f in data}
    shown = page.eval_on_selector_all("#kb-filterpaneel legend", "ls => ls.map(l => l.textContent)")
    assert shown == [labels[g] for g in groups]


def test_status_filter_and_badges_in_search_results(open_page):
    page = open_page("zoeken/?status=Alleen+genoemd")
    ready(page)
    assert result_count(page) == 9
    badges = page.eval_on_selector_all(".kb-resultaat .kb-status", "bs => bs.map(b => b.textContent)")
    assert badges == ["Alleen genoemd"] * 9
    page = open_page("zoeken/?q=Overvecht")
    ready(page)
    first = page.locator(".kb-resultaat").first
    assert first.locator(".kb-status").inner_text() == "Uitgewerkt"


# --- 3. meedoen en contact ------------------------------------------------------------------


PAGES = {"home": "", "tip": "tips/zoek-huisartsen-actief-op/", "vraag": "vragen/wanneer-is-een-zwangere-kwetsbaar/",
         "voorbeeld": "voorbeelden/overvecht/", "stub": "voorbeelden/delft/", "tips": "tips/", "vragen": "vragen/",
         "voorbeelden": "voorbeelden/", "thema": "themas/samenwerking/", "rol": "rollen/huisartsenpraktijk/",
         "bron": "bronnen/aanbevelingen-krachtige-basiszorg/", "zoeken": "zoeken/?q=huisarts", "meedoen": "meedoen/",
         "privacy": "privacy/", "toegankelijkheid": "toegankelijkheid/"}


@pytest.mark.parametrize("name", [*PAGES, "404"])
def test_the_contact_page_is_reachable_from_every_page(open_page, site, name):
    path = PAGES.get(name, "tips/bestaat-niet/")
    page = open_page(path, ok=name != "404")
    link = page.locator("footer .kb-voet a", has_text="Meedoen en contact")
    assert link.count() == 1
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    size = link.bounding_box()
    assert size["height"] >= 44, size
    link.click()
    page.wait_for_url("**/meedoen/")
    assert page.url == site.root + "meedoen/"
    assert page.locator("article h1").inner_text().startswith("Meedoen en contact")


def test_the_contact_page_names_every_route_and_its_account(open_page):
    page = open_page("meedoen/")
    text = page.locator("article").inner_text()
    assert page.locator(".kb-plaatshouder").is_visible()  # instellingen.yml names no maintainer yet
    form = page.get_by_role("link", name="Meld een voorbeeld aan via het formulier").get_attribute("href")
    assert form.endswith("/issues/new?template=praktijkvoorbeeld.yml")
    for route in ("Een praktijkvoorbeeld aanmelden", "Een pagina verbeteren", "Zelf bewerken op GitHub"):
        section = page.locator(f"article h2:has-text('{route}') + p")
        assert "GitHub-account" in section.inner_text(), route
    assert "persoonsgegevens van cliënten" in text
    assert page.locator("article a[href^='mailto:']").count() == 0  # no address set: no e-mail route invented
    assert page.get_by_role("link", name="privacyverklaring").get_attribute("href").endswith("privacy/")


def test_item_pages_link_github_routes_with_their_account(open_page):
    page = open_page("tips/zoek-huisartsen-actief-op/")
    routes = page.locator(".kb-routes")
    assert page.get_by_role("link", name="Bewerken op GitHub").count() == 1
    assert "GitHub-account" in routes.inner_text()
    assert routes.locator("a[href$='meedoen/']").count() == 1


def test_accessibility_page_points_at_the_footer_correctly(open_page):
    text = open_page("toegankelijkheid/").locator("article").inner_text()
    assert "rechtsboven" not in text
    assert "Meedoen en contact" in text


# --- 4. long pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["voorbeelden/overvecht/", "voorbeelden/delft/", "voorbeelden/rotterdam/"])
def test_in_het_kort_within_two_screens(open_page, path):
    page = open_page(path)
    short = page.locator(".kb-kort")
    assert short.locator("h2").inner_text().startswith("In het kort")
    size = short.bounding_box()
    assert size["y"] + size["height"] <= 2 * SCREEN, size
    labels = short.locator("dt").all_inner_texts()
    assert labels == ["Wat ze deden", "Wat het opleverde", "Lessen"]


def test_in_het_kort_quotes_the_fields_or_says_the_source_is_silent(open_page):
    page = open_page("voorbeelden/overvecht/")
    quotes = page.locator(".kb-kort dd q").all_inner_texts()
    done = page.locator("article h2:has-text('Wat ze deden') + ul").inner_text()
    assert quotes and quotes[0].rstrip(" …") in " ".join(done.split())  # quoted, not rewritten
    assert page.locator(".kb-kort dd.kb-kort-leeg").first.inner_text() == "niet beschreven in de bron"
    stub = open_page("voorbeelden/delft/")
    assert stub.locator(".kb-kort dd.kb-kort-leeg").count() == 3


def test_on_this_page_is_a_closed_list_under_the_title_on_a_phone_only(open_page):
    page = open_page("voorbeelden/overvecht/")
    contents = page.locator("details.kb-opdezepagina")
    assert contents.is_visible() and contents.get_attribute("open") is None
    # Right under the page head (breadcrumb, title, type, summary, source line and its age notice:
    # issue 11's fixed order), which with the notice fills most of the first screen.
    head_end = page.locator("article .kb-verouderd, article .kb-bronregel").last.bounding_box()
    assert 0 <= contents.bounding_box()["y"] - (head_end["y"] + head_end["height"]) < 60
    assert contents.bounding_box()["y"] < 1.5 * SCREEN
    contents.locator("summary").click()
    links = contents.locator("a")
    assert links.count() >= 5 and links.first.is_visible()
    target = links.nth(1).get_attribute("href")
    links.nth(1).click()
    assert page.locator(target).is_visible()
    wide = open_page("voorbeelden/overvecht/", {"width": 1280, "height": 900})
    assert wide.locator("details.kb-opdezepagina").is_hidden()  # the theme's own contents sit beside the text


def test_long_sections_fold_their_subsections(open_page):
    page = open_page("voorbeelden/overvecht/")
    folded = page.locator("article details.kb-deel")
    assert folded.count() >= 10
    assert all(folded.nth(i).get_attribute("open") is None for i in range(folded.count()))
    did = page.locator("article h2", has_text="Wat ze deden")
    closed = did.bounding_box()["y"] + page.evaluate("scrollY")
    first = folded.first
    first.locator("summary").click()
    assert first.get_attribute("open") is not None
    assert first.locator("p, ul").first.is_visible()
    folded.evaluate_all("ds => ds.forEach(d => d.open = true)")
    opened = did.bounding_box()["y"] + page.evaluate("scrollY")
    assert opened - closed > 2 * SCREEN, (closed, opened)  # folding saves more than two screens


def test_no_duplicate_headings_on_any_item_page(site):
    from selectolax.lexbor import LexborHTMLParser
    pages = [p for folder in ("tips", "vragen", "voorbeelden") for p in (site.site_dir / folder).glob("*/index.html")]
    assert len(pages) > 50
    for path in pages:
        article = LexborHTMLParser(path.read_text(encoding="utf-8")).css_first("article")
        texts = [" ".join(h.text(deep=True).replace("¶", "").replace("\xad", "").split()) for h in article.css("h1, h2, h3, h4")]
        dupes = {t for t in texts if texts.count(t) > 1}
        assert not dupes, f"{path.parent.name}: {dupes}"


# --- 6. phone basics ------------------------------------------------------------------------


def _at_least_44(page, selector: str) -> list[str]:
    """Every visible element of selector smaller than 44 x 44 px, described."""
    return page.eval_on_selector_all(selector, """els => els.filter(e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && (r.width < 44 || r.height < 44);
    }).map(e => `${e.tagName}.${e.className} '${e.textContent.trim().slice(0, 30)}' `
                 + `${e.getBoundingClientRect().width}x${e.getBoundingClientRect().height}`)""")


def test_header_buttons_are_44_px(open_page):
    page = open_page("tips/zoek-huisartsen-actief-op/")
    assert page.locator("#kb-menuknop").is_visible()
    assert page.locator(".kb-kopzoek__knop").is_visible()
    small = _at_least_44(page, ".md-header .md-header__button, .kb-kopzoek__knop")
    assert not small, small


def test_filter_options_and_their_checkboxes_are_44_px(open_page):
    page = open_page("zoeken/?q=huisarts")
    ready(page)
    page.click("#kb-filterknop")
    page.wait_for_selector("#kb-filterpaneel fieldset")
    ready(page)
    small = _at_least_44(page, "#kb-filterpaneel label.kb-filter__optie, #kb-filterknop, #kb-filterpaneel button")
    assert not small, small
    # The whole row is the checkbox's hit area: a tap at its right end ticks it.
    option = page.locator("label.kb-filter__optie").first
    size = option.bounding_box()
    page.mouse.click(size["x"] + size["width"] - 4, size["y"] + size["height"] / 2)
    ready(page)
    assert page.locator("#kb-filterknop").inner_text() == "Filters (1)"


@pytest.mark.parametrize("path", ["", "tips/", "themas/", "themas/samenwerking/", "voor-wie/", "rollen/huisartsenpraktijk/", "bronnen/"])
def test_list_links_on_overview_pages_are_44_px_tall(open_page, path):
    page = open_page(path)
    selector = "article .kb-lijst > li > a:first-child, article .kb-index > li > a:first-child, article .grid.cards li > a"
    assert page.locator(selector).count() >= 2
    small = page.eval_on_selector_all(selector, """els => els.filter(e => e.getBoundingClientRect().height < 44)
        .map(e => `'${e.textContent.trim().slice(0, 30)}' ${e.getBoundingClientRect().height}`)""")
    assert not small, small


TEXT_SIZES = """root => {
    const small = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const el = node.parentElement;
        if (el.closest('.headerlink, .kb-filters, .kb-verborgen, [hidden]')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;  // inside a closed disclosure
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 16) small.push(`${el.tagName}.${el.className} ${size}px '${node.textContent.trim().slice(0, 30)}'`);
    }
    return small;
}"""


@pytest.mark.parametrize("path", ["tips/zoek-huisartsen-actief-op/", "vragen/", "vragen/wanneer-is-een-zwangere-kwetsbaar/",
                                  "voorbeelden/", "voorbeelden/overvecht/", "voorbeelden/delft/", "meedoen/", "themas/borging/"])
def test_content_text_is_at_least_16_px(open_page, path):
    page = open_page(path)
    for summary in page.locator("article details > summary").all():  # the answers and folded parts too
        summary.click()
    small = page.eval_on_selector("article", TEXT_SIZES)
    assert not small, small


@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_overflows_at_320_px(open_page, name):
    page = open_page(PAGES[name], {"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolt {overflow}px horizontaal"
    wide = page.eval_on_selector_all("article h1, article h2, article h3", """hs => hs.filter(h => h.scrollWidth > h.clientWidth + 1)
        .map(h => h.textContent.slice(0, 40))""")
    assert not wide, wide


def test_long_words_in_titles_break_with_a_hyphen(site, open_page):
    from selectolax.lexbor import LexborHTMLParser
    html_text = (site.site_dir / "tips" / "investeer-in-werkrelatie-jeugdprofessional-huisarts" / "index.html").read_text(encoding="utf-8")
    title = LexborHTMLParser(html_text).css_first("article h1").text()
    assert "jeugd\xadpro\xadfes\xadsi\xado\xadnal" in title.lower(), title
    page = open_page("tips/investeer-in-werkrelatie-jeugdprofessional-huisarts/", {"width": 320, "height": 640})
    # What a reader selects and copies, and what search shows, has no soft hyphens in the way.
    assert "Jeugdprofessional".lower() in page.locator("article h1").inner_text().replace("\xad", "").lower()
    search = open_page("zoeken/?q=jeugdprofessional")
    ready(search)
    titles = search.locator(".kb-resultaat__link").all_inner_texts()
    assert titles and any("jeugdprofessional" in t.replace("\xad", "").lower() for t in titles), titles


def _tab_walk(page, stops: int = 80) -> list[dict]:
    # Focused elements fade in (the skip link, permalinks): measure their end state, not the fade.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            const r = e.getBoundingClientRect();
            let hidden = false;
            for (let n = e; n; n = n.parentElement) {
                const s = getComputedStyle(n);
                if (s.visibility === 'hidden' || s.display === 'none' || parseFloat(s.opacity) === 0) { hidden = true; break; }
            }
            return {tag: e.tagName, text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
                    cls: String(e.className), w: r.width, h: r.height, x: r.x, right: r.right, hidden};
        }""")
        if info is None:
            break
        seen.append(info)
    return seen


@pytest.mark.parametrize("path", ["tips/zoek-huisartsen-actief-op/", "voorbeelden/overvecht/", ""])
def test_tab_walk_has_only_visible_stops_and_reaches_the_menu(open_page, path):
    page = open_page(path)
    stops = _tab_walk(page)
    assert len(stops) >= 5
    invisible = [s for s in stops if s["hidden"] or s["w"] == 0 or s["h"] == 0 or s["right"] <= 0 or s["x"] >= PHONE["width"]]
    # Material's skip link and permalinks are transparent until focused; focused, they show.
    assert not invisible, invisible
    menu = [s for s in stops if s["tag"] == "BUTTON" and "kb-menuknop" in s["cls"]]
    assert menu, "de menuknop is niet met Tab te bereiken"


def test_menu_button_opens_the_drawer_from_the_keyboard(open_page):
    page = open_page("tips/zoek-huisartsen-actief-op/")
    button = page.locator("#kb-menuknop")
    button.focus()
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert button.get_attribute("aria-expanded") == "true"
    page.wait_for_timeout(500)
    assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert page.locator(".md-sidebar--primary a").first.is_visible()
    wide = open_page("tips/zoek-huisartsen-actief-op/", {"width": 1280, "height": 900})
    assert wide.locator("#kb-menuknop").is_hidden()  # the navigation is always visible there


def test_dutch_404_with_search_and_main_links_under_the_subpath(open_page, site):
    page = open_page("een/pad/dat/niet/bestaat/", ok=False)
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.locator("article h1").inner_text().startswith("Deze pagina bestaat niet")
    assert "Not found" not in page.locator("article").inner_text()
    hrefs = page.eval_on_selector_all("article .kb-lijst a", "as => as.map(a => a.href)")
    assert len(hrefs) >= 6 and all(h.startswith(site.root) for h in hrefs), hrefs
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, href
    page.fill("#kb-404-veld", "Siilo")
    page.press("#kb-404-veld", "Enter")
    page.wait_for_url("**/zoeken/?q=Siilo")
    ready(page)
    assert "leer-elkaar-kennen" in page.locator(".kb-resultaat__link").first.get_attribute("href")


# --- 7. accessibility and screenshots -------------------------------------------------------


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["meedoen/", "privacy/", "voorbeelden/overvecht/", "voorbeelden/delft/", "voorbeelden/", "404"])
def test_no_accessibility_violations_on_the_new_parts(open_page, path, width):
    page = open_page("bestaat/niet/" if path == "404" else path, {"width": width, "height": 900}, ok=path != "404")
    for summary in page.locator("article details > summary").all()[:3]:
        if summary.is_visible():
            summary.click()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [360, 1280])
def test_search_with_the_filter_panel_open_has_no_accessibility_violations(open_page, width):
    page = open_page("zoeken/?q=huisarts", {"width": width, "height": 900})
    ready(page)
    page.click("#kb-filterknop")
    page.wait_for_selector("#kb-filterpaneel fieldset")
    ready(page)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_every_page_type(open_page, artifacts, width):
    for name, path in [*PAGES.items(), ("404", "bestaat/niet/")]:
        page = open_page(path, {"width": width, "height": 900}, ok=name != "404")
        if name == "zoeken":
            ready(page)
            page.click("#kb-filterknop")
            page.wait_for_selector("#kb-filterpaneel fieldset")
            ready(page)
        target = artifacts / f"phone-{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000, target
        page.context.close()

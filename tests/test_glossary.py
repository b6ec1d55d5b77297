"""The glossary (issue 11, points 1-3): content/begrippen.yml, rule W002, the begrippen/ page, <abbr> and search terms.

What a user sees: the validator's Dutch findings at file:line:col, and the built HTML parsed with Lexbor.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, copy_project, run_cli_in_process, valid_tip
from kennisbank.annotate import SEARCH_TERMS_CLASS, SEARCH_TERMS_WEIGHT, Annotator, annotate_article, compound_parts
from kennisbank.check import validate
from kennisbank.glossary import WORD, Glossary, abbreviation_like_words
from kennisbank.pipeline import build_site

TODAY = dt.date(2026, 11, 25)

GOOD_ENTRY = """\
  ggz:
    term: Geestelijke gezondheidszorg
    afkorting: GGZ
    uitleg: Zorg en ondersteuning voor mensen met psychische klachten.
    synoniemen: [ggz]
    url: https://www.rijksoverheid.nl/onderwerpen/geestelijke-gezondheidszorg
"""


def real_content(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    return root


def findings_for(tmp_path: Path, glossary: str, files: dict[str, str] | None = None) -> list[str]:
    root = real_content(tmp_path)
    (root / "content" / "begrippen.yml").write_text(glossary, encoding="utf-8")
    for rel, text in (files or {}).items():
        (root / rel).write_text(text, encoding="utf-8")
    _corpus, found = validate(root, today=TODAY)
    return [f.format() for f in found]


# --- the glossary as content ----------------------------------------------------------------


def test_real_glossary_loads_and_covers_every_abbreviation_in_the_content(tmp_path):
    root = real_content(tmp_path)
    corpus, found = validate(root, today=TODAY)
    assert corpus.glossary is not None and len(corpus.glossary.begrippen) >= 20
    assert found == [], [f.format() for f in found]
    for abbreviation in ("GGZ", "POH", "JGZ", "ROS", "HAGRO", "VWS", "CPZ", "KNOV", "LVB", "AIOS", "SOLK", "EPA",
                         "JOGG", "Wmo", "GIDS"):
        assert abbreviation in corpus.glossary.abbreviations(), abbreviation
    for key, entry in corpus.glossary.begrippen.items():
        assert entry.bron or entry.url, key
        assert entry.bron is None or entry.bron in corpus.vocabularies.bronnen, key


@pytest.mark.parametrize(("entry", "expected"), [
    ("    afkorting: POH-jeugd\n", ":10:16  E007  afkorting 'POH-jeugd' mag alleen uit letters bestaan"),
    ("    uitlegg: Een tikfout in de veldnaam.\n", ":10:5  E005  onbekend veld 'uitlegg'"),
    ("    url: javascript:alert(1)\n", ":10:10  E007  'url' moet een webadres zijn dat met https:// begint"),
    ("    synoniemen: [\"<script>\"]\n", ":10:18  E007  bevat '<'"),
], ids=["afkorting-met-koppelteken", "tikfout-in-veldnaam", "javascript-url", "html-in-synoniem"])
def test_a_bad_entry_is_reported_at_its_line_and_column(tmp_path, entry, expected):
    glossary = "begrippen:\n" + GOOD_ENTRY + "  poh:\n    term: Praktijkondersteuner huisarts\n" + entry + (
        "    uitleg: Een medewerker van de huisartsenpraktijk die de huisarts ondersteunt.\n"
        "    bron: infosheet-huisartsen-betrekken\n" if "uitlegg" not in entry else "    bron: infosheet-huisartsen-betrekken\n")
    found = findings_for(tmp_path, glossary)
    assert any(f.startswith("content/begrippen.yml" + expected) for f in found), found


def test_an_entry_without_source_is_refused(tmp_path):
    found = findings_for(tmp_path, "begrippen:\n  x:\n    term: Zonder bron\n    uitleg: Een begrip zonder bron erbij.\n")
    assert any(f.startswith("content/begrippen.yml:3:5  E007  dit begrip noemt geen bron") for f in found), found


def test_unknown_source_key_and_double_abbreviation(tmp_path):
    glossary = ("begrippen:\n" + GOOD_ENTRY + "  ggz2:\n    term: Iets anders\n    afkorting: GGZ\n"
                "    uitleg: Een tweede betekenis van dezelfde afkorting.\n    bron: infosheet-huisartsn-betrekken\n")
    found = findings_for(tmp_path, glossary)
    assert any(f.startswith("content/begrippen.yml:10:16  E013  afkorting 'GGZ' staat al bij begrip 'ggz'") for f in found), found
    assert any(f.startswith("content/begrippen.yml:12:11  E012  begrip 'ggz2' noemt onbekende bron") and
               "infosheet-huisartsen-betrekken" in f for f in found), found


@pytest.mark.parametrize(("text", "expected"), [
    ("begrippen:\n  ggz:\n\tterm: x\n", "content/begrippen.yml:3:1  E002"),
    ("begrippen:\n  ggz: {}\n  ggz: {}\n", "content/begrippen.yml:3:3  E003"),
    ("begrippen: &a\n  ggz: *a\n", "content/begrippen.yml:1:12  E018"),
    ("- ggz\n", "content/begrippen.yml:1:1  E004"),
], ids=["tab", "dubbel", "anker", "lijst"])
def test_yaml_problems_are_findings_not_tracebacks(tmp_path, text, expected):
    found = findings_for(tmp_path, text)
    assert any(f.startswith(expected) for f in found), found


# --- W002 ----------------------------------------------------------------------------------


def test_w002_names_the_unknown_abbreviation_at_its_place_and_is_a_warning(tmp_path, capsys):
    tip = valid_tip("afkortingen", volgorde=99).replace("De tekst van de tip.",
                                           "De GGZ, de POH-jeugd, POH'ers en de Wmo zijn bekend.\nMaar het QXZ-team en de QXZ niet.")
    root = real_content(tmp_path)
    (root / "content" / "tips" / "afkortingen.md").write_text(tip, encoding="utf-8")
    code, out = run_cli_in_process(capsys, "--root", str(root), "check")
    lines = [line for line in out.splitlines() if "W002" in line]
    assert lines == ["content/tips/afkortingen.md:17:10  W002  afkorting 'QXZ' staat niet in de begrippenlijst — voeg hem toe "
                     "aan content/begrippen.yml (term, afkorting, uitleg, synoniemen, bron) of schrijf het woord voluit"], out
    assert code == 0, out  # a warning: the site is still built


def test_w002_reads_titles_too_and_not_without_a_glossary(tmp_path):
    tip = valid_tip("afkortingen", volgorde=99).replace("titel: Een geldige tip", "titel: Een tip over het ZZKB")
    root = real_content(tmp_path)
    (root / "content" / "tips" / "afkortingen.md").write_text(tip, encoding="utf-8")
    found = [f.format() for f in validate(root, today=TODAY)[1]]
    assert len(found) == 1 and found[0].startswith("content/tips/afkortingen.md:3:25  W002  afkorting 'ZZKB'"), found
    root = tmp_path / "zonder"
    shutil.copytree(REPO / "content", root / "content")
    (root / "content" / "begrippen.yml").unlink()
    (root / "content" / "tips" / "afkortingen.md").write_text(tip, encoding="utf-8")
    _corpus, found = validate(root, today=TODAY)
    assert found == []


def test_w002_is_linear_in_the_text(tmp_path):
    def seconds(n: int) -> float:
        body = " ".join(f"A{chr(66 + i % 20)}{'C' * (i % 7)}x" for i in range(n))
        tip = valid_tip("lang").replace("De tekst van de tip.", body)
        root = tmp_path / f"r{n}"
        shutil.copytree(REPO / "content", root / "content")
        (root / "content" / "tips" / "lang.md").write_text(tip, encoding="utf-8")
        start = time.perf_counter()
        validate(root, today=TODAY)
        return time.perf_counter() - start

    small, large = seconds(2_000), seconds(20_000)
    assert large < max(small * 25, 0.5), (small, large)


# --- annotate.py, directly -------------------------------------------------------------------


def glossary() -> Glossary:
    from kennisbank.loader import load
    return load(REPO).glossary


def test_abbr_only_in_text_nodes_and_only_the_first_occurrence():
    article = ('<h1 id="t">Over <a href="x">GGZ</a> en <code>GGZ</code><a class="headerlink" href="#t">¶</a></h1>'
               '<p title="GGZ">Eerst GGZ, dan GGZ weer.</p><div hidden>POH</div><p>Een POH\'er &amp; de JGZ.</p>')
    tree = LexborHTMLParser(article)
    annotator = Annotator(glossary())
    assert annotator.candidates(article) == {"GGZ", "POH", "JGZ"}
    assert annotator.explain(tree.body, "tips/x/", annotator.candidates(article))
    out = LexborHTMLParser(tree.body.inner_html)
    abbrs = out.css("abbr")
    assert [a.text() for a in abbrs] == ["GGZ", "POH", "JGZ"]
    assert abbrs[0].parent.tag == "p" and abbrs[0].parent.attributes["title"] == "GGZ"
    assert out.css_first("p").text() == "Eerst GGZ, dan GGZ weer."
    assert abbrs[0].attributes["data-begrip"] == "../../begrippen/#ggz"
    assert abbrs[0].attributes["title"].startswith("Geestelijke gezondheidszorg: ")
    assert out.css_first("a").text() == "GGZ" and not out.css("a abbr, code abbr, [hidden] abbr")
    assert "&amp; de" in tree.body.inner_html  # text stays escaped


def test_abbreviations_outside_the_text_leave_the_article_as_it_was():
    """The quick test on the HTML finds whole words anywhere (also in attributes); only text is annotated."""
    annotator = Annotator(glossary())
    only_attribute = '<p title="GGZ en POH">Geen afkorting in de tekst, ook niet in GGZ-achtig of POHS.</p>'
    assert annotator.candidates(only_attribute) == {"GGZ", "POH"}  # 'GGZ-achtig' counts; 'POHS' does not
    assert annotate_article('<p title="POH">tekst</p>', "tips/x/", annotator) == '<p title="POH">tekst</p>'
    assert annotator.candidates("<p>SOLKA en JGZ'er</p>") == {"JGZ"}  # SOLK and SO are in it, as parts only


def test_compound_parts_come_from_the_site_vocabulary():
    words = frozenset({"rijk", "subsidie", "gezondheid", "praktijk", "huisartsen"})
    assert set(compound_parts("rijkssubsidie", words)) == {"rijk", "subsidie"}
    assert "centrum" in compound_parts("gezondheidscentrum", words)
    assert set(compound_parts("huisartsenpraktijk", words)) >= {"huisartsen", "praktijk"}
    assert compound_parts("zelfstandig", words | {"zelf"}) == []
    assert compound_parts("a" * 10_000, words) == []


# --- the built site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("glossary-site"))
    out = io.StringIO()
    assert build_site(root, stream=out) == 0, out.getvalue()
    return root / "site"


def page(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def test_glossary_page_lists_every_term_alphabetically_with_anchors(built):
    tree = page(built, "begrippen/")
    terms = tree.css("article dl.kb-begrippen dt")
    keys = [dt_.attributes.get("id") for dt_ in terms]
    names = [dt_.css_first("dfn").text() for dt_ in terms]
    assert {"ggz", "wmo", "poh", "gids", "kansrijke-start"} <= set(keys)
    assert names == sorted(names, key=str.casefold)
    ggz = tree.css_first("dt#ggz")
    assert ggz.text().startswith("GGZ: Geestelijke gezondheidszorg")
    assert "psychische klachten" in tree.css_first("dt#ggz + dd").text()
    nav = [a.text(strip=True) for a in page(built, "tips/").css("nav a") if a.attributes.get("href", "").endswith("begrippen/")]
    assert "Begrippen" in nav
    assert not tree.css("article abbr")  # the glossary explains itself


def test_glossary_page_is_not_in_the_search_index(built):
    # Only the folders of item pages are indexed (index.ITEM_FOLDERS): the glossary page lies outside
    # them, and no marker on it pulls it in.
    from kennisbank.index import ITEM_FOLDERS
    assert "begrippen" not in ITEM_FOLDERS
    assert page(built, "begrippen/").css_first("[data-pagefind-body]") is None


@pytest.mark.parametrize(("url", "word"), [
    ("tips/geef-poh-een-centrale-rol/", "POH"),
    ("tips/deel-goede-voorbeelden-met-het-cpz/", "CPZ"),
    ("tips/zoek-huisartsen-actief-op/", "Wmo"),
    ("vragen/", "VWS"),
    ("tips/", "POH"),
    ("toegankelijkheid/", "WCAG"),
])
def test_abbr_at_the_first_occurrence_on_item_overview_and_written_pages(built, url, word):
    tree = page(built, url)
    article = tree.css_first("article")
    abbrs = [a for a in article.css("abbr.kb-begrip") if a.text() == word]
    assert len(abbrs) == 1, url
    abbr = abbrs[0]
    assert abbr.attributes["title"] and abbr.attributes["data-begrip"].endswith("begrippen/#" + word.lower())
    # It is the first occurrence of the word (a whole word) in the article's ordinary text.
    for node in article.traverse(include_text=True):
        if node.tag != "-text" or word not in WORD.findall(node.text_content or ""):
            continue
        ancestors, parent = [], node.parent
        while parent is not None and parent.tag != "article":
            ancestors.append(parent)
            parent = parent.parent
        if any(a.tag in ("a", "code", "nav") or "hidden" in a.attributes for a in ancestors):
            continue
        assert ancestors[0].tag == "abbr", (url, node.text_content)
        break
    for other in tree.css("a abbr, code abbr, pre abbr, title abbr, head abbr, .headerlink abbr"):
        raise AssertionError(f"<abbr> in the wrong place on {url}: {other.parent.html}")


def test_no_abbr_in_attributes_or_outside_the_article(built):
    for path in built.rglob("*.html"):
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        assert not tree.css("head abbr, nav abbr, header abbr, footer abbr"), path
        for node in tree.css("[title], [content], [aria-label], [alt]"):
            for name in ("title", "content", "aria-label", "alt"):
                assert "<abbr" not in (node.attributes.get(name) or ""), path


def test_items_carry_hidden_search_terms_with_low_weight(built):
    tree = page(built, "vragen/waar-zetten-gemeentes-de-middelen-voor-in/")
    hidden = tree.css(f"article .{SEARCH_TERMS_CLASS}")
    assert len(hidden) == 1
    div = hidden[0]
    assert "hidden" in div.attributes and div.attributes["data-pagefind-weight"] == SEARCH_TERMS_WEIGHT
    assert "data-pagefind-ignore" not in div.attributes
    words = div.text()
    assert "subsidie" in words and "Volksgezondheid" in words  # rijkssubsidie; VWS voluit
    assert "GIDS" not in words.split()  # visible on the page already: never weighed twice
    overview = page(built, "vragen/")
    assert not overview.css(f".{SEARCH_TERMS_CLASS}")  # only items are search results


def test_soft_hyphens_do_not_split_words_for_the_search_terms():
    annotator = Annotator(glossary(), frozenset({"gezondheid", "centrum"}))
    whole = annotator.search_terms("Het gezondheidscentrum")
    assert "centrum" in whole
    assert annotator.search_terms("Het gezondheids\u00adcentrum") == whole


@pytest.mark.parametrize("text", [
    "De GGZ en de POH-jeugd, POH'ers en de Wmo.", "xAB aBcD Abc ABC", "ÉÉN keer ÀÉ, én ÉÉn", "a1B A1B AB_CD AB2CD",
    "Łódź ŁÓDŹ", "ǅǅ İİ ßSS", "’t KNMG–JGZ “CJG”", "aaaA" * 50, "Ab " * 50 + "ĀB", "ABC\nDEF\n", "",
])
def test_abbreviation_like_words_are_the_words_of_two_or_more_capitals(text):
    # Both paths (Latin-1 capitals in pairs, or word by word when a capital lies beyond Latin-1) must
    # give exactly the words that have two capitals.
    expected = {word for word in WORD.findall(text) if sum(char.isupper() for char in word) >= 2}
    assert abbreviation_like_words(text) == expected
    assert abbreviation_like_words(text + " Ā") == expected  # the same text down the word-by-word path

"""The stamp stage: every value lands, escaped, at its own place; every stamped page is verified.

The hostile builds bypass the validator (which refuses '<' in titles since issue 9) by handing the
renderer items and vocabularies with hostile values: the stamp must be safe on its own.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import kennisbank.pipeline as pipeline
import kennisbank.stamp as stamp
from conftest import copy_project
from kennisbank.loader import load
from kennisbank.postbuild import check_site
from kennisbank.render import TOKEN, ItemPage, Renderer
from kennisbank.stamp import Shell, StampError

SITE_NAME = "Kennisbank Kansrijke Start"
HOSTILE = [
    '"><meta http-equiv=refresh content="0;url=https://evil.example">',
    "</title><script>alert(1)</script>",
    "KBSJABLOONTITEL KBSJABLOONBESCHRIJVING KBLIJST1 KBSJABLOONKOP",
    "' onmouseover='alert(1)",
]
HOSTILE_TITLE = " ".join(HOSTILE)
HOSTILE_SUMMARY = " | ".join(HOSTILE)
HOSTILE_LABEL = '<img src=x onerror=alert(1)> & "Samenwerking" </h2><script>alert(2)</script>'


SHY = "\u00ad"  # soft hyphens in long words of titles and headings (issue 13): invisible, not markup


def _tree(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def _build(root: Path, site_url: str | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = pipeline.build_site(root, site_url=site_url, stream=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The real content, one tip with a hostile title and summary, and a theme with a hostile label."""
    root = copy_project(tmp_path_factory.mktemp("stamp"))
    patch = pytest.MonkeyPatch()

    def renderer(items, vocab, settings, **options):  # options: the maintainers' settings, the build date
        changed = [item if item.id != "zoek-huisartsen-actief-op" else
                   type(item)(item.type, item.meta.model_copy(update={"titel": HOSTILE_TITLE, "samenvatting": HOSTILE_SUMMARY}),
                              item.body, item.path, item.body_line) for item in items]
        themas = dict(vocab.themas)
        themas["huisartsen-betrekken"] = themas["huisartsen-betrekken"].model_copy(update={"label": HOSTILE_LABEL, "beschrijving": HOSTILE_LABEL})
        return Renderer(changed, vocab.model_copy(update={"themas": themas}), settings, **options)

    patch.setattr(pipeline, "Renderer", renderer)
    try:
        code, output = _build(root, "https://voorbeeld.github.io/kennisbank/")
    finally:
        patch.undo()
    assert code == 0, output
    return root / "site"


def test_hostile_title_and_summary_stay_text_in_every_place(hostile_site):
    tree = _tree(hostile_site, "tips/zoek-huisartsen-actief-op")
    assert tree.css_first("title").text() == f"{HOSTILE_TITLE} - {SITE_NAME}"
    assert [m.attributes["content"] for m in tree.css('meta[name="description"]')] == [HOSTILE_SUMMARY]
    assert tree.css('meta[http-equiv]') == []
    assert [link.attributes["href"] for link in tree.css('link[rel="canonical"]')] == [
        "https://voorbeeld.github.io/kennisbank/tips/zoek-huisartsen-actief-op/"]
    assert tree.css_first("article h1").text().replace(SHY, "").removesuffix("¶") == HOSTILE_TITLE
    assert HOSTILE_TITLE in tree.css_first('[data-md-component="header-topic"]').text()
    assert not [a for node in tree.css("*") for a in node.attributes if a.startswith("on")]
    assert check_site(hostile_site, "/kennisbank/") == []


def test_hostile_title_is_text_on_the_overviews_too(hostile_site):
    for url in ("tips", "themas/huisartsen-betrekken", "voor-wie/gemeente"):
        tree = _tree(hostile_site, url)
        titles = [a.text().replace(SHY, "") for a in tree.css("article a") if a.attributes.get("href", "").endswith("zoek-huisartsen-actief-op/")]
        assert titles == [HOSTILE_TITLE], url
        assert HOSTILE_SUMMARY in [span.text() for span in tree.css(".kb-lijst-samenvatting")], url


def test_hostile_vocabulary_label_is_text_in_title_description_heading_and_toc(hostile_site):
    tree = _tree(hostile_site, "themas/huisartsen-betrekken")
    assert tree.css_first("title").text() == f"{HOSTILE_LABEL} - {SITE_NAME}"
    assert tree.css_first('meta[name="description"]').attributes["content"] == HOSTILE_LABEL
    assert tree.css_first("article h1").text().replace(SHY, "").removesuffix("¶") == HOSTILE_LABEL
    assert tree.css("img") == [] and tree.css("article script") == []
    index = _tree(hostile_site, "themas")
    assert HOSTILE_LABEL in [a.text().replace(SHY, "") for a in index.css("article li a")]
    item = _tree(hostile_site, "tips/zoek-huisartsen-actief-op")
    assert HOSTILE_LABEL in [a.text().replace(SHY, "") for a in item.css("article a")]


def test_the_old_placeholder_words_in_real_content_are_plain_text(tmp_path):
    root = copy_project(tmp_path / "project")
    tip = root / "content" / "tips" / "zoek-huisartsen-actief-op.md"
    text = tip.read_text(encoding="utf-8")
    summary = "Een samenvatting met KBSJABLOONTITEL, KBSJABLOONBESCHRIJVING en KBLIJST1 erin."
    lines = [f"samenvatting: {summary}" if line.startswith("samenvatting:") else line for line in text.split("\n")]
    tip.write_text("\n".join(lines) + "\n\nKBLIJST1\n\nKBLIJST2 KBSJABLOONINHOUD\n", encoding="utf-8")
    code, output = _build(root)
    assert code == 0, output
    tree = _tree(root / "site", "tips/zoek-huisartsen-actief-op")
    assert tree.css_first('meta[name="description"]').attributes["content"] == summary
    assert "KBLIJST1" in [p.text() for p in tree.css("article p")]


def test_placeholder_paragraphs_in_an_answer_do_not_multiply_the_overview(tmp_path):
    """Issue 9: paragraphs of placeholder words in an answer used to pull in whole lists, many times over."""
    root = copy_project(tmp_path / "project")
    code, output = _build(root)
    assert code == 0, output
    before = (root / "site" / "vragen" / "index.html").stat().st_size
    answer = "\n\n".join([f"KBLIJST{n}" for n in range(1, 81)] * 5 + ["KBSJABLOONINHOUD", "KBSJABLOONTITEL"]) + "\n"
    question = root / "content" / "faq" / "lokale-coalitie-borgen.md"
    question.write_text(question.read_text(encoding="utf-8") + "\n" + answer, encoding="utf-8")
    code, output = _build(root)
    assert code == 0, output
    after = (root / "site" / "vragen" / "index.html").stat().st_size
    # The answer once as paragraphs, and once as text in the page's FAQPage JSON-LD (issue 12); nothing multiplied.
    assert after - before < 3 * len(answer) + 1000


# --- the stamp fails closed ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", [stamp._TEXT, stamp._DESCRIPTION, stamp._CANONICAL_URL, stamp._TOC, stamp._ANCHOR])
def test_a_stamp_that_skips_a_value_fails_the_build(tmp_path, monkeypatch, kind):
    """Remove one rewriting (title, description, canonical, toc, link to the h1): the verification must catch it."""
    root = copy_project(tmp_path / "project")
    real_join = stamp._join

    def join(pieces, values):
        if kind in values:  # a stamp that forgot this value: the shell's own, or nothing
            values = {**values, kind: {stamp._CANONICAL_URL: "http://127.0.0.1:8000/tips/kb-sjabloon/",
                                       stamp._ANCHOR: TOKEN + "titel"}.get(kind, "")}
        return real_join(pieces, values)

    monkeypatch.setattr(stamp, "_join", join)
    code, output = _build(root)
    assert code == 1, output
    assert "konden niet in het thema worden gezet" in output and "ongewijzigd" in output
    assert re.search(r"gezet: [a-z-]+/[a-z0-9/-]*(index\.html)?: ", output), output  # names the page


def test_a_page_above_the_size_bound_fails_the_build_naming_it(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    # Below the largest pages (voorbeelden/overvecht/ and the overviews that hold every answer or tip).
    monkeypatch.setattr(stamp, "MAX_PAGE_BYTES", 20_000)
    code, output = _build(root)
    assert code == 1
    found = re.search(r"gezet: ([a-z0-9/-]+/): de pagina wordt ([0-9.]+) bytes, meer dan de grens van 20\.000 bytes", output)
    assert found, output
    assert int(found[2].replace(".", "")) > 20_000
    assert (root / "content").exists() and "ongewijzigd" in output


def test_content_that_holds_the_real_token_fails_closed(tmp_path, monkeypatch):
    """Content cannot know the token; if it had it anyway, the stamp still never re-reads a value,
    and the check for leftover tokens refuses the site rather than guess."""
    root = copy_project(tmp_path / "project")
    tip = root / "content" / "tips" / "zoek-huisartsen-actief-op.md"
    tip.write_text(tip.read_text(encoding="utf-8") + f"\n{TOKEN}titel\n", encoding="utf-8")
    code, output = _build(root)
    assert code == 1
    assert "tips/zoek-huisartsen-actief-op/index.html: er staat nog een plaatshouder in" in output


def test_deeply_nested_content_fails_the_build_quickly_naming_the_page(tmp_path):
    """100 kB of '>' is 100,000 nested blockquotes: refused before any HTML parser sees it."""
    root = copy_project(tmp_path / "project")
    tip = root / "content" / "tips" / "zoek-huisartsen-actief-op.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "\n" + ">" * 100_000 + " diep\n", encoding="utf-8")
    start = time.perf_counter()
    code, output = _build(root)
    assert code == 1
    # make check refuses it first (E030, at the file); the stamp's own bound is tested on a page below.
    assert "content/tips/zoek-huisartsen-actief-op.md:" in output and "E030" in output, output
    assert time.perf_counter() - start < 60  # a hang guard, not a benchmark: parsing it would take minutes


def test_the_stamp_refuses_a_page_nested_deeper_than_its_bound(tmp_path):
    """Its own bound, for what make check does not see (hand-written or generated markup)."""
    article = "<div>" * 300 + "diep" + "</div>" * 300
    page = ItemPage("tips/diep/", "tips", "Diep", "Een diep geneste pagina voor de test.", "diep", article, ())
    with pytest.raises(StampError, match="tips/diep/: de inhoud is 30[0-9] niveaus diep genest, de grens is 200"):
        stamp.stamp_pages(tmp_path, [page], {"tips": None})


def test_a_token_left_anywhere_fails_the_build(tmp_path):
    site = tmp_path / "site"
    (site / "zoeken").mkdir(parents=True)
    (site / "zoeken" / "index.html").write_text(f"<p>{TOKEN}titel</p>", encoding="utf-8")
    with pytest.raises(StampError, match="zoeken/index.html: er staat nog een plaatshouder in"):
        stamp.no_token_left(site, TOKEN)


# --- the shell, cut once ----------------------------------------------------------------------


def _shell_html(extra_head: str = "", extra_toc: str = "", skip: str = "") -> str:
    t = TOKEN
    return (f'<html><head><meta name="description" content="{t}beschrijving">'
            f'<link rel="canonical" href="https://x.example/sub/tips/kb-sjabloon/"><title>{t}titel - Site</title>{extra_head}</head>'
            f'<body><a href="#{t}titel" class="md-skip">Naar inhoud</a><div data-md-component="header-topic">{t}titel</div>'
            f'<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix><li class="md-nav__item">{extra_toc}'
            f'<a href="#{t}kop" class="md-nav__link">{t}kop</a></li></ul>'
            f'<article class="md-content__inner md-typeset">{skip}<h1 id="{t}titel">{t}titel</h1>\n<p>{t}inhoud</p>\n'
            f'<h2 id="{t}kop">{t}kop</h2></article></body></html>')


def test_shell_values_are_escaped_for_their_place():
    shell = Shell.parse(_shell_html(), "tips/kb-sjabloon/", TOKEN)
    assert shell.base == "https://x.example/sub/" and shell.site_name == "Site"
    page = ItemPage("tips/x/", "tips", HOSTILE_TITLE, HOSTILE_SUMMARY, "x", "<h1 id=\"x\">x</h1>",
                    (stamp.Heading(2, 'a"b', HOSTILE_LABEL), stamp.Heading(3, "c", "</a><script>")))
    html_text = shell.page(page)
    assert stamp.verify_page(html_text, page, shell) == []
    tree = LexborHTMLParser(html_text)
    assert [a.text() for a in tree.css("ul a")] == [HOSTILE_LABEL, "</a><script>"]
    assert tree.css("script") == [] and tree.css("meta[http-equiv]") == []


@pytest.mark.parametrize("extra_head,extra_toc,message", [
    (f"<meta property=og:title content='{TOKEN}titel'>", "", "onverwachte plaatsen"),  # a third, unknown place
    (f'<meta name="description" content="{TOKEN}beschrijving">', "", "niet precies één <meta name=\"description\">"),
    ("", f"<li>{TOKEN}kop {TOKEN}kop</li>", "onverwachte vorm"),
    ('<link rel="canonical" href="https://x.example/y/">', "", "canonical"),
])
def test_a_shell_of_an_unexpected_shape_is_refused(extra_head, extra_toc, message):
    with pytest.raises(StampError, match=message):
        Shell.parse(_shell_html(extra_head, extra_toc), "tips/kb-sjabloon/", TOKEN)


@pytest.mark.parametrize("change,message", [
    (("</ul>", ""), "niet afgesloten"),
    (('<link rel="canonical" href="https://x.example/sub/tips/kb-sjabloon/">', ""), "canonical"),
    (("<title>", "<title>Vast "), "<title>"),
    (("</article>", ""), "<article>"),
])
def test_a_broken_shell_is_a_stamp_error_not_a_crash(change, message):
    with pytest.raises(StampError, match=message):
        Shell.parse(_shell_html().replace(*change), "tips/kb-sjabloon/", TOKEN)


def test_every_page_of_a_real_build_is_verified(tmp_path, monkeypatch):
    """The verification runs on every stamped page: items and overviews (on the post-build scan's parse)."""
    root = copy_project(tmp_path / "project")
    seen = []
    real = stamp.verify_tree

    def spy(tree, page, shell):
        seen.append(page.url)
        return real(tree, page, shell)

    monkeypatch.setattr(stamp, "verify_tree", spy)
    code, output = _build(root)
    assert code == 0, output
    items = {f"{i.type.url_folder}/{i.id}/" for i in load(root).items}
    assert items <= set(seen)
    assert {"tips/", "vragen/", "voorbeelden/", "themas/", "themas/samenwerking/", "bronnen/", "voor-wie/"} <= set(seen)


# --- the theme contract, on shells of each shape -------------------------------------------------

ZENSICAL_SKIP = '\n                <a id="__skip" tabindex="-1"></a>\n'


def test_zensicals_skip_anchor_stays_at_the_top_of_every_article():
    shell = Shell.parse(_shell_html(skip=ZENSICAL_SKIP), "tips/kb-sjabloon/", TOKEN)
    page = ItemPage("tips/x/", "tips", "Titel", "Samenvatting", "x", '<h1 id="x">Titel</h1>', ())
    tree = LexborHTMLParser(shell.page(page))
    assert [(n.tag, n.attributes.get("id")) for n in tree.css_first("article").iter() if n.tag != "-text"] == [
        ("a", "__skip"), ("h1", "x")]


@pytest.mark.parametrize("skip", ['<a id="__skip">tekst</a>', '<a id="__skip"><img src="x.png"></a>'])
def test_a_skip_anchor_with_content_is_refused(skip):
    with pytest.raises(StampError, match="overslaglink"):
        Shell.parse(_shell_html(skip=skip), "tips/kb-sjabloon/", TOKEN)


@pytest.mark.parametrize("markup,feature", [
    ('<a href="https://e.org/edit" class="md-content__button md-icon" rel="edit">b</a>', "content.action.edit"),
    ('<a href="https://e.org/raw" class="md-content__button md-icon">b</a>', "content.action.view"),
    ('<nav class="md-tags"><span class="md-tag">x</span></nav>', "plugin tags"),
    ('<nav class="md-path"><ol></ol></nav>', "navigation.path"),
    ('<aside class="md-source-file">x</aside>', "git-revision-date"),
    ('<form class="md-feedback" hidden></form>', "feedback"),
])
def test_a_theme_feature_inside_the_article_is_refused_by_name(markup, feature):
    html_text = _shell_html().replace('<article class="md-content__inner md-typeset">',
                                      '<article class="md-content__inner md-typeset">' + markup)
    with pytest.raises(StampError, match="binnen <article>.*zet deze functie uit") as caught:
        Shell.parse(html_text, "tips/kb-sjabloon/", TOKEN)
    assert feature in str(caught.value)


@pytest.mark.parametrize("change", [("</h1>", "</h1><div>nieuw</div>"), (f"<p>{TOKEN}inhoud</p>", ""),
                                    (f"<p>{TOKEN}inhoud</p>", "<p>anders</p>")])
def test_anything_else_in_the_article_is_refused(change):
    with pytest.raises(StampError, match="in <article> staat iets anders dan de tekst van het sjabloon"):
        Shell.parse(_shell_html().replace(*change), "tips/kb-sjabloon/", TOKEN)

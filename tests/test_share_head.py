"""Issue 12, the parts without a build: JSON-LD serialization, the post-build checks of this area's files."""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from kennisbank import postbuild
from kennisbank.share import head, structured
from kennisbank.share.scan import jsonld_problems

HOSTILE = {"@type": "Article", "headline": "</script><script>alert(1)</script>", "name": "<!-- & &amp; \u2028",
           "url": "tips/x/", "citation": {"url": "https://bron.example/a?b=1&c=<2>"}}


def test_json_ld_cannot_leave_its_script_element():
    markup = structured.script(HOSTILE, "https://voorbeeld.org/sub/")
    tree = LexborHTMLParser(f"<html><head>{markup}</head><body></body></html>")
    scripts = tree.css("script")
    assert len(scripts) == 1 and scripts[0].attributes["type"] == "application/ld+json"
    assert "<" not in scripts[0].text() and ">" not in scripts[0].text() and "&" not in scripts[0].text()
    data = json.loads(scripts[0].text())
    assert data["headline"] == HOSTILE["headline"] and data["name"] == HOSTILE["name"]
    assert data["url"] == "https://voorbeeld.org/sub/tips/x/"  # the site's own link made absolute
    assert data["citation"]["url"] == HOSTILE["citation"]["url"]  # another site's link untouched
    assert jsonld_problems(scripts[0].text()) == []


@pytest.mark.parametrize("text,fragment", [
    ('{"a": "<b>"}', "'<'"),
    ('{"a": "</script>"}', "geen geldige JSON"),  # the parser ends the element there: what is left is not JSON
    ('{"a": 1', "geen geldige JSON"),
    ("alert(1)", "geen geldige JSON"),
])
def test_the_scan_refuses_json_ld_that_is_not_safe_json(text, fragment):
    page = f'<html><head><script type="application/ld+json">{text}</script></head><body></body></html>'
    problems = postbuild.scan_markup(page, "tips/x/index.html", "/", article=False).problems
    assert any(fragment in problem for problem in problems), problems


def test_the_scan_still_refuses_other_inline_scripts():
    for kind in ("text/javascript", "module", "application/ld+json-not"):
        page = f'<html><head><script type="{kind}">{{"a": 1}}</script></head><body></body></html>'
        problems = postbuild.scan_markup(page, "tips/x/index.html", "/", article=False).problems
        assert "inline <script> dat niet van het thema is" in problems, kind


def test_preview_tags_escape_every_value_for_an_attribute():
    tags = head.tags(title='a" onmouseover="alert(1)', description="<b>&", url="https://v.org/x/", base="https://v.org/",
                     site_name="Kennisbank")
    tree = LexborHTMLParser(f"<html><head>{tags}</head><body></body></html>")
    metas = {node.attributes.get("property") or node.attributes.get("name"): node.attributes for node in tree.css("meta")}
    assert metas["og:title"]["content"] == 'a" onmouseover="alert(1)'
    assert not any(name.startswith("on") for attributes in metas.values() for name in attributes)
    assert metas["og:description"]["content"] == "<b>&"
    assert tree.css_first("b") is None


def test_the_open_data_page_shows_the_licence_once_it_is_set():
    from conftest import REPO
    from kennisbank.loader import load
    from kennisbank.render import Renderer, Settings

    corpus = load(REPO)
    for licence, expected, absent in (("CC BY 4.0", "CC BY 4.0", "nog niet vastgesteld"), (None, "Licentie nog niet vastgesteld", None)):
        rendered = Renderer(corpus.items, corpus.vocabularies, Settings("https://github.com/o/r", licence=licence)).render()
        (page,) = [p for p in rendered.overviews if p.url == "open-data/"]
        text = LexborHTMLParser(page.article).text()
        assert expected in text
        assert absent is None or absent not in text

"""Golden files: the Markdown the generator writes for a small fixed corpus.

Update after an intended change with: UPDATE_GOLDEN=1 make test (then review the diff).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from kennisbank.check import validate
from kennisbank.render import TOKEN, Renderer, Settings, esc, related_map, shell_text

FIXTURE = REPO / "tests" / "fixtures" / "mini"
GOLDEN = REPO / "tests" / "golden"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("mini")
    shutil.copytree(FIXTURE / "content", root / "content")
    shutil.copy(REPO / "content" / "vocabulaires.yml", root / "content" / "vocabulaires.yml")
    corpus, found = validate(root, today=dt.date(2026, 11, 23))
    assert found == []
    renderer = Renderer(corpus.items, corpus.vocabularies, Settings(repo_url="https://github.com/voorbeeld/kennisbank"),
                        today=dt.date(2026, 11, 23))  # the age notice compares with the build date
    rendered = renderer.render()
    views = {page.path: page.text for page in rendered.pages}  # shells and snippets
    for item in rendered.items + rendered.overviews:  # what is stamped: title, description, table of contents, article
        meta = f"<!-- titel: {item.title} -->\n<!-- beschrijving: {item.description} -->\n"
        toc = "".join(f"<!-- inhoud: h{h.level} #{h.id} {h.text} -->\n" for h in item.toc)
        views[(item.url.rstrip("/") or "index") + ".html"] = meta + toc + item.article
    return views


GOLDEN_PAGES = ["tips/mini-tip.html", "vragen/mini-vraag.html", "voorbeelden/mini-voorbeeld.html",
                "tips.html", "vragen.html", "voorbeelden.html", "themas/samenwerking.html",
                "voor-wie.html", "bronnen/infosheet-huisartsen-betrekken.html",
                "reeksen/huisartsen-betrekken.html", "rollen/huisartsenpraktijk.html", "voor-wie/huisarts.html"]


@pytest.mark.parametrize("path", GOLDEN_PAGES)
def test_page_matches_golden_file(pages, path):
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[path], encoding="utf-8")
    assert golden.is_file(), f"{golden} ontbreekt: draai UPDATE_GOLDEN=1 make test"
    assert pages[path] == golden.read_text(encoding="utf-8")


def test_every_type_and_vocabulary_gets_pages(pages):
    assert {"tips/index.md", "vragen/index.md", "voorbeelden/index.md", "themas/index.md", "voor-wie/index.md",
            "bronnen/index.md", "tips.html", "vragen.html", "voorbeelden.html", "themas.html", "voor-wie.html",
            "bronnen.html"} <= set(pages)
    assert "voor-wie/coalitiecoordinator.html" in pages  # empty audiences still get a page that says so
    assert "Hier staat nog niets." in pages["voor-wie/coalitiecoordinator.html"]


def test_titles_are_escaped_for_markdown():
    assert esc("*a* & [b]") == r"\*a\* & \[b\]"


def test_related_map_adds_reverse_links_once():
    class Meta:
        def __init__(self, related):
            self.gerelateerd = related

    class FakeItem:
        def __init__(self, id, related):
            self.id, self.meta = id, Meta(related)

    items = [FakeItem("a", ["b"]), FakeItem("b", ["a", "c"]), FakeItem("c", [])]
    assert related_map(items) == {"a": ["b"], "b": ["a", "c"], "c": ["b"]}


def test_hostile_titles_are_escaped(pages):
    assert "<h1 id=\"een-tip-met-sterretjes-haken\" data-pagefind-weight=\"10\">Een tip met *sterretjes* &amp; [haken]" in pages[
        "tips/mini-tip.html"]
    assert "Een tip met *sterretjes* &amp; [haken]</a>" in pages["voorbeelden/mini-voorbeeld.html"]  # in 'Zie ook'


def test_shell_pages_for_every_type(pages):
    for folder in ("tips", "vragen", "voorbeelden"):
        assert f"{TOKEN}inhoud" in pages[f"{folder}/kb-sjabloon.md"]


def test_no_content_value_reaches_mkdocs(pages):
    """Every Markdown page mkdocs renders is a shell with only the token, or a snippet of the home page."""
    for path, text in pages.items():
        if path.endswith(".md") and not path.startswith("snippets/"):
            assert text == shell_text(TOKEN), path


def test_no_generated_page_escapes_docs():
    assert all(not Path(p).is_absolute() and ".." not in p for p in GOLDEN_PAGES)


@pytest.mark.parametrize("seed", range(5))
def test_relative_links_match_posixpath(seed):
    """markup._relpath skips relpath's getcwd(); it must give the same link for every pair of site URLs."""
    import posixpath
    import random

    from kennisbank.markup import _relpath

    rng = random.Random(seed)
    parts = ["tips", "vragen", "x", "y", "", "."]
    for _ in range(2000):
        path = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        start = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        assert _relpath(path, start) == posixpath.relpath(path or ".", start or "."), (path, start)


def test_every_content_type_has_its_presenter():
    from kennisbank.model import CONTENT_TYPES
    from kennisbank.render.items import PRESENTERS

    assert set(PRESENTERS) == {t.key for t in CONTENT_TYPES}


def test_templates_escape_values_that_slipped_past_validation(tmp_path):
    """Defence in depth: a title the validator would refuse is still only text on every page that shows it."""
    import dataclasses

    from selectolax.lexbor import LexborHTMLParser

    root = tmp_path / "mini"
    shutil.copytree(FIXTURE / "content", root / "content")
    shutil.copy(REPO / "content" / "vocabulaires.yml", root / "content" / "vocabulaires.yml")
    corpus, found = validate(root, today=dt.date(2026, 11, 23))
    assert found == []
    hostile = '"><script>alert(1)</script><a href="javascript:x">'
    items = [dataclasses.replace(i, meta=i.meta.model_copy(update={"titel": hostile, "samenvatting": hostile}))
             for i in corpus.items]  # model_copy does not validate: as if a rule had a gap
    rendered = Renderer(items, corpus.vocabularies, Settings(repo_url="https://github.com/voorbeeld/kennisbank")).render()
    for page in rendered.items + rendered.overviews:
        tree = LexborHTMLParser(page.article)
        assert tree.css("script") == [], page.url
        assert all(not a.attributes.get("href", "").startswith("javascript") for a in tree.css("a")), page.url
    tip = next(p for p in rendered.items if p.url == "tips/mini-tip/")
    assert LexborHTMLParser(tip.article).css_first("h1").text() == hostile + "¶"

"""Build the real content into a temporary folder and read the HTML a visitor gets.

Every test here runs on both engines: Material (deploys) and Zensical (kennisbank/engines.py).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import copy_project
from kennisbank.engines import ENGINES
from kennisbank.loader import load
from kennisbank.pipeline import build_site


@pytest.fixture(scope="module", params=ENGINES)
def built(tmp_path_factory, request):
    root = copy_project(tmp_path_factory.mktemp(f"project-{request.param}"))
    out = io.StringIO()
    code = build_site(root, stream=out, engine=request.param)
    assert code == 0, out.getvalue()
    return root, root / "site", load(root).items


def test_the_site_was_built_by_the_engine_asked_for(built, request):
    """Guards the parametrization: the Zensical run must not quietly be a second Material build."""
    _root, site, _items = built
    engine = request.node.callspec.params["built"]
    generator = LexborHTMLParser(html(site, "tips")).css_first('meta[name="generator"]')
    assert generator is not None
    assert generator.attributes["content"].startswith("zensical-" if engine == "zensical" else "mkdocs-"), engine


def html(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def test_every_page_is_dutch(built):
    _root, site, _items = built
    pages = list(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        assert '<html lang="nl"' in page.read_text(encoding="utf-8"), page


def test_one_page_per_item(built):
    _root, site, items = built
    for folder in ("tips", "vragen", "voorbeelden"):
        expected = {i.id for i in items if i.type.url_folder == folder}
        actual = {p.name for p in (site / folder).iterdir() if p.is_dir()}
        assert actual == expected, folder


def test_item_pages_show_source_date_audience_themes_and_edit_link(built):
    _root, site, items = built
    for item in items:
        page = html(site, f"{item.type.url_folder}/{item.id}")
        assert "Laatst vergeleken met de bron" in page
        assert item.meta.bron.titel.replace("&", "&amp;") in page, item.id
        assert "Voor wie" in page and "Thema" in page
        edit = re.search(r'href="([^"]+)">Bewerken op GitHub', page)
        assert edit and edit.group(1).endswith(f"/edit/main/{item.path}"), item.id


def test_related_links_show_both_ways(built):
    _root, site, items = built
    pairs = [(i, target) for i in items for target in i.meta.gerelateerd]
    assert pairs
    by_id = {i.id: i for i in items}
    for item, target in pairs:
        other = by_id[target]
        page_url = f"/{other.type.url_folder}/{other.id}/"
        section = html(site, page_url.strip("/")).split('id="zie-ook"', 1)[1].split("<hr", 1)[0]
        links = {urljoin(page_url, href) for href in re.findall(r'href="([^"#]+)"', section)}
        assert f"/{item.type.url_folder}/{item.id}/" in links, (item.id, target)


def test_pagefind_bundle_indexes_every_item_and_lunr_is_gone(built):
    _root, site, items = built
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (site / "pagefind" / name).is_file(), name
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(items)
    assert "nl" in entry["languages"]
    assert not (site / "search" / "search_index.json").exists()  # Material's lunr index
    assert not (site / "search.json").exists()  # Zensical's, written even with its search off


def test_no_request_leaves_the_site(built):
    _root, site, _items = built
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # Everything a browser loads by itself: scripts, styles, icons, images, frames.
        loaded = re.findall(r'<(?:script|img|iframe)[^>]+src="([^"]+)"'
                            r'|<link(?![^>]*rel="(?:canonical|alternate|alternate feed)")[^>]+href="([^"]+)"', text)
        external = [url for pair in loaded for url in pair if re.match(r"(https?:)?//", url)]
        assert not external, page
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text


def test_navigation_stays_bounded(built):
    _root, site, items = built
    page = html(site, "tips/zoek-huisartsen-actief-op")
    nav = page.split('md-nav--primary', 1)[1].split("</nav>", 1)[0]
    for item in items:
        assert f"/{item.id}/" not in nav, f"de navigatie noemt item {item.id}"
    assert len(page.encode()) < 40_000


def test_overview_pages_list_everything(built):
    _root, site, items = built
    for folder in ("tips", "vragen", "voorbeelden"):
        overview = html(site, folder)
        for item in items:
            if item.type.url_folder == folder:
                assert f'href="{item.id}/"' in overview, (folder, item.id)


def test_a_content_error_builds_nothing_and_keeps_the_previous_site(built, tmp_path):
    root, _site, _items = built
    broken = copy_project(tmp_path / "project")
    shutil.copytree(root / "site", broken / "site")
    before = sorted(p.relative_to(broken) for p in (broken / "site").rglob("*"))
    tip = next((broken / "content" / "tips").glob("*.md"))
    tip.write_text(tip.read_text(encoding="utf-8").replace("themas: [", "themas: [onbekend, ", 1), encoding="utf-8")
    out = io.StringIO()
    assert build_site(broken, stream=out) == 1
    assert "E012" in out.getvalue() and "ongewijzigd" in out.getvalue()
    assert sorted(p.relative_to(broken) for p in (broken / "site").rglob("*")) == before
    assert not list(broken.glob("site.*"))

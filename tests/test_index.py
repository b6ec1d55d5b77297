"""Pagefind's command-line indexer (index.py): only our options count, and every site gets a search bundle."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

from conftest import copy_project
from kennisbank.index import INDEX_FOLDER
from kennisbank.pipeline import build_site


def test_pagefind_reads_no_configuration_from_where_the_build_runs_or_the_environment(monkeypatch, tmp_path):
    """A pagefind.yml where `make site` runs, or PAGEFIND_* variables, could move the index (even out of
    the build's folder) or change what is indexed; the indexer runs in an empty folder of its own."""
    root = copy_project(tmp_path / "project")
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    # Options we do not pass ourselves: a log file anywhere, and result URLs that end in index.html.
    (root / "pagefind.yml").write_text(f"logfile: {elsewhere / 'uit-yml.log'}\nkeep_index_url: true\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("PAGEFIND_LOGFILE", str(elsewhere / "uit-env.log"))
    monkeypatch.setenv("PAGEFIND_KEEP_INDEX_URL", "true")
    out = io.StringIO()
    assert build_site(root, stream=out) == 0, out.getvalue()
    assert list(elsewhere.iterdir()) == []
    entry = json.loads((root / "site" / INDEX_FOLDER / "pagefind-entry.json").read_text(encoding="utf-8"))
    items = sum(1 for folder in ("tips", "faq", "examples") for _ in (root / "content" / folder).glob("*.md"))
    assert entry["languages"]["nl"]["page_count"] == items > 0
    assert f"{items} pagina's doorzoekbaar" in out.getvalue()
    # Only the article was indexed (root_selector stayed ours), not the theme's skip link or footer.
    fragments = [fragment(path) for path in (root / "site" / INDEX_FOLDER / "fragment").iterdir()]
    assert len(fragments) == items and all(page["content"] for page in fragments)
    assert not [page for page in fragments if "Ga naar inhoud" in page["content"] or "Toegankelijkheid" in page["content"]]
    assert not [page["url"] for page in fragments if not page["url"].endswith("/")]  # keep_index_url stayed off


def fragment(path: Path) -> dict:
    """What Pagefind keeps of one page: its fragment is gzip with a signature before the JSON."""
    raw = gzip.decompress(path.read_bytes())
    return json.loads(raw[raw.index(b"{"):])


def test_a_site_without_items_still_gets_its_search_bundle(tmp_path):
    """Pagefind's command line refuses a site without pages; the search page must still find its files."""
    root = copy_project(tmp_path / "project")
    for folder in ("tips", "faq", "examples"):
        shutil.rmtree(root / "content" / folder)
        (root / "content" / folder).mkdir()
    out = io.StringIO()
    assert build_site(root, stream=out) == 0, out.getvalue()
    bundle = root / "site" / INDEX_FOLDER
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-ui.js").is_file()
    assert "0 pagina's doorzoekbaar" in out.getvalue()

"""The search page shows every filter the model declares, in its order: the script keeps no list of its own."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import sync_playwright

from conftest import copy_project
from kennisbank.fields import filter_catalogue
from kennisbank.pipeline import build_site
from site_server import BROWSER_ARGS, SUBPATH, SiteServer, chromium_path


@pytest.fixture(scope="module")
def search_page(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("filters"))
    out = io.StringIO()
    assert build_site(root, site_url=f"http://127.0.0.1{SUBPATH}", stream=out) == 0, out.getvalue()
    with SiteServer(root / "site") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        page = browser.new_context(locale="nl-NL").new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(server.root + "zoeken/")
        page.wait_for_selector("#kb-zoeken[data-gereed='ja']", timeout=60_000)
        page.click("#kb-filterknop")  # the filters sit behind one button (issue 13)
        page.wait_for_selector("#kb-filterpaneel fieldset", timeout=60_000)
        yield page
        assert not errors, errors
        browser.close()


def test_every_declared_filter_is_offered_in_order(search_page):
    blocks = search_page.eval_on_selector_all(
        "fieldset.kb-filter", "fs => fs.map(f => [f.dataset.filterBlock, f.querySelector('legend').textContent])")
    assert blocks == [[f.key, f.label] for f in filter_catalogue()]


def test_a_declared_filter_narrows_the_results(search_page):
    search_page.check("input[data-filter='regio'] >> nth=0")
    search_page.wait_for_selector("#kb-zoeken[data-gereed='ja']")
    assert "?regio=" in search_page.url
    assert search_page.locator(".kb-resultaat").count() >= 1

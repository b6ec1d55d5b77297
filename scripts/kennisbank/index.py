"""Stage 5, index: build the Pagefind search bundle with Pagefind's Python API."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .model import CONTENT_TYPES

# Only item pages are search results; overviews would match every query.
ITEM_PAGES_GLOB = "{" + ",".join(t.url_folder for t in CONTENT_TYPES) + "}/*/index.html"
# Index the article only; leave out permalink symbols and the edit links.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".headerlink", ".md-content__button", ".kb-edit", ".kb-report"]


async def _index(site_dir: Path) -> int:
    config = IndexConfig(
        root_selector=ROOT_SELECTOR,
        exclude_selectors=EXCLUDE_SELECTORS,
        output_path=str(site_dir / "pagefind"),
    )
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir), glob=ITEM_PAGES_GLOB)
        return int(result["page_count"])


def index_site(site_dir: Path) -> int:
    """Index the built site in place; returns the number of pages indexed.

    Runs its own event loop in a worker thread, so callers that already run one can use it too.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _index(site_dir.resolve())).result()

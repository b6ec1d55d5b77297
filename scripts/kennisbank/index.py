"""Stage 5, index: build the Pagefind search bundle with Pagefind's Python API.

Pagefind's indexer holds the whole index in memory (about 1.6 GB at 10,000 items; its API cannot
stream), so it runs in a child process of its own: its memory is never the build's, is handed back
the moment it ends, and its peak is read exactly, apart from ours (`make bench` reports both).
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .model import CONTENT_TYPES

# Only item pages are search results; overviews would match every query.
ITEM_PAGES_GLOB = "{" + ",".join(t.url_folder for t in CONTENT_TYPES) + "}/*/index.html"
# Index the article only; leave out permalink symbols and the edit links.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".headerlink", ".md-content__button", ".kb-edit", ".kb-report"]
INDEX_FOLDER = "pagefind"  # the only folder of the site the indexer writes
PACKAGE_PARENT = str(Path(__file__).resolve().parents[1])


@dataclass
class IndexRun:
    """What the last indexing in this process cost: the peak memory of the indexing child process
    and Pagefind's binary under it (the larger of the two; that is Pagefind's)."""

    peak_rss_mb: float = 0.0


last_run = IndexRun()


async def _index(site_dir: Path) -> int:
    config = IndexConfig(
        root_selector=ROOT_SELECTOR,
        exclude_selectors=EXCLUDE_SELECTORS,
        output_path=str(site_dir / INDEX_FOLDER),
    )
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir), glob=ITEM_PAGES_GLOB)
        return int(result["page_count"])


def index_site(site_dir: Path) -> int:
    """Index the built site in place, in a child process; returns the number of pages indexed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (PACKAGE_PARENT, os.environ.get("PYTHONPATH"))))}
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen([sys.executable, "-m", "kennisbank.index", str(site_dir.resolve())],
                                 stdout=subprocess.PIPE, stderr=errors, env=env)
        out = child.stdout.read()
        child.stdout.close()
        # Not child.wait(): wait4 reaps it and also tells its peak memory, which includes Pagefind's
        # binary under it (the kernel keeps the largest of a process and its reaped children).
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read()
    last_run.peak_rss_mb = usage.ru_maxrss / 1024
    if child.returncode != 0:
        tail = err.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"Pagefind kon de site niet indexeren (code {child.returncode}):\n{tail}")
    return int(json.loads(out)["pages"])


def main(argv: list[str]) -> int:
    pages = asyncio.run(_index(Path(argv[0])))
    print(json.dumps({"pages": pages, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

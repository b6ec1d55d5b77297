"""Stage 5, index: build the Pagefind search bundle with Pagefind's own command-line indexer.

It starts during the stamp stage, the moment every item page is written (Indexer.start), and
writes its index while the overview pages are stamped and the post-build scan runs
(pipeline.index_and_check).

The command-line indexer, not Pagefind's Python API: on the same 10,000 pages it gives the same
fragments (the indexed text of each page) in 9.3 s instead of 10.9 s, with 2.3 CPU-seconds less;
the API's service answers no faster than one call per tenth of a second and adds a process. It
holds the whole index in memory (about 1.8 GB at 10,000 items; it cannot stream), in a process of
its own: its memory is never the build's, is handed back the moment it ends, and its peak is read
exactly, apart from ours (`make bench` reports both).

Pagefind reads a configuration file (pagefind.yml and the like) from its working folder and
settings from PAGEFIND_* environment variables; it runs in an empty folder of its own with those
variables removed, so that only the options below count and it writes only into pagefind/.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex
from pagefind_bin import get_executable

from .model import CONTENT_TYPES

# Index the article only; leave out permalink symbols and the edit links.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".headerlink", ".md-content__button", ".kb-edit", ".kb-report"]
INDEX_FOLDER = "pagefind"  # the only folder of the site the indexer writes


@dataclass
class IndexRun:
    """What the last indexing in this process cost: the peak memory of Pagefind's process."""

    peak_rss_mb: float = 0.0


last_run = IndexRun()


# Only item pages are search results ('tips/*/index.html'); overviews would match every query.
ITEM_FOLDERS = tuple(t.url_folder for t in CONTENT_TYPES)
ITEM_PAGES = "{" + ",".join(ITEM_FOLDERS) + "}/*/index.html"


def command(site_dir: Path) -> list[str]:
    """Pagefind's command line for the site in site_dir (an absolute path)."""
    excluded = [arg for selector in EXCLUDE_SELECTORS for arg in ("--exclude-selectors", selector)]
    return [str(get_executable()), "--site", str(site_dir), "--glob", ITEM_PAGES, "--root-selector", ROOT_SELECTOR,
            *excluded, "--output-path", str(site_dir / INDEX_FOLDER), "--silent"]


def _has_item_pages(site_dir: Path) -> bool:
    return any(next(iter((site_dir / folder).glob("*/index.html")), None) for folder in ITEM_FOLDERS)


async def _empty_bundle(site_dir: Path) -> None:
    # Pagefind's command line refuses a site without pages; the search page still needs its bundle.
    async with PagefindIndex(config=IndexConfig(root_selector=ROOT_SELECTOR, output_path=str(site_dir / INDEX_FOLDER))):
        pass


class Indexer:
    """Pagefind's indexer in a process of its own, started once every item page is written.

    The stamp stage calls start() the moment the last item page is written; Pagefind then runs while
    the rest of the site is stamped and checked. finish() waits for it and returns the number of
    pages indexed; stop() ends it after an error elsewhere.
    """

    def __init__(self, site_dir: Path):
        self.site_dir = Path(os.path.abspath(site_dir))
        self.child: subprocess.Popen | None = None
        self.output = tempfile.TemporaryFile()
        self.cwd = tempfile.mkdtemp(prefix="kennisbank-pagefind-")  # empty: no configuration file to read

    def start(self) -> None:
        """Every item page is written: index them (once; a site without item pages waits for finish())."""
        if self.child is None and _has_item_pages(self.site_dir):
            env = {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND")}
            self.child = subprocess.Popen(command(self.site_dir), cwd=self.cwd, env=env, stdin=subprocess.DEVNULL,
                                          stdout=self.output, stderr=self.output)

    def finish(self) -> int:
        try:
            self.start()  # every item page is written by now
            if self.child is None:
                asyncio.run(_empty_bundle(self.site_dir))
                return 0
            status, usage = self._reap()
            last_run.peak_rss_mb = usage.ru_maxrss / 1024
            if status != 0:
                self.output.seek(0)
                tail = self.output.read().decode("utf-8", "replace")[-2000:]
                raise RuntimeError(f"Pagefind kon de site niet indexeren (code {status}):\n{tail}")
            entry = json.loads((self.site_dir / INDEX_FOLDER / "pagefind-entry.json").read_text(encoding="utf-8"))
            return sum(int(language["page_count"]) for language in entry["languages"].values())
        finally:
            self._clean()

    def stop(self) -> None:
        """After an error elsewhere: end Pagefind's process and reap it (no process is left behind)."""
        if self.child is not None and self.child.returncode is None:
            # Not child.kill(): it polls first, and a poll could reap the process before _reap() does.
            os.kill(self.child.pid, signal.SIGKILL)  # an ended process not yet reaped takes it without error
            self._reap()
        self._clean()

    def _clean(self) -> None:
        self.output.close()
        shutil.rmtree(self.cwd, ignore_errors=True)  # our own empty folder, made by mkdtemp

    def _reap(self):
        # Not child.wait(): wait4 reaps it and also tells its peak memory.
        _pid, status, usage = os.wait4(self.child.pid, 0)
        self.child.returncode = os.waitstatus_to_exitcode(status)
        return self.child.returncode, usage


def index_site(site_dir: Path) -> int:
    """Index the built site in place, in a process of its own; returns the number of pages indexed."""
    return Indexer(site_dir).finish()

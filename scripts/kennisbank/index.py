"""Stage 5, index: build the Pagefind search bundle with Pagefind's Python API.

It starts during the stamp stage: each folder of item pages is indexed as soon as it is written
(Indexer), and Pagefind writes its index while the post-build scan runs (pipeline.index_and_check).

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


# Only item pages are search results ('tips/*/index.html'); overviews would match every query.
ITEM_FOLDERS = tuple(t.url_folder for t in CONTENT_TYPES)


def _config(site_dir: Path) -> IndexConfig:
    return IndexConfig(
        root_selector=ROOT_SELECTOR,
        exclude_selectors=EXCLUDE_SELECTORS,
        output_path=str(site_dir / INDEX_FOLDER),
    )


async def _index_folders(site_dir: Path, folders) -> int:
    """Index each folder of item pages named on a line of `folders`, as it arrives; write the index at the end."""
    loop = asyncio.get_running_loop()
    pages, seen = 0, set()
    async with PagefindIndex(config=_config(site_dir)) as index:
        while line := await loop.run_in_executor(None, folders.readline):
            folder = line.strip()
            if folder not in ITEM_FOLDERS or folder in seen:  # only the parent writes here; defence in depth
                raise ValueError(f"onverwachte map voor de zoekindex: {folder[:80]!r}")
            seen.add(folder)
            result = await index.add_directory(str(site_dir), glob=f"{folder}/*/index.html")
            pages += int(result["page_count"])
    return pages


class Indexer:
    """Pagefind's indexer in its child process, started before every page is written.

    The stamp stage hands it each folder of item pages the moment that folder is complete
    (add_folder), so Pagefind reads and indexes the tips while the questions are still being
    stamped; finish() says there is no more, waits while Pagefind writes its index into
    pagefind/, and returns the number of pages indexed. stop() ends the child after an error.
    """

    def __init__(self, site_dir: Path):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (PACKAGE_PARENT, os.environ.get("PYTHONPATH"))))}
        self.errors = tempfile.TemporaryFile()
        self.child = subprocess.Popen([sys.executable, "-m", "kennisbank.index", str(site_dir.resolve())],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, env=env)
        self.added: list[str] = []

    def add_folder(self, folder: str) -> None:
        if folder in self.added:
            return
        self.added.append(folder)
        try:
            self.child.stdin.write(folder.encode("utf-8") + b"\n")
            self.child.stdin.flush()
        except BrokenPipeError:  # the child failed already; finish() reports why
            pass

    def finish(self) -> int:
        for folder in ITEM_FOLDERS:  # every folder of item pages, as one add_directory of them all would
            self.add_folder(folder)
        try:
            self.child.stdin.close()
        except BrokenPipeError:
            pass
        out = self.child.stdout.read()
        self.child.stdout.close()
        status, usage = self._reap()
        self.errors.seek(0)
        err = self.errors.read()
        self.errors.close()
        last_run.peak_rss_mb = usage.ru_maxrss / 1024
        if status != 0:
            tail = err.decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"Pagefind kon de site niet indexeren (code {status}):\n{tail}")
        return int(json.loads(out)["pages"])

    def stop(self) -> None:
        """After an error elsewhere: end the child and reap it (no process is left behind)."""
        if self.child.returncode is None:
            self.child.kill()
            for stream in (self.child.stdin, self.child.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self._reap()
        self.errors.close()

    def _reap(self):
        # Not child.wait(): wait4 reaps it and also tells its peak memory, which includes Pagefind's
        # binary under it (the kernel keeps the largest of a process and its reaped children).
        _pid, status, usage = os.wait4(self.child.pid, 0)
        self.child.returncode = os.waitstatus_to_exitcode(status)
        return self.child.returncode, usage


def index_site(site_dir: Path) -> int:
    """Index the built site in place, in a child process; returns the number of pages indexed."""
    return Indexer(site_dir).finish()


def main(argv: list[str]) -> int:
    pages = asyncio.run(_index_folders(Path(argv[0]), sys.stdin))
    print(json.dumps({"pages": pages, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

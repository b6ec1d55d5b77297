"""Stage 5, index: build the Pagefind search bundle with Pagefind's Python API.

It starts during the stamp stage: each item page is indexed as soon as it is written (Indexer),
and Pagefind writes its index while the post-build scan runs (pipeline.index_and_check).

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


PAGES = "pages "  # a line 'pages tips/<id>,<id>,…': item pages of one folder, written
FOLDER = "folder "  # a line 'folder tips': every item page in that folder
# Pages per batch. Pagefind's Python API answers one call at a time, at least 0.1 s apart, so a call
# per page would take 1,000 s at 10,000 items; one call per batch keeps that to a few seconds.
BATCH = 400


def _names(line: str) -> tuple[str, list[str]]:
    """The folder and page names of a 'pages' line, refused unless each is an item's id (defence in
    depth: only the parent writes these lines, and the names go into a glob)."""
    folder, _slash, rest = line.partition("/")
    names = rest.split(",")
    if folder not in ITEM_FOLDERS or not all(name and name.replace("-", "").isalnum() and name.isascii() for name in names):
        raise ValueError(f"onverwachte pagina's voor de zoekindex: {line[:80]!r}")
    return folder, names


async def _index_lines(site_dir: Path, lines) -> int:
    """Index what each line names as it arrives (a batch of pages, or a folder); write the index at the end.

    A batch is read by Pagefind's own `add_directory`, with a glob that names just those pages, so it
    makes the same URLs and reads the files exactly as one indexing of the whole site would.
    """
    loop = asyncio.get_running_loop()
    pages, folders_seen = 0, set()
    async with PagefindIndex(config=_config(site_dir)) as index:
        while line := await loop.run_in_executor(None, lines.readline):
            line = line.rstrip("\n")
            if line.startswith(PAGES):
                folder, names = _names(line.removeprefix(PAGES))
                glob = f"{folder}/{{{','.join(names)}}}/index.html" if len(names) > 1 else f"{folder}/{names[0]}/index.html"
            elif line.startswith(FOLDER) and (folder := line.removeprefix(FOLDER)) in ITEM_FOLDERS \
                    and folder not in folders_seen:
                folders_seen.add(folder)
                glob = f"{folder}/*/index.html"
            else:
                raise ValueError(f"onverwachte regel voor de zoekindex: {line[:80]!r}")
            result = await index.add_directory(str(site_dir), glob=glob)
            pages += int(result["page_count"])
    return pages


class Indexer:
    """Pagefind's indexer in its child process, started before every page is written.

    The stamp stage hands it the item pages as they are written (add_page, in batches), so Pagefind
    reads and indexes them while the rest is stamped; finish() hands over every folder of item pages it was
    never told a page of, says there is no more, waits while Pagefind writes its index into
    pagefind/, and returns the number of pages indexed. stop() ends the child after an error.
    """

    def __init__(self, site_dir: Path):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (PACKAGE_PARENT, os.environ.get("PYTHONPATH"))))}
        self.errors = tempfile.TemporaryFile()
        # In site_dir: Pagefind makes each page's URL from its path relative to where it runs.
        self.child = subprocess.Popen([sys.executable, "-m", "kennisbank.index", str(site_dir.resolve())],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, env=env,
                                      cwd=site_dir)
        self.covered: set[str] = set()  # folders of which a page or the whole folder was handed over
        self.batches: dict[str, list[str]] = {}  # per folder, written pages not yet handed over

    def _send(self, line: str) -> None:
        try:
            self.child.stdin.write(line.encode("utf-8") + b"\n")
            self.child.stdin.flush()
        except BrokenPipeError:  # the child failed already; finish() reports why
            pass

    def add_page(self, url: str) -> None:
        """An item page ('tips/<id>/') is written: it is indexed with the next batch of its folder."""
        folder, _slash, name = url.rstrip("/").partition("/")
        for other in [f for f in self.batches if f != folder]:  # the stamp moved on to the next folder
            self._flush(other)
        self.covered.add(folder)
        batch = self.batches.setdefault(folder, [])
        batch.append(name)
        if len(batch) >= BATCH:
            self._flush(folder)

    def _flush(self, folder: str) -> None:
        if names := self.batches.pop(folder, None):
            self._send(f"{PAGES}{folder}/{','.join(names)}")

    def add_folder(self, folder: str) -> None:
        if folder not in self.covered:
            self.covered.add(folder)
            self._send(FOLDER + folder)

    def finish(self) -> int:
        for folder in list(self.batches):
            self._flush(folder)
        for folder in ITEM_FOLDERS:  # every folder of item pages, as one add_directory of them all would
            self.add_folder(folder)
        try:
            self.child.stdin.close()  # flushes what is still buffered
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
    pages = asyncio.run(_index_lines(Path(argv[0]), sys.stdin))
    print(json.dumps({"pages": pages, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

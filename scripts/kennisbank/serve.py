"""`make serve`: a live preview of the real site on 127.0.0.1, rebuilt as you edit.

The preview watches content/, docs/, overrides/ and mkdocs.yml with watchdog (inotify on Linux;
no polling) and rebuilds with the pipeline's own stages. A change to an item restamps only that
item's page and the overview pages that show it (about a second at 1,000 items); a change that adds
or removes a page, or touches vocabularies, hand-written pages or the theme, rebuilds the whole site. Open pages reload themselves. Search
uses the index of the last full build. On an error the preview keeps the last good version.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .fsguard import UnsafePath, refuse_links
from .pipeline import BuildError, build_into, render_pages, swap_into_place
from .render import ItemPage, Rendered
from .stamp import StampError, stamp_items

WATCHED_TREES = ("content", "docs", "overrides")
WATCHED_FILES = ("mkdocs.yml",)
QUIET_SECONDS = 0.15  # an editor's save is often several events (write, rename, chmod): wait for the last one
VERSION_PATH = "/__kennisbank-versie"
_RELOAD = (b"<script>(function(){var v=null;setInterval(function(){fetch('" + VERSION_PATH.encode() +
           b"').then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)location.reload();v=t})"
           b".catch(function(){})},700)})();</script></body>")


class _State:
    version = 0


class _Handler(SimpleHTTPRequestHandler):
    state = _State()

    def log_message(self, *args) -> None:
        pass

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == VERSION_PATH:
            return self._send(str(self.state.version).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():  # the preview reloads itself
            return self._send(path.read_bytes().replace(b"</body>", _RELOAD, 1), "text/html; charset=utf-8")
        return super().do_GET()


class Changes(FileSystemEventHandler):
    """Collects the paths (relative to the root) that changed, from watchdog's thread."""

    def __init__(self, root: Path):
        self.root = os.path.abspath(root)
        self.paths: set[str] = set()
        self.lock = threading.Lock()
        self.arrived = threading.Event()

    def relative(self, path: str | bytes) -> str | None:
        path = os.fsdecode(path)
        if not path:
            return None
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        top = rel.split("/", 1)[0]
        return rel if top in WATCHED_TREES or rel in WATCHED_FILES else None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):  # reading a file changes nothing
            return
        # A folder is 'modified' whenever a file in it is saved: the file's own event says what changed.
        # Reporting the folder too made every save of an item look like a change of the tree (a full build).
        if event.is_directory and event.event_type == "modified":
            return
        found = {rel for rel in map(self.relative, (event.src_path, event.dest_path)) if rel}
        if found:
            with self.lock:
                self.paths |= found
            self.arrived.set()

    def wait(self, timeout: float | None = None) -> set[str]:
        """The changed paths once saving has settled; empty when nothing changed within timeout."""
        if not self.arrived.wait(timeout):
            return set()
        while True:  # debounce: collect until no event arrives for QUIET_SECONDS
            self.arrived.clear()
            if not self.arrived.wait(QUIET_SECONDS):
                break
        with self.lock:
            paths, self.paths = self.paths, set()
        return paths


class Watcher:
    """watchdog's observer over the watched trees, never following a link (issue 9).

    A tree that is itself a link is not watched (the build refuses it and says so); links inside a
    tree are not descended into, but adding or changing one is an event, and the build reports it.
    The root itself is watched without recursion, so that creating or replacing a tree is seen.
    """

    def __init__(self, root: Path):
        self.root = root
        self.changes = Changes(root)
        self.observer = Observer()
        self.schedule()

    def schedule(self) -> None:
        self.observer.unschedule_all()
        self.observer.schedule(self.changes, str(self.root), recursive=False, follow_symlink=False)
        for top in WATCHED_TREES:
            path = self.root / top
            if path.is_dir() and not path.is_symlink():
                self.observer.schedule(self.changes, str(path), recursive=True, follow_symlink=False)

    def next_change(self, timeout: float | None = None) -> set[str]:
        changed = self.changes.wait(timeout)
        if changed & set(WATCHED_TREES):  # a tree was created, removed or replaced: watch it anew
            self.schedule()
        return changed

    def __enter__(self) -> Watcher:
        self.observer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.observer.stop()
        self.observer.join(timeout=10)


def _digest(value: object) -> bytes:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).digest()


@dataclass
class _Known:
    """What the preview shows, as digests: the previous version is never held next to the new one."""

    pages: bytes
    overviews: dict[str, bytes]
    items: dict[str, bytes]

    @classmethod
    def of(cls, rendered: Rendered, before: _Known | None = None) -> tuple[_Known, list[ItemPage]]:
        """The digests of a version, and its stamped pages (items, then overviews) that differ from
        `before` (all when None).

        One pass: pages are rendered as they are read (render/lazy.py), so each is rendered once,
        and only the changed ones are kept.
        """
        digests: tuple[dict[str, bytes], dict[str, bytes]] = ({}, {})
        changed = []
        for pages, known, earlier in zip((rendered.items, rendered.overviews), digests,
                                         (before.items, before.overviews) if before else ({}, {}), strict=True):
            for page in pages:
                known[page.url] = digest = _digest(page.values())
                if before is not None and earlier.get(page.url) != digest:
                    changed.append(page)
        return cls(_digest([p.text for p in rendered.pages]), digests[1], digests[0]), changed


def _release_memory() -> None:
    """Give back what the previous version held, so that memory stays flat over hundreds of saves.

    The build pauses the garbage collector and freezes its survivors (text.without_gc); in a
    long-running preview those survivors are the previous version, so unfreeze and collect them.
    """
    gc.unfreeze()
    gc.collect()


class Preview:
    def __init__(self, root: Path, address: str, stream=None):
        self.root, self.address = root, address
        self.stream = stream or sys.stdout
        self.site = root / "site"
        self.site_url = f"http://{address}/"
        self.known: _Known | None = None
        self.shells: dict = {}

    def say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def full_build(self) -> bool:
        try:
            refuse_links(self.root, self.site)
        except UnsafePath as err:
            self.say(f"FOUT: {err}")
            return False
        building = Path(tempfile.mkdtemp(prefix="site.voorbeeld-", dir=self.root))
        building.chmod(0o755)
        try:
            rendered, self.shells, _ = build_into(self.root, building, self.site_url, stream=self.stream)
            self.known, _ = _Known.of(rendered)
            swap_into_place(building, self.site)
            return True
        except BuildError as err:
            self.say(f"FOUT: {err}\nHet voorbeeld toont de laatste goede versie.")
            return False
        finally:
            shutil.rmtree(building, ignore_errors=True)

    def update(self, changed: set[str]) -> bool:
        """Restamp items when only item text changed; otherwise rebuild. True when the site changed."""
        only_content = all(rel.startswith("content/") and rel.endswith(".md") for rel in changed)
        if not only_content or self.known is None:
            return self.full_build()
        try:
            new, _images = render_pages(self.root, stream=self.stream)  # the pipeline's validate, report, render
            # An item's text also shows on overview pages (a reeks page holds its tips in full): those
            # are stamped pages too, restamped into the shells the last full build kept.
            known, changed_pages = _Known.of(new, self.known)
            if (known.pages, known.overviews.keys(), known.items.keys()) != \
                    (self.known.pages, self.known.overviews.keys(), self.known.items.keys()):
                return self.full_build()  # the engine's pages or the set of pages changed (an item added or gone): build it all
            stamp_items(self.site, changed_pages, self.shells, new.token)
            self.known = known
            return True
        except BuildError as err:
            self.say(f"FOUT: {err}\nHet voorbeeld toont de laatste goede versie.")
            return False
        except StampError as err:
            self.say(f"FOUT: de itempagina kon niet in het thema worden gezet: {err}\n"
                     "Het voorbeeld toont de laatste goede versie.")
            return False

    def serve(self) -> int:
        self.say("Eerste bouw van het voorbeeld…")
        with Watcher(self.root) as watcher:  # watching before the first build: no save is missed
            if not self.full_build():
                return 1
            _release_memory()
            host, port = self.address.rsplit(":", 1)
            handler = functools.partial(_Handler, directory=str(self.site))
            server = ThreadingHTTPServer((host, int(port)), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.say(f"Live voorbeeld op {self.site_url} — wijzigingen verschijnen vanzelf. Stoppen: Ctrl+C.")
            try:
                while True:
                    changed = watcher.next_change()
                    start = time.perf_counter()
                    if self.update(changed):
                        _Handler.state.version += 1  # open pages reload now; memory is released after
                        self.say(f"Bijgewerkt in {time.perf_counter() - start:.1f} s.")
                    _release_memory()
            except KeyboardInterrupt:
                return 0
            finally:
                server.shutdown()
                server.server_close()


def serve(root: Path, address: str = "127.0.0.1:8000") -> int:
    return Preview(root, address).serve()

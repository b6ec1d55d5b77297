"""`make serve`: a live preview of the real site on 127.0.0.1, rebuilt as you edit.

A change to an item's text restamps only that item's page (well under a second); a change that
touches titles, overviews, vocabularies or hand-written pages rebuilds the whole site. Open pages
reload themselves. Search uses the index of the last full build.
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .check import errors, summary, validate
from .findings import report
from .fsguard import UnsafePath, refuse_links, walk
from .pipeline import BuildError, build_into, settings_from_env, swap_into_place
from .render import Rendered, Renderer
from .stamp import stamp_items

POLL_SECONDS = 0.3
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


def _watched(root: Path) -> dict[str, float | str]:
    """What the preview rebuilds on: every file of content/, docs/, overrides/ and mkdocs.yml.

    Listed without following links; a refused entry (a link, a FIFO) is watched by name, so that
    adding one rebuilds and the build reports it. Generated pages live in a temporary folder of
    each build, so nothing here is the generator's own output.
    """
    seen: dict[str, float | str] = {}
    for top in ("content", "docs", "overrides"):
        files, problems = walk(root, top)
        seen.update((entry.rel, entry.mtime) for entry in files)
        seen.update((problem.rel, "geweigerd") for problem in problems)
    try:
        seen["mkdocs.yml"] = (root / "mkdocs.yml").lstat().st_mtime
    except FileNotFoundError:
        pass
    return seen


class Preview:
    def __init__(self, root: Path, address: str):
        self.root, self.address = root, address
        self.site = root / "site"
        self.site_url = f"http://{address}/"
        self.rendered: Rendered | None = None
        self.shells: dict = {}

    def full_build(self) -> bool:
        try:
            refuse_links(self.root, self.site)
        except UnsafePath as err:
            print(f"FOUT: {err}")
            return False
        building = Path(tempfile.mkdtemp(prefix="site.voorbeeld-", dir=self.root))
        building.chmod(0o755)
        try:
            self.rendered, self.shells, _ = build_into(self.root, building, self.site_url)
            swap_into_place(building, self.site)
            return True
        except BuildError as err:
            print(f"FOUT: {err}\nHet voorbeeld toont de laatste goede versie.")
            return False
        finally:
            shutil.rmtree(building, ignore_errors=True)

    def update(self, changed: set[str]) -> bool:
        """Restamp items when only item text changed; otherwise rebuild. True when the site changed."""
        only_content = all(rel.startswith("content/") and rel.endswith(".md") for rel in changed)
        if not only_content or self.rendered is None:
            return self.full_build()
        corpus, found = validate(self.root)
        if errors(found):
            report(found, stream=sys.stdout)
            print(summary(corpus, found) + " Het voorbeeld toont de laatste goede versie.")
            return False
        new = Renderer(corpus.items, corpus.vocabularies, settings_from_env()).render()
        if [p.text for p in new.pages] != [p.text for p in self.rendered.pages] or new.overviews != self.rendered.overviews:
            return self.full_build()
        before = {item.url: item for item in self.rendered.items}
        stamp_items(self.site, [item for item in new.items if before.get(item.url) != item], self.shells)
        self.rendered = new
        return True

    def serve(self) -> int:
        print("Eerste bouw van het voorbeeld…")
        if not self.full_build():
            return 1
        host, port = self.address.rsplit(":", 1)
        handler = functools.partial(_Handler, directory=str(self.site))
        server = ThreadingHTTPServer((host, int(port)), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"Live voorbeeld op {self.site_url} — wijzigingen verschijnen vanzelf. Stoppen: Ctrl+C.")
        seen = _watched(self.root)
        try:
            while True:
                time.sleep(POLL_SECONDS)
                now = _watched(self.root)
                if now == seen:
                    continue
                changed = {p for p in set(now) | set(seen) if now.get(p) != seen.get(p)}
                seen = now
                start = time.perf_counter()
                if self.update(changed):
                    _Handler.state.version += 1
                    print(f"Bijgewerkt in {time.perf_counter() - start:.1f} s.")
        except KeyboardInterrupt:
            return 0
        finally:
            server.shutdown()
            server.server_close()


def serve(root: Path, address: str = "127.0.0.1:8000") -> int:
    return Preview(root, address).serve()

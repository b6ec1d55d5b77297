"""`make serve`: live preview. Regenerates pages when content changes; mkdocs serve reloads the browser."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from .pipeline import BuildError, render_pages

POLL_SECONDS = 0.5


def _snapshot(root: Path) -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in (root / "content").rglob("*") if p.is_file()}


def serve(root: Path, address: str = "127.0.0.1:8000") -> int:
    try:
        render_pages(root)
    except BuildError as err:
        print(f"FOUT: {err}. Los de fouten op en start 'make serve' opnieuw.")
        return 1
    print(f"Live voorbeeld op http://{address}/ — zoeken werkt alleen in de site van 'make site'.")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--config-file", str(root / "mkdocs.yml"),
                               "--dev-addr", address, "--dirty"], cwd=root)
    seen = _snapshot(root)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _snapshot(root)
            if now == seen:
                continue
            seen = now
            try:
                render_pages(root)
                print("Content gewijzigd: pagina's bijgewerkt.")
            except BuildError as err:
                print(f"FOUT: {err}. Het voorbeeld toont de laatste goede versie.")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return server.returncode or 0

"""The whole pipeline: load → check → render pages → build site → index → swap into place.

Each stage is a function with plain data in and out; build_site strings them together and fails
closed: on any error the previous site/ stays exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .check import errors, summary, validate
from .findings import report
from .index import index_site
from .postbuild import check_site
from .render import Rendered, Renderer, Settings, copy_images, write_pages
from .stamp import StampError, stamp
from .text import without_gc


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, func, *args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


class BuildError(Exception):
    """A stage failed; the message is Dutch and says what to do."""


def settings_from_env() -> Settings:
    repo = os.environ.get("REPO_URL")
    if not repo and os.environ.get("GITHUB_REPOSITORY"):
        repo = f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
    return Settings(repo_url=repo or "https://github.com/kansrijke-start/kennisbank",
                    branch=os.environ.get("REPO_BRANCH", "main"))


def render_pages(root: Path, timings: Timings | None = None, stream=None) -> Rendered:
    """Load, check and render, and write the Markdown pages into docs/; raises BuildError after reporting findings."""
    timings = timings or Timings()
    stream = stream or sys.stdout
    corpus, found = timings.run("validate", validate, root)
    if found:
        report(found, stream=stream)
        print(summary(corpus, found), file=stream)
    if errors(found):
        raise BuildError("de content bevat fouten; er is niets gebouwd")
    renderer = Renderer(corpus.items, corpus.vocabularies, settings_from_env())
    rendered = timings.run("generate", renderer.render)
    timings.run("generate", write_pages, rendered.pages, root / "docs")
    timings.run("generate", copy_images, root / "content", root / "docs")
    return rendered


def mkdocs_build(root: Path, site_dir: Path, site_url: str | None = None) -> None:
    """Build with mkdocs in strict mode: any warning fails the build."""
    # No --quiet: it silences warnings before strict mode can count them, and the build passes.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"SITE_URL": site_url} if site_url else {})}
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        output = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                           if line.startswith(("WARNING", "ERROR", "Aborted", "Error", "Config")))
        raise BuildError(f"mkdocs build is mislukt:\n{output}")
    # Material's own search is off; make sure nothing of lunr's index is shipped.
    shutil.rmtree(site_dir / "search", ignore_errors=True)


def swap_into_place(built: Path, output: Path) -> None:
    """Replace output with built in two renames, so a reader never sees a half-built site."""
    old = output.with_name(output.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        output.rename(old)
    built.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def build_into(root: Path, target: Path, site_url: str | None = None, timings: Timings | None = None, stream=None):
    """Every stage from load to the HTML checks, into target; returns what a live preview reuses."""
    with without_gc():
        return _build_into(root, target, site_url, timings or Timings(), stream)


def _build_into(root: Path, target: Path, site_url: str | None, timings: Timings, stream):
    rendered = render_pages(root, timings, stream)
    timings.run("build", mkdocs_build, root, target, site_url)
    full_url = site_url or os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"
    try:
        shells = timings.run("stamp", stamp, target, rendered, full_url)
    except StampError as err:
        raise BuildError(f"de itempagina's konden niet in het thema worden gezet: {err}") from None
    indexed = timings.run("index", index_site, target)
    problems = timings.run("check-html", check_site, target, urlsplit(full_url).path or "/")
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … en nog {len(problems) - 50}" if len(problems) > 50 else ""
        raise BuildError(f"de gebouwde site heeft {len(problems)} problemen:\n{shown}{more}")
    return rendered, shells, indexed


def build_site(root: Path, output: Path | None = None, *, site_url: str | None = None,
               timings: Timings | None = None, stream=None) -> int:
    stream = stream or sys.stdout
    timings = timings or Timings()
    output = (output or root / "site").resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=output.name + ".bouw-", dir=output.parent))
    building.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        rendered, _shells, indexed = build_into(root, building, site_url, timings, stream)
        timings.run("swap", swap_into_place, building, output)
    except BuildError as err:
        print(f"FOUT: {err}", file=stream)
        print("De vorige versie van de site is ongewijzigd gebleven.", file=stream)
        return 1
    finally:
        shutil.rmtree(building, ignore_errors=True)
    total = sum(timings.stages.values())
    print(f"Site gebouwd in {output} ({len(rendered.items) + len(rendered.pages)} pagina's gegenereerd, "
          f"{indexed} pagina's doorzoekbaar) in {total:.1f} s.", file=stream)
    return 0


def generate_only(root: Path) -> int:
    try:
        rendered = render_pages(root)
    except BuildError as err:
        print(f"FOUT: {err}")
        return 1
    print(f"{len(rendered.pages)} pagina's gegenereerd in docs/; {len(rendered.items)} items worden bij 'make site' ingevoegd.")
    return 0

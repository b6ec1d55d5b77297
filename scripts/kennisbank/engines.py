"""The engines that turn the prepared sources into HTML: Material for MkDocs (deploys) and Zensical.

Both read the same config (the build's own file that INHERITs mkdocs.yml, pipeline.prepare_sources)
and write the same kind of site; everything after this stage (stamp, Pagefind, HTML checks) is
shared. Each function raises EngineError with a Dutch message; the pipeline turns it into a BuildError.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .fsguard import UnsafePath, remove_tree

ENGINES = ("material", "zensical")
DEFAULT_ENGINE = "material"  # the engine that deploys
ZENSICAL_CONFIG = "zensical-bouw.yml"
ZENSICAL_SITE = "site-zensical"  # Zensical writes only inside the folder of its config

# Theme features that render inside <article>. The stamp replaces the shell's article with the
# page's own, so whatever such a feature adds would silently disappear from every item page.
ARTICLE_FEATURES = {
    "content.action.edit": "de knop 'Bewerk deze pagina'",
    "content.action.view": "de knop 'Bekijk de bron van deze pagina'",
    "navigation.path": "het kruimelpad (breadcrumbs)",
}
ARTICLE_PLUGINS = {"tags": "tags bovenaan de pagina", "material/tags": "tags bovenaan de pagina"}


class EngineError(Exception):
    """The engine failed or is configured in a way the stamp cannot honour; the message is Dutch."""


def engine_from_env() -> str:
    engine = (os.environ.get("ENGINE") or DEFAULT_ENGINE).strip().lower()
    if engine not in ENGINES:
        raise EngineError(f"onbekende ENGINE={engine!r}: kies uit {', '.join(ENGINES)}")
    return engine


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml uses tags such as !ENV; their values do not matter for the feature check."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def refuse_article_features(config: Path) -> None:
    """Refuse theme features and plugins that render inside <article>, naming them."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    except (OSError, yaml.YAMLError) as err:
        raise EngineError(f"{config.name} kan niet worden gelezen: {err}") from None
    theme = data.get("theme") if isinstance(data, dict) else None
    features = theme.get("features") if isinstance(theme, dict) else None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    names = [p if isinstance(p, str) else next(iter(p), "") for p in plugins or [] if isinstance(p, (str, dict))] \
        if isinstance(plugins, list) else list(plugins or {}) if isinstance(plugins, dict) else []
    refused = [f"theme.features '{f}' ({ARTICLE_FEATURES[f]})" for f in features or [] if f in ARTICLE_FEATURES]
    refused += [f"plugins '{p}' ({ARTICLE_PLUGINS[p]})" for p in names if p in ARTICLE_PLUGINS]
    if refused:
        raise EngineError(f"{config.name}: " + "; ".join(refused) + " — dit zet het thema binnen <article>, en de "
                          "stempel vervangt <article> door de eigen tekst van elke pagina, dus het zou stil "
                          "verdwijnen. Haal het weg uit mkdocs.yml.")


def mkdocs_build(config: Path, site_dir: Path, site_url: str | None = None) -> None:
    """Build with mkdocs in strict mode: any warning fails the build."""
    # No --quiet: it silences warnings before strict mode can count them, and the build passes.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(config), "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"SITE_URL": site_url} if site_url else {})}
    result = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        output = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                           if line.startswith(("WARNING", "ERROR", "Aborted", "Error", "Config")))
        raise EngineError(f"mkdocs build is mislukt:\n{output}")
    _remove(site_dir, "search")  # Material's own search is off; ship nothing of lunr's index


def strip_ansi(text: str) -> str:
    """Zensical colours its messages whatever the environment says; drop ESC [ ... m sequences.

    A plain scan, linear in the text (no regex over the engine's output).
    """
    out, i = [], 0
    while i < len(text):
        if text.startswith("\x1b[", i):
            j = i + 2
            while j < len(text) and (text[j].isdigit() or text[j] == ";"):
                j += 1
            i = j + 1 if j < len(text) and text[j] == "m" else j
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


ZENSICAL_EMPTY_PARTIALS = ("partials/palette.html", "partials/javascripts/palette.html")
# Its message, the box that names file:line:col, the quoted source line and the pointer under it.
_ZENSICAL_KEEP = ("Warning:", "Error:", "RuntimeError:", "╭─[")


def zensical_messages(output: str) -> str:
    """The lines of Zensical's output that say what is wrong and where (file:line:col)."""
    lines = strip_ansi(output).splitlines()
    kept = [line.rstrip() for line in lines if line.strip().startswith(_ZENSICAL_KEEP)
            or "╰" in line or (line.lstrip()[:1].isdigit() and "│" in line)]
    return "\n".join(kept or lines[-20:])  # an unforeseen failure: its last lines, rather than nothing


def zensical_build(config: Path, site_dir: Path, site_url: str | None = None) -> None:
    """Build with Zensical. It has no --site-dir and writes only inside its config's folder, so it
    builds from a config beside the build's own (which it INHERITs) into a folder there, and the
    result moves to site_dir. Its .cache lands in that temporary folder too."""
    work = config.parent
    own = work / ZENSICAL_CONFIG
    # Zensical always renders a palette chooser, a <form> with an inline script, even for the one
    # fixed palette this site has; the HTML checks allow neither. Empty partials in the build's own
    # copy of overrides/ leave it out (the colours stay: they are attributes on <body>).
    for partial in ZENSICAL_EMPTY_PARTIALS:
        target = work / "overrides" / partial
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("", encoding="utf-8")
    # INHERIT merges lists by appending: only keys that are not lists go here.
    own.write_text(f"INHERIT: {config.name}\nsite_dir: {ZENSICAL_SITE}\ntheme:\n  variant: classic\n"
                   "plugins:\n  search:\n    enabled: false\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", **({"SITE_URL": site_url} if site_url else {})}
    command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(own)]
    result = subprocess.run(command, cwd=work, capture_output=True, text=True, env=env)
    built = work / ZENSICAL_SITE
    if result.returncode != 0 or not built.is_dir():
        raise EngineError(f"zensical build is mislukt:\n{zensical_messages(result.stdout + result.stderr)}")
    for entry in built.iterdir():
        shutil.move(str(entry), str(site_dir / entry.name))
    # Zensical writes its own search index even with its search off; Pagefind searches this site.
    (site_dir / "search.json").unlink(missing_ok=True)


def _remove(site_dir: Path, name: str) -> None:
    try:
        remove_tree(site_dir, site_dir / name)
    except UnsafePath as err:
        raise EngineError(str(err)) from None


BUILDERS = {"material": mkdocs_build, "zensical": zensical_build}


def build(engine: str, config: Path, site_dir: Path, site_url: str | None = None) -> None:
    if engine not in BUILDERS:
        raise EngineError(f"onbekende ENGINE={engine!r}: kies uit {', '.join(ENGINES)}")
    BUILDERS[engine](config, site_dir, site_url)


def compare(root: Path, runs: int = 1) -> dict[str, float]:
    """For BENCHMARKS.md: the whole pipeline on root with each engine, best wall time in seconds."""
    import io

    from .pipeline import build_site  # late: pipeline imports this module

    times = {}
    for engine in ENGINES:
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            out = io.StringIO()
            if build_site(root, root / f"site-{engine}", engine=engine, stream=out) != 0:
                raise EngineError(f"bouwen met {engine} is mislukt:\n{out.getvalue()[-2000:]}")
            best = min(best, time.perf_counter() - start)
        times[engine] = round(best, 2)
    return times

"""The whole pipeline: load → check → render pages → build site → index → swap into place.

Each stage is a function with plain data in and out; build_site strings them together and fails
closed: on any error the previous site/ stays exactly as it was.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import engines
from .annotate import annotate_built
from .aside import Aside
from .check import errors, summary, validate
from .engines import EngineError, engine_from_env, refuse_article_features
from .findings import report
from .forked import Forked
from .fsguard import NotRegular, TooLarge, UnsafePath, check_tree, read_limited, refuse_links, remove_tree
from .images import Image
from .index import INDEX_FOLDER, Indexer
from .postbuild import SiteCheck, prescan
from .render import GENERATED_FOLDERS, Rendered, Renderer, Settings, copy_images, write_pages
from .share.publish import publish
from .stamp import PageVerifier, StampError, stamp, start_aside
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


MAX_SOURCE_BYTES = 2_000_000  # any one hand-written page, stylesheet, script or override template


def settings_from_env() -> Settings:
    repo = os.environ.get("REPO_URL")
    if not repo and os.environ.get("GITHUB_REPOSITORY"):
        repo = f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
    return Settings(repo_url=repo or "https://github.com/kansrijke-start/kennisbank",
                    branch=os.environ.get("REPO_BRANCH", "main"))


def render_pages(root: Path, timings: Timings | None = None, stream=None) -> tuple[Rendered, list[Image]]:
    """Load, check and render; raises BuildError after reporting findings."""
    timings = timings or Timings()
    stream = stream or sys.stdout
    found, told, items, vocabularies, images, settings, glossary = timings.run("validate", validated, root)
    if found:
        report(found, stream=stream)
        print(told, file=stream)
    if errors(found):
        raise BuildError("de content bevat fouten; er is niets gebouwd")
    renderer = Renderer(items, vocabularies, dataclasses.replace(settings_from_env(), maintainer=settings.beheerder,
                                                                     licence=settings.licentie),
                        corpus_settings=settings, glossary=glossary)
    return timings.run("generate", renderer.render), images


def validated(root: Path) -> tuple:
    """validate(root), reduced to what the report and the rendering need: findings, the summary line,
    items, vocabularies, images, settings and glossary (content/begrippen.yml).

    In a forked copy of this process when that is safe (forked.Forked): the checked files' parse trees
    and positions are several times the size of the items, and once freed here they would leave this
    process about 150 MB larger, in memory fragmented between the items that stay. Everything
    after, and the stamp's own forked copy, then starts from a compact process (issue 10: our own
    processes stay under 400 MB together). The items come back pickled: a quarter of a second at
    10,000 items.
    """
    def work() -> tuple:
        corpus, found = validate(root)
        return (found, summary(corpus, found), corpus.items, corpus.vocabularies, corpus.images, corpus.settings,
                corpus.glossary)

    return Forked(BuildError).run(work) if Forked.safe() else work()


# The hand-written trees mkdocs reads; copied into the build's own folder after checking.
SOURCE_TREES = ("docs", "overrides")
CONFIG = "mkdocs.yml"


def _copy_checked(root: Path, top: str, work: Path) -> None:
    """Copy root/top into work/top: regular files only, no links followed, every file bounded."""
    try:
        entries = check_tree(root, top)
    except UnsafePath as err:
        raise BuildError(f"de bouw leest geen symbolische koppelingen of speciale bestanden:\n{err}") from None
    for entry in entries:
        if top == "docs" and entry.rel.split("/")[1] in GENERATED_FOLDERS:
            raise BuildError(f"{entry.rel}: docs/{entry.rel.split('/')[1]}/ is van de generator en wordt bij elke bouw "
                             "in een tijdelijke map gemaakt — verwijder deze map uit docs/ (oude gegenereerde pagina's) "
                             "of zet de pagina elders in docs/")
        try:
            data = read_limited(entry.path, MAX_SOURCE_BYTES)
        except (TooLarge, NotRegular) as err:
            text = err.message() if isinstance(err, TooLarge) else err.text
            raise BuildError(f"{entry.rel}: {text}") from None
        target = work / entry.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs reads its config with PyYAML's full loader, where `!!python/object/apply:os.system` runs a
    command. mkdocs.yml is reviewed by a maintainer, but a tag that mkdocs does not define has no
    business there: only the tags mkdocs itself knows are accepted, checked before mkdocs reads it."""


for _tag in ("!ENV", "!relative"):
    _ConfigLoader.add_constructor(_tag, lambda loader, node: None)


def refuse_unsafe_config(config: Path) -> None:
    try:
        yaml.load(read_limited(config, 1_000_000), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise BuildError(f"{CONFIG}{where}: YAML-tag die mkdocs niet kent ({err.problem}) — "
                         "alleen !ENV en !relative zijn toegestaan") from None
    except (yaml.YAMLError, TooLarge, NotRegular, OSError) as err:
        raise BuildError(f"{CONFIG} kan niet worden gelezen: {err}") from None


def prepare_sources(root: Path, rendered: Rendered, images: list[Image], work: Path) -> Path:
    """Everything mkdocs reads, in the fresh folder work: returns the mkdocs config to build with.

    work/docs holds the checked hand-written pages, the generated pages and the checked images;
    work/overrides the theme overrides. The config inherits the project's mkdocs.yml, so relative
    paths in it (docs_dir, custom_dir, snippets' base_path with cwd=work) all point inside work.
    Nothing is written into the source tree.
    """
    config = root / CONFIG
    info = os.lstat(config) if os.path.lexists(config) else None
    if info is None or not stat.S_ISREG(info.st_mode):
        raise BuildError(f"{config} ontbreekt of is geen gewoon bestand (een symbolische koppeling wordt niet gevolgd)")
    refuse_unsafe_config(config)
    for top in SOURCE_TREES:
        _copy_checked(root, top, work)
    write_pages(rendered.pages, work / "docs")
    try:
        copy_images(images, work / "docs")
    except (OSError, ValueError, TooLarge, NotRegular) as err:  # changed or replaced since make check
        raise BuildError(f"een afbeelding kon niet veilig worden gekopieerd: {err}") from None
    inherited = work / CONFIG
    # docs_dir and custom_dir are pinned here as well: whatever mkdocs.yml says, mkdocs reads
    # only the checked copies in work (relative paths resolve against this file's folder).
    inherited.write_text(f"# Gemaakt door scripts/kennisbank voor één bouw.\nINHERIT: {json.dumps(str(config))}\n"
                         "docs_dir: docs\ntheme:\n  custom_dir: overrides\n", encoding="utf-8")
    return inherited


def mkdocs_build(config: Path, site_dir: Path, site_url: str | None = None) -> None:
    """Build with mkdocs (Material) in strict mode: any warning fails the build."""
    engine_build("material", config, site_dir, site_url)


def engine_build(engine: str, config: Path, site_dir: Path, site_url: str | None = None,
                 source_config: Path | None = None) -> None:
    """Build with the chosen engine; refuses theme features the stamp would drop (source_config)."""
    try:
        if source_config is not None:
            refuse_article_features(source_config)
        engines.build(engine, config, site_dir, site_url)
    except EngineError as err:
        raise BuildError(str(err)) from None


def swap_into_place(built: Path, output: Path) -> None:
    """Replace output with built in two renames, so a reader never sees a half-built site.

    Nothing is renamed or removed through a link: output, output.old and the folders above them
    (up to the folder the build writes in) must be real folders.
    """
    output = Path(os.path.abspath(output))
    old = output.with_name(output.name + ".old")
    try:
        refuse_links(output.parent, output)
        refuse_links(output.parent, old)
        remove_tree(output.parent, old)
        if os.path.lexists(output):
            output.rename(old)
        built.rename(output)
        remove_tree(output.parent, old)
    except UnsafePath as err:
        raise BuildError(str(err)) from None


def build_into(root: Path, target: Path, site_url: str | None = None, timings: Timings | None = None, stream=None,
               engine: str | None = None):
    """Every stage from load to the HTML checks, into target; returns what a live preview reuses.

    engine: 'material' (deploys) or 'zensical'; None reads ENGINE from the environment.
    """
    with without_gc():
        return _build_into(root, target, site_url, timings or Timings(), stream, engine)


def _build_into(root: Path, target: Path, site_url: str | None, timings: Timings, stream, engine: str | None):
    try:
        engine = engine or engine_from_env()
    except EngineError as err:
        raise BuildError(str(err)) from None
    rendered, images = render_pages(root, timings, stream)
    full_url = site_url or os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"
    base_path = urlsplit(full_url).path or "/"
    # A forked copy renders, stamps and checks the last half of the item pages on the second core,
    # from before the engine runs (aside.py).
    aside = Aside(functools.partial(prescan, target, base_path))
    indexer = None
    try:
        work = Path(tempfile.mkdtemp(prefix="kennisbank-bron-"))
        try:
            config = timings.run("generate", prepare_sources, root, rendered, images, work)
            start_aside(target, rendered, aside)
            timings.run("build", engine_build, engine, config, target, site_url, root / CONFIG)
        finally:
            shutil.rmtree(work, ignore_errors=True)  # our own fresh folder, made by mkdtemp above
        verifier = PageVerifier()
        indexer = Indexer(target)  # Pagefind starts as soon as every item page is written
        shells = timings.run("stamp", stamp, target, rendered, full_url, verifier, indexer.start, aside)
        # The engine's own pages (home, hand-written pages) get the glossary's <abbr> too, before
        # the indexer reads them (items and overviews got theirs when rendered: annotate.py).
        timings.run("stamp", annotate_built, target, rendered)
        timings.run("share", publish, target, rendered, full_url)  # feeds, open data, robots, sitemap (issue 12)
        prescanned = aside.results(verifier)  # the pages the stamp's forked copy wrote, checked there
        indexed, problems = index_and_check(target, base_path, timings, (verifier,), indexer, prescanned)
    except StampError as err:
        raise BuildError(f"de itempagina's konden niet in het thema worden gezet: {err}") from None
    finally:
        aside.stop()
        if indexer is not None:
            indexer.stop()
    if failures := verifier.failures():
        more = f" (en nog {len(failures) - 1} pagina's)" if len(failures) > 1 else ""
        raise BuildError(f"de itempagina's konden niet in het thema worden gezet: {failures[0]}{more}")
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … en nog {len(problems) - 50}" if len(problems) > 50 else ""
        raise BuildError(f"de gebouwde site heeft {len(problems)} problemen:\n{shown}{more}")
    return rendered, shells, indexed


def index_and_check(target: Path, base_path: str, timings: Timings, page_checks: tuple = (),
                    indexer: Indexer | None = None, prescanned: dict | None = None) -> tuple[int, list[str]]:
    """Pagefind's index and the post-build scan at the same time; returns (pages indexed, problems).

    The indexer is a process of its own (index.py) that reads the pages and writes only into
    pagefind/; this thread merely waits for it. Meanwhile the scan checks every other file
    (postbuild.SiteCheck.scan); once the index is written, finish() checks pagefind/ and whatever
    changed, and judges the links again where needed: the same verdict as one scan of the finished
    site. Timings: 'index' is how long the indexer still ran after the stamp (it starts during
    the stamp, index.Indexer), 'check-html' what the checks add after it.
    """
    check = SiteCheck(target, base_path, page_checks)
    check.adopt(prescanned or {})  # pages checked by the stamp's forked copy (aside.py)
    indexer = indexer or Indexer(target)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagefind") as pool:
        indexing = pool.submit(timings.run, "index", indexer.finish)
        try:
            check.scan(later=(INDEX_FOLDER + "/",))
        finally:
            indexed = indexing.result()  # re-raises the indexer's error; never leaves it running
        problems = check.finish()
    timings.stages["check-html"] = timings.stages.get("check-html", 0.0) + max(
        0.0, time.perf_counter() - start - timings.stages["index"])
    return indexed, problems


def build_site(root: Path, output: Path | None = None, *, site_url: str | None = None,
               timings: Timings | None = None, stream=None, engine: str | None = None) -> int:
    stream = stream or sys.stdout
    timings = timings or Timings()
    # abspath, not resolve(): resolving would follow a link before it could be refused.
    output = Path(os.path.abspath(output or root / "site"))
    try:
        refuse_links(root, output)
        refuse_links(root, output.with_name(output.name + ".old"))
        output.parent.mkdir(parents=True, exist_ok=True)
        refuse_links(root, output)  # mkdir creates, it does not follow: check again what exists now
    except (UnsafePath, OSError) as err:
        print(f"FOUT: {err}", file=stream)
        print("De vorige versie van de site is ongewijzigd gebleven.", file=stream)
        return 1
    building = Path(tempfile.mkdtemp(prefix=output.name + ".bouw-", dir=output.parent))
    building.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        rendered, _shells, indexed = build_into(root, building, site_url, timings, stream, engine)
        timings.run("swap", swap_into_place, building, output)
    except BuildError as err:
        print(f"FOUT: {err}", file=stream)
        print("De vorige versie van de site is ongewijzigd gebleven.", file=stream)
        return 1
    finally:
        shutil.rmtree(building, ignore_errors=True)  # made by mkdtemp above; gone after a good swap
    total = sum(timings.stages.values())
    print(f"Site gebouwd in {output} ({len(rendered.items) + len(rendered.pages)} pagina's gegenereerd, "
          f"{indexed} pagina's doorzoekbaar) in {total:.1f} s.", file=stream)
    return 0


def generate_only(root: Path, output: Path | None = None, stream=None) -> int:
    """`make generate`: the sources mkdocs would build from, in a new folder; says where."""
    stream = stream or sys.stdout
    try:
        rendered, images = render_pages(root, stream=stream)
        if output is None:
            work = Path(tempfile.mkdtemp(prefix="kennisbank-generate-"))
        else:
            work = Path(os.path.abspath(output))
            # Only a new or empty folder: generate never deletes or overwrites what it did not make.
            if os.path.lexists(work) and (os.path.islink(work) or not work.is_dir() or any(work.iterdir())):
                raise BuildError(f"{work} bestaat al en is niet leeg (of is een koppeling) — kies een nieuwe map")
            work.mkdir(parents=True, exist_ok=True)
        config = prepare_sources(root, rendered, images, work)
    except BuildError as err:
        print(f"FOUT: {err}", file=stream)
        return 1
    print(f"{len(rendered.pages)} pagina's gegenereerd in {work / 'docs'}; {len(rendered.items)} items worden bij "
          f"'make site' ingevoegd. Zelf bouwen: cd {work} && mkdocs build -f {config.name}", file=stream)
    return 0

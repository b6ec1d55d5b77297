"""Stage 1, load: read content files into typed items, or into findings that say what is wrong."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import registry as R
from .findings import Finding
from .fsguard import NotRegular, TooLarge, read_limited, walk
from .glossary import GLOSSARY_FILE, Glossary
from .images import check_images

# Pydantic errors in Dutch live in messages.py; the rules take suggest and field_name from here.
from .messages import field_name, suggest, translate_errors  # noqa: F401
from .model import CONTENT_TYPES, ContentType, Item
from .settings import SETTINGS_FILE, Settings
from .text import without_gc
from .vocab import VOCABULARY_FILE, Vocabularies
from .yamlpos import Parsed, YamlProblem, parse

MAX_FILE_BYTES = 200_000
CONTENT_DIR = "content"
VOCABULARY_PATH = f"{CONTENT_DIR}/{VOCABULARY_FILE}"
GLOSSARY_PATH = f"{CONTENT_DIR}/{GLOSSARY_FILE}"


_YAML_RULES = {"syntax": R.YAML_SYNTAX, "duplicate": R.DUPLICATE_KEY, "feature": R.YAML_FEATURE}


@dataclass
class LoadedFile:
    """A file that parsed as YAML; item is None when the model rejected it."""

    path: str
    type: ContentType
    parsed: Parsed
    item: Item | None
    text: str = ""  # the whole file as read, for rules that look at raw lines
    links: list | None = None  # the Markdown links and images, found once for the rules that ask


@dataclass
class Corpus:
    """Everything the load stage produced: plain data for the checks and the generator."""

    root: Path
    vocabularies: Vocabularies | None
    vocabulary_parsed: Parsed | None = None
    files: list[LoadedFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    images: list = field(default_factory=list)  # images.Image: checked files of content/afbeeldingen/
    settings: Settings = field(default_factory=Settings)  # the maintainers' instellingen.yml
    glossary: Glossary | None = None  # content/begrippen.yml; None when absent or invalid
    glossary_parsed: Parsed | None = None

    @property
    def items(self) -> list[Item]:
        return [f.item for f in self.files if f.item is not None]


def load(root: Path) -> Corpus:
    """Load the vocabularies and every content file under root/content."""
    with without_gc():
        return _load(Path(root))


Job = tuple[tuple[str, str], ContentType]  # a content file to read: (path, path in the repository), its type


def _load(root: Path) -> Corpus:
    corpus, jobs = prepare(root)
    read_files(corpus, jobs)
    return corpus


def read_files(corpus: Corpus, jobs: list[Job]) -> None:
    """Load every content file of jobs into corpus, with its findings."""
    for job, ctype in jobs:
        loaded = _validated(_read_and_parse(job), ctype, corpus.findings)
        if loaded is not None:
            corpus.files.append(loaded)


def stream(jobs: list[Job]) -> Iterator[LoadedFile]:
    """The content files of jobs, loaded one at a time and not kept (check.py: the file rules of a
    part of the files in a second process, which must not hold a second copy of the corpus)."""
    for job, ctype in jobs:
        loaded = _validated(_read_and_parse(job), ctype, [])
        if loaded is not None:
            yield loaded


def prepare(root: Path) -> tuple[Corpus, list[Job]]:
    """Everything of the corpus but its content files, and the content files to read: (path, rel) and type."""
    corpus = Corpus(root=root, vocabularies=None)
    # One listing of content/ that follows no link and opens nothing: links, FIFOs, devices and
    # names with control characters are findings here and are never read below.
    entries, problems = walk(root, CONTENT_DIR)
    corpus.findings += [Finding(p.rel, 1, 1, R.FILE_KIND.id, p.message) for p in problems]
    refused = {p.rel for p in problems}
    corpus.vocabularies, corpus.vocabulary_parsed = _load_vocabularies(root, corpus.findings, refused)
    corpus.settings = _load_settings(root, corpus.findings)
    corpus.glossary, corpus.glossary_parsed = _load_glossary(root, corpus.findings, refused)
    corpus.images, image_findings = check_images(entries)
    corpus.findings += image_findings
    jobs: list[Job] = []
    by_folder = {f"{CONTENT_DIR}/{ctype.folder}": ctype for ctype in CONTENT_TYPES}
    for entry in entries:
        folder, _, name = entry.rel.rpartition("/")
        ctype = by_folder.get(folder)
        if ctype is None or name.startswith("."):
            if not _expected_elsewhere(entry.rel):
                corpus.findings.append(Finding(entry.rel, 1, 1, R.FRONT_MATTER.id,
                    "dit bestand wordt niet gebruikt: content staat in content/tips/, content/faq/ of content/examples/ "
                    "(een .md-bestand per item, zonder submappen of een punt vooraan), afbeeldingen in "
                    "content/afbeeldingen/ — verplaats of verwijder het"))
            continue
        if not name.endswith(".md"):
            corpus.findings.append(Finding(entry.rel, 1, 1, R.FRONT_MATTER.id,
                f"onverwacht bestand in {folder}/ — contentbestanden eindigen op '.md'; hernoem of verwijder dit bestand"))
            continue
        jobs.append(((str(entry.path), entry.rel), ctype))
    return corpus, jobs


def _expected_elsewhere(rel: str) -> bool:
    """Files of content/ that are not items but have their own place: silently ignoring anything
    else would let an editor's file (or a file moved there to dodge a review) go unnoticed."""
    folder, _, name = rel.rpartition("/")
    return (rel in (VOCABULARY_PATH, GLOSSARY_PATH) or name == ".gitkeep" or rel.startswith(f"{CONTENT_DIR}/afbeeldingen/")
            or (folder == f"{CONTENT_DIR}/sjablonen" and name.endswith(".md")))


def read_text(path: Path, rel: str, out: list[Finding]) -> str | None:
    """Read a file as UTF-8 text without BOM, with LF line endings; None after a finding.

    At most MAX_FILE_BYTES + 1 bytes are read, and never through a link or from a special file.
    """
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except TooLarge as err:
        out.append(Finding(rel, 1, 1, R.FILE_SIZE.id, f"{err.message()} — maak de tekst korter of splits hem op"))
        return None
    except NotRegular as err:
        out.append(Finding(rel, 1, 1, R.FILE_KIND.id, err.text))
        return None
    except OSError as err:
        out.append(Finding(rel, 1, 1, R.FILE_KIND.id, f"bestand kan niet worden gelezen ({err.strerror})"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        out.append(Finding(rel, 1, 1, R.ENCODING.id,
            "bestand begint met een byte-order mark (BOM) — sla het op als 'UTF-8' zonder BOM"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        out.append(Finding(rel, line, col, R.ENCODING.id,
            f"bestand is geen geldige UTF-8 (byte 0x{raw[err.start]:02x}) — sla het bestand op met codering 'UTF-8'"))
        return None
    if "\x00" in text:
        out.append(Finding(rel, 1, 1, R.ENCODING.id, "bestand bevat NUL-tekens — het is geen tekstbestand"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, line where the body starts), or None without front matter."""
    first_end = text.find("\n")
    if text[: first_end if first_end != -1 else len(text)].rstrip() != "---" or first_end == -1:
        return None
    closing = _CLOSING.search(text, first_end + 1)
    if closing is None:
        return None
    front = text[first_end + 1 : max(first_end + 1, closing.start() - 1)]
    body_start = text.find("\n", closing.end())
    body = "" if body_start == -1 else text[body_start + 1 :]
    return front, body, text.count("\n", 0, closing.start()) + 2


@dataclass
class _Read:
    """A file read and parsed, before the content model has seen it."""

    rel: str
    findings: list[Finding]
    text: str = ""
    parsed: Parsed | None = None
    body: str = ""
    body_line: int = 0


def _read_and_parse(job: tuple[str, str]) -> _Read:
    path, rel = job
    found: list[Finding] = []
    result = _Read(rel, found)
    text = read_text(Path(path), rel, found)
    if text is None:
        return result
    result.text = text
    split = split_front_matter(text)
    if split is None:
        found.append(Finding(rel, 1, 1, R.FRONT_MATTER.id,
            "front matter ontbreekt of wordt niet afgesloten — begin het bestand met een regel '---', "
            "dan de velden, dan weer een regel '---' en daaronder de tekst"))
        return result
    front, result.body, result.body_line = split
    try:
        result.parsed = parse(front, line_offset=1)
    except YamlProblem as problem:
        found.append(Finding(rel, problem.line, problem.col, _YAML_RULES[problem.kind].id, problem.message))
    except RecursionError:
        found.append(Finding(rel, 2, 1, R.YAML_SYNTAX.id, "front matter is te diep genest — gebruik platte velden"))
    return result


def _validated(read: _Read, ctype: ContentType, out: list[Finding]) -> LoadedFile | None:
    out.extend(read.findings)
    parsed, rel = read.parsed, read.rel
    if parsed is None:
        return None
    if not isinstance(parsed.data, dict):
        out.append(Finding(rel, 2, 1, R.FRONT_MATTER.id,
            "front matter moet uit velden bestaan ('naam: waarde'), één per regel"))
        return None
    try:
        meta = ctype.model.model_validate(parsed.data)
    except ValidationError as err:
        out.extend(translate_errors(err, ctype.model, parsed, rel))
        return LoadedFile(rel, ctype, parsed, None, read.text)
    return LoadedFile(rel, ctype, parsed, Item(ctype, meta, read.body, rel, read.body_line), read.text)


def _read_model(path: Path, rel: str, model: type, out: list[Finding], *, mapping_hint: str | None = None,
                too_deep: str | None = None) -> tuple[object | None, Parsed | None]:
    """One YAML file typed by model (vocabularies, glossary, settings): (value or None, parsed or None).

    Every problem is a finding in out, at its line; an empty file is an empty mapping.
    mapping_hint: the message when the file is not a mapping; too_deep: when nesting defeats the parser.
    """
    text = read_text(path, rel, out)
    if text is None:
        return None, None
    try:
        parsed = parse(text)
    except YamlProblem as problem:
        out.append(Finding(rel, problem.line, problem.col, _YAML_RULES[problem.kind].id, problem.message))
        return None, None
    except RecursionError:
        if too_deep is None:
            raise
        out.append(Finding(rel, 1, 1, R.YAML_SYNTAX.id, too_deep))
        return None, None
    if mapping_hint is not None and not isinstance(parsed.data, dict):
        out.append(Finding(rel, 1, 1, R.FRONT_MATTER.id, mapping_hint))
        return None, parsed
    try:
        return model.model_validate(parsed.data if parsed.data is not None else {}), parsed
    except ValidationError as err:
        out.extend(translate_errors(err, model, parsed, rel))
        return None, parsed


def _refused(rel: str, refused: set[str]) -> bool:
    """A link or special file, or one inside such a folder: never opened."""
    return any(rel == r or rel.startswith(r + "/") for r in refused)


def _load_vocabularies(root: Path, out: list[Finding], refused: set[str]) -> tuple[Vocabularies | None, Parsed | None]:
    rel = VOCABULARY_PATH
    if _refused(rel, refused):
        return None, None
    if not (root / rel).is_file():
        out.append(Finding(rel, 1, 1, R.FRONT_MATTER.id, "vocabulairebestand ontbreekt — herstel content/vocabulaires.yml"))
        return None, None
    return _read_model(root / rel, rel, Vocabularies, out)


def _load_glossary(root: Path, out: list[Finding], refused: set[str]) -> tuple[Glossary | None, Parsed | None]:
    """content/begrippen.yml, read like the vocabularies; a checkout without one has no glossary."""
    rel = GLOSSARY_PATH
    if _refused(rel, refused) or not os.path.lexists(root / rel):
        return None, None
    return _read_model(root / rel, rel, Glossary, out,
                       mapping_hint="de begrippenlijst moet beginnen met 'begrippen:', met daaronder één blok per begrip",
                       too_deep="begrippenlijst is te diep genest — gebruik de vorm van het voorbeeld")


def _load_settings(root: Path, out: list[Finding]) -> Settings:
    """instellingen.yml, or the defaults when a checkout has none (a test's temporary tree)."""
    path = root / SETTINGS_FILE
    if not path.is_symlink() and not path.exists():
        return Settings()
    settings, _parsed = _read_model(path, SETTINGS_FILE, Settings, out)
    return settings or Settings()


# The loader's own rules, each named with the step that reports it (translate_errors: the model's).
for _rule, _step in ((R.ENCODING, read_text), (R.FILE_SIZE, read_text), (R.FILE_KIND, walk),
                     (R.FRONT_MATTER, _read_and_parse), (R.YAML_SYNTAX, parse), (R.DUPLICATE_KEY, parse),
                     (R.YAML_FEATURE, parse), (R.UNKNOWN_FIELD, translate_errors), (R.MISSING_FIELD, translate_errors),
                     (R.INVALID_VALUE, translate_errors), (R.INVALID_DATE, translate_errors),
                     (R.INVALID_ID, translate_errors), (R.SUMMARY_LENGTH, translate_errors)):
    _rule.loader_check(_step)

"""Stage 2, check: the check functions of the rules in registry.py.

Each check attaches itself to its rule object (`@R.NO_HTML.file_check`). File checks look at one
valid item; corpus checks look across all items, the vocabularies and the derived files.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from . import derived, mdread, personal, urls
from . import findings as F  # noqa: F401 - callers reach the registry's table as rules.F.RULES
from . import registry as R
from .fields import marker as field_marker
from .fields import submodel, vocabulary_fields
from .findings import Finding
from .fsguard import thousands
from .glossary import abbreviation_like_words, words
from .loader import CONTENT_DIR, GLOSSARY_PATH, VOCABULARY_PATH, Corpus, LoadedFile
from .messages import field_name, suggest
from .model import TYPE_BY_FOLDER, Item, MarkdownText, WebUrl
from .registry import Rule
from .settings import SETTINGS_FILE, settings_position
from .vocab import Vocabularies


@dataclass(frozen=True)
class Context:
    corpus: Corpus
    vocabularies: Vocabularies
    today: dt.date


FileRule = Callable[[LoadedFile, Item, Context], Iterable[Finding]]
CorpusRule = Callable[[Context], Iterable[Finding]]


def _at(loaded: LoadedFile, path: tuple, rule: str, message: str, *, key: bool = False) -> Finding:
    table = loaded.parsed.key_pos if key else loaded.parsed.value_pos
    line, col = table.get(path) or loaded.parsed.key_pos.get(path[:1]) or (2, 1)
    return Finding(loaded.path, line, col, rule, message)


# --- file rules ----------------------------------------------------------------------------


@R.FILENAME_IS_ID.file_check
def filename_matches_id(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    stem = loaded.path.rsplit("/", 1)[-1].removesuffix(".md")
    if stem != item.id:
        yield _at(loaded, ("id",), R.FILENAME_IS_ID.id,
                  f"id '{item.id}' verschilt van de bestandsnaam '{stem}.md' — hernoem het bestand naar "
                  f"'{item.id}.md' of zet 'id: {stem}'")


@R.VOCABULARY.file_check
def known_vocabulary_values(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for field_path, vocabulary in vocabulary_fields(type(item.meta)):  # the Vocabulary markers in model.py
        value = item.meta
        for part in field_path.split("."):
            # Not getattr(value, part, None): a missing attribute on a pydantic model is slow to refuse.
            value = value.__dict__.get(part) if value is not None else None
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        known = ctx.vocabularies.terms(vocabulary)
        for index, entry in enumerate(values):
            if entry in known:
                continue
            path = tuple(field_path.split(".")) + ((index,) if isinstance(value, list) else ())
            hint = suggest(entry, known) or f" — kies uit: {', '.join(sorted(known))}"
            yield _at(loaded, path, R.VOCABULARY.id, f"onbekende waarde '{entry}' in '{field_path}'{hint}")


@R.REPEATED_VALUE.file_check
def no_repeated_values(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for name in ("themas", "doelgroepen", "gerelateerd"):
        seen: set[str] = set()
        for index, value in enumerate(getattr(item.meta, name)):
            if value in seen:
                yield _at(loaded, (name, index), R.REPEATED_VALUE.id, f"'{value}' staat twee keer in '{name}' — haal één weg")
            seen.add(value)


@R.INVALID_DATE.file_check
def dates_not_in_future(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    meta = item.meta
    for path, value in ((("laatst_gecontroleerd",), meta.laatst_gecontroleerd), (("bron", "datum"), meta.bron.datum),
                        (("toegevoegd",), meta.toegevoegd), (("bijgewerkt",), meta.bijgewerkt)):
        if value is not None and value > ctx.today:
            yield _at(loaded, path, R.INVALID_DATE.id,
                      f"'{'.'.join(path)}' ({value.isoformat()}) ligt in de toekomst — gebruik de datum van vandaag of eerder")


@R.DATE_ORDER.file_check
def updated_after_added(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    added, updated = item.meta.toegevoegd, item.meta.bijgewerkt
    if updated is not None and added is not None and updated < added:
        yield _at(loaded, ("bijgewerkt",), R.DATE_ORDER.id,
                  f"'bijgewerkt' ({updated.isoformat()}) ligt vóór 'toegevoegd' ({added.isoformat()}) — een item kan pas "
                  "worden bijgewerkt nadat het is toegevoegd; controleer beide datums")


@R.SOURCE_FINDABLE.file_check
def source_can_be_found(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    if item.meta.bron.document is None and item.meta.bron.url is None and item.meta.bron.soort == "document":
        yield _at(loaded, ("bron",), R.SOURCE_FINDABLE.id, "de bron noemt geen document en geen url — vul 'document' of 'url' in onder 'bron'",
                  key=True)


PLACEHOLDER = "(aanvullen)"


@R.TEMPLATE_TEXT.file_check
def template_text_replaced(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    if PLACEHOLDER not in loaded.text:
        return
    for number, line in enumerate(loaded.text.splitlines(), start=1):
        col = line.find(PLACEHOLDER)
        if col != -1:
            yield Finding(loaded.path, number, col + 1, R.TEMPLATE_TEXT.id,
                          f"'{PLACEHOLDER}' staat er nog — vervang het door echte tekst uit je bron")


@R.BODY_NOT_EMPTY.file_check
def body_not_empty(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    if not item.body.strip():
        what = {"tip": "de tip", "vraag": "het antwoord", "voorbeeld": "de beschrijving"}[item.type.key]
        yield Finding(loaded.path, item.body_line - 1, 1, R.BODY_NOT_EMPTY.id,
                      f"de tekst onder de front matter is leeg — schrijf {what} onder de tweede regel '---'")


@functools.cache
def _marked_fields(model: type[BaseModel], marker: type) -> tuple[tuple[str, bool], ...]:
    """The fields of a model that carry the marker, and (False) those holding a submodel that has such fields."""
    out = []
    for name, info in model.model_fields.items():
        if field_marker(info, marker) is not None:
            out.append((name, True))
        else:
            sub = submodel(info.annotation)
            if sub is not None and sub is not model and _marked_fields(sub, marker):
                out.append((name, False))
    return tuple(out)


def marked_values(obj: BaseModel, marker: type, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    """(field path, text) for every string in obj, at any depth, whose field carries the marker.

    The rules find Markdown and URL fields this way, so a new field declared with the marker in
    model.py gets every rule without a change here.
    """
    for name, marked in _marked_fields(type(obj), marker):
        value = obj.__dict__.get(name)
        values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, entry in values:
            here = path + ((name,) if index is None else (name, index))
            if marked and isinstance(entry, str):
                yield here, entry
            elif isinstance(entry, BaseModel):
                yield from marked_values(entry, marker, here)


def markdown_fields(item: Item) -> Iterable[tuple[tuple, str, int | None]]:
    """Every Markdown text of an item: (field path, text, first line when it is the body)."""
    if getattr(type(item.meta), "body_is_markdown", True):
        yield ("tekst",), item.body, item.body_line
    for path, text in marked_values(item.meta, MarkdownText):
        yield path, text, None


_HTML_ALTERNATIVES = {
    "script": "scripts zijn niet toegestaan",
    "iframe": "zet een gewone link naar de video of pagina: [tekst](https://...)",
    "style": "opmaak regelt de site zelf; gebruik Markdown (**vet**, _cursief_, kopjes met #)",
    "a": "schrijf een link als [tekst](https://...)",
    "img": "schrijf een afbeelding als ![beschrijving](pad/naar/plaatje.png)",
    "br": "laat een lege regel tussen alinea's",
    "b": "schrijf vet als **tekst**", "strong": "schrijf vet als **tekst**",
    "i": "schrijf cursief als _tekst_", "em": "schrijf cursief als _tekst_",
}


def _file_position(loaded: LoadedFile, path: tuple, body_line: int | None, line: int, col: int) -> tuple[int, int]:
    """File line and column of a line:col in a Markdown text: the body, or a block scalar field."""
    if body_line is not None:
        return body_line + line - 1, col
    if path in loaded.parsed.block_pos:
        first, indent = loaded.parsed.block_pos[path]
        return first + line - 1, indent + col - 1
    return loaded.parsed.value_pos.get(path, (2, 1))


def _field(path: tuple) -> str:
    return field_name(path) if path != ("tekst",) else "tekst"


@R.NO_HTML.file_check
def no_raw_html(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for path, text, body_line in markdown_fields(item):
        for raw in mdread.raw_html(text):
            line, col = _file_position(loaded, path, body_line, raw.line, raw.col)
            if raw.tag == "!--":
                message = (f"HTML-commentaar (<!-- … -->) is niet toegestaan in '{path[0]}' — haal het weg: "
                           "tekst die lezers niet zien, hoort niet in de content")
            elif raw.tag:
                advice = _HTML_ALTERNATIVES.get(raw.tag, "gebruik Markdown in plaats van HTML")
                message = f"HTML-code <{raw.tag[:40]}> is niet toegestaan in '{path[0]}' — {advice}"
            else:
                message = f"HTML-code is niet toegestaan in '{path[0]}' — gebruik Markdown in plaats van HTML"
            yield Finding(loaded.path, line, col, R.NO_HTML.id, message)


@R.NESTING.file_check
def markdown_not_too_deep(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for path, text, body_line in markdown_fields(item):
        deep = mdread.too_deep(text)
        if deep is not None:
            line, col = _file_position(loaded, path, body_line, deep.line, deep.col)
            if deep.marks:
                yield Finding(loaded.path, line, col, R.NESTING.id,
                              f"de tekst in '{path[0]}' heeft meer dan {thousands(mdread.MAX_EMPHASIS_MARKS)} opmaaktekens "
                              "('*' en '_') — gebruik minder nadruk en minder van deze tekens")
                continue
            yield Finding(loaded.path, line, col, R.NESTING.id,
                          f"de tekst in '{path[0]}' is meer dan {mdread.MAX_DEPTH} niveaus diep genest (lijsten in lijsten, "
                          "citaten in citaten of opmaak in opmaak) — maak de structuur platter")


MAX_RENDERED_BYTES = 1_000_000  # HTML of one Markdown text; a GFM table pads every row to the header's width


@R.RENDERED_SIZE.file_check
def rendered_text_within_bounds(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    # Only tables multiply: 200 kB with a header of 2,000 columns and 60,000 short rows is 5 MB of HTML
    # per page and hundreds of MB of memory in the build. Texts without a table row are not rendered here.
    for path, text, body_line in markdown_fields(item):
        if "|" not in text or "-" not in text:
            continue
        rendered = mdread.safe_html(text)
        size = len(rendered.encode("utf-8"))
        if size > MAX_RENDERED_BYTES:
            line, col = _file_position(loaded, path, body_line, *mdread.first_table(rendered))
            yield Finding(loaded.path, line, col, R.RENDERED_SIZE.id,
                          f"de tekst in '{_field(path)}' wordt op de pagina {_dutch_number(size)} bytes HTML, de grens is "
                          f"{_dutch_number(MAX_RENDERED_BYTES)} bytes — maak tabellen kleiner (minder kolommen of rijen) "
                          "of splits de tekst op")


def _dutch_number(value: int) -> str:
    return thousands(value)


@R.HEADING_LEVEL.file_check
def no_level_one_heading(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for path, text, body_line in markdown_fields(item):
        if "#" not in text and "=" not in text:
            continue
        for line, col in mdread.level_one_headings(text):
            line, col = _file_position(loaded, path, body_line, line, col)
            yield Finding(loaded.path, line, col, R.HEADING_LEVEL.id,
                          f"kopje van niveau 1 in '{_field(path)}' — de titel is al het hoofdkopje van de pagina; "
                          "schrijf '## Kopje' (twee hekjes)")


IMAGE_DIR = "afbeeldingen"  # under content/; copied next to the generated pages


@dataclass(frozen=True)
class Link:
    """A link or image in an item's Markdown as cmark-gfm renders it, at its place in the file."""

    image: bool
    label: str
    target: str  # as the browser receives it: entities decoded, as cmark wrote it
    line: int
    col: int
    verdict: urls.Verdict
    definition: bool = False  # a reference definition no link reported on its own

    @property
    def kind(self) -> str:
        return "afbeelding" if self.image else "link"


def markdown_links(loaded: LoadedFile, item: Item) -> list[Link]:
    """Every link and image in an item's Markdown; several rules ask, so it is found once."""
    if loaded.links is not None:
        return loaded.links
    links: list[Link] = []
    for path, text, body_line in markdown_fields(item):
        seen: set[tuple[int, int]] = set()
        targets, definitions = mdread.links(text)
        for target in targets:
            line, col = _file_position(loaded, path, body_line, target.line, target.col)
            seen.add((target.line, target.col))
            links.append(Link(target.image, target.label, target.url, line, col, urls.judge(target.url)))
        # Definitions no link uses are never rendered; a dangerous one is still refused, so it cannot wait for a use.
        for destination, (def_line, def_col) in definitions.items():
            verdict = urls.judge(destination)
            if (def_line, def_col) not in seen and verdict.refused:
                line, col = _file_position(loaded, path, body_line, def_line, def_col)
                links.append(Link(False, "", destination, line, col, verdict, definition=True))
    loaded.links = links
    return links


def url_fields(loaded: LoadedFile, item: Item) -> Iterable[tuple[tuple, str, urls.Verdict]]:
    """Every front matter field declared as a web address (WebUrl in model.py), with its verdict."""
    for path, value in marked_values(item.meta, WebUrl):
        yield path, value, urls.judge(value, relative_allowed=False)


@R.SAFE_LINKS.file_check
def safe_links(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for path, _value, verdict in url_fields(loaded, item):
        if verdict.refused:
            yield _at(loaded, path, R.SAFE_LINKS.id, f"'{field_name(path)}' {verdict.problem}")
    for link in markdown_links(loaded, item):
        if link.verdict.refused:
            yield Finding(loaded.path, link.line, link.col, R.SAFE_LINKS.id, f"{link.kind} {link.verdict.problem}")
        elif link.target in ("", "#"):
            yield Finding(loaded.path, link.line, link.col, R.SAFE_LINKS.id,
                          f"{link.kind} '{link.label}' heeft geen doel — vul het webadres in, of haal de link weg en laat de tekst staan")
        elif not link.image and not link.label.strip():
            yield Finding(loaded.path, link.line, link.col, R.SAFE_LINKS.id, "link zonder tekst — schrijf tussen [ ] waar de link heen gaat")


def _local_target(loaded: LoadedFile, verdict: urls.Verdict, ctx: Context) -> Path | None:
    """Where a relative link in a content file points, as a path under the repository; None if it cannot be a file."""
    base = (ctx.corpus.root / loaded.path).parent
    try:
        target = Path(os.path.normpath(base / urls.local_path(verdict)))
        return target if target.is_file() else None
    except (OSError, ValueError):  # a name too long or otherwise impossible for this file system
        return None


@R.IMAGES.file_check
def images_are_local_and_exist(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    images = ctx.corpus.root / CONTENT_DIR / IMAGE_DIR
    hint = f"zet het bestand in content/{IMAGE_DIR}/ en schrijf ![beschrijving](../{IMAGE_DIR}/naam.png)"
    for link in markdown_links(loaded, item):
        if not link.image or link.target in ("", "#") or link.verdict.refused:
            continue
        if link.verdict.kind in (urls.EXTERNAL, urls.MAIL):
            yield Finding(loaded.path, link.line, link.col, R.IMAGES.id, f"afbeelding '{urls.shown(link.target)}' komt van buiten de site — {hint}")
            continue
        target = _local_target(loaded, link.verdict, ctx) if link.verdict.kind == urls.RELATIVE else None
        if target is None or images not in target.parents:
            yield Finding(loaded.path, link.line, link.col, R.IMAGES.id, f"afbeelding '{urls.shown(link.target)}' bestaat niet — {hint}")
        elif not link.label.strip():
            yield Finding(loaded.path, link.line, link.col, R.IMAGES.id,
                          "afbeelding zonder beschrijving — schrijf tussen ![ ] wat er op de afbeelding staat")


@R.INTERNAL_LINKS.file_check
def internal_links_exist(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    content = ctx.corpus.root / CONTENT_DIR
    for link in markdown_links(loaded, item):
        if link.image or link.verdict.kind != urls.RELATIVE or link.target == "":
            continue
        target = _local_target(loaded, link.verdict, ctx)
        ok = (target is not None and target.suffix == ".md" and target.parent.parent == content
              and target.parent.name in TYPE_BY_FOLDER)
        if not ok:
            yield Finding(loaded.path, link.line, link.col, R.INTERNAL_LINKS.id,
                          f"interne link '{urls.shown(link.target)}' wijst niet naar een bestaand item — link naar een ander item als "
                          "[titel](../tips/id.md), [titel](../faq/id.md) of [titel](../examples/id.md)")


# --- corpus rules --------------------------------------------------------------------------


@R.UNIQUE_ID.corpus_check
def unique_ids(ctx: Context) -> Iterable[Finding]:
    by_id: dict[str, list[LoadedFile]] = defaultdict(list)
    for loaded in ctx.corpus.files:
        if loaded.item is not None:
            by_id[loaded.item.id].append(loaded)
    # Which of the two is the newcomer is not for us to guess: both files hear of the other.
    for item_id, files in by_id.items():
        for loaded in files if len(files) > 1 else []:
            others = ", ".join(f.path for f in files if f is not loaded)
            yield _at(loaded, ("id",), R.UNIQUE_ID.id, f"id '{item_id}' bestaat ook in {others} — kies een ander id (en hernoem het bestand)")


@R.RELATED_EXISTS.corpus_check
def related_ids_exist(ctx: Context) -> Iterable[Finding]:
    known = {item.id for item in ctx.corpus.items}
    # Files that failed validation still own their id: do not report references to them twice.
    known |= {f.parsed.data.get("id") for f in ctx.corpus.files if isinstance(f.parsed.data, dict) and isinstance(f.parsed.data.get("id"), str)}
    # A file that could not be read or parsed at all has its own finding; its id is its file name.
    # One broken file must not also turn up as "bestaat niet" in every file that points at it.
    known |= {path.rsplit("/", 1)[-1].removesuffix(".md") for path in
              [f.path for f in ctx.corpus.files] + [f.path for f in ctx.corpus.findings]
              if path.startswith(f"{CONTENT_DIR}/") and path.endswith(".md")}
    for loaded in ctx.corpus.files:
        if loaded.item is None:
            continue
        for index, target in enumerate(loaded.item.meta.gerelateerd):
            if target == loaded.item.id:
                yield _at(loaded, ("gerelateerd", index), R.RELATED_EXISTS.id,
                          f"item verwijst in 'gerelateerd' naar zichzelf ('{target}') — haal deze waarde weg")
            elif target not in known:
                hint = suggest(target, known) or " — controleer de schrijfwijze of haal de waarde weg"
                yield _at(loaded, ("gerelateerd", index), R.RELATED_EXISTS.id, f"gerelateerd item '{target}' bestaat niet{hint}")


@R.TIP_ORDER.corpus_check
def unique_tip_order(ctx: Context) -> Iterable[Finding]:
    seen: dict[tuple[str, int], str] = {}
    for loaded in ctx.corpus.files:
        meta = loaded.item.meta if loaded.item else None
        if meta is None or loaded.item.type.key != "tip":
            continue
        key = (meta.tipset, meta.volgorde)
        if key in seen:
            yield _at(loaded, ("volgorde",), R.TIP_ORDER.id,
                      f"volgorde {meta.volgorde} in tipset '{meta.tipset}' is al gebruikt door {seen[key]} — kies een ander nummer")
        else:
            seen[key] = loaded.path


@R.VOCABULARY.corpus_check
def roles_name_known_audiences(ctx: Context) -> Iterable[Finding]:
    parsed = ctx.corpus.vocabulary_parsed
    known = ctx.vocabularies.doelgroepen
    for role, term in ctx.vocabularies.rollen.items():
        for index, audience in enumerate(term.doelgroepen):
            if audience not in known:
                line, col = parsed.value_pos.get(("rollen", role, "doelgroepen", index), (1, 1))
                hint = suggest(audience, known) or f" — kies uit: {', '.join(known)}"
                yield Finding(VOCABULARY_PATH, line, col, R.VOCABULARY.id, f"rol '{role}' noemt onbekende doelgroep '{audience}'{hint}")


@R.DERIVED_FILES.corpus_check
def derived_files_current(ctx: Context) -> Iterable[Finding]:
    for stale in derived.stale(ctx.corpus.root, ctx.vocabularies):
        yield Finding(stale.path, stale.line, 1, R.DERIVED_FILES.id, stale.message)


# The head area's checks (E070, E071) live in a module of their own; importing it attaches them.
from . import rules_head  # noqa: E402, F401

# --- the glossary (content/begrippen.yml) ----------------------------------------------------


@R.UNKNOWN_ABBREVIATION.file_check
def abbreviations_in_glossary(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    glossary = ctx.corpus.glossary
    if glossary is None:  # no glossary in this checkout, or one with its own findings
        return
    known = glossary.known_words
    # The whole file, front matter included: titles and summaries are read too. First one pass over
    # the whole text for abbreviation-like words (most files have none unknown); then, only if there
    # are, one pass over each line for where they are.
    unknown = abbreviation_like_words(loaded.text) - known
    if not unknown:
        return
    for number, line in enumerate(loaded.text.splitlines(), start=1):
        for match in words(line):
            word = match.group()
            if word not in unknown:
                continue
            unknown.discard(word)  # each once, where it first stands
            yield Finding(loaded.path, number, match.start() + 1, R.UNKNOWN_ABBREVIATION.id,
                          f"afkorting '{word[:40]}' staat niet in de begrippenlijst — voeg hem toe aan {GLOSSARY_PATH} "
                          "(term, afkorting, uitleg, synoniemen, bron) of schrijf het woord voluit")


@R.VOCABULARY.corpus_check
def glossary_sources_known(ctx: Context) -> Iterable[Finding]:
    glossary, parsed = ctx.corpus.glossary, ctx.corpus.glossary_parsed
    if glossary is None or parsed is None:
        return
    known = ctx.vocabularies.bronnen
    for key, entry in glossary.begrippen.items():
        if entry.bron is not None and entry.bron not in known:
            line, col = parsed.value_pos.get(("begrippen", key, "bron"), (1, 1))
            hint = suggest(entry.bron, known) or f" — kies uit: {', '.join(known)}"
            yield Finding(GLOSSARY_PATH, line, col, R.VOCABULARY.id, f"begrip '{key}' noemt onbekende bron '{entry.bron}'{hint}")


@R.REPEATED_VALUE.corpus_check
def glossary_abbreviations_unique(ctx: Context) -> Iterable[Finding]:
    glossary, parsed = ctx.corpus.glossary, ctx.corpus.glossary_parsed
    if glossary is None or parsed is None:
        return
    first: dict[str, str] = {}
    for key, entry in glossary.begrippen.items():
        if entry.afkorting is None:
            continue
        if entry.afkorting in first:
            line, col = parsed.value_pos.get(("begrippen", key, "afkorting"), (1, 1))
            yield Finding(GLOSSARY_PATH, line, col, R.REPEATED_VALUE.id,
                          f"afkorting '{entry.afkorting}' staat al bij begrip '{first[entry.afkorting]}' — voeg de twee "
                          "begrippen samen, of zet de andere betekenis in de uitleg")
        else:
            first[entry.afkorting] = key
# --- phone (issue 13): personal data, repeated sections, the maintainer ---------------------


@R.PERSONAL_DATA.file_check
def no_personal_data(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    allowed = ctx.corpus.settings.beheerder.email
    # No scan crosses a line end (personal.py), so one pass over the whole text finds the same data as
    # one per line; only when it finds some are the lines walked for where they are.
    if next(personal.personal_data(loaded.text, allowed), None) is None:
        return
    for number, line in enumerate(loaded.text.splitlines(), start=1):
        for hit in personal.personal_data(line, allowed):
            yield Finding(loaded.path, number, hit.col + 1, R.PERSONAL_DATA.id,
                          f"{hit.kind} '{hit.text}' in de inhoud — haal persoonsgegevens weg; de site is openbaar")


@R.STUB_REPEATS_BODY.file_check
def sections_do_not_repeat_body(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    body = None  # squeezed only when some field is long enough to repeat it: tips and questions have none
    for path, text in marked_values(item.meta, MarkdownText):
        said = personal.squeezed(text)
        if len(said) < personal.MIN_REPEAT:
            continue
        body = personal.squeezed(item.body) if body is None else body
        if said in body:
            yield _at(loaded, path, R.STUB_REPEATS_BODY.id,
                      f"'{_field(path)}' herhaalt de tekst onder de velden — laat het veld weg of schrijf iets wat de tekst niet al zegt")


@R.MAINTAINER_MISSING.corpus_check
def maintainer_is_set(ctx: Context) -> Iterable[Finding]:
    # Only a checkout with instellingen.yml is a site someone maintains; a test's bare tree has none.
    path = Path(ctx.corpus.root) / SETTINGS_FILE
    maintainer = ctx.corpus.settings.beheerder
    if path.is_symlink() or not path.is_file() or (maintainer.organisatie and maintainer.email):
        return
    if any(f.path == SETTINGS_FILE for f in ctx.corpus.findings):
        return  # a broken file was read as the defaults: its own findings say what to fix first
    missing = " en ".join(name for name, value in (("organisatie", maintainer.organisatie), ("email", maintainer.email)) if not value)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.stat().st_size <= 100_000 else []
    line = next((n for n, text in enumerate(lines, start=1) if text.startswith("beheerder:")), 1)
    yield Finding(SETTINGS_FILE, line, 1, R.MAINTAINER_MISSING.id,
                  f"'beheerder: {missing}' is nog leeg — de pagina Meedoen en contact toont een plaatshouder tot een beheerder dit invult")
@R.LICENCE_SET.corpus_check
def licence_is_set(ctx: Context) -> Iterable[Finding]:
    # A tree without instellingen.yml (a test's temporary repository) has decided nothing: no warning there.
    # A broken file is reported as such (its values fall back to the defaults): no second finding then.
    broken = any(f.path == SETTINGS_FILE for f in ctx.corpus.findings)
    if ctx.corpus.settings.licentie is None and os.path.lexists(ctx.corpus.root / SETTINGS_FILE) and not broken:
        yield Finding(SETTINGS_FILE, *settings_position(ctx.corpus.root, "licentie"), R.LICENCE_SET.id,
                      "er is nog geen licentie vastgesteld — de pagina Open data zegt 'licentie nog niet vastgesteld' "
                      "tot de beheerders 'licentie' invullen")


# Every check is attached to its rule by now: these are the registry's, in its order.
FILE_RULES: list[tuple[Rule, FileRule]] = R.checks(R.Stage.FILE)
CORPUS_RULES: list[tuple[Rule, CorpusRule]] = R.checks(R.Stage.CORPUS)


def file_findings(files: Iterable[LoadedFile], ctx: Context) -> list[Finding]:
    """What the file rules find in files (items only), in file order."""
    found: list[Finding] = []
    for loaded in files:
        if loaded.item is not None:
            for _info, check in FILE_RULES:
                found.extend(check(loaded, loaded.item, ctx))
    return found


def run_checks(corpus: Corpus, today: dt.date | None = None, elsewhere: frozenset[str] = frozenset(),
               their_findings: Callable[[], list[Finding]] | None = None) -> list[Finding]:
    """All findings for the corpus: those of loading plus those of every rule.

    elsewhere: files (paths) whose file rules ran in another process (check.validate), the last ones;
    their_findings() gives what they found, to follow this process's own in file order.
    """
    found = list(corpus.findings)
    if corpus.vocabularies is None:
        return found
    ctx = Context(corpus, corpus.vocabularies, today or dt.date.today())
    found += file_findings((loaded for loaded in corpus.files if loaded.path not in elsewhere), ctx)
    if their_findings is not None:
        found += their_findings()
    for _info, check in CORPUS_RULES:
        found.extend(check(ctx))
    return found

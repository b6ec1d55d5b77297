"""Stage 2, check: one rule per function, each with a stable id and slug.

File rules look at one valid item; corpus rules look across all items.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from . import findings as F
from .findings import Finding, RuleInfo, register
from .loader import CONTENT_DIR, VOCABULARY_PATH, Corpus, LoadedFile, suggest
from .model import TYPE_BY_FOLDER, VOCABULARY_FIELDS, Item, Praktijkvoorbeeld
from .vocab import Vocabularies


@dataclass(frozen=True)
class Context:
    corpus: Corpus
    vocabularies: Vocabularies
    today: dt.date


FileRule = Callable[[LoadedFile, Item, Context], Iterable[Finding]]
CorpusRule = Callable[[Context], Iterable[Finding]]
FILE_RULES: list[tuple[RuleInfo, FileRule]] = []
CORPUS_RULES: list[tuple[RuleInfo, CorpusRule]] = []


def file_rule(rule_id: str, slug: str = "", description: str = ""):
    """Register a file rule; a rule id the loader already owns is extended, not duplicated."""
    info = F.RULES.get(rule_id) or register(rule_id, slug, description)

    def decorate(func: FileRule) -> FileRule:
        FILE_RULES.append((info, func))
        return func

    return decorate


def corpus_rule(rule_id: str, slug: str = "", description: str = ""):
    info = F.RULES.get(rule_id) or register(rule_id, slug, description)

    def decorate(func: CorpusRule) -> CorpusRule:
        CORPUS_RULES.append((info, func))
        return func

    return decorate


def _at(loaded: LoadedFile, path: tuple, rule: str, message: str, *, key: bool = False) -> Finding:
    table = loaded.parsed.key_pos if key else loaded.parsed.value_pos
    line, col = table.get(path) or loaded.parsed.key_pos.get(path[:1]) or (2, 1)
    return Finding(loaded.path, line, col, rule, message)


# --- file rules ----------------------------------------------------------------------------


@file_rule("E010", "bestandsnaam-is-id", "De bestandsnaam (zonder .md) is gelijk aan het id.")
def filename_matches_id(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    stem = loaded.path.rsplit("/", 1)[-1].removesuffix(".md")
    if stem != item.id:
        yield _at(loaded, ("id",), "E010",
                  f"id '{item.id}' verschilt van de bestandsnaam '{stem}.md' — hernoem het bestand naar "
                  f"'{item.id}.md' of zet 'id: {stem}'")


@file_rule("E012", "vocabulaire", "Thema's, doelgroepen, tipsets, categorieën, regio's en bronnen komen uit vocabulaires.yml.")
def known_vocabulary_values(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for field_path, vocabulary in VOCABULARY_FIELDS.items():
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
            yield _at(loaded, path, "E012", f"onbekende waarde '{entry}' in '{field_path}'{hint}")


@file_rule("E013", "dubbele-waarde", "Een lijst noemt elke waarde maar één keer.")
def no_repeated_values(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for name in ("themas", "doelgroepen", "gerelateerd"):
        seen: set[str] = set()
        for index, value in enumerate(getattr(item.meta, name)):
            if value in seen:
                yield _at(loaded, (name, index), "E013", f"'{value}' staat twee keer in '{name}' — haal één weg")
            seen.add(value)


@file_rule(F.INVALID_DATE.id)
def dates_not_in_future(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for path, value in ((("laatst_gecontroleerd",), item.meta.laatst_gecontroleerd), (("bron", "datum"), item.meta.bron.datum)):
        if value is not None and value > ctx.today:
            yield _at(loaded, path, F.INVALID_DATE.id,
                      f"'{'.'.join(path)}' ({value.isoformat()}) ligt in de toekomst — gebruik de datum van vandaag of eerder")


@file_rule("E022", "bron-vindbaar", "Elke bron is een brondocument uit vocabulaires.yml of heeft een url.")
def source_can_be_found(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    if item.meta.bron.document is None and item.meta.bron.url is None:
        yield _at(loaded, ("bron",), "E022", "de bron noemt geen document en geen url — vul 'document' of 'url' in onder 'bron'",
                  key=True)


PLACEHOLDER = "(aanvullen)"


@file_rule("W001", "sjabloontekst", "Tekst '(aanvullen)' uit het sjabloon is nog niet vervangen (waarschuwing).")
def template_text_replaced(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    if PLACEHOLDER not in loaded.text:
        return
    for number, line in enumerate(loaded.text.splitlines(), start=1):
        col = line.find(PLACEHOLDER)
        if col != -1:
            yield Finding(loaded.path, number, col + 1, "W001",
                          f"'{PLACEHOLDER}' staat er nog — vervang het door echte tekst uit je bron")


@file_rule("E015", "tekst-niet-leeg", "Onder de front matter staat de tekst van het item.")
def body_not_empty(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    if not item.body.strip():
        what = {"tip": "de tip", "vraag": "het antwoord", "voorbeeld": "de beschrijving"}[item.type.key]
        yield Finding(loaded.path, item.body_line - 1, 1, "E015",
                      f"de tekst onder de front matter is leeg — schrijf {what} onder de tweede regel '---'")


def markdown_fields(item: Item) -> Iterable[tuple[tuple, str, int | None]]:
    """Every Markdown text of an item: (field path, text, first line when it is the body)."""
    yield ("tekst",), item.body, item.body_line
    if isinstance(item.meta, Praktijkvoorbeeld):
        for name in ("wat_ze_deden", "wat_het_opleverde"):
            if getattr(item.meta, name):
                yield (name,), getattr(item.meta, name), None
        for index, lesson in enumerate(item.meta.lessen):
            yield ("lessen", index), lesson, None


_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_HTML_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>?")
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


def _locate(loaded: LoadedFile, item: Item, path: tuple, body_line: int | None, text: str, offset: int):
    """File line and column of a position in a Markdown text: the body, or a block scalar field."""
    line_in_text = text.count("\n", 0, offset)
    col_in_line = offset - (text.rfind("\n", 0, offset) + 1)
    if body_line is not None:
        return body_line + line_in_text, col_in_line + 1
    if path in loaded.parsed.block_pos:
        first, indent = loaded.parsed.block_pos[path]
        return first + line_in_text, indent + col_in_line
    return loaded.parsed.value_pos.get(path, (2, 1))


def _without_code(text: str) -> str:
    return _CODE.sub(lambda m: " " * len(m.group(0)), text)


@file_rule("E016", "geen-html", "Content bevat geen HTML; gebruik Markdown.")
def no_raw_html(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for path, text, body_line in markdown_fields(item):
        for match in _HTML_TAG.finditer(_without_code(text)):
            if match.group(1):  # a closing tag: its opening tag is reported already
                continue
            tag = match.group(2).lower()
            advice = _HTML_ALTERNATIVES.get(tag, "gebruik Markdown in plaats van HTML")
            line, col = _locate(loaded, item, path, body_line, text, match.start())
            yield Finding(loaded.path, line, col, "E016",
                          f"HTML-code <{tag}> is niet toegestaan in '{path[0]}' — {advice}")


_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)>\s]*)[^)]*\)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>|^[ \t]*\[[^\]]+\]:[ \t]*(\S+)", re.M)
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
IMAGE_DIR = "afbeeldingen"  # under content/; copied next to the generated pages


@dataclass(frozen=True)
class Link:
    image: bool
    label: str
    target: str  # as written
    inline: bool  # [label](target), not an autolink or reference definition
    line: int
    col: int

    @property
    def normalized(self) -> str:
        """The target as a browser reads it: entities decoded, white space and controls removed."""
        return re.sub(r"[\s\x00-\x1f]", "", html.unescape(self.target)).lower()

    @property
    def kind(self) -> str:
        return "afbeelding" if self.image else "link"


def markdown_links(loaded: LoadedFile, item: Item) -> list[Link]:
    """Every link and image in an item's Markdown; three rules ask, so it is found once."""
    if loaded.links is not None:
        return loaded.links
    links = []
    for path, text, body_line in markdown_fields(item):
        if "[" not in text and "<" not in text:
            continue
        for match in _LINK.finditer(_without_code(text)):
            line, col = _locate(loaded, item, path, body_line, text, match.start())
            target = match.group(3) or match.group(4) or match.group(5) or ""
            links.append(Link(bool(match.group(1)), match.group(2) or "", target, match.group(3) is not None, line, col))
    loaded.links = links
    return links


@file_rule("E017", "veilige-links", "Links en afbeeldingen hebben een doel, tekst en een veilig webadres.")
def safe_links(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for link in markdown_links(loaded, item):
        if link.normalized.startswith(_UNSAFE_SCHEMES):
            scheme = link.normalized.split(":")[0]
            yield Finding(loaded.path, link.line, link.col, "E017",
                          f"{link.kind} met '{scheme}:' is niet toegestaan — gebruik een webadres dat met https:// begint")
        elif link.inline and link.target in ("", "#"):
            yield Finding(loaded.path, link.line, link.col, "E017",
                          f"{link.kind} '{link.label}' heeft geen doel — vul het webadres in, of haal de link weg en laat de tekst staan")
        elif link.inline and not link.image and not link.label.strip():
            yield Finding(loaded.path, link.line, link.col, "E017", "link zonder tekst — schrijf tussen [ ] waar de link heen gaat")


def _local_target(loaded: LoadedFile, target: str, ctx: Context) -> Path:
    """Where a relative link in a content file points, as a path under the repository."""
    base = (ctx.corpus.root / loaded.path).parent
    return Path(os.path.normpath(base / unquote(target.split("#", 1)[0].split("?", 1)[0])))


@file_rule("E023", "afbeeldingen", "Afbeeldingen staan in content/afbeeldingen/ en bestaan.")
def images_are_local_and_exist(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    images = ctx.corpus.root / CONTENT_DIR / IMAGE_DIR
    for link in markdown_links(loaded, item):
        if not link.image or not link.inline or link.target in ("", "#") or link.normalized.startswith(_UNSAFE_SCHEMES):
            continue
        if _SCHEME.match(link.normalized) or link.target.startswith("/"):
            yield Finding(loaded.path, link.line, link.col, "E023",
                          f"afbeelding '{link.target}' komt van buiten de site — zet het bestand in content/{IMAGE_DIR}/ "
                          f"en schrijf ![beschrijving](../{IMAGE_DIR}/naam.png)")
            continue
        target = _local_target(loaded, link.target, ctx)
        if not target.is_file() or images not in target.parents:
            yield Finding(loaded.path, link.line, link.col, "E023",
                          f"afbeelding '{link.target}' bestaat niet — zet het bestand in content/{IMAGE_DIR}/ "
                          f"en schrijf ![beschrijving](../{IMAGE_DIR}/naam.png)")
        elif not link.label.strip():
            yield Finding(loaded.path, link.line, link.col, "E023",
                          "afbeelding zonder beschrijving — schrijf tussen ![ ] wat er op de afbeelding staat")


@file_rule("E024", "interne-links", "Links naar andere items wijzen naar een bestaand contentbestand.")
def internal_links_exist(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    content = ctx.corpus.root / CONTENT_DIR
    for link in markdown_links(loaded, item):
        if link.image or not link.inline or link.target.startswith("#") or link.target in ("",):
            continue
        if _SCHEME.match(link.normalized):
            continue  # external, checked by `make links`
        target = _local_target(loaded, link.target, ctx)
        folder = target.parent.name
        ok = (target.is_file() and target.suffix == ".md" and target.parent.parent == content
              and folder in TYPE_BY_FOLDER)
        if not ok:
            yield Finding(loaded.path, link.line, link.col, "E024",
                          f"interne link '{link.target}' wijst niet naar een bestaand item — link naar een ander item als "
                          "[titel](../tips/id.md), [titel](../faq/id.md) of [titel](../examples/id.md)")


# --- corpus rules --------------------------------------------------------------------------


@corpus_rule("E011", "unieke-id", "Elk id komt maar één keer voor, over alle soorten content heen.")
def unique_ids(ctx: Context) -> Iterable[Finding]:
    by_id: dict[str, list[LoadedFile]] = defaultdict(list)
    for loaded in ctx.corpus.files:
        if loaded.item is not None:
            by_id[loaded.item.id].append(loaded)
    # Which of the two is the newcomer is not for us to guess: both files hear of the other.
    for item_id, files in by_id.items():
        for loaded in files if len(files) > 1 else []:
            others = ", ".join(f.path for f in files if f is not loaded)
            yield _at(loaded, ("id",), "E011", f"id '{item_id}' bestaat ook in {others} — kies een ander id (en hernoem het bestand)")


@corpus_rule("E020", "gerelateerd-bestaat", "Gerelateerde items bestaan en verwijzen niet naar zichzelf.")
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
                yield _at(loaded, ("gerelateerd", index), "E020",
                          f"item verwijst in 'gerelateerd' naar zichzelf ('{target}') — haal deze waarde weg")
            elif target not in known:
                hint = suggest(target, known) or " — controleer de schrijfwijze of haal de waarde weg"
                yield _at(loaded, ("gerelateerd", index), "E020", f"gerelateerd item '{target}' bestaat niet{hint}")


@corpus_rule("E021", "volgorde-in-tipset", "Binnen een tipset heeft elke tip een eigen volgnummer.")
def unique_tip_order(ctx: Context) -> Iterable[Finding]:
    seen: dict[tuple[str, int], str] = {}
    for loaded in ctx.corpus.files:
        meta = loaded.item.meta if loaded.item else None
        if meta is None or loaded.item.type.key != "tip":
            continue
        key = (meta.tipset, meta.volgorde)
        if key in seen:
            yield _at(loaded, ("volgorde",), "E021",
                      f"volgorde {meta.volgorde} in tipset '{meta.tipset}' is al gebruikt door {seen[key]} — kies een ander nummer")
        else:
            seen[key] = loaded.path


@corpus_rule("E012")
def roles_name_known_audiences(ctx: Context) -> Iterable[Finding]:
    parsed = ctx.corpus.vocabulary_parsed
    known = ctx.vocabularies.doelgroepen
    for role, term in ctx.vocabularies.rollen.items():
        for index, audience in enumerate(term.doelgroepen):
            if audience not in known:
                line, col = parsed.value_pos.get(("rollen", role, "doelgroepen", index), (1, 1))
                hint = suggest(audience, known) or f" — kies uit: {', '.join(known)}"
                yield Finding(VOCABULARY_PATH, line, col, "E012", f"rol '{role}' noemt onbekende doelgroep '{audience}'{hint}")


def run_checks(corpus: Corpus, today: dt.date | None = None) -> list[Finding]:
    """All findings for the corpus: those of loading plus those of every rule."""
    found = list(corpus.findings)
    if corpus.vocabularies is None:
        return found
    ctx = Context(corpus, corpus.vocabularies, today or dt.date.today())
    for loaded in corpus.files:
        if loaded.item is not None:
            for _info, check in FILE_RULES:
                found.extend(check(loaded, loaded.item, ctx))
    for _info, check in CORPUS_RULES:
        found.extend(check(ctx))
    return found

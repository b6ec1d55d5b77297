"""Stage 2, check: one rule per function, each with a stable id and slug.

File rules look at one valid item; corpus rules look across all items.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import findings as F
from .findings import Finding, RuleInfo, register
from .loader import VOCABULARY_PATH, Corpus, LoadedFile, suggest
from .model import VOCABULARY_FIELDS, Item, Praktijkvoorbeeld
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
            value = getattr(value, part, None)
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
    text = (ctx.corpus.root / loaded.path).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
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
    if body_line is None:
        return loaded.parsed.value_pos.get(path, (2, 1))
    line = body_line + text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


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


_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)>\s]*)[^)]*\)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>|^\s*\[[^\]]+\]:\s*(\S+)", re.M)
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")


@file_rule("E017", "veilige-links", "Links en afbeeldingen hebben een doel, tekst en een veilig webadres.")
def safe_links(loaded: LoadedFile, item: Item, ctx: Context) -> Iterable[Finding]:
    for path, text, body_line in markdown_fields(item):
        for match in _LINK.finditer(_without_code(text)):
            bang, label, target = match.group(1), match.group(2), match.group(3) or match.group(4) or match.group(5) or ""
            line, col = _locate(loaded, item, path, body_line, text, match.start())
            kind = "afbeelding" if bang else "link"
            lowered = re.sub(r"\s", "", target).lower()
            if lowered.startswith(_UNSAFE_SCHEMES):
                yield Finding(loaded.path, line, col, "E017",
                              f"{kind} met '{lowered.split(':')[0]}:' is niet toegestaan — gebruik een webadres dat met https:// begint")
            elif match.group(4) is None and match.group(5) is None and target in ("", "#"):
                yield Finding(loaded.path, line, col, "E017",
                              f"{kind} '{label}' heeft geen doel — vul het webadres in, of haal de link weg en laat de tekst staan")
            elif match.group(4) is None and match.group(5) is None and not bang and not label.strip():
                yield Finding(loaded.path, line, col, "E017",
                              "link zonder tekst — schrijf tussen [ ] waar de link heen gaat")


# --- corpus rules --------------------------------------------------------------------------


@corpus_rule("E011", "unieke-id", "Elk id komt maar één keer voor, over alle soorten content heen.")
def unique_ids(ctx: Context) -> Iterable[Finding]:
    by_id: dict[str, list[LoadedFile]] = defaultdict(list)
    for loaded in ctx.corpus.files:
        if loaded.item is not None:
            by_id[loaded.item.id].append(loaded)
    for item_id, files in by_id.items():
        for loaded in files[1:]:
            yield _at(loaded, ("id",), "E011",
                      f"id '{item_id}' bestaat al in {files[0].path} — kies een ander id (en hernoem het bestand)")


@corpus_rule("E020", "gerelateerd-bestaat", "Gerelateerde items bestaan en verwijzen niet naar zichzelf.")
def related_ids_exist(ctx: Context) -> Iterable[Finding]:
    known = {item.id for item in ctx.corpus.items}
    # Files that failed validation still own their id: do not report references to them twice.
    known |= {f.parsed.data.get("id") for f in ctx.corpus.files if isinstance(f.parsed.data, dict) and isinstance(f.parsed.data.get("id"), str)}
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

"""The GitHub issue form for practice examples, and its conversion into a content file.

People who cannot make a pull request fill in the form; when a maintainer adds the label,
a workflow runs `python -m kennisbank issue` and opens a pull request with the new file.
The form is generated from the vocabularies (`make schema`), so its choices never go stale.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .fsguard import NotRegular, TooLarge, UnsafePath, create_new_file, read_limited
from .loader import CONTENT_DIR, load
from .model import Praktijkvoorbeeld
from .text import slugify
from .vocab import Vocabularies

FORM_PATH = ".github/ISSUE_TEMPLATE/praktijkvoorbeeld.yml"
CONVERT_LABEL = "omzetten-naar-voorbeeld"
NO_RESPONSE = "_No response_"
UNKNOWN_REGION = "Weet ik niet"
STATUS_OPTIONS = {"Beschreven: het voorbeeld is compleet": "beschreven",
                  "In aanvulling: er is nog weinig over bekend": "in aanvulling"}


@dataclass(frozen=True)
class FormField:
    id: str
    kind: str  # input, textarea or dropdown
    label: str
    description: str
    required: bool = False
    vocabulary: str | None = None  # dropdown options come from this vocabulary's labels
    multiple: bool = False


FIELDS: tuple[FormField, ...] = (
    FormField("titel", "input", "Titel", "Kort en duidelijk, bijvoorbeeld ‘Gemeente X: huisartsen aan tafel via de ROS’.", True),
    FormField("samenvatting", "input", "Samenvatting", "Eén zin (20 tot 250 tekens) over wat dit voorbeeld laat zien.", True),
    FormField("gemeenten", "input", "Gemeente of plaats", "Eén of meer gemeenten, gescheiden door komma's.", True),
    FormField("regio", "dropdown", "Provincie", "De provincie van het voorbeeld.", False, "regios"),
    FormField("partners", "textarea", "Partners", "De organisaties die meedoen, één per regel."),
    FormField("beschrijving", "textarea", "Beschrijving",
              "Beschrijf het voorbeeld in gewone zinnen. Opsommingen en links (Markdown) mogen. Schrijf alleen op wat de bron zegt.",
              True),
    FormField("wat_ze_deden", "textarea", "Wat deden ze?", "Wat deden de partners?"),
    FormField("wat_het_opleverde", "textarea", "Wat leverde het op?", "Alleen als de bron dat zegt."),
    FormField("lessen", "textarea", "Lessen", "Wat kunnen anderen ervan leren? Eén les per regel."),
    FormField("themas", "dropdown", "Thema's", "Kies een of meer thema's.", True, "themas", multiple=True),
    FormField("doelgroepen", "dropdown", "Voor wie", "Voor wie is dit voorbeeld interessant?", True, "doelgroepen", multiple=True),
    FormField("status", "dropdown", "Status", "Is het voorbeeld compleet beschreven?", True),
    FormField("bron_titel", "input", "Titel van de bron", "Waar komt deze informatie vandaan?", True),
    FormField("bron_url", "input", "Webadres van de bron", "Zodat iedereen de bron kan nalezen (https://...).", True),
    FormField("bron_organisatie", "input", "Organisatie van de bron", "Van wie is de bron?"),
    FormField("bron_datum", "input", "Datum van de bron", "Als JJJJ-MM-DD, bijvoorbeeld 2024-05-13."),
    FormField("meer_lezen", "textarea", "Meer lezen",
              "Documenten om verder te lezen, één per regel, als ‘Titel | https://...’ of alleen een titel."),
)


def _options(field: FormField, vocab: Vocabularies) -> list[str]:
    if field.id == "status":
        return list(STATUS_OPTIONS)
    labels = [term.label for term in vocab.terms(field.vocabulary).values()]
    return labels + ([UNKNOWN_REGION] if field.id == "regio" else [])


def issue_form(vocab: Vocabularies) -> dict:
    body: list[dict] = [{"type": "markdown", "attributes": {"value": (
        "Ken je een goed voorbeeld van samenwerking rond Kansrijke Start of Krachtige basiszorg? "
        "Vul dit formulier in. Een beheerder zet het om in een pagina en controleert de bron.\n\n"
        "Schrijf alleen op wat je bron zegt, en noem die bron onderaan.")}}]
    for field in FIELDS:
        attributes: dict = {"label": field.label, "description": field.description}
        if field.kind == "dropdown":
            attributes["options"] = _options(field, vocab)
            if field.multiple:
                attributes["multiple"] = True
        entry = {"type": field.kind, "id": field.id, "attributes": attributes}
        if field.required:
            entry["validations"] = {"required": True}
        body.append(entry)
    return {"name": "Praktijkvoorbeeld aanmelden", "description": "Meld een praktijkvoorbeeld aan voor de Kennisbank.",
            "title": "Praktijkvoorbeeld: ", "labels": ["praktijkvoorbeeld"], "body": body}


def render_form(vocab: Vocabularies) -> str:
    header = "# Gegenereerd uit scripts/kennisbank/issueform.py en content/vocabulaires.yml: draai `make schema`.\n"
    return header + yaml.safe_dump(issue_form(vocab), allow_unicode=True, sort_keys=False, width=120)


def write_issue_form(root: Path) -> Path:
    corpus = load(root)
    if corpus.vocabularies is None:
        raise SystemExit("content/vocabulaires.yml is ongeldig; draai 'make check'")
    path = root / FORM_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_form(corpus.vocabularies), encoding="utf-8")
    return path


# --- from an issue's body to a content file ------------------------------------------------


def visible_text(body: str) -> str:
    """The body as the maintainer saw it on GitHub: without HTML comments and invisible characters.

    GitHub shows nothing of '<!-- … -->' (nor of an unterminated '<!--', which hides the rest),
    and nothing of zero-width or bidi control characters. The maintainer who adds the label
    judges what is shown; what is hidden must never reach the new file. str.find keeps it linear.
    """
    parts, start = [], 0
    while (opening := body.find("<!--", start)) != -1:
        parts.append(body[start:opening])
        closing = body.find("-->", opening + 4)
        if closing == -1:
            start = len(body)
            break
        start = closing + 3
    parts.append(body[start:])
    text = "".join(parts)
    # Format characters (Cf: zero-width, bidi overrides, BOM) are invisible; U+200D joins emoji.
    return "".join(ch for ch in text if ch == "\u200d" or unicodedata.category(ch) != "Cf")


def parse_body(body: str) -> dict[str, str]:
    """Split the Markdown GitHub renders for a submitted form into field id -> raw value.

    GitHub writes '### <label>' then the answer. Labels are searched in form order, so a
    '###' heading inside an answer cannot cut it short. Hidden text is dropped first, so that
    it cannot hold a heading of its own either.
    """
    text = visible_text(body).replace("\r\n", "\n").replace("\r", "\n")
    positions = []
    start = 0
    for field in FIELDS:
        match = re.compile(rf"^### {re.escape(field.label)}[ \t]*$", re.M).search(text, start)
        if match:
            positions.append((field, match.start(), match.end()))
            start = match.end()
    values = {}
    for index, (field, _begin, end) in enumerate(positions):
        stop = positions[index + 1][1] if index + 1 < len(positions) else len(text)
        value = text[end:stop].strip("\n").strip()
        values[field.id] = "" if value == NO_RESPONSE else value
    return values


def _lines(value: str) -> list[str]:
    return [re.sub(r"^\s*[-*•]\s+", "", line).strip() for line in value.split("\n") if line.strip()]


def _from_labels(value: str, vocab: Vocabularies, vocabulary: str) -> list[str]:
    by_label = {term.label: key for key, term in vocab.terms(vocabulary).items()}
    return [by_label.get(label.strip(), label.strip()) for label in value.split(", ") if label.strip()]


def _links(value: str) -> list[dict]:
    links = []
    for line in _lines(value):
        title, _, url = line.partition(" | ")
        if not url and re.match(r"https?://\S+$", line):
            title, url = line, line
        links.append({"titel": title.strip(), **({"url": url.strip()} if url.strip() else {})})
    return links


CONVERTERS: dict[str, Callable[[str, Vocabularies], object]] = {
    "gemeenten": lambda v, _voc: [part.strip() for part in v.split(",") if part.strip()],
    "regio": lambda v, voc: (_from_labels(v, voc, "regios") or [None])[0] if v and v != UNKNOWN_REGION else None,
    "partners": lambda v, _voc: _lines(v),
    "lessen": lambda v, _voc: _lines(v),
    "themas": lambda v, voc: _from_labels(v, voc, "themas"),
    "doelgroepen": lambda v, voc: _from_labels(v, voc, "doelgroepen"),
    "status": lambda v, _voc: STATUS_OPTIONS.get(v, v),
    "meer_lezen": lambda v, _voc: _links(v),
}


def to_front_matter(values: dict[str, str], vocab: Vocabularies, item_id: str, today: dt.date) -> dict:
    data: dict = {"id": item_id}
    bron: dict = {}
    for field in FIELDS:
        raw = values.get(field.id, "")
        value = CONVERTERS[field.id](raw, vocab) if field.id in CONVERTERS else raw
        if field.id.startswith("bron_"):
            if value:
                bron[field.id.removeprefix("bron_")] = value
        elif field.id != "beschrijving" and value not in ("", None, []):
            data[field.id] = value
    data["bron"] = bron
    data["laatst_gecontroleerd"] = today.isoformat()
    data["gerelateerd"] = []
    # The content model's field order, so converted files read like hand-written ones.
    order = list(Praktijkvoorbeeld.model_fields)
    return {key: data[key] for key in order if key in data}


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_file_text(front: dict, body: str) -> str:
    dumped = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n\n{body.strip()}\n"


def convert(body: str, root: Path, today: dt.date | None = None) -> Path:
    corpus = load(root)
    if corpus.vocabularies is None:
        raise SystemExit("content/vocabulaires.yml is ongeldig; draai 'make check'")
    values = parse_body(body)
    taken = {f.path.rsplit("/", 1)[-1][:-3] for f in corpus.files}
    base = slugify(values.get("titel", ""), fallback="praktijkvoorbeeld")
    item_id, number = base, 2
    while item_id in taken:
        item_id, number = f"{base}-{number}", number + 1
    front = to_front_matter(values, corpus.vocabularies, item_id, today or dt.date.today())
    target = root / CONTENT_DIR / "examples" / f"{item_id}.md"
    try:  # never through a committed link (fsguard): the text is a stranger's
        create_new_file(root, target, to_file_text(front, values.get("beschrijving", "")))
    except UnsafePath as err:
        raise SystemExit(f"FOUT: {err}") from None
    return target


MAX_BODY_BYTES = 262_144  # GitHub caps an issue body at 65,536 characters; four bytes each at most


def main(root: Path, body_file: Path, number: int | None) -> int:
    try:
        body = read_limited(body_file, MAX_BODY_BYTES).decode("utf-8")
    except TooLarge:
        print(f"De tekst van het issue is groter dan {MAX_BODY_BYTES:,} bytes; zo groot kan een issue op GitHub niet zijn."
              .replace(",", "."), file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print("De tekst van het issue is geen geldige UTF-8; sla hem op als UTF-8 en probeer het opnieuw.", file=sys.stderr)
        return 1
    except (NotRegular, OSError) as err:
        print(f"De tekst van het issue kan niet worden gelezen: {getattr(err, 'text', None) or err.strerror}", file=sys.stderr)
        return 1
    if not parse_body(body).get("titel"):
        print("Dit issue is geen ingevuld formulier 'Praktijkvoorbeeld aanmelden': de titel ontbreekt.", file=sys.stderr)
        return 1
    target = convert(body, root)
    suffix = f" (uit issue #{number})" if number else ""
    print(f"Geschreven: {target.relative_to(root)}{suffix}")
    return 0

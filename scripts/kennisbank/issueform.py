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
from pathlib import Path

import yaml

from .fields import FormField, form_fields
from .fsguard import NotRegular, TooLarge, UnsafePath, create_new_file, read_limited
from .loader import CONTENT_DIR, load
from .model import TYPE_BY_KEY, ItemBase, Praktijkvoorbeeld
from .text import slugify
from .vocab import Vocabularies

FORM_PATH = ".github/ISSUE_TEMPLATE/praktijkvoorbeeld.yml"
CONVERT_LABEL = "omzetten-naar-voorbeeld"
NO_RESPONSE = "_No response_"
UNKNOWN_REGION = "Weet ik niet"  # the extra option of an optional single choice
FIELDS = form_fields(Praktijkvoorbeeld)  # the questions, as model.py declares them (InForm)


def _options(field: FormField, vocab: Vocabularies) -> list[str]:
    if field.question.options:
        return [shown for shown, _value in field.question.options]
    labels = [term.label for term in vocab.terms(field.vocabulary).values()]
    # An optional single choice needs a way to say "I don't know": GitHub's dropdown has no empty option.
    return labels + ([UNKNOWN_REGION] if not field.question.required and not field.multiple else [])


def form_model() -> type[ItemBase]:
    """The model the form is for: the practice example's, as the content type holds it."""
    return TYPE_BY_KEY["voorbeeld"].model


def issue_form(vocab: Vocabularies, model: type[ItemBase] | None = None) -> dict:
    """The form, one question per field of the model that declares InForm, in their declared order."""
    body: list[dict] = [{"type": "markdown", "attributes": {"value": (
        "Ken je een goed voorbeeld van samenwerking rond Kansrijke Start of Krachtige basiszorg? "
        "Vul dit formulier in. Een beheerder zet het om in een pagina en controleert de bron.\n\n"
        "Schrijf alleen op wat je bron zegt, en noem die bron onderaan.\n\n"
        "**Privacy:** zet geen persoonsgegevens van cliënten in het formulier (namen, adressen, "
        "telefoonnummers, BSN of verhalen die naar één persoon te herleiden zijn). Wat je hier invult, is openbaar.")}}]
    for field in form_fields(model or form_model()):
        attributes: dict = {"label": field.question.label, "description": field.question.description}
        if field.kind == "dropdown":
            attributes["options"] = _options(field, vocab)
            if field.multiple:
                attributes["multiple"] = True
        entry = {"type": field.kind, "id": field.id, "attributes": attributes}
        if field.question.required:
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


def parse_body(body: str, model: type[ItemBase] | None = None) -> dict[str, str]:
    """Split the Markdown GitHub renders for a submitted form into field id -> raw value.

    GitHub writes '### <label>' then the answer. Labels are searched in form order, so a
    '###' heading inside an answer cannot cut it short. Hidden text is dropped first, so that
    it cannot hold a heading of its own either.
    """
    text = visible_text(body).replace("\r\n", "\n").replace("\r", "\n")
    positions = []
    start = 0
    for field in form_fields(model or form_model()):
        match = re.compile(rf"^### {re.escape(field.question.label)}[ \t]*$", re.M).search(text, start)
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


def _convert(field: FormField, raw: str, vocab: Vocabularies) -> object:
    """The answer to one question as the model's field wants it; how follows from the field's markers."""
    if field.question.options:
        return dict(field.question.options).get(raw, raw)
    if field.links:
        return _links(raw)
    if field.vocabulary:
        keys = _from_labels(raw, vocab, field.vocabulary) if raw and raw != UNKNOWN_REGION else []
        return keys if field.multiple else (keys or [None])[0]
    if field.is_list:
        if field.kind == "input":  # one line, comma-separated
            return [part.strip() for part in raw.split(",") if part.strip()]
        return _lines(raw)
    return raw


def to_front_matter(values: dict[str, str], vocab: Vocabularies, item_id: str, today: dt.date,
                    model: type[ItemBase] | None = None) -> dict:
    model = model or form_model()
    data: dict = {"id": item_id}
    for field in form_fields(model):
        if not field.path:  # the body, below the front matter
            continue
        value = _convert(field, values.get(field.id, ""), vocab)
        if value in ("", None, []):
            continue
        target = data
        for part in field.path[:-1]:
            target = target.setdefault(part, {})
        target[field.path[-1]] = value
    data.setdefault("bron", {})
    data["laatst_gecontroleerd"] = today.isoformat()
    data["toegevoegd"] = today.isoformat()
    data["gerelateerd"] = []
    # The content model's field order, so converted files read like hand-written ones.
    order = list(model.model_fields)
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

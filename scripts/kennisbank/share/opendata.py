"""Open data: every item as JSON and CSV, the JSON Schemas they follow, and what the page says about them.

data/kennisbank.json holds every item with all its fields, its text as written (Markdown) and as
shown (HTML), the vocabularies, the build date and the licence. data/<type>.csv is one sheet per
type; a cell a spreadsheet would run as a formula is neutralised. data/schema/ holds the schemas,
generated from the model (pydantic), like schemas/ for editors.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..markup import to_html
from ..model import CONTENT_TYPES, Item
from ..schema import content_schema
from ..vocab import Vocabularies

DATA = "data"
EXPORT = f"{DATA}/kennisbank.json"
SCHEMA_FOLDER = f"{DATA}/schema"
EXPORT_SCHEMA = f"{SCHEMA_FOLDER}/kennisbank.schema.json"
NO_LICENCE = "licentie nog niet vastgesteld"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def csv_path(url_folder: str) -> str:
    return f"{DATA}/{url_folder}.csv"


def type_schema_path(key: str) -> str:
    return f"{SCHEMA_FOLDER}/{key}.schema.json"


def neutralise(cell: str) -> str:
    """A cell that would start a formula gets a leading apostrophe: the spreadsheet shows it as text."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def item_record(item: Item, base: str, url: str) -> dict:
    body_html, _ = to_html(item.body, page_dir=url, content_dir=item.type.folder, ids=None)
    return {"soort": item.type.key, "url": base + url, "velden": item.meta.model_dump(mode="json"),
            "tekst_markdown": item.body, "tekst_html": body_html}


def export(items: list[Item], vocab: Vocabularies, licence: str | None, built: dt.datetime, base: str, item_url) -> dict:
    return {
        "titel": "Kennisbank Kansrijke Start",
        "site": base,
        "gebouwd": built.isoformat(timespec="seconds"),
        "licentie": licence,
        "licentie_tekst": licence or NO_LICENCE,
        "schema": base + EXPORT_SCHEMA,
        "aantal_items": len(items),
        "items": [item_record(item, base, item_url(item)) for item in items],
        "vocabulaires": vocab.model_dump(mode="json", exclude=MAINTAINERS_ONLY),
    }


# A source's file name is for maintainers and is shown to no reader (vocab.Source.bestand): not exported either.
MAINTAINERS_ONLY = {"bronnen": {"__all__": {"bestand"}}}


def _without_maintainer_fields(defs: dict) -> dict:
    source = defs.get("Source", {})
    source.get("properties", {}).pop("bestand", None)
    if "required" in source:
        source["required"] = [name for name in source["required"] if name != "bestand"]
    return defs


def export_schema() -> dict:
    """The JSON Schema of data/kennisbank.json, from the content model and the vocabulary model."""
    from ..vocab import Vocabularies as VocabularyModel

    models: list[type[BaseModel]] = [t.model for t in CONTENT_TYPES] + [VocabularyModel]
    refs, top = models_json_schema([(model, "validation") for model in models], ref_template="#/$defs/{model}")
    by_model = {model: refs[(model, "validation")] for model in models}
    item = {
        "type": "object", "additionalProperties": False,
        "required": ["soort", "url", "velden", "tekst_markdown", "tekst_html"],
        "properties": {
            "soort": {"enum": [t.key for t in CONTENT_TYPES], "description": "Soort item: " + ", ".join(
                f"'{t.key}' ({t.label.lower()})" for t in CONTENT_TYPES) + "."},
            "url": {"type": "string", "description": "Adres van de pagina van het item."},
            "velden": {"anyOf": [by_model[t.model] for t in CONTENT_TYPES],
                       "description": "Alle velden van het item, zoals in de front matter (zie de schema's per soort)."},
            "tekst_markdown": {"type": "string", "description": "De tekst zoals de redactie hem schreef (Markdown)."},
            "tekst_html": {"type": "string", "description": "De tekst zoals de site hem toont (HTML)."},
        },
        # The fields of the item's own type, for the soort it names.
        "allOf": [{"if": {"properties": {"soort": {"const": t.key}}}, "then": {"properties": {"velden": by_model[t.model]}}}
                  for t in CONTENT_TYPES],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Open data van de Kennisbank Kansrijke Start (data/kennisbank.json)",
        "description": "Gegenereerd uit scripts/kennisbank/model.py en vocab.py bij elke bouw.",
        "type": "object", "additionalProperties": False,
        "required": ["titel", "site", "gebouwd", "licentie", "licentie_tekst", "schema", "aantal_items", "items", "vocabulaires"],
        "properties": {
            "titel": {"type": "string"}, "site": {"type": "string"},
            "gebouwd": {"type": "string", "format": "date-time", "description": "Wanneer deze export is gemaakt."},
            "licentie": {"type": ["string", "null"], "description": "De licentie; null: nog niet vastgesteld."},
            "licentie_tekst": {"type": "string"}, "schema": {"type": "string"},
            "aantal_items": {"type": "integer", "minimum": 0},
            "items": {"type": "array", "items": item},
            "vocabulaires": by_model[VocabularyModel],
        },
        "$defs": _without_maintainer_fields(top["$defs"]),
    }


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    if isinstance(value, dict):  # a link: 'titel | url'
        return " | ".join(str(v) for v in value.values() if v is not None)
    return str(value)


def csv_columns(model: type[BaseModel]) -> list[str]:
    columns = []
    for name, info in model.model_fields.items():
        nested = info.annotation if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel) else None
        columns += [f"{name}_{sub}" for sub in nested.model_fields] if nested else [name]
    return ["url"] + columns + ["tekst"]


def write_csv(out, items: list[Item], model: type[BaseModel], base: str, item_url) -> None:
    """One row per item into a text stream; every cell neutralised (see FORMULA_STARTS)."""
    columns = csv_columns(model)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for item in items:
        data = item.meta.model_dump(mode="json")
        flat = {"url": base + item_url(item), "tekst": item.body}
        for key, value in data.items():
            if isinstance(value, dict) and key != "meer_lezen":
                flat.update({f"{key}_{sub}": v for sub, v in value.items()})
            else:
                flat[key] = value
        writer.writerow([neutralise(_cell(flat.get(column))) for column in columns])


def write_export(target: Path, items: list[Item], vocab: Vocabularies, licence: str | None, built: dt.datetime, base: str,
                 item_url) -> None:
    """data/kennisbank.json, written one item at a time: at 10,000 items it is tens of megabytes.

    The same JSON as json.dumps(export(...)) would make (tests/test_share_site.py compares them).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    head = export([], vocab, licence, built, base, item_url)
    head["aantal_items"] = len(items)
    vocabularies = head.pop("vocabulaires")
    del head["items"]
    with target.open("w", encoding="utf-8") as out:
        out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "items": [')
        for number, item in enumerate(items):
            out.write(("," if number else "") + "\n" + json.dumps(item_record(item, base, item_url(item)), ensure_ascii=False))
        out.write('\n], "vocabulaires": ' + json.dumps(vocabularies, ensure_ascii=False) + "}\n")


def files(items: list[Item], vocab: Vocabularies, base: str, item_url) -> dict[str, bytes]:
    """Every open-data file but the export itself: path in the site -> bytes."""
    out = {EXPORT_SCHEMA: json.dumps(export_schema(), ensure_ascii=False, indent=1).encode()}
    for ctype in CONTENT_TYPES:
        out[type_schema_path(ctype.key)] = json.dumps(content_schema(ctype, vocab), ensure_ascii=False, indent=1).encode()
    return out


def write_csvs(data_dir: Path, items: list[Item], base: str, item_url) -> None:
    """data/<type>.csv, written row by row. With a byte-order mark, so that a spreadsheet reads UTF-8 as UTF-8."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for ctype in CONTENT_TYPES:
        own = [item for item in items if item.type.key == ctype.key]
        with (data_dir / csv_path(ctype.url_folder).removeprefix(DATA + "/")).open("w", encoding="utf-8-sig", newline="") as out:
            write_csv(out, own, ctype.model, base, item_url)

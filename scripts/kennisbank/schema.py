"""JSON Schemas for editors' tools, derived from the content model and the vocabularies."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from .fields import vocabulary_fields
from .loader import load
from .model import CONTENT_TYPES, ContentType
from .vocab import Vocabularies

SCHEMA_DIR = "schemas"


def _property(schema: dict, dotted: str) -> dict | None:
    node = schema
    for part in dotted.split("."):
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        for branch in node.get("anyOf", []):  # Optional[Model]: follow the model branch
            if "$ref" in branch:
                node = schema["$defs"][branch["$ref"].rsplit("/", 1)[-1]]
        node = node.get("properties", {}).get(part)
        if node is None:
            return None
    return node


def _string_schemas(node: dict) -> list[dict]:
    if "items" in node:
        return _string_schemas(node["items"])
    if "anyOf" in node:
        return [b for branch in node["anyOf"] for b in _string_schemas(branch)]
    return [node] if node.get("type") == "string" else []


def content_schema(ctype: ContentType, vocab: Vocabularies) -> dict:
    """The front-matter schema of one content type, with the vocabularies as enums."""
    schema = copy.deepcopy(ctype.model.model_json_schema())
    for dotted, vocabulary in vocabulary_fields(ctype.model):  # declared on the fields (Vocabulary in model.py)
        node = _property(schema, dotted)
        if node is None:
            continue
        for target in _string_schemas(node):
            target["enum"] = list(vocab.terms(vocabulary))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{ctype.label} (Kennisbank Kansrijke Start)"
    schema["description"] = (f"Front matter van een {ctype.label.lower()} in content/{ctype.folder}/. "
                             "Gegenereerd uit scripts/kennisbank/model.py: niet met de hand bewerken.")
    return schema


def vocabulary_schema() -> dict:
    schema = copy.deepcopy(Vocabularies.model_json_schema())
    # Keys are slugs (vocab.Key): say so as propertyNames, so editors' tools refuse any other key.
    for node in schema["properties"].values():
        patterns = node.pop("patternProperties", None)
        if patterns:
            (pattern, values), = patterns.items()
            node["additionalProperties"] = values
            node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Vocabulaires (Kennisbank Kansrijke Start)"
    schema["description"] = "content/vocabulaires.yml. Gegenereerd uit scripts/kennisbank/vocab.py: niet met de hand bewerken."
    return schema


def schemas(vocab: Vocabularies) -> dict[str, dict]:
    result = {f"{ctype.key}.schema.json": content_schema(ctype, vocab) for ctype in CONTENT_TYPES}
    result["vocabulaires.schema.json"] = vocabulary_schema()
    return result


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(root: Path) -> list[Path]:
    corpus = load(root)
    if corpus.vocabularies is None:
        raise SystemExit("content/vocabulaires.yml is ongeldig; draai 'make check'")
    out = root / SCHEMA_DIR
    out.mkdir(exist_ok=True)
    written = []
    for name, schema in schemas(corpus.vocabularies).items():
        path = out / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written

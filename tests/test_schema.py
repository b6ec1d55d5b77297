"""The committed JSON Schemas are derived from the model and must not go stale."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import REPO
from kennisbank.loader import load, split_front_matter
from kennisbank.model import CONTENT_TYPES
from kennisbank.schema import SCHEMA_DIR, render, schemas


@pytest.fixture(scope="module")
def fresh():
    return schemas(load(REPO).vocabularies)


def test_committed_schemas_are_up_to_date(fresh):
    for name, schema in fresh.items():
        committed = REPO / SCHEMA_DIR / name
        assert committed.is_file(), f"{committed} ontbreekt: draai 'make schema'"
        assert committed.read_text(encoding="utf-8") == render(schema), f"{name} is verouderd: draai 'make schema'"


def test_schemas_list_vocabulary_values_and_forbid_unknown_fields(fresh):
    tip = fresh["tip.schema.json"]
    assert tip["additionalProperties"] is False
    assert "samenwerking" in tip["properties"]["themas"]["items"]["enum"]
    assert "huisartsen-betrekken" in tip["properties"]["tipset"]["enum"]
    assert set(tip["required"]) >= {"id", "titel", "samenvatting", "themas", "doelgroepen", "bron", "laatst_gecontroleerd"}


@pytest.mark.parametrize("ctype", CONTENT_TYPES, ids=lambda t: t.key)
def test_real_content_validates_against_its_schema(fresh, ctype):
    schema = fresh[f"{ctype.key}.schema.json"]
    files = sorted((REPO / "content" / ctype.folder).glob("*.md"))
    assert files
    for path in files:
        front, _body, _line = split_front_matter(path.read_text(encoding="utf-8"))
        # Dates are text for the editor's tools, as our own loader reads them.
        data = json.loads(json.dumps(yaml.safe_load(front), default=str))
        jsonschema.validate(data, schema)


def test_schema_rejects_a_typo_an_editor_makes(fresh):
    schema = fresh["vraag.schema.json"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"titl": "x"}, schema)

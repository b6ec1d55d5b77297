"""The typed content model: frozen, strict about fields, the single source of truth."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from kennisbank.model import CONTENT_TYPES, Tip

BASE = {
    "id": "een-tip", "titel": "Een tip", "samenvatting": "Een samenvatting die lang genoeg is.",
    "themas": ["samenwerking"], "doelgroepen": ["gemeente"],
    "bron": {"document": "infosheet-huisartsen-betrekken", "titel": "Infosheet"},
    "laatst_gecontroleerd": "2024-05-13", "tipset": "huisartsen-betrekken", "volgorde": 1,
}


def test_valid_tip_parses_dates_and_defaults():
    tip = Tip.model_validate(BASE)
    assert tip.laatst_gecontroleerd == dt.date(2024, 5, 13)
    assert tip.gerelateerd == []


def test_items_are_frozen():
    tip = Tip.model_validate(BASE)
    with pytest.raises(ValidationError):
        tip.titel = "anders"


@pytest.mark.parametrize("ctype", CONTENT_TYPES, ids=lambda t: t.key)
def test_extra_fields_are_forbidden_in_every_type(ctype):
    with pytest.raises(ValidationError) as info:
        ctype.model.model_validate({**BASE, "onbekend": 1})
    assert any(e["type"] == "extra_forbidden" for e in info.value.errors())


@pytest.mark.parametrize("bad_id", ["Met Hoofdletter", "met spatie", "met/slash", "-begin", "eind-", "dubbel--streep"])
def test_ids_are_lowercase_slugs(bad_id):
    with pytest.raises(ValidationError):
        Tip.model_validate({**BASE, "id": bad_id})

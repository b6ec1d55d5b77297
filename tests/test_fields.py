"""A field is declared once, on the model; every part of the site follows (issue 10, part 1).

These tests add two fields to a copy of the practice example's model at run time and put that copy
in the content type's place: a plain text that is shown, filterable and in the issue form, and a
Markdown text. Nothing else changes. The validator, the item page, the search filters, the JSON
Schema and the issue form must all pick them up.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import jsonschema
import pytest
from pydantic import Field, create_model
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, valid_example
from kennisbank.check import validate
from kennisbank.fields import filter_catalogue, form_fields, shown_fields
from kennisbank.issueform import issue_form, parse_body, to_front_matter
from kennisbank.loader import load
from kennisbank.model import (
    TYPE_BY_KEY,
    InForm,
    LongText,
    MarkdownText,
    Praktijkvoorbeeld,
    SearchFilter,
    ShortText,
    Shown,
    Slug,
    Vocabulary,
)
from kennisbank.render import Renderer, Settings
from kennisbank.render.home import SEARCH_SNIPPET
from kennisbank.schema import content_schema

TODAY = dt.date(2026, 11, 23)
EXAMPLE = "content/examples/geldig-voorbeeld.md"

# The whole change a maintainer makes in model.py to add the two fields.
NEW_FIELDS = {
    "financiering": (Annotated[
        ShortText | None, Shown("Financiering", 35), SearchFilter("financiering", "Financiering"),
        InForm(125, "Financiering", "Wie betaalt het voorbeeld, als de bron dat zegt?"),
        Field(description="Wie het voorbeeld betaalt, als de bron dat zegt.")], None),
    "toelichting": (Annotated[
        LongText | None, MarkdownText(), Shown("Toelichting", 65), InForm(85, "Toelichting", "Meer uitleg (Markdown mag)."),
        Field(description="Meer uitleg (Markdown).")], None),
}


@pytest.fixture
def extended():
    """The practice example's model with the new fields, in the content type's place for one test."""
    ctype = TYPE_BY_KEY["voorbeeld"]
    model = create_model("Praktijkvoorbeeld", __base__=Praktijkvoorbeeld, **NEW_FIELDS)
    original = ctype.model
    object.__setattr__(ctype, "model", model)  # ContentType is frozen; this stands for editing model.py
    try:
        yield model
    finally:
        object.__setattr__(ctype, "model", original)


def example(extra: str) -> str:
    return valid_example().replace("status:", extra + "status:")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_new_field_is_validated_with_a_dutch_finding(repo, extended):
    text = example("financiering: " + "x" * 200 + "\n")
    _corpus, found = validate(repo({EXAMPLE: text}), today=TODAY)
    assert [(f.path, f.line, f.col) for f in found] == [(EXAMPLE, line_of(text, "financiering:"), 15)], \
        [f.format() for f in found]
    assert "financiering" in found[0].message and "160" in found[0].message


def test_the_new_field_refuses_hidden_characters(repo, extended):
    text = example('financiering: "Gemeente\\u202eZorgverzekeraar"\n')
    _corpus, found = validate(repo({EXAMPLE: text}), today=TODAY)
    assert [(f.line, f.col) for f in found] == [(line_of(text, "financiering:"), 15)], [f.format() for f in found]


def test_the_new_markdown_field_gets_every_safety_rule(repo, extended):
    text = example("toelichting: |\n  Een regel.\n  Met <iframe src=x></iframe> en [klik](javascript:alert(1)).\n")
    _corpus, found = validate(repo({EXAMPLE: text}), today=TODAY)
    line = line_of(text, "  Met <iframe")
    assert sorted((f.rule, f.line) for f in found) == [("E016", line), ("E017", line)], [f.format() for f in found]


@pytest.fixture
def built(repo, extended):
    text = example("financiering: Gemeente & zorgverzekeraar\ntoelichting: |\n  Meer **uitleg**.\n")
    corpus, found = validate(repo({EXAMPLE: text}), today=TODAY)
    assert found == [], [f.format() for f in found]
    rendered = Renderer(corpus.items, corpus.vocabularies, Settings(repo_url="https://github.com/voorbeeld/kennisbank")).render()
    return corpus, rendered


def test_the_new_fields_are_shown_on_the_page(built):
    _corpus, rendered = built
    page = next(p for p in rendered.items if p.url == "voorbeelden/geldig-voorbeeld/")
    tree = LexborHTMLParser(page.article)
    facts = {li.css_first("strong").text(): li.text().split(":", 1)[1].strip() for li in tree.css("ul li") if li.css_first("strong")}
    assert facts["Financiering:"] == "Gemeente & zorgverzekeraar"
    heading = tree.css_first("h2#toelichting")
    assert heading is not None and heading.text(deep=False) == "Toelichting"
    assert heading.next.next.css_first("strong").text() == "uitleg"  # the Markdown, rendered after its heading
    assert ("toelichting", "Toelichting") in [(h.id, h.text) for h in page.toc]


def test_the_new_field_is_a_search_filter(built):
    _corpus, rendered = built
    page = next(p for p in rendered.items if p.url == "voorbeelden/geldig-voorbeeld/")
    spans = LexborHTMLParser(page.article).css("[data-pagefind-filter='financiering']")
    assert [s.text() for s in spans] == ["Gemeente & zorgverzekeraar"]
    snippet = next(p.text for p in rendered.pages if p.path == SEARCH_SNIPPET)
    mount = LexborHTMLParser(snippet).css_first("#kb-zoeken")
    assert {"naam": "financiering", "label": "Financiering"} in json.loads(mount.attributes["data-filters"])


def test_the_new_fields_are_in_the_json_schema(extended):
    schema = content_schema(TYPE_BY_KEY["voorbeeld"], load(REPO).vocabularies)
    assert schema["properties"]["financiering"]["description"] == "Wie het voorbeeld betaalt, als de bron dat zegt."
    assert "toelichting" in schema["properties"]
    valid = {"id": "x", "titel": "x", "samenvatting": "x" * 20, "themas": ["samenwerking"], "doelgroepen": ["gemeente"],
             "bron": {"titel": "x", "url": "https://example.org"}, "laatst_gecontroleerd": "2024-01-01",
             "gemeenten": ["Goes"], "status": "beschreven"}
    jsonschema.validate({**valid, "financiering": "Gemeente"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**valid, "financiering": "x" * 200}, schema)


def test_the_new_fields_are_in_the_issue_form_and_its_conversion(extended):
    vocab = load(REPO).vocabularies
    questions = {entry["id"]: entry for entry in issue_form(vocab)["body"] if "id" in entry}
    assert questions["financiering"]["type"] == "input"
    assert questions["financiering"]["attributes"]["label"] == "Financiering"
    assert questions["toelichting"]["type"] == "textarea"  # Markdown gets room
    body = ("### Titel\n\nEen voorbeeld\n\n### Toelichting\n\nMeer **uitleg**.\n\n"
            "### Status\n\nBeschreven: het voorbeeld is compleet\n\n### Financiering\n\nDe gemeente\n")
    front = to_front_matter(parse_body(body), vocab, "een-voorbeeld", TODAY)
    assert front["financiering"] == "De gemeente" and front["toelichting"] == "Meer **uitleg**."


def test_the_real_model_declares_what_the_site_uses():
    """Every search filter the site had before issue 10 is declared on the model, in the same order."""
    assert [(f.key, f.label) for f in filter_catalogue()] == [
        ("soort", "Soort"), ("thema", "Thema"), ("voor wie", "Voor wie"), ("tipset", "Tipset"),
        ("categorie", "Categorie"), ("gemeente", "Gemeente"), ("regio", "Provincie")]
    assert [f.name for f in shown_fields(Praktijkvoorbeeld)] == [
        "gemeenten", "regio", "partners", "status", "wat_ze_deden", "wat_het_opleverde", "lessen", "meer_lezen"]
    assert [f.id for f in form_fields(Praktijkvoorbeeld)][:3] == ["titel", "samenvatting", "gemeenten"]


@pytest.fixture
def with_vocabulary_field():
    """The example's model with one more field whose values come from a vocabulary."""
    ctype = TYPE_BY_KEY["voorbeeld"]
    model = create_model("Praktijkvoorbeeld", __base__=Praktijkvoorbeeld,
                         hoofdthema=(Annotated[Slug | None, Vocabulary("themas"), Field(description="Het belangrijkste thema.")], None))
    original = ctype.model
    object.__setattr__(ctype, "model", model)
    try:
        yield model
    finally:
        object.__setattr__(ctype, "model", original)


def test_a_vocabulary_declared_on_a_field_reaches_rule_and_schema(repo, with_vocabulary_field):
    text = example("hoofdthema: samenwerkin\n")
    _corpus, found = validate(repo({EXAMPLE: text}), today=TODAY)
    assert [(f.rule, f.line, f.col) for f in found] == [("E012", line_of(text, "hoofdthema:"), 13)], [f.format() for f in found]
    assert "'samenwerking'" in found[0].message  # the hint names the closest key
    schema = content_schema(TYPE_BY_KEY["voorbeeld"], load(REPO).vocabularies)
    assert "samenwerking" in schema["properties"]["hoofdthema"]["anyOf"][0]["enum"]

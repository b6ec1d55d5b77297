"""Every heading of the source texts has a content item: nothing of the sources is dropped.

The source texts are not part of this repository; tests/data/ holds what these tests need
(the headings of each source and its file name), so a clone with nothing beside it tests fully.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from kennisbank.loader import load

DATA = REPO / "tests" / "data"
SOURCES: dict[str, dict] = yaml.safe_load((DATA / "bronnen.yml").read_text(encoding="utf-8"))


def normal(text: str) -> str:
    text = re.sub(r"^\s*\d+\.\s*", "", text.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@pytest.fixture(scope="module")
def corpus():
    return load(REPO)


def headings(key: str) -> list[str]:
    path: Path = DATA / f"headings-{key}.txt"
    return [h.strip() for h in path.read_text(encoding="utf-8").splitlines() if h.strip()]


def covered_texts(corpus) -> set[str]:
    texts = set()
    for item in corpus.items:
        texts.add(normal(item.meta.titel))
        if item.meta.bron.onderdeel:
            texts.add(normal(item.meta.bron.onderdeel))
        if hasattr(item.meta, "vraag"):
            texts.add(normal(item.meta.vraag))
        for match in re.finditer(r"^#{2,6}\s+(.+?)\s*$", item.body, re.M):
            texts.add(normal(match.group(1)))
    return texts


def test_there_are_five_sources_each_with_a_headings_list(corpus):
    assert len(SOURCES) == 5
    assert set(corpus.vocabularies.bronnen) == set(SOURCES), "vocabulaires.yml en tests/data/bronnen.yml noemen andere bronnen"
    for key, facts in SOURCES.items():
        assert corpus.vocabularies.bronnen[key].bestand == facts["bestand"], key
        assert len(headings(key)) >= 2, f"geen kopjeslijst voor {key}"
    assert sorted(p.name for p in DATA.glob("headings-*.txt")) == sorted(f"headings-{key}.txt" for key in SOURCES)


@pytest.mark.parametrize("key", list(SOURCES))
def test_every_heading_of_the_source_has_a_content_item(corpus, key):
    covered = covered_texts(corpus)
    missing = [h for h in headings(key) if normal(h) not in covered]
    assert not missing, f"kopjes uit {key} zonder content item: {missing}"


@pytest.mark.parametrize("key", list(SOURCES))
def test_every_source_has_items_that_name_it(corpus, key):
    assert [i for i in corpus.items if i.meta.bron.document == key], f"geen items met bron {key}"


def test_every_item_names_a_source_that_exists(corpus):
    assert corpus.items
    for item in corpus.items:
        assert item.meta.bron.document in SOURCES, f"{item.path}: bron {item.meta.bron.document} bestaat niet"


def test_required_practice_examples_exist(corpus):
    examples = {i.id: i.meta for i in corpus.items if i.type.key == "voorbeeld"}
    for required in ("overvecht", "rotterdam", "amstelveen-aalsmeer"):
        assert required in examples, f"praktijkvoorbeeld {required} ontbreekt"
    assert examples["overvecht"].status == "beschreven"
    assert examples["rotterdam"].status == "in aanvulling"


def test_all_nine_questions_in_their_five_groups(corpus):
    questions = [i.meta for i in corpus.items if i.type.key == "vraag"]
    assert len(questions) == 9
    assert {q.categorie for q in questions} == set(corpus.vocabularies.categorieen)

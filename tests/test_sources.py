"""Every heading of the source texts has a content item: nothing of the sources is dropped."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import REPO
from kennisbank.loader import load

SEEDS = Path(os.environ.get("KENNISBANK_SEEDS", REPO.parent / "shared" / "seeds"))
HEADINGS = REPO / "tests" / "data"

if not SEEDS.is_dir():
    if os.environ.get("GITHUB_ACTIONS") == "true":  # GitHub's runners have no ../shared beside the clone
        pytest.skip("de brondocumenten (../shared/seeds) staan niet naast deze checkout", allow_module_level=True)
    raise RuntimeError(f"brondocumenten niet gevonden in {SEEDS}; zet KENNISBANK_SEEDS")


def normal(text: str) -> str:
    text = re.sub(r"^\s*\d+\.\s*", "", text.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@pytest.fixture(scope="module")
def corpus():
    return load(REPO)


def seed_files() -> list[Path]:
    return sorted(p for p in SEEDS.glob("*.txt"))


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


def test_there_are_five_sources_each_with_a_headings_list():
    seeds = seed_files()
    assert len(seeds) == 5
    for seed in seeds:
        assert (HEADINGS / f"headings-{seed.name[:3]}.txt").is_file(), f"geen kopjeslijst voor {seed.name}"


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.name[:3])
def test_every_heading_of_the_source_has_a_content_item(corpus, seed):
    source_lines = {line.strip() for line in seed.read_text(encoding="utf-8").splitlines()}
    headings = [h.strip() for h in (HEADINGS / f"headings-{seed.name[:3]}.txt").read_text(encoding="utf-8").splitlines() if h.strip()]
    assert len(headings) >= 2
    covered = covered_texts(corpus)
    missing = [h for h in headings if normal(h) not in covered]
    not_in_source = [h for h in headings if h not in source_lines]
    assert not not_in_source, f"deze kopjes staan niet letterlijk in {seed.name}: {not_in_source}"
    assert not missing, f"kopjes uit {seed.name} zonder content item: {missing}"


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.name[:3])
def test_every_source_has_items_that_name_it(corpus, seed):
    assert [i for i in corpus.items if i.meta.bron.document == seed.name], f"geen items met bron {seed.name}"


def test_every_item_names_a_source_that_exists(corpus):
    names = {p.name for p in seed_files()}
    assert corpus.items
    for item in corpus.items:
        assert item.meta.bron.document in names, f"{item.path}: bron {item.meta.bron.document} bestaat niet"


def test_required_practice_examples_exist(corpus):
    examples = {i.id: i.meta for i in corpus.items if i.type.key == "voorbeeld"}
    for required in ("overvecht", "rotterdam", "amstelveen-aalsmeer"):
        assert required in examples, f"praktijkvoorbeeld {required} ontbreekt"
    assert examples["overvecht"].status == "beschreven"
    assert examples["rotterdam"].status == "beschreven"


def test_all_nine_questions_in_their_five_groups(corpus):
    questions = [i.meta for i in corpus.items if i.type.key == "vraag"]
    assert len(questions) == 9
    assert {q.categorie for q in questions} == set(corpus.vocabularies.categorieen)

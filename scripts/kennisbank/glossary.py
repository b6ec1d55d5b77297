"""The glossary in content/begrippen.yml: the field's abbreviations and key terms, explained.

Typed here like the vocabularies (frozen, no unknown fields), loaded by the loader with the same
YAML safety and line:col findings. The rules (W002) and the pages (begrippen/, <abbr>, hidden
search terms: annotate.py) all read it through the `Glossary` object.

Words are maximal runs of letters (`WORD`): a single character class repeated, so finding them is
one linear pass with no backtracking, whatever the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from . import urls
from .model import SourceKey
from .safetext import SafeText
from .vocab import Key

GLOSSARY_FILE = "begrippen.yml"
WORD = re.compile(r"[^\W\d_]+")  # a run of letters; linear

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), SafeText]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=300), SafeText]


def _abbreviation(value: str) -> str:
    # An abbreviation is matched as one whole word in the text: letters only, so 'POH' also marks
    # 'POH-jeugd' and "POH'ers", and a reader's spelling variants go under synoniemen.
    if not value.isalpha() or not any(c.isupper() for c in value):
        raise PydanticCustomError(
            "kb_afkorting",
            "afkorting '{value}' mag alleen uit letters bestaan, met minstens één hoofdletter (zoals 'GGZ' of 'Wmo') — "
            "zet schrijfwijzen als 'POH-jeugd' onder 'synoniemen'", {"value": value[:40]})
    return value


def _web_address(value: str) -> str:
    verdict = urls.judge(value, relative_allowed=False)
    if verdict.refused or verdict.kind != urls.EXTERNAL or not value.startswith("https://"):
        raise PydanticCustomError(
            "kb_begrip_url", "'url' moet een webadres zijn dat met https:// begint, zoals 'https://wetten.overheid.nl/…'")
    return value


Abbreviation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=15),
                         AfterValidator(_abbreviation)]
WebAddress = Annotated[str, StringConstraints(strip_whitespace=True, min_length=9, max_length=300), SafeText,
                       AfterValidator(_web_address)]


class Entry(BaseModel):
    """One term: what it stands for, one sentence that explains it, other spellings, and where that comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    term: Annotated[Text, Field(description="Het begrip voluit, zoals 'Geestelijke gezondheidszorg'.")]
    afkorting: Annotated[Abbreviation | None, Field(description="De afkorting, zoals 'GGZ'; leeg als er geen is.")] = None
    uitleg: Annotated[Sentence, Field(description="Eén Nederlandse zin die het begrip uitlegt.")]
    synoniemen: Annotated[list[Text], Field(max_length=20, description="Andere woorden en schrijfwijzen.")] = []
    bron: Annotated[SourceKey | None, Field(description="Sleutel uit 'bronnen' in vocabulaires.yml.")] = None
    url: Annotated[WebAddress | None, Field(description="Openbare bron op internet, als de uitleg daar vandaan komt.")] = None

    @model_validator(mode="after")
    def _has_source(self) -> Entry:
        if self.bron is None and self.url is None:
            raise PydanticCustomError(
                "kb_begrip_bron", "dit begrip noemt geen bron — zet 'bron: <sleutel uit vocabulaires.yml>' of "
                "'url: https://…' erbij: leg alleen uit wat een bron zegt")
        return self


class Glossary(BaseModel):
    """All terms, by a stable key that is also the anchor on the begrippen/ page."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    begrippen: dict[Key, Entry]

    def abbreviations(self) -> dict[str, tuple[str, Entry]]:
        """Abbreviation as written ('GGZ') -> (key, entry); the first entry wins (a rule reports doubles)."""
        out: dict[str, tuple[str, Entry]] = {}
        for key, entry in self.begrippen.items():
            if entry.afkorting and entry.afkorting not in out:
                out[entry.afkorting] = (key, entry)
        return out

    @functools.cached_property
    def known_words(self) -> frozenset[str]:
        """Every capitalised word the glossary covers: abbreviations and the words of its synonyms.
        Computed once per glossary: the rule W002 asks for it in every file."""
        words = {entry.afkorting for entry in self.begrippen.values() if entry.afkorting}
        for entry in self.begrippen.values():
            for text in (entry.term, *entry.synoniemen):
                words.update(WORD.findall(text))
        return frozenset(words)

    def sorted_entries(self) -> list[tuple[str, Entry]]:
        """Alphabetical by what a reader looks up: the abbreviation where there is one, else the term."""
        return sorted(self.begrippen.items(), key=lambda pair: (heading_of(pair[1]).casefold(), pair[0]))


def heading_of(entry: Entry) -> str:
    return entry.afkorting or entry.term


def looks_like_abbreviation(word: str) -> bool:
    """A word of two or more capitals ('GGZ', 'HAGRO'); 'Wmo' is covered by the glossary itself."""
    capitals = 0
    for char in word:
        if char.isupper():
            capitals += 1
            if capitals == 2:
                return True
    return False


def words(text: str) -> Iterator[re.Match]:
    return WORD.finditer(text)


# Two capitals with only letters between them, the capitals from the first 256 code points (Latin-1).
# A class of every Unicode capital makes each character cost a range search (seven times slower);
# texts with a capital beyond Latin-1, which are rare, take the word-by-word path instead.
_LATIN1_CAPITALS = "".join(c for c in map(chr, range(256)) if c.isupper() and WORD.fullmatch(c))
_CAPITAL_PAIR = re.compile(f"[{_LATIN1_CAPITALS}][^\\W\\d_]*?[{_LATIN1_CAPITALS}]")  # lazy: stops at the next capital; linear
_BEYOND_LATIN1 = re.compile("[^\\x00-\\xff]")


def abbreviation_like_words(text: str) -> set[str]:
    """Every word of text that looks like an abbreviation (looks_like_abbreviation), once.

    Most words have no capital after their first letter: the pair search skips them in C, and only a
    word with two capitals is taken whole. Each character is read a bounded number of times.
    """
    if any(char.isupper() for char in _BEYOND_LATIN1.findall(text)):
        return {word for word in WORD.findall(text) if looks_like_abbreviation(word)}
    found: set[str] = set()
    start = 0
    while (pair := _CAPITAL_PAIR.search(text, start)) is not None:
        first = pair.start()
        while first > start and WORD.match(text, first - 1, first):  # back to the word's first letter
            first -= 1
        word = WORD.match(text, first)
        found.add(word.group())
        start = word.end()  # the rest of this word cannot start another
    return found

"""The controlled vocabularies in content/vocabulaires.yml."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .model import ID_PATTERN, SOURCE_FILE_PATTERN, is_slug
from .safetext import SafeText
from .text import slugify
from .urls import EXTERNAL, judge

# Labels and descriptions reach every page: the same defence in depth as short texts in items.
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), SafeText]


def _key(value: str) -> str:
    # Keys become path segments of generated pages (themas/<key>/): one pattern, checked here,
    # so that no key can name a folder outside its own ('../faq/x') or another page's file.
    if not is_slug(value):
        raise PydanticCustomError(
            "vocabulary_key",
            "sleutel '{key}' mag alleen kleine letters, cijfers en koppeltekens bevatten (hoogstens 80 tekens)"
            " — bijvoorbeeld '{example}'",
            {"key": value[:80], "example": slugify(value)[:80] or "mijn-sleutel"})
    if value == "index":  # themas/index/ is the overview page of the vocabulary itself
        raise PydanticCustomError(
            "vocabulary_key", "sleutel 'index' is gereserveerd voor de overzichtspagina — kies een andere sleutel")
    return value


def _web_url(value: str) -> str:
    # The same URL policy as items (urls.py), but only a web address: it becomes a link on every page of the source.
    verdict = judge(value)
    if verdict.kind != EXTERNAL:
        raise PydanticCustomError("web_url", "'url' moet een webadres zijn: {problem}",
                                  {"problem": verdict.problem or "begin met https:// (bijvoorbeeld https://www.pharos.nl/...)"})
    return value


Key = Annotated[str, AfterValidator(_key), WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": 80})]


class Term(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    label: Label
    beschrijving: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400), SafeText]


class Role(Term):
    """An entry point on the home page: a role that gathers content for several audiences."""

    doelgroepen: Annotated[list[str], Field(min_length=1)]


class Source(Term):
    """A source document. Its file name is kept for maintainers and is shown to no reader."""

    bestand: Annotated[str, StringConstraints(pattern=SOURCE_FILE_PATTERN, max_length=120),
                       Field(description="Bestandsnaam van het brondocument, alleen voor beheerders.")]
    # How a reader knows the source ("Bron: Pharos, Infosheet … (2020)"). Only what the text itself
    # says; left empty, the page says "datum onbekend".
    organisatie: Annotated[Label | None, Field(description="Uitgever of organisatie van het document, als de tekst die noemt.")] = None
    datum: Annotated[dt.date | None, Field(description="Datum van het document (JJJJ-MM-DD), als de tekst die noemt.")] = None
    jaar: Annotated[int | None, Field(ge=1900, le=2100, description="Jaar van het document, als alleen het jaar bekend is.")] = None
    url: Annotated[Label | None, AfterValidator(_web_url),
                   Field(description="Webadres van het document, als dat bekend is (https://...).")] = None

    @model_validator(mode="after")
    def _year_matches_date(self) -> Source:
        if self.datum is not None and self.jaar is not None and self.datum.year != self.jaar:
            raise PydanticCustomError("source_year", "'jaar' ({jaar}) past niet bij 'datum' ({datum}) — laat 'jaar' weg",
                                      {"jaar": self.jaar, "datum": self.datum.isoformat()})
        return self

    @property
    def year(self) -> int | None:
        return self.datum.year if self.datum else self.jaar


class Vocabularies(BaseModel):
    """Each vocabulary maps a stable key (used in content files and URLs) to its Dutch label."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    themas: dict[Key, Term]
    doelgroepen: dict[Key, Term]
    tipsets: dict[Key, Term]
    categorieen: dict[Key, Term]
    regios: dict[Key, Term]
    bronnen: dict[Key, Source]
    rollen: dict[Key, Role]

    def terms(self, vocabulary: str) -> dict[str, Term]:
        return getattr(self, vocabulary)

    def label(self, vocabulary: str, key: str) -> str:
        term = self.terms(vocabulary).get(key)
        return term.label if term else key


VOCABULARY_FILE = "vocabulaires.yml"

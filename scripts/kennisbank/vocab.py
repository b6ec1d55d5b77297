"""The controlled vocabularies in content/vocabulaires.yml."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from .model import ID_PATTERN, SOURCE_FILE_PATTERN, is_slug
from .safetext import SafeText
from .text import slugify

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

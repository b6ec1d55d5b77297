"""The controlled vocabularies in content/vocabulaires.yml."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class Term(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    label: Label
    beschrijving: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]


class Role(Term):
    """An entry point on the home page: a role that gathers content for several audiences."""

    doelgroepen: Annotated[list[str], Field(min_length=1)]


class Vocabularies(BaseModel):
    """Each vocabulary maps a stable key (used in content files) to its Dutch label."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    themas: dict[str, Term]
    doelgroepen: dict[str, Term]
    tipsets: dict[str, Term]
    categorieen: dict[str, Term]
    regios: dict[str, Term]
    bronnen: dict[str, Term]
    rollen: dict[str, Role]

    def terms(self, vocabulary: str) -> dict[str, Term]:
        return getattr(self, vocabulary)

    def label(self, vocabulary: str, key: str) -> str:
        term = self.terms(vocabulary).get(key)
        return term.label if term else key


VOCABULARY_FILE = "vocabulaires.yml"

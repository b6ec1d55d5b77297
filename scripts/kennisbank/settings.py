"""The maintainers' settings in instellingen.yml: who runs the site, the licence, when a source is old.

Maintainers decide these; nothing here is ever guessed. An empty value means "not decided yet":
pages then say so, and `make check` warns (rules.py).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .safetext import SafeText

SETTINGS_FILE = "instellingen.yml"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), SafeText]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Maintainer(_Frozen):
    organisatie: Annotated[Text | None, Field(description="Organisatie die de Kennisbank beheert.")] = None
    email: Annotated[Text | None, Field(description="Contactadres van de beheerders.")] = None


class Settings(_Frozen):
    beheerder: Maintainer = Maintainer()
    licentie: Annotated[Text | None, Field(description="Licentie van de teksten; leeg: nog niet vastgesteld.")] = None
    bron_verouderd_na_jaren: Annotated[int, Field(ge=1, le=50, description="Na zoveel jaren heet een bron verouderd.")] = 3

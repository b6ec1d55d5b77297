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


def settings_position(root, key: str) -> tuple[int, int]:
    """Line and column of a top-level key in instellingen.yml, for a finding about its value (1, 1 if absent)."""
    from .fsguard import NotRegular, TooLarge, read_limited  # late: the loader imports this module
    from .yamlpos import YamlProblem, parse

    try:
        parsed = parse(read_limited(root / SETTINGS_FILE, 200_000).decode("utf-8"))
    except (OSError, NotRegular, TooLarge, UnicodeDecodeError, YamlProblem):
        return 1, 1  # the loader reports what is wrong with the file itself
    return parsed.key_pos.get((key,)) or (1, 1)

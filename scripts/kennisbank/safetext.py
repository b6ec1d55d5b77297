"""Short text that is safe to show anywhere: titles, summaries, labels, names.

Defence in depth: every page escapes these values for their context anyway (stamp.py), but a short
one-line text has no business containing markup, control characters, bidirectional overrides
(which make a title read differently from what it is) or invisible characters (a title that looks
empty or looks like another one). Refusing them here gives the editor a clear Dutch finding at the
field's line, instead of a page that silently shows something else.

The checks are single passes over the characters: linear in the length of the text.

Use `SafeText` in an `Annotated[...]` after the length constraints, or call `check_safe_text`.
Errors are `PydanticCustomError`s whose message is complete Dutch (the loader shows it as is);
their types are listed in ERROR_TYPES so that a translation can recognise them.
"""

from __future__ import annotations

import unicodedata

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that take no space: zero-width space, (non-)joiner, word joiner, BOM.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Characters that render as nothing although Unicode does not call them format characters.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u180e")

ERROR_TYPES = {
    "kb_tekst_html": "een '<' of '>' in korte tekst",
    "kb_tekst_stuurteken": "een stuurteken (tab, nieuwe regel, …) in korte tekst",
    "kb_tekst_bidi": "een teken dat de leesrichting omdraait",
    "kb_tekst_onzichtbaar": "een onzichtbaar teken",
    "kb_tekst_leeg": "tekst die alleen uit onzichtbare tekens bestaat",
}


def _codepoint(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _invisible(char: str) -> bool:
    return char.isspace() or char in _BLANK_LOOKING or unicodedata.category(char) in ("Cf", "Cc", "Mn", "Me")


def check_safe_text(value: str) -> str:
    """The value unchanged, or a PydanticCustomError with a Dutch message and a fix hint."""
    if value and all(_invisible(char) for char in value):
        raise PydanticCustomError("kb_tekst_leeg", "bevat alleen onzichtbare tekens en is dus leeg — schrijf er gewone tekst in")
    for position, char in enumerate(value, start=1):
        if char in "<>":
            raise PydanticCustomError(
                "kb_tekst_html",
                f"bevat '{char}' (teken {position}) — korte tekst mag geen HTML bevatten; "
                "schrijf bijvoorbeeld 'kleiner dan' of 'groter dan', of laat het teken weg")
        if char in BIDI_CONTROLS:
            raise PydanticCustomError(
                "kb_tekst_bidi",
                f"bevat een teken dat de leesrichting omdraait ({_codepoint(char)}, teken {position}) — "
                "haal het weg; het laat de tekst anders lijken dan hij is")
        if char in ZERO_WIDTH:
            raise PydanticCustomError(
                "kb_tekst_onzichtbaar",
                f"bevat een onzichtbaar teken ({_codepoint(char)}, teken {position}) — haal het weg; "
                "het komt vaak mee bij kopiëren en plakken")
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Zl", "Zp"):
            raise PydanticCustomError(
                "kb_tekst_stuurteken",
                f"bevat een stuurteken ({_codepoint(char)}, teken {position}) — schrijf de tekst op één regel, "
                "zonder tabs of andere stuurtekens")
        if category == "Cf":
            raise PydanticCustomError(
                "kb_tekst_onzichtbaar",
                f"bevat een onzichtbaar opmaakteken ({_codepoint(char)}, teken {position}) — haal het weg")
    return value


SafeText = AfterValidator(check_safe_text)


def check_long_text(value: str) -> str:
    """Long text (Markdown, a question) keeps '<', '>' and emoji joiners, but no reading-direction
    overrides and no control characters other than line breaks and tabs: both can make a text read
    differently from what a reviewer sees."""
    for position, char in enumerate(value, start=1):
        if char in BIDI_CONTROLS:
            raise PydanticCustomError(
                "kb_tekst_bidi",
                f"bevat een teken dat de leesrichting omdraait ({_codepoint(char)}, teken {position}) — "
                "haal het weg; het laat de tekst anders lijken dan hij is")
        if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cs"):
            raise PydanticCustomError(
                "kb_tekst_stuurteken",
                f"bevat een stuurteken ({_codepoint(char)}, teken {position}) — haal het weg")
    return value


SafeLongText = AfterValidator(check_long_text)

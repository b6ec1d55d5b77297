"""Pydantic's validation errors as Dutch findings at the line of the value they are about.

Every error type gets a Dutch message; none of pydantic's English text reaches an editor. Limits
(lengths, lowest and highest values) come from the error itself, so they follow the model.
A validator's own error (PydanticCustomError, or a ValueError) is already written for editors:
its message is shown as it is.
"""

from __future__ import annotations

import difflib
import functools
import types
import typing

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType

from . import registry as R
from .findings import Finding
from .text import slugify
from .yamlpos import Parsed

BUILTIN_TYPES = frozenset(typing.get_args(ErrorType))
MAX_SHOWN = 60  # characters of a value quoted in a message


def field_name(loc: tuple) -> str:
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part + 1}]"
        else:
            name += ("." if name else "") + str(part)
    return name or "front matter"


def suggest(word: str, candidates) -> str:
    match = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return f" — bedoel je '{match[0]}'?" if match else ""


def show(value: object) -> str:
    """A value as an editor would recognise it from the file, short and without invisible characters."""
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep velden"
    text = str(value)
    cut = text[:MAX_SHOWN]
    # Invisible and control characters are named, so the editor can find them and nothing hides.
    visible = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in cut)
    return f"'{visible}{'…' if len(text) > MAX_SHOWN else ''}'"


def kind_of(value: object) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "ja/nee (true/false)"
    if isinstance(value, int):
        return "een geheel getal"
    if isinstance(value, float):
        return "een getal met decimalen"
    if isinstance(value, list | tuple):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep velden"
    return "tekst"


_LIST = "een lijst ('- waarde' per regel, of [a, b])"
_GROUP = "een groep velden ('naam: waarde' op de regels eronder, ingesprongen)"
_INT = "een geheel getal"
_EXPECTED = {
    **dict.fromkeys(("int_type", "int_parsing", "int_parsing_size", "int_from_float"), _INT),
    **dict.fromkeys(("float_type", "float_parsing", "finite_number", "decimal_type", "decimal_parsing"), "een getal"),
    **dict.fromkeys(("bool_type", "bool_parsing"), "true of false"),
    **dict.fromkeys(("list_type", "tuple_type", "set_type", "frozen_set_type", "deque_type", "iterable_type"), _LIST),
    **dict.fromkeys(("dict_type", "model_type", "model_attributes_type", "mapping_type", "dataclass_type"), _GROUP),
    "none_required": "leeg",
}


def _string_type(name: str, value: object) -> str:
    if isinstance(value, list | tuple | dict):
        return (f"'{name}' moet tekst zijn, maar is {kind_of(value)} — schrijf de tekst op dezelfde regel, "
                "achter de dubbele punt")
    if value is None:
        return f"'{name}' is leeg — vul het in of haal het veld weg als het niet verplicht is"
    # YAML reads 12, 1.5, true, yes and no as numbers or ja/nee; quotes keep them text.
    if isinstance(value, bool):
        return (f"'{name}' moet tekst zijn, maar YAML leest de waarde als ja/nee — zet de waarde tussen "
                "aanhalingstekens (YAML leest yes, no, on, off, true en false zonder aanhalingstekens als ja/nee)")
    return (f"'{name}' moet tekst zijn, maar YAML leest {show(value)} als {kind_of(value)} — zet de waarde "
            f"tussen aanhalingstekens, bijvoorbeeld {loc_last(name)}: \"{show(value)}\"")


def loc_last(name: str) -> str:
    return name.rsplit(".", 1)[-1].split("[", 1)[0]


def _bounds(kind: str, name: str, value: object, ctx: dict) -> str:
    words = {"greater_than_equal": ("ge", "minstens"), "greater_than": ("gt", "groter dan"),
             "less_than_equal": ("le", "hoogstens"), "less_than": ("lt", "kleiner dan")}
    key, word = words[kind]
    return f"'{name}' is {show(value)}, maar moet {word} {ctx.get(key)} zijn — pas de waarde aan"


def _length(kind: str, name: str, value: object, ctx: dict) -> str:
    if kind == "string_too_short" and ctx.get("min_length", 1) <= 1:
        return f"'{name}' is leeg — vul het in of haal het veld weg als het niet verplicht is"
    length = len(str(value).strip())
    if kind == "string_too_short":
        return f"'{name}' is {length} tekens, maar moet minstens {ctx.get('min_length')} tekens zijn — vul het aan"
    return f"'{name}' is {length} tekens, maar mag hoogstens {ctx.get('max_length')} tekens zijn — maak het korter"


def _count(kind: str, name: str, value: object, ctx: dict) -> str:
    actual = ctx.get("actual_length")
    if kind == "too_short":
        return (f"'{name}' heeft {actual} waarde(n), maar moet er minstens {ctx.get('min_length')} hebben"
                " — voeg een waarde toe")
    return f"'{name}' heeft {actual} waarden, maar mag er hoogstens {ctx.get('max_length')} hebben — haal er een paar weg"


def _choice(name: str, value: object, ctx: dict) -> str:
    expected = str(ctx.get("expected", "")).replace(" or ", " of ")
    return f"'{name}' moet {expected} zijn, niet {show(value)} — kies een van die waarden"


def _string_unicode(name: str, value: object, ctx: dict) -> str:
    return (f"'{name}' bevat een teken dat geen geldige tekst is (zoals een losse escape '\\ud800') "
            "— haal de escape weg of schrijf het teken zelf")


def _pattern(name: str, value: object, ctx: dict) -> str:
    return (f"'{name}' heeft waarde {show(value)}, maar mag alleen kleine letters, cijfers en koppeltekens bevatten"
            f" — bijvoorbeeld '{slugify(str(value))}'")


def _url(name: str, value: object, ctx: dict) -> str:
    return f"'{name}' is geen geldig webadres ({show(value)}) — schrijf het volledige adres, beginnend met https://"


# Error type -> (name, value, ctx) -> Dutch sentence. Every limit a sentence names comes from ctx.
_BY_KIND: dict[str, typing.Callable[[str, object, dict], str]] = {
    "string_type": lambda name, value, ctx: _string_type(name, value),
    "string_unicode": _string_unicode,
    "string_not_ascii": lambda name, value, ctx: f"'{name}' mag alleen gewone letters, cijfers en leestekens (ASCII) bevatten",
    "string_pattern_mismatch": _pattern,
    **{kind: functools.partial(_length, kind) for kind in ("string_too_short", "string_too_long")},
    **{kind: functools.partial(_count, kind) for kind in ("too_short", "too_long")},
    **dict.fromkeys(("literal_error", "enum"), _choice),
    **{kind: functools.partial(_bounds, kind)
       for kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than")},
    "multiple_of": lambda name, value, ctx: f"'{name}' is {show(value)}, maar moet een veelvoud van {ctx.get('multiple_of')} zijn",
    **{kind: lambda name, value, ctx, expected=expected: f"'{name}' moet {expected} zijn, maar is {show(value)} — pas de waarde aan"
       for kind, expected in _EXPECTED.items()},
}


def describe(error: dict, name: str) -> str:
    """One Dutch sentence (with a fix hint) for one pydantic error that is not about a missing or unknown field."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind not in BUILTIN_TYPES:  # PydanticCustomError from a validator: written for editors already
        return str(error.get("msg") or f"'{name}' heeft een ongeldige waarde")
    if kind in ("value_error", "assertion_error") and ctx.get("error") is not None:
        return f"'{name}': {ctx['error']}"
    if kind.startswith("url"):
        return _url(name, value, ctx)
    if kind in _BY_KIND:
        return _BY_KIND[kind](name, value, ctx)
    return f"'{name}' heeft een ongeldige waarde ({show(value)}) — kijk in het sjabloon (content/sjablonen/) wat hier hoort"


def _position(parsed: Parsed, loc: tuple, *, key: bool) -> tuple[int, int]:
    loc = tuple(loc)
    while loc:
        table = parsed.key_pos if key and isinstance(loc[-1], str) else parsed.value_pos
        if loc in table:
            return table[loc]
        if loc in parsed.value_pos:
            return parsed.value_pos[loc]
        loc = loc[:-1]
        key = True
    return parsed.value_pos.get((), (1, 1))


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The submodel that the parent of loc refers to, for suggesting field names."""
    current: object = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _find_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _find_model(annotation: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _find_model(arg)
            if found is not None:
                return found
    return None


def _data_loc(loc: tuple, data: object) -> tuple:
    """The path into the data: pydantic may add the name of a validator step ('function-after[…]').

    Walked along the data, so an editor's own key that looks like a step name ('x[y]') is kept.
    """
    out: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif not (isinstance(part, str) and part.endswith("]") and "[" in part):
            out.append(part)
            node = None
    return tuple(out)


def translate_errors(err: ValidationError, model: type[BaseModel], parsed: Parsed, rel: str) -> list[Finding]:
    out: list[tuple[tuple, Finding]] = []
    suggested: set[tuple] = set()  # (parent loc, field) a misspelt field already points at
    for error in err.errors(include_url=False):
        loc, kind = _data_loc(tuple(error["loc"]), parsed.data), error["type"]
        name = field_name(loc)
        value = error.get("input")
        ctx = error.get("ctx") or {}
        rule, key = R.INVALID_VALUE, False
        if kind == "missing":
            message = f"verplicht veld '{loc[-1]}' ontbreekt — voeg '{loc[-1]}: …' toe"
            if len(loc) > 1:
                message += f" onder '{field_name(loc[:-1])}'"
            line, col = _position(parsed, loc[:-1], key=True) if len(loc) > 1 else (2, 1)
            out.append((loc, Finding(rel, line, col, R.MISSING_FIELD.id, message)))
            continue
        if kind == "extra_forbidden":
            rule, key = R.UNKNOWN_FIELD, True
            sub = _model_at(model, loc)
            hint = suggest(loc[-1], sub.model_fields) if sub else ""
            if hint:
                suggested.add(loc[:-1] + (hint.split("'")[1],))
            message = f"onbekend veld {show(loc[-1])}{hint or ' — haal het weg of kijk in het sjabloon welke velden er zijn'}"
        elif kind in BUILTIN_TYPES and (kind.startswith("date") or kind.startswith("datetime")):
            rule = R.INVALID_DATE
            message = f"'{name}' is geen bestaande datum ({show(value)}) — schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-13"
        elif kind == "string_pattern_mismatch" and loc == ("id",):
            rule = R.INVALID_ID
            message = (f"id {show(value)} mag alleen kleine letters, cijfers en koppeltekens bevatten"
                       f" — bijvoorbeeld '{slugify(str(value))}'")
        elif kind in ("string_too_short", "string_too_long") and loc == ("samenvatting",):
            rule = R.SUMMARY_LENGTH
            length = len(str(value).strip())
            if kind == "string_too_short":
                message = (f"samenvatting is {length} tekens, maar moet minstens {ctx.get('min_length')} tekens zijn"
                           " — schrijf één zin die zegt waar het over gaat")
            else:
                message = (f"samenvatting is {length} tekens, maar mag hoogstens {ctx.get('max_length')} tekens zijn"
                           " — maak er één korte zin van")
        elif "[key]" in error["loc"]:  # a mapping key, such as a vocabulary key: point at the key itself
            key = True
            message = f"in '{loc[0]}': {describe(error, name)}"
        else:
            message = describe(error, name)
        line, col = _position(parsed, loc, key=key)
        out.append((loc, Finding(rel, line, col, rule.id, message)))
    # "titl" reported as unknown with "bedoel je 'titel'?" says all; no separate "titel ontbreekt".
    return [f for loc, f in out if not (f.rule == R.MISSING_FIELD.id and loc in suggested)]

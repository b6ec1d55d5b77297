"""What the model's fields declare (the markers in model.py), read once per model class.

The page presenters, the search filters, the issue form, the JSON Schemas and rule E012 ask
here instead of keeping lists of field names, so one marker in model.py reaches all of them.
"""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import CONTENT_TYPES, InForm, Labels, MarkdownText, SearchFilter, Shown, Vocabulary

# The one filter that is not a field: the content type ('Tip', 'Vraag', ...), always first.
TYPE_FILTER = SearchFilter("soort", "Soort")


def _nested_markers(annotation: object) -> typing.Iterator[object]:
    if typing.get_origin(annotation) is typing.Annotated:
        yield from annotation.__metadata__
    for arg in typing.get_args(annotation):
        yield from _nested_markers(arg)


def field_markers(info: FieldInfo) -> tuple[object, ...]:
    """Every marker of a field: on the field itself and inside its type (list[Annotated[str, X]])."""
    return (*info.metadata, *_nested_markers(info.annotation))


def marker(info: FieldInfo, kind: type):
    return next((m for m in field_markers(info) if isinstance(m, kind)), None)


def submodel(annotation: object) -> type[BaseModel] | None:
    """The model inside a field's type (Bron in `Bron`, Link in `list[Link]`), if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = submodel(arg)
        if found is not None:
            return found
    return None


@functools.cache
def vocabulary_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(dotted field path, vocabulary) for every field, at any depth, that declares a Vocabulary."""
    out: list[tuple[str, str]] = []
    for name, info in model.model_fields.items():
        vocabulary = marker(info, Vocabulary)
        if vocabulary is not None:
            out.append((name, vocabulary.name))
        sub = submodel(info.annotation)
        if sub is not None and sub is not model:
            out += [(f"{name}.{path}", voc) for path, voc in vocabulary_fields(sub)]
    return tuple(out)


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    markdown: bool
    vocabulary: str | None
    nested: bool  # a list of links (submodels with titel and url): a section, like Markdown
    labels: Labels | None = None  # readers' words for stored values (status)


@functools.cache
def shown_fields(model: type[BaseModel]) -> tuple[ShownField, ...]:
    """The fields an item page shows, in their declared order."""
    found = []
    for name, info in model.model_fields.items():
        shown = marker(info, Shown)
        if shown is None:
            continue
        vocabulary = marker(info, Vocabulary)
        found.append((shown.order, ShownField(name, shown.label, marker(info, MarkdownText) is not None,
                                              vocabulary.name if vocabulary else None,
                                              submodel(info.annotation) is not None, marker(info, Labels))))
    return tuple(entry for _order, entry in sorted(found, key=lambda pair: pair[0]))


@dataclass(frozen=True)
class FilterField:
    name: str
    filter: SearchFilter
    vocabulary: str | None
    labels: Labels | None = None


@functools.cache
def filter_fields(model: type[BaseModel]) -> tuple[FilterField, ...]:
    out = []
    for name, info in model.model_fields.items():
        search = marker(info, SearchFilter)
        if search is not None:
            vocabulary = marker(info, Vocabulary)
            out.append(FilterField(name, search, vocabulary.name if vocabulary else None, marker(info, Labels)))
    return tuple(out)


def filter_catalogue(models: typing.Iterable[type[BaseModel]] | None = None) -> list[SearchFilter]:
    """Every search filter of the site, in display order: the type, then each model's fields."""
    catalogue = [TYPE_FILTER]
    for model in models if models is not None else (t.model for t in CONTENT_TYPES):
        for entry in filter_fields(model):
            if all(f.key != entry.filter.key for f in catalogue):
                catalogue.append(entry.filter)
    return catalogue


@dataclass(frozen=True)
class FormField:
    """One question of the issue form: its id in the form, where its answer goes, and how it is asked."""

    id: str
    path: tuple[str, ...]  # () for the body
    question: InForm
    kind: str
    vocabulary: str | None = None
    multiple: bool = False
    is_list: bool = False
    links: bool = False  # a list of {titel, url}


def _is_list(annotation: object) -> bool:
    """list[...], also as a member of an optional (list[str] | None)."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    return origin in (typing.Union, types.UnionType) and any(_is_list(arg) for arg in typing.get_args(annotation))


@functools.cache
def form_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> tuple[FormField, ...]:
    """The issue form's questions for a model, nested models' fields included ('bron_titel'), in form order."""
    found: list[FormField] = []
    body = getattr(model, "body_in_form", None)
    if body is not None and not prefix:
        found.append(FormField("beschrijving", (), body, body.kind or "textarea"))
    for name, info in model.model_fields.items():
        question = marker(info, InForm)
        sub = submodel(info.annotation)
        is_list = _is_list(info.annotation)
        if question is None:
            if sub is not None and not is_list:
                found += form_fields(sub, prefix + (name,))
            continue
        vocabulary = marker(info, Vocabulary)
        markdown = marker(info, MarkdownText) is not None
        kind = question.kind or ("dropdown" if vocabulary or question.options else
                                 "textarea" if markdown or is_list else "input")
        found.append(FormField("_".join(prefix + (name,)), prefix + (name,), question, kind,
                               vocabulary.name if vocabulary else None, multiple=is_list and kind == "dropdown",
                               is_list=is_list, links=is_list and sub is not None))
    return tuple(sorted(found, key=lambda f: f.question.order))

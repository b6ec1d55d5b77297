"""The content model: the single source of truth for every content type.

Field names are Dutch because editors type them. The validator, the JSON Schemas and the
page generator all read the field list from these classes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .safetext import SafeText

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_PATTERN_RE = re.compile(ID_PATTERN)  # linear: each repetition starts with '-', no backtracking
# A source document's file name, kept in vocabulaires.yml for maintainers only ('000_268f17b10e2dbc39.txt').
SOURCE_FILE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
# One-line text shown in titles, lists and page meta: no markup, control, bidi or invisible characters.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160), SafeText]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=250), SafeText]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]


def _source_key(value: str) -> str:
    # A key of `bronnen` in vocabulaires.yml; it becomes a path segment (bronnen/<key>/), so never
    # a file name or a path. The old file names ('000_….txt') get a hint to the new keys.
    if len(value) > 80 or not ID_PATTERN_RE.fullmatch(value):
        raise PydanticCustomError(
            "vocabulary_key",
            "'document' moet een sleutel uit 'bronnen' in content/vocabulaires.yml zijn (kleine letters, cijfers en "
            "koppeltekens), geen bestandsnaam of pad — bijvoorbeeld 'infosheet-huisartsen-betrekken'")
    return value


SourceKey = Annotated[str, AfterValidator(_source_key), Field(json_schema_extra={"pattern": ID_PATTERN})]


@dataclass(frozen=True)
class MarkdownText:
    """Marker for a field whose text is Markdown: every Markdown rule (links, HTML, images) reads it."""


@dataclass(frozen=True)
class WebUrl:
    """Marker for a field that holds a web address: the URL policy (urls.py) applies to it."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Bron(_Frozen):
    """Where an item comes from: one of the source documents, or a later editor's cited source (url)."""

    document: Annotated[
        SourceKey | None,
        Field(description="Sleutel van het brondocument (zie `bronnen` in vocabulaires.yml); laat weg als je een url geeft."),
    ] = None
    titel: Annotated[ShortText, Field(description="Titel van het oorspronkelijke document.")]
    organisatie: Annotated[ShortText | None, Field(description="Organisatie achter het document, als de tekst die noemt.")] = None
    datum: Annotated[dt.date | None, Field(description="Datum van het document, als de tekst die noemt (JJJJ-MM-DD).")] = None
    onderdeel: Annotated[ShortText | None, Field(description="Kopje of onderdeel in het brondocument waar de inhoud vandaan komt.")] = None
    url: Annotated[ShortText | None, WebUrl(), Field(description="Webadres van de bron, als dat bekend is.")] = None


class Link(_Frozen):
    titel: Annotated[ShortText, Field(description="Tekst van de verwijzing.")]
    url: Annotated[ShortText | None, WebUrl(), Field(description="Webadres; laat weg als het adres niet bekend is.")] = None


class ItemBase(_Frozen):
    """Fields every content item has. The Markdown body below the front matter is the main text."""

    body_is_markdown: ClassVar[bool] = True  # the text below the front matter; read by every Markdown rule

    id: Annotated[Slug, Field(description="Gelijk aan de bestandsnaam zonder extensie: kleine letters, cijfers en koppeltekens.")]
    titel: Annotated[ShortText, Field(description="Korte, duidelijke titel.")]
    samenvatting: Annotated[Summary, Field(description="Eén zin die zegt waar het over gaat (20 tot 250 tekens).")]
    themas: Annotated[list[Slug], Field(min_length=1, description="Thema's uit vocabulaires.yml.")]
    doelgroepen: Annotated[list[Slug], Field(min_length=1, description="Voor wie: doelgroepen uit vocabulaires.yml.")]
    bron: Annotated[Bron, Field(description="De bron van deze inhoud.")]
    laatst_gecontroleerd: Annotated[dt.date, Field(description="Datum waarop de inhoud voor het laatst is gecontroleerd (JJJJ-MM-DD).")]
    gerelateerd: Annotated[list[Slug], Field(description="Ids van verwante tips, vragen of praktijkvoorbeelden.")] = []


class Tip(ItemBase):
    tipset: Annotated[Slug, Field(description="De tipset waar deze tip bij hoort (zie `tipsets` in vocabulaires.yml).")]
    volgorde: Annotated[int, Field(ge=1, le=999, description="Plaats van de tip binnen de tipset (1, 2, 3, ...).")]


class Vraag(ItemBase):
    categorie: Annotated[Slug, Field(description="Categorie van de vraag (zie `categorieen` in vocabulaires.yml).")]
    vraag: Annotated[LongText, Field(description="De vraag zoals die gesteld is. Het antwoord staat onder de front matter.")]


class Praktijkvoorbeeld(ItemBase):
    gemeenten: Annotated[list[ShortText], Field(min_length=1, description="De gemeente(n) of plaats(en) van het voorbeeld.")]
    regio: Annotated[Slug | None, Field(description="Provincie (zie `regios` in vocabulaires.yml), als die bekend is.")] = None
    partners: Annotated[list[ShortText], Field(description="Betrokken partners, voor zover de bron ze noemt.")] = []
    status: Annotated[
        Literal["beschreven", "in aanvulling"],
        Field(description="'beschreven' als het voorbeeld volledig is, 'in aanvulling' als de bron het alleen noemt."),
    ]
    wat_ze_deden: Annotated[LongText | None, MarkdownText(), Field(description="Wat ze deden (Markdown).")] = None
    wat_het_opleverde: Annotated[LongText | None, MarkdownText(), Field(description="Wat het opleverde (Markdown).")] = None
    lessen: Annotated[list[LongText], MarkdownText(), Field(description="Geleerde lessen.")] = []
    meer_lezen: Annotated[list[Link], Field(description="Verder lezen.")] = []


@dataclass(frozen=True)
class ContentType:
    """One kind of content: where its files live and how the site names it."""

    key: str
    model: type[ItemBase]
    folder: str  # under content/
    url_folder: str  # under docs/ and the site
    label: str  # singular, Dutch
    label_plural: str


CONTENT_TYPES: tuple[ContentType, ...] = (
    ContentType("tip", Tip, "tips", "tips", "Tip", "Tips"),
    ContentType("vraag", Vraag, "faq", "vragen", "Vraag", "Vragen"),
    ContentType("voorbeeld", Praktijkvoorbeeld, "examples", "voorbeelden", "Praktijkvoorbeeld", "Praktijkvoorbeelden"),
)
TYPE_BY_FOLDER = {t.folder: t for t in CONTENT_TYPES}
TYPE_BY_KEY = {t.key: t for t in CONTENT_TYPES}

# Fields whose values must come from a vocabulary in vocabulaires.yml: field -> vocabulary.
VOCABULARY_FIELDS: dict[str, str] = {
    "themas": "themas",
    "doelgroepen": "doelgroepen",
    "tipset": "tipsets",
    "categorie": "categorieen",
    "regio": "regios",
    "bron.document": "bronnen",
}


@dataclass(frozen=True)
class Item:
    """A validated content item: its front matter, its Markdown body and where it came from."""

    type: ContentType
    meta: ItemBase
    body: str
    path: str  # relative to the repository root, with forward slashes
    body_line: int  # line of the file where the body starts
    related_from: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.meta.id

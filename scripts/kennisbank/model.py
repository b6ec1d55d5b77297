"""The content model: the single source of truth for every content type.

Field names are Dutch because editors type them. The validator, the JSON Schemas, the page
generator, the search filters and the issue form all read the field list from these classes, and
what each field is from its markers (MarkdownText, WebUrl, Vocabulary, Shown, SearchFilter, InForm;
fields.py reads them). Adding a field is one change here, plus `make schema` and its test.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .safetext import SafeLongText, SafeText

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_PATTERN_RE = re.compile(ID_PATTERN)  # linear: each repetition starts with '-', no backtracking


def is_slug(value: str) -> bool:
    """One pattern for every path segment that comes from content: ids, vocabulary and source keys."""
    return len(value) <= 80 and ID_PATTERN_RE.fullmatch(value) is not None


# A source document's file name, kept in vocabulaires.yml for maintainers only ('000_268f17b10e2dbc39.txt').
SOURCE_FILE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
# One-line text shown in titles, lists and page meta: no markup, control, bidi or invisible characters.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160), SafeText]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=250), SafeText]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000), SafeLongText]


def _source_key(value: str) -> str:
    # A key of `bronnen` in vocabulaires.yml; it becomes a path segment (bronnen/<key>/), so never
    # a file name or a path. The old file names ('000_….txt') get a hint to the new keys.
    if not is_slug(value):
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


# What a field is, declared once on the field itself. The rules, the item pages, the search filters,
# the issue form and the JSON Schemas all read these markers (fields.py walks them), so a new field
# needs no change anywhere else.


@dataclass(frozen=True)
class Vocabulary:
    """Marker: the field's values are keys of this vocabulary in vocabulaires.yml (rule E012, schema enums)."""

    name: str


@dataclass(frozen=True)
class Shown:
    """Marker: the item page shows the field, under this label, in this order.

    Plain text is a fact in the list under the summary; Markdown and links get a section of their own.
    """

    label: str
    order: int


@dataclass(frozen=True)
class SearchFilter:
    """Marker: the field is a search filter; `key` is its Pagefind name (and the URL parameter)."""

    key: str
    label: str


@dataclass(frozen=True)
class Labels:
    """Marker: what a reader sees for each stored value of a field; the stored values stay as they are."""

    pairs: tuple[tuple[str, str], ...]  # (stored value, label)

    def of(self, value: object) -> str:
        return dict(self.pairs).get(str(value), str(value))


@dataclass(frozen=True)
class InForm:
    """Marker: the field is a question of the issue form (see issueform.py), at this place.

    kind: 'input', 'textarea' or 'dropdown'; left empty, it follows from the field (a vocabulary or
    choices: dropdown; Markdown or a list: textarea; else input). options: the form's wording of
    each allowed value, as (shown text, value).
    """

    order: int
    label: str
    description: str
    required: bool = False
    kind: str = ""
    options: tuple[tuple[str, str], ...] = ()


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


OWN_DESCRIPTION = "eigen beschrijving"


class Bron(_Frozen):
    """Where an item comes from: one of the source documents, a later editor's cited source (url), or
    a practice example's own description by the coalition (soort: eigen beschrijving, with the
    organisation and the date it was submitted; rule E070 checks that both are there)."""

    soort: Annotated[
        Literal["document", "eigen beschrijving"],
        Field(description="'document' (standaard) of 'eigen beschrijving': een voorbeeld dat de coalitie zelf beschrijft, "
                          "zonder brondocument; geef dan 'organisatie' en als 'datum' de dag van aanmelden."),
    ] = "document"
    document: Annotated[
        SourceKey | None, Vocabulary("bronnen"),
        Field(description="Sleutel van het brondocument (zie `bronnen` in vocabulaires.yml); laat weg als je een url geeft."),
    ] = None
    titel: Annotated[ShortText, InForm(130, "Titel van de bron", "Waar komt deze informatie vandaan?", True),
                     Field(description="Titel van het oorspronkelijke document.")]
    organisatie: Annotated[ShortText | None, InForm(150, "Organisatie van de bron", "Van wie is de bron?"),
                           Field(description="Organisatie achter het document, als de tekst die noemt.")] = None
    datum: Annotated[dt.date | None, InForm(160, "Datum van de bron", "Als JJJJ-MM-DD, bijvoorbeeld 2024-05-13."),
                     Field(description="Datum van het document, als de tekst die noemt (JJJJ-MM-DD).")] = None
    onderdeel: Annotated[ShortText | None, Field(description="Kopje of onderdeel in het brondocument waar de inhoud vandaan komt.")] = None
    # The form asks for an address: a stranger's example needs a source anyone can check.
    url: Annotated[ShortText | None, WebUrl(),
                   InForm(140, "Webadres van de bron", "Zodat iedereen de bron kan nalezen (https://...).", True),
                   Field(description="Webadres van de bron, als dat bekend is.")] = None


class Link(_Frozen):
    titel: Annotated[ShortText, Field(description="Tekst van de verwijzing.")]
    url: Annotated[ShortText | None, WebUrl(), Field(description="Webadres; laat weg als het adres niet bekend is.")] = None


class ItemBase(_Frozen):
    """Fields every content item has. The Markdown body below the front matter is the main text.

    The InForm markers word the questions for practice examples, the only type with an issue form.
    """

    body_is_markdown: ClassVar[bool] = True  # the text below the front matter; read by every Markdown rule
    body_in_form: ClassVar[InForm | None] = None  # the body as a question of the issue form (id 'beschrijving')

    id: Annotated[Slug, Field(description="Gelijk aan de bestandsnaam zonder extensie: kleine letters, cijfers en koppeltekens.")]
    titel: Annotated[ShortText, InForm(10, "Titel", "Kort en duidelijk, bijvoorbeeld ‘Gemeente X: huisartsen aan tafel via de ROS’.", True),
                     Field(description="Korte, duidelijke titel.")]
    samenvatting: Annotated[Summary, InForm(20, "Samenvatting", "Eén zin (20 tot 250 tekens) over wat dit voorbeeld laat zien.", True),
                            Field(description="Eén zin die zegt waar het over gaat (20 tot 250 tekens).")]
    themas: Annotated[list[Slug], Vocabulary("themas"), SearchFilter("thema", "Thema"),
                      InForm(100, "Thema's", "Kies een of meer thema's.", True),
                      Field(min_length=1, description="Thema's uit vocabulaires.yml.")]
    doelgroepen: Annotated[list[Slug], Vocabulary("doelgroepen"), SearchFilter("voor wie", "Voor wie"),
                           InForm(110, "Voor wie", "Voor wie is dit voorbeeld interessant?", True),
                           Field(min_length=1, description="Voor wie: doelgroepen uit vocabulaires.yml.")]
    bron: Annotated[Bron, Field(description="De bron van deze inhoud.")]
    laatst_gecontroleerd: Annotated[dt.date, Field(description="Datum waarop de inhoud voor het laatst is gecontroleerd (JJJJ-MM-DD).")]
    # Dates of the item itself (issue 12: feed, "Nieuw en bijgewerkt", open data), never read from git:
    # the deploy checkout is shallow. Separate from laatst_gecontroleerd, the last comparison with the source.
    # Optional in the model so that older files and tools keep validating; every file in content/ has it
    # (tests/test_share_dates.py), and `make new` and the issue form fill it in.
    toegevoegd: Annotated[dt.date | None, Field(
        description="Datum waarop het item aan de Kennisbank is toegevoegd (JJJJ-MM-DD).")] = None
    bijgewerkt: Annotated[dt.date | None, Field(
        description="Datum van de laatste inhoudelijke wijziging (JJJJ-MM-DD); laat weg als het item niet inhoudelijk "
                    "is gewijzigd sinds het werd toegevoegd.")] = None
    gerelateerd: Annotated[list[Slug], Field(description="Ids van verwante tips, vragen of praktijkvoorbeelden.")] = []


class Tip(ItemBase):
    tipset: Annotated[Slug, Vocabulary("tipsets"), SearchFilter("tipset", "Reeks"),
                      Field(description="De tipset waar deze tip bij hoort (zie `tipsets` in vocabulaires.yml).")]
    volgorde: Annotated[int, Field(ge=1, le=999, description="Plaats van de tip binnen de tipset (1, 2, 3, ...).")]


class Vraag(ItemBase):
    categorie: Annotated[Slug, Vocabulary("categorieen"), SearchFilter("categorie", "Vraaggroep"),
                         Field(description="Categorie van de vraag (zie `categorieen` in vocabulaires.yml).")]
    vraag: Annotated[LongText, Field(description="De vraag zoals die gesteld is. Het antwoord staat onder de front matter.")]


STATUS_DESCRIBED, STATUS_STUB = "beschreven", "in aanvulling"
# The readers' words for the two stored values: "in aanvulling" read as "work in progress" (issue 13).
STATUS_LABELS = Labels(((STATUS_DESCRIBED, "Uitgewerkt"), (STATUS_STUB, "Alleen genoemd")))
STATUS_CHOICES = (("Uitgewerkt: de bron beschrijft het voorbeeld", STATUS_DESCRIBED),
                  ("Alleen genoemd: de bron noemt het voorbeeld, maar beschrijft het niet", STATUS_STUB))


class Praktijkvoorbeeld(ItemBase):
    body_in_form: ClassVar[InForm | None] = InForm(
        60, "Beschrijving",
        "Beschrijf het voorbeeld in gewone zinnen. Opsommingen en links (Markdown) mogen. Schrijf alleen op wat de bron zegt.",
        True, kind="textarea")

    gemeenten: Annotated[list[ShortText], Shown("Gemeente", 10), SearchFilter("gemeente", "Gemeente"),
                         InForm(30, "Gemeente of plaats", "Eén of meer gemeenten, gescheiden door komma's.", True, kind="input"),
                         Field(min_length=1, description="De gemeente(n) of plaats(en) van het voorbeeld.")]
    regio: Annotated[Slug | None, Vocabulary("regios"), Shown("Provincie", 20), SearchFilter("regio", "Provincie"),
                     InForm(40, "Provincie", "De provincie van het voorbeeld."),
                     Field(description="Provincie (zie `regios` in vocabulaires.yml), als die bekend is.")] = None
    partners: Annotated[list[ShortText], Shown("Partners", 30),
                        InForm(50, "Partners", "De organisaties die meedoen, één per regel."),
                        Field(description="Betrokken partners, voor zover de bron ze noemt.")] = []
    status: Annotated[
        Literal["beschreven", "in aanvulling"], Shown("Status", 40), STATUS_LABELS, SearchFilter("status", "Status"),
        InForm(120, "Status", "Is het voorbeeld compleet beschreven?", True, options=STATUS_CHOICES),
        Field(description="'beschreven' als het voorbeeld volledig is, 'in aanvulling' als de bron het alleen noemt."),
    ]
    wat_ze_deden: Annotated[LongText | None, MarkdownText(), Shown("Wat ze deden", 50),
                            InForm(70, "Wat deden ze?", "Wat deden de partners?"),
                            Field(description="Wat ze deden (Markdown).")] = None
    wat_het_opleverde: Annotated[LongText | None, MarkdownText(), Shown("Wat het opleverde", 60),
                                 InForm(80, "Wat leverde het op?", "Alleen als de bron dat zegt."),
                                 Field(description="Wat het opleverde (Markdown).")] = None
    lessen: Annotated[list[LongText], MarkdownText(), Shown("Lessen", 70),
                      InForm(90, "Lessen", "Wat kunnen anderen ervan leren? Eén les per regel."),
                      Field(description="Geleerde lessen.")] = []
    meer_lezen: Annotated[list[Link], Shown("Meer lezen", 80),
                          InForm(170, "Meer lezen",
                                 "Documenten om verder te lezen, één per regel, als ‘Titel | https://...’ of alleen een titel."),
                          Field(description="Verder lezen.")] = []

    @property
    def is_stub(self) -> bool:
        return self.status == STATUS_STUB


@dataclass(frozen=True)
class ContentType:
    """One kind of content: where its files live and how the site names it."""

    key: str
    model: type[ItemBase]
    folder: str  # under content/
    url_folder: str  # under docs/ and the site
    label: str  # singular, Dutch
    label_plural: str

    def __reduce__(self):
        # One object per type, also for items that come back from a forked copy (pipeline.validated):
        # code compares types with `is`.
        return (content_type, (self.key,))


def content_type(key: str) -> ContentType:
    return TYPE_BY_KEY[key]


CONTENT_TYPES: tuple[ContentType, ...] = (
    ContentType("tip", Tip, "tips", "tips", "Tip", "Tips"),
    ContentType("vraag", Vraag, "faq", "vragen", "Vraag", "Vragen"),
    ContentType("voorbeeld", Praktijkvoorbeeld, "examples", "voorbeelden", "Praktijkvoorbeeld", "Praktijkvoorbeelden"),
)
TYPE_BY_FOLDER = {t.folder: t for t in CONTENT_TYPES}
TYPE_BY_KEY = {t.key: t for t in CONTENT_TYPES}

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

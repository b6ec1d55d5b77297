"""The plain data the render stage hands on: pages for mkdocs, articles for the stamp, and the shells."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..markup import Heading
from ..model import CONTENT_TYPES

# Folders of the generated docs that belong to the generator; a hand-written page in docs/ may not use them.
GENERATED_FOLDERS = tuple(t.url_folder for t in CONTENT_TYPES) + ("themas", "voor-wie", "rollen", "bronnen", "snippets", "afbeeldingen",
                                                                 "reeksen", "begrippen", "open-data", "data", "feeds")
IMAGE_FOLDER = "afbeeldingen"  # checked images of content/afbeeldingen/ go to <generated docs>/afbeeldingen/
SHELL_ID = "kb-sjabloon"  # docs/<type>/kb-sjabloon.md: the page every item of that type is poured into
# Unguessable, so that no content can contain it: once per process (a preview's rebuilds share it,
# so that it can tell whether only item text changed). Lowercase hex: a heading id keeps it as is.
TOKEN = "kb" + secrets.token_hex(12)
# What the token stands for in a shell: token + one of these words.
SHELL_TITLE, SHELL_DESCRIPTION, SHELL_BODY, SHELL_HEADING = "titel", "beschrijving", "inhoud", "kop"


@dataclass(frozen=True)
class Settings:
    repo_url: str  # e.g. https://github.com/org/kennisbank
    branch: str = "main"
    maintainer: object = None  # instellingen.yml's `beheerder` (settings.Maintainer), when the build has one
    licence: str | None = None  # instellingen.yml's licentie (None: not decided yet), for the open data


@dataclass(frozen=True)
class Page:
    """A Markdown page for mkdocs: path relative to docs/, with forward slashes."""

    path: str
    text: str


@dataclass(frozen=True)
class ItemPage:
    """A page ready to be poured into a shell: an item (shell of its type) or an overview (its own shell)."""

    url: str  # 'tips/zoek-huisartsen-actief-op/'
    folder: str  # the shell: 'tips' for an item, the page's own url for an overview
    title: str
    description: str
    h1_id: str
    article: str
    toc: tuple[Heading, ...]
    # Structured data for its head (share/structured.py): the data, or a function that makes it at the stamp.
    jsonld: dict | Callable[[], dict] | None = field(default=None, compare=False)

    def values(self) -> tuple:
        """Everything the page shows, its structured data made: two renderings compare equal by this."""
        data = self.jsonld() if callable(self.jsonld) else self.jsonld
        return (self.url, self.folder, self.title, self.description, self.h1_id, self.article, self.toc,
                json.dumps(data, sort_keys=True, default=str))


@dataclass
class Rendered:
    pages: list[Page] = field(default_factory=list)  # Markdown for mkdocs: shells and snippets, no content values
    items: list[ItemPage] = field(default_factory=list)
    overviews: list[ItemPage] = field(default_factory=list)  # each stamped into its own shell
    token: str = TOKEN
    glossary: object = None  # glossary.Glossary of this build (the begrippen/ page)
    annotation: object = None  # annotate.BuildAnnotation: hand-written pages get it after the stamp
    site: object | None = None  # render.site.Site: items, vocabularies and settings, for share/publish.py

    def item_urls(self) -> list[str]:
        """Every item page's URL, without rendering a lazily rendered page (render/lazy.py) again."""
        return urls_of(self.items)

    def overview_urls(self) -> list[str]:
        return urls_of(self.overviews)

    def stamped_urls(self) -> list[str]:
        """The URLs of every page the stamp writes: items and overviews."""
        return self.item_urls() + self.overview_urls()


def urls_of(pages: Sequence[ItemPage]) -> list[str]:
    """The pages' URLs; a lazy sequence (render/lazy.py) tells them without rendering a page."""
    urls = getattr(pages, "urls", None)
    return list(urls) if urls is not None else [page.url for page in pages]


def shell_text(token: str) -> str:
    """The Markdown of every shell: only the token, so the theme never sees a content value."""
    return (f"---\ntitle: {token}{SHELL_TITLE}\ndescription: {token}{SHELL_DESCRIPTION}\n---\n\n"
            f"# {token}{SHELL_TITLE}\n\n{token}{SHELL_BODY}\n\n## {token}{SHELL_HEADING}\n")


def item_shells(token: str) -> list[Page]:
    """One page per type that mkdocs renders with the theme; every item is poured into it."""
    return [Page(f"{t.url_folder}/{SHELL_ID}.md", shell_text(token)) for t in CONTENT_TYPES]

"""Stage 3, render: turn validated items into pages, as plain data in and out.

Every generated page is HTML made here, from the templates in scripts/kennisbank/templates/
(Jinja2, every value escaped). mkdocs renders one shell per item type and one per overview page:
Markdown with nothing in it but this build's unguessable token (title, description, heading). The
stamp stage pours each page into its shell, escaping every value for its place. So no content
value (title, summary, vocabulary label) ever reaches a theme template, which prints some values
raw; and Python-Markdown and the theme run about fifty times per build instead of once per item,
so a build grows linearly and stays fast at 10,000 items. All of it is plain Python: no MkDocs
plugin, so Zensical can take over the theme later.

The parts: items.py (one presenter per content type), overviews.py (per type, term, role and
source), home.py (snippets of hand-written pages), site.py (what the pages share), pages.py (the
data handed on), output.py (writing it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from ..model import Item
from ..settings import Settings as MaintainerSettings
from ..share import structured
from ..share.page import open_data_page, with_faq
from ..vocab import Vocabularies
from .contact import contact_pages
from .head import build_date
from .home import home_snippets, recent_snippet, search_snippet, search_suggestions
from .items import presenters, site_order
from .lazy import ItemPages, OverviewPages
from .output import copy_images, write_pages
from .overviews import Overviews
from .pages import (
    GENERATED_FOLDERS,
    IMAGE_FOLDER,
    SHELL_BODY,
    SHELL_DESCRIPTION,
    SHELL_HEADING,
    SHELL_ID,
    SHELL_TITLE,
    TOKEN,
    ItemPage,
    Page,
    Rendered,
    Settings,
    item_shells,
    shell_text,
)
from .site import Site, dutch_date, esc, item_url, page_url, related_map

__all__ = ["GENERATED_FOLDERS", "IMAGE_FOLDER", "SHELL_BODY", "SHELL_DESCRIPTION", "SHELL_HEADING", "SHELL_ID", "SHELL_TITLE",
           "TOKEN", "ItemPage", "Page", "Rendered", "Renderer", "Settings", "copy_images", "dutch_date", "esc", "item_url",
           "page_url", "related_map", "shell_text", "write_pages"]


class Renderer:
    """Every page of one build: items through their type's presenter, then overviews, snippets and shells."""

    def __init__(self, items: list[Item], vocab: Vocabularies, settings: Settings, token: str = TOKEN, *,
                 corpus_settings: MaintainerSettings | None = None, today: dt.date | None = None, glossary=None):
        self.token = token
        # corpus_settings: the maintainers' instellingen.yml (corpus.settings); today: the build date (head.build_date)
        self.site = Site(list(items), vocab, settings, token, today=build_date(today),
                         old_after_years=(corpus_settings or MaintainerSettings()).bron_verouderd_na_jaren)
        self.site.glossary = glossary  # content/begrippen.yml (glossary.Glossary), or None
        self.presenters = presenters(self.site)
        self.site.items = site_order(self.site.items, self.presenters)
        # The glossary's <abbr> and hidden search terms, added to each page as it is rendered (annotate.py).
        self.annotation = None
        if glossary is not None and glossary.begrippen:
            from ..annotate import BuildAnnotation  # annotate reads render's pages: imported when needed
            self.annotation = BuildAnnotation(glossary, self.site.items)
        self.site.by_id = {i.id: i for i in self.site.items}
        self.site.related = related_map(self.site.items)

    @property
    def items(self) -> list[Item]:
        return self.site.items

    def item_page(self, item: Item) -> ItemPage:
        page = self.presenters[item.type.key].present(item)
        if self.annotation is not None:
            page = self.annotation.item(page, item)
        # Made when the page is stamped, not kept for every page of the build (memory at 10,000 items). Issue 12.
        return dataclasses.replace(page, jsonld=functools.partial(structured.item_data, item, self.site.vocab, page.url))

    def render(self) -> Rendered:
        rendered = Rendered(token=self.token, glossary=self.site.glossary, annotation=self.annotation, site=self.site)
        rendered.items = ItemPages(self.site.items, self.item_page)  # rendered when stamped, not kept (lazy.py)
        rendered.overviews = OverviewPages()  # the same for overview pages
        pages = Overviews(self.site, rendered).all()
        pages.append(open_data_page(self.site, rendered, self.site.settings.licence))  # issue 12
        with_faq(self.site, rendered)
        if self.annotation is not None:
            rendered.overviews.then(self.annotation.overview)
        search = search_snippet(suggestions=search_suggestions(self.site.vocab, self.site.glossary))
        rendered.pages = (pages + home_snippets(self.site.vocab) + [search, recent_snippet(self.site.items)]
                          + contact_pages(self.site.settings) + item_shells(self.token))
        return rendered

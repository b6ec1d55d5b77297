"""The "Open data" page: stamped like an overview, from its own template (templates/open_data.html.j2)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..fields import submodel
from ..markup import relative
from ..model import CONTENT_TYPES
from ..render.pages import ItemPage, Page, Rendered, shell_text
from ..render.site import Headings, Site, dutch_date, item_url, render_template
from . import feed, opendata, structured
from .head import FEED

URL = "open-data/"
DOCS_PATH = "open-data/index.md"
TITLE = "Open data"
DESCRIPTION = "Alle items van de Kennisbank als JSON en CSV, met hun schema, de licentie en hoe je citeert."


def field_rows() -> list[tuple[str, str, str]]:
    """Every field of every type, once, with the types that have it (dotted for a source's fields)."""
    rows: dict[str, list] = {}
    for ctype in CONTENT_TYPES:
        for name, info in ctype.model.model_fields.items():
            nested = submodel(info.annotation)
            entries = ([(f"{name}.{sub}", sub_info.description or "") for sub, sub_info in nested.model_fields.items()]
                       if nested is not None and name == "bron" else [(name, info.description or "")])
            for dotted, description in entries:
                rows.setdefault(dotted, [description, []])[1].append(ctype.label.lower())
    everywhere = len(CONTENT_TYPES)
    return [(name, description, "alle items" if len(types) == everywhere else ", ".join(types))
            for name, (description, types) in rows.items()]


def open_data_page(site: Site, rendered: Rendered, licence: str | None, today: dt.date | None = None) -> Page:
    headings = Headings()
    h1_id = headings.title(TITLE)
    here = URL
    example = next(iter(site.items), None)
    values = {
        "h_licence": headings.make(2, "Licentie"), "h_files": headings.make(2, "De bestanden"),
        "h_fields": headings.make(2, "De velden"), "h_cite": headings.make(2, "Zo citeer je de Kennisbank"),
        "licence": licence,
        "export_href": relative(here, opendata.EXPORT), "export_schema_href": relative(here, opendata.EXPORT_SCHEMA),
        "csv_files": [(t.label_plural, relative(here, opendata.csv_path(t.url_folder)),
                       relative(here, opendata.type_schema_path(t.key))) for t in CONTENT_TYPES],
        "feed_href": relative(here, FEED),
        "type_feeds": [(t.label_plural.lower(), relative(here, feed.type_feed(t.url_folder))) for t in CONTENT_TYPES],
        "fields": field_rows(),
        "example_title": example.meta.titel if example else "Titel van het item",
        "example_url": "…/" + (item_url(example) if example else "tips/id/"),
        "example_source": example.meta.bron.titel if example else "de bron van het item",
        "today": dutch_date(today or dt.date.today()),
    }
    article = render_template("open_data.html.j2", h1_id=h1_id, h1_text=TITLE, **values)
    rendered.overviews.append(ItemPage(URL, URL, TITLE, DESCRIPTION, h1_id, article, tuple(headings.toc)))
    return Page(DOCS_PATH, shell_text(site.token))


QUESTIONS_URL = "vragen/"


def with_faq(site: Site, rendered: Rendered) -> None:
    """The questions overview carries every question and its answer as a FAQPage (JSON-LD)."""
    questions = site.of_type("vraag")
    if questions:  # made with the page, when it is stamped (render/lazy.py)
        rendered.overviews.then(lambda page: dataclasses.replace(
            page, jsonld=structured.faq_page(questions, site.vocab, QUESTIONS_URL, item_url)), url=QUESTIONS_URL)

"""The head of every item page, in one order for every type (issues 11, 12 and 13):

breadcrumb, title, type and series, summary, source line with its date, and the age notice.

The source line reads as a reader knows a source ("Bron: CPZ, Focusgroep … (2020)"): publisher,
title, year, a link where one is known, else "datum onbekend". It takes the item's own `bron`
fields first and fills the gaps from the source document in vocabulaires.yml. The internal file
name of a source (`bestand`) is never read here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from markupsafe import Markup

from ..markup import relative
from ..model import OWN_DESCRIPTION, Item
from .site import Site, item_url

BUILD_DATE_ENV = "KENNISBANK_BUILD_DATE"  # YYYY-MM-DD: pins the build date (tests; a reproducible rebuild)


def build_date(today: dt.date | None = None) -> dt.date:
    """The date the age notice compares with: given, else $KENNISBANK_BUILD_DATE, else today."""
    if today is not None:
        return today
    pinned = os.environ.get(BUILD_DATE_ENV, "").strip()
    try:
        return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
    except ValueError:
        return dt.date.today()  # a malformed pin must not stop a build; the date only words a notice


@dataclass(frozen=True)
class SourceFacts:
    """What a reader needs of a source: who, what, when, where. Empty parts stay None."""

    own: bool  # an own description by a coalition ('eigen beschrijving'): no document
    organisation: str | None
    title: str
    date: dt.date | None
    year: int | None
    url: str | None


def source_facts(site: Site, item: Item) -> SourceFacts:
    bron = item.meta.bron
    doc = site.vocab.bronnen.get(bron.document) if bron.document else None
    date = bron.datum or (doc.datum if doc else None)
    year = date.year if date else (doc.jaar if doc else None)
    return SourceFacts(own=bron.soort == OWN_DESCRIPTION,
                       organisation=bron.organisatie or (doc.organisatie if doc else None),
                       title=bron.titel, date=date, year=year, url=bron.url or (doc.url if doc else None))


def is_outdated(facts: SourceFacts, today: dt.date, years: int) -> bool:
    """Undated, or older than `years`: with only a year known, its last day counts (never too eager)."""
    if facts.year is None:
        return True
    newest = facts.date or dt.date(facts.year, 12, 31)
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return newest < limit


@dataclass(frozen=True)
class Crumb:
    text: str
    href: str | None  # None: the page itself


def _rel(here: str, url: str) -> str:
    link = relative(here, url)
    return link if link.endswith("/") or "#" in link else link + "/"


def crumbs(site: Site, item: Item) -> tuple[Crumb, ...]:
    """Home › Tips › Reeks … › this page: where the page sits, each step a link but the last."""
    here, meta = item_url(item), item.meta
    trail = [Crumb("Home", _rel(here, "")), Crumb(item.type.label_plural, _rel(here, f"{item.type.url_folder}/"))]
    if item.type.key == "tip":
        trail.append(Crumb(f"Reeks: {site.vocab.label('tipsets', meta.tipset)}", _rel(here, f"reeksen/{meta.tipset}/")))
    elif item.type.key == "vraag":
        trail.append(Crumb(f"Vraaggroep: {site.vocab.label('categorieen', meta.categorie)}",
                           _rel(here, f"vragen/#{meta.categorie}")))
    trail.append(Crumb(meta.titel, None))
    return tuple(trail)


def head_values(site: Site, item: Item, kind: Markup, report_url: str) -> dict:
    """The template values of the page head (templates/item.html.j2 prints them, escaped)."""
    facts = source_facts(site, item)
    return {"crumbs": crumbs(site, item), "kind": kind, "source": facts,
            "outdated": is_outdated(facts, site.today, site.old_after_years), "age_years": site.old_after_years,
            "checked": item.meta.laatst_gecontroleerd, "report_url": report_url, "page_path": item_url(item)}

"""Atom feeds of new and updated items, made with feedgen (no string templates): feed.xml, and one per type."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..model import CONTENT_TYPES, Item
from ..vocab import Vocabularies
from . import dates
from .head import FEED, FEED_TITLE

FEED_SIZE = 50  # the newest entries; older items stay on the site and in data/kennisbank.json
TYPE_FEED_FOLDER = "feeds"


def type_feed(url_folder: str) -> str:
    return f"{TYPE_FEED_FOLDER}/{url_folder}.xml"


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom(items: list[Item], vocab: Vocabularies, base: str, site_name: str, path: str, title: str,
         item_url) -> bytes:
    """One Atom feed of the newest items (newest first), as UTF-8 XML."""
    newest = dates.latest_first(items)[:FEED_SIZE]
    feed = FeedGenerator()
    feed.id(base + path)
    feed.title(title)
    feed.subtitle("Nieuwe en bijgewerkte tips, vragen en praktijkvoorbeelden.")
    feed.author({"name": site_name})
    feed.language("nl")
    feed.link(href=base, rel="alternate", type="text/html")
    feed.link(href=base + path, rel="self", type="application/atom+xml")
    feed.updated(_moment(max((dates.updated(i.meta) for i in newest), default=dt.date(2026, 1, 1))))
    for item in reversed(newest):  # feedgen puts each new entry first
        meta, url = item.meta, base + item_url(item)
        entry = feed.add_entry()
        entry.id(url)
        entry.title(meta.titel)
        entry.summary(meta.samenvatting)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(_moment(dates.added(meta)))
        entry.updated(_moment(dates.updated(meta)))
        entry.category(term=item.type.key, label=item.type.label, scheme=base + "soort")
        for key in meta.themas:
            entry.category(term=key, label=vocab.label("themas", key), scheme=base + "themas/")
    return feed.atom_str(pretty=True, encoding="UTF-8")


def all_feeds(items: list[Item], vocab: Vocabularies, base: str, site_name: str, item_url) -> dict[str, bytes]:
    """feed.xml with every type, and feeds/<type>.xml per type; path -> bytes."""
    feeds = {FEED: atom(items, vocab, base, site_name, FEED, FEED_TITLE, item_url)}
    for ctype in CONTENT_TYPES:
        own = [item for item in items if item.type.key == ctype.key]
        path = type_feed(ctype.url_folder)
        feeds[path] = atom(own, vocab, base, site_name, path, f"{ctype.label_plural}: nieuw en bijgewerkt ({site_name})",
                           item_url)
    return feeds

"""Write this area's files into a freshly stamped site: feeds, open data, robots.txt, sitemap lastmod, head tags."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..render.pages import Rendered
from ..render.site import item_url
from . import feed, head, opendata, robots

DEFAULT_SITE_NAME = "Kennisbank Kansrijke Start"


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _write(site_dir: Path, rel: str, data: bytes) -> None:
    target = site_dir.joinpath(*rel.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def publish(site_dir: Path, rendered: Rendered, site_url: str, site_name: str = DEFAULT_SITE_NAME) -> None:
    site = rendered.site
    base = site_url.rstrip("/") + "/"
    items, vocab = site.items, site.vocab
    files = {**feed.all_feeds(items, vocab, base, site_name, item_url),
             **opendata.files(items, vocab, base, item_url),
             robots.ROBOTS: robots.robots(base)}
    for rel, data in files.items():
        _write(site_dir, rel, data)
    opendata.write_csvs(site_dir / opendata.DATA, items, base, item_url)
    opendata.write_export(site_dir.joinpath(*opendata.EXPORT.split("/")), items, vocab, site.settings.licence, build_time(),
                          base, item_url)
    robots.sitemap(site_dir, items, base, item_url)
    stamped = frozenset(f"{url}index.html" for url in rendered.stamped_urls())
    head.add_to_unstamped(site_dir, stamped, base, site_name)

"""sitemap.xml with a lastmod for every page, and robots.txt pointing at it; both under the site's own path."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from lxml import etree

from ..model import Item
from . import dates

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ROBOTS = "robots.txt"


def sitemap(site_dir: Path, items: list[Item], base: str, item_url) -> int:
    """Rewrite the sitemap the stamp completed: the same pages, each with its lastmod. Returns the count.

    An item's lastmod is its own date (bijgewerkt or toegevoegd); every other page lists or describes
    items, so it changed when the newest item did.
    """
    path = site_dir / "sitemap.xml"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    tree = etree.fromstring(path.read_bytes(), parser)
    locs = [node.text.strip() for node in tree.iter(f"{{{SITEMAP_NS}}}loc") if node.text]
    own = {base + item_url(item): dates.updated(item.meta) for item in items}
    newest = max(own.values(), default=dt.date.today())
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for loc in dict.fromkeys(locs):  # each page once, in the order the stamp left them
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = own.get(loc, newest).isoformat()
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    path.write_bytes(data)
    # mtime 0: the same sitemap gives the same bytes (a reproducible build, SOURCE_DATE_EPOCH)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
    return len(locs)


def robots(base: str) -> bytes:
    """Everything may be read; the sitemap's address includes the site's path (GitHub Pages project sites)."""
    return (f"# Kennisbank Kansrijke Start\n"
            f"# Zoekmachines lezen robots.txt alleen in de hoofdmap van een domein; onder een projectpad is dit\n"
            f"# bestand een verwijzing naar de sitemap.\n"
            f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n").encode()

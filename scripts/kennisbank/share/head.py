"""Link previews on every page: OpenGraph and Twitter-card tags, the feed link and the JSON-LD.

Stamped pages (items and overviews) get their tags from their own values at the stamp
(`stamped`, one call in stamp.py); the few pages mkdocs renders itself (the home page, search,
404 and other hand-written pages) get them after the stamp from their own parsed <head>
(`add_to_unstamped`). Every value is escaped for an attribute; the tags go before the first
'</head>', which in a stamped page is the theme's: every value before it is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from . import structured

IMAGE = "assets/kennisbank-delen.png"  # made from assets/kennisbank-delen.svg (tests/test_share_head.py)
IMAGE_SIZE = (1200, 630)
IMAGE_ALT = "Kennisbank Kansrijke Start: tips, vragen en praktijkvoorbeelden"
FEED = "feed.xml"
FEED_TITLE = "Nieuw en bijgewerkt in de Kennisbank Kansrijke Start"
_HEAD_END = "</head>"


def _meta(attribute: str, name: str, value: str) -> str:
    return f'<meta {attribute}="{name}" content="{escape(value, quote=True)}">'


def tags(*, title: str, description: str, url: str, base: str, site_name: str, kind: str = "website",
         jsonld: dict | None = None) -> str:
    """Everything a page's head gets from this area; url and base are absolute."""
    image = base + IMAGE
    parts = [
        _meta("property", "og:type", kind), _meta("property", "og:site_name", site_name),
        _meta("property", "og:locale", "nl_NL"), _meta("property", "og:title", title),
        _meta("property", "og:description", description), _meta("property", "og:url", url),
        _meta("property", "og:image", image), _meta("property", "og:image:type", "image/png"),
        _meta("property", "og:image:width", str(IMAGE_SIZE[0])), _meta("property", "og:image:height", str(IMAGE_SIZE[1])),
        _meta("property", "og:image:alt", IMAGE_ALT),
        _meta("name", "twitter:card", "summary_large_image"), _meta("name", "twitter:title", title),
        _meta("name", "twitter:description", description), _meta("name", "twitter:image", image),
        _meta("name", "twitter:image:alt", IMAGE_ALT),
        # Not rel="alternate" alone: Material's bundle takes every link[rel=alternate] for another language
        # version of the site and fetches the sitemap.xml beside it, on every page view (1.5 MB at 10,000
        # items). Feed readers look for the token 'alternate' with the Atom type; 'feed' says the same.
        f'<link rel="alternate feed" type="application/atom+xml" title="{escape(FEED_TITLE, quote=True)}" '
        f'href="{escape(base + FEED, quote=True)}">',
    ]
    if jsonld is not None:
        parts.append(structured.script(jsonld, base))
    return "".join(parts)


def insert(html_text: str, head_tags: str) -> str:
    cut = html_text.find(_HEAD_END)
    return html_text if cut == -1 else html_text[:cut] + head_tags + html_text[cut:]


def stamped(html_text: str, page, base: str, site_name: str) -> str:
    """A stamped page (stamp.ItemPage) with its tags: its own title, summary and canonical URL."""
    jsonld = getattr(page, "jsonld", None)
    jsonld = jsonld() if callable(jsonld) else jsonld
    kind = "article" if jsonld is not None and jsonld.get("@type") in ("Article", "QAPage") else "website"
    return insert(html_text, tags(title=page.title, description=page.description, url=base + page.url, base=base,
                                  site_name=site_name, kind=kind, jsonld=jsonld))


def add_to_unstamped(site_dir: Path, stamped_files: frozenset[str], site_url: str, site_name: str) -> int:
    """The pages mkdocs rendered and the stamp did not touch: tags from their own <head>. Returns how many."""
    base = site_url.rstrip("/") + "/"
    done = 0
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel in stamped_files or not (rel == "404.html" or rel == "index.html" or rel.endswith("/index.html")):
            continue
        text = path.read_text(encoding="utf-8")
        head = LexborHTMLParser(text).head
        if head is None or head.css_first('meta[property="og:title"]') is not None:
            continue
        title_node = head.css_first("title")
        title = title_node.text() if title_node else site_name
        title = title.removesuffix(" - " + site_name) or site_name
        description_node = head.css_first('meta[name="description"]')
        description = (description_node.attributes.get("content") if description_node else None) or ""
        canonical = head.css_first('link[rel="canonical"]')
        url = (canonical.attributes.get("href") if canonical else None) or base
        path.write_text(insert(text, tags(title=title, description=description, url=url, base=base, site_name=site_name)),
                        encoding="utf-8")
        done += 1
    return done

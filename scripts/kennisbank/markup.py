"""Editors' Markdown to HTML, the way GitHub previews it (GitHub Flavored Markdown, via cmark-gfm).

Editors write in GitHub's web editor, so the site renders what its preview shows. cmark-gfm is
also safe by default: raw HTML is left out and javascript:/data: links lose their target, a second
line of defence behind the validator. Headings get ids and permalinks like the rest of the site.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass

from cmarkgfm.cmark import Options
from markdown.extensions.toc import slugify

from . import gfm
from .model import CONTENT_TYPES

PERMALINK_TITLE = "Link naar dit kopje"
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_URL_ATTRIBUTE = re.compile(r'(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)(")')
_TAGS = re.compile(r"<[^>]+>")
# Content folders (as editors link between files) and the site's folders (as visitors see them).
_SITE_FOLDER = {t.folder: t.url_folder for t in CONTENT_TYPES}


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str  # plain text, for the table of contents


class Ids:
    """Heading ids unique within one page, as Python-Markdown's toc makes them (x, x_1, x_2)."""

    def __init__(self, taken: tuple[str, ...] = ()):
        self.taken = set(taken)
        # The last number tried per base: a page of 8,000 equal headings would otherwise try
        # x_1, x_2, … from the start for each one, quadratic in the number of headings.
        self._next: dict[str, int] = {}

    def make(self, text: str) -> str:
        base = slugify(text, "-") or "kopje"
        candidate, number = base, self._next.get(base, 0)
        if number:
            candidate = f"{base}_{number}"
        while candidate in self.taken:
            number += 1
            candidate = f"{base}_{number}"
        self._next[base] = number
        self.taken.add(candidate)
        return candidate


def plain(html_text: str) -> str:
    return html.unescape(_TAGS.sub("", html_text)).strip()


def site_url(target: str, content_dir: str) -> str | None:
    """Where a relative link in a content file points on the site ('vragen/x/#a'), or None to keep it.

    content_dir is the folder of the content file, such as 'tips'.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#", target) or not target:
        return None
    path, hash_, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(content_dir, path))
    folder, _, name = resolved.partition("/")
    if folder in _SITE_FOLDER and name.endswith(".md") and "/" not in name:
        return f"{_SITE_FOLDER[folder]}/{name[:-3]}/" + (hash_ + fragment if hash_ else "")
    if folder == "afbeeldingen":
        return resolved + (hash_ + fragment if hash_ else "")
    return None


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's own relative URLs, without its two getcwd() calls per link.

    A build makes a few links per item page; relpath was the render stage's largest cost.
    """
    target = [part for part in path.split("/") if part not in ("", ".")]
    base = [part for part in start.split("/") if part not in ("", ".")]
    if ".." in target or ".." in base or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path or ".", start or ".")
    common = 0
    while common < min(len(target), len(base)) and target[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def relative(from_dir: str, to_url: str) -> str:
    """A link from a page at from_dir ('tips/x/') to a site URL ('vragen/y/#a'), relative."""
    path, hash_, fragment = to_url.partition("#")
    rel = _relpath(path, from_dir)
    rel = "./" if rel == "." else rel + ("/" if path.endswith("/") else "")
    return rel + (hash_ + fragment if hash_ else "")


def to_html(text: str, *, page_dir: str, content_dir: str, ids: Ids | None, shift: int = 0) -> tuple[str, list[Heading]]:
    """Render Markdown; returns the HTML and its headings.

    page_dir: the page's folder on the site ('tips/x/'), for relative links.
    ids: None to leave headings without ids (inside an overview's expandable answer).
    shift: how many levels to demote headings, at most to h6.
    """
    rendered = gfm.to_html(text, Options.CMARK_OPT_DEFAULT)  # cmarkgfm's own function leaks C memory

    def link(match: re.Match) -> str:
        target = html.unescape(match.group(2))
        url = site_url(target, content_dir)
        if url is None:
            return match.group(0)
        return match.group(1) + html.escape(relative(page_dir, url)) + match.group(3)

    rendered = _URL_ATTRIBUTE.sub(link, rendered)
    headings: list[Heading] = []

    def heading(match: re.Match) -> str:
        level = min(int(match.group(1)) + shift, 6)
        inner = match.group(2)
        if ids is None:
            return f"<h{level}>{inner}</h{level}>"
        text_only = plain(inner)
        anchor = ids.make(text_only)
        headings.append(Heading(level, anchor, text_only))
        return (f'<h{level} id="{anchor}">{inner}<a class="headerlink" href="#{anchor}" '
                f'title="{PERMALINK_TITLE}">&para;</a></h{level}>')

    return _HEADING.sub(heading, rendered), headings

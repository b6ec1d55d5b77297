"""Stage 4b, stamp: pour every item into its type's shell page, and fill the overviews' placeholders.

mkdocs and the theme render each shell once (kb-sjabloon: a page with placeholder title, text and
one heading); this stage copies that HTML for every item and swaps in the item's own title,
description, table of contents and article. Plain string work, linear in the number of items.
"""

from __future__ import annotations

import gzip
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .markup import Heading
from .render import (
    SHELL_DESCRIPTION,
    SHELL_HEADING,
    SHELL_ID,
    SHELL_TITLE,
    ItemPage,
    Rendered,
    page_url,
)

_ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'
_TOC_OPEN = re.compile(r'<ul class="md-nav__list" data-md-component="toc"[^>]*>')


class StampError(Exception):
    """The theme's HTML no longer has the shape the stamp stage expects."""


@dataclass(frozen=True)
class Shell:
    head: str  # up to and including the table of contents' opening <ul>
    toc_item: str  # the theme's markup of one entry, with the placeholder heading
    between: str  # from the end of the toc to the opening of the article
    tail: str  # from the end of the article to the end of the page
    folder: str

    @classmethod
    def parse(cls, html_text: str, folder: str) -> Shell:
        toc = _TOC_OPEN.search(html_text)
        article = html_text.find(_ARTICLE_OPEN)
        end_article = html_text.rfind("</article>")
        if not toc or article == -1 or end_article == -1:
            raise StampError("het thema maakt geen inhoudsopgave of <article> meer; de stempel past niet")
        end_toc = html_text.find("</ul>", toc.end())
        entries = html_text[toc.end():end_toc]
        start_item, end_item = entries.find('<li class="md-nav__item">'), entries.rfind("</li>")
        if SHELL_HEADING not in entries or start_item == -1:
            raise StampError("de inhoudsopgave van het sjabloon mist het voorbeeldkopje")
        return cls(html_text[:toc.end()], entries[start_item:end_item + len("</li>")],
                   html_text[end_toc:article + len(_ARTICLE_OPEN)], html_text[end_article:], folder)

    def toc(self, headings: tuple[Heading, ...]) -> str:
        """Entries like the theme's own: h2 at the top, h3 nested below the h2 before it."""
        def entry(heading: Heading, children: list[Heading]) -> str:
            markup = self.toc_item.replace(f"#{SHELL_HEADING.lower()}", f"#{heading.id}").replace(SHELL_HEADING, escape(heading.text))
            if children:
                nested = "".join(entry(child, []) for child in children)
                label = escape(heading.text, quote=True)
                markup = markup.replace("</li>", f'<nav class="md-nav" aria-label="{label}"><ul class="md-nav__list">'
                                                  f"{nested}</ul></nav>\n</li>")
            return markup

        tops: list[tuple[Heading, list[Heading]]] = []
        for heading in headings:
            if heading.level <= 2 or not tops:
                tops.append((heading, []))
            elif heading.level == 3:
                tops[-1][1].append(heading)
        return "".join(entry(top, children) for top, children in tops)

    def page(self, item: ItemPage) -> str:
        title, description = escape(item.title, quote=False), escape(item.description, quote=True)
        head = (self.head.replace(f'content="{SHELL_DESCRIPTION}"', f'content="{description}"')
                .replace(f"/{self.folder}/{SHELL_ID}/", f"/{item.url}")
                .replace(f"{SHELL_TITLE} - ", f"{title} - ")
                .replace(f'href="#{SHELL_TITLE.lower()}"', f'href="#{item.h1_id}"')
                .replace(SHELL_TITLE, title))
        return head + self.toc(item.toc) + self.between + "\n" + item.article + self.tail


def take_shells(site_dir: Path) -> dict[str, Shell]:
    """Read the shells mkdocs rendered, and remove them from the site: they are not pages."""
    shells = {}
    for shell_dir in sorted(site_dir.glob(f"*/{SHELL_ID}")):
        folder = shell_dir.parent.name
        shells[folder] = Shell.parse((shell_dir / "index.html").read_text(encoding="utf-8"), folder)
        shutil.rmtree(shell_dir)
    return shells


def stamp_items(site_dir: Path, items: list[ItemPage], shells: dict[str, Shell]) -> int:
    for item in items:
        if item.folder not in shells:
            raise StampError(f"geen sjabloonpagina voor {item.folder}/")
        target = site_dir / item.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(shells[item.folder].page(item), encoding="utf-8")
    return len(items)


def fill_placeholders(site_dir: Path, fragments: dict[str, dict[str, str]]) -> None:
    for docs_path, replacements in fragments.items():
        target = site_dir / page_url(docs_path) / "index.html"
        text = target.read_text(encoding="utf-8")
        for token, html_text in replacements.items():
            paragraph = f"<p>{token}</p>"
            if paragraph not in text:
                raise StampError(f"plaatshouder {token} ontbreekt in {docs_path}")
            text = text.replace(paragraph, html_text)
        target.write_text(text, encoding="utf-8")


def fix_sitemap(site_dir: Path, items: list[ItemPage], site_url: str) -> None:
    """mkdocs lists the shells, not the items: list every item page instead."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    text = re.sub(rf"\s*<url>\s*<loc>[^<]*/{SHELL_ID}/</loc>.*?</url>", "", text, flags=re.S)
    base = site_url.rstrip("/") + "/"
    entries = "".join(f"\n    <url>\n         <loc>{escape(base + item.url)}</loc>\n    </url>" for item in items)
    text = text.replace("</urlset>", entries.lstrip("\n") + "\n</urlset>")
    sitemap.write_text(text, encoding="utf-8")
    with gzip.open(site_dir / "sitemap.xml.gz", "wb") as packed:
        packed.write(text.encode("utf-8"))


def stamp(site_dir: Path, rendered: Rendered, site_url: str) -> dict[str, Shell]:
    """Fill the freshly built site; returns the shells, for a live preview that restamps items."""
    shells = take_shells(site_dir)
    stamp_items(site_dir, rendered.items, shells)
    fill_placeholders(site_dir, rendered.fragments)
    fix_sitemap(site_dir, rendered.items, site_url)
    return shells

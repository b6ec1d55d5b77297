"""What every page of a build shares: the items in site order, the vocabularies, links and templates."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..markup import PERMALINK_TITLE, Heading, Ids, relative
from ..model import Item
from ..vocab import Vocabularies
from .hyphen import soft_hyphens
from .pages import Settings

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def _escape_value(value: object) -> Markup:
    # Every value a template prints is escaped, unless it is Markup made here (a link, rendered
    # Markdown). html.escape rather than markupsafe's escape: the same bytes as the stamp and the
    # checks after the build produce for the same text ('&#x27;'), so nothing shifts between stages.
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=_escape_value,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.globals["permalink_title"] = PERMALINK_TITLE
    env.globals["dutch_date"] = dutch_date  # defined below; looked up when a template runs
    env.filters["shy"] = soft_hyphens  # long Dutch words in titles and headings (render/hyphen.py)
    return env


def macros():
    """The shared template macros (templates/_macros.html.j2), callable from Python."""
    return environment().get_template("_macros.html.j2").module


def render_template(name: str, **values: object) -> str:
    return environment().get_template(name).render(**values)


def label(text: str) -> Markup:
    """A label the code chooses ('Thema's'): text, escaped for an element's content only."""
    return Markup(html.escape(text, quote=False))


def dutch_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")


def esc(text: str) -> str:
    """Escape text for inline Markdown (labels written by editors) in the home page's snippets."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def item_url(item: Item) -> str:
    return f"{item.type.url_folder}/{item.id}/"


def page_url(docs_path: str) -> str:
    """The site URL of a docs/ page: 'themas/x.md' -> 'themas/x/', 'tips/index.md' -> 'tips/'."""
    stem = docs_path.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("index") else stem + "/"


def related_map(items: list[Item]) -> dict[str, list[str]]:
    """Related ids both ways: if A names B, B's page shows A too. Own order first."""
    known = {i.id for i in items}
    result: dict[str, list[str]] = {i.id: [r for r in i.meta.gerelateerd if r in known and r != i.id] for i in items}
    for item in items:
        for target in item.meta.gerelateerd:
            if target in result and item.id not in result[target] and target != item.id:
                result[target].append(item.id)
    return result


class Headings:
    """The headings of one page in the order they appear: unique ids, and the table of contents."""

    def __init__(self) -> None:
        self.ids, self.toc = Ids(), []

    def make(self, level: int, text: str, anchor: str | None = None) -> Heading:
        if anchor is None:
            anchor = self.ids.make(text)
        else:
            self.ids.taken.add(anchor)  # a vocabulary key, linked from item pages ('tips/#tipset')
        heading = Heading(level, anchor, text)
        self.toc.append(heading)
        return heading

    def title(self, text: str) -> str:
        """The h1's id: taken, but not in the table of contents."""
        return self.ids.make(text)


class Site:
    """The items of one build in site order, and the links between their pages."""

    def __init__(self, items: list[Item], vocab: Vocabularies, settings: Settings, token: str,
                 today: dt.date | None = None, old_after_years: int = 3):
        self.items, self.vocab, self.settings, self.token = items, vocab, settings, token
        # The build date and the maintainers' age limit of a source (instellingen.yml): the age notice (render/head.py).
        self.today, self.old_after_years = today or dt.date.today(), old_after_years
        self.by_id = {i.id: i for i in items}
        self.related = related_map(items)

    def link(self, from_dir: str, url: str, text: str) -> Markup:
        return Markup(f'<a href="{html.escape(relative(from_dir, url))}">{html.escape(text)}</a>')

    def term_links(self, from_dir: str, folder: str, vocabulary: str, keys: list[str]) -> Markup:
        return Markup(", ").join(self.link(from_dir, f"{folder}/{k}/", self.vocab.label(vocabulary, k)) for k in keys)

    def of_type(self, key: str) -> list[Item]:
        return [i for i in self.items if i.type.key == key]

    def grouped(self, items: list[Item], key: Callable[[Item], str]) -> dict[str, list[Item]]:
        groups: dict[str, list[Item]] = {}
        for item in items:
            groups.setdefault(key(item), []).append(item)
        return groups

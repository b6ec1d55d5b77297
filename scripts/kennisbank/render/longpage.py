"""Long pages a phone can scan (issue 13): "In het kort", "Op deze pagina", and folded subsections.

- "In het kort" quotes each practice example's own fields, shortened, never rewritten; a field the
  source leaves empty says so ("niet beschreven in de bron").
- "Op deze pagina" lists a page's sections in a disclosure under the title, for phones, where the
  theme shows no table of contents.
- A long h2 section folds its h3 subsections into <details>: the renderer does it, from the
  Markdown's headings, so editors write nothing special (and cannot write HTML anyway).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser

from ..markup import Heading

NOT_DESCRIBED = "niet beschreven in de bron"
SHORT_CHARS = 160  # a quote in "In het kort" is at most about two lines on a phone
FOLD_MIN_CHARS = 1200  # a section shorter than this reads fine open
FOLD_MIN_SUBSECTIONS = 2
MIN_SECTIONS_FOR_CONTENTS = 3


@dataclass(frozen=True)
class ShortEntry:
    label: str
    quote: str | None  # None: the source says nothing
    more: int = 0  # further entries of a list field (lessons) not quoted


def plain_text(rendered_html: str) -> str:
    """The text a reader sees in rendered Markdown, on one line."""
    node = LexborHTMLParser(f"<div>{rendered_html}</div>").css_first("div")
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def shorten(text: str, limit: int = SHORT_CHARS) -> str:
    """The first sentence, or the text cut at a word before `limit` with an ellipsis: shortened, never reworded."""
    text = " ".join(text.split())
    for end in range(len(text)):
        if text[end] in ".!?" and (end + 1 == len(text) or text[end + 1] == " ") and end >= 20:
            if end + 1 <= limit:
                return text[:end + 1]
            break
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit].rstrip(" ,;:") + " …"


def first_entry(rendered_html: str) -> str:
    """The first list item of rendered Markdown if it starts with a list, else its first paragraph."""
    tree = LexborHTMLParser(f"<div>{rendered_html}</div>")
    first = tree.css_first("div > ul > li, div > ol > li, div > p")
    return " ".join((first or tree.css_first("div")).text(separator=" ").split()) if tree.css_first("div") else ""


def on_this_page(toc: list[Heading]) -> list[Heading]:
    """The h2 sections for "Op deze pagina", or none for a short page."""
    sections = [h for h in toc if h.level == 2]
    return sections if len(sections) >= MIN_SECTIONS_FOR_CONTENTS else []


def _top_level(rendered_html: str) -> list[tuple[str | None, str, int]]:
    """(tag, outer HTML, text length) of each top-level node of rendered Markdown, in order."""
    tree = LexborHTMLParser(f"<div id=kb-root>{rendered_html}</div>")
    root = tree.css_first("#kb-root")
    out = []
    for node in root.iter(include_text=True):
        if node.tag == "-text":
            text = node.text(deep=False)
            out.append((None, html.escape(text, quote=False), len(text.strip())))
        else:
            out.append((node.tag, node.html or "", len(node.text(strip=True))))
    return out


def _without_permalink(heading_html: str) -> str:
    """The heading without its permalink: a link inside a <summary> is a control inside a control.
    The heading keeps its id, so the table of contents and shared links still reach it."""
    tree = LexborHTMLParser(f"<div id=kb-root>{heading_html}</div>")
    for link in tree.css("#kb-root a.headerlink"):
        link.decompose()
    return tree.css_first("#kb-root").inner_html or heading_html


def fold_long_sections(rendered_html: str, level: int = 2) -> str:
    """Wrap each subsection (h<level+1>) of a long h<level> section in a closed <details>.

    Works on the top-level blocks only, so a heading inside a quote or list stays where it is.
    Text before the first section heading (the page's introduction) is never folded.
    """
    head, sub = f"h{level}", f"h{level + 1}"
    if f"<{sub}" not in rendered_html:  # no subsection anywhere (most pages): nothing to parse
        return rendered_html
    nodes = _top_level(rendered_html)
    if not any(tag == sub for tag, _html, _n in nodes):
        return rendered_html
    sections: list[list[tuple[str | None, str, int]]] = [[]]
    for node in nodes:
        if node[0] == head:
            sections.append([])
        sections[-1].append(node)
    out: list[str] = []
    folded_any = False
    for index, section in enumerate(sections):
        subsections = sum(1 for tag, _h, _n in section if tag == sub)
        long_enough = sum(n for _t, _h, n in section) >= FOLD_MIN_CHARS and subsections >= FOLD_MIN_SUBSECTIONS
        if index == 0 and (not section or section[0][0] != head):
            long_enough = False
        if not long_enough:
            out += [piece for _tag, piece, _n in section]
            continue
        open_block, folded_any = False, True
        for tag, piece, _n in section:
            if tag == sub:
                if open_block:
                    out.append("</details>\n")
                out.append(f'<details class="kb-deel"><summary>{_without_permalink(piece)}</summary>\n')
                open_block = True
            else:
                out.append(piece)
        if open_block:
            out.append("</details>\n")
    return "".join(out) if folded_any else rendered_html  # unchanged bytes when nothing folds


def folded(markup: Markup | str, level: int = 2) -> Markup:
    return Markup(fold_long_sections(str(markup), level))

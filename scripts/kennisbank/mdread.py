"""Markdown read the way cmark-gfm reads it: its links, images and raw HTML, with positions.

The pinned cmarkgfm has no node API, so the Markdown is rendered with source positions and the
HTML is read with Lexbor (selectolax), the parser the post-build scan uses too. Links are read
from the safe rendering, and from an UNSAFE one when cmark blanked a dangerous target, so that
it can be judged; raw HTML is found in the safe rendering, where cmark replaces each piece by a
'<!-- raw HTML omitted -->'. Texts that nest deeper than MAX_DEPTH are not parsed at all.

Everything here is linear in the length of the text: no regular expressions, every search
moves a cursor forward or has a fixed budget.
"""

from __future__ import annotations

import functools
import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from urllib.parse import unquote

from cmarkgfm.cmark import Options
from selectolax.lexbor import LexborHTMLParser

from . import gfm

_LINKS_OPTIONS = Options.CMARK_OPT_SOURCEPOS | Options.CMARK_OPT_UNSAFE
_SAFE_OPTIONS = Options.CMARK_OPT_SOURCEPOS
_RAW_OMITTED = "raw HTML omitted"
_PARENT_STEPS = 64  # how far up to look for the enclosing block; deeper nesting falls back
_MISS_BUDGET = 8  # full-range searches per block that may fail; then only a fixed window is searched
_WINDOW = 4096
MAX_DEPTH = 40  # nested blocks and inline elements; HTML5 parsers slow down quadratically with depth
# Over cmark's own output (safe mode: every tag is cmark's, text '<' is escaped), so a plain scan is exact.
# No nested quantifiers: linear. Void elements (br, hr, img, input) are not counted.
_CONTAINER_TAG = re.compile(r"<(/?)(?:a|blockquote|code|del|em|h[1-6]|li|ol|p|pre|strong|table|tbody|td|th|thead|tr|ul)[ >]")


@dataclass(frozen=True)
class Target:
    """A link or an image as cmark renders it."""

    image: bool
    label: str  # the link text, or the image's alt text
    url: str  # the href/src as the browser receives it (entities decoded)
    line: int  # 1-based, in the Markdown text
    col: int


@dataclass(frozen=True)
class RawHtml:
    line: int
    col: int
    tag: str  # lowercased tag name; '!--' for a comment, '' when unknown


class _Source:
    """The Markdown text with its line starts, for turning line:col into offsets and back."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        index = text.find("\n")
        while index != -1:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)

    def offset(self, line: int, col: int) -> int:
        line = min(max(line, 1), len(self.starts))
        return min(self.starts[line - 1] + max(col, 1) - 1, len(self.text))

    def line_end(self, line: int) -> int:
        line = min(max(line, 1), len(self.starts))
        return self.starts[line] - 1 if line < len(self.starts) else len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _parse(rendered: str) -> LexborHTMLParser:
    """Parse cmark's HTML fragment. The leading <body> keeps a comment at the very start inside the
    body, where the traversal finds it (before <html> it would be a sibling of the root)."""
    return LexborHTMLParser("<body>" + rendered)


def _sourcepos(node) -> tuple[int, int, int, int] | None:
    value = node.attributes.get("data-sourcepos") if node.tag != "-text" else None
    if not value:
        return None
    try:
        start, end = value.split("-")
        sl, sc = start.split(":")
        el, ec = end.split(":")
        return int(sl), int(sc), int(el), int(ec)
    except ValueError:
        return None


def _block_of(node, fallback):
    current = node.parent
    for _ in range(_PARENT_STEPS):
        if current is None:
            break
        pos = _sourcepos(current)
        if pos is not None:
            return current, pos
        current = current.parent
    return fallback


def _label(node) -> str:
    text = node.text(deep=True, separator="")
    if text.strip():
        return text
    for img in node.css("img"):
        if (img.attributes.get("alt") or "").strip():
            return img.attributes["alt"]
    return text


class _Finder:
    """Finds target texts inside their block, moving forward so that the total work stays linear."""

    def __init__(self, source: _Source):
        self.source = source
        self.cursor: dict[tuple, int] = {}
        self.misses: dict[tuple, int] = {}

    def find(self, key: tuple, pos: tuple[int, int, int, int], needles: list[str]) -> int | None:
        start = max(self.cursor.get(key, 0), self.source.offset(pos[0], pos[1]))
        end = self.source.line_end(pos[2])
        if self.misses.get(key, 0) >= _MISS_BUDGET:
            end = min(end, start + _WINDOW)
        for needle in needles:
            if needle and len(needle) <= end - start:
                found = self.source.text.find(needle, start, end)
                if found != -1:
                    self.cursor[key] = found + len(needle)
                    return found
        self.misses[key] = self.misses.get(key, 0) + 1
        return None


# Every link needs one of these: inline '[x](y)', a definition for references, '<…>' autolinks,
# and GitHub's autolinks of www., scheme:// and e-mail addresses.
Definitions = dict[str, tuple[int, int]]  # decoded destination -> line, col where it is written


@functools.lru_cache(maxsize=8)
def _safe(text: str) -> str:
    """cmark's safe rendering with source positions; the rules ask for it several times per text."""
    return gfm.to_html(text, _SAFE_OPTIONS)


def safe_html(text: str) -> str:
    """What cmark-gfm makes of a text (raw HTML left out), with source positions."""
    return _safe(text)


def first_table(rendered: str) -> tuple[int, int]:
    """Line and column of the first table in cmark's output (its own markup, with source positions)."""
    start = rendered.find('<table data-sourcepos="')
    if start == -1:
        return 1, 1
    value = rendered[start + len('<table data-sourcepos="'): rendered.find('"', start + len('<table data-sourcepos="'))]
    line, _, rest = value.partition(":")
    col = rest.partition("-")[0]
    return (int(line), int(col)) if line.isdigit() and col.isdigit() else (1, 1)


def level_one_headings(text: str) -> list[tuple[int, int]]:
    """Line and column (in text) of every level-1 heading, as cmark-gfm reads them (ATX or Setext)."""
    rendered = _safe(text)
    if "<h1" not in rendered:
        return []
    found = []
    for node in _parse(rendered).css("h1"):
        pos = _sourcepos(node)
        found.append((pos[0], pos[1]) if pos else (1, 1))
    return found


@dataclass(frozen=True)
class TooDeep:
    line: int
    col: int
    marks: bool = False  # too many emphasis marks rather than too deep (MAX_EMPHASIS_MARKS)


@functools.lru_cache(maxsize=8)
def too_deep(text: str) -> TooDeep | None:
    """Where the rendering of text nests deeper than MAX_DEPTH, or None.

    Such a text is not read further: parsing it (here, in the post-build scan, in a browser) would
    cost time quadratic in its depth.
    """
    if _depth_bound(text) <= MAX_DEPTH:
        return None
    marks = _too_many_marks(text)
    if marks is not None:
        return marks
    deep_line = _deep_prefix(text)
    if deep_line is not None:
        return TooDeep(deep_line, 1)
    rendered = _safe(text)
    steps = [-1 if slash else 1 for slash in _CONTAINER_TAG.findall(rendered)]
    if len(steps) <= MAX_DEPTH or max(accumulate(steps)) <= MAX_DEPTH:
        return None
    depth = 0
    for match in _CONTAINER_TAG.finditer(rendered):
        depth += -1 if match.group(1) else 1
        if depth > MAX_DEPTH:
            tag_end = rendered.find(">", match.start())  # the tag's own position, else the block it is in
            at = rendered.rfind('data-sourcepos="', 0, tag_end if tag_end != -1 else len(rendered))
            try:
                line, col = rendered[at + 16 : rendered.index("-", at + 16)].split(":")
                return TooDeep(int(line), int(col))
            except ValueError:
                return TooDeep(1, 1)
    return None


# cmark-gfm's emphasis matching grows faster than linearly with the number of unmatched '*' and '_'
# delimiters ('*_*_*_…': 4 ms at 20 kB, 100 ms at 200 kB, in C, with either binding). No real text
# has thousands of them; such a text is refused before any parser sees it.
MAX_EMPHASIS_MARKS = 5_000


def _too_many_marks(text: str) -> TooDeep | None:
    if text.count("*") + text.count("_") <= MAX_EMPHASIS_MARKS:
        return None
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        seen += line.count("*") + line.count("_")
        if seen > MAX_EMPHASIS_MARKS:
            return TooDeep(number, 1, marks=True)
    return TooDeep(1, 1, marks=True)


def _depth_bound(text: str) -> int:
    """An upper bound on how deep cmark's rendering of text can nest, from counting marks; no rendering.

    Every level needs a mark of its own: a list (ul and li) a '-', '+', '*' or '1.'; a quote a '>';
    emphasis, links and code a '*', '_', '~', '[', '<' or backtick; a table at most four levels.
    Most texts are far below the limit, and need no rendering for this rule.
    """
    ordered = len(_ORDERED_MARK.findall(text)) if "." in text or ")" in text else 0
    lists = text.count("-") + text.count("+") + text.count("*") + ordered
    inline = text.count(">") + text.count("_") + text.count("~") + text.count("[") + text.count("<") + text.count("`")
    return 6 + 2 * lists + inline + (4 if "|" in text else 0)


_ORDERED_MARK = re.compile(r"[0-9][.)]")  # no quantifier: linear
_CONTAINER_MARKS = ">-+* \t"


def _deep_prefix(text: str) -> int | None:
    """The first line that opens more than MAX_DEPTH quotes or list items at once ('> > > …', '- - - … x').

    Found before rendering: cmark would build and print every one of those containers first.
    """
    if len(text) <= MAX_DEPTH:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) <= MAX_DEPTH or line[0] not in _CONTAINER_MARKS:
            continue
        rest = line.lstrip(_CONTAINER_MARKS)
        if not rest:
            continue  # only marks: a thematic break such as '- - -', not a list
        prefix = line[: len(line) - len(rest)] + " "
        if prefix.count(">") + prefix.count("- ") + prefix.count("+ ") + prefix.count("* ") > MAX_DEPTH:
            return number
    return None


def forget() -> None:
    """Drop the cached renderings (for timing each rule as if it ran first)."""
    _safe.cache_clear()
    too_deep.cache_clear()


def links(text: str) -> tuple[list[Target], Definitions]:
    """Every link and image cmark renders from text, at the position of its target where it can be found.

    Also returns the reference definitions ('[x]: url'), used or not, outside code blocks.
    """
    if not ("](" in text or "]:" in text or "<" in text or "www." in text or "://" in text or "@" in text):
        return [], {}
    if too_deep(text):
        return [], {}
    rendered = _safe(text)
    definitions = reference_definitions(text, code_lines(rendered)) if "]:" in text else {}
    if "<a " not in rendered and "<img " not in rendered:
        return [], definitions
    # The safe rendering blanks dangerous targets (href=""); then render again without that, to judge
    # them. Not when the text has raw HTML: that is refused anyway, and would reach the parser unfiltered.
    if ('href=""' in rendered or 'src=""' in rendered) and _RAW_OMITTED not in rendered:
        rendered = gfm.to_html(text, _LINKS_OPTIONS)
    source = _Source(text)
    finder = _Finder(source)
    found: list[Target] = []
    whole = (None, (1, 1, len(source.starts), 1))  # not reached: nesting is bounded by too_deep
    for node in _parse(rendered).css("a, img"):
        attributes = node.attributes
        image = node.tag == "img"
        url = attributes.get("src" if image else "href")
        if url is None:
            continue  # an anchor without href is not a link
        _block, block_pos = _block_of(node, whole)
        label = (attributes.get("alt") or "") if image else _label(node)
        decoded = unquote(url)
        offset = finder.find(block_pos, block_pos, [url, decoded, html.unescape(url)])
        if offset is not None:
            line, col = source.position(offset)
        elif url in definitions or decoded in definitions:
            line, col = definitions.get(url) or definitions[decoded]
        else:
            offset = finder.find(block_pos, block_pos, [label.strip()[:200]])
            line, col = source.position(offset) if offset is not None else block_pos[:2]
        found.append(Target(image, label, url, line, col))
    return found, definitions


def code_lines(rendered: str) -> set[int]:
    """Lines inside code blocks, where nothing is a link definition."""
    if "<pre" not in rendered:
        return set()
    lines: set[int] = set()
    for node in _parse(rendered).css("pre[data-sourcepos]"):
        pos = _sourcepos(node)
        if pos is not None:
            lines.update(range(pos[0], pos[2] + 1))
    return lines


def _unescape(destination: str) -> str:
    """A link destination as cmark decodes it: backslash escapes and entities."""
    out, index = [], 0
    while index < len(destination):
        char = destination[index]
        if char == "\\" and index + 1 < len(destination) and not destination[index + 1].isalnum():
            out.append(destination[index + 1])
            index += 2
            continue
        out.append(char)
        index += 1
    return html.unescape("".join(out))


def reference_definitions(text: str, skip: set[int]) -> dict[str, tuple[int, int]]:
    """Destinations of '[label]: destination' definitions (decoded) and where they are written.

    A plain scan per line, no regular expression: up to three spaces, '[', the label up to an
    unescaped ']', ':', then the destination on this line or the next.
    """
    found: dict[str, tuple[int, int]] = {}
    if "]:" not in text:
        return found
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if number in skip:
            continue
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > 3 or not stripped.startswith("["):
            continue
        index, length = 1, len(stripped)
        while index < length and stripped[index] != "]":
            index += 2 if stripped[index] == "\\" else 1
        if index + 1 >= length or stripped[index + 1] != ":":
            continue
        rest_at = len(line) - length + index + 2
        dest_line, rest = number, line[rest_at:]
        if not rest.strip() and number < len(lines):
            dest_line, rest_at, rest = number + 1, 0, lines[number]
        col = rest_at + (len(rest) - len(rest.lstrip(" \t"))) + 1
        rest = rest.strip(" \t")
        if rest.startswith("<"):
            close = rest.find(">")
            destination = rest[1:close] if close != -1 else rest[1:]
        else:
            destination = rest.split(" ", 1)[0].split("\t", 1)[0]
        found.setdefault(_unescape(destination), (dest_line, col))
    return found


# --- raw HTML --------------------------------------------------------------------------------

_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAME_REST = _NAME_START | frozenset("0123456789-")
_AFTER_NAME = frozenset(" \t\n/>")


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Backtick code spans in text[start:end], paired as CommonMark pairs them, in one pass.

    Each run of n backticks opens a span closed by the next run of exactly n backticks; runs are
    indexed by length first, so no run is looked at more than twice.
    """
    runs: list[tuple[int, int]] = []
    index = text.find("`", start, end)
    while index != -1:
        stop = index
        while stop < end and text[stop] == "`":
            stop += 1
        runs.append((index, stop - index))
        index = text.find("`", stop, end)
    by_length: dict[int, list[int]] = {}
    for number, (_at, length) in enumerate(runs):
        by_length.setdefault(length, []).append(number)
    pointer = dict.fromkeys(by_length, 0)
    spans, number = [], 0
    while number < len(runs):
        at, length = runs[number]
        same = by_length[length]
        while pointer[length] < len(same) and same[pointer[length]] <= number:
            pointer[length] += 1
        if pointer[length] < len(same):
            closing = same[pointer[length]]
            spans.append((at, runs[closing][0] + length))
            number = closing + 1
        else:
            number += 1
    return spans


def _tags_in(text: str, start: int, end: int) -> list[tuple[int, str, bool]]:
    """Tag-like starts in text[start:end], outside code spans: (offset, lowercased name, is closing)."""
    out = []
    spans = _code_spans(text, start, end) if "`" in text[start:end] else []
    span = 0
    index = text.find("<", start, end)
    while index != -1:
        while span < len(spans) and spans[span][1] <= index:
            span += 1
        before = text[max(start, index - 6) : index].rstrip(" \t\n")
        if (span < len(spans) and spans[span][0] <= index) or before.endswith(("\\", "](", "]:")):
            index = text.find("<", index + 1, end)
            continue
        after = index + 1
        closing = after < end and text[after] == "/"
        if closing:
            after += 1
        if text.startswith("!--", index + 1):
            out.append((index, "!--", False))
        elif after < end and text[after] in _NAME_START:
            stop = after + 1
            while stop < end and text[stop] in _NAME_REST:
                stop += 1
            if stop >= end or text[stop] in _AFTER_NAME:
                out.append((index, text[after:stop].lower(), closing))
        elif not closing and after < end and text[after] in "?!":
            out.append((index, "", False))
        index = text.find("<", index + 1, end)
    return out


def raw_html(text: str) -> list[RawHtml]:
    """Raw HTML that cmark would pass through: where each piece is and which tag it opens."""
    if "<" not in text:
        return []
    rendered = _safe(text)
    if _RAW_OMITTED not in rendered or too_deep(text):
        return []
    source = _Source(text)
    spans: list[tuple[int, int]] = []  # (start, end) offsets of source that hold raw HTML
    tree = _parse(rendered)
    for node in tree.root.traverse(include_text=False) if tree.root is not None else ():
        if node.tag == "-comment" and _RAW_OMITTED in (node.comment_content or ""):
            span = _span(node, source)
            if span not in spans[-8:]:
                spans.append(span)
    found: list[RawHtml] = []
    for start, end in dict.fromkeys(spans):
        tags = _tags_in(text, start, end)
        opening = [t for t in tags if not t[2]] or tags[:1]
        if not opening:
            found.append(RawHtml(*source.position(start), ""))
        for offset, name, _closing in opening:
            found.append(RawHtml(*source.position(offset), name))
    return found


_LEAF_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th"))


def _span(node, source: _Source) -> tuple[int, int]:
    """Where the raw HTML a comment stands for is written.

    Inline HTML: the paragraph (or heading, cell) it is in. An HTML block has no source position of
    its own: it lies between the blocks before and after it, inside its parent.
    """
    block = _block_of(node, None)
    if block is not None and block[0].tag in _LEAF_BLOCKS:
        pos = block[1]
        return source.offset(pos[0], pos[1]), source.line_end(pos[2])
    child = node  # the ancestor of node that is a direct child of the enclosing block
    for _ in range(_PARENT_STEPS):
        parent = child.parent
        if parent is None or (block is not None and parent == block[0]) or parent.tag in ("body", "html"):
            break
        child = parent
    first, last = (block[1][0], block[1][2]) if block is not None else (1, len(source.starts))
    previous, steps = child.prev, 0
    while previous is not None and _sourcepos(previous) is None and steps < _PARENT_STEPS:
        previous, steps = previous.prev, steps + 1
    if previous is not None and _sourcepos(previous) is not None:
        first = max(first, _sourcepos(previous)[2] + 1)
    following, steps = child.next, 0
    while following is not None and _sourcepos(following) is None and steps < _PARENT_STEPS:
        following, steps = following.next, steps + 1
    if following is not None and _sourcepos(following) is not None:
        last = max(first, min(last, _sourcepos(following)[0] - 1))
    start, end = source.offset(first, 1), source.line_end(last)
    text = source.text
    while start < end and text[start] in " \t\n":
        start += 1
    # Most HTML blocks end at a blank line; those that open with these run to their end marker.
    if not any(text.startswith(opener, start) or text.startswith(opener.upper(), start) for opener in _LONG_BLOCKS):
        blank = text.find("\n\n", start, end)
        end = end if blank == -1 else blank
    return start, end


_LONG_BLOCKS = ("<script", "<pre", "<style", "<textarea", "<!--", "<?", "<![cdata[")

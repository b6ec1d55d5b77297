"""After the stamp: explain the glossary's abbreviations on every page, and add the reader's words for search.

Two things, both on the built HTML, so that every render path is covered the same way (cmark-gfm for
items, the templates for overviews, Python-Markdown for hand-written pages):

1. The first occurrence of each glossary abbreviation in a page's article is wrapped in
   `<abbr class="kb-begrip" title="term: uitleg" data-begrip="…/begrippen/#key">`. Only text nodes are
   touched, found with Lexbor, never inside a link, code, a button, the hidden search parts or
   another <abbr>; attributes and <title> are not text nodes of the article at all. The new
   element is built with every value escaped. assets/begrippen.js makes it open on a tap.
2. Each item page gets one hidden element at the end of its article, `<div class="kb-zoektermen"
   hidden data-pagefind-weight="0.5">`, with words a reader may search for that the text lacks: the
   full form of each abbreviation it uses and the other way round, the glossary's synonyms, and the
   parts of its long compounds that are words elsewhere on the site (`rijkssubsidie` → `subsidie`).
   Its weight (SEARCH_TERMS_WEIGHT) is below that of any visible text, so a hit there ranks last; the
   search page can tell such a hit by that weight and show the summary instead of an excerpt.

Word finding is glossary.WORD (a run of letters, linear). A page is only rewritten when something
was added; its article is parsed once, everything outside the article is kept byte for byte.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel
from selectolax.lexbor import LexborHTMLParser

from .fields import vocabulary_fields
from .glossary import WORD, Entry, Glossary
from .markup import relative
from .model import Item
from .render.glossary_page import GLOSSARY_URL
from .render.pages import ItemPage, Rendered

ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'
ARTICLE_CLOSE = "</article>"
SEARCH_TERMS_CLASS = "kb-zoektermen"
SEARCH_TERMS_META = "zoektermen"  # Pagefind metadata: how many hidden words end the page
SEARCH_TERMS_WEIGHT = "0.1"  # text weighs 1, headings 5-7, an item's title 10 (Pagefind's scale 0-10)
ABBR_CLASS = "kb-begrip"
# Text inside these is never annotated: links and buttons (a tap must not both follow and explain),
# code, the theme's and our own hidden parts, and what is already an explanation.
_SKIP_TAGS = frozenset({"a", "button", "code", "pre", "kbd", "samp", "script", "style", "template", "textarea",
                        "abbr", "dfn", "svg", "math", "select", "option", "label", "title", "nav"})
MIN_COMPOUND = 9  # letters; shorter words are rarely compounds
MIN_PART = 4  # letters of a compound's part, so 'rijkssubsidie' never yields 'ijks'
MIN_HEAD = 7  # letters of a known first part after which an unknown rest still counts as a part
MAX_WORD = 60  # longer 'words' are not Dutch words but noise; they are not split (keeps it linear)


@dataclass
class Annotator:
    glossary: Glossary
    site_words: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.abbreviations = self.glossary.abbreviations()
        self.phrases = []  # (entry, its one-word forms, its longer forms), lowercase
        for entry in self.glossary.begrippen.values():
            forms = _phrases(entry)
            self.phrases.append((entry, frozenset(f for f in forms if " " not in f), [f for f in forms if " " in f]))
        self._parts: dict[str, list[str]] = {}  # per word, once per build: items share most of their words
        # One abbreviation as a whole word: fixed strings (escaped), longest first, between two
        # non-letters. No quantifier anywhere, so no backtracking: at each position at most one try
        # per abbreviation, linear in the text. The leading class of first letters rules out most
        # positions in one step (three times faster on a page than trying every abbreviation there).
        names = sorted(self.abbreviations, key=len, reverse=True)
        firsts = "".join(sorted({re.escape(name[0]) for name in names}))
        self.pattern = re.compile(rf"(?=[{firsts}])(?<![^\W\d_])(?:" + "|".join(map(re.escape, names)) + r")(?![^\W\d_])") \
            if names else re.compile(r"(?!)")

    # --- <abbr> ---------------------------------------------------------------------------

    def abbr(self, word: str, key: str, entry: Entry, page_url: str) -> str:
        title = f"{entry.term}: {entry.uitleg}" if entry.term != word else entry.uitleg
        link = relative(page_url, f"{GLOSSARY_URL}#{key}")
        return (f'<abbr class="{ABBR_CLASS}" title="{html.escape(title, quote=True)}" '
                f'data-begrip="{html.escape(link, quote=True)}">{html.escape(word)}</abbr>')

    def candidates(self, article: str) -> set[str]:
        """The glossary's abbreviations that occur as whole words anywhere in an article's HTML, in one
        linear pass: a page without any is never parsed. A superset of those in its text, since an
        abbreviation is letters only and letters are never escaped; explain() looks at text only."""
        return set(self.pattern.findall(article))

    def explain(self, root, page_url: str, wanted: set[str]) -> bool:
        """Wrap the first occurrence of each wanted abbreviation in the text nodes under root; True if any was."""
        remaining = set(wanted)
        edits = []
        for node in root.traverse(include_text=True):
            if not remaining:
                break  # every wanted abbreviation has its explanation: the rest of the page stays as it is
            if node.tag != "-text":
                continue
            text = node.text_content or ""
            pieces, last = [], 0
            for match in self.pattern.finditer(text):
                word = match.group()
                if word not in remaining:
                    continue
                if not pieces and _skipped(node):
                    break
                remaining.discard(word)
                key, entry = self.abbreviations[word]
                pieces += [text[last:match.start()], self.abbr(word, key, entry, page_url)]
                last = match.end()
            if pieces:
                edits.append((node, pieces, text[last:]))
        for node, pieces, rest in edits:  # after the walk: the tree is not changed while it is walked
            for position, piece in enumerate(pieces):
                if position % 2 == 0:
                    if piece:
                        node.insert_before(piece)  # a text node: the DOM escapes it
                else:
                    node.insert_before(LexborHTMLParser(piece).css_first("abbr"))
            if rest:
                node.insert_before(rest)
            node.decompose()
        return bool(edits)

    # --- hidden search terms ----------------------------------------------------------------

    def search_terms(self, text: str) -> list[str]:
        """Words a reader may search for that find this text: glossary forms and compound parts.

        Each word once, and only words the text lacks: a word the reader already sees must not
        weigh more on this page than on any other (the hidden words add to its score).
        """
        # A soft hyphen (U+00AD, a line-break hint in long words) is not a letter: one word stays one.
        found = WORD.findall(text.replace("\xad", ""))
        exact = set(found)
        lowered = [w.casefold() for w in found]
        flat = " " + " ".join(lowered) + " "
        seen = set(lowered)
        terms: list[str] = []

        def add(word: str) -> None:
            if word.casefold() not in seen:
                seen.add(word.casefold())
                terms.append(word)

        for entry, single, phrases in self.phrases:
            if ((entry.afkorting and entry.afkorting in exact) or not single.isdisjoint(seen)
                    or any(f" {p} " in flat for p in phrases)):
                for form in (entry.term, entry.afkorting, *entry.synoniemen):
                    for word in WORD.findall(form or ""):
                        add(word)
        for word in dict.fromkeys(lowered):
            if len(word) < MIN_COMPOUND:
                continue
            if word not in self._parts:
                self._parts[word] = compound_parts(word, self.site_words)
            for part in self._parts[word]:
                add(part)
        return terms

    def hidden_terms(self, text: str) -> str:
        terms = self.search_terms(text)
        if not terms:
            return ""
        # The number of words rides along as metadata: they are the last words of the page's indexed
        # text, so the search page can leave them out of every excerpt (kennisbank.js, excerptOf).
        return (f'<div class="{SEARCH_TERMS_CLASS}" hidden data-pagefind-weight="{SEARCH_TERMS_WEIGHT}" '
                f'data-pagefind-meta="{SEARCH_TERMS_META}:{len(terms)}">' + html.escape(" ".join(terms)) + "</div>\n")


def _phrases(entry: Entry) -> list[str]:
    """The entry's term and synonyms as lowercase word sequences, to look for in a page's words."""
    out = []
    for form in (entry.term, *entry.synoniemen):
        words = [w.casefold() for w in WORD.findall(form)]
        if words:
            out.append(" ".join(words))
    return out


def _skipped(node) -> bool:
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        attributes = parent.attributes
        if parent.tag in _SKIP_TAGS or "hidden" in attributes:
            return True
        parent = parent.parent
    return False


def compound_parts(word: str, site_words: frozenset[str]) -> list[str]:
    """The parts of a long word that are words of the site: 'gezondheidscentrum' → 'gezondheid', 'centrum'.

    A split counts when both sides are words of the site (the first side also without a Dutch
    linking 's' or 'e'): 'rijkssubsidie' → 'rijk', 'subsidie'. One more split per word: after the
    longest known first part of at least MIN_HEAD letters, the rest, even when the site never uses it
    alone ('gezondheids|centrum'). Shorter first parts ('zelf|standig') would mostly yield noise.
    At most MAX_WORD cuts of at most MAX_WORD letters: bounded work per word.
    """
    if not MIN_COMPOUND <= len(word) <= MAX_WORD:
        return []
    parts: dict[str, None] = {}
    longest: tuple[str, str] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        known_head = head if head in site_words else None
        if known_head is None and head[-1] in "se" and len(head) > MIN_PART and head[:-1] in site_words:
            known_head = head[:-1]
        if known_head is None:
            continue
        if tail in site_words:
            parts[known_head] = parts[tail] = None
        # A rest that starts with a linking letter ('samenwerking|sfase') waits for the next cut ('…s|fase').
        if len(known_head) >= MIN_HEAD and len(tail) >= MIN_PART and (known_head != head or tail[0] not in "sen"):
            longest = (known_head, tail)
    if longest is not None:
        parts[longest[0]] = parts[longest[1]] = None
    parts.pop(word, None)
    return list(parts)


def site_vocabulary(texts: Iterable[str], glossary: Glossary) -> frozenset[str]:
    """Every lowercase word of at least MIN_PART letters on the item pages and in the glossary."""
    words: set[str] = set()
    for text in texts:
        words.update(WORD.findall(text.casefold()))
    for entry in glossary.begrippen.values():
        for text in (entry.term, entry.uitleg, *entry.synoniemen):
            words.update(WORD.findall(text.casefold()))
    return frozenset(word for word in words if len(word) >= MIN_PART)


def _article_span(page_html: str) -> tuple[int, int] | None:
    start = page_html.find(ARTICLE_OPEN)
    end = page_html.rfind(ARTICLE_CLOSE)
    if start == -1 or end < start or page_html.count(ARTICLE_OPEN) != 1:
        return None
    return start + len(ARTICLE_OPEN), end


def annotate_article(article: str, page_url: str, annotator: Annotator, search_text: str | None = None) -> str:
    """One article: abbreviations explained, and (items: search_text given) hidden search terms."""
    wanted = annotator.candidates(article)
    tree = LexborHTMLParser(article) if wanted else None
    changed = tree is not None and tree.body is not None and annotator.explain(tree.body, page_url, wanted)
    hidden = annotator.hidden_terms(search_text) if search_text is not None else ""
    if not changed and not hidden:
        return article
    return (tree.body.inner_html if changed else article).rstrip("\n") + "\n" + hidden


def annotate_page(path: Path, page_url: str, annotator: Annotator) -> bool:
    """Rewrite one built page's article in place (hand-written pages, built by the engine)."""
    page_html = path.read_text(encoding="utf-8")
    span = _article_span(page_html)
    if span is None:
        return False
    start, end = span
    article = page_html[start:end]
    new = annotate_article(article, page_url, annotator)
    if new == article:
        return False
    path.write_text(page_html[:start] + new + page_html[end:], encoding="utf-8")
    return True


# Fields whose words are not read on the page as text: keys (vocabularies, ids, related items) and
# the source, which the page shows in a part the search leaves out (the source line).
_NOT_SEARCHED = frozenset({"id", "gerelateerd", "bron"})


def item_text(item: Item) -> str:
    """The words a reader can find on an item's page, from the content itself: its title, summary,
    text and other text fields; not vocabulary keys ('poh') or the source, which the search does not
    index there. Read from the validated model, so nothing is parsed or rendered twice."""
    skipped = _NOT_SEARCHED | {name for name, _vocabulary in vocabulary_fields(type(item.meta)) if "." not in name}
    texts = [item.body]
    for name, value in item.meta.__dict__.items():
        if name in skipped:
            continue
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, str):
                texts.append(entry)
            elif isinstance(entry, BaseModel):
                texts += [v for v in entry.__dict__.values() if isinstance(v, str)]
    return "\n".join(texts)


class BuildAnnotation:
    """The glossary's work for one build, applied to each page as it is rendered (render/__init__.py):
    item pages before they are stamped and indexed (render/lazy.py renders them then), overview pages
    when made. Hand-written pages, built by the engine, are rewritten after the stamp (annotate_built)."""

    def __init__(self, glossary: Glossary, items: list[Item]):
        self.annotator = Annotator(glossary, site_vocabulary(map(item_text, items), glossary))

    def item(self, page: ItemPage, item: Item) -> ItemPage:
        return replace(page, article=annotate_article(page.article, page.url, self.annotator, item_text(item)))

    def overview(self, page: ItemPage) -> ItemPage:
        if page.url == GLOSSARY_URL:  # the glossary explains itself
            return page
        return replace(page, article=annotate_article(page.article, page.url, self.annotator))


def annotate_built(site_dir: Path, rendered: Rendered) -> int:
    """The engine's own pages (home, hand-written pages): every index.html the stamp did not write."""
    annotation = getattr(rendered, "annotation", None)
    if annotation is None:
        return 0
    stamped = set(rendered.stamped_urls())
    changed = 0
    for path in sorted(site_dir.rglob("index.html")):
        url = path.parent.relative_to(site_dir).as_posix() + "/"
        url = "" if url == "./" else url
        if url not in stamped and not url.startswith(("assets/", "pagefind/")):
            changed += annotate_page(path, url, annotation.annotator)
    return changed

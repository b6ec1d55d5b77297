"""Stage 4b, stamp: pour every page into the theme's shell, then prove each page is its own.

The engine (Material or Zensical, engines.py) and the theme render shells: pages whose title,
description, text and one heading are this build's unguessable token and nothing else
(render.shell_text). There is one shell per item type,
shared by all its items, and one per overview page. This stage first parses each shell once with
Lexbor and checks the theme contract (check_contract: one title, description and canonical link,
a table of contents, one article holding the shell's own text and nothing the theme added), then
cuts it once into fixed pieces at the token, and joins the pieces with the page's own values, each
escaped for its place (element text, attribute, URL). The joined values are never searched again, so no content can
break out of its place, whatever words it contains. Plain string work, linear in the number of pages.

Every stamped page is parsed and checked (title, description, canonical URL, table of contents,
sitemap entry), and no token may be left anywhere in the site. Any difference fails the build,
naming the page. No page may exceed MAX_PAGE_BYTES either. A whole build verifies its pages on the
parse of the post-build scan (PageVerifier, one parse per page, while Pagefind indexes); `make
serve`, which restamps pages of the live preview, verifies each before it is written.
"""

from __future__ import annotations

import gzip
import itertools
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from .fsguard import thousands
from .markup import Heading
from .postbuild import MAX_NESTING, MAX_PAGE_BYTES, nesting_depth
from .render import SHELL_BODY, SHELL_DESCRIPTION, SHELL_HEADING, SHELL_ID, SHELL_TITLE, TOKEN, ItemPage, Rendered
from .share import head as share_head

_ARTICLE_CLASS = "md-content__inner"
_ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'
_SKIP_TARGET = "__skip"  # Zensical's target of the skip link, the first thing inside <article>
_TOC_OPEN = '<ul class="md-nav__list" data-md-component="toc"'
_CANONICAL = '<link rel="canonical" href="'
# Kinds of places a value goes into: element text and attributes (escaped alike, quotes too),
# a fragment link to the h1, the canonical URL.
_TEXT, _DESCRIPTION, _ANCHOR, _CANONICAL_URL, _HEADING_ID, _HEADING_TEXT, _TOC = (
    "tekst", "beschrijving", "anker", "canonical", "kop-id", "kop-tekst", "inhoudsopgave")


class StampError(Exception):
    """The theme's HTML no longer has the shape the stamp stage expects, or a stamped page is not its own."""


Pieces = tuple[tuple[str, str | None], ...]  # (fixed text, kind of value after it or None)


def _cut(text: str, token: str, word: str, kind_after_hash: str, kind: str) -> list[tuple[str, str | None]]:
    """Cut text at every token+word: after 'href="#' it is a fragment link, elsewhere `kind`."""
    marker = token + word
    parts = text.split(marker)
    pieces = []
    for number, part in enumerate(parts):
        if number == len(parts) - 1:
            pieces.append((part, None))
        else:
            pieces.append((part, kind_after_hash if part.endswith('href="#') else kind))
    return pieces


def _join(pieces: Pieces, values: dict[str, str]) -> str:
    return "".join(fixed + (values[kind] if kind else "") for fixed, kind in pieces)


def _count(pieces: Pieces, kind: str) -> int:
    return sum(1 for _fixed, k in pieces if k == kind)


@dataclass(frozen=True)
class Shell:
    head: Pieces  # up to and including the opening of the article; the table(s) of contents are places too
    toc_item: Pieces  # the theme's markup of one entry of the table of contents
    tail: str  # from the end of the article to the end of the page
    base: str  # the site URL, from the shell's own canonical URL
    site_name: str  # what the theme puts after the page title in <title>

    @classmethod
    def parse(cls, html_text: str, own_url: str, token: str) -> Shell:
        """Cut a shell the engine rendered at own_url ('tips/kb-sjabloon/') into fixed pieces.

        The parser says what the shell is (one article with only the shell's own text in it, one
        title, description and canonical link, one or two tables of contents); the cut is made
        at the places it found, and only there.
        """
        tree = LexborHTMLParser(html_text)
        check_contract(tree, own_url, token)
        article = html_text.find(_ARTICLE_OPEN)
        end_article = html_text.rfind("</article>")
        if (article == -1 or end_article < article or html_text.count(_ARTICLE_OPEN) != 1
                or html_text.count(_CANONICAL) != 1):
            raise StampError(f"{own_url}: het thema maakt geen <article> of canonical link meer; de stempel past niet")
        cut = article + len(_ARTICLE_OPEN)
        if tree.css_first(f"article.{_ARTICLE_CLASS} > a#{_SKIP_TARGET}") is not None:
            # Zensical's skip link points at an empty anchor at the top of the article: it stays,
            # as part of the fixed text before the page's own article.
            cut = html_text.find("</a>", cut) + len("</a>")
            before_h1 = LexborHTMLParser(html_text[article:cut] + "</article>").css_first("article")
            anchors = [node for node in before_h1.iter() if node.tag != "-text"] if before_h1 else []
            if (before_h1 is None or before_h1.text(strip=True) or len(anchors) != 1
                    or anchors[0].attributes.get("id") != _SKIP_TARGET or anchors[0].child is not None):
                raise StampError(f"{own_url}: het anker van de overslaglink staat niet vooraan in <article>")
        head_text, tail = html_text[:cut], html_text[end_article:]
        if token in tail:
            raise StampError(f"{own_url}: het thema zet de paginatitel op een onverwachte plaats")
        # The theme shows the table of contents in the sidebar, and for pages in the navigation once
        # more inside it (for small screens). Each is a place where our own entries go.
        chunks, entries, position = [], set(), 0
        while (toc := head_text.find(_TOC_OPEN, position)) != -1:
            toc_end = head_text.find(">", toc) + 1
            end_toc = head_text.find("</ul>", toc_end)
            if end_toc == -1:
                raise StampError(f"{own_url}: de inhoudsopgave van het thema wordt niet afgesloten; de stempel past niet")
            chunks.append(head_text[position:toc_end])
            entries.add(head_text[toc_end:end_toc])
            position = end_toc
        chunks.append(head_text[position:])
        if not 1 <= len(chunks) - 1 <= 2 or len(entries) != 1:
            raise StampError(f"{own_url}: het thema maakt geen (of een onverwachte) inhoudsopgave; de stempel past niet")
        entry = entries.pop()
        start_item, end_item = entry.find('<li class="md-nav__item">'), entry.rfind("</li>")
        if token + SHELL_HEADING not in entry or start_item == -1:
            raise StampError(f"{own_url}: de inhoudsopgave van het sjabloon mist het voorbeeldkopje")
        head: list[tuple[str, str | None]] = []
        base = None
        for number, chunk in enumerate(chunks):
            before, found, rest = chunk.partition(_CANONICAL)
            canonical, _, after = rest.partition('"')
            if found:
                if not canonical.endswith("/" + own_url):
                    raise StampError(f"{own_url}: de canonical link van het sjabloon is {canonical!r}")
                base = canonical.removesuffix(own_url)
                head += _cut_values(before, token)
                head[-1] = (head[-1][0] + _CANONICAL, _CANONICAL_URL)
                chunk = '"' + after
            head += _cut_values(chunk, token)
            if number < len(chunks) - 1:
                head[-1] = (head[-1][0], _TOC)
        head_pieces = tuple(head)
        if base is None:
            raise StampError(f"{own_url}: de canonical link staat niet in de kop van de pagina")
        # Exactly the places we know: the description once, a fragment link to the h1 at most once,
        # the title in <title> and in the header, not more.
        if (_count(head_pieces, _DESCRIPTION) != 1 or _count(head_pieces, _ANCHOR) > 1
                or _count(head_pieces, _TEXT) > 2 or _count(head_pieces, _CANONICAL_URL) != 1):
            raise StampError(f"{own_url}: het thema zet titel of beschrijving op onverwachte plaatsen")
        if not any(fixed.endswith('<meta name="description" content="') for fixed, kind in head_pieces if kind == _DESCRIPTION):
            raise StampError(f"{own_url}: de beschrijving staat niet in <meta name=\"description\">")

        toc_item = tuple(_cut(entry[start_item:end_item + len("</li>")], token, SHELL_HEADING, _HEADING_ID, _HEADING_TEXT))
        if _count(toc_item, _HEADING_ID) != 1 or _count(toc_item, _HEADING_TEXT) != 1:
            raise StampError(f"{own_url}: de inhoudsopgave van het sjabloon heeft een onverwachte vorm")
        title = tree.css_first("head > title")  # the one parse of this shell
        title_text = title.text() if title else ""
        if not title_text.startswith(token + SHELL_TITLE + " - "):
            raise StampError(f"{own_url}: de <title> van het sjabloon heeft een onverwachte vorm")
        return cls(head_pieces, toc_item, tail, base, title_text.partition(" - ")[2])

    def toc(self, headings: tuple[Heading, ...]) -> str:
        """Entries like the theme's own: h2 at the top, h3 nested below the h2 before it."""
        def entry(heading: Heading, children: list[Heading]) -> str:
            markup = _join(self.toc_item, {_HEADING_ID: escape(heading.id, quote=True), _HEADING_TEXT: escape(heading.text)})
            if children:
                nested = "".join(entry(child, []) for child in children)
                label = escape(heading.text, quote=True)
                # The entry's own markup is the theme's (no content in it), so its last </li> is the one.
                cut = markup.rfind("</li>")
                markup = (markup[:cut] + f'<nav class="md-nav" aria-label="{label}"><ul class="md-nav__list">'
                          f"{nested}</ul></nav>\n" + markup[cut:])
            return markup

        return "".join(entry(top, children) for top, children in toc_tree(headings))

    def page(self, page: ItemPage) -> str:
        values = {_TEXT: escape(page.title, quote=True), _DESCRIPTION: escape(page.description, quote=True),
                  _ANCHOR: escape(page.h1_id, quote=True), _CANONICAL_URL: escape(self.base + page.url, quote=True)}
        values[_TOC] = self.toc(page.toc)
        return _join(self.head, values) + "\n" + page.article + self.tail


# Known theme features that render inside <article>, by the markup they add there. The stamp puts
# each page's own article in place of the shell's, so all of this would silently disappear.
ARTICLE_FEATURES = (
    ("a.md-content__button[rel=edit]", "de knop 'Bewerk deze pagina' (theme.features: content.action.edit)"),
    ("a.md-content__button", "de knop 'Bekijk de bron' (theme.features: content.action.view)"),
    ("nav.md-path", "het kruimelpad (theme.features: navigation.path)"),
    ("nav.md-tags", "de tags (plugin tags)"),
    (".md-source-file", "de datum van de laatste wijziging (plugin git-revision-date of git-committers)"),
    ("form.md-feedback", "het feedbackformulier (extra.analytics.feedback)"),
    ("#__comments, .giscus", "het commentaarblok (partials/comments.html)"),
)


def check_contract(tree: LexborHTMLParser, own_url: str, token: str) -> None:
    """What the stamp relies on in a shell, checked with the parser; a Dutch StampError otherwise.

    The shell's article must hold the shell's own text and nothing else: its h1, its one paragraph
    and its one h2 (and Zensical's empty skip-link anchor first).
    """
    def fail(what: str) -> None:
        raise StampError(f"{own_url}: {what}; de stempel past niet bij dit thema")

    for selector, what in (("head > title", "<title>"), ('head > meta[name="description"]', '<meta name="description">'),
                           ('head > link[rel="canonical"]', "de canonical link")):
        if len(tree.css(selector)) != 1:
            fail(f"het thema zet niet precies één {what} in <head>")
    articles = tree.css("article")
    if len(articles) != 1 or _ARTICLE_CLASS not in (articles[0].attributes.get("class") or "").split():
        fail(f"het thema maakt niet precies één <article class=\"{_ARTICLE_CLASS}\"> (nu {len(articles)} <article>)")
    article = articles[0]
    for selector, feature in ARTICLE_FEATURES:
        if article.css_first(selector) is not None:
            raise StampError(f"{own_url}: het thema zet {feature} binnen <article>; de stempel vervangt <article> door de "
                             "eigen tekst van elke pagina, dus dit zou stil verdwijnen — zet deze functie uit in mkdocs.yml")
    children = [node for node in article.iter() if node.tag != "-text"]
    shape = [(node.tag, node.attributes.get("id")) for node in children]
    if shape and shape[0] == ("a", _SKIP_TARGET):
        shape = shape[1:]
    if (shape != [("h1", token + SHELL_TITLE), ("p", None), ("h2", token + SHELL_HEADING)]
            or children[-2].text(strip=True) != token + SHELL_BODY):
        extra = ", ".join(f"<{tag}{f' id={id_}' if id_ and token not in id_ else ''}>" for tag, id_ in shape)
        fail(f"in <article> staat iets anders dan de tekst van het sjabloon ({extra}); wat het thema daar toevoegt, "
             "zou de stempel weglaten")
    if not tree.css('ul[data-md-component="toc"]'):
        fail("het thema maakt geen inhoudsopgave (<ul data-md-component=\"toc\">)")


def _cut_values(text: str, token: str) -> list[tuple[str, str | None]]:
    """Cut at the title and the description token; the last piece has no value after it."""
    pieces = []
    for piece, kind in _cut(text, token, SHELL_TITLE, _ANCHOR, _TEXT):
        cut = _cut(piece, token, SHELL_DESCRIPTION, _DESCRIPTION, _DESCRIPTION)
        pieces += cut[:-1] + [(cut[-1][0], kind)]
    return pieces


def toc_tree(headings: tuple[Heading, ...]) -> list[tuple[Heading, list[Heading]]]:
    tops: list[tuple[Heading, list[Heading]]] = []
    for heading in headings:
        if heading.level <= 2 or not tops:
            tops.append((heading, []))
        elif heading.level == 3:
            tops[-1][1].append(heading)
    return tops


def take_shells(site_dir: Path, token: str) -> dict[str, Shell]:
    """Read the item shells mkdocs rendered, and remove them from the site: they are not pages."""
    shells = {}
    for shell_dir in sorted(site_dir.glob(f"*/{SHELL_ID}")):
        folder = shell_dir.parent.name
        text = (shell_dir / "index.html").read_text(encoding="utf-8")
        shells[folder] = Shell.parse(text, f"{folder}/{SHELL_ID}/", token)
        shutil.rmtree(shell_dir)
    return shells


def verify_page(html_text: str, page: ItemPage, shell: Shell) -> list[str]:
    """What is not the page's own in a stamped page, as Dutch sentences (empty when all is well)."""
    return verify_tree(LexborHTMLParser(html_text), page, shell)


def verify_tree(tree: LexborHTMLParser, page: ItemPage, shell: Shell) -> list[str]:
    """verify_page on a page parsed already (the post-build scan's parse: one parse per page)."""
    problems = []
    title = tree.css_first("head > title")
    want_title = f"{page.title} - {shell.site_name}"
    if title is None or title.text() != want_title:
        problems.append(f"<title> is {title.text() if title else None!r}, verwacht {want_title!r}")
    description = tree.css('meta[name="description"]')
    if len(description) != 1 or description[0].attributes.get("content") != page.description:
        problems.append("de beschrijving (<meta name=\"description\">) is niet de samenvatting van de pagina")
    canonical = tree.css('link[rel="canonical"]')
    if len(canonical) != 1 or canonical[0].attributes.get("href") != shell.base + page.url:
        problems.append(f"de canonical URL is niet {shell.base + page.url}")
    h1 = tree.css("article h1")
    if len(h1) != 1 or h1[0].attributes.get("id") != page.h1_id:
        problems.append("de pagina heeft niet precies één eigen <h1>")
    wanted = [f"#{h.id}" for top, children in toc_tree(page.toc) for h in (top, *children)]
    tocs = tree.css('ul[data-md-component="toc"]')
    if not tocs or any([a.attributes.get("href") for a in toc.css("a.md-nav__link")] != wanted for toc in tocs):
        problems.append("de inhoudsopgave noemt niet de eigen kopjes van de pagina")
    return problems


# Extension point for other stages (head tags, structured data, annotations of the article): each
# hook gets a page and its stamped HTML and returns the HTML to write. Hooks run before every check
# of the page (size bound, leftover token, verification, the post-build scan), so whatever a hook
# adds is checked like the rest; a hook must escape what it inserts (html.escape for its place).
PageHook = Callable[[ItemPage, str], str]
PAGE_HOOKS: list[PageHook] = []


def register_page_hook(hook: PageHook) -> PageHook:
    PAGE_HOOKS.append(hook)
    return hook


class PageVerifier:
    """The verification of stamped pages, run by the post-build scan on the tree it parses anyway.

    The whole build writes its pages into a fresh folder that is only swapped into place after the
    scan, so a page may be verified after it is written there; the scan parses every page once
    instead of twice. Every page handed to expect() must be verified: missing() names any that was not.
    """

    def __init__(self) -> None:
        self.expected: dict[str, tuple[ItemPage, Shell]] = {}
        self.verified: set[str] = set()
        self.problems: dict[str, str] = {}  # per page that is not its own: why (the last verdict counts)

    def expect(self, page: ItemPage, shell: Shell) -> None:
        # Without its article: what is verified is title, description, canonical URL, h1 and contents.
        self.expected[f"{page.url}index.html"] = (replace(page, article="", jsonld=None), shell)

    def __call__(self, rel: str, tree: LexborHTMLParser) -> list[str]:
        """A page check for postbuild (Context.page_checks); what it finds is kept in self.problems,
        so that the build reports it as the stamp's failure, not as a problem of the content."""
        expected = self.expected.get(rel)
        if expected is not None:
            self.verified.add(rel)
            self.problems.pop(rel, None)
            if problems := verify_tree(tree, *expected):
                self.problems[rel] = f"{expected[0].url}: " + "; ".join(problems)
        return []

    def absorb(self, other: PageVerifier) -> None:
        """Take over what another verifier (the forked copy's, aside.py) expects and found."""
        self.expected.update(other.expected)
        self.verified |= other.verified
        self.problems.update(other.problems)

    def failures(self) -> list[str]:
        """Every page that is not its own, and every stamped page the scan did not see (it must see all)."""
        unseen = [f"{rel}: deze pagina is gestempeld maar niet gecontroleerd" for rel in sorted(set(self.expected) - self.verified)]
        return [self.problems[rel] for rel in sorted(self.problems)] + unseen


def stamp_pages(site_dir: Path, pages: Iterable[ItemPage], shells: dict[str, Shell], token: str = TOKEN,
                verifier: PageVerifier | None = None) -> int:
    """Write every page into its shell. Raises StampError naming the page.

    Each page is verified before it is written, or, with a verifier, by the post-build scan of the
    build's fresh folder (before anything is swapped into place).
    """
    count = 0
    for page in pages:
        count += 1
        if page.folder not in shells:
            raise StampError(f"geen sjabloonpagina voor {page.folder}")
        depth = nesting_depth(page.article)
        if depth > MAX_NESTING:  # checked before any parse: parsing takes time quadratic in the depth
            raise StampError(f"{page.url}: de inhoud is {depth} niveaus diep genest, de grens is {MAX_NESTING} — "
                             "gebruik minder citaten of lijsten in elkaar")
        html_text = share_head.stamped(shells[page.folder].page(page), page, shells[page.folder].base,
                                       shells[page.folder].site_name)  # link previews, feed, JSON-LD (issue 12)
        for hook in PAGE_HOOKS:
            html_text = hook(page, html_text)
        data = html_text.encode("utf-8")
        size = len(data)
        if size > MAX_PAGE_BYTES:
            raise StampError(f"{page.url}: de pagina wordt {thousands(size)} bytes, meer dan de grens van "
                             f"{thousands(MAX_PAGE_BYTES)} bytes")
        if token in html_text:  # the page holds a placeholder that was not filled (or content had the token)
            raise StampError(f"{page.url}index.html: er staat nog een plaatshouder in")
        if verifier is not None:
            verifier.expect(page, shells[page.folder])
        elif problems := verify_page(html_text, page, shells[page.folder]):
            raise StampError(f"{page.url}: " + "; ".join(problems))
        target = site_dir / page.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return count


def stamp_items(site_dir: Path, items: list[ItemPage], shells: dict[str, Shell], token: str = TOKEN) -> int:
    return stamp_pages(site_dir, items, shells, token)


def overview_shells(site_dir: Path, urls: list[str], token: str) -> dict[str, Shell]:
    """Each overview page mkdocs rendered is its own shell (its folder is its URL)."""
    shells = {}
    for url in urls:
        path = site_dir / url / "index.html"
        if not path.is_file():
            raise StampError(f"{url}: mkdocs heeft deze overzichtspagina niet gemaakt")
        shells[url] = Shell.parse(path.read_text(encoding="utf-8"), url, token)
    return shells


def fix_sitemap(site_dir: Path, pages: list[str], items: list[str], site_url: str) -> None:
    """mkdocs lists the shells, not the items: list every item page instead. Every page must be in it."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        raise StampError("mkdocs heeft geen sitemap.xml gemaakt")
    text = sitemap.read_text(encoding="utf-8")
    # mkdocs' own sitemap, with only the shells' URLs in it: no content value to trip over.
    text = re.sub(rf"\s*<url>\s*<loc>[^<]*/{SHELL_ID}/</loc>.*?</url>", "", text, flags=re.S)
    base = site_url.rstrip("/") + "/"
    entries = "".join(f"\n    <url>\n         <loc>{escape(base + url)}</loc>\n    </url>" for url in items)
    if text.count("</urlset>") != 1:
        raise StampError("sitemap.xml heeft een onverwachte vorm")
    text = text.replace("</urlset>", entries.lstrip("\n") + "\n</urlset>")
    listed = {node.text(strip=True) for node in LexborHTMLParser(text).css("loc")}
    missing = [url for url in pages if base + url not in listed]
    if missing:
        raise StampError(f"{missing[0]}: staat niet in sitemap.xml")
    sitemap.write_text(text, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def no_token_left(site_dir: Path, token: str, checked: frozenset[str] = frozenset()) -> None:
    """No shell's token may survive anywhere in the site: every placeholder was filled.

    checked: pages (relative paths) already checked in memory when they were stamped.
    """
    marker = token.encode("ascii")
    for path in sorted(site_dir.rglob("*")):
        if path.relative_to(site_dir).as_posix() in checked:
            continue
        if path.is_file() and not path.is_symlink() and marker in path.read_bytes():
            raise StampError(f"{path.relative_to(site_dir).as_posix()}: er staat nog een plaatshouder in")


def stamp(site_dir: Path, rendered: Rendered, site_url: str, verifier: PageVerifier | None = None,
          items_written: Callable[[], None] | None = None, aside=None) -> dict[str, Shell]:
    """Fill the freshly built site; returns the item shells, for a live preview that restamps items.

    With a verifier, the pages are verified by the post-build scan (postbuild.Context.page_checks).
    items_written() is called once every item page is written: the search indexer starts then
    (index.Indexer), while the overview pages are stamped.
    aside (aside.Aside, with a verifier): a forked copy of this process stamps the last part of the
    item pages meanwhile.
    """
    # The URLs without the pages: item pages are rendered when stamped and not kept (render/lazy.py).
    item_urls = rendered.item_urls()
    shells = take_shells(site_dir, rendered.token)
    items = rendered.items
    if aside is not None and aside.pid is not None and verifier is not None:
        aside.tell(shells)  # the forked copy (start_aside) stamps the pages from aside.split on
        stamp_pages(site_dir, part(items, 0, aside.split), shells, rendered.token, verifier)
        aside.receive()  # the copy's pages are written too
    else:
        stamp_pages(site_dir, items, shells, rendered.token, verifier)
    if items_written is not None:
        items_written()
    overview_urls = rendered.overview_urls()
    own_shells = overview_shells(site_dir, overview_urls, rendered.token)
    stamp_pages(site_dir, rendered.overviews, own_shells, rendered.token, verifier)
    urls = item_urls + overview_urls
    fix_sitemap(site_dir, urls, item_urls, site_url)
    no_token_left(site_dir, rendered.token, frozenset(f"{url}index.html" for url in urls))
    # Item shells by folder, overview shells by their page's URL: a live preview restamps either.
    return {**shells, **own_shells}


def part(pages, start: int, stop: int | None):
    """pages[start:stop], still rendered one at a time when they are lazy (render/lazy.ItemPages)."""
    return pages.part(start, stop) if hasattr(pages, "part") else pages[start:stop]


EARLY_PAGES = 1000  # item pages the forked copy renders ahead while the engine builds the shells, at most


def start_aside(site_dir: Path, rendered: Rendered, aside) -> None:
    """Fork the copy that stamps the last part of the item pages (aside.py), if that pays.

    Started before the engine builds the theme's shells: the copy renders its first pages while the
    engine runs, and stamps them once stamp() sends it the shells.
    """
    items = rendered.items
    if aside.possible(len(items)):
        aside.split = len(items) - int(len(items) * aside.share)
        aside.start(lambda send: _stamp_aside(site_dir, part(items, aside.split, None), rendered.token, aside, send))


def _stamp_aside(site_dir: Path, pages, token: str, aside, send) -> None:
    """In the forked copy: render while waiting for the shells, stamp, say so; then send what each page
    must show, and their scans."""
    pages, early = iter(pages), []
    while len(early) < EARLY_PAGES and not aside.told():
        page = next(pages, None)
        if page is None:
            break
        early.append(page)
    shells = aside.heard()
    verifier = PageVerifier()
    stamp_pages(site_dir, itertools.chain(early, pages), shells, token, verifier)
    send(None)
    scans = aside.prescan(sorted(verifier.expected), verifier)
    send((verifier, scans))

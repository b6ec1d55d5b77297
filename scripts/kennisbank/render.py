"""Stage 3, render: turn validated items into pages, as plain data in and out.

Every generated page is HTML made here. mkdocs renders one shell per item type and one per
overview page: Markdown with nothing in it but this build's unguessable token (title, description,
heading). The stamp stage pours each page into its shell, escaping every value for its place. So
no content value (title, summary, vocabulary label) ever reaches a theme template, which prints
some values raw; and Python-Markdown and the theme run about fifty times per build instead of once
per item, so a build grows linearly and stays fast at 10,000 items. All of it is plain Python: no
MkDocs plugin, so Zensical can take over the theme later.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

from .markup import PERMALINK_TITLE, Heading, Ids, relative, to_html
from .model import CONTENT_TYPES, Item, Praktijkvoorbeeld, Tip, Vraag
from .vocab import Vocabularies

# Folders of the generated docs that belong to the generator; a hand-written page in docs/ may not use them.
GENERATED_FOLDERS = tuple(t.url_folder for t in CONTENT_TYPES) + ("themas", "voor-wie", "rollen", "bronnen", "snippets", "afbeeldingen")
IMAGE_FOLDER = "afbeeldingen"  # checked images of content/afbeeldingen/ go to <generated docs>/afbeeldingen/
SHELL_ID = "kb-sjabloon"  # docs/<type>/kb-sjabloon.md: the page every item of that type is poured into
# Unguessable, so that no content can contain it: once per process (a preview's rebuilds share it,
# so that it can tell whether only item text changed). Lowercase hex: a heading id keeps it as is.
TOKEN = "kb" + secrets.token_hex(12)
# What the token stands for in a shell: token + one of these words.
SHELL_TITLE, SHELL_DESCRIPTION, SHELL_BODY, SHELL_HEADING = "titel", "beschrijving", "inhoud", "kop"

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


@dataclass(frozen=True)
class Settings:
    repo_url: str  # e.g. https://github.com/org/kennisbank
    branch: str = "main"


@dataclass(frozen=True)
class Page:
    """A Markdown page for mkdocs: path relative to docs/, with forward slashes."""

    path: str
    text: str


@dataclass(frozen=True)
class ItemPage:
    """A page ready to be poured into a shell: an item (shell of its type) or an overview (its own shell)."""

    url: str  # 'tips/zoek-huisartsen-actief-op/'
    folder: str  # the shell: 'tips' for an item, the page's own url for an overview
    title: str
    description: str
    h1_id: str
    article: str
    toc: tuple[Heading, ...]


@dataclass
class Rendered:
    pages: list[Page] = field(default_factory=list)  # Markdown for mkdocs: shells and snippets, no content values
    items: list[ItemPage] = field(default_factory=list)
    overviews: list[ItemPage] = field(default_factory=list)  # each stamped into its own shell
    token: str = TOKEN


def dutch_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")


def esc(text: str) -> str:
    """Escape text for inline Markdown (labels written by editors) in the overview pages."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def shell_text(token: str) -> str:
    """The Markdown of every shell: only the token, so the theme never sees a content value."""
    return (f"---\ntitle: {token}{SHELL_TITLE}\ndescription: {token}{SHELL_DESCRIPTION}\n---\n\n"
            f"# {token}{SHELL_TITLE}\n\n{token}{SHELL_BODY}\n\n## {token}{SHELL_HEADING}\n")


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


def sorted_items(items: list[Item], vocab: Vocabularies) -> list[Item]:
    tipsets = {key: n for n, key in enumerate(vocab.tipsets)}
    categories = {key: n for n, key in enumerate(vocab.categorieen)}

    def key(item: Item):
        meta = item.meta
        if isinstance(meta, Tip):
            return (0, tipsets.get(meta.tipset, 99), meta.volgorde, item.id)
        if isinstance(meta, Vraag):
            return (1, categories.get(meta.categorie, 99), 0, item.id)
        return (2, 0, 0, meta.titel.lower())

    return sorted(items, key=key)


def _h(level: int, ids: Ids, text: str, headings: list[Heading], extra: str = "") -> str:
    anchor = ids.make(text)
    headings.append(Heading(level, anchor, text))
    return (f'<h{level} id="{anchor}"{extra}>{escape(text)}<a class="headerlink" href="#{anchor}" '
            f'title="{PERMALINK_TITLE}">&para;</a></h{level}>\n')


class _Article:
    """An overview page's article, made like an item's: escaped headings with ids, and their list for the toc."""

    def __init__(self, url: str, title: str, description: str, h1: str | None = None):
        self.url, self.title, self.description = url, title, description
        self.ids, self.headings = Ids(), []
        self.h1_id = self.ids.make(h1 or title)
        self.parts = [f'<h1 id="{self.h1_id}">{escape(h1 or title)}<a class="headerlink" href="#{self.h1_id}" '
                      f'title="{PERMALINK_TITLE}">&para;</a></h1>\n']

    def heading(self, level: int, text: str, anchor: str | None = None) -> None:
        if anchor is None:
            self.parts.append(_h(level, self.ids, text, self.headings))
            return
        self.ids.taken.add(anchor)  # a vocabulary key, linked from item pages ('tips/#tipset')
        self.headings.append(Heading(level, anchor, text))
        self.parts.append(f'<h{level} id="{escape(anchor)}">{escape(text)}<a class="headerlink" href="#{escape(anchor)}" '
                          f'title="{PERMALINK_TITLE}">&para;</a></h{level}>\n')

    def paragraph(self, text: str) -> None:
        self.parts.append(f"<p>{escape(text)}</p>\n")

    def add(self, html_text: str) -> None:
        self.parts.append(html_text)

    def page(self) -> ItemPage:
        return ItemPage(self.url, self.url, self.title, self.description, self.h1_id, "".join(self.parts), tuple(self.headings))


def _unwrap(html_text: str) -> str:
    """A single paragraph's inner HTML, for list items."""
    match = re.fullmatch(r"\s*<p>(.*)</p>\s*", html_text, re.S)
    return match.group(1) if match else html_text


class Renderer:
    def __init__(self, items: list[Item], vocab: Vocabularies, settings: Settings, token: str = TOKEN):
        self.token = token
        self.vocab = vocab
        self.settings = settings
        self.items = sorted_items(items, vocab)
        self.by_id = {i.id: i for i in self.items}
        self.related = related_map(self.items)
        # Position of each tip within its tip set ("tip 3 van 5"), computed once: O(n), not O(n²).
        tips_by_set: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            if isinstance(item.meta, Tip):
                tips_by_set[item.meta.tipset].append(item)
        self.tip_position = {tip.id: (number, len(tips)) for tips in tips_by_set.values()
                             for number, tip in enumerate(tips, start=1)}

    # --- shared pieces -----------------------------------------------------------------

    def a(self, from_dir: str, url: str, text: str) -> str:
        return f'<a href="{escape(relative(from_dir, url))}">{escape(text)}</a>'

    def term_links(self, from_dir: str, folder: str, vocabulary: str, keys: list[str]) -> str:
        return ", ".join(self.a(from_dir, f"{folder}/{k}/", self.vocab.label(vocabulary, k)) for k in keys)

    def filters(self, item: Item) -> str:
        """Hidden Pagefind filters: type, theme, audience, and what each type adds."""
        meta = item.meta
        pairs = [("soort", item.type.label)]
        pairs += [("thema", self.vocab.label("themas", k)) for k in meta.themas]
        pairs += [("voor wie", self.vocab.label("doelgroepen", k)) for k in meta.doelgroepen]
        if isinstance(meta, Tip):
            pairs.append(("tipset", self.vocab.label("tipsets", meta.tipset)))
        if isinstance(meta, Vraag):
            pairs.append(("categorie", self.vocab.label("categorieen", meta.categorie)))
        if isinstance(meta, Praktijkvoorbeeld):
            pairs += [("gemeente", g) for g in meta.gemeenten]
            if meta.regio:
                pairs.append(("regio", self.vocab.label("regios", meta.regio)))
        spans = "".join(f'<span data-pagefind-filter="{escape(k)}">{escape(v)}</span>' for k, v in pairs)
        # data-pagefind-ignore keeps the labels out of excerpts; Pagefind still reads the filters.
        return f'<div class="kb-filters" hidden data-pagefind-ignore>{spans}</div>\n'

    # --- item pages ----------------------------------------------------------------------

    def item_page(self, item: Item) -> ItemPage:
        meta, here, folder = item.meta, item_url(item), item.type.folder
        ids, headings = Ids(), []
        h1 = ids.make(meta.titel)
        parts = [f'<h1 id="{h1}" data-pagefind-weight="10">{escape(meta.titel)}<a class="headerlink" href="#{h1}" '
                 f'title="{PERMALINK_TITLE}">&para;</a></h1>\n',  # titles weigh more than body text in search
                 self.filters(item),
                 f'<p class="kb-samenvatting" data-pagefind-meta="samenvatting">{escape(meta.samenvatting)}</p>\n']
        if isinstance(meta, Vraag):
            parts.append(f'<div class="admonition question">\n<p class="admonition-title">Vraag</p>\n<p>{escape(meta.vraag)}</p>\n</div>\n')
            parts.append(_h(2, ids, "Antwoord", headings))
        if isinstance(meta, Praktijkvoorbeeld):
            parts.append(self.example_facts(meta))
        body, body_headings = to_html(item.body, page_dir=here, content_dir=folder, ids=ids)
        headings += body_headings
        parts.append(body)
        if isinstance(meta, Praktijkvoorbeeld):
            parts.append(self.example_sections(item, ids, headings))
        # Page facts and related links are not search excerpts of their own.
        parts.append('<div class="kb-over" data-pagefind-ignore>\n')
        parts.append(self.about(here, item, ids, headings))
        parts.append(self.see_also(here, item, ids, headings))
        parts.append("</div>\n")
        parts.append(self.edit_links(item))
        return ItemPage(here, item.type.url_folder, meta.titel, meta.samenvatting, h1, "".join(parts), tuple(headings))

    def example_facts(self, meta: Praktijkvoorbeeld) -> str:
        rows = [("Gemeente", ", ".join(meta.gemeenten))]
        if meta.regio:
            rows.append(("Provincie", self.vocab.label("regios", meta.regio)))
        if meta.partners:
            rows.append(("Partners", ", ".join(meta.partners)))
        rows.append(("Status", meta.status))
        text = "<ul>\n" + "".join(f"<li><strong>{k}:</strong> {escape(v)}</li>\n" for k, v in rows) + "</ul>\n"
        if meta.status == "in aanvulling":
            text += ('<div class="admonition info">\n<p class="admonition-title">Dit voorbeeld is nog in aanvulling</p>\n'
                     "<p>De bronnen noemen dit voorbeeld, maar beschrijven het (nog) niet uitgebreid. Hieronder staat "
                     "precies wat de bronnen zeggen. Weet jij meer, met een bron erbij? Vul het voorbeeld aan via de "
                     "link ‘Deze pagina bewerken’ onderaan.</p>\n</div>\n")
        return text

    def example_sections(self, item: Item, ids: Ids, headings: list[Heading]) -> str:
        meta, here, folder = item.meta, item_url(item), item.type.folder
        assert isinstance(meta, Praktijkvoorbeeld)
        text = ""
        for heading, value in (("Wat ze deden", meta.wat_ze_deden), ("Wat het opleverde", meta.wat_het_opleverde)):
            if value:
                text += _h(2, ids, heading, headings)
                rendered, inner = to_html(value, page_dir=here, content_dir=folder, ids=ids, shift=1)
                text += rendered
                headings += inner
        if meta.lessen:
            text += _h(2, ids, "Lessen", headings) + "<ul>\n"
            for lesson in meta.lessen:
                rendered, _ = to_html(lesson, page_dir=here, content_dir=folder, ids=None)
                text += f"<li>{_unwrap(rendered)}</li>\n"
            text += "</ul>\n"
        if meta.meer_lezen:
            text += _h(2, ids, "Meer lezen", headings) + "<ul>\n"
            for entry in meta.meer_lezen:
                label = escape(entry.titel)
                # A reference the source names without an address must not look like a dead link.
                text += f'<li><a href="{escape(entry.url)}">{label}</a></li>\n' if entry.url else f"<li>{label} (geen link in de bron)</li>\n"
            text += "</ul>\n"
        return text

    def about(self, here: str, item: Item, ids: Ids, headings: list[Heading]) -> str:
        meta = item.meta
        rows = [("Soort", escape(item.type.label))]
        if isinstance(meta, Tip):
            position, total = self.tip_position[item.id]
            link = self.a(here, f"tips/#{meta.tipset}", self.vocab.label("tipsets", meta.tipset))
            rows.append(("Tipset", f"{link}, tip {position} van {total}"))
        if isinstance(meta, Vraag):
            rows.append(("Categorie", self.a(here, f"vragen/#{meta.categorie}", self.vocab.label("categorieen", meta.categorie))))
        rows.append(("Thema's", self.term_links(here, "themas", "themas", meta.themas)))
        rows.append(("Voor wie", self.term_links(here, "voor-wie", "doelgroepen", meta.doelgroepen)))
        rows.append(("Bron", self.source_text(here, item)))
        rows.append(("Laatst gecontroleerd", dutch_date(meta.laatst_gecontroleerd)))
        return (_h(2, ids, "Over deze pagina", headings) + "<ul>\n"
                + "".join(f"<li><strong>{k}:</strong> {v}</li>\n" for k, v in rows) + "</ul>\n")

    def source_text(self, here: str, item: Item) -> str:
        bron = item.meta.bron
        title = f'<a href="{escape(bron.url)}">{escape(bron.titel)}</a>' if bron.url else f"<em>{escape(bron.titel)}</em>"
        details = [escape(bron.organisatie)] if bron.organisatie else []
        if bron.datum:
            details.append(dutch_date(bron.datum))
        text = title + (f" ({', '.join(details)})" if details else "")
        if bron.onderdeel:
            text += f", onderdeel ‘{escape(bron.onderdeel)}’"
        if bron.document in self.vocab.bronnen:
            text += " — " + self.a(here, f"bronnen/{bron.document}/", "alle inhoud uit deze bron")
        return text

    def see_also(self, here: str, item: Item, ids: Ids, headings: list[Heading]) -> str:
        related = [self.by_id[r] for r in self.related.get(item.id, [])]
        if not related:
            return ""
        entries = "".join(f"<li>{self.a(here, item_url(r), r.meta.titel)} ({r.type.label.lower()})</li>\n" for r in related)
        return _h(2, ids, "Zie ook", headings) + f"<ul>\n{entries}</ul>\n"

    def edit_links(self, item: Item) -> str:
        repo, branch = self.settings.repo_url.rstrip("/"), self.settings.branch
        edit = f"{repo}/edit/{branch}/{quote(item.path)}"
        body = (f"Pagina: {item.meta.titel}\nBestand: {item.path}\n\nWat klopt er niet?\n\n"
                f"Wat zou er moeten staan, en wat is je bron?\n")
        issue = f"{repo}/issues/new?" + urlencode({"title": f"Correctie: {item.meta.titel}", "body": body})
        return (f'<hr>\n<p><a class="kb-edit" href="{escape(edit)}">Deze pagina bewerken</a> · '
                f'<a class="kb-report" href="{escape(issue)}">Klopt er iets niet? Meld het</a></p>\n')

    # --- overview pages: HTML made here, stamped into their own shell like item pages ------
    # mkdocs renders each overview page from a shell with only this build's token in it, so no
    # title, summary or vocabulary label ever passes through the theme's templates.

    def finish(self, rendered: Rendered, docs_path: str, article: _Article) -> Page:
        rendered.overviews.append(article.page())
        return Page(docs_path, shell_text(self.token))

    def list_html(self, from_dir: str, items: list[Item], ordered: bool = False) -> str:
        tag = "ol" if ordered else "ul"
        entries = "".join(f'<li>{self.a(from_dir, item_url(i), i.meta.titel)}<br>\n'
                          f'<span class="kb-lijst-samenvatting">{escape(i.meta.samenvatting)}</span></li>\n' for i in items)
        return f'<{tag} class="kb-lijst">\n{entries}</{tag}>\n'

    def tips_overview(self, rendered: Rendered) -> Page:
        article = _Article("tips/", "Tips", "Alle tips, per tipset in volgorde.")
        groups = defaultdict(list)
        for item in self.items:
            if isinstance(item.meta, Tip):
                groups[item.meta.tipset].append(item)
        for key, term in self.vocab.tipsets.items():
            if groups.get(key):
                article.heading(2, term.label, anchor=key)
                article.paragraph(term.beschrijving)
                article.add(self.list_html("tips/", groups[key], ordered=True))
        return self.finish(rendered, "tips/index.md", article)

    def questions_overview(self, rendered: Rendered) -> Page:
        article = _Article("vragen/", "Vragen", "Veelgestelde vragen, per categorie.", h1="Veelgestelde vragen")
        article.paragraph("Klik op een vraag om het antwoord te lezen.")
        groups = defaultdict(list)
        for item in self.items:
            if isinstance(item.meta, Vraag):
                groups[item.meta.categorie].append(item)
        for key, term in self.vocab.categorieen.items():
            if not groups.get(key):
                continue
            article.heading(2, term.label, anchor=key)
            for item in groups[key]:
                answer, _ = to_html(item.body, page_dir="vragen/", content_dir=item.type.folder, ids=None, shift=2)
                article.add(f'<details class="question">\n<summary>{escape(item.meta.titel)}</summary>\n'
                            f"<p><em>{escape(item.meta.vraag)}</em></p>\n{answer}"
                            f"<p>{self.a('vragen/', item_url(item), 'Lees het antwoord op een eigen pagina')}</p>\n</details>\n")
        return self.finish(rendered, "vragen/index.md", article)

    def examples_overview(self, rendered: Rendered) -> Page:
        article = _Article("voorbeelden/", "Praktijkvoorbeelden", "Voorbeelden van lokale samenwerking uit de praktijk.")
        rows = ""
        for item in self.items:
            meta = item.meta
            if not isinstance(meta, Praktijkvoorbeeld):
                continue
            place = ", ".join(meta.gemeenten) + (f" ({self.vocab.label('regios', meta.regio)})" if meta.regio else "")
            cells = [self.a("voorbeelden/", item_url(item), meta.titel), escape(place), escape(", ".join(meta.partners) or "–"),
                     escape(", ".join(self.vocab.label("themas", k) for k in meta.themas)), escape(meta.status)]
            rows += "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>\n"
        article.add("<table>\n<thead><tr><th>Voorbeeld</th><th>Plaats</th><th>Partners</th><th>Thema's</th><th>Status</th></tr></thead>\n"
                    f"<tbody>\n{rows}</tbody>\n</table>\n")
        return self.finish(rendered, "voorbeelden/index.md", article)

    def grouped_by_type(self, article: _Article, items: list[Item]) -> None:
        if not items:
            article.paragraph("Hier staat nog niets.")
        for ctype in CONTENT_TYPES:
            chosen = [i for i in items if i.type is ctype]
            if chosen:
                article.heading(2, ctype.label_plural)
                article.add(self.list_html(article.url, chosen))

    def term_list(self, from_dir: str, entries: list[tuple[str, str, int, str]]) -> str:
        """The list on an index of terms: (url, label, number of pages, description) per term."""
        return "<ul>\n" + "".join(f"<li>{self.a(from_dir, url, label)} ({count})<br>\n{escape(text)}</li>\n"
                                  for url, label, count, text in entries) + "</ul>\n"

    def term_pages(self, rendered: Rendered, folder: str, vocabulary: str, field: str, title: str, intro: str) -> list[Page]:
        pages, entries = [], []
        members: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            for key in getattr(item.meta, field):
                members[key].append(item)
        for key, term in self.vocab.terms(vocabulary).items():
            entries.append((f"{folder}/{key}/", term.label, len(members[key]), term.beschrijving))
            article = _Article(f"{folder}/{key}/", term.label, term.beschrijving)
            article.paragraph(term.beschrijving)
            self.grouped_by_type(article, members[key])
            pages.append(self.finish(rendered, f"{folder}/{key}.md", article))
        index = _Article(f"{folder}/", title, intro)
        index.paragraph(intro)
        index.add(self.term_list(f"{folder}/", entries))
        pages.append(self.finish(rendered, f"{folder}/index.md", index))
        return pages

    def role_pages(self, rendered: Rendered) -> list[Page]:
        pages = []
        for key, role in self.vocab.rollen.items():
            wanted = set(role.doelgroepen)
            article = _Article(f"rollen/{key}/", role.label, role.beschrijving)
            article.paragraph(role.beschrijving)
            self.grouped_by_type(article, [i for i in self.items if wanted.intersection(i.meta.doelgroepen)])
            pages.append(self.finish(rendered, f"rollen/{key}.md", article))
        return pages

    def home_snippets(self) -> list[Page]:
        """Lists for the hand-written home page, which includes them (pymdownx.snippets)."""
        roles = "".join(f"- [{esc(r.label)}](rollen/{k}.md)\n" for k, r in self.vocab.rollen.items())
        themes = "".join(f"- [{esc(t.label)}](themas/{k}.md)\n" for k, t in self.vocab.themas.items())
        return [Page("snippets/rollen.md", roles), Page("snippets/themas.md", themes)]

    def source_pages(self, rendered: Rendered) -> list[Page]:
        pages, entries = [], []
        members: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            members[item.meta.bron.document].append(item)
        for key, term in self.vocab.bronnen.items():
            slug = key  # a slug (vocab.Key), so a safe path segment; the file name stays internal
            entries.append((f"bronnen/{slug}/", term.label, len(members[key]), term.beschrijving))
            article = _Article(f"bronnen/{slug}/", term.label, term.beschrijving)
            article.paragraph(term.beschrijving)
            self.grouped_by_type(article, members[key])
            pages.append(self.finish(rendered, f"bronnen/{slug}.md", article))
        index = _Article("bronnen/", "Bronnen", "De brondocumenten van de Kennisbank.")
        index.paragraph("Alle inhoud van de Kennisbank komt uit deze documenten. Elke pagina noemt haar bron.")
        index.add(self.term_list("bronnen/", entries))
        pages.append(self.finish(rendered, "bronnen/index.md", index))
        return pages

    def shells(self) -> list[Page]:
        """One page per type that mkdocs renders with the theme; every item is poured into it."""
        return [Page(f"{t.url_folder}/{SHELL_ID}.md", shell_text(self.token)) for t in CONTENT_TYPES]

    def render(self) -> Rendered:
        rendered = Rendered(token=self.token)
        rendered.items = [self.item_page(item) for item in self.items]
        pages = [self.tips_overview(rendered), self.questions_overview(rendered), self.examples_overview(rendered)]
        pages += self.term_pages(rendered, "themas", "themas", "themas", "Thema's", "Alle tips, vragen en voorbeelden per thema.")
        pages += self.term_pages(rendered, "voor-wie", "doelgroepen", "doelgroepen", "Voor wie", "Alle inhoud per doelgroep.")
        pages += self.role_pages(rendered) + self.source_pages(rendered) + self.home_snippets() + self.shells()
        rendered.pages = pages
        return rendered


def copy_images(images, docs_dir: Path) -> None:
    """Images editors put in content/afbeeldingen/, checked by images.check_images, served next to the pages.

    The bytes written are proven to be the bytes that were checked (images.Image.checked_bytes).
    """
    for image in images:
        target = _inside(docs_dir, f"{IMAGE_FOLDER}/{image.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(image.checked_bytes())


def _inside(docs_dir: Path, rel: str) -> Path:
    """docs_dir/rel, after making sure rel cannot leave docs_dir (defence in depth: paths are slugs)."""
    parts = rel.split("/")
    if rel.startswith("/") or any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise ValueError(f"pagina-pad {rel!r} valt buiten de map met pagina's")
    return docs_dir.joinpath(*parts)


def write_pages(pages: list[Page], docs_dir: Path) -> int:
    """Write the generated pages into docs_dir, a fresh folder of this build; returns pages written.

    Generated pages never go into the tracked docs/ tree: the pipeline builds from a temporary
    copy, so there is nothing to clean up and no stale page can survive.
    """
    wanted = {page.path: page.text for page in pages}
    for rel, text in wanted.items():
        target = _inside(docs_dir, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(wanted)

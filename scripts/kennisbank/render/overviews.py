"""Overview pages: per type, per vocabulary term, per role and per source document.

Their HTML is made here, like an item's, and stamped into a shell of their own: mkdocs renders
each from a shell with only this build's token in it, so no title, summary or vocabulary label
ever passes through the theme's templates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from ..markup import Heading, relative, to_html
from ..model import CONTENT_TYPES, Item
from .contact import CONTACT_PAGE
from .hyphen import soft_hyphens
from .pages import ItemPage, Page, Rendered, shell_text
from .site import Headings, Site, item_url, render_template
from .status import badge, with_badge


@dataclass(frozen=True)
class Group:
    heading: Heading
    description: str = ""
    entries: tuple = ()
    questions: tuple = ()


@dataclass(frozen=True)
class Question:
    title: str
    text: str
    answer: Markup
    link: Markup


class Overviews:
    def __init__(self, site: Site, rendered: Rendered):
        self.site, self.rendered = site, rendered

    def page(self, docs_path: str, url: str, template: str, title: str, description: str,
             build, h1_text: str | None = None) -> Page:
        """Render one overview: `build(headings)` gives the template's values, making headings in page order."""
        headings = Headings()
        h1_id = headings.title(h1_text or title)
        values = build(headings)
        article = render_template(template, h1_id=h1_id, h1_text=h1_text or title, **values)
        self.rendered.overviews.append(ItemPage(url, url, title, description, h1_id, article, tuple(headings.toc)))
        return Page(docs_path, shell_text(self.site.token))

    def entries(self, from_dir: str, items: list[Item]) -> tuple:
        return tuple((with_badge(self.site.link(from_dir, item_url(i), soft_hyphens(i.meta.titel)), i), i.meta.samenvatting)
                     for i in items)

    def tips(self) -> Page:
        groups = self.site.grouped(self.site.of_type("tip"), lambda tip: tip.meta.tipset)

        def build(headings: Headings) -> dict:
            return {"groups": [Group(headings.make(2, term.label, anchor=key), term.beschrijving, self.entries("tips/", groups[key]))
                               for key, term in self.site.vocab.tipsets.items() if groups.get(key)]}

        return self.page("tips/index.md", "tips/", "overview_tips.html.j2", "Tips", "Alle tips, per tipset in volgorde.", build)

    def questions(self) -> Page:
        groups = self.site.grouped(self.site.of_type("vraag"), lambda question: question.meta.categorie)

        def question(item: Item) -> Question:
            answer, _ = to_html(item.body, page_dir="vragen/", content_dir=item.type.folder, ids=None, shift=2)
            link = self.site.link("vragen/", item_url(item), "Lees het antwoord op een eigen pagina")
            return Question(item.meta.titel, item.meta.vraag, Markup(answer), link)

        def build(headings: Headings) -> dict:
            return {"groups": [Group(headings.make(2, term.label, anchor=key), questions=tuple(map(question, groups[key])))
                               for key, term in self.site.vocab.categorieen.items() if groups.get(key)]}

        return self.page("vragen/index.md", "vragen/", "overview_vragen.html.j2", "Vragen", "Veelgestelde vragen, per categorie.",
                         build, h1_text="Veelgestelde vragen")

    def examples(self) -> Page:
        vocab = self.site.vocab

        def row(item: Item) -> tuple:
            meta = item.meta
            place = ", ".join(meta.gemeenten) + (f" ({vocab.label('regios', meta.regio)})" if meta.regio else "")
            # The badge also sits by the title: on a phone the Status column is off-screen.
            return (with_badge(self.site.link("voorbeelden/", item_url(item), meta.titel), item), place,
                    ", ".join(meta.partners) or "–", ", ".join(vocab.label("themas", k) for k in meta.themas),
                    badge(item).lstrip())

        return self.page("voorbeelden/index.md", "voorbeelden/", "overview_voorbeelden.html.j2", "Praktijkvoorbeelden",
                         "Voorbeelden van lokale samenwerking uit de praktijk.",
                         lambda _headings: {"rows": [row(i) for i in self.site.of_type("voorbeeld")],
                                            "contact_url": relative("voorbeelden/", CONTACT_PAGE)})

    def group_page(self, docs_path: str, url: str, title: str, description: str, items: list[Item]) -> Page:
        """A term's page: its description, then its pages grouped by type."""

        def build(headings: Headings) -> dict:
            groups = []
            for ctype in CONTENT_TYPES:
                chosen = [i for i in items if i.type is ctype]
                if chosen:
                    groups.append(Group(headings.make(2, ctype.label_plural), entries=self.entries(url, chosen)))
            return {"description": description, "groups": groups}

        return self.page(docs_path, url, "overview_group.html.j2", title, description, build)

    def index_page(self, folder: str, title: str, description: str, intro: str, entries: list[tuple[str, str, int, str]]) -> Page:
        """The index of a vocabulary: (url, label, number of pages, description) per term."""
        linked = [(self.site.link(f"{folder}/", url, name), count, text) for url, name, count, text in entries]
        return self.page(f"{folder}/index.md", f"{folder}/", "overview_index.html.j2", title, description,
                         lambda _headings: {"intro": intro, "entries": linked})

    def term_pages(self, folder: str, vocabulary: str, members: dict[str, list[Item]], title: str, intro: str,
                   index_intro: str | None = None, index_description: str | None = None) -> list[Page]:
        pages, entries = [], []
        for key, term in self.site.vocab.terms(vocabulary).items():
            entries.append((f"{folder}/{key}/", term.label, len(members[key]), term.beschrijving))
            pages.append(self.group_page(f"{folder}/{key}.md", f"{folder}/{key}/", term.label, term.beschrijving, members[key]))
        pages.append(self.index_page(folder, title, index_description or intro, index_intro or intro, entries))
        return pages

    def by_field(self, field: str) -> dict[str, list[Item]]:
        members: dict[str, list[Item]] = defaultdict(list)
        for item in self.site.items:
            for key in getattr(item.meta, field):
                members[key].append(item)
        return members

    def roles(self) -> list[Page]:
        pages = []
        for key, role in self.site.vocab.rollen.items():
            wanted = set(role.doelgroepen)
            chosen = [i for i in self.site.items if wanted.intersection(i.meta.doelgroepen)]
            pages.append(self.group_page(f"rollen/{key}.md", f"rollen/{key}/", role.label, role.beschrijving, chosen))
        return pages

    def sources(self) -> list[Page]:
        members: dict[str, list[Item]] = defaultdict(list)
        for item in self.site.items:
            members[item.meta.bron.document].append(item)
        # Keys are slugs (vocab.Key), so safe path segments; the source's file name stays internal.
        return self.term_pages("bronnen", "bronnen", members, "Bronnen", "De brondocumenten van de Kennisbank.",
                               index_intro="Alle inhoud van de Kennisbank komt uit deze documenten. Elke pagina noemt haar bron.")

    def all(self) -> list[Page]:
        pages = [self.tips(), self.questions(), self.examples()]
        pages += self.term_pages("themas", "themas", self.by_field("themas"), "Thema's", "Alle tips, vragen en voorbeelden per thema.")
        pages += self.term_pages("voor-wie", "doelgroepen", self.by_field("doelgroepen"), "Voor wie", "Alle inhoud per doelgroep.")
        return pages + self.roles() + self.sources()

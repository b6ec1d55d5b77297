"""Overview pages: per type, per vocabulary term, per role and per source document.

Their HTML is made here, like an item's, and stamped into a shell of their own: mkdocs renders
each from a shell with only this build's token in it, so no title, summary or vocabulary label
ever passes through the theme's templates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from ..glossary import Glossary
from ..markup import Heading, relative, to_html
from ..model import CONTENT_TYPES, Item
from .contact import CONTACT_PAGE
from .glossary_page import glossary_page
from .head import Crumb
from .hyphen import soft_hyphens
from .pages import ItemPage, Page, Rendered, shell_text
from .reeksen import full_tips, outdated_any, role_groups, sources_of
from .site import Headings, Site, dutch_date, item_url, render_template
from .status import badge, with_badge


@dataclass(frozen=True)
class Group:
    heading: Heading
    description: str = ""
    entries: tuple = ()
    questions: tuple = ()
    link: Markup = Markup("")  # e.g. the whole reeks on one page


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
        """One overview, rendered when stamped (render/lazy.py): `build(headings)` gives the template's
        values, making headings in page order. Returns the shell mkdocs renders for it."""

        def make() -> ItemPage:
            headings = Headings()
            h1_id = headings.title(h1_text or title)
            article = render_template(template, h1_id=h1_id, h1_text=h1_text or title, **build(headings))
            return ItemPage(url, url, title, description, h1_id, article, tuple(headings.toc))

        self.rendered.overviews.add(url, make)
        return Page(docs_path, shell_text(self.site.token))

    def entries(self, from_dir: str, items: list[Item]) -> tuple:
        return tuple((with_badge(self.site.link(from_dir, item_url(i), soft_hyphens(i.meta.titel)), i), i.meta.samenvatting)
                     for i in items)

    def tips(self) -> Page:
        groups = self.site.grouped(self.site.of_type("tip"), lambda tip: tip.meta.tipset)

        def build(headings: Headings) -> dict:
            return {"groups": [Group(headings.make(2, term.label, anchor=key), term.beschrijving, self.entries("tips/", groups[key]),
                                     link=self.site.link("tips/", f"reeksen/{key}/",
                                                         f"De hele reeks op één pagina, ook om af te drukken ({len(groups[key])} tips)"))
                               for key, term in self.site.vocab.tipsets.items() if groups.get(key)]}

        return self.page("tips/index.md", "tips/", "overview_tips.html.j2", "Tips", "Alle tips, per reeks in volgorde.", build)

    def reeksen(self) -> list[Page]:
        """One page per reeks with every tip in full (issue 12: infosheets to print), and their index."""
        groups = self.site.grouped(self.site.of_type("tip"), lambda tip: tip.meta.tipset)
        pages, entries = [], []
        for key, term in self.site.vocab.tipsets.items():
            tips, url = groups.get(key, []), f"reeksen/{key}/"
            entries.append((url, term.label, len(tips), term.beschrijving))

            def build(headings: Headings, tips=tips, url=url, term=term) -> dict:
                trail = (Crumb("Home", "../../"), Crumb("Tips", "../../tips/"), Crumb(f"Reeks: {term.label}", None))
                return {"crumbs": trail, "intro": term.beschrijving, "tips": full_tips(self.site, url, tips, headings),
                        "sources": sources_of(self.site, tips), "page_path": url,
                        "outdated": outdated_any(self.site, tips), "age_years": self.site.old_after_years,
                        "report_url": self.site.settings.repo_url.rstrip("/") + "/issues/new"}

            pages.append(self.page(f"reeksen/{key}.md", url, "overview_reeks.html.j2", f"Reeks: {term.label}",
                                   term.beschrijving, build))
        pages.append(self.index_page("reeksen", "Reeksen", "Alle reeksen tips, elk op één pagina om te lezen of af te drukken.",
                                     "Elke reeks staat hier op één pagina, met alle tips voluit en in volgorde: om door te "
                                     "lezen, of af te drukken voor een overleg.", entries))
        return pages

    def questions(self) -> Page:
        groups = self.site.grouped(self.site.of_type("vraag"), lambda question: question.meta.categorie)

        def question(item: Item) -> Question:
            answer, _ = to_html(item.body, page_dir="vragen/", content_dir=item.type.folder, ids=None, shift=2)
            link = self.site.link("vragen/", item_url(item), "Lees het antwoord op een eigen pagina")
            return Question(item.meta.titel, item.meta.vraag, Markup(answer), link)

        def build(headings: Headings) -> dict:
            return {"groups": [Group(headings.make(2, term.label, anchor=key), questions=tuple(map(question, groups[key])))
                               for key, term in self.site.vocab.categorieen.items() if groups.get(key)]}

        return self.page("vragen/index.md", "vragen/", "overview_vragen.html.j2", "Vragen", "Veelgestelde vragen, per vraaggroep.",
                         build, h1_text="Veelgestelde vragen")

    def examples(self) -> Page:
        vocab = self.site.vocab

        def row(item: Item) -> tuple:
            meta = item.meta
            place = ", ".join(meta.gemeenten) + (f" ({vocab.label('regios', meta.regio)})" if meta.regio else "")
            # The badge also sits by the title: a phone shows only that column and the place. Soft hyphens
            # let the long compounds ("verslavingsproblemen") wrap, so all five columns fit a wide screen.
            return (with_badge(self.site.link("voorbeelden/", item_url(item), soft_hyphens(meta.titel)), item), place,
                    soft_hyphens(", ".join(meta.partners)) or "–",
                    soft_hyphens(", ".join(vocab.label("themas", k) for k in meta.themas)), badge(item).lstrip())

        return self.page("voorbeelden/index.md", "voorbeelden/", "overview_voorbeelden.html.j2", "Praktijkvoorbeelden",
                         "Voorbeelden van lokale samenwerking uit de praktijk.",
                         lambda _headings: {"rows": [row(i) for i in self.site.of_type("voorbeeld")],
                                            "contact_url": relative("voorbeelden/", CONTACT_PAGE)})

    def group_page(self, docs_path: str, url: str, title: str, description: str, items: list[Item],
                   note: Markup | str = "") -> Page:
        """A term's page: its description, then its pages grouped by type. note: a line under the description."""

        def build(headings: Headings) -> dict:
            groups = []
            for ctype in CONTENT_TYPES:
                chosen = [i for i in items if i.type is ctype]
                if chosen:
                    groups.append(Group(headings.make(2, ctype.label_plural), entries=self.entries(url, chosen)))
            return {"description": description, "groups": groups, "note": note}

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
            note = (self.audience_note(key) if folder == "voor-wie" else self.source_note(key) if folder == "bronnen"
                    else Markup(""))
            pages.append(self.group_page(f"{folder}/{key}.md", f"{folder}/{key}/", term.label, term.beschrijving, members[key], note))
        pages.append(self.index_page(folder, title, index_description or intro, index_intro or intro, entries))
        return pages

    def by_field(self, field: str) -> dict[str, list[Item]]:
        members: dict[str, list[Item]] = defaultdict(list)
        for item in self.site.items:
            for key in getattr(item.meta, field):
                members[key].append(item)
        return members

    def roles(self) -> list[Page]:
        """Role pages: "Begin hier", then per reeks and type with counts; linked to the audiences they bundle."""
        pages, vocab = [], self.site.vocab
        for key, role in vocab.rollen.items():
            wanted, url = set(role.doelgroepen), f"rollen/{key}/"
            chosen = [i for i in self.site.items if wanted.intersection(i.meta.doelgroepen)]

            def build(headings: Headings, url=url, chosen=chosen, role=role) -> dict:
                start, groups = role_groups(self.site, url, chosen, headings, self.entries)
                audiences = self.site.term_links(url, "voor-wie", "doelgroepen", [d for d in role.doelgroepen if d in vocab.doelgroepen])
                return {"description": role.beschrijving, "start": start, "groups": groups, "audiences": audiences,
                        "home": "../../"}

            pages.append(self.page(f"rollen/{key}.md", url, "overview_role.html.j2", role.label, role.beschrijving, build))
        return pages

    def source_note(self, key: str) -> Markup:
        """On a source's page: publisher, date and address as the text gives them, never its file name."""
        source = self.site.vocab.bronnen[key]
        who = source.organisatie or "uitgever niet genoemd in de tekst"
        when = dutch_date(source.datum) if source.datum else str(source.jaar) if source.jaar else "datum onbekend"
        note = Markup("Van: {}, {}.").format(who, when)
        if source.url:
            note += Markup(' <a href="{}">Het document online</a>').format(source.url)
        return note

    def audience_note(self, key: str) -> Markup:
        """On a "Voor wie" page: the role on the home page that bundles this audience (the two systems linked)."""
        roles = [(k, r) for k, r in self.site.vocab.rollen.items() if key in r.doelgroepen]
        if not roles:
            return Markup("")
        here = f"voor-wie/{key}/"
        links = Markup(", ").join(self.site.link(here, f"rollen/{k}/", r.label) for k, r in roles)
        return Markup("Op de startpagina hoort dit bij de ingang: ") + links + Markup(".")

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
        pages += self.term_pages("voor-wie", "doelgroepen", self.by_field("doelgroepen"), "Voor wie", "Alle inhoud per doelgroep.",
                                 index_intro="Alle inhoud per doelgroep. De vier ingangen op de startpagina (‘Waar werk jij?’) "
                                             "bundelen deze doelgroepen per rol; elke doelgroep hieronder noemt zijn ingang.")
        pages.append(glossary_page(self, getattr(self.site, "glossary", None) or Glossary(begrippen={})))  # in the nav: always there
        return pages + self.roles() + self.sources() + self.reeksen()

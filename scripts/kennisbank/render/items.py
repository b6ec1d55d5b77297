"""Item pages: one presenter per content type, the generic parts read from the model's markers.

A presenter turns an item into the values its template (templates/item_<type>.html.j2) prints.
What a field shows, and which search filter it feeds, comes from model.py (Shown, SearchFilter,
Vocabulary), so a new field appears on the page and in search without a change here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from markupsafe import Markup

from ..fields import TYPE_FILTER, filter_fields, shown_fields
from ..markup import Heading, relative, to_html
from ..model import CONTENT_TYPES, Item, ItemBase, Labels
from .contact import CONTACT_PAGE, NO_PERSONAL_DATA, contact_of
from .head import Crumb, head_values
from .longpage import ShortEntry, first_entry, fold_long_sections, on_this_page, shorten
from .pages import ItemPage
from .site import Headings, Site, dutch_date, item_url, label, macros, render_template
from .status import with_badge


@dataclass(frozen=True)
class Section:
    """A field with a heading of its own: Markdown, a list of Markdown texts, or a list of links."""

    heading: Heading
    kind: str  # 'markdown', 'list' or 'links'
    html: Markup = Markup("")
    entries: tuple = ()


def _unwrap(html_text: str) -> str:
    """A single paragraph's inner HTML, for list items."""
    match = re.fullmatch(r"\s*<p>(.*)</p>\s*", html_text, re.S)
    return match.group(1) if match else html_text


def _values(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


class ItemPresenter:
    """What every item page has; a content type's presenter adds its own parts."""

    template = "item.html.j2"

    def __init__(self, site: Site):
        self.site = site

    def sort_key(self, item: Item) -> tuple:
        return (item.meta.titel.lower(),)

    def shown_value(self, vocabulary: str | None, value: object, labels: Labels | None = None) -> str:
        if labels is not None:
            return labels.of(value)
        return self.site.vocab.label(vocabulary, value) if vocabulary else str(value)

    def filters(self, item: Item) -> list[tuple[str, str]]:
        pairs = [(TYPE_FILTER.key, item.type.label)]
        for entry in filter_fields(type(item.meta)):
            pairs += [(entry.filter.key, self.shown_value(entry.vocabulary, v, entry.labels))
                      for v in _values(item.meta.__dict__.get(entry.name))]
        return pairs

    def facts(self, meta: ItemBase) -> list[tuple[Markup, str]]:
        """Plain fields the model shows, as (label, text), under the summary."""
        rows = []
        for entry in shown_fields(type(meta)):
            values = _values(meta.__dict__.get(entry.name))
            if entry.markdown or entry.nested or not values:
                continue
            rows.append((label(entry.label), ", ".join(self.shown_value(entry.vocabulary, v, entry.labels) for v in values)))
        return rows

    def sections(self, item: Item, headings: Headings) -> list[Section]:
        """Markdown and link fields the model shows, each under its own heading, after the text."""
        here, folder, out = item_url(item), item.type.folder, []
        for entry in shown_fields(type(item.meta)):
            value = item.meta.__dict__.get(entry.name)
            if not value or not (entry.markdown or entry.nested):
                continue
            heading = headings.make(2, entry.label)
            if entry.nested:
                out.append(Section(heading, "links", entries=tuple(value)))
            elif isinstance(value, list):
                rendered = [Markup(_unwrap(to_html(text, page_dir=here, content_dir=folder, ids=None)[0])) for text in value]
                out.append(Section(heading, "list", entries=tuple(rendered)))
            else:
                html_text, inner = to_html(value, page_dir=here, content_dir=folder, ids=headings.ids, shift=1)
                headings.toc += inner
                out.append(Section(heading, "markdown", html=Markup(html_text)))
        return out

    def intro(self, item: Item, headings: Headings) -> dict:
        """Values for the template's intro block, between the facts and the text."""
        return {}

    def in_short(self, item: Item, headings: Headings) -> tuple[Heading, list[ShortEntry]] | None:
        """"In het kort" under the summary: only types that have fields to quote (practice examples)."""
        return None

    def about_rows(self, here: str, item: Item) -> list[tuple[Markup, object]]:
        return [(label("Soort"), item.type.label)]

    def about(self, here: str, item: Item) -> list[tuple[Markup, object]]:
        site, meta = self.site, item.meta
        rows = self.about_rows(here, item)
        rows.append((label("Thema's"), site.term_links(here, "themas", "themas", meta.themas)))
        rows.append((label("Voor wie"), site.term_links(here, "voor-wie", "doelgroepen", meta.doelgroepen)))
        rows.append((label("Bron"), self.source(here, item)))
        rows.append((label("Laatst vergeleken met de bron"), dutch_date(meta.laatst_gecontroleerd)))
        return rows

    def kind(self, here: str, item: Item) -> Markup:
        """The line under the title: what this page is, and the series it belongs to."""
        return label(item.type.label)

    def pager(self, here: str, item: Item) -> dict | None:
        """Previous and next within a series ({'previous': Crumb | None, 'next': …}), or None."""
        return None

    def source(self, here: str, item: Item) -> Markup:
        bron = item.meta.bron
        details = ([bron.organisatie] if bron.organisatie else []) + ([dutch_date(bron.datum)] if bron.datum else [])
        all_link = (self.site.link(here, f"bronnen/{bron.document}/", "alle inhoud uit deze bron")
                    if bron.document in self.site.vocab.bronnen else None)
        return macros().source(bron, details, all_link)

    def see_also(self, here: str, item: Item) -> list[tuple[Markup, str]]:
        related = [self.site.by_id[r] for r in self.site.related.get(item.id, [])]
        return [(with_badge(self.site.link(here, item_url(r), r.meta.titel), r), r.type.label.lower()) for r in related]

    def edit_links(self, item: Item) -> tuple[str, str]:
        repo, branch = self.site.settings.repo_url.rstrip("/"), self.site.settings.branch
        edit = f"{repo}/edit/{branch}/{quote(item.path)}"
        body = (f"Pagina: {item.meta.titel}\nBestand: {item.path}\n\nWat klopt er niet?\n\n"
                f"Wat zou er moeten staan, en wat is je bron?\n")
        issue = f"{repo}/issues/new?" + urlencode({"title": f"Correctie: {item.meta.titel}", "body": body})
        return edit, issue

    def contact_routes(self, item: Item) -> dict:
        """The meedoen/ page, and the e-mail route for a correction when the maintainers set an address."""
        body = f"Pagina: {item.meta.titel}\nAdres: {item_url(item)}\n\nWat klopt er niet?\n\nWat zou er moeten staan, en wat is je bron?\n"
        return {"contact_url": relative(item_url(item), CONTACT_PAGE),
                "mail_url": contact_of(self.site.settings).mailto(f"Correctie: {item.meta.titel}", body)}

    def present(self, item: Item) -> ItemPage:
        meta, here = item.meta, item_url(item)
        headings = Headings()
        h1_id = headings.title(meta.titel)
        short = self.in_short(item, headings)  # "In het kort" comes first on the page, so its heading too
        intro = self.intro(item, headings)
        body, inner = to_html(item.body, page_dir=here, content_dir=item.type.folder, ids=headings.ids)
        body = fold_long_sections(body)
        headings.toc += inner
        sections = self.sections(item, headings)
        about_heading = headings.make(2, "Over deze pagina")
        see_also = self.see_also(here, item)
        see_also_heading = headings.make(2, "Zie ook") if see_also else None
        edit_url, issue_url = self.edit_links(item)
        article = render_template(
            self.template, h1_id=h1_id, page_title=meta.titel, summary=meta.samenvatting, filters=self.filters(item),
            facts=self.facts(meta), body=Markup(body), sections=sections, about_heading=about_heading,
            about=self.about(here, item), see_also=see_also, see_also_heading=see_also_heading,
            edit_url=edit_url, issue_url=issue_url, pager=self.pager(here, item), **self.contact_routes(item),
            on_this_page=on_this_page(headings.toc), short_heading=short[0] if short else None,
            short=short[1] if short else None,
            **head_values(self.site, item, self.kind(here, item), issue_url), **intro)
        return ItemPage(here, item.type.url_folder, meta.titel, meta.samenvatting, h1_id, article, tuple(headings.toc))


class TipPresenter(ItemPresenter):
    def __init__(self, site: Site):
        super().__init__(site)
        tipsets = {key: n for n, key in enumerate(site.vocab.tipsets)}
        self.tipset_order = lambda key: tipsets.get(key, 99)

    @functools.cached_property
    def position(self) -> dict[str, tuple[int, int]]:
        """Each tip's place in its tip set ("tip 3 van 5"), once the site is in order: O(n), not O(n²)."""
        by_set = self.site.grouped(self.site.of_type("tip"), lambda tip: tip.meta.tipset)
        return {tip.id: (number, len(tips)) for tips in by_set.values() for number, tip in enumerate(tips, start=1)}

    def sort_key(self, item: Item) -> tuple:
        return (self.tipset_order(item.meta.tipset), item.meta.volgorde, item.id)

    @functools.cached_property
    def neighbours(self) -> dict[str, tuple[Item | None, Item | None]]:
        """Each tip's previous and next tip in its reeks, in one pass."""
        by_set = self.site.grouped(self.site.of_type("tip"), lambda tip: tip.meta.tipset)
        return {tip.id: (tips[n - 1] if n else None, tips[n + 1] if n + 1 < len(tips) else None)
                for tips in by_set.values() for n, tip in enumerate(tips)}

    def reeks_link(self, here: str, item: Item) -> Markup:
        key = item.meta.tipset
        return self.site.link(here, f"reeksen/{key}/", self.site.vocab.label("tipsets", key))

    def kind(self, here: str, item: Item) -> Markup:
        position, total = self.position[item.id]
        return Markup(f"Tip {position} van {total} in de reeks ") + self.reeks_link(here, item)

    def pager(self, here: str, item: Item) -> dict | None:
        previous, following = self.neighbours[item.id]

        def step(tip: Item | None) -> Crumb | None:
            return Crumb(tip.meta.titel, relative(here, item_url(tip))) if tip else None

        return {"previous": step(previous), "next": step(following)} if previous or following else None

    def about_rows(self, here: str, item: Item) -> list[tuple[Markup, object]]:
        position, total = self.position[item.id]
        return super().about_rows(here, item) + [(label("Reeks"), self.reeks_link(here, item) + Markup(f", tip {position} van {total}"))]


class VraagPresenter(ItemPresenter):
    template = "item_vraag.html.j2"

    def __init__(self, site: Site):
        super().__init__(site)
        categories = {key: n for n, key in enumerate(site.vocab.categorieen)}
        self.category_order = lambda key: categories.get(key, 99)

    def sort_key(self, item: Item) -> tuple:
        return (self.category_order(item.meta.categorie), 0, item.id)

    def intro(self, item: Item, headings: Headings) -> dict:
        return {"question": item.meta.vraag, "answer_heading": headings.make(2, "Antwoord")}

    def group_link(self, here: str, item: Item) -> Markup:
        return self.site.link(here, f"vragen/#{item.meta.categorie}", self.site.vocab.label("categorieen", item.meta.categorie))

    def kind(self, here: str, item: Item) -> Markup:
        return Markup("Vraag in de vraaggroep ") + self.group_link(here, item)

    def about_rows(self, here: str, item: Item) -> list[tuple[Markup, object]]:
        return super().about_rows(here, item) + [(label("Vraaggroep"), self.group_link(here, item))]


class VoorbeeldPresenter(ItemPresenter):
    template = "item_voorbeeld.html.j2"
    short_fields = (("wat_ze_deden", "Wat ze deden"), ("wat_het_opleverde", "Wat het opleverde"), ("lessen", "Lessen"))

    def in_short(self, item: Item, headings: Headings) -> tuple[Heading, list[ShortEntry]] | None:
        entries, here = [], item_url(item)
        for name, shown in self.short_fields:
            value = item.meta.__dict__.get(name)
            texts = _values(value) if value else []
            if not texts:
                entries.append(ShortEntry(shown, None))
                continue
            rendered = to_html(texts[0], page_dir=here, content_dir=item.type.folder, ids=None)[0]
            entries.append(ShortEntry(shown, shorten(first_entry(rendered)), more=len(texts) - 1))
        return headings.make(2, "In het kort"), entries

    def sort_key(self, item: Item) -> tuple:
        # Described examples first, in every list: a reader looking for one to copy meets them before the stubs.
        return (item.meta.is_stub, item.meta.titel.lower())

    def kind(self, here: str, item: Item) -> Markup:
        places = item.meta.gemeenten  # at least one (model): 'A', 'A en B', 'A, B en C'
        listed = places[0] if len(places) == 1 else f"{', '.join(places[:-1])} en {places[-1]}"
        return label(f"Praktijkvoorbeeld uit {listed}")

    # Fields whose absence a reader must see, not guess (issue 11): the source says nothing of them.
    MUST_SAY_IF_MISSING = (("wat_ze_deden", "Wat ze deden"), ("wat_het_opleverde", "Wat het opleverde"))

    def intro(self, item: Item, headings: Headings) -> dict:
        meta, contact = item.meta, contact_of(self.site.settings)
        missing = [name for field, name in self.MUST_SAY_IF_MISSING if not getattr(meta, field)]
        # The original source: the item's own source address, else the first address the source refers to.
        source_url = meta.bron.url or next((link.url for link in meta.meer_lezen if link.url), None)
        body = f"Voorbeeld: {meta.titel}\n\nWat weet je erover, en wat is je bron?\n\n{NO_PERSONAL_DATA}\n"
        return {"in_progress": meta.is_stub, "not_described": missing, "source_url": source_url,
                "describe_url": contact.form_url(meta.titel),
                "describe_mail": contact.mailto(f"Voorbeeld beschrijven: {meta.titel}", body)}


PRESENTERS: dict[str, type[ItemPresenter]] = {"tip": TipPresenter, "vraag": VraagPresenter, "voorbeeld": VoorbeeldPresenter}
TYPE_ORDER = {t.key: n for n, t in enumerate(CONTENT_TYPES)}


def presenters(site: Site) -> dict[str, ItemPresenter]:
    """A presenter for every content type; a type without its own gets the generic one."""
    return {key: PRESENTERS.get(key, ItemPresenter)(site) for key in TYPE_ORDER}


def site_order(items: list[Item], by_type: dict[str, ItemPresenter]) -> list[Item]:
    """Tips per tip set in order, questions per category, examples by title; types in model order."""
    return sorted(items, key=lambda i: (TYPE_ORDER[i.type.key], *by_type[i.type.key].sort_key(i)))

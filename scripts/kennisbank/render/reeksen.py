"""Reeks pages (reeksen/<tipset-key>/): a tip set as one infosheet, to read through or to print.

The introduction (the tip set's description), every tip in full in its order with its source,
and how to print it. Also the role pages' grouping: per reeks and per type, with counts and a
"Begin hier" block (issue 13 point 5).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..markup import Heading, to_html
from ..model import Item
from .head import is_outdated, source_facts
from .site import Headings, Site, item_url


@dataclass(frozen=True)
class FullTip:
    heading: Heading
    number: int
    link: Markup  # to the tip's own page
    summary: str
    body: Markup
    source: Markup  # "Bron: …", as on the tip's own page
    checked: dt.date  # laatst_gecontroleerd: "Laatst vergeleken met de bron"


def source_words(site: Site, item: Item) -> Markup:
    """The source line as on the tip's own page: 'Bron: CPZ, Focusgroep … (2020)' or '… (datum onbekend)',
    the title linked where the source's address is known."""
    facts = source_facts(site, item)
    when = str(facts.year) if facts.year else "datum onbekend"
    who = f"{facts.organisation}, " if facts.organisation else ""
    title = Markup('<a href="{}">{}</a>').format(facts.url, facts.title) if facts.url else escape(facts.title)
    return escape(f"Bron: {who}") + title + escape(f" ({when})")


def full_tips(site: Site, url: str, tips: list[Item], headings: Headings) -> list[FullTip]:
    out = []
    for number, tip in enumerate(tips, start=1):
        heading = headings.make(2, f"{number}. {tip.meta.titel}")
        body, _inner = to_html(tip.body, page_dir=url, content_dir=tip.type.folder, ids=headings.ids, shift=1)
        out.append(FullTip(heading, number, site.link(url, item_url(tip), "Deze tip op een eigen pagina"),
                           tip.meta.samenvatting, Markup(body), source_words(site, tip), tip.meta.laatst_gecontroleerd))
    return out


def outdated_any(site: Site, tips: list[Item]) -> bool:
    """Whether any tip of the reeks rests on an old or undated source: the page then says so, once."""
    return any(is_outdated(source_facts(site, tip), site.today, site.old_after_years) for tip in tips)


def sources_of(site: Site, tips: list[Item]) -> list[Markup]:
    """The distinct source lines of a reeks, in order of first use."""
    return list(dict.fromkeys(source_words(site, tip) for tip in tips))


@dataclass(frozen=True)
class RoleGroup:
    heading: Heading
    entries: tuple
    more: Markup = Markup("")


def _stable(headings: Headings, text: str, anchor: str) -> Heading:
    """A heading whose id does not change with its count, unless the page already uses that id."""
    if anchor in headings.ids.taken:
        return headings.make(2, text)
    return headings.make(2, text, anchor=anchor)


def role_groups(site: Site, url: str, items: list[Item], headings: Headings, entries) -> tuple[list, list[RoleGroup]]:
    """A role page's "Begin hier" (the first tip of each reeks, the first question, the first described example) and
    its groups: tips per reeks, then questions and practice examples, each heading with its count."""
    tips = [i for i in items if i.type.key == "tip"]
    by_set = site.grouped(tips, lambda tip: tip.meta.tipset)
    start = [group[0] for group in by_set.values()]
    # One question, and one example that is really described: a stub is no place to begin.
    start += [i for i in items if i.type.key == "vraag"][:1]
    start += [i for i in items if i.type.key == "voorbeeld" and i.meta.status == "beschreven"][:1]
    groups = []
    for key, group in by_set.items():
        label = site.vocab.label("tipsets", key)
        noun = "tip" if len(group) == 1 else "tips"
        heading = _stable(headings, f"Reeks: {label} ({len(group)} {noun})", f"reeks-{key}")
        groups.append(RoleGroup(heading, entries(url, group),
                                site.link(url, f"reeksen/{key}/", f"De hele reeks ‘{label}’ op één pagina")))
    for key, plural in (("vraag", "Vragen"), ("voorbeeld", "Praktijkvoorbeelden")):
        chosen = [i for i in items if i.type.key == key]
        if chosen:
            groups.append(RoleGroup(_stable(headings, f"{plural} ({len(chosen)})", f"alle-{plural.lower()}"), entries(url, chosen)))
    return list(entries(url, start)), groups

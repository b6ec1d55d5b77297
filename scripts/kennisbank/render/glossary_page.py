"""The glossary page begrippen/: every term of content/begrippen.yml, alphabetical, with an anchor each.

Made like the other overview pages (overviews.Overviews.page): HTML from a template, stamped into a
shell of its own. It is not an item page, so Pagefind does not index it (index.ITEM_PAGES_GLOB):
it can never push an item out of the search results.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from ..glossary import Glossary, heading_of
from .pages import Page
from .site import Headings

GLOSSARY_FOLDER = "begrippen"
GLOSSARY_URL = f"{GLOSSARY_FOLDER}/"


@dataclass(frozen=True)
class Shown:
    key: str
    name: str
    full: str
    explanation: str
    variants: str
    sources: Markup


def _initial(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() else "#"


def glossary_page(overviews, glossary: Glossary) -> Page:
    """The begrippen/ page, rendered through `overviews.page` like every overview."""
    site = overviews.site

    def sources(entry) -> Markup:
        parts = []
        if entry.bron is not None:
            name = site.vocab.label("bronnen", entry.bron)
            parts.append(site.link(GLOSSARY_URL, f"bronnen/{entry.bron}/", name) if entry.bron in site.vocab.bronnen
                         else Markup.escape(name))
        if entry.url is not None:
            host = urlsplit(entry.url).hostname or entry.url
            parts.append(Markup('<a href="{}">{}</a>').format(entry.url, host.removeprefix("www.")))
        return Markup(", ").join(parts)

    def build(headings: Headings) -> dict:
        headings.ids.taken.update(glossary.begrippen)  # the terms' anchors are their keys; no heading may take one
        groups: dict[str, list[Shown]] = {}
        for key, entry in glossary.sorted_entries():
            name = heading_of(entry)
            full = entry.term if entry.afkorting and entry.term != entry.afkorting else ""
            shown = Shown(key, name, full, entry.uitleg, ", ".join(entry.synoniemen), sources(entry))
            groups.setdefault(_initial(name), []).append(shown)
        return {"intro": "Afkortingen en vaktermen die op deze site voorkomen, met een korte uitleg en de bron van die uitleg.",
                "groups": [{"heading": headings.make(2, letter), "entries": entries} for letter, entries in groups.items()]}

    return overviews.page(f"{GLOSSARY_FOLDER}/index.md", GLOSSARY_URL, "overview_begrippen.html.j2", "Begrippen",
                          "Afkortingen en vaktermen uit de Kennisbank, met uitleg.", build, h1_text="Begrippenlijst")

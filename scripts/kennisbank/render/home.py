"""Generated parts of hand-written pages: the home page's lists, and the search page's filters.

The home page and the search page are written by hand in docs/ and include these snippets
(pymdownx.snippets), so they always list the current roles, themes and search filters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..fields import filter_catalogue
from ..vocab import Vocabularies
from .pages import Page
from .site import dutch_date, esc, item_url, render_template

SEARCH_SNIPPET = "snippets/zoeken.md"


def home_snippets(vocab: Vocabularies) -> list[Page]:
    roles = "".join(f"- [{esc(r.label)}](rollen/{k}.md)\n" for k, r in vocab.rollen.items())
    themes = "".join(f"- [{esc(t.label)}](themas/{k}.md)\n" for k, t in vocab.themas.items())
    return [Page("snippets/rollen.md", roles), Page("snippets/themas.md", themes)]


def filter_data(models: Iterable | None = None) -> list[dict[str, str]]:
    """The search filters as data for docs/assets/kennisbank.js: Pagefind name and label, in display order."""
    return [{"naam": f.key, "label": f.label} for f in filter_catalogue(models)]


def search_snippet(models: Iterable | None = None, suggestions: list[dict] | None = None) -> Page:
    """The search page's mount point, carrying the filters the model declares (SearchFilter in model.py).

    The script reads its list of filters from here, so a filter can only be missing from the page
    if it is missing from the model. `suggestions` (search_suggestions) are what the page offers
    when a search finds nothing: glossary terms and themes close to the query.
    """
    data = json.dumps(filter_data(models), ensure_ascii=False)  # the template escapes it for the attribute
    offered = json.dumps(suggestions or [], ensure_ascii=False)
    return Page(SEARCH_SNIPPET, render_template("search.html.j2", filters=data, suggestions=offered))


SEARCH_PAGE = "zoeken/"


def search_suggestions(vocab, glossary) -> list[dict]:
    """Glossary terms and themes, each with the words a query is compared with (kennisbank.js)."""
    from ..markup import relative
    from .glossary_page import GLOSSARY_URL

    out = []
    for key, entry in (glossary.begrippen.items() if glossary is not None else ()):
        label = f"{entry.term} ({entry.afkorting})" if entry.afkorting else entry.term
        out.append({"label": label, "soort": "begrip", "url": relative(SEARCH_PAGE, f"{GLOSSARY_URL}#{key}"),
                    "woorden": " ".join([entry.term, entry.afkorting or "", *entry.synoniemen])})
    for key, term in vocab.themas.items():
        out.append({"label": term.label, "soort": "thema", "url": relative(SEARCH_PAGE, f"themas/{key}/"),
                    "woorden": f"{term.label} {term.beschrijving}"})
    return out


RECENT_SNIPPET = "snippets/nieuw.md"
RECENT_COUNT = 5


def recent_snippet(items: list, count: int = RECENT_COUNT) -> Page:
    """The home page's "Nieuw en bijgewerkt": the latest items by bijgewerkt or toegevoegd (issue 12).

    HTML from a template (every value escaped), as a raw block in the home page's Markdown, so the
    links to item pages (stamped after mkdocs ran) are checked by the post-build scan, not by mkdocs.
    """
    from ..share import dates  # late: share imports render

    entries = []
    for item in dates.latest_first(items)[:count]:
        changed = item.meta.bijgewerkt is not None and item.meta.bijgewerkt > dates.added(item.meta)
        entries.append((item_url(item), item.meta.titel, item.type.label.lower(), "bijgewerkt" if changed else "toegevoegd",
                        dutch_date(dates.updated(item.meta)), item.meta.samenvatting))
    return Page(RECENT_SNIPPET, render_template("recent.html.j2", entries=entries))

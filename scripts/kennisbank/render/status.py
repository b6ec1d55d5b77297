"""The status badge of a practice example ("Uitgewerkt" / "Alleen genoemd"), wherever an example is listed.

Most examples are only mentioned in the sources; a list that shows them without a badge makes a stub
look like content (issue 13). The words come from the model (model.STATUS_LABELS), never from here.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from ..model import STATUS_LABELS, STATUS_STUB, Item

BADGE_CLASS = "kb-status"


def status_of(item: Item) -> str | None:
    """The stored status of an item that has one (a practice example), else None."""
    value = getattr(item.meta, "status", None)
    return value if isinstance(value, str) else None


def badge(item: Item) -> Markup:
    """A badge with the status label, or nothing for an item without status."""
    value = status_of(item)
    if value is None:
        return Markup("")
    kind = "genoemd" if value == STATUS_STUB else "uitgewerkt"
    return Markup(f' <span class="{BADGE_CLASS} {BADGE_CLASS}--{kind}">{html.escape(STATUS_LABELS.of(value))}</span>')


def with_badge(link: Markup, item: Item) -> Markup:
    return link + badge(item)

"""An item's own dates: when it came into the Kennisbank and when its substance last changed.

Never read from git: the deploy checkout is shallow. `laatst_gecontroleerd` (the last comparison with
the source) is a different date and is not used here, except for an item written before `toegevoegd`
existed (every file in content/ has it; tests/test_share_dates.py).
"""

from __future__ import annotations

import datetime as dt

from ..model import Item, ItemBase


def added(meta: ItemBase) -> dt.date:
    return meta.toegevoegd or meta.laatst_gecontroleerd


def updated(meta: ItemBase) -> dt.date:
    """The last change of substance: bijgewerkt, or the day it was added."""
    return meta.bijgewerkt or added(meta)


def latest_first(items: list[Item]) -> list[Item]:
    """Newest change first; ties by title, so the order never depends on the file system."""
    return sorted(items, key=lambda item: (-updated(item.meta).toordinal(), item.meta.titel.lower(), item.id))

"""Small text helpers shared by the loader, `make new` and the issue converter."""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager


def slugify(text: str, fallback: str = "nieuw-item") -> str:
    """An id from a title: lowercase ASCII letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or fallback


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector during a stage.

    A build makes hundreds of thousands of small objects that live until it ends and form no
    cycles; the collector would scan them again and again, and a build of 10,000 items would
    grow with the square of the item count. Reference counting still frees what is dropped.
    On the way out the survivors are frozen (moved out of the collector's sight) rather than
    scanned once more in one long pause.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()

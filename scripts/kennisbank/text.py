"""Small text helpers shared by the loader, `make new` and the issue converter."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, fallback: str = "nieuw-item") -> str:
    """An id from a title: lowercase ASCII letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or fallback

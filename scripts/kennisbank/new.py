"""`make new`: a new content file from the commented template, with a proper id and today's date."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

from .fsguard import NotRegular, TooLarge, UnsafePath, create_new_file, read_limited
from .loader import CONTENT_DIR, MAX_FILE_BYTES, load
from .model import TYPE_BY_KEY, ContentType, Tip
from .text import slugify

TEMPLATE_DIR = f"{CONTENT_DIR}/sjablonen"
# What an editor may type for the kind of item, mapped to the content type's key.
KINDS = {"tip": "tip", "vraag": "vraag", "faq": "vraag", "praktijkvoorbeeld": "voorbeeld", "voorbeeld": "voorbeeld"}
TEMPLATE_FILES = {"tip": "tip.md", "vraag": "vraag.md", "voorbeeld": "praktijkvoorbeeld.md"}


def template_path(root: Path, ctype: ContentType) -> Path:
    return root / TEMPLATE_DIR / TEMPLATE_FILES[ctype.key]


def _set(text: str, field: str, value: str) -> str:
    # A function as replacement: a string would have its backslashes read as escapes ('\1', '\n').
    return re.sub(rf"^{field}: .*$", lambda _match: f"{field}: {value}", text, count=1, flags=re.M)


# Characters YAML does not accept raw in a double-quoted scalar, or reads as a line break.
_YAML_LINE_BREAKS = {"\x85", "\u2028", "\u2029"}


def yaml_quoted(value: str) -> str:
    """value as a YAML double-quoted scalar that reads back exactly, character for character."""
    out = []
    for ch in value:
        code = ord(ch)
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or ch in _YAML_LINE_BREAKS or 0xD800 <= code <= 0xDFFF \
                or code in (0xFEFF, 0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def create(root: Path, kind: str, title: str, today: dt.date | None = None) -> Path:
    ctype = TYPE_BY_KEY[KINDS[kind]]
    corpus = load(root)
    taken = {item.id for item in corpus.items} | {f.path.rsplit("/", 1)[-1][:-3] for f in corpus.files}
    base = slugify(title)
    item_id, number = base, 2
    while item_id in taken or os.path.lexists(root / CONTENT_DIR / ctype.folder / f"{item_id}.md"):
        item_id, number = f"{base}-{number}", number + 1
    # The template is content too: read without following a link, bounded like any content file.
    text = read_limited(template_path(root, ctype), MAX_FILE_BYTES).decode("utf-8")
    text = _set(text, "id", yaml_quoted(item_id))  # quoted: an id such as "yes" or "12" is text too
    text = _set(text, "titel", yaml_quoted(title.strip()))
    today = today or dt.date.today()
    text = _set(text, "laatst_gecontroleerd", today.isoformat())
    text = _set(text, "toegevoegd", today.isoformat())
    if ctype.key == "tip":
        tipset = re.search(r"^tipset: (\S+)", text, re.M).group(1)
        used = [i.meta.volgorde for i in corpus.items if isinstance(i.meta, Tip) and i.meta.tipset == tipset]
        text = _set(text, "volgorde", str(max(used, default=0) + 1))
    target = root / CONTENT_DIR / ctype.folder / f"{item_id}.md"
    create_new_file(root, target, text)
    return target


def main(root: Path, kind: str | None, title: str | None) -> int:
    interactive = sys.stdin.isatty()
    if not kind and interactive:
        kind = input("Wat wil je toevoegen? (tip / vraag / praktijkvoorbeeld): ").strip().lower()
    if not title and interactive:
        title = input("Titel: ").strip()
    if kind not in KINDS or not title:
        print("Gebruik: make new SOORT=praktijkvoorbeeld TITEL=\"Titel van het voorbeeld\" "
              "(SOORT is tip, vraag of praktijkvoorbeeld)")
        return 2
    try:
        target = create(root, kind, title)
    except (UnsafePath, NotRegular, TooLarge, UnicodeDecodeError) as err:
        reason = err.text if isinstance(err, NotRegular) else err.message() if isinstance(err, TooLarge) else str(err)
        print(f"FOUT: er is geen nieuw bestand gemaakt: {reason}")
        return 1
    rel = target.relative_to(root)
    print(f"Nieuw bestand: {rel}")
    print("Volgende stappen:")
    print(f"  1. Open {rel} en vervang alle tekst met '(aanvullen)'. De uitleg staat in de regels met #.")
    print("  2. Noem je bron onder 'bron' en schrijf alleen op wat de bron zegt.")
    print("  3. Draai 'make check': waarschuwingen W001 wijzen aan wat nog ingevuld moet worden.")
    print("  4. Bekijk het resultaat met 'make serve' en open een pull request (zie CONTRIBUTING.md).")
    return 0

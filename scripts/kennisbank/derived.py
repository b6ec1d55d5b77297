"""Files derived from the code and the vocabularies, which `make schema` writes and git tracks.

`make check` compares each with what `make schema` would write now (rule E042): a theme added to
content/vocabulaires.yml without `make schema` is a finding here, not a surprise in CI.
A derived file is only expected where its folder exists (a bare content repository has none),
but a missing file in such a folder, or an unreadable one, is stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .fsguard import NotRegular, TooLarge, read_limited
from .issueform import FORM_PATH, render_form
from .schema import SCHEMA_DIR, render, schemas
from .vocab import Vocabularies

CONTRIBUTING = "CONTRIBUTING.md"
BEGIN = "<!-- regels:begin — gegenereerd uit scripts/kennisbank/registry.py door `make schema`; niet met de hand bewerken -->"
END = "<!-- regels:end -->"
MAX_BYTES = 2_000_000  # far above any derived file; a bigger one is stale, not read into memory
FIX = "draai 'make schema' en commit wat het schrijft (dit bestand wordt niet met de hand bewerkt)"


@dataclass(frozen=True)
class Stale:
    path: str  # relative to the project root, with '/'
    line: int  # the first line that differs
    message: str


def with_rule_table(text: str) -> str | None:
    """CONTRIBUTING.md's text with the generated rule table between the markers; None without markers."""
    from .registry import table

    start, end = text.find(BEGIN), text.find(END)
    if start == -1 or end < start:
        return None
    return text[: start + len(BEGIN)] + "\n\n" + table() + "\n" + text[end:]


def expected(root: Path, vocab: Vocabularies, *, present_only: bool) -> dict[str, str]:
    """What `make schema` writes: relative path -> text. present_only: only where the folder exists."""
    out: dict[str, str] = {}
    if not present_only or (root / SCHEMA_DIR).is_dir():
        out.update({f"{SCHEMA_DIR}/{name}": render(schema) for name, schema in schemas(vocab).items()})
    if not present_only or (root / FORM_PATH).parent.is_dir():
        out[FORM_PATH] = render_form(vocab)
    current = _read(root / CONTRIBUTING)
    if isinstance(current, str):
        table = with_rule_table(current)
        if table is not None:
            out[CONTRIBUTING] = table
    return out


def _read(path: Path) -> str | None | Exception:
    """The file's text with LF line endings (a Windows checkout may have CRLF), None if absent."""
    try:
        data = read_limited(str(path), MAX_BYTES)
    except FileNotFoundError:
        return None
    except (TooLarge, NotRegular, OSError) as err:
        return err
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _first_difference(old: str, new: str) -> int:
    old_lines, new_lines = old.split("\n"), new.split("\n")
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines))


def stale(root: Path, vocab: Vocabularies) -> list[Stale]:
    found = []
    for rel, text in expected(root, vocab, present_only=True).items():
        current = _read(root / rel)
        if current is None:
            found.append(Stale(rel, 1, f"dit afgeleide bestand ontbreekt — {FIX}"))
        elif isinstance(current, Exception):
            found.append(Stale(rel, 1, f"dit afgeleide bestand kan niet worden gelezen (geen gewoon bestand, of te groot) — {FIX}"))
        elif current != text:
            line = _first_difference(current, text)
            found.append(Stale(rel, line, f"verouderd: vanaf regel {line} verschilt het van wat 'make schema' nu schrijft "
                                          f"(bijvoorbeeld na een wijziging in content/vocabulaires.yml) — {FIX}"))
    return found


def write_all(root: Path) -> list[Path]:
    """`make schema`: write every derived file; returns the paths written."""
    from .loader import load

    corpus = load(root)
    if corpus.vocabularies is None:
        raise SystemExit("content/vocabulaires.yml is ongeldig; draai 'make check'")
    written = []
    for rel, text in expected(root, corpus.vocabularies, present_only=False).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

"""`make check`: validate all content and report every finding at once."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .findings import Finding, report
from .loader import Corpus, load
from .rules import run_checks
from .text import without_gc


def validate(root: Path, today: dt.date | None = None) -> tuple[Corpus, list[Finding]]:
    with without_gc():
        corpus = load(root)
        return corpus, run_checks(corpus, today)


def errors(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.is_error]


def summary(corpus: Corpus, found: list[Finding]) -> str:
    files = len(corpus.files) + len({f.path for f in found} - {f.path for f in corpus.files})
    warnings = len(found) - len(errors(found))
    tail = f" ({warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'})" if warnings else ""
    if not errors(found):
        return f"Geen fouten gevonden in {files} contentbestanden{tail}."
    bad = errors(found)
    noun = "fout" if len(bad) == 1 else "fouten"
    return (f"{len(bad)} {noun} gevonden in {len({f.path for f in bad})} van {files} bestanden{tail}. "
            "Los ze op en draai 'make check' opnieuw.")


def main(root: Path, stream=None) -> int:
    stream = stream or sys.stdout
    corpus, found = validate(root)
    report(found, stream=stream)
    print(summary(corpus, found), file=stream)
    return 1 if errors(found) else 0

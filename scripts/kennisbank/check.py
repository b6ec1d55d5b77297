"""`make check`: validate all content and report every finding at once."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .findings import Finding, report
from .forked import Forked
from .loader import Corpus, prepare, read_files, stream
from .rules import Context, file_findings, run_checks
from .text import without_gc

SECOND_PROCESS_FROM = 400  # content files; below this a second process saves nothing worth the fork
SECOND_PROCESS_SHARE = 0.7  # of the files: this process loads them all and has the corpus rules still to do (measured optimum)


def validate(root: Path, today: dt.date | None = None) -> tuple[Corpus, list[Finding]]:
    """Load and check everything; every finding, in the order of the files.

    With a second core, a forked copy runs the file rules of the last files meanwhile (forked.py).
    It reads those files itself, one at a time, and keeps none of them: each copy of a loaded
    corpus would add its whole size to the build's memory (issue 10). This process still loads
    every file (the corpus rules and the rendering need them all) and runs the corpus rules.
    """
    today = today or dt.date.today()
    with without_gc():
        corpus, jobs = prepare(Path(root))
        other, elsewhere = None, frozenset()
        if len(jobs) >= SECOND_PROCESS_FROM and Forked.safe():
            theirs = jobs[int(len(jobs) * (1 - SECOND_PROCESS_SHARE)):]
            other, elsewhere = Forked(), frozenset(rel for (_path, rel), _ctype in theirs)
            other.start(lambda send: send(_file_findings_of(corpus, theirs, today)))
        try:
            read_files(corpus, jobs)

            def their_findings() -> list[Finding]:
                found = other.receive()
                other.wait()
                return found

            return corpus, run_checks(corpus, today, elsewhere, their_findings if other else None)
        finally:
            if other is not None:
                other.stop()


def _file_findings_of(corpus: Corpus, jobs: list, today: dt.date) -> list[Finding]:
    """In the forked copy: the file rules of jobs' files, each loaded, checked and dropped."""
    if corpus.vocabularies is None:
        return []
    return file_findings(stream(jobs), Context(corpus, corpus.vocabularies, today))


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

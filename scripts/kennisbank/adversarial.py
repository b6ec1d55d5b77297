"""Adversarial input for every rule and for the loader, and how long each takes on it.

Every rule must run in linear time: a contributor's 200 kB file may not keep `make check` busy
for minutes. `timings()` feeds each rule (rules.FILE_RULES) and the loader (front matter split,
YAML parsing, the content model) a small and a ten times larger text of each hostile pattern and
returns the times, for tests/test_linear.py and for `make bench`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import gc
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import mdread
from .loader import load, split_front_matter
from .model import Item
from .rules import FILE_RULES, Context
from .yamlpos import YamlProblem, parse

SMALL, LARGE = 20_000, 200_000
REPO = Path(__file__).resolve().parents[2]

_FRONT = """\
---
id: adversarial
titel: Een item om regels mee te meten
samenvatting: Dit item bestaat alleen om de regels met vijandige tekst te meten.
themas: [samenwerking]
doelgroepen: [gemeente]
bron:
  document: infosheet-huisartsen-betrekken
  titel: Meetbron
laatst_gecontroleerd: 2024-05-13
gerelateerd: []
gemeenten: [Utrecht]
status: beschreven
wat_ze_deden: |
  Korte tekst.
---
"""


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    count = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * count + tail


def _growing_backticks(size: int) -> str:
    out, length = [], 1
    while sum(map(len, out)) < size:
        out.append("`" * length + " x ")
        length += 1
    return "".join(out)[:size]


def _nested_list(size: int) -> str:
    out, depth = [], 0
    while sum(map(len, out)) < size:
        out.append("  " * depth + "- [a](javascript:x) <b>\n")
        depth = (depth + 1) % 200
    return "".join(out)


# Markdown bodies: each builds a text of about `size` characters.
BODIES: dict[str, Callable[[int], str]] = {
    "haken-open": lambda n: _repeat("[", n),
    "haak-haakje": lambda n: _repeat("](", n),
    "link-zonder-einde": lambda n: _repeat("[a](", n),
    "link-met-spaties": lambda n: _repeat(" ", n, "[](", ""),
    "link-met-tabs": lambda n: _repeat("\t", n, "Zie [a](<", ""),
    "kleiner-dan": lambda n: _repeat("<", n),
    "tag-open": lambda n: _repeat("<a ", n),
    "html-in-alinea": lambda n: _repeat("x <b> `<i>` ", n),
    "backticks": lambda n: _repeat("`", n),
    "backticks-oplopend": _growing_backticks,
    "lang-linkdoel": lambda n: _repeat("a", n, "[x](https://voorbeeld.nl/", ")"),
    "veel-links": lambda n: _repeat("[a](https://voorbeeld.nl/x) ", n),
    "veel-referenties": lambda n: _repeat("[a][r] [b](javascript:x) ", n, "", "\n\n[r]: ../tips/x.md\n"),
    "veel-definities": lambda n: _repeat("[r]: javascript:alert(1)\n", n),
    "definitie-zonder-doel": lambda n: _repeat("[r]:\n", n),
    "autolinks": lambda n: _repeat("<javascript:a> www.a.nl a@b.nl ", n),
    "entiteiten": lambda n: _repeat("&#", n),
    "nadruk": lambda n: _repeat("*_", n),
    "citaat-diep": lambda n: _repeat(">", n, "", " [a](b)"),
    "lijst-diep": _nested_list,
    "lijst-op-een-regel": lambda n: _repeat("- ", n, "", "x"),
    "genummerd-op-een-regel": lambda n: _repeat("1. ", n, "", "x"),
    "tabel": lambda n: _repeat("|a", n // 2, "", "\n") + _repeat("|-", n // 2, "", "\n"),
    "lange-regel": lambda n: _repeat("woord ", n),
    "html-commentaar": lambda n: _repeat("<!-- ", n),
    "sjabloontekst": lambda n: _repeat("(aanvullen) ", n),
    # phone (issue 13), rule E050: address and number scans that must not restart at every character
    "apenstaartjes": lambda n: _repeat("a.b@", n),
    "cijfers-met-scheidingstekens": lambda n: _repeat("0 6-1.", n),
    # the glossary (rule W002): capitals searched in pairs, each word taken whole once
    "hoofdletters-in-een-woord": lambda n: _repeat("aB", n, "x"),
    "hoofdletter-en-lang-woord": lambda n: _repeat("e", n, "A", "."),
    "hoofdletters-buiten-latijn": lambda n: _repeat("ĀbC ", n),
}

# Front matter texts for the loader: the YAML parser and the content model.
FRONT_MATTERS: dict[str, Callable[[int], str]] = {
    "yaml-lange-tekst": lambda n: _repeat("a", n, 'id: x\ntitel: "', '"\n'),
    "yaml-veel-velden": lambda n: "".join(f"veld{i}: waarde\n" for i in range(n // 16)),
    "yaml-lange-lijst": lambda n: _repeat("  - samenwerking\n", n, "themas:\n"),
    "yaml-ankertekens": lambda n: _repeat("&a *b ", n, 'titel: "', '"\n'),
    "yaml-haken": lambda n: _repeat("[a, ", n // 4, "themas: ") + "]" * (n // 16),
    "yaml-aanhalingsteken-open": lambda n: _repeat("a ", n, 'titel: "'),
    "yaml-blok": lambda n: _repeat("  regel [a](b) <b>\n", n, "wat_ze_deden: |\n"),
}


@dataclass(frozen=True)
class Timing:
    pattern: str  # name of the hostile text
    target: str  # a rule id, or 'loader'
    small: float  # seconds for SMALL characters
    large: float  # seconds for LARGE characters

    @property
    def ratio(self) -> float:
        # Below a few milliseconds for 20 kB, caches and the machine's load decide the ratio, not the
        # algorithm: a quadratic rule takes seconds at 200 kB, far above 15 times this floor.
        return self.large / max(self.small, NOISE_FLOOR_S)


NOISE_FLOOR_S = 0.003
_MIN_SAMPLE = 0.002  # seconds; quicker calls are repeated until a sample takes this long
_MAX_CALLS = 10  # calls per sample at most
_EVICT_BYTES = 4 << 20  # more than the level 1 and level 2 caches of a core
_evict_buffer: bytearray | None = None


def _evict_caches() -> None:
    """Touch more memory than the core's own caches hold, so the next call starts as a new file in `make check` does.

    Otherwise a 20 kB text is read from the level 1 cache and a 200 kB text from level 2, and the
    hardware, not the algorithm, decides part of the ratio.
    """
    global _evict_buffer
    if _evict_buffer is None:
        _evict_buffer = bytearray(_EVICT_BYTES)
    _evict_buffer[::64] = b"\x01" * (_EVICT_BYTES // 64)


def _sample(func: Callable[[], object]) -> float:
    """Seconds per call in one sample; each call starts with cold caches, and quick calls are repeated."""
    calls, elapsed = 0, 0.0
    while elapsed < _MIN_SAMPLE and calls < _MAX_CALLS:
        _evict_caches()
        start = time.perf_counter()
        func()
        elapsed += time.perf_counter() - start
        calls += 1
    return elapsed / calls


def _pair(small: Callable[[], object], large: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(seconds for small, seconds for large), measured side by side.

    Other work on the machine comes and goes; a small and a large sample taken right after each
    other see the same load, so the pair with the lowest ratio is the least disturbed one.
    """
    small()  # warm-up: imports, first allocations
    large()
    pairs = [(_sample(small), _sample(large)) for _ in range(repeat)]
    return min(pairs, key=lambda pair: pair[1] / max(pair[0], 1e-9))


class _Workspace:
    """A throw-away repository with the real vocabularies and glossary, and one example file.

    Without the glossary, rule W002 would return at once and its scan would go unmeasured.
    """

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="kb-adversarial-"))
        (self.root / "content" / "examples").mkdir(parents=True)
        for name in ("vocabulaires.yml", "begrippen.yml"):
            shutil.copy(REPO / "content" / name, self.root / "content" / name)
        (self.root / "content" / "examples" / "adversarial.md").write_text(_FRONT + "Tekst.\n", encoding="utf-8")
        corpus = load(self.root)
        assert corpus.glossary is not None and not corpus.findings, corpus.findings
        self.loaded = corpus.files[0]
        self.ctx = Context(corpus, corpus.vocabularies, dt.date(2026, 11, 23))

    def with_body(self, body: str):
        base = self.loaded.item
        item = Item(base.type, base.meta, body, base.path, base.body_line)
        self.loaded.text = _FRONT + body
        self.loaded.item = item
        return item

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


def _load_text(text: str) -> None:
    """What the loader does with one file's text: split, parse the YAML, validate against the model."""
    from .model import Praktijkvoorbeeld

    split = split_front_matter(text)
    if split is None:
        return
    try:
        parsed = parse(split[0], line_offset=1)
    except (YamlProblem, RecursionError):
        return
    try:
        Praktijkvoorbeeld.model_validate(parsed.data)
    except ValidationError as err:
        from .loader import translate_errors

        translate_errors(err, Praktijkvoorbeeld, parsed, "content/examples/adversarial.md")


def keep_freed_memory() -> None:
    """Let the C allocator keep freed memory instead of handing it back to the system after each call.

    cmark allocates a node per bracket; with glibc's defaults a 200 kB text pays page faults for
    that memory on every call while a 20 kB one reuses retained pages, which makes a linear
    parser look three times slower per byte at the larger size. Measuring, not the product, is
    what this changes. Without glibc it does nothing.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        for option, value in ((-1, 1 << 30), (-2, 64 << 20), (-3, 1 << 30)):  # M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD
            libc.mallopt(option, value)
    except (OSError, AttributeError):
        pass


def measure(pattern: str, repeat: int = 3) -> list[Timing]:
    """Times for one hostile pattern: every file rule (for a body) or the loader (for front matter)."""
    keep_freed_memory()
    enabled = gc.isenabled()
    gc.disable()  # a collection in one sample and not in the other would decide the ratio
    try:
        if pattern in FRONT_MATTERS:
            build = FRONT_MATTERS[pattern]
            texts = [f"---\n{build(size)}---\nTekst.\n" for size in (SMALL, LARGE)]
            return [_timing(pattern, "loader", lambda: _load_text(texts[0]), lambda: _load_text(texts[1]), repeat)]
        return _measure_body(pattern, repeat)
    finally:
        if enabled:
            gc.enable()


RATIO_LIMIT = 15  # the larger input is ten times the smaller; linear work stays well under this
_RETRIES = 8  # a ratio above the limit is measured again: one busy moment on the machine is not a verdict


def _timing(pattern: str, target: str, small: Callable[[], object], large: Callable[[], object], repeat: int) -> Timing:
    timing = Timing(pattern, target, *_pair(small, large, repeat))
    for _attempt in range(_RETRIES):  # measured again only when over the limit
        if timing.ratio <= RATIO_LIMIT:
            break
        again = Timing(pattern, target, *_pair(small, large, repeat))
        timing = again if again.ratio < timing.ratio else timing
    return timing


def _measure_body(pattern: str, repeat: int) -> list[Timing]:
    build = BODIES[pattern]
    workspace = _Workspace()
    try:
        bodies = [build(size) for size in (SMALL, LARGE)]
        targets: list[tuple[str, Callable[[str], object]]] = [("loader", lambda body: _load_text(_FRONT + body))]
        for info, rule in FILE_RULES:
            def run(body: str, rule=rule):
                item = workspace.with_body(body)
                workspace.loaded.links = None  # cached per file; every rule is timed as if it ran first
                mdread.forget()
                list(rule(workspace.loaded, item, workspace.ctx))

            targets.append((f"{info.id} {rule.__name__}", run))
        return [_timing(pattern, name, lambda func=func: func(bodies[0]), lambda func=func: func(bodies[1]), repeat)
                for name, func in targets]
    finally:
        workspace.close()


def patterns() -> list[str]:
    return [*BODIES, *FRONT_MATTERS]


def timings(names: list[str] | None = None, repeat: int = 3) -> list[Timing]:
    """Every pattern (or those named) against every rule and the loader; for `make bench`.

    Takes about a minute for all patterns. It changes the allocator settings of the process
    (keep_freed_memory), so run it in a child process or after the other measurements.
    """
    return [timing for pattern in (names or patterns()) for timing in measure(pattern, repeat)]


def table(found: list[Timing]) -> str:
    """The slowest rule per pattern as a Markdown table (Dutch headings), for BENCHMARKS.md."""
    worst: dict[str, Timing] = {}
    for timing in found:
        if timing.pattern not in worst or timing.large > worst[timing.pattern].large:
            worst[timing.pattern] = timing
    rows = ["| patroon | traagste regel | 20 kB (ms) | 200 kB (ms) | factor |", "| --- | --- | --- | --- | --- |"]
    rows += [f"| {t.pattern} | {t.target} | {t.small * 1000:.2f} | {t.large * 1000:.2f} | {t.ratio:.1f} × |" for t in worst.values()]
    return "\n".join(rows)


if __name__ == "__main__":
    print(table(timings()))

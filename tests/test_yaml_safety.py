"""Front matter that tries to exhaust memory or the stack, and quotes left open.

Anchors and aliases are refused in every YAML style, nesting deeper than MAX_DEPTH is refused
before anything is composed, and an unclosed quote is reported on the line where it opens.
The hostile cases run `make check` in a subprocess: a crash would show as exit 139 there.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from conftest import REPO, valid_tip
from kennisbank.check import validate
from kennisbank.yamlpos import MAX_DEPTH, YamlProblem, depth_bound, parse

TODAY = dt.date(2026, 11, 23)
TIP = "content/tips/geldige-tip.md"


def run_check(root):
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "GITHUB_ACTIONS": ""}
    return subprocess.run([sys.executable, "-m", "kennisbank", "--root", str(root), "check"],
                          capture_output=True, text=True, env=env, timeout=60)


def with_field(line: str) -> str:
    """The valid tip with one extra line of front matter (line 14 of the file) before the closing '---'."""
    return valid_tip().replace("volgorde: 1\n---", f"volgorde: 1\n{line}\n---", 1)


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    return info.value


# --- anchors and aliases ------------------------------------------------------------------

ANCHORS = {
    "block": ("a: &x [1, 2]\nb: *x", 1, 4),
    "flow sequence": ("a: [&x 1, *x]", 1, 5),
    "flow mapping": ("a: {b: &x [1], c: *x}", 1, 8),
    "json-style key": ('{"a":&x [1, 2], "b":*x}', 1, 6),
    "alias only": ("a: [1, *x]", 1, 8),
    "after a tag": ('{"a":!!seq&x [1]}', 1, 6),
    "inside a list item": ("- - &x 1\n  - *x", 1, 5),
}


@pytest.mark.parametrize("text,line,col", ANCHORS.values(), ids=ANCHORS.keys())
def test_anchors_and_aliases_are_refused_in_every_style(text, line, col):
    found = problem(text)
    assert found.kind in ("feature", "syntax"), found.message
    assert (found.line, found.col) == (line, col), found.message
    assert "niet toegestaan" in found.message


def laughs(levels: int = 30) -> str:
    """A billion laughs in flow style with JSON keys: each level doubles the previous one."""
    parts = ['"l0":&l0 ["ha"]'] + [f'"l{i}":&l{i} [*l{i - 1},*l{i - 1}]' for i in range(1, levels)]
    return "{" + ", ".join(parts) + "}"


def test_a_billion_laughs_in_flow_style_is_refused_at_the_first_anchor(repo):
    root = repo({TIP: with_field(f"extra: {laughs()}")})
    result = run_check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{TIP}:14:14" in result.stdout and "E018" in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# --- nesting ------------------------------------------------------------------------------

def block_mappings(depth: int) -> str:
    return "".join(" " * level + "k:\n" for level in range(depth)) + " " * depth + "k: 1"


def block_sequences(depth: int) -> str:
    return "".join("  " * level + "-\n" for level in range(depth)) + "  " * depth + "- 1"


DEEP = {
    "flow sequences": lambda n: "extra: " + "[" * n,
    "closed flow sequences": lambda n: "extra: " + "[" * n + "]" * n,
    "flow mappings": lambda n: "extra: " + "{a: " * n,
    "mixed flow": lambda n: "extra: " + "[{a: " * (n // 2),
    "block mappings": lambda n: "extra:\n" + "\n".join("  " + line for line in block_mappings(n).split("\n")),
    "block sequences": lambda n: "extra:\n" + "\n".join("  " + line for line in block_sequences(n).split("\n")),
    "compact sequences": lambda n: "extra:\n" + "".join("  " + "- " * level + "\n" for level in range(1, n)),
}


@pytest.mark.parametrize("make", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_a_finding_not_a_crash(repo, make):
    depth = 40_000
    while len(text := make(depth)) > 150_000:  # under the file size limit, still far beyond any limit
        depth //= 2
    assert depth > 10 * MAX_DEPTH
    root = repo({TIP: with_field(text)})
    result = run_check(root)
    assert result.returncode == 1, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    assert "Traceback" not in result.stdout + result.stderr
    assert "interne fout" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"{TIP}:")]
    assert lines and any("E002" in line and "te diep genest" in line for line in lines), result.stdout[-2000:]


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH])
def test_nesting_up_to_the_limit_is_fine(depth):
    assert parse("a: " + "[" * (depth - 1) + "1" + "]" * (depth - 1)).data  # the mapping is one level
    assert parse(block_mappings(depth - 1)).data


def test_one_level_beyond_the_limit_is_refused_in_both_parsers():
    text = "a: " + "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH
    assert "te diep genest" in problem(text).message
    # The strict (pure Python) composer guards itself too, for text the fast screen cannot parse.
    from kennisbank.yamlpos import _parse_with, _StrictLoader
    with pytest.raises(YamlProblem) as info:
        _parse_with(_StrictLoader, text, 0)
    assert "te diep genest" in info.value.message


@pytest.mark.parametrize("make", DEEP.values(), ids=DEEP.keys())
def test_the_cheap_bound_is_an_upper_bound(make):
    """If the bound were ever lower than the real depth, deep text would skip the exact screen."""
    for depth in (3, 10, 25):
        text = make(depth)
        assert depth_bound(text) >= depth, (depth, text)


def test_real_content_stays_below_the_bound_or_passes_the_screen():
    for path in sorted((REPO / "content").rglob("*.md")):
        parse(path.read_text(encoding="utf-8").split("---\n")[1])


# --- unclosed quotes ----------------------------------------------------------------------

QUOTES = {
    "double, closed by the next quote": ('titel: "Een titel\nsamenvatting: "Een zin."\nthemas: [a]', '"'),
    "single, closed by the next quote": ("titel: 'Een titel\nsamenvatting: 'Een zin.'\nthemas: [a]", "'"),
    "double, closed in a nested field": ('titel: "Een titel\nsamenvatting: Een zin.\nbron:\n  titel: "x"\n  url: y', '"'),
    "never closed": ('titel: "Een titel\nsamenvatting: Een zin.\n', None),
}


@pytest.mark.parametrize("text,quote", QUOTES.values(), ids=QUOTES.keys())
def test_unclosed_quote_is_reported_where_it_opens(text, quote):
    found = problem("id: x\n" + text)
    assert (found.kind, found.line, found.col) == ("syntax", 2, 8), found.message
    assert "aanhalingsteken" in found.message
    if quote:
        assert f"({quote})" in found.message
    assert "inspringing" not in found.message


def test_unclosed_quote_in_a_file_points_at_its_line(repo):
    text = valid_tip().replace("titel: Een geldige tip", 'titel: "Een geldige tip', 1)
    text = text.replace("  titel: Kansrijke Start & het betrekken van huisartsen", '  titel: "Kansrijke Start"', 1)
    _corpus, found = validate(repo({TIP: text}), today=TODAY)
    assert [(f.line, f.rule) for f in found] == [(3, "E002")], [f.format() for f in found]
    assert "aanhalingsteken" in found[0].message


def test_a_deliberate_multi_line_quote_is_still_fine():
    assert parse('titel: "Een titel\n  over twee regels"\nb: 1').data == {"titel": "Een titel over twee regels", "b": 1}


@pytest.mark.parametrize("padding", ["", "# " + "x" * 40_000 + "\n"], ids=["short", "long (libyaml's verdict)"])
def test_syntax_errors_have_no_english(padding):
    for text in ["a: - b", "a: b: c", "a: [1, 2", "a: !!x y", "%YAML 1.1\n--- a", "a: @b", "? - a\n: - b\n- c",
                 "a:\n\tb: 1", 'a: "x', "a: 'x\nb: 'y'"]:
        try:
            parse(padding + text)
        except YamlProblem as found:
            for english in ("expected", "found", "while", "allowed", "scanning", "parsing"):
                assert english not in found.message, (text, found.message)


# --- bounded work -------------------------------------------------------------------------

ADVERSARIAL = {
    "many anchors": lambda n: "a: [" + ", ".join(f"&a{i} x" for i in range(n // 8)) + "]",
    "many aliases": lambda n: "a: [" + ", ".join("*a" for _ in range(n // 4)) + "]",
    "nesting at the limit, repeated": lambda n: "a: [" + ", ".join(["[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2)]
                                                              * (n // (2 * MAX_DEPTH))) + "]",
    "brackets in text": lambda n: "a: '" + "[{" * (n // 2) + "'",
    "unclosed list": lambda n: "a: [" + "x, " * (n // 3),
    "unclosed quote over fields": lambda n: 'a: "x\n' + "".join(f"k{i}: v\n" for i in range(n // 8)) + 'b: "y"\nc: z"',
    "many quoted lines": lambda n: "".join(f'k{i}: "x\n  y"\n' for i in range(n // 14)) + "z: [",
    "long indentation": lambda n: "a:\n" + " " * (n - 10) + "b: 1",
    "tabs and colons": lambda n: "a: " + ":\t" * (n // 2),
}
# The garbage collector is off, as in the loader (text.without_gc): its passes over a growing
# heap would make the larger input look slower than the parser is.
TIMING_SCRIPT = """
import gc, sys, time
gc.disable()
sys.path.insert(0, sys.argv[1])
from kennisbank.yamlpos import parse, YamlProblem
text = sys.stdin.read()
start = time.perf_counter()
try:
    parse(text)
except YamlProblem:
    pass
print(time.perf_counter() - start)
"""


def parse_seconds(text: str) -> float:
    """Parse in a child process: a hang or crash fails the test instead of stopping the suite."""
    result = subprocess.run([sys.executable, "-c", TIMING_SCRIPT, str(REPO / "scripts")], input=text,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return float(result.stdout)


@pytest.mark.parametrize("make", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_parsing_adversarial_text_takes_linear_time(make):
    small, large = make(20_000), make(200_000)
    assert 15_000 < len(small) < 30_000 and 150_000 < len(large) < 300_000, (len(small), len(large))
    for _attempt in range(3):  # measured again only when over the limit: one busy moment is not a verdict
        small_time = min(parse_seconds(small) for _ in range(3))
        large_time = min(parse_seconds(large) for _ in range(3))
        if large_time < 15 * max(small_time, 0.01):
            break
    assert large_time < 15 * max(small_time, 0.01), (small_time, large_time)  # below 10 ms, noise rules


@pytest.mark.parametrize("extra,expected", [
    ("\nbommen: " + "[" * 50_000 + "\n", "te diep genest"),
    ('\nbommen: {"a":&a [x, x], "b":[*a, *a]}\n', "niet toegestaan"),
])
def test_a_hostile_vocabulary_is_a_finding_not_a_crash(repo, extra, expected):
    root = repo({TIP: valid_tip()})
    vocabulary = root / "content" / "vocabulaires.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 1, (result.returncode, result.stdout[-1000:], result.stderr[-1000:])
    assert "content/vocabulaires.yml:" in result.stdout and expected in result.stdout, result.stdout[-2000:]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("number", ["1" * 5_000, "0x" + "f" * 20_000, "0b" + "1" * 50_000, "1:" * 30_000 + "1"])
def test_huge_numbers_are_a_finding_not_a_crash(repo, number):
    _corpus, found = validate(repo({TIP: valid_tip().replace("volgorde: 1", f"volgorde: {number}")}), today=TODAY)
    assert [(f.line, f.rule) for f in found] == [(13, "E007")], [f.format()[:300] for f in found]
    assert "geheel getal" in found[0].message and len(found[0].message) < 300
    assert parse(f"a: {number}").data == {"a": number}  # kept as text: no conversion, no quadratic work

"""Part 6 of issue 9: every rule and parser runs in linear time.

Each hostile pattern (kennisbank.adversarial) is fed at 20 kB and at 200 kB to every file rule and
to the loader; the larger may take at most 15 times as long as the smaller. No wall-clock limit,
except a generous hang guard: each pattern runs in a child process that is stopped after
HANG_SECONDS, so a regression fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, valid_tip
from kennisbank import adversarial

HANG_SECONDS = 120
ENV = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "GITHUB_ACTIONS": ""}


def _measure_in_child(pattern: str) -> list[dict]:
    code = ("import json, sys\nfrom kennisbank import adversarial as a\n"
            "print(json.dumps([t.__dict__ for t in a.measure(sys.argv[1])]))")
    try:
        result = subprocess.run([sys.executable, "-c", code, pattern], capture_output=True, text=True, env=ENV,
                                timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pattern '{pattern}' did not finish within {HANG_SECONDS} s: a rule or parser is not linear")
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("pattern", adversarial.patterns())
def test_every_rule_is_linear_on_hostile_text(pattern):
    timings = _measure_in_child(pattern)
    assert timings, "nothing was measured"
    slow = [f"{t['target']}: {t['small'] * 1000:.2f} ms at 20 kB, {t['large'] * 1000:.2f} ms at 200 kB "
            f"({t['large'] / max(t['small'], 1e-9):.1f}×)"
            for t in timings if t["large"] > adversarial.RATIO_LIMIT * max(t["small"], adversarial.NOISE_FLOOR_S)]
    assert not slow, f"pattern '{pattern}' grows faster than linear:\n" + "\n".join(slow)


def test_every_file_rule_and_the_loader_are_measured():
    from kennisbank.rules import FILE_RULES

    timings = adversarial.timings(["veel-links"], repeat=1)
    measured = {t.target for t in timings}
    assert all(t.small > 0 and t.large > 0 and t.pattern == "veel-links" for t in timings)
    lines = adversarial.table(timings).splitlines()
    assert len(lines) == 3 and lines[2].startswith("| veel-links | ")
    assert "loader" in measured
    assert {f"{info.id} {rule.__name__}" for info, rule in FILE_RULES} <= measured
    assert len(adversarial.patterns()) >= 25


def test_a_quadratic_rule_is_caught(monkeypatch):
    """The measurement itself can fail: a rule that compares every line with every other is reported."""
    from kennisbank import rules

    def quadratic(loaded, item, ctx):
        sample = item.body[::50]  # every character of a sample against every other: quadratic in the length
        return [] if sum(1 for _a in sample for _b in sample) < 0 else []

    monkeypatch.setattr(rules, "FILE_RULES", [(rules.F.RULES["E015"], quadratic)])
    monkeypatch.setattr(adversarial, "FILE_RULES", rules.FILE_RULES)
    timings = {t.target: t for t in adversarial.measure("lange-regel", repeat=1)}
    assert timings["E015 quadratic"].ratio > adversarial.RATIO_LIMIT


def test_a_300_character_link_target_is_a_finding_not_a_crash(repo):
    for target in ("../tips/" + "a" * 300 + ".md", "a" * 300, "https://voorbeeld.nl/" + "a" * 300, "../afbeeldingen/" + "b" * 300):
        root = repo({"content/tips/geldige-tip.md": valid_tip().replace("De tekst van de tip.",
                                                                         f"Zie [dit]({target}) en ![x]({target}).")})
        result = subprocess.run([sys.executable, "-m", "kennisbank", "--root", str(root), "check"],
                                capture_output=True, text=True, env=ENV, timeout=HANG_SECONDS)
        output = result.stdout + result.stderr
        assert "interne fout" not in output and "Traceback" not in output, output
        assert result.returncode == 1, output
        assert "content/tips/geldige-tip.md:16:" in result.stdout, output


def test_rendering_equal_headings_is_linear():
    """The site's own Markdown path: heading ids x, x_1, x_2, … for 2,000 and 20,000 equal headings."""
    code = ("import json, time\nfrom kennisbank.markup import Ids, to_html\n"
            "def run(n):\n    start = time.perf_counter()\n"
            "    to_html('## a\\n\\n' * n, page_dir='tips/x/', content_dir='tips', ids=Ids())\n"
            "    return time.perf_counter() - start\n"
            "best = min((run(20000) / run(2000) for _ in range(3)))\nprint(json.dumps(best))")
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail("20,000 equal headings did not render within the hang guard: heading ids are not linear")
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) < adversarial.RATIO_LIMIT

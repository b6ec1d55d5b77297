"""`make check` as an editor meets it: exit code, one line per finding, a count, annotations."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import REPO, valid_question, valid_tip

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+)  (?P<rule>E\d{3})  (?P<message>.+)$")


def run_check(root, **env):
    environment = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "GITHUB_ACTIONS": "", **env}
    return subprocess.run([sys.executable, "-m", "kennisbank", "--root", str(root), "check"],
                          capture_output=True, text=True, env=environment, timeout=60)


def test_clean_content_exits_0_with_a_count(repo):
    result = run_check(repo({"content/tips/geldige-tip.md": valid_tip()}))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "Geen fouten gevonden in 1 contentbestanden."
    assert result.stderr == ""


def test_errors_exit_1_one_line_each_then_a_count(repo):
    root = repo({
        "content/tips/geldige-tip.md": valid_tip().replace("themas: [samenwerking]", "themas: [samenwerkng]"),
        "content/faq/geldige-vraag.md": valid_question().replace("titel:", "titl:", 1),
    })
    result = run_check(root)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    findings = [LINE.match(line) for line in lines[:-1]]
    assert all(findings), lines
    assert [(m["path"], m["line"], m["rule"]) for m in findings] == [
        ("content/faq/geldige-vraag.md", "3", "E005"),
        ("content/tips/geldige-tip.md", "5", "E012"),
    ]
    assert findings[1]["message"] == "onbekende waarde 'samenwerkng' in 'themas' — bedoel je 'samenwerking'?"
    assert lines[-1].startswith("2 fouten gevonden in 2 van 2 bestanden.")
    assert "Traceback" not in result.stdout + result.stderr


def test_github_annotations_when_running_in_actions(repo):
    root = repo({"content/tips/geldige-tip.md": valid_tip().replace("themas: [samenwerking]", "themas: [samenwerkng]")})
    result = run_check(root, GITHUB_ACTIONS="true")
    assert result.returncode == 1
    assert ("::error file=content/tips/geldige-tip.md,line=5,col=10,title=E012::"
            "onbekende waarde 'samenwerkng' in 'themas' — bedoel je 'samenwerking'?") in result.stdout.splitlines()


def test_broken_vocabulary_is_a_finding_not_a_traceback(repo):
    root = repo({"content/tips/geldige-tip.md": valid_tip()})
    (root / "content" / "vocabulaires.yml").write_text("themas: [onaf\n", encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 1
    assert LINE.match(result.stdout.splitlines()[0]), result.stdout
    assert "content/vocabulaires.yml" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_real_content_passes():
    result = run_check(REPO)
    assert result.returncode == 0, result.stdout

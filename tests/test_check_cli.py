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


def test_broken_settings_are_findings_at_their_line(repo):
    root = repo({"content/tips/geldige-tip.md": valid_tip()})
    (root / "instellingen.yml").write_text("licentie: CC BY 4.0\nbron_verouderd_na_jaren: nul\nkleur: rood\n",
                                           encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 1, result.stdout
    lines = [LINE.match(line) for line in result.stdout.splitlines()[:-1]]
    assert all(lines), result.stdout
    assert {(m["path"], m["line"]) for m in lines} == {("instellingen.yml", "2"), ("instellingen.yml", "3")}
    assert "Traceback" not in result.stdout + result.stderr


def test_the_real_content_passes():
    result = run_check(REPO)
    assert result.returncode == 0, result.stdout


FORGED = "x\n::error file=x::forged\r\n::stop-commands::token\n%0A::warning::y"


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """A line as the GitHub runner reads it: ::name key=value,key=value::data, then unescaped."""
    def unescape(value: str, prop: bool) -> str:
        if prop:
            value = value.replace("%3A", ":").replace("%2C", ",")
        return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    head, _, data = line[2:].partition("::")
    name, _, props = head.partition(" ")
    properties = dict(part.split("=", 1) for part in props.split(",") if part)
    return name, {k: unescape(v, True) for k, v in properties.items()}, unescape(data, False)


def test_finding_lines_and_annotations_cannot_be_forged():
    from kennisbank.findings import Finding
    finding = Finding(f"content/tips/{FORGED},line=1.md", 3, 4, "E007", f"bericht {FORGED} 50% \u202e")
    assert "\n" not in finding.format() and "\r" not in finding.format()
    assert "\u202e" not in finding.format()
    annotation = finding.annotation()
    assert "\n" not in annotation and "\r" not in annotation
    name, properties, data = parse_workflow_command(annotation)
    assert name == "error"
    assert properties == {"file": finding.path, "line": "3", "col": "4", "title": "E007"}
    assert data == finding.message


def test_a_file_name_with_workflow_commands_stays_on_its_own_line(repo):
    name = "a\n::error file=x::forged\n::stop-commands::token\n.md"
    root = repo({"content/tips/geldige-tip.md": valid_tip().replace("titel: Een geldige tip", "titel: [1]")})
    (root / "content" / "tips" / name).write_text(valid_tip("a").replace("titel: Een geldige tip", "titel: [1]"), encoding="utf-8")
    result = run_check(root, GITHUB_ACTIONS="true")
    assert result.returncode == 1, result.stdout
    commands = [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]
    parsed = [parse_workflow_command(line) for line in commands]
    assert {command for command, _props, _data in parsed} <= {"error", "warning"}, commands
    assert all(set(props) == {"file", "line", "col", "title"} for _c, props, _d in parsed), commands
    files = {props["file"] for _c, props, _d in parsed}
    assert "content/tips/geldige-tip.md" in files and len(files) == 2, files
    # The name with control characters is refused (E040) and shown with its controls escaped.
    forged = (files - {"content/tips/geldige-tip.md"}).pop()
    assert forged.startswith("content/tips/a") and "\n" not in forged and "\\x0a" in forged, forged
    assert "Traceback" not in result.stdout + result.stderr


def test_a_message_with_newlines_cannot_start_a_line(repo):
    text = valid_tip().replace("volgorde: 1", 'volgorde: "1\\n::error file=x::forged\\n::stop-commands::t"')
    result = run_check(repo({"content/tips/geldige-tip.md": text}), GITHUB_ACTIONS="true")
    assert result.returncode == 1
    commands = [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]
    assert len(commands) == 1 and commands[0].startswith("::error file=content/tips/geldige-tip.md,"), result.stdout


def test_a_path_that_looks_like_a_command_does_not_start_the_line():
    from kennisbank.findings import Finding
    line = Finding(" ::error file=x::forged", 1, 1, "E004", "x").format()
    assert not line.lstrip().startswith("::"), line

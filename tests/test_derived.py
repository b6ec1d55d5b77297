"""Derived files (schemas/, the issue form, CONTRIBUTING's rule table) are checked by `make check` (E042)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import yaml

from conftest import REPO, valid_tip
from kennisbank import derived
from kennisbank.issueform import FORM_PATH
from kennisbank.loader import load

SCHEMAS = ["schemas/tip.schema.json", "schemas/vraag.schema.json", "schemas/voorbeeld.schema.json"]
FINDING = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+)  (?P<rule>[EW]\d{3})  (?P<message>.*)$")
NEW_THEME = ("themas:\n", "themas:\n  digitale-zorg:\n    label: Digitale zorg\n"
             "    beschrijving: Zorg en ondersteuning op afstand, met apps en beeldbellen.\n")


def cli(root, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "GITHUB_ACTIONS": ""}
    return subprocess.run([sys.executable, "-m", "kennisbank", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def findings(output: str) -> list[dict]:
    return [m.groupdict() for line in output.splitlines() if (m := FINDING.match(line))]


def project(tmp_path):
    """A clone's content and every derived file, as committed."""
    root = tmp_path / "kopie"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / FORM_PATH).parent.mkdir(parents=True)
    shutil.copy(REPO / FORM_PATH, root / FORM_PATH)
    shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    return root


def test_the_committed_derived_files_are_current():
    corpus = load(REPO)
    stale = derived.stale(REPO, corpus.vocabularies)
    assert not stale, f"verouderd: {[s.path for s in stale]} — draai 'make schema' en commit het resultaat"


def test_a_new_theme_without_make_schema_fails_check_and_make_schema_fixes_it(tmp_path):
    root = project(tmp_path)
    assert cli(root, "check").returncode == 0
    vocabulary = root / "content" / "vocabulaires.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(*NEW_THEME, 1), encoding="utf-8")

    result = cli(root, "check")
    assert result.returncode == 1, result.stdout
    found = findings(result.stdout)
    assert {f["path"] for f in found} == {*SCHEMAS, FORM_PATH}, result.stdout
    for finding in found:
        assert finding["rule"] == "E042" and finding["col"] == "1"
        assert "draai 'make schema'" in finding["message"]
        lines = (root / finding["path"]).read_text(encoding="utf-8").splitlines()
        assert int(finding["line"]) <= len(lines)
    assert "Traceback" not in result.stderr and "interne fout" not in result.stderr

    written = cli(root, "schema")
    assert written.returncode == 0 and "geschreven: schemas/tip.schema.json" in written.stdout
    result = cli(root, "check")
    assert result.returncode == 0 and findings(result.stdout) == [], result.stdout
    tip_schema = (root / "schemas" / "tip.schema.json").read_text(encoding="utf-8")
    assert '"digitale-zorg"' in tip_schema
    assert "Digitale zorg" in (root / FORM_PATH).read_text(encoding="utf-8")


def test_a_hand_edit_is_reported_at_its_line(tmp_path):
    root = project(tmp_path)
    path = root / SCHEMAS[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[9] += " "
    path.write_text("\n".join(lines), encoding="utf-8")
    [finding] = findings(cli(root, "check").stdout)
    assert (finding["path"], finding["line"], finding["rule"]) == (SCHEMAS[0], "10", "E042")


def test_a_changed_rule_table_is_reported(tmp_path):
    root = project(tmp_path)
    path = root / "CONTRIBUTING.md"
    path.write_text(path.read_text(encoding="utf-8").replace("| Haal er één weg. |", "| Haal er een weg. |"), encoding="utf-8")
    [finding] = findings(cli(root, "check").stdout)
    assert finding["path"] == "CONTRIBUTING.md" and finding["rule"] == "E042"
    assert "| Haal er een weg. |" in path.read_text(encoding="utf-8").splitlines()[int(finding["line"]) - 1]


def test_missing_linked_and_crlf_files(tmp_path):
    root = project(tmp_path)
    (root / SCHEMAS[1]).unlink()
    (root / SCHEMAS[2]).unlink()
    (root / SCHEMAS[2]).symlink_to("/dev/zero")
    crlf = root / "schemas" / "vocabulaires.schema.json"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout is not stale
    result = cli(root, "check")
    by_path = {f["path"]: f["message"] for f in findings(result.stdout)}
    assert set(by_path) == {SCHEMAS[1], SCHEMAS[2]}, result.stdout
    assert by_path[SCHEMAS[1]].startswith("dit afgeleide bestand ontbreekt — draai 'make schema'")
    assert "kan niet worden gelezen" in by_path[SCHEMAS[2]]
    assert "Traceback" not in result.stderr


def test_a_repository_without_derived_folders_has_no_such_findings(repo):
    root = repo({"content/tips/geldige-tip.md": valid_tip()})
    result = cli(root, "check")
    assert result.returncode == 0 and "E042" not in result.stdout


def test_the_pre_commit_hook_runs_make_check_on_derived_files():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "kennisbank-check"]
    assert hook["entry"] == "make check" and hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    for path in ["content/vocabulaires.yml", "content/tips/x.md", *SCHEMAS, FORM_PATH, "CONTRIBUTING.md",
                 "scripts/kennisbank/registry.py"]:
        assert pattern.search(path), path
    assert not pattern.search("README.md") and not pattern.search("docs/CONTRIBUTING.md")

"""The hostile and careless input corpus of issue 5: tests/fixtures/bad/ and its table verwacht.yml.

Each bad file is placed next to a copy of the real content; the validator must report the rule and line
the table names for it, and nothing about the real content (unless the mistake is inherently cross-file).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from kennisbank.check import validate

TODAY = dt.date(2026, 11, 25)
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
TABLE_FILE = BAD / "verwacht.yml"
FOLDERS = {"tips", "faq", "examples"}
ENTRY_KEYS = {"bestand", "map", "regel", "lijn", "waarom"}
OPTIONAL_KEYS = {"ook_elders"}
COUNT_LINE = re.compile(r"^\d+ fouten? gevonden in \d+ van \d+ bestanden( \(\d+ waarschuwingen?\))?\. Los ze op en draai 'make check' opnieuw\.$")


def table() -> list[dict]:
    return yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))


ENTRIES = table()


def bad_files() -> list[str]:
    return sorted(p.name for p in BAD.iterdir() if p.is_file() and p != TABLE_FILE)


def real_content(tmp: Path) -> Path:
    """A repository root with a byte-exact copy of the real content/."""
    root = tmp / "repo"
    shutil.copytree(REPO / "content", root / "content")
    return root


def place(root: Path, entry: dict) -> str:
    """Copy the bad file, bytes unchanged, into content/<map>/; return its path as findings name it."""
    rel = f"content/{entry['map']}/{entry['bestand']}"
    target = root / rel
    assert not target.exists(), f"{rel} would overwrite a real content file"
    shutil.copyfile(BAD / entry["bestand"], target)
    return rel


def test_corpus_and_table_match_one_to_one():
    names = [entry["bestand"] for entry in ENTRIES]
    assert len(bad_files()) >= 40
    assert len(names) == len(set(names)), "a file has more than one entry in verwacht.yml"
    assert sorted(names) == bad_files(), "every bad file needs exactly one entry in verwacht.yml, and vice versa"
    for entry in ENTRIES:
        assert ENTRY_KEYS <= set(entry) <= ENTRY_KEYS | OPTIONAL_KEYS, entry
        assert entry["map"] in FOLDERS, entry
        assert isinstance(entry["lijn"], int) and entry["lijn"] >= 1, entry
        assert entry["regel"][0] in "EW" and entry["regel"][1:].isdigit(), entry
        assert entry["waarom"].strip(), entry


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["bestand"] for e in ENTRIES])
def test_bad_file_is_reported_at_its_line(tmp_path, entry):
    root = real_content(tmp_path)
    rel = place(root, entry)
    _corpus, found = validate(root, today=TODAY)
    mine = [f for f in found if f.path == rel]
    shown = "\n".join(f.format() for f in found)
    assert any(f.rule == entry["regel"] and f.line == entry["lijn"] for f in mine), (
        f"expected {entry['regel']} on line {entry['lijn']} of {rel} ({entry['waarom']}); the validator said:\n{shown or '(nothing)'}")
    if not entry.get("ook_elders"):
        elsewhere = [f.format() for f in found if f.path != rel]
        assert not elsewhere, "findings about other files:\n" + "\n".join(elsewhere)


def test_cli_reports_every_bad_file_at_once(tmp_path):
    root = real_content(tmp_path)
    paths = {entry["bestand"]: place(root, entry) for entry in ENTRIES}
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "GITHUB_ACTIONS": ""}
    result = subprocess.run([sys.executable, "-m", "kennisbank", "--root", str(root), "check"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    missing = [f"{paths[e['bestand']]}:{e['lijn']}:  {e['regel']}" for e in ENTRIES
               if f"{paths[e['bestand']]}:{e['lijn']}:" not in result.stdout]
    assert not missing, "not reported:\n" + "\n".join(missing) + "\n--- stdout:\n" + result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert COUNT_LINE.match(last), last


def test_crlf_version_of_a_real_file_is_accepted(tmp_path):
    root = real_content(tmp_path)
    path = root / "content" / "faq" / "lokale-coalitie-borgen.md"
    raw = path.read_bytes()
    assert b"\r\n" not in raw
    path.write_bytes(raw.replace(b"\n", b"\r\n"))
    _corpus, found = validate(root, today=TODAY)
    assert [f.format() for f in found] == []

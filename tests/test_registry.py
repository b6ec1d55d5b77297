"""The rule registry: one object per rule, severity from its own table, texts with the code's limits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Annotated

import pytest
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from conftest import REPO, valid_tip
from kennisbank import loader, mdread, registry
from kennisbank import rules as _rules  # noqa: F401 - attaches the file and corpus checks
from kennisbank.check import main as check_main
from kennisbank.derived import CONTRIBUTING, with_rule_table
from kennisbank.findings import Finding
from kennisbank.messages import translate_errors
from kennisbank.model import CONTENT_TYPES
from kennisbank.registry import RULES, SEVERITY, Severity, Stage
from kennisbank.yamlpos import parse

TIP = "content/tips/geldige-tip.md"
TODAY = dt.date(2026, 11, 23)


def test_every_rule_is_one_complete_object():
    assert len(RULES) >= 29
    for rule in RULES.values():
        assert rule.id and rule.slug and rule.description.strip() and rule.fix.strip(), rule
        assert rule.checks, f"{rule.id} has no check function attached"
        assert all(callable(check.func) and isinstance(check.stage, Stage) for check in rule.checks)
        assert rule.severity in Severity
    assert set(SEVERITY) == set(RULES), "every severity belongs to a rule, every rule has one"
    assert len({r.slug for r in RULES.values()}) == len(RULES)


def test_rules_of_every_stage_are_in_the_one_registry():
    stages = {check.stage for rule in RULES.values() for check in rule.checks}
    assert stages == set(Stage)
    assert registry.VOCABULARY.checks[0].stage is Stage.FILE and registry.VOCABULARY.checks[1].stage is Stage.CORPUS
    assert {c.stage for c in registry.INVALID_DATE.checks} == {Stage.LOADER, Stage.FILE}
    assert registry.FILE_SIZE.checks[0].func is loader.read_text


def test_a_rule_needs_a_severity_and_a_new_id():
    with pytest.raises(ValueError, match="no severity"):
        registry.rule("E999", "nieuw", "Iets.", "Doe iets.")
    with pytest.raises(ValueError, match="registered twice"):
        registry.rule("E001", "codering-2", "Iets.", "Doe iets.")
    assert "E999" not in RULES


def test_severity_comes_from_the_table_not_from_the_id(monkeypatch):
    assert not Finding("a.md", 1, 1, "W001", "x").is_error
    assert Finding("a.md", 1, 1, "E015", "x").is_error
    monkeypatch.setitem(SEVERITY, "W001", Severity.ERROR)
    monkeypatch.setitem(SEVERITY, "E015", Severity.WARNING)
    assert Finding("a.md", 1, 1, "W001", "x").is_error
    assert not Finding("a.md", 1, 1, "E015", "x").is_error
    assert Finding("a.md", 1, 1, "W001", "x").annotation().startswith("::error ")


def test_an_unknown_rule_id_fails_the_run():
    assert Finding("a.md", 1, 1, "W999", "x").is_error


def test_make_check_exit_code_follows_the_severity_table(repo, monkeypatch):
    """An empty body is E015; made a warning in the table, `make check` passes and says so."""
    root = repo({TIP: valid_tip().replace("De tekst van de tip.\n", "")})
    out = io.StringIO()
    assert check_main(root, out) == 1
    assert "E015" in out.getvalue() and "1 fout gevonden" in out.getvalue()
    monkeypatch.setitem(SEVERITY, "E015", Severity.WARNING)
    out = io.StringIO()
    assert check_main(root, out) == 0
    assert "E015" in out.getvalue() and "Geen fouten gevonden in 1 contentbestanden (1 waarschuwing)." in out.getvalue()


def test_contributing_rule_table_is_generated_from_the_registry():
    text = (REPO / CONTRIBUTING).read_text(encoding="utf-8")
    expected = with_rule_table(text)
    assert expected is not None, "CONTRIBUTING.md mist de markeringen van de regeltabel (regels:begin/regels:end)"
    assert text == expected, "de regeltabel in CONTRIBUTING.md is verouderd — draai 'make schema' en commit CONTRIBUTING.md"


def test_the_contributing_check_fails_when_a_rule_changes(monkeypatch):
    text = (REPO / CONTRIBUTING).read_text(encoding="utf-8")
    monkeypatch.setitem(RULES, "E021", dataclasses.replace(registry.TIP_ORDER, fix="Geef de tip een ander nummer."))
    changed = with_rule_table(text)
    assert changed != text and "| `E021` | volgorde-in-tipset | " in changed and "Geef de tip een ander nummer." in changed


def test_table_rows_match_the_rules():
    rows = [line for line in registry.table().splitlines()[2:]]
    assert [row.split(" | ")[0].strip("| `") for row in rows] == list(RULES)
    for row, rule in zip(rows, RULES.values(), strict=True):
        cells = row.strip("|").split(" | ")
        assert len(cells) == 4 and cells[1] == rule.slug


def test_limits_in_the_texts_come_from_the_code(monkeypatch):
    summary = CONTENT_TYPES[0].model.model_json_schema()["properties"]["samenvatting"]
    assert f"van {summary['minLength']} tot {summary['maxLength']} tekens" in registry.SUMMARY_LENGTH.text("fix")
    assert "200.000 bytes" in registry.FILE_SIZE.text("description")
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 123_456)
    monkeypatch.setattr(mdread, "MAX_DEPTH", 7)
    assert "groter dan 123.456 bytes" in registry.FILE_SIZE.text("description")
    assert "meer dan 7 niveaus" in registry.NESTING.text("description")
    for rule in RULES.values():  # no limit is written out in the raw texts
        for number in ("250", "200.000", "1.000.000", " 40 "):
            assert number not in rule.description + rule.fix, (rule.id, number)


class _Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    samenvatting: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=9)]


@pytest.mark.parametrize("value,fragment", [("kort", "minstens 5 tekens"), ("veel te lang hier", "hoogstens 9 tekens")])
def test_messages_use_the_models_own_limits(value, fragment):
    """A model with other limits than the real one: the Dutch message names the model's, never a copy."""
    parsed = parse(f"samenvatting: {value}\n", line_offset=1)
    with pytest.raises(ValidationError) as err:
        _Summary.model_validate(parsed.data)
    [finding] = translate_errors(err.value, _Summary, parsed, TIP)
    assert finding.rule == "E014" and fragment in finding.message and (finding.line, finding.col) == (2, 15)


def test_each_check_reports_only_its_own_rule(tmp_path):
    """Every bad-corpus file next to the real content: a check never speaks for another rule."""
    import datetime
    import shutil

    import yaml

    from kennisbank.loader import load as load_corpus
    from kennisbank.rules import CORPUS_RULES, FILE_RULES, Context

    bad = REPO / "tests" / "fixtures" / "bad"
    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    for entry in yaml.safe_load((bad / "verwacht.yml").read_text(encoding="utf-8")):
        target = root / "content" / entry["map"] / entry["bestand"]
        if not target.exists():
            shutil.copyfile(bad / entry["bestand"], target)
    corpus = load_corpus(root)
    ctx = Context(corpus, corpus.vocabularies, datetime.date(2026, 11, 25))
    seen: set[str] = set()
    for rule, check in FILE_RULES:
        for loaded in corpus.files:
            if loaded.item is not None:
                found = list(check(loaded, loaded.item, ctx))
                assert {f.rule for f in found} <= {rule.id}, (check.__name__, [f.format() for f in found])
                seen |= {f.rule for f in found}
    for rule, check in CORPUS_RULES:
        found = list(check(ctx))
        assert {f.rule for f in found} <= {rule.id}, (check.__name__, [f.format() for f in found])
        seen |= {f.rule for f in found}
    assert len(seen) >= 10, sorted(seen)  # the corpus does reach most checks

"""Issue 12, an item's own dates: toegevoegd and bijgewerkt, filled in by hand, by `make new` and by the issue form."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from conftest import REPO, run_cli_in_process, valid_tip
from kennisbank.check import validate
from kennisbank.issueform import convert
from kennisbank.loader import load
from kennisbank.new import create

TODAY = dt.date(2026, 11, 25)
TIP = "content/tips/geldige-tip.md"
ISSUES = REPO / "tests" / "fixtures" / "issues"


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_every_content_file_has_its_date_of_arrival():
    corpus = load(REPO)
    files = [p for folder in ("tips", "faq", "examples") for p in (REPO / "content" / folder).glob("*.md")]
    assert len(corpus.items) == len(files)
    for item in corpus.items:
        assert item.meta.toegevoegd is not None, item.path
        assert item.meta.toegevoegd <= TODAY, item.path
        assert item.meta.bijgewerkt is None or item.meta.bijgewerkt >= item.meta.toegevoegd, item.path


def with_dates(*lines: str) -> str:
    return valid_tip().replace("volgorde: 1\n", "volgorde: 1\n" + "".join(line + "\n" for line in lines), 1)


@pytest.mark.parametrize("lines,rule,line,col,fragment", [
    (("toegevoegd: 2024-05-13", "bijgewerkt: 2024-05-01"), "E060", 15, 13, "ligt vóór 'toegevoegd'"),
    (("toegevoegd: 2027-01-01",), "E008", 14, 13, "'toegevoegd' (2027-01-01) ligt in de toekomst"),
    (("toegevoegd: 2024-05-13", "bijgewerkt: 2026-11-26"), "E008", 15, 13, "'bijgewerkt' (2026-11-26) ligt in de toekomst"),
    (("toegevoegd: 2024-02-30",), "E008", 14, 13, "geen bestaande datum"),
    (("toegevoegd: gisteren",), None, 14, 13, "gisteren"),
])
def test_careless_dates_are_findings_at_their_place(repo, lines, rule, line, col, fragment):
    _corpus, found = validate(repo({TIP: with_dates(*lines)}), today=TODAY)
    mine = [f for f in found if f.path == TIP]
    assert len(mine) == 1, [f.format() for f in found]
    finding = mine[0]
    assert (finding.line, finding.col) == (line, col), finding.format()
    assert rule is None or finding.rule == rule, finding.format()
    assert fragment in finding.message, finding.format()


def test_good_dates_are_no_finding(repo):
    _corpus, found = validate(repo({TIP: with_dates("toegevoegd: 2024-05-13", "bijgewerkt: 2026-11-25")}), today=TODAY)
    assert found == []
    _corpus, found = validate(repo({TIP: with_dates("toegevoegd: 2024-05-13", "bijgewerkt: 2024-05-13")}), today=TODAY)
    assert found == []


def test_the_cli_reports_a_date_finding_at_file_line_col(repo, capsys):
    root = repo({TIP: with_dates("toegevoegd: 2024-05-13", "bijgewerkt: 2020-01-01")})
    code, out = run_cli_in_process(capsys, "--root", str(root), "check")
    assert code == 1
    assert f"{TIP}:15:13  E060  'bijgewerkt' (2020-01-01) ligt vóór 'toegevoegd' (2024-05-13)" in out


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.mark.parametrize("kind", ["tip", "vraag", "praktijkvoorbeeld"])
def test_make_new_fills_in_today_as_the_date_of_arrival(project, kind):
    target = create(project, kind, "Een nieuw item over datums", today=TODAY)
    data = front_matter(target)
    assert data["toegevoegd"] == TODAY and data["laatst_gecontroleerd"] == TODAY
    assert "bijgewerkt" not in data  # only when the substance changes later


def test_the_issue_form_conversion_fills_in_the_date_of_arrival(project):
    body = (ISSUES / "volledig.md").read_bytes().decode("utf-8")
    target = convert(body, project, today=TODAY)
    data = front_matter(target)
    assert str(data["toegevoegd"]) == TODAY.isoformat() == str(data["laatst_gecontroleerd"])
    assert "bijgewerkt" not in data
    corpus, found = validate(project, today=TODAY)
    assert not [f for f in found if f.path.endswith(target.name)], [f.format() for f in found]


def test_the_licence_warning_names_the_setting_and_goes_away_once_set(repo, capsys):
    root = repo({TIP: valid_tip(), "instellingen.yml": "# de licentie\nlicentie:\n"})
    code, out = run_cli_in_process(capsys, "--root", str(root), "check")
    assert code == 0  # a warning: the site is still built
    assert "instellingen.yml:2:1  W020  er is nog geen licentie vastgesteld" in out
    (root / "instellingen.yml").write_text("licentie: CC BY 4.0\n", encoding="utf-8")
    code, out = run_cli_in_process(capsys, "--root", str(root), "check")
    assert code == 0 and "W020" not in out

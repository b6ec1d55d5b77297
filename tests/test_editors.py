"""What editors use: templates, `make new`, the issue form and its conversion, CONTRIBUTING."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import REPO, make_repo
from kennisbank.check import errors, validate
from kennisbank.issueform import FIELDS, FORM_PATH, convert, parse_body, render_form
from kennisbank.loader import load
from kennisbank.model import CONTENT_TYPES
from kennisbank.new import TEMPLATE_DIR, template_path
from kennisbank.registry import RULES

ISSUES = REPO / "tests" / "fixtures" / "issues"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def project(tmp_path):
    """A copy of the real content, so new files never land in the repository's content/."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    return root


def run_cli(root, *args):
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "GITHUB_ACTIONS": ""}
    return subprocess.run([sys.executable, "-m", "kennisbank", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)


@pytest.mark.parametrize("ctype", CONTENT_TYPES, ids=lambda t: t.key)
def test_templates_are_valid_apart_from_their_placeholders(repo, ctype):
    text = template_path(REPO, ctype).read_text(encoding="utf-8")
    item_id = yaml.safe_load(text.split("---")[1])["id"]
    root = repo({f"content/{ctype.folder}/{item_id}.md": text})
    _corpus, found = validate(root, today=TODAY)
    assert found, "the template marks what to fill in"
    assert {f.rule for f in found} == {"W001"}, [f.format() for f in found]


@pytest.mark.parametrize("kind,folder", [("praktijkvoorbeeld", "examples"), ("tip", "tips"), ("vraag", "faq")])
def test_make_new_writes_a_file_that_passes_check(project, kind, folder):
    result = run_cli(project, "new", "--soort", kind, "--titel", "Wijkteam én huisarts in Zaandam")
    assert result.returncode == 0, result.stdout + result.stderr
    target = project / "content" / folder / "wijkteam-en-huisarts-in-zaandam.md"
    assert f"Nieuw bestand: content/{folder}/wijkteam-en-huisarts-in-zaandam.md" in result.stdout
    assert "Volgende stappen" in result.stdout
    meta = yaml.safe_load(target.read_text(encoding="utf-8").split("---")[1])
    assert meta["titel"] == "Wijkteam én huisarts in Zaandam"
    assert str(meta["laatst_gecontroleerd"]) == dt.date.today().isoformat()
    check = run_cli(project, "check")
    assert check.returncode == 0, check.stdout
    assert "W001" in check.stdout  # and it says what is left to fill in
    again = run_cli(project, "new", "--soort", kind, "--titel", "Wijkteam én huisarts in Zaandam")
    assert f"content/{folder}/wijkteam-en-huisarts-in-zaandam-2.md" in again.stdout


def test_make_new_without_answers_explains_itself(project):
    result = run_cli(project, "new")
    assert result.returncode == 2
    assert "make new SOORT=praktijkvoorbeeld" in result.stdout


def test_makefile_offers_make_new():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\nnew: " in makefile and "$(RUN) new" in makefile


def test_committed_issue_form_is_up_to_date():
    corpus = load(REPO)
    assert (REPO / FORM_PATH).read_text(encoding="utf-8") == render_form(corpus.vocabularies), "draai 'make schema'"


def test_dropdown_labels_survive_githubs_comma_join():
    vocab = load(REPO).vocabularies
    for field in FIELDS:
        if field.vocabulary:
            assert all(", " not in term.label for term in vocab.terms(field.vocabulary).values()), field.id


def test_full_issue_round_trips_every_field(project):
    body = (ISSUES / "volledig.md").read_bytes().decode("utf-8")
    assert "\r\n" in body  # as GitHub sends it
    target = convert(body, project, today=TODAY)
    assert target.name == "gemeente-zaanstad-huisartsen-en-verloskundigen-aan-een-tafel.md"
    corpus, found = validate(project, today=TODAY)
    assert not errors(found), [f.format() for f in found]
    item = next(i for i in corpus.items if i.path.endswith(target.name))
    meta = item.meta
    assert meta.titel == "Gemeente Zaanstad: huisartsen én verloskundigen aan één tafel"
    assert meta.samenvatting == ("In Zaanstad overleggen huisartsen, verloskundigen en de JGZ elke maand over "
                                 "“kwetsbare” zwangeren.")
    assert meta.gemeenten == ["Zaanstad", "Wormerland"]
    assert meta.regio == "noord-holland"
    assert meta.partners == ["Gemeente Zaanstad", "Verloskundigenpraktijk ’t Kraamnest", "JGZ Zaanstreek-Waterland"]
    assert meta.wat_ze_deden == "Ze maakten een sociale kaart.\nElke partner wees een sleutelfiguur aan."
    assert meta.wat_het_opleverde is None
    assert meta.lessen == ["Begin klein.", "Spreek af wie de regie heeft."]
    assert meta.themas == ["samenwerking", "borging"]
    assert meta.doelgroepen == ["huisarts", "verloskundige", "jgz"]
    assert meta.status == "beschreven"
    assert meta.bron.titel == "Verslag coalitie Kansrijke Start Zaanstad"
    assert meta.bron.url == "https://www.zaanstad.nl/kansrijke-start/verslag"
    assert meta.bron.organisatie == "Gemeente Zaanstad"
    assert meta.bron.datum == dt.date(2024, 5, 13)
    assert [(link.titel, link.url) for link in meta.meer_lezen] == [
        ("Plan van aanpak 2024", "https://www.zaanstad.nl/plan.pdf"), ("Jaarverslag coalitie", None)]
    assert meta.laatst_gecontroleerd == TODAY
    expected_body = parse_body(body)["beschrijving"]
    assert item.body.strip() == expected_body
    assert "1. signalen van stress door geldzorgen;\n2. wie de ‘regie’ neemt;" in item.body
    assert "### Een kopje dat de redacteur zelf typte" in item.body
    assert 'met "aanhalingstekens"' in item.body and "**elke maand**" in item.body


def test_minimal_issue_leaves_empty_fields_out(project):
    target = convert((ISSUES / "minimaal.md").read_text(encoding="utf-8"), project, today=TODAY)
    corpus, found = validate(project, today=TODAY)
    assert not errors(found), [f.format() for f in found]
    meta = next(i for i in corpus.items if i.path.endswith(target.name)).meta
    assert target.name == "cafe-overleg-in-zeeland.md"
    assert meta.regio is None and meta.partners == [] and meta.lessen == [] and meta.meer_lezen == []
    assert meta.status == "in aanvulling" and meta.bron.organisatie is None
    text = target.read_text(encoding="utf-8")
    assert "_No response_" not in text and "Weet ik niet" not in text


def test_issue_cli_refuses_a_body_that_is_not_the_form(project, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text("Hallo, ik heb een vraag.", encoding="utf-8")
    result = run_cli(project, "issue", str(body))
    assert result.returncode == 1
    assert "geen ingevuld formulier" in result.stderr
    assert not any((project / "content" / "examples").glob("hallo*"))


@pytest.mark.parametrize("data,expected", [(b"### Titel\n\n\xff\xfe kapot", "geen geldige UTF-8"),
                                           (b"x" * 300_000, "groter dan 262.144 bytes")])
def test_issue_cli_refuses_unreadable_bodies_in_dutch(project, tmp_path, data, expected):
    body = tmp_path / "issue.md"
    body.write_bytes(data)
    result = run_cli(project, "issue", str(body))
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr and "interne fout" not in result.stderr


def test_contributing_explains_every_rule():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"`{rule.id}`" in text and rule.slug in text, f"CONTRIBUTING.md legt {rule.id} ({rule.slug}) niet uit"
    for needed in ("Fork", "pull request", TEMPLATE_DIR, "make new", "make check", "Na het samenvoegen"):
        assert needed in text, needed


def test_every_item_page_has_a_prefilled_report_link(tmp_path):
    root = make_repo(tmp_path, {})
    shutil.copytree(REPO / "content", root / "content", dirs_exist_ok=True)
    from kennisbank.render import Renderer, Settings

    corpus = load(root)
    rendered = Renderer(corpus.items, corpus.vocabularies, Settings("https://github.com/o/r")).render()
    articles = {page.url: page.article for page in rendered.items}
    for item in corpus.items:
        text = articles[f"{item.type.url_folder}/{item.id}/"]
        assert 'class="kb-report" href="https://github.com/o/r/issues/new?' in text and ">Klopt er iets niet? Meld het</a>" in text
        assert item.path.replace("/", "%2F") in text and "Laatst vergeleken met de bron" in text


TRICKY_TITLES = [
    "Back\\slash \\n \\1 \\\\ en \\u00e9",
    "Aanhalingstekens \"dubbel\" en 'enkel'",
    "Hekje # geen commentaar: en dubbele punt: ja",
    "Accenten: coördinatie, één, café — en emoji 🎉👩🏽",
    "- begint als lijst, & * ! % @ ` { } [ ] |",
    "yes",
    "12",
]


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_make_new_keeps_the_title_byte_for_byte(project, title):
    result = run_cli(project, "new", "--soort", "tip", "--titel", title)
    assert result.returncode == 0, result.stdout + result.stderr
    rel = result.stdout.split("Nieuw bestand: ", 1)[1].split("\n", 1)[0]
    corpus = load(project)
    [loaded] = [f for f in corpus.files if f.path == rel]
    assert loaded.parsed.data["titel"] == title
    assert loaded.parsed.data["titel"].encode("utf-8") == title.encode("utf-8")
    assert not [f.format() for f in corpus.findings if f.path == rel]


HIDDEN = {
    "comment in the description": ("Een informeel overleg.", "Een informeel overleg.<!-- VERBORGEN-1 [klik](javascript:alert(1)) -->"),
    "comment over several lines": ("Een informeel overleg.", "Een informeel<!--\nVERBORGEN-1\n### Titel\nVERBORGEN-2\n--> overleg."),
    "unterminated comment": ("Een informeel overleg.", "Een informeel overleg.\n<!-- VERBORGEN-1\n\n### Partners\n\nVERBORGEN-2"),
    "comment in the title": ("Café-overleg in Zeeland", "Café-overleg<!-- VERBORGEN-1 --> in Zeeland"),
    "fake heading in a comment": ("### Titel\n", "<!--\n### Titel\n\nVERBORGEN-1\n-->\n### Titel\n"),
    "zero-width and bidi": ("Café-overleg in Zeeland", "Café-overleg in\u200b Zee\u202eland\u2066"),
}


@pytest.mark.parametrize("old,new", HIDDEN.values(), ids=HIDDEN.keys())
def test_hidden_text_in_an_issue_never_reaches_the_new_file(project, old, new):
    body = (ISSUES / "minimaal.md").read_text(encoding="utf-8")
    assert old in body
    target = convert(body.replace(old, new, 1), project, today=TODAY)
    text = target.read_text(encoding="utf-8")
    assert "VERBORGEN" not in text and "<!--" not in text and "javascript" not in text, text
    assert not any(ch in text for ch in "\u200b\u202e\u2066"), text
    assert "Café-overleg" in text and "informeel" in text
    assert target.name == "cafe-overleg-in-zeeland.md"

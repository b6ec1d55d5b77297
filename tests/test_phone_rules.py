"""Issue 13 without a browser: personal data (E050), repeated sections (E051), the maintainer (W010),
the status labels on the model, the contact routes, "In het kort", folding, soft hyphens, the deploy check."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import yaml

from conftest import REPO, valid_example, valid_tip
from kennisbank import personal
from kennisbank.check import validate
from kennisbank.deploycheck import problem
from kennisbank.fields import filter_catalogue
from kennisbank.model import STATUS_LABELS, Praktijkvoorbeeld
from kennisbank.render.contact import Contact, contact_snippet
from kennisbank.render.hyphen import SOFT_HYPHEN, soft_hyphens
from kennisbank.render.longpage import fold_long_sections, shorten

TODAY = dt.date(2026, 11, 25)


# --- E050: personal data --------------------------------------------------------------------


@pytest.mark.parametrize("line,kind", [
    ("Mail j.jansen@wijkteam.nl gerust.", "e-mailadres"),
    ("Bel 06-12345678.", "telefoonnummer"),
    ("Bel 06 1234 5678.", "telefoonnummer"),
    ("Bel 020-1234567.", "telefoonnummer"),
    ("Bel +31 6 12345678.", "telefoonnummer"),
    ("Bel 0031 20 123 4567.", "telefoonnummer"),
    ("BSN 111222333.", "BSN"),
    ("BSN 1112.22.333.", "BSN"),
])
def test_personal_data_is_found(line, kind):
    hits = list(personal.personal_data(line))
    assert [h.kind for h in hits] == [kind], hits
    assert line[hits[0].col:].startswith(hits[0].text)


@pytest.mark.parametrize("line", [
    "Op 2020-07-03 en in 2024 begonnen 1.000.000 ouders.",
    "Zie https://www.voorbeeld.nl/pagina/0612345678 of id=111222333.",
    "Het getal 111222334 haalt de elfproef niet.",
    "Een adres zonder domein: iemand@ of @twitter.",
    "Telefoonnummers van negen cijfers 061234567 zijn geen Nederlands nummer.",
    "000000000 is geen BSN.",
])
def test_ordinary_text_is_not_personal_data(line):
    assert list(personal.personal_data(line)) == []


def test_the_configured_contact_address_is_allowed():
    assert list(personal.personal_data("Mail Info@Kennisbank.nl", "info@kennisbank.nl")) == []
    assert [h.text for h in personal.personal_data("Mail info@kennisbank.nl of ander@kennisbank.nl", "info@kennisbank.nl")] \
        == ["ander@kennisbank.nl"]


HOSTILE = {"apenstaartjes": lambda n: "a.b@" * (n // 4), "cijfers": lambda n: "0 6-1." * (n // 6),
           "alleen-apenstaartjes": lambda n: "@" * n, "lang-lokaal-deel": lambda n: "a" * n + "@x.nl",
           "cijferreeks": lambda n: "9 " * (n // 2), "lange-domeinnaam": lambda n: "a@" + "b." * (n // 2)}


def _seconds(text: str) -> float:
    start = time.perf_counter()
    list(personal.personal_data(text))
    return time.perf_counter() - start


@pytest.mark.parametrize("name", HOSTILE)
def test_the_scans_are_linear(name):
    small = min(_seconds(HOSTILE[name](20_000)) for _ in range(3))
    large = min(_seconds(HOSTILE[name](200_000)) for _ in range(3))
    assert large < 30 * max(small, 0.005), (small, large)  # linear: about 10x; quadratic: about 100x


def _repo(repo, files: dict[str, str], settings: str | None = None):
    root = repo(files)
    if settings is not None:
        (root / "instellingen.yml").write_text(settings, encoding="utf-8")
    return root


def test_e050_at_file_line_col_and_the_contact_address_passes(repo):
    body = valid_tip().rstrip("\n") + "\n\nMail info@kennisbank.nl of piet@voorbeeld.nl.\n"
    root = _repo(repo, {"content/tips/geldige-tip.md": body},
                 "beheerder:\n  organisatie: Stichting Voorbeeld\n  email: info@kennisbank.nl\n")
    _corpus, found = validate(root, today=TODAY)
    mine = [f for f in found if f.rule == "E050"]
    line = body.splitlines().index("Mail info@kennisbank.nl of piet@voorbeeld.nl.") + 1
    assert [(f.path, f.line, f.col) for f in mine] == [("content/tips/geldige-tip.md", line, 28)]
    assert "piet@voorbeeld.nl" in mine[0].message and "persoonsgegevens" in mine[0].message
    assert not [f for f in found if f.rule == "W010"]  # a maintainer is set


# --- E051: a section repeats the body ------------------------------------------------------


def test_e051_only_for_a_real_repetition(repo):
    repeated = "Uit de praktijk blijkt dat het voordelen heeft voor het kind, de ouders en de huisarts."
    example = valid_example().replace("status: in aanvulling\n", f"status: in aanvulling\nwat_het_opleverde: \"{repeated}\"\n")
    example = example.replace("Wat de bron zegt.", f"Wat de bron zegt. {repeated.replace(' het ', '  het ')}")
    own = valid_example("eigen-voorbeeld").replace("status: in aanvulling\n", "status: in aanvulling\nwat_ze_deden: Ze praatten.\n")
    root = _repo(repo, {"content/examples/geldig-voorbeeld.md": example, "content/examples/eigen-voorbeeld.md": own})
    _corpus, found = validate(root, today=TODAY)
    assert [(f.path, f.rule) for f in found] == [("content/examples/geldig-voorbeeld.md", "E051")], [f.format() for f in found]


# --- W010: the maintainer ------------------------------------------------------------------


def test_w010_warns_while_the_real_settings_name_no_maintainer():
    _corpus, found = validate(REPO, today=TODAY)
    warned = [f for f in found if f.rule == "W010"]
    settings = yaml.safe_load((REPO / "instellingen.yml").read_text(encoding="utf-8"))
    if settings["beheerder"]["organisatie"] and settings["beheerder"]["email"]:
        assert not warned
    else:
        assert len(warned) == 1 and not warned[0].is_error
        assert warned[0].path == "instellingen.yml" and warned[0].line == 6


def test_no_w010_without_a_settings_file(repo):
    _corpus, found = validate(_repo(repo, {"content/tips/geldige-tip.md": valid_tip()}), today=TODAY)
    assert found == []


# --- the model's labels, the contact routes -----------------------------------------------


def test_status_labels_live_on_the_model_and_stored_values_stay():
    assert STATUS_LABELS.of("beschreven") == "Uitgewerkt" and STATUS_LABELS.of("in aanvulling") == "Alleen genoemd"
    schema = Praktijkvoorbeeld.model_json_schema()["properties"]["status"]
    assert set(schema["enum"]) == {"beschreven", "in aanvulling"}
    assert ("status", "Status") in [(f.key, f.label) for f in filter_catalogue()]


def test_contact_routes_without_and_with_an_address():
    without = contact_snippet(Contact("https://github.com/org/kb"))
    assert "kb-plaatshouder" in without and "mailto:" not in without
    assert "https://github.com/org/kb/issues/new?template=praktijkvoorbeeld.yml" in without
    assert without.count("GitHub-account") >= 3
    with_address = contact_snippet(Contact("https://github.com/org/kb", "Stichting Voorbeeld", "info@voorbeeld.nl"))
    assert "kb-plaatshouder" not in with_address and "Stichting Voorbeeld" in with_address
    assert with_address.count("mailto:info@voorbeeld.nl?") == 2 and "mailto:info@voorbeeld.nl)" in with_address.replace(">", "")
    hostile = contact_snippet(Contact("https://github.com/org/kb", "[x](javascript:alert(1)) <b>", None))
    assert "[x](javascript" not in hostile and "<b>" not in hostile


# --- "In het kort", folding, soft hyphens --------------------------------------------------


@pytest.mark.parametrize("text", ["Eén zin die kort genoeg is om te tonen. En een tweede.", "woord " * 80, "x" * 500])
def test_shortening_quotes_never_rewrites(text):
    short = shorten(text)
    assert short.removesuffix(" …") in " ".join(text.split())
    assert len(short) <= 162


def test_only_long_sections_fold_and_nested_headings_stay():
    short = "<h2 id=a>A</h2>\n<p>kort</p>\n<h3 id=b>B</h3>\n<p>b</p>\n<h3 id=c>C</h3>\n<p>c</p>\n"
    assert fold_long_sections(short) == short
    long = short.replace("kort", "lang " * 400) + "<blockquote>\n<h3>Citaat</h3>\n</blockquote>\n"
    folded = fold_long_sections(long)
    assert folded.count('<details class="kb-deel">') == 2
    assert "<blockquote>\n<h3>Citaat</h3>\n</blockquote>" in folded


def test_soft_hyphens_only_in_long_words_and_nothing_else_changes():
    text = "Samenwerkingsafspraken voor de jeugdprofessional (Kansrijke Start)"
    hyphenated = soft_hyphens(text)
    assert hyphenated.replace(SOFT_HYPHEN, "") == text
    assert "Sa\xadmen\xadwer\xadkings" in hyphenated and "Kansrijke Start" in hyphenated
    assert soft_hyphens("") == ""


# --- deploy --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [None, "", "/", "http://127.0.0.1:8000/", "http://localhost:8000/", "https://10.1.2.3/",
                                 "http://org.github.io/kb/", "geen adres"])
def test_deploy_refuses_a_local_or_unsafe_site_url(url):
    assert problem(url)


def test_deploy_accepts_the_pages_address_and_the_workflow_checks_before_building():
    assert problem("https://org.github.io/kennisbank/") is None
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    check = next(i for i, run in enumerate(runs) if "kennisbank.deploycheck" in run)
    build = next(i for i, run in enumerate(runs) if run.strip() == "make site")
    assert check < build
    assert steps[check]["env"]["SITE_URL"] == steps[build]["env"]["SITE_URL"]

"""Each validator rule on a small bad file: the finding's id, line, column and Dutch message."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import valid_example, valid_question, valid_tip
from kennisbank.check import validate
from kennisbank.registry import RULES

TODAY = dt.date(2026, 11, 23)
TIP = "content/tips/geldige-tip.md"
GLOSSARY = ("begrippen:\n  ggz:\n    term: Geestelijke gezondheidszorg\n    afkorting: GGZ\n"
            "    uitleg: Zorg voor mensen met psychische klachten.\n    url: https://www.rijksoverheid.nl/\n")


def tip_with(old: str, new: str) -> str:
    text = valid_tip()
    assert old in text, old
    return text.replace(old, new, 1)


CASES = [
    # (name, files, expected path, line, col, rule id, message fragment)
    ("bom", {TIP: b"\xef\xbb\xbf" + valid_tip().encode()}, TIP, 1, 1, "E001", "byte-order mark"),
    ("latin-1", {TIP: valid_tip().replace("Een geldige tip", "Een geldige tip café").encode("latin-1")},
     TIP, 3, 27, "E001", "geen geldige UTF-8 (byte 0xe9)"),
    ("tab", {TIP: tip_with("titel: Een", "titel:\tEen").replace("themas:", "\tthemas:")}, TIP, 3, 7, "E002", "tab"),
    ("unclosed quote", {TIP: tip_with("titel: Een geldige tip", 'titel: "Een geldige tip')}, TIP, 3, 8, "E002", "aanhalingsteken"),
    ("bad indentation", {TIP: tip_with("  titel: Kansrijke", "    titel: Kansrijke")}, TIP, 9, 10, "E002", "YAML"),
    ("duplicate key", {TIP: tip_with("volgorde: 1", "volgorde: 1\ntitel: Nog een titel")}, TIP, 14, 1, "E003",
     "veld 'titel' staat er twee keer (eerder op regel 3)"),
    ("no front matter", {TIP: "Alleen tekst.\n"}, TIP, 1, 1, "E004", "front matter ontbreekt"),
    ("unclosed front matter", {TIP: valid_tip().replace("---\n\nDe tekst", "\nDe tekst")}, TIP, 1, 1, "E004", "afgesloten"),
    ("unknown field", {TIP: tip_with("titel:", "titl:")}, TIP, 3, 1, "E005", "onbekend veld 'titl' — bedoel je 'titel'?"),
    ("unknown nested field", {TIP: tip_with("  document:", "  auteur: iemand\n  document:")}, TIP, 8, 3, "E005",
     "onbekend veld 'auteur'"),
    ("missing field", {TIP: tip_with("samenvatting: Dit is een samenvatting van een geldige tip voor de tests.\n", "")},
     TIP, 2, 1, "E006", "verplicht veld 'samenvatting' ontbreekt"),
    ("missing nested field", {TIP: tip_with("  titel: Kansrijke Start & het betrekken van huisartsen\n", "")},
     TIP, 7, 1, "E006", "verplicht veld 'titel' ontbreekt — voeg 'titel: …' toe onder 'bron'"),
    ("wrong type", {TIP: tip_with("volgorde: 1", "volgorde: eerste")}, TIP, 13, 11, "E007", "'volgorde' moet een geheel getal zijn"),
    ("list expected", {TIP: tip_with("themas: [samenwerking]", "themas: samenwerking")}, TIP, 5, 9, "E007",
     "'themas' moet een lijst"),
    ("impossible date", {TIP: tip_with("2024-05-13", "2024-02-30")}, TIP, 10, 23, "E008", "geen bestaande datum"),
    ("future date", {TIP: tip_with("2024-05-13", "2030-01-01")}, TIP, 10, 23, "E008", "ligt in de toekomst"),
    ("id with capitals", {"content/tips/Mijn Tip.md": valid_tip(id="Mijn Tip")}, "content/tips/Mijn Tip.md", 2, 5, "E009",
     "bijvoorbeeld 'mijn-tip'"),
    ("file name differs", {"content/tips/andere-naam.md": valid_tip()}, "content/tips/andere-naam.md", 2, 5, "E010",
     "hernoem het bestand naar 'geldige-tip.md'"),
    ("duplicate id across types", {TIP: valid_tip(), "content/faq/geldige-tip.md": valid_question(id="geldige-tip")},
     "content/faq/geldige-tip.md", 2, 5, "E011", "bestaat ook in content/tips/geldige-tip.md"),
    ("unknown theme", {TIP: tip_with("themas: [samenwerking]", "themas: [samenwerkng]")}, TIP, 5, 10, "E012",
     "onbekende waarde 'samenwerkng' in 'themas' — bedoel je 'samenwerking'?"),
    ("unknown source", {TIP: tip_with("infosheet-huisartsen-betrekken", "onbekende-bron")}, TIP, 8, 13, "E012", "bron.document"),
    ("repeated value", {TIP: tip_with("[gemeente, huisarts]", "[gemeente, gemeente]")}, TIP, 6, 25, "E013",
     "'gemeente' staat twee keer"),
    ("summary too short", {TIP: tip_with("Dit is een samenvatting van een geldige tip voor de tests.", "Kort.")}, TIP, 4, 15,
     "E014", "samenvatting is 5 tekens"),
    ("empty body", {TIP: valid_tip().replace("De tekst van de tip.\n", "")}, TIP, 14, 1, "E015", "tekst onder de front matter is leeg"),
    ("raw html", {TIP: valid_tip().replace("De tekst van de tip.", "Tekst met <iframe src=x></iframe>.")}, TIP, 16, 11,
     "E016", "<iframe> is niet toegestaan in 'tekst' — zet een gewone link"),
    ("javascript link", {TIP: valid_tip().replace("De tekst van de tip.", "Klik [hier](javascript:alert(1)).")}, TIP, 16, 13,
     "E017", "link met 'javascript:' is niet toegestaan"),
    ("link without target", {TIP: valid_tip().replace("De tekst van de tip.", "Zie [meer informatie](#).")}, TIP, 16, 23,
     "E017", "link 'meer informatie' heeft geen doel"),
    ("nested too deep", {TIP: valid_tip().replace("De tekst van de tip.", "> " * 50 + "Diep.")}, TIP, 16, 1, "E030",
     "meer dan 40 niveaus diep genest"),
    ("table that pads into megabytes", {TIP: valid_tip().replace(
        "De tekst van de tip.", "| a |" + " b |" * 1500 + "\n|---|" + "---|" * 1500 + "\n" + "| x |\n" * 800)}, TIP, 16, 1,
     "E031", "de grens is 1.000.000 bytes — maak tabellen kleiner"),
    ("level-one heading", {TIP: valid_tip().replace("De tekst van de tip.", "Inleiding.\n\n# Kop")}, TIP, 18, 1, "E032",
     "kopje van niveau 1 in 'tekst'"),
    ("yaml tag", {TIP: tip_with("titel: Een geldige tip", "titel: !!python/object/apply:os.system [ls]")}, TIP, 3, 8, "E018",
     "YAML-tag"),
    ("alias", {TIP: tip_with("themas: [samenwerking]", "themas: &t [samenwerking]").replace("gerelateerd: []", "gerelateerd: *t")},
     TIP, 5, 9, "E018", "ankers (&t) zijn niet toegestaan"),
    ("alias without anchor", {TIP: tip_with("gerelateerd: []", "gerelateerd: *t")}, TIP, 11, 14, "E018", "aliassen"),
    ("missing image", {TIP: valid_tip().replace("De tekst van de tip.", "Zie ![schema](../afbeeldingen/schema.png).")}, TIP, 16, 15,
     "E023", "afbeelding '../afbeeldingen/schema.png' bestaat niet"),
    ("external image", {TIP: valid_tip().replace("De tekst van de tip.", "![logo](https://elders.example/logo.png)")}, TIP, 16, 9,
     "E023", "komt van buiten de site"),
    ("internal link to nothing", {TIP: valid_tip().replace("De tekst van de tip.", "Lees [dit](../faq/bestaat-niet.md).")}, TIP, 16, 12,
     "E024", "interne link '../faq/bestaat-niet.md' wijst niet naar een bestaand item"),
    ("too large", {TIP: valid_tip() + "x" * 210_000}, TIP, 1, 1, "E019", "de limiet is 200.000 bytes"),
    ("related missing", {TIP: tip_with("gerelateerd: []", "gerelateerd: [geldig-voorbeeld, onbestaand]"),
                         "content/examples/geldig-voorbeeld.md": valid_example()}, TIP, 11, 33, "E020",
     "gerelateerd item 'onbestaand' bestaat niet"),
    ("related to itself", {TIP: tip_with("gerelateerd: []", "gerelateerd: [geldige-tip]")}, TIP, 11, 15, "E020",
     "naar zichzelf"),
    ("source without document or url", {TIP: tip_with("  document: infosheet-huisartsen-betrekken\n", "")}, TIP, 7, 1, "E022",
     "de bron noemt geen document en geen url"),
    ("template text left", {TIP: tip_with("Dit is een samenvatting", "Dit is (aanvullen) een samenvatting")}, TIP, 4, 22, "W001",
     "'(aanvullen)' staat er nog"),
    ("abbreviation not in the glossary", {TIP: valid_tip().replace("De tekst van de tip.", "Vraag het de QXZ en de GGZ."),
                                          "content/begrippen.yml": GLOSSARY}, TIP, 16, 14, "W002",
     "afkorting 'QXZ' staat niet in de begrippenlijst"),
    ("control character in file name", {"content/tips/a\x1b[2Jb.md": valid_tip()}, "content/tips/a\\x1b[2Jb.md", 1, 1, "E040",
     "bestandsnaam bevat stuurtekens"),
    ("image with html bytes", {"content/afbeeldingen/schema.png": b"<html><script>alert(1)</script>"},
     "content/afbeeldingen/schema.png", 1, 1, "E041", "geen PNG-afbeelding"),
    ("stale schema", {TIP: valid_tip(), "schemas/tip.schema.json": "{}\n"}, "schemas/tip.schema.json", 1, 1, "E042",
     "verschilt het van wat 'make schema' nu schrijft"),
    ("stale issue form", {TIP: valid_tip(), ".github/ISSUE_TEMPLATE/praktijkvoorbeeld.yml": "name: oud\n"},
     ".github/ISSUE_TEMPLATE/praktijkvoorbeeld.yml", 1, 1, "E042", "draai 'make schema'"),
    ("tip order taken", {TIP: valid_tip(), "content/tips/tweede-tip.md": valid_tip(id="tweede-tip")},
     "content/tips/tweede-tip.md", 13, 11, "E021", "volgorde 1 in tipset 'huisartsen-betrekken' is al gebruikt"),
    # head: an own description needs who and when; 'beschreven' needs what they did.
    ("own description without organisation", {"content/examples/geldig-voorbeeld.md": valid_example().replace(
        "  document: aanbevelingen-krachtige-basiszorg\n", "  soort: eigen beschrijving\n  datum: 2026-05-13\n")},
     "content/examples/geldig-voorbeeld.md", 8, 10, "E070", "vul 'organisatie' in onder 'bron'"),
    ("described without what they did", {"content/examples/geldig-voorbeeld.md": valid_example().replace(
        "status: in aanvulling", "status: beschreven")},
     "content/examples/geldig-voorbeeld.md", 13, 9, "E071", "'status: beschreven' vraagt om 'wat_ze_deden'"),
    # cmark-gfm matches many '*' and '_' in more than linear time: refused before parsing (tests/test_linear.py, 'nadruk')
    ("too many emphasis marks", {TIP: tip_with("De tekst van de tip.", "De tekst.\n\n" + "*_" * 1_500 + "\n\n" + "*_" * 1_500)},
     TIP, 20, 1, "E030", "meer dan 5.000 opmaaktekens"),
    # phone (issue 13)
    ("phone number in text", {TIP: tip_with("De tekst van de tip.", "Bel 06-12345678 voor de tekst.")}, TIP, 16, 5, "E050",
     "telefoonnummer '06-12345678'"),
    ("section repeats body", {"content/examples/geldig-voorbeeld.md": valid_example().replace(
        "status: in aanvulling\n", "status: in aanvulling\nwat_het_opleverde: Het leverde de ouders in de wijk veel steun en contact op.\n").replace(
        "Wat de bron zegt.", "Wat de bron zegt: het leverde de ouders in de wijk veel steun en contact op.")},
     "content/examples/geldig-voorbeeld.md", 14, 20, "E051", "herhaalt de tekst"),
    ("maintainer not set", {TIP: valid_tip(), "instellingen.yml": "beheerder:\n  organisatie:\n  email:\n"},
     "instellingen.yml", 1, 1, "W010", "'beheerder: organisatie en email' is nog leeg"),
    # share (issue 12)
    ("updated before added", {TIP: tip_with("volgorde: 1", "volgorde: 1\ntoegevoegd: 2024-05-13\nbijgewerkt: 2024-05-12")},
     TIP, 15, 13, "E060", "'bijgewerkt' (2024-05-12) ligt vóór 'toegevoegd' (2024-05-13)"),
    ("licence not set", {TIP: valid_tip(), "instellingen.yml": "beheerder:\n  email:\nlicentie:\n"}, "instellingen.yml", 3, 1,
     "W020", "licentie nog niet vastgesteld"),
]


@pytest.mark.parametrize("name,files,path,line,col,rule,fragment", CASES, ids=[c[0] for c in CASES])
def test_rule_reports_file_line_and_message(repo, name, files, path, line, col, rule, fragment):
    _corpus, found = validate(repo(files), today=TODAY)
    matching = [f for f in found if f.rule == rule and f.path == path]
    assert matching, f"no {rule} finding in {[f.format() for f in found]}"
    finding = matching[0]
    assert (finding.path, finding.line, finding.col) == (path, line, col), finding.format()
    assert fragment in finding.message, finding.message
    assert " — " in finding.message or "?" in finding.message, "every message says how to fix it"


def test_every_rule_has_a_case():
    covered = {case[5] for case in CASES}
    assert set(RULES) <= covered, f"rules without a test case: {sorted(set(RULES) - covered)}"


def test_valid_files_of_every_type_have_no_findings(repo):
    root = repo({TIP: valid_tip(), "content/faq/geldige-vraag.md": valid_question(),
                 "content/examples/geldig-voorbeeld.md": valid_example()})
    corpus, found = validate(root, today=TODAY)
    assert found == []
    assert sorted(i.id for i in corpus.items) == ["geldig-voorbeeld", "geldige-tip", "geldige-vraag"]


def test_warnings_do_not_fail_the_run(repo):
    root = repo({TIP: tip_with("Dit is een samenvatting", "Dit is (aanvullen) een samenvatting")})
    _corpus, found = validate(root, today=TODAY)
    assert [f.rule for f in found] == ["W001"]
    assert not found[0].is_error


def test_crlf_line_endings_are_accepted(repo):
    root = repo({TIP: valid_tip().replace("\n", "\r\n").encode()})
    _corpus, found = validate(root, today=TODAY)
    assert found == []


def test_all_findings_of_a_run_are_reported_at_once(repo):
    root = repo({
        TIP: tip_with("themas: [samenwerking]", "themas: [samenwerkng]"),
        "content/faq/geldige-vraag.md": valid_question().replace("categorie: algemeen", "categorie: algemen"),
        "content/examples/geldig-voorbeeld.md": "geen front matter\n",
    })
    _corpus, found = validate(root, today=TODAY)
    assert {f.rule for f in found} == {"E012", "E004"}
    assert len({f.path for f in found}) == 3

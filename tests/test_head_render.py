"""The page head rendered from small repositories: source facts, the age notice, eigen beschrijving, and
the validator's Dutch findings for the head's rules (E070, E071). Parsed with Lexbor, never grepped."""

from __future__ import annotations

import datetime as dt

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import make_repo, run_cli_in_process, valid_example, valid_tip
from kennisbank.check import validate
from kennisbank.render import Renderer, Settings
from kennisbank.settings import Settings as MaintainerSettings

TODAY = dt.date(2026, 11, 25)


def render(root, *, today=TODAY, years=3) -> dict[str, LexborHTMLParser]:
    corpus, found = validate(root, today=today)
    assert not [f for f in found if f.is_error], [f.format() for f in found]
    rendered = Renderer(corpus.items, corpus.vocabularies, Settings("https://github.com/o/r"), today=today,
                        corpus_settings=MaintainerSettings(bron_verouderd_na_jaren=years)).render()
    return {page.url: LexborHTMLParser(page.article) for page in rendered.items + rendered.overviews}


def words(node) -> str:
    return " ".join(node.text(deep=True).split()) if node is not None else ""


def tip_with_source(source: str) -> str:
    head, _, rest = valid_tip().partition("bron:\n")
    _old, _, rest = rest.partition("laatst_gecontroleerd:")
    return f"{head}bron:\n{source}laatst_gecontroleerd:{rest}"


def test_source_facts_fill_in_from_the_vocabulary(tmp_path):
    source = "  document: focusgroep-kansrijke-ontmoetingen\n  titel: Focusgroep Kansrijke Ontmoetingen\n"
    pages = render(make_repo(tmp_path, {"content/tips/geldige-tip.md": tip_with_source(source)}))
    tree = pages["tips/geldige-tip/"]
    assert words(tree.css_first(".kb-bron-wat")) == "Bron: College Perinatale Zorg (CPZ), Focusgroep Kansrijke Ontmoetingen (2020)"


def test_the_items_own_source_fields_come_first_and_link_the_title(tmp_path):
    source = ("  document: infosheet-huisartsen-betrekken\n  titel: Een eigen titel\n  organisatie: Pharos\n"
              "  datum: 2025-02-01\n  url: https://www.pharos.nl/infosheet\n")
    tree = render(make_repo(tmp_path, {"content/tips/geldige-tip.md": tip_with_source(source)}))["tips/geldige-tip/"]
    line = tree.css_first(".kb-bron-wat")
    assert words(line) == "Bron: Pharos, Een eigen titel (2025)"
    assert line.css_first("a").attributes["href"] == "https://www.pharos.nl/infosheet"
    assert tree.css_first(".kb-verouderd") is None  # from 2025: not older than 3 years on 2026-11-25


@pytest.mark.parametrize("date,years,old", [
    ("2023-11-26", 3, False),  # one day short of three years
    ("2023-11-24", 3, True),
    ("2020-07-03", 3, True),
    ("2020-07-03", 10, False),  # the maintainers' setting decides
])
def test_age_notice_follows_the_date_and_the_setting(tmp_path, date, years, old):
    source = f"  document: infosheet-huisartsen-betrekken\n  titel: Infosheet\n  datum: {date}\n"
    tree = render(make_repo(tmp_path, {"content/tips/geldige-tip.md": tip_with_source(source)}), years=years)["tips/geldige-tip/"]
    notice = tree.css_first(".kb-verouderd")
    assert (notice is not None) is old
    if old:
        assert f"meer dan {years} jaar geleden" in words(notice) and notice.css_first("a.kb-meld-nieuwer") is not None


def test_an_undated_source_is_always_flagged(tmp_path):
    source = "  document: infosheet-huisartsen-betrekken\n  titel: Infosheet\n"
    tree = render(make_repo(tmp_path, {"content/tips/geldige-tip.md": tip_with_source(source)}), years=50)["tips/geldige-tip/"]
    assert words(tree.css_first(".kb-bron-wat")).endswith("(datum onbekend)")
    assert "De bron heeft geen datum." in words(tree.css_first(".kb-verouderd"))


OWN = """\
---
id: ons-dorp
titel: "Ons dorp: huisarts en wijkteam aan één tafel"
samenvatting: De coalitie van Ons dorp beschrijft zelf hoe huisarts en wijkteam samen aan tafel kwamen.
themas: [samenwerking]
doelgroepen: [wijkteam]
bron:
  soort: eigen beschrijving
  titel: Beschrijving door de coalitie
  organisatie: Coalitie Kansrijke Start Ons dorp & partners
  datum: 2026-05-13
laatst_gecontroleerd: 2026-11-20
gemeenten: [Ons dorp]
status: in aanvulling
---

Wat de coalitie zelf schrijft.
"""


def test_own_description_says_who_and_when(tmp_path):
    tree = render(make_repo(tmp_path, {"content/examples/ons-dorp.md": OWN}))["voorbeelden/ons-dorp/"]
    assert words(tree.css_first(".kb-bron-wat")) == "Bron: eigen beschrijving van Coalitie Kansrijke Start Ons dorp & partners (13 mei 2026)"
    assert not [n for n in tree.css_first(".kb-bron-wat").iter() if n.tag != "-text"]  # plain text, no link: no document
    assert tree.css_first(".kb-verouderd") is None


@pytest.mark.parametrize("drop,expected", [
    ("  organisatie: Coalitie Kansrijke Start Ons dorp & partners\n", "vul 'organisatie' in onder 'bron'"),
    ("  datum: 2026-05-13\n", "vul 'datum' in onder 'bron'"),
])
def test_incomplete_own_description_is_a_dutch_finding_at_its_line(tmp_path, capsys, drop, expected):
    root = make_repo(tmp_path, {"content/examples/ons-dorp.md": OWN.replace(drop, "")})
    code, out = run_cli_in_process(capsys, "--root", str(root), "check")
    assert code == 1
    assert "content/examples/ons-dorp.md:8:10  E070  een eigen beschrijving" in out and expected in out, out


def test_own_description_with_a_document_is_refused(tmp_path, capsys):
    text = OWN.replace("  titel: Beschrijving", "  document: infosheet-huisartsen-betrekken\n  titel: Beschrijving")
    code, out = run_cli_in_process(capsys, "--root", str(make_repo(tmp_path, {"content/examples/ons-dorp.md": text})), "check")
    assert code == 1 and "content/examples/ons-dorp.md:9:13  E070  een eigen beschrijving heeft geen brondocument" in out, out


def test_described_status_needs_what_they_did(tmp_path, capsys):
    text = valid_example().replace("status: in aanvulling", "status: beschreven")
    code, out = run_cli_in_process(capsys, "--root", str(make_repo(tmp_path, {"content/examples/geldig-voorbeeld.md": text})), "check")
    assert code == 1 and "E071  'status: beschreven' vraagt om 'wat_ze_deden'" in out, out
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("status:"))
    assert f"content/examples/geldig-voorbeeld.md:{line}:9  E071" in out
    fixed = text.replace("status: beschreven", "status: beschreven\nwat_ze_deden: Zij deden iets, volgens de bron.")
    code, out = run_cli_in_process(capsys, "--root", str(make_repo(tmp_path / "b", {"content/examples/geldig-voorbeeld.md": fixed})), "check")
    assert code == 0, out


def test_a_source_year_that_contradicts_its_date_is_refused():
    from pydantic import ValidationError

    from kennisbank.vocab import Source
    with pytest.raises(ValidationError, match="past niet bij"):
        Source(label="X", beschrijving="Y", bestand="x.txt", datum=dt.date(2020, 3, 9), jaar=2021)
    with pytest.raises(ValidationError, match="webadres"):
        Source(label="X", beschrijving="Y", bestand="x.txt", url="javascript:alert(1)")
    assert Source(label="X", beschrijving="Y", bestand="x.txt", jaar=2020).year == 2020


@pytest.mark.parametrize("extra,expected", [
    ('    url: "javascript:alert(1)"\n', "E007  'url' moet een webadres zijn: met 'javascript:' is niet toegestaan"),
    ('    url: "../intern"\n', "E007  'url' moet een webadres zijn: begin met https://"),
    ('    organisatie: "Pharos\\u202e"\n', "teken dat de leesrichting omdraait"),
    ("    jaar: 1800\n", "is 1800, maar moet minstens 1900 zijn"),
    ("    jaar: 2021\n    datum: 2020-03-09\n", "'jaar' (2021) past niet bij 'datum' (2020-03-09) — laat 'jaar' weg"),
])
def test_careless_source_facts_in_the_vocabulary_are_dutch_findings(tmp_path, capsys, extra, expected):
    root = make_repo(tmp_path, {})
    vocab = root / "content" / "vocabulaires.yml"
    text = vocab.read_text(encoding="utf-8")
    anchor = "    bestand: 000_268f17b10e2dbc39.txt\n"
    vocab.write_text(text.replace(anchor, anchor + extra), encoding="utf-8")
    code, out = run_cli_in_process(capsys, "--root", str(root), "check")
    assert code == 1 and "content/vocabulaires.yml:" in out and expected in out, out

"""Hostile and careless input: property-based tests, the HTML scan after each build, link checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, copy_project, make_repo, valid_example, valid_question, valid_tip
from kennisbank.check import errors, validate
from kennisbank.check import main as check_main
from kennisbank.links import main as links_main
from kennisbank.pipeline import build_site
from kennisbank.postbuild import check_site

TODAY = dt.date(2026, 11, 25)
VALID = {"tips": valid_tip(), "faq": valid_question(), "examples": valid_example()}
IDS = {"tips": "geldige-tip", "faq": "geldige-vraag", "examples": "geldig-voorbeeld"}
YAML_NOISE = st.sampled_from(list(":-[]{}&*!|>'\"#%@`\t\r\n ,?") + ["---", "...", "!!python/object:os.system", "<<: *a",
                                                                    "&a [x]", "\ufeff", "\x00", "é", "“", "\u2028"])


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@st.composite
def mutated(draw):
    """A valid file of a random type, then a few random edits: deletions, insertions, duplicated lines."""
    folder = draw(st.sampled_from(sorted(VALID)))
    text = VALID[folder]
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["delete", "insert", "noise", "duplicate", "swap"]))
        lines = text.split("\n")
        if action == "delete" and text:
            start = draw(st.integers(0, len(text) - 1))
            text = text[:start] + text[start + draw(st.integers(1, 40)):]
        elif action == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.text(max_size=30)) + text[at:]
        elif action == "noise":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(YAML_NOISE) + text[at:]
        elif action == "duplicate":
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            text = "\n".join(lines)
        else:
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    encoded = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1"]))
    return folder, text.encode(encoded, errors="replace")


def assert_validator_behaves(tmp_path: Path, folder: str, data: bytes) -> None:
    root = make_repo(tmp_path / "repo", {f"content/{folder}/{IDS[folder]}.md": data})
    before = digest(root / "content")
    out = io.StringIO()
    code = check_main(root, stream=out)  # any uncaught exception fails the test
    assert code in (0, 1)
    corpus, found = validate(root, today=TODAY)
    if code == 1:
        assert errors(found) and "fout" in out.getvalue().splitlines()[-1]
    assert digest(root / "content") == before, "the validator wrote into content/"
    shutil.rmtree(root)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_mutated_files_never_crash_the_validator(tmp_path, case):
    folder, data = case
    assert_validator_behaves(tmp_path, folder, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folder=st.sampled_from(sorted(VALID)), data=st.binary(max_size=2000))
def test_random_bytes_never_crash_the_validator(tmp_path, folder, data):
    assert_validator_behaves(tmp_path, folder, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folder=st.sampled_from(sorted(VALID)), front=st.dictionaries(
    st.sampled_from(["id", "titel", "samenvatting", "themas", "doelgroepen", "bron", "laatst_gecontroleerd", "gerelateerd",
                     "tipset", "volgorde", "categorie", "vraag", "gemeenten", "status", "x"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                 lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
                 max_leaves=8), max_size=10))
def test_random_front_matter_never_crashes_the_validator(tmp_path, folder, front):
    import yaml

    data = ("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\nTekst.\n").encode()
    assert_validator_behaves(tmp_path, folder, data)


def test_alias_bomb_is_refused_quickly(repo):
    bomb = "\n".join(["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]'] +
                     [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
                      for i in range(9)] + ["---", "", "x"])
    _corpus, found = validate(repo({"content/tips/bom.md": bomb}), today=TODAY)
    assert [f.rule for f in found] == ["E018"]


# --- the build fails closed ----------------------------------------------------------------


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    out = io.StringIO()
    assert build_site(root, stream=out) == 0, out.getvalue()
    return root


def test_a_clean_build_has_no_html_problems(built_site):
    assert check_site(built_site / "site") == []


def test_html_scan_finds_scripts_handlers_and_broken_links(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site / "site", site)
    page = site / "tips" / "zoek-huisartsen-actief-op" / "index.html"
    html = page.read_text(encoding="utf-8").replace(
        '<p class="kb-samenvatting"',
        '<p><script>alert(1)</script><img src="../../assets/kennisbank.css" onerror="alert(1)">'
        '<a href="javascript:alert(1)">x</a><a href="../bestaat-niet/">y</a>'
        '<a href="../maak-deelname-eenvoudig/#geen-anker">z</a></p><p class="kb-samenvatting"', 1)
    html = html.replace("</head>", '<script src="https://elders.example/x.js"></script></head>')
    page.write_text(html, encoding="utf-8")
    problems = "\n".join(check_site(site))
    for expected in ("<script> in de inhoud", "event-handler 'onerror'", "onveilig adres in href=",
                     "../bestaat-niet/ wijst naar een pagina die niet bestaat", "anker dat niet bestaat",
                     "laadt https://elders.example/x.js van buiten de site"):
        assert expected in problems, expected


@pytest.mark.parametrize("addition,expected", [
    ("[Kapot](bestaat-niet.md)", "mkdocs build is mislukt"),  # mkdocs' own strict link check
    ("[Anker](#bestaat-niet)", "bestaat-niet"),  # a dead anchor: strict mode or our HTML check
])
def test_a_broken_hand_written_link_fails_the_build_and_keeps_the_site(built_site, tmp_path, addition, expected):
    root = copy_project(tmp_path / "project")
    shutil.copytree(built_site / "site", root / "site")
    before = digest(root / "site")
    home = root / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + f"\n{addition}\n", encoding="utf-8")
    out = io.StringIO()
    assert build_site(root, stream=out) == 1
    assert expected in out.getvalue() and "ongewijzigd" in out.getvalue()
    assert digest(root / "site") == before
    assert not [p for p in root.iterdir() if p.name.startswith("site.")]


# --- external links, checked by a separate command --------------------------------------------


class _Links(BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802 - http.server's naming
        self.send_response(200 if self.path == "/goed" else 404)
        self.end_headers()

    do_GET = do_HEAD  # noqa: N815

    def log_message(self, *args):
        pass


def test_make_links_reports_broken_external_links(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Links)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        text = valid_tip().replace("De tekst van de tip.", f"Zie [goed]({base}/goed) en [weg]({base}/weg).")
        root = make_repo(tmp_path / "repo", {"content/tips/geldige-tip.md": text})
        out = io.StringIO()
        assert links_main(root, stream=out) == 1
        lines = out.getvalue().splitlines()
        assert lines == [f"content/tips/geldige-tip.md:16:1  LINK  {base}/weg: HTTP 404 — controleer of vervang het adres",
                         "2 externe links gecontroleerd, 1 werken niet."]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_internal_links_and_images_in_content_reach_the_site(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "content" / "afbeeldingen").mkdir()
    shutil.copy(REPO / "tests" / "data" / "pixel.png", root / "content" / "afbeeldingen" / "schema.png")
    tip = root / "content" / "tips" / "zoek-huisartsen-actief-op.md"
    tip.write_text(tip.read_text(encoding="utf-8") +
                   "\nZie ook [de vraag over borgen](../faq/lokale-coalitie-borgen.md#top) en "
                   "[Overvecht](../examples/overvecht.md).\n\n![Schema van de samenwerking](../afbeeldingen/schema.png)\n",
                   encoding="utf-8")
    out = io.StringIO()
    code = build_site(root, stream=out)
    assert code == 1 and "#top wijst naar een anker dat niet bestaat" in out.getvalue()  # not a heading there
    tip.write_text(tip.read_text(encoding="utf-8").replace("#top", ""), encoding="utf-8")
    assert build_site(root, stream=io.StringIO()) == 0
    page = (root / "site" / "tips" / "zoek-huisartsen-actief-op" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../vragen/lokale-coalitie-borgen/"' in page and 'href="../../voorbeelden/overvecht/"' in page
    assert (root / "site" / "afbeeldingen" / "schema.png").is_file()

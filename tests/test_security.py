"""Attacks from outside contributors, each built end to end as `make site` builds it.

Every case starts from a copy of the project (content, hand-written docs, theme, config) with a
sentinel folder beside it, adds one hostile contribution, and runs the real command line in a
subprocess (so a crash or a hang is a failure too, not a lost test run). Then, whatever the build
said, it asserts with a real HTML parser that nothing executable or leaked reached the site, and
that nothing outside the build's own folders changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, copy_project

SECRET = "kb-geheim-7f3a9c"  # stands for anything of the build machine that must never be published
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset")


@dataclass
class Outcome:
    code: int
    output: str
    root: Path
    site: Path


def digest(folder: Path) -> dict[str, str]:
    """Every file and link under folder, without following links."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                result[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


@pytest.fixture
def project(tmp_path):
    """A fresh copy of the project, with a sentinel folder and a secret file beside it."""
    sentinel = tmp_path / "naast-de-checkout"
    sentinel.mkdir()
    (sentinel / "bewaar-mij.txt").write_text("niet weggooien\n", encoding="utf-8")
    (tmp_path / "geheim.txt").write_text(f"{SECRET}\nroot:x:0:0\n", encoding="utf-8")
    root = copy_project(tmp_path / "repo")
    return root


def build(root: Path, timeout: int = 120) -> Outcome:
    """`make site` as CI runs it, with the secret in the environment; the outside must stay as it was."""
    outside = root.parent
    before = {p.name: digest(p) if p.is_dir() else p.read_bytes() for p in outside.iterdir() if p.name != "repo"}
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "KB_TEST_SECRET": SECRET, "GITHUB_ACTIONS": "true"}
    result = subprocess.run([sys.executable, "-m", "kennisbank", "--root", str(root), "site"],
                            capture_output=True, text=True, timeout=timeout, env=env, cwd=root)
    after = {p.name: digest(p) if p.is_dir() else p.read_bytes() for p in outside.iterdir() if p.name != "repo"}
    assert after == before, "de bouw veranderde iets buiten de checkout"
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "interne fout" not in output, output
    assert result.returncode in (0, 1), f"exit {result.returncode}: {output}"
    return Outcome(result.returncode, output, root, root / "site")


def unsafe_url(value: str) -> bool:
    """A URL a browser would run or that leaves the http(s) world, after browser-style clean-up."""
    cleaned = "".join(ch for ch in value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
                                                  "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
                      if ch not in "\t\n\r").lower()
    scheme, colon, _rest = cleaned.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return False  # relative
    return cleaned.startswith(SAFE_SCHEMES) is False


def assert_harmless(site: Path) -> None:
    """Nothing executable or leaked in any published file."""
    if not site.exists():
        return
    assert not site.is_symlink()
    for path in site.rglob("*"):
        assert not path.is_symlink(), f"link gepubliceerd: {path}"
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert SECRET.encode() not in data and b"root:x:0:0" not in data, f"gelekt in {path}"
        if path.suffix not in (".html", ".svg", ".xml"):
            assert path.suffix in {".css", ".js", ".json", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".gz",
                                   ".pf_meta", ".pf_index", ".pf_fragment", ".pagefind", ".wasm", ".txt", ".ico",
                                   ".woff", ".woff2", ".map", ".pf_filter", ".csv"}, f"onverwacht bestand {path}"
            continue
        tree = LexborHTMLParser(data.decode("utf-8", "replace"))
        for node in tree.css("*"):
            for name, value in (node.attributes or {}).items():
                assert not name.lower().startswith("on"), f"{path}: {name} op <{node.tag}>"
                if name.lower() in URL_ATTRIBUTES and value:
                    assert not unsafe_url(value), f"{path}: {name}={value!r}"
            # <noscript> reads differently in a browser (raw text) than in this parser; SVG animation sets href.
            assert node.tag not in ("iframe", "object", "embed", "base", "noscript", "animate", "set"), f"{path}: <{node.tag}>"
            if node.tag == "meta":
                assert (node.attributes.get("http-equiv") or "").lower() != "refresh", f"{path}: meta refresh"
            if node.tag == "script" and not node.attributes.get("src"):
                text = node.text() or ""
                if (node.attributes.get("type") or "").strip().lower() == "application/ld+json":
                    # Structured data (issue 12) quotes content as JSON text; it never runs and never holds a '<'.
                    assert "<" not in text and isinstance(json.loads(text), dict), f"{path}: JSON-LD kan uitbreken"
                    continue
                assert "alert(" not in text and "evil" not in text, f"{path}: inline script uit content"


def refused(outcome: Outcome, *words: str) -> None:
    """The build stopped with a Dutch message that names what it refused, and published nothing new."""
    assert outcome.code == 1, outcome.output
    for word in words:
        assert word in outcome.output, (word, outcome.output)
    assert not outcome.site.exists(), "een geweigerde bouw publiceerde toch een site"


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def tip(root: Path, name: str = "zoek-huisartsen-actief-op") -> Path:
    return root / "content" / "tips" / f"{name}.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- data loss and leaks through links ------------------------------------------------------


def test_output_folder_that_is_a_link_is_refused(project):
    (project / "site").symlink_to(project.parent / "naast-de-checkout")
    outcome = build(project)
    assert outcome.code == 1 and "site" in outcome.output
    assert (project.parent / "naast-de-checkout" / "bewaar-mij.txt").is_file()


@pytest.mark.parametrize("rel", ["docs/tips", "docs/themas", "docs/afbeeldingen"])
def test_a_link_where_the_generator_once_wrote_deletes_nothing(project, rel):
    (project / rel).symlink_to(project.parent)
    outcome = build(project)
    refused(outcome, rel.split("/")[-1])
    assert (project / ".." / "naast-de-checkout" / "bewaar-mij.txt").is_file()


@pytest.mark.parametrize("rel", ["docs/lek.md", "content/afbeeldingen/lek.png", "overrides/lek.html",
                                 "content/tips/lek.md"])
def test_a_link_to_a_file_of_the_build_machine_is_refused(project, rel):
    write(project, rel + ".tmp", "x")
    (project / (rel + ".tmp")).unlink()
    (project / rel).symlink_to(project.parent / "geheim.txt")
    outcome = build(project)
    refused(outcome, Path(rel).name)


def test_a_content_file_linked_to_dev_zero_is_not_read(project):
    tip(project, "oneindig").symlink_to("/dev/zero")
    refused(build(project, timeout=60), "oneindig.md")


def test_a_vocabulary_key_cannot_write_outside_its_folder(project):
    vocab = project / "content" / "vocabulaires.yml"
    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(text.replace("themas:\n", "themas:\n  ../../content/tips/zoek-huisartsen-actief-op:\n"
                                  "    label: Kaping\n    beschrijving: Schrijft over een contentbestand.\n", 1),
                     encoding="utf-8")
    before = tip(project).read_bytes()
    refused(build(project), "vocabulaires.yml")
    assert tip(project).read_bytes() == before


# --- stored XSS and redirects -----------------------------------------------------------------


@pytest.mark.parametrize("url", ["java\tscript:alert(1)", "\x01javascript:alert(1)", " javascript:alert(1)",
                                 "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox", "//evil.example/pad", "java&#x09;script:alert(1)"])
def test_unsafe_urls_in_front_matter_are_refused(project, url):
    example = project / "content" / "examples" / "overvecht.md"
    text = example.read_text(encoding="utf-8")
    quoted = '"' + url.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\x01", "\\x01") + '"'
    example.write_text(text.replace("\nbron:\n", f"\nbron:\n  url: {quoted}\n", 1), encoding="utf-8")
    outcome = build(project)
    refused(outcome, "overvecht.md")
    assert_harmless(outcome.site)


@pytest.mark.parametrize("link", ["[klik](java\tscript:alert(1))", "[klik](<javascript:alert(1)>)",
                                  "[klik][ref]\n\n[ref]: javascript:alert(1)", "<javascript:alert(1)>",
                                  "[klik](&#106;avascript:alert(1))", "![plaatje](data:image/svg+xml,<svg/onload=alert(1)>)"])
def test_unsafe_urls_in_markdown_are_refused(project, link):
    path = tip(project)
    path.write_text(path.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    outcome = build(project)
    if "\t" in link:  # a tab ends a link destination: cmark-gfm prints this as text, not as a link
        assert outcome.code == 0, outcome.output
        assert_harmless(outcome.site)
        return
    refused(outcome, "zoek-huisartsen-actief-op.md")


@pytest.mark.parametrize("summary", [
    'Een samenvatting met KBSJABLOONBESCHRIJVING"><meta http-equiv="refresh" content="0;url=https://evil.example">',
    "Een samenvatting die KBSJABLOONTITEL KBSJABLOONINHOUD KBSJABLOONKOP KBLIJST1 noemt, en meer tekst.",
])
def test_placeholder_words_in_content_stay_text(project, summary):
    path = tip(project)
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("samenvatting:"))
    path.write_text(text.replace(line, "samenvatting: '" + summary.replace("'", "''") + "'", 1), encoding="utf-8")
    outcome = build(project)
    assert_harmless(outcome.site)
    if outcome.code == 0:
        page = LexborHTMLParser((outcome.site / "tips" / "zoek-huisartsen-actief-op" / "index.html").read_text(encoding="utf-8"))
        assert page.css_first('meta[name="description"]').attributes["content"] == summary
        assert page.css_first("title").text().startswith("Zoek")


def test_answer_full_of_placeholder_words_does_not_blow_up_a_page(project):
    path = project / "content" / "faq" / "lokale-coalitie-borgen.md"
    path.write_text(path.read_text(encoding="utf-8") + ("\nKBLIJST1 KBLIJST2 KBLIJST3 KBSJABLOONINHOUD " * 2000), encoding="utf-8")
    outcome = build(project)
    assert_harmless(outcome.site)
    if outcome.code == 0:
        largest = max(p.stat().st_size for p in outcome.site.rglob("*.html"))
        assert largest < 5_000_000


@pytest.mark.parametrize("label", ["<img src=x onerror=alert(1)>", "&lt;script&gt;alert(1)&lt;/script&gt;",
                                   "Thema</title><script>alert(1)</script>"])
def test_vocabulary_labels_never_run(project, label):
    vocab = project / "content" / "vocabulaires.yml"
    text = vocab.read_text(encoding="utf-8")
    first_label = next(line for line in text.splitlines() if line.strip().startswith("label:"))
    indent = first_label[: len(first_label) - len(first_label.lstrip())]
    vocab.write_text(text.replace(first_label, f"{indent}label: '{label}'", 1), encoding="utf-8")
    outcome = build(project)
    assert_harmless(outcome.site)
    if outcome.code == 0:
        texts = [LexborHTMLParser(p.read_text(encoding="utf-8")).css_first("title").text()
                 for p in outcome.site.rglob("index.html")]
        assert not any("<script>" in t for t in texts if "&lt;" not in label)


@pytest.mark.parametrize("name,data", [
    ("plaatje.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'),
    ("pagina.html", b"<script>alert(1)</script>"),
    ("nep.png", b"<html><script>alert(1)</script></html>"),
])
def test_only_real_images_are_published(project, name, data):
    write(project, f"content/afbeeldingen/{name}", data)
    refused(build(project), name)


@pytest.mark.parametrize("markup", ["<svg/onload=alert(1)>", '<a href="x"/onerror=alert(1)>x</a>',
                                    "<script>alert(1)</script>", '<meta http-equiv="refresh" content="0;url=https://evil.example">',
                                    "<iframe src=https://evil.example></iframe>", '<a href="java\tscript:alert(1)">x</a>',
                                    '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">klik</text></a></svg>',
                                    '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text y="20">klik</text></a></svg>',
                                    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>'])
def test_raw_html_in_hand_written_pages_fails_the_build(project, markup):
    page = project / "docs" / "toegankelijkheid.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{markup}\n", encoding="utf-8")
    outcome = build(project)
    assert_harmless(outcome.site)  # Python-Markdown may escape what is not valid HTML: then it is text
    if outcome.code == 1:
        assert "toegankelijkheid" in outcome.output and not outcome.site.exists()


# --- denial of service ------------------------------------------------------------------------


@pytest.mark.parametrize("front", [
    "a: &a [x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]",
    "titel: {a: &x [1,2], b: *x}",
    "titel: " + "[" * 5000 + "]" * 5000,
    "titel: " + "{a: " * 3000 + "1" + "}" * 3000,
])
def test_yaml_bombs_are_refused_with_a_finding(project, front):
    path = tip(project)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{front}\n", 1), encoding="utf-8")
    refused(build(project, timeout=60), "zoek-huisartsen-actief-op.md")


def test_markdown_that_backtracks_is_checked_quickly(project):
    path = tip(project)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "[a](" * 7000 + "\n", encoding="utf-8")
    outcome = build(project, timeout=60)
    assert_harmless(outcome.site)


# --- CI output ------------------------------------------------------------------------------


def test_findings_cannot_write_workflow_commands(project):
    path = tip(project)
    edit(path, "\nthemas: [", "\nthemas: [\"x\\n::error file=vals.md::vervalst\\n::stop-commands::abc\", ")
    outcome = build(project)
    assert outcome.code == 1
    # instellingen.yml's own warnings (W010: no maintainer yet, W020: no licence yet) are the maintainers' and name their file.
    commands = [line for line in outcome.output.splitlines() if line.startswith("::") and "file=instellingen.yml," not in line]
    assert commands, outcome.output
    for line in commands:
        assert "file=content/tips/zoek-huisartsen-actief-op.md" in line, line
        assert "stop-commands" not in line.split("::")[1], line


def test_thousands_of_equal_headings_build_in_linear_time(project):
    """Heading ids a, a_1, a_2, …: found from the last one, not from the start (was 149 s for 198 kB)."""
    path = tip(project)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "## a\n\n" * 10_000, encoding="utf-8")
    outcome = build(project, timeout=120)  # a hang guard; linearity itself is tested in test_linear.py
    assert outcome.code == 0, outcome.output
    page = LexborHTMLParser((outcome.site / "tips" / "zoek-huisartsen-actief-op" / "index.html").read_text(encoding="utf-8"))
    ids = [h.attributes.get("id") for h in page.css("article h2")]
    assert "a_9999" in ids and len(set(ids)) == len(ids)


def test_a_file_in_docs_cannot_replace_the_themes_code(project):
    import material

    bundle = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))
    write(project, f"docs/assets/javascripts/{bundle.name}", "alert(document.cookie)")
    refused(build(project), bundle.name)


def test_a_python_tag_in_mkdocs_yml_runs_nothing(project):
    marker = project.parent / "uitgevoerd.txt"
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") +
                      f"\nx: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    outcome = build(project)  # also asserts that nothing beside the checkout changed
    refused(outcome, "mkdocs.yml")
    assert not marker.exists()

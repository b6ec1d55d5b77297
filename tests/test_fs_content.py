"""Path segments from content are slugs, and content/afbeeldingen/ holds only real images.

Vocabulary keys and source keys become folder names on the site; a key like '../faq/x' once
wrote a generated page over a content file. Images are published as they are; an .svg or .html
there, or HTML bytes under a .png name, would run on the site.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, copy_project
from conftest import run_cli_in_process as run
from kennisbank.images import MAX_IMAGE_BYTES, sniff
from kennisbank.loader import load
from kennisbank.pipeline import build_site
from kennisbank.render import Renderer, Settings

PIXEL = (REPO / "tests" / "data" / "pixel.png").read_bytes()
VOCABULARY = "content/vocabulaires.yml"


def line_of(text: str, fragment: str) -> int:
    return text.splitlines().index(fragment) + 1


# --- vocabulary keys --------------------------------------------------------------------------

@pytest.mark.parametrize("old,new", [
    ("  samenwerking:", '  "../faq/x":'),
    ("  samenwerking:", '  "tips/index":'),
    ("  huisarts:", "  Huisarts:"),
    ("  infosheet-huisartsen-betrekken:", "  000_268f17b10e2dbc39.txt:"),
    ("  zeeland:", '  "zeeland\\u202e":'),
    ("  utrecht:", '  "..":'),
])
def test_a_vocabulary_key_that_is_not_a_slug_is_a_dutch_finding_at_its_line(tmp_path, capsys, old, new):
    root = copy_project(tmp_path / "project")
    path = root / VOCABULARY
    text = path.read_text(encoding="utf-8")
    assert text.count(f"\n{old}\n") == 1
    text = text.replace(f"\n{old}\n", f"\n{new}\n")
    path.write_text(text, encoding="utf-8")
    code, out = run(capsys, "--root", str(root), "check")
    assert code == 1
    line = line_of(text, new)
    findings = [f for f in out.splitlines() if f.startswith(f"{VOCABULARY}:{line}:")]
    assert findings, out
    assert "mag alleen kleine letters, cijfers en koppeltekens bevatten" in findings[0]
    assert " — bijvoorbeeld '" in findings[0]
    code, out = run(capsys, "--root", str(root), "site")
    assert code == 1 and not (root / "site").exists()


def test_the_key_index_is_reserved_for_the_overview_page(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    path = root / VOCABULARY
    text = path.read_text(encoding="utf-8").replace("\n  samenwerking:\n", "\n  index:\n", 1)
    path.write_text(text, encoding="utf-8")
    code, out = run(capsys, "--root", str(root), "check")
    assert code == 1
    assert f"{VOCABULARY}:{line_of(text, '  index:')}:" in out and "sleutel 'index' is gereserveerd" in out, out


def test_a_source_key_never_shows_its_file_name_to_a_reader(tmp_path):
    root = copy_project(tmp_path / "project")
    assert build_site(root, stream=io.StringIO()) == 0
    corpus = load(root)
    names = [source.bestand for source in corpus.vocabularies.bronnen.values()]
    assert len(names) == 5
    pages = list((root / "site").rglob("*.html"))
    assert pages
    for page in pages:
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        text = tree.body.text() if tree.body else ""
        attributes = " ".join(str(v) for node in tree.css("*") for v in node.attributes.values())
        for name in names:
            assert name not in text and name not in attributes, f"{page}: {name}"
    for key in corpus.vocabularies.bronnen:
        assert (root / "site" / "bronnen" / key / "index.html").is_file()


def test_generated_page_paths_cannot_leave_their_folder(tmp_path):
    from kennisbank.render import Page, write_pages

    with pytest.raises(ValueError):
        write_pages([Page("../ontsnapt.md", "x")], tmp_path / "docs")
    assert not (tmp_path / "ontsnapt.md").exists()


def test_the_renderer_only_makes_slug_paths():
    corpus = load(REPO)
    rendered = Renderer(corpus.items, corpus.vocabularies, Settings(repo_url="https://example.org/r")).render()
    for page in rendered.pages:
        *folders, name = page.path.split("/")
        assert all(part and part not in (".", "..") for part in folders + [name]), page.path


# --- images -----------------------------------------------------------------------------------

def png(size: int = 0) -> bytes:
    return PIXEL + b"\0" * size


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0" + b"\0" * 16


def gif() -> bytes:
    return b"GIF89a" + b"\0" * 16


def webp() -> bytes:
    return b"RIFF" + struct.pack("<I", 12) + b"WEBPVP8 " + b"\0" * 8


BAD_IMAGES = [
    ("plaatje.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "geen toegestane afbeeldingsnaam"),
    ("pagina.html", b"<script>alert(1)</script>", "geen toegestane afbeeldingsnaam"),
    ("schema.png", b"<html><body onload=alert(1)>", "geen PNG-afbeelding"),
    ("foto.jpg", png(), "de inhoud is een PNG-afbeelding, maar de naam eindigt op .jpg"),
    ("leeg.gif", b"", "geen GIF-afbeelding"),
    ("Foto Met Spaties.png", png(), "geen toegestane afbeeldingsnaam"),
    ("groot.png", png(MAX_IMAGE_BYTES), f"afbeelding is te groot: bestand is {len(png(MAX_IMAGE_BYTES)):,} bytes".replace(",", ".")),
    ("sub/diep.png", png(), "zonder submappen"),
    (".htaccess", b"Redirect / https://elders.example/", "geen toegestane afbeeldingsnaam"),
]


@pytest.mark.parametrize("name,data,fragment", BAD_IMAGES, ids=[b[0] for b in BAD_IMAGES])
def test_a_file_in_the_image_folder_that_is_not_a_good_image_is_a_finding(tmp_path, capsys, name, data, fragment):
    root = copy_project(tmp_path / "project")
    target = root / "content" / "afbeeldingen" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    code, out = run(capsys, "--root", str(root), "check")
    assert code == 1
    rel = f"content/afbeeldingen/{name}"
    line = next(line for line in out.splitlines() if line.startswith(f"{rel}:1:1  E041  "))
    assert fragment in line and " — " in line, line
    code, out = run(capsys, "--root", str(root), "site")
    assert code == 1 and not (root / "site").exists()


def test_good_images_of_each_kind_are_published_byte_for_byte(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    folder = root / "content" / "afbeeldingen"
    folder.mkdir()
    images = {"schema.png": png(), "foto.jpg": jpeg(), "foto-2.jpeg": jpeg(), "bewegend.gif": gif(), "modern.webp": webp(),
              "precies-de-limiet.png": png(MAX_IMAGE_BYTES - len(PIXEL))}
    for name, data in images.items():
        (folder / name).write_bytes(data)
    code, out = run(capsys, "--root", str(root), "site")
    assert code == 0, out
    for name, data in images.items():
        assert (root / "site" / "afbeeldingen" / name).read_bytes() == data
    assert not (root / "docs" / "afbeeldingen").exists()


def test_sniff_knows_the_four_formats_and_nothing_else():
    assert [sniff(d) for d in (png(), jpeg(), gif(), webp())] == ["PNG", "JPEG", "GIF", "WebP"]
    assert sniff(b"<svg") is None and sniff(b"RIFF\0\0\0\0WAVE") is None and sniff(zlib.compress(b"x")) is None


# --- make new: never writes through a link, keeps the title ------------------------------------

def test_make_new_never_writes_through_a_dangling_link(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    outside = tmp_path / "buiten.md"
    (root / "content" / "tips" / "mijn-tip.md").symlink_to(outside)
    code, out = run(capsys, "--root", str(root), "new", "--soort", "tip", "--titel", "Mijn tip")
    assert code == 0 and "content/tips/mijn-tip-2.md" in out
    assert not outside.exists()


def test_make_new_refuses_a_linked_template(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    template = root / "content" / "sjablonen" / "tip.md"
    template.unlink()
    template.symlink_to("/dev/zero")
    code, out = run(capsys, "--root", str(root), "new", "--soort", "tip", "--titel", "Mijn tip")
    assert code == 1 and "symbolische koppeling" in out
    assert not (root / "content" / "tips" / "mijn-tip.md").exists()


def test_make_new_refuses_a_linked_content_folder(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    outside = tmp_path / "ernaast"
    outside.mkdir()
    folder = root / "content" / "examples"
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.symlink_to(outside, target_is_directory=True)
    code, out = run(capsys, "--root", str(root), "new", "--soort", "praktijkvoorbeeld", "--titel", "Nieuw voorbeeld")
    assert code == 1 and f"{folder} is een symbolische koppeling" in out
    assert list(outside.iterdir()) == []


def test_make_new_keeps_backslashes_in_the_title(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    title = r"Kosten \ baten: C:\temp\new \1 \g<0>"
    code, _out = run(capsys, "--root", str(root), "new", "--soort", "vraag", "--titel", title)
    assert code == 0
    corpus = load(root)
    made = [f for f in corpus.files if f.parsed and f.parsed.data.get("titel") == title]
    assert made, [f.parsed.data.get("titel") for f in corpus.files if f.path.endswith("kosten-baten-c-temp-new-1-g-0.md")]


def test_an_image_swapped_after_the_check_is_not_copied(tmp_path):
    from kennisbank.fsguard import walk
    from kennisbank.images import check_images
    from kennisbank.render import copy_images

    folder = tmp_path / "content" / "afbeeldingen"
    folder.mkdir(parents=True)
    (folder / "schema.png").write_bytes(png())
    images, found = check_images(walk(tmp_path, "content")[0])
    assert found == [] and [i.name for i in images] == ["schema.png"]
    (folder / "schema.png").write_bytes(png() + b"<script>alert(1)</script>")
    with pytest.raises(ValueError, match="veranderd"):
        copy_images(images, tmp_path / "docs")
    assert not (tmp_path / "docs" / "afbeeldingen" / "schema.png").exists()


@pytest.mark.parametrize("rel", ["content/los.md", "content/onbekend/x.md", "content/tips/sub/kopie.md",
                                 "content/tips/.verborgen.md", "content/README.md"])
def test_a_file_outside_the_item_folders_is_reported_not_ignored(tmp_path, capsys, rel):
    root = copy_project(tmp_path / "project")
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Iets\n", encoding="utf-8")
    code, out = run(capsys, "--root", str(root), "check")
    assert code == 1
    assert f"{rel}:1:1  E004  dit bestand wordt niet gebruikt" in out, out

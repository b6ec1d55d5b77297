"""The build never leaves its own folders: links, special files and oversized files, made at run time.

Each test builds in a copy of the project that has a sentinel folder beside it, as a checkout has
its neighbours. A committed link or special file must be refused with a Dutch finding or a build
error that names the path, the exit code must be 1, and neither the sentinel nor the copy's own
files may change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from conftest import run_cli_in_process as run
from kennisbank.fsguard import NotRegular, TooLarge, UnsafePath, read_limited, remove_tree

TIP = "content/tips/zoek-huisartsen-actief-op.md"


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under folder, without following links: kind and content (or link target)."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                result[rel] = "link:" + os.readlink(path)
            elif stat.S_ISREG(mode):
                result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISDIR(mode):
                result[rel] = "dir"
            else:
                result[rel] = f"special:{stat.S_IFMT(mode)}"
    return result


@pytest.fixture
def world(tmp_path):
    """(project, sentinel folder beside it) with a snapshot taken of both; checked after the test."""
    project = copy_project(tmp_path / "project")
    beside = tmp_path / "ernaast"
    beside.mkdir()
    (beside / "sentinel.txt").write_text("niet aankomen\n", encoding="utf-8")
    (beside / "geheim.md").write_text("---\nid: geheim\n---\nGEHEIME-INHOUD\n", encoding="utf-8")
    (beside / "index.html").write_text("<p>GEHEIME-INHOUD</p>\n", encoding="utf-8")
    return project, beside


def sources(project: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(project).items() if k.split("/")[0] in ("content", "docs", "overrides", "mkdocs.yml")}


def check_and_site(capsys, project: Path) -> tuple[str, str]:
    code, checked = run(capsys, "--root", str(project), "check")
    assert code == 1, checked
    code, built = run(capsys, "--root", str(project), "site")
    assert code == 1, built
    assert not (project / "site").exists()
    return checked, built


# --- content/: findings at path:1:1 ------------------------------------------------------------

@pytest.mark.parametrize("rel,target", [
    ("content/tips/wachtwoorden.md", "/etc/passwd"),
    ("content/faq/nul.md", "/dev/zero"),
    ("content/examples/elders.md", "../../../ernaast/geheim.md"),
    ("content/vocabulaires.yml", "/etc/passwd"),
    ("content/afbeeldingen/schema.png", "/etc/passwd"),
])
def test_a_link_in_content_is_a_finding_and_is_never_read(world, capsys, rel, target):
    project, beside = world
    link = project / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists():
        link.unlink()
    before_beside, before = snapshot(beside), sources(project)
    link.symlink_to(target)
    checked, built = check_and_site(capsys, project)
    assert f"{rel}:1:1  E040  is een symbolische koppeling (symlink)" in checked
    assert f"{rel}:1:1  E040" in built and "er is niets gebouwd" in built
    assert "root:" not in checked + built and "GEHEIME-INHOUD" not in checked + built
    assert snapshot(beside) == before_beside
    link.unlink()
    assert sources(project) == {k: v for k, v in before.items() if k != rel}


def test_a_linked_content_folder_is_not_entered(world, capsys):
    project, beside = world
    folder = project / "content" / "examples"
    before_beside = snapshot(beside)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.symlink_to(beside, target_is_directory=True)
    checked, _built = check_and_site(capsys, project)
    assert "content/examples:1:1  E040  is een symbolische koppeling" in checked
    assert "geheim" not in checked
    assert snapshot(beside) == before_beside


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    # The timeout is a hang guard: a FIFO or /dev/zero that were opened or read whole would block here.
    return subprocess.run([sys.executable, "-m", "kennisbank", "--root", str(project), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_a_fifo_in_content_is_refused_without_blocking(world):
    project, beside = world
    before_beside = snapshot(beside)
    os.mkfifo(project / "content" / "tips" / "pijp.md")
    result = _cli(project, "check")
    assert result.returncode == 1
    assert "content/tips/pijp.md:1:1  E040  is een named pipe (FIFO)" in result.stdout
    assert snapshot(beside) == before_beside


def test_a_fifo_as_the_vocabulary_is_refused_without_blocking(world):
    project, _beside = world
    (project / "content" / "vocabulaires.yml").unlink()
    os.mkfifo(project / "content" / "vocabulaires.yml")
    result = _cli(project, "check")
    assert result.returncode == 1 and "content/vocabulaires.yml:1:1  E040  is een named pipe (FIFO)" in result.stdout


def test_an_oversized_content_file_reports_its_exact_size(world, capsys):
    project, _beside = world
    tip = project / TIP
    text = tip.read_bytes()
    tip.write_bytes(text + b"x" * (200_123 - len(text)))
    code, out = run(capsys, "--root", str(project), "check")
    assert code == 1
    assert f"{TIP}:1:1  E019  bestand is 200.123 bytes, de limiet is 200.000 bytes" in out


def test_a_file_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "precies.md"
    path.write_bytes(b"a" * 200_000)
    assert len(read_limited(path, 200_000)) == 200_000
    path.write_bytes(b"a" * 200_001)
    with pytest.raises(TooLarge) as err:
        read_limited(path, 200_000)
    assert err.value.message() == "bestand is 200.001 bytes, de limiet is 200.000 bytes"


def test_a_huge_sparse_file_costs_only_limit_plus_one_bytes(tmp_path):
    path = tmp_path / "groot.md"
    with open(path, "wb") as handle:
        handle.truncate(50_000_000_000)  # 50 GB, sparse: reading it whole would take minutes
    with pytest.raises(TooLarge) as err:
        read_limited(path, 200_000)
    assert err.value.size == 50_000_000_000


def test_read_limited_refuses_links_and_devices(tmp_path):
    link = tmp_path / "nul.md"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotRegular):
        read_limited(link, 10)
    with pytest.raises(NotRegular):
        read_limited(Path("/dev/zero"), 10)


# --- docs/, overrides/ and mkdocs.yml: build errors that name the path --------------------------

@pytest.mark.parametrize("rel,target,directory", [
    ("docs/wachtwoorden.md", "/etc/passwd", False),
    ("docs/omgeving.md", "/proc/self/environ", False),
    ("docs/elders", "../../ernaast", True),
    ("docs/tips", "../..", True),  # a generated folder: once made `make site` delete the checkout
    ("docs/snippets", "../../ernaast", True),
    ("overrides/main.html", "/etc/passwd", False),
    ("overrides/partials/integrations", "../../../ernaast", True),  # overrides/partials/ holds the footer (issue 13)
    ("docs/assets/kennisbank.css", "/etc/passwd", False),
])
def test_a_link_in_docs_or_overrides_stops_the_build_and_names_it(world, capsys, rel, target, directory):
    project, beside = world
    link = project / rel
    if link.is_file():
        link.unlink()
    elif link.is_dir():  # a real folder of the project (overrides/partials since issue 12) is replaced by the link
        shutil.rmtree(link)
    before_beside, before = snapshot(beside), sources(project)
    link.symlink_to(target, target_is_directory=directory)
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 1
    assert f"{rel}: is een symbolische koppeling (symlink)" in out
    assert "De vorige versie van de site is ongewijzigd gebleven." in out
    assert "root:" not in out and "GEHEIME-INHOUD" not in out
    assert not (project / "site").exists()
    assert snapshot(beside) == before_beside
    after = sources(project)
    assert after.pop(rel) == f"link:{target}"
    assert after == {k: v for k, v in before.items() if k != rel}


def test_a_fifo_in_docs_stops_the_build(world):
    project, beside = world
    os.mkfifo(project / "docs" / "pijp.md")
    result = _cli(project, "site")
    assert result.returncode == 1
    assert "docs/pijp.md: is een named pipe (FIFO)" in result.stdout
    assert not (project / "site").exists()


def test_a_linked_mkdocs_config_stops_the_build(world, capsys):
    project, beside = world
    (beside / "mkdocs.yml").write_bytes((project / "mkdocs.yml").read_bytes())
    (project / "mkdocs.yml").unlink()
    (project / "mkdocs.yml").symlink_to(beside / "mkdocs.yml")
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 1 and "mkdocs.yml ontbreekt of is geen gewoon bestand" in out


def test_a_stale_generated_folder_in_docs_stops_the_build(world, capsys):
    project, _beside = world
    (project / "docs" / "vragen").mkdir()
    (project / "docs" / "vragen" / "oud.md").write_text("# Oud\n", encoding="utf-8")
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 1 and "docs/vragen/oud.md: docs/vragen/ is van de generator" in out


def test_a_control_character_in_a_docs_file_name_stops_the_build(world, capsys):
    project, _beside = world
    (project / "docs" / "a\nb.md").write_text("# Pagina\n", encoding="utf-8")
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 1 and "docs/a\\x0ab.md: bestandsnaam bevat stuurtekens" in out


# --- the output folder: nothing deleted or renamed through a link ------------------------------

@pytest.mark.parametrize("name", ["site", "site.old"])
def test_a_linked_output_folder_is_refused_and_nothing_beside_is_touched(world, capsys, name):
    project, beside = world
    before_beside, before = snapshot(beside), sources(project)
    (project / name).symlink_to(beside, target_is_directory=True)
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 1
    assert f"{project / name} is een symbolische koppeling (symlink)" in out
    assert snapshot(beside) == before_beside
    assert sources(project) == before
    assert os.readlink(project / name) == str(beside)


def test_a_linked_output_parent_is_refused(world, capsys, tmp_path):
    project, beside = world
    (project / "uit").symlink_to(beside, target_is_directory=True)
    before_beside = snapshot(beside)
    code, out = run(capsys, "--root", str(project), "site", "--output", str(project / "uit" / "site"))
    assert code == 1 and f"{project / 'uit'} is een symbolische koppeling" in out
    assert snapshot(beside) == before_beside


def test_an_output_that_is_a_file_is_refused(world, capsys):
    project, _beside = world
    (project / "site").write_text("geen map\n", encoding="utf-8")
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 1 and "is geen map" in out
    assert (project / "site").read_text(encoding="utf-8") == "geen map\n"


def test_remove_tree_refuses_a_link_anywhere_in_the_chain(tmp_path):
    outside = tmp_path / "ernaast"
    (outside / "b").mkdir(parents=True)
    (outside / "b" / "sentinel.txt").write_text("x", encoding="utf-8")
    base = tmp_path / "project"
    base.mkdir()
    (base / "a").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        remove_tree(base, base / "a" / "b")
    with pytest.raises(UnsafePath):
        remove_tree(base, base / "a")
    assert (outside / "b" / "sentinel.txt").is_file()


# --- a good build leaves the sources as they were --------------------------------------------

def test_a_build_writes_nothing_into_the_source_tree(world, capsys):
    project, beside = world
    before_beside, before = snapshot(beside), sources(project)
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 0, out
    assert sources(project) == before  # no generated folders under docs/, no images copied there
    assert snapshot(beside) == before_beside
    assert sorted(p.name for p in project.iterdir()) == ["content", "docs", "instellingen.yml", "mkdocs.yml", "overrides", "site"]
    code, out = run(capsys, "--root", str(project), "site")  # and a second build swaps cleanly
    assert code == 0, out
    assert sorted(p.name for p in project.iterdir()) == ["content", "docs", "instellingen.yml", "mkdocs.yml", "overrides", "site"]


def test_generate_writes_into_a_new_folder_and_says_where(world, capsys, tmp_path):
    project, _beside = world
    before = sources(project)
    target = tmp_path / "gegenereerd"
    code, out = run(capsys, "--root", str(project), "generate", "--output", str(target))
    assert code == 0 and f"gegenereerd in {target / 'docs'}" in out
    assert (target / "docs" / "tips" / "index.md").is_file() and (target / "docs" / "index.md").is_file()
    assert (target / "mkdocs.yml").is_file() and (target / "overrides").is_dir()
    assert sources(project) == before
    code, out = run(capsys, "--root", str(project), "generate", "--output", str(target))
    assert code == 1 and "bestaat al en is niet leeg" in out  # never writes over what it did not make
    code, out = run(capsys, "--root", str(project), "generate")
    assert code == 0
    made = Path(out.split("gegenereerd in ", 1)[1].split(";", 1)[0]).parent
    assert made.is_dir() and not made.is_relative_to(project)
    shutil.rmtree(made)


def test_read_limited_asks_for_no_more_than_limit_plus_one_bytes(tmp_path, monkeypatch):
    import kennisbank.fsguard as fsguard

    path = tmp_path / "groot.md"
    path.write_bytes(b"a" * 1_000_000)
    asked: list[int] = []
    real_read = os.read

    def counting_read(fd: int, size: int) -> bytes:
        asked.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(fsguard.os, "read", counting_read)
    with pytest.raises(TooLarge):
        read_limited(path, 200_000)
    assert sum(asked) <= 200_001


@pytest.mark.parametrize("name", ["site", "site.old"])
def test_the_swap_itself_never_renames_or_removes_through_a_link(tmp_path, name):
    from kennisbank.pipeline import BuildError, swap_into_place

    outside = tmp_path / "ernaast"
    outside.mkdir()
    (outside / "sentinel.txt").write_text("x", encoding="utf-8")
    base = tmp_path / "project"
    built = base / "site.bouw-1"
    built.mkdir(parents=True)
    (built / "index.html").write_text("nieuw", encoding="utf-8")
    (base / name).symlink_to(outside, target_is_directory=True)
    with pytest.raises(BuildError, match="symbolische koppeling"):
        swap_into_place(built, base / "site")
    assert snapshot(outside) == {"sentinel.txt": hashlib.sha256(b"x").hexdigest()}
    assert os.path.islink(base / name) and (built / "index.html").is_file()


def test_a_linked_content_folder_itself_is_refused_and_nothing_is_read(world, capsys):
    project, beside = world
    (beside / "content").mkdir()
    (beside / "content" / "vocabulaires.yml").write_text("GEHEIME-INHOUD: [\n", encoding="utf-8")  # a finding if read
    before_beside = snapshot(beside)
    shutil.rmtree(project / "content")
    (project / "content").symlink_to(beside / "content", target_is_directory=True)
    code, out = run(capsys, "--root", str(project), "check")
    assert code == 1
    assert out.splitlines()[0] == "content:1:1  E040  is een symbolische koppeling (symlink) — die worden niet gevolgd; " \
                                  "zet er een gewoon bestand of een gewone map neer"
    assert "vocabulaires.yml" not in out and len(out.splitlines()) == 2, out
    assert snapshot(beside) == before_beside


@pytest.mark.parametrize("top", ["docs", "overrides"])
def test_a_linked_docs_or_overrides_folder_stops_the_build(world, capsys, top):
    project, beside = world
    shutil.copytree(project / top, beside / top)
    (beside / top / "lek.html").write_text("GEHEIME-INHOUD", encoding="utf-8")
    before_beside = snapshot(beside)
    shutil.rmtree(project / top)
    (project / top).symlink_to(beside / top, target_is_directory=True)
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 1 and f"{top}: is een symbolische koppeling (symlink)" in out
    assert not (project / "site").exists() and snapshot(beside) == before_beside


def test_mkdocs_reads_only_the_checked_copies_whatever_mkdocs_yml_says(world, capsys):
    project, beside = world
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\ndocs_dir: docs\n" in text and "\n  custom_dir: overrides\n" in text
    config.write_text(text.replace("\ndocs_dir: docs\n", f"\ndocs_dir: {beside}\n")
                      .replace("\n  custom_dir: overrides\n", f"\n  custom_dir: {beside}\n"), encoding="utf-8")
    code, out = run(capsys, "--root", str(project), "site")
    assert code == 0, out
    for page in (project / "site").rglob("*"):
        if page.is_file():
            assert b"GEHEIME-INHOUD" not in page.read_bytes(), page
    assert (project / "site" / "tips" / "index.html").is_file()

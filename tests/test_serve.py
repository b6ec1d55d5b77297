"""`make serve`: the live preview builds the real site, and shows a saved change by itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import REPO, copy_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if predicate():
            return time.perf_counter() - start
        time.sleep(0.1)
    raise AssertionError(f"niet gelukt binnen {seconds} s")


@pytest.fixture
def preview(tmp_path):
    root = copy_project(tmp_path / "project")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    process = subprocess.Popen([sys.executable, "-m", "kennisbank", "--root", str(root), "serve", "--adres", f"127.0.0.1:{port}"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base) is not None, 120)
        yield root, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_preview_shows_a_changed_item_within_seconds(preview):
    root, base = preview
    page = fetch(base + "tips/zoek-huisartsen-actief-op/")
    assert page and "Zoek huisartsen actief op" in page
    assert "__kennisbank-versie" in page  # the page reloads itself
    version = fetch(base + "__kennisbank-versie")
    tip = root / "content" / "tips" / "zoek-huisartsen-actief-op.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "\nEen zin die net is toegevoegd.\n", encoding="utf-8")
    seconds = wait_for(lambda: "Een zin die net is toegevoegd." in (fetch(base + "tips/zoek-huisartsen-actief-op/") or ""), 30)
    assert seconds < 5
    wait_for(lambda: fetch(base + "__kennisbank-versie") != version, 2)  # open pages see a new version and reload


def test_preview_keeps_the_last_good_version_on_an_error(preview):
    root, base = preview
    tip = root / "content" / "tips" / "zoek-huisartsen-actief-op.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace("themas: [", "themas: [onbekend, ", 1), encoding="utf-8")
    time.sleep(2)
    page = fetch(base + "tips/zoek-huisartsen-actief-op/")
    assert page and "Zoek huisartsen actief op" in page
    title = root / "content" / "tips" / "maak-deelname-eenvoudig.md"
    title.write_text(title.read_text(encoding="utf-8").replace("titel: Maak deelname", "titel: Vernieuwd maak deelname", 1), encoding="utf-8")
    tip.write_text(tip.read_text(encoding="utf-8").replace("themas: [onbekend, ", "themas: [", 1), encoding="utf-8")
    wait_for(lambda: "Vernieuwd maak deelname" in (fetch(base + "tips/") or ""), 60)  # a title change rebuilds the overviews


def test_preview_watches_with_watchdog_and_never_follows_a_link(tmp_path):
    """The watcher reports saves under content/, never what happens behind a link or in site/."""
    from kennisbank.serve import Watcher

    root = tmp_path / "project"
    (root / "content" / "tips").mkdir(parents=True)
    (root / "site").mkdir()
    outside = tmp_path / "elders"
    outside.mkdir()
    (root / "content" / "koppeling").symlink_to(outside, target_is_directory=True)
    with Watcher(root) as watcher:
        (outside / "geheim.md").write_text("buiten de checkout\n", encoding="utf-8")
        (root / "site" / "index.html").write_text("<p>gebouwd</p>\n", encoding="utf-8")
        assert watcher.next_change(timeout=1.5) == set()
        (root / "content" / "tips" / "nieuw.md").write_text("---\n---\n", encoding="utf-8")
        assert "content/tips/nieuw.md" in watcher.next_change(timeout=5)
        (root / "content" / "tweede").symlink_to(outside, target_is_directory=True)  # a new link is a change
        assert "content/tweede" in watcher.next_change(timeout=5)


def test_preview_memory_stays_flat_over_saves(tmp_path):
    """`make bench`'s own measurement, on the real content: 15 saves of one item, each shown."""
    from kennisbank.bench import measure_serve

    result = measure_serve(copy_project(tmp_path / "project"), saves=15)
    assert result["serve_saves"] == 15
    assert result["serve_rss_growth_pct"] < 20, result


def test_saving_an_item_restamps_it_and_adding_or_removing_one_builds_it_all(tmp_path):
    """What the watcher reports for one save is the file alone (not also its folder, which would look
    like a changed tree): the preview restamps that item instead of building the whole site. An item
    that appears or disappears changes the set of pages, and that does build it all."""
    import io

    from kennisbank.serve import Preview, Watcher

    root = copy_project(tmp_path / "project")
    preview = Preview(root, "127.0.0.1:1", stream=io.StringIO())
    full_builds = []
    real_full_build = preview.full_build

    def full_build():
        full_builds.append(1)
        return real_full_build()

    preview.full_build = full_build
    tip = root / "content" / "tips" / "zoek-huisartsen-actief-op.md"
    page = root / "site" / "tips" / "zoek-huisartsen-actief-op" / "index.html"
    with Watcher(root) as watcher:
        assert preview.full_build() and len(full_builds) == 1
        tip.write_text(tip.read_text(encoding="utf-8") + "\nEen zin die net is toegevoegd.\n", encoding="utf-8")
        changed = watcher.next_change(timeout=5)
        assert changed == {"content/tips/zoek-huisartsen-actief-op.md"}
        assert preview.update(changed) and len(full_builds) == 1  # restamped, not rebuilt
        assert "Een zin die net is toegevoegd." in page.read_text(encoding="utf-8")
        question = root / "content" / "faq" / "ketenpartners-meekrijgen-in-primaire-preventie.md"  # linked from nowhere
        question.unlink()
        assert preview.update(watcher.next_change(timeout=5)) and len(full_builds) == 2
        assert not (root / "site" / "vragen" / question.stem / "index.html").exists()

"""The build on two cores (issue 10): forked copies validate and stamp part of the work (forked.py, aside.py).

A build in several processes must be the very same site as one in a single process, must fail the
same way when a page is not its own or not safe, and must never leave a process behind.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from conftest import valid_tip
from kennisbank import aside, check, forked
from kennisbank import stamp as stamp_module
from kennisbank.bench import _project
from kennisbank.check import validate
from kennisbank.pipeline import build_site

ITEMS = 240  # above aside.MIN_PAGES, so that the stamp forks


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("parallel") / "project", ITEMS)


class Forks:
    """Every fork of a test, also those a forked copy makes: each is a line in a file."""

    def __init__(self, log: Path):
        self.log = log
        log.write_text("")

    def __len__(self) -> int:
        return len(self.log.read_text().splitlines())


@pytest.fixture
def forks(monkeypatch, tmp_path) -> Forks:
    made = Forks(tmp_path / "forks.log")
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            with made.log.open("a") as log:
                log.write(f"{os.getpid()} {pid}\n")
        return pid

    monkeypatch.setattr(forked.os, "fork", fork)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # the same build time in both builds
    return made


def no_process_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def files(site: Path) -> dict[str, bytes]:
    """Every file of a site; Pagefind's index by what it holds (its chunk names differ from run to run)."""
    out = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or (rel.startswith("pagefind/") and not rel.startswith("pagefind/fragment/")
                                  and not rel.endswith((".js", ".css"))):
            continue
        out[rel] = path.read_bytes()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    out["pagefind: pages"] = str(entry["languages"]["nl"]["page_count"]).encode()
    return out


def build(root: Path, target: Path) -> tuple[int, str]:
    out = io.StringIO()
    return build_site(root, target, stream=out), out.getvalue()


def test_a_build_in_three_processes_is_the_same_site_as_in_one(project, forks, monkeypatch, tmp_path):
    monkeypatch.setattr(forked, "ENABLED", False)
    assert build(project, tmp_path / "one")[0] == 0
    assert len(forks) == 0
    monkeypatch.setattr(forked, "ENABLED", True)
    monkeypatch.setattr(check, "SECOND_PROCESS_FROM", 50)
    rc, out = build(project, tmp_path / "more")
    assert rc == 0, out
    # the validation, its second half of file rules, and the stamp's copy
    assert len(forks) == 3
    one, more = files(tmp_path / "one"), files(tmp_path / "more")
    assert sorted(one) == sorted(more) and len([rel for rel in one if rel.endswith("index.html")]) > ITEMS
    assert [rel for rel in one if one[rel] != more[rel]] == []
    assert more["pagefind: pages"] == str(ITEMS).encode()
    assert gzip.decompress(more["sitemap.xml.gz"]) == more["sitemap.xml"]
    no_process_left()


@pytest.fixture(scope="module")
def last_url(project) -> str:
    """The last item page: the forked copy stamps it, since it takes the last part."""
    from kennisbank.pipeline import render_pages

    rendered, _images = render_pages(project, stream=io.StringIO())
    return rendered.item_urls()[-1]


def failed_build(project: Path, target: Path, monkeypatch, forks: Forks, url: str, change) -> str:
    """Build with change(html) made to the page at url; the build must fail, forked, leaving no process."""
    def hook(page, html_text):
        return change(html_text) if page.url == url else html_text

    monkeypatch.setattr(stamp_module, "PAGE_HOOKS", [hook])
    rc, out = build(project, target)
    assert rc == 1 and len(forks) >= 2
    no_process_left()
    return out


def test_a_page_the_copy_stamps_wrong_fails_the_build(project, last_url, forks, monkeypatch, tmp_path):
    out = failed_build(project, tmp_path / "site", monkeypatch, forks, last_url,
                       lambda html_text: html_text.replace("<title>", "<title>Iets anders: ", 1))
    assert f"konden niet in het thema worden gezet: {last_url}: <title> is" in out
    assert "ongewijzigd" in out and not (tmp_path / "site").exists()


def test_an_unsafe_page_the_copy_stamps_fails_the_build(project, last_url, forks, monkeypatch, tmp_path):
    """The copy's scan of its own pages counts like the scan here: its findings are not lost."""
    out = failed_build(project, tmp_path / "site", monkeypatch, forks, last_url,
                       lambda html_text: html_text.replace("</article>", '<img src="x" onerror="alert(1)"></article>', 1))
    assert f"{last_url}index.html: event-handler 'onerror' op <img>" in out


def test_an_error_in_the_copy_is_reported_in_dutch_and_no_process_stays(project, last_url, forks, monkeypatch, tmp_path):
    def broken(html_text):
        raise RuntimeError("kapot in de kopie")

    out = failed_build(project, tmp_path / "site", monkeypatch, forks, last_url, broken)
    assert "FOUT: de itempagina's konden niet in het thema worden gezet: het tweede bouwproces faalde: " \
           "RuntimeError: kapot in de kopie" in out
    assert "Traceback" not in out


def test_a_copy_that_dies_is_a_finding_not_a_hang(project, last_url, forks, monkeypatch, tmp_path):
    here = os.getpid()

    def die(html_text):
        if os.getpid() == here:
            raise AssertionError("the last item page is the forked copy's")
        os._exit(9)  # as if the kernel ended it (out of memory)

    out = failed_build(project, tmp_path / "site", monkeypatch, forks, last_url, die)
    assert "het tweede bouwproces stopte onverwacht" in out


def test_the_file_rules_in_two_processes_find_the_same(repo, forks, monkeypatch):
    files = {f"content/tips/tip-{n:03}.md": valid_tip(f"tip-{n:03}", n) for n in range(1, 41)}
    # Findings of file rules (not of loading), one in each half: an unsafe link, an e-mail address.
    files["content/tips/tip-003.md"] += "\n[Klik hier](javascript:alert(1)) voor meer.\n"
    files["content/tips/tip-038.md"] += "\nMail de coördinator: jan.jansen@voorbeeld.nl\n"
    root = repo(files)
    monkeypatch.setattr(forked, "ENABLED", False)
    _corpus, alone = validate(root)
    monkeypatch.setattr(forked, "ENABLED", True)
    monkeypatch.setattr(check, "SECOND_PROCESS_FROM", 10)
    _corpus, together = validate(root)
    assert len(forks) == 1
    assert [f.format() for f in together] == [f.format() for f in alone]
    assert {(f.path, f.rule) for f in alone} >= {("content/tips/tip-003.md", "E017"), ("content/tips/tip-038.md", "E050")}
    no_process_left()


def test_the_stamp_forks_only_where_it_pays_and_is_safe(monkeypatch):
    copy = aside.Aside(prescan=lambda rels, verifier: {})
    assert not copy.possible(aside.MIN_PAGES - 1)
    assert copy.possible(aside.MIN_PAGES) == ((os.cpu_count() or 1) > 1)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 2)  # a live preview's watcher thread
    assert not copy.possible(10_000)

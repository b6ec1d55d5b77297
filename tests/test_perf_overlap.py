"""Issue 10's speed and memory work may not weaken a check.

- The post-build scan runs while Pagefind writes its index (postbuild.SiteCheck in two steps):
  whatever is written or changed in between is still checked, and links into the index resolve.
- Stamped pages are verified on the scan's own parse (stamp.PageVerifier): every stamped page,
  and a page the scan did not see fails the build.
- Item pages are rendered when stamped, not kept (render/lazy.py): that is only right while
  rendering is a pure function of the content, which is tested here.
"""

from __future__ import annotations

import io
import os
import shutil
from html import escape
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import copy_project
from kennisbank import pipeline
from kennisbank import stamp as stamp_module
from kennisbank.index import Indexer
from kennisbank.pipeline import build_site, render_pages
from kennisbank.postbuild import SiteCheck, check_site
from kennisbank.stamp import PageVerifier, StampError

PAGE = "tips/zoek-huisartsen-actief-op/index.html"
INDEX_LINK = '<a href="../../pagefind/pagefind-entry.json">index</a>'


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("overlap"))
    out = io.StringIO()
    assert build_site(root, stream=out) == 0, out.getvalue()
    return root


@pytest.fixture
def site(project, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(project / "site", copy, symlinks=True)
    return copy


def _append_to_article(path: Path, markup: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert "</article>" in text
    path.write_text(text.replace("</article>", markup + "</article>", 1), encoding="utf-8")


def test_a_page_changed_after_the_first_step_is_checked_again(site):
    check = SiteCheck(site)
    check.scan()
    _append_to_article(site / PAGE, "<script>alert(1)</script>")
    assert f"{PAGE}: inline <script> dat niet van het thema is" in check.finish()


def test_a_page_no_link_leads_to_is_checked_again_too(site):
    """Only what changed is scanned again when no link target changed: that must include the page."""
    check = SiteCheck(site)
    check.scan()
    assert "404.html" not in check.targets
    _append_to_article(site / "404.html", "<iframe src='https://evil.example'></iframe>")
    assert check.finish() == ["404.html: <iframe> is niet toegestaan"]


def test_a_file_written_during_the_first_step_is_checked(site):
    check = SiteCheck(site)
    check.scan()
    (site / "tips" / "nieuw").mkdir()
    (site / "tips" / "nieuw" / "index.html").write_text("<p><a href='javascript:alert(1)'>x</a></p>", encoding="utf-8")
    (site / "wat.txt").write_text("x", encoding="utf-8")
    problems = check.finish()
    assert any(p.startswith("tips/nieuw/index.html: onveilig adres in href=") for p in problems), problems
    assert any(p.startswith("wat.txt: dit bestand hoort niet bij de site") for p in problems), problems


def test_a_file_removed_after_the_first_step_breaks_the_links_to_it(site):
    check = SiteCheck(site)
    check.scan()
    shutil.rmtree(site / "tips" / "maak-deelname-eenvoudig")
    problems = check.finish()
    assert any("maak-deelname-eenvoudig/ wijst naar een pagina die niet bestaat" in p for p in problems), problems


def test_the_index_folder_waits_for_the_second_step(site):
    """Links into pagefind/ are judged against the finished index."""
    _append_to_article(site / PAGE, INDEX_LINK)
    index = site / "pagefind"
    shutil.move(index, site.parent / "pagefind-later")
    check = SiteCheck(site)
    check.scan(later=("pagefind/",))
    shutil.move(site.parent / "pagefind-later", index)
    (index / "extra.html").write_text("<p>x</p>", encoding="utf-8")  # no kind of output the index makes
    problems = check.finish()
    assert len(problems) == 1 and problems[0].startswith("pagefind/extra.html: dit bestand hoort niet bij de site"), problems


def test_without_the_second_step_links_into_the_index_would_fail(site):
    """The counterpart of the test above: the same link, with no index at the end, is a problem."""
    _append_to_article(site / PAGE, INDEX_LINK)
    shutil.rmtree(site / "pagefind")
    check = SiteCheck(site)
    check.scan(later=("pagefind/",))
    assert check.finish() == [f"{PAGE}: link naar ../../pagefind/pagefind-entry.json wijst naar een pagina die niet bestaat"]


def test_two_steps_and_one_step_agree_on_a_hostile_site(site):
    _append_to_article(site / PAGE, '<a href="../bestaat-niet/">x</a><img src=x onerror=alert(1)>')
    check = SiteCheck(site)
    check.scan(later=("pagefind/",))
    assert check.finish() == check_site(site)


# --- the stamp's verification, on the scan's parse ----------------------------------------------


def test_a_stamped_page_the_scan_never_sees_fails_the_build(project, monkeypatch, tmp_path):
    root = copy_project(tmp_path / "project")
    real = PageVerifier.__call__

    def blind(self, rel, tree):
        return [] if rel == PAGE else real(self, rel, tree)

    monkeypatch.setattr(PageVerifier, "__call__", blind)
    out = io.StringIO()
    assert build_site(root, stream=out) == 1
    text = out.getvalue()
    assert "konden niet in het thema worden gezet" in text and f"{PAGE}: deze pagina is gestempeld maar niet gecontroleerd" in text
    assert "ongewijzigd" in text


def test_the_build_waits_for_the_indexer_when_the_scan_fails(project, monkeypatch, tmp_path):
    """A failing scan never leaves Pagefind's process behind: its result is awaited, then the error goes on."""
    root = copy_project(tmp_path / "project")
    finished = []
    real_finish = Indexer.finish

    def finish(self):
        result = real_finish(self)
        finished.append(result)
        return result

    def broken_scan(self, later=()):
        raise RuntimeError("kapot")

    monkeypatch.setattr(Indexer, "finish", finish)
    monkeypatch.setattr(SiteCheck, "scan", broken_scan)
    with pytest.raises(RuntimeError, match="kapot"):
        build_site(root, stream=io.StringIO())
    assert finished and finished[0] > 0


# --- lazy item pages ---------------------------------------------------------------------------


def test_rendering_an_item_twice_gives_the_same_page(project):
    """Item pages are rendered when stamped (and again by make serve): rendering must be pure."""
    rendered, _images = render_pages(project, stream=io.StringIO())
    first = [page.values() for page in rendered.items]
    again = [page.values() for page in rendered.items]
    assert first == again and len(first) == len(rendered.items) > 10
    assert [page.url for page in rendered.items] == rendered.items.urls
    assert rendered.items[3].values() == first[3] and [p.values() for p in rendered.items[2:4]] == first[2:4]


def test_a_failing_stage_ends_the_indexer_it_started(monkeypatch, tmp_path):
    """Pagefind starts as soon as the item pages are written; when a later stage fails it is ended and reaped."""
    root = copy_project(tmp_path / "project")
    started = []
    real_init = Indexer.__init__

    def init(self, site_dir):
        real_init(self, site_dir)
        started.append(self)

    def broken_publish(*args, **kwargs):
        assert started[0].child is not None and started[0].child.returncode is None  # Pagefind runs now
        raise StampError("tips/x/: kapot")

    monkeypatch.setattr(Indexer, "__init__", init)
    monkeypatch.setattr(pipeline, "publish", broken_publish)
    out = io.StringIO()
    assert build_site(root, stream=out) == 1
    assert "konden niet in het thema worden gezet: tips/x/: kapot" in out.getvalue()
    assert len(started) == 1 and started[0].child.returncode is not None  # reaped, not left running
    with pytest.raises(ChildProcessError):  # and no other process of the build either
        os.waitpid(-1, os.WNOHANG)


# --- the stamp's page hooks: an extension point whose output is checked like the rest -------------


def _build_with_hook(monkeypatch, tmp_path, hook) -> tuple[int, str, Path]:
    root = copy_project(tmp_path / "project")
    monkeypatch.setattr(stamp_module, "PAGE_HOOKS", [hook])
    out = io.StringIO()
    return build_site(root, stream=out), out.getvalue(), root


def test_a_page_hook_adds_to_every_stamped_page(monkeypatch, tmp_path):
    def hook(page, html_text):
        return html_text.replace("</head>", f'<meta name="kb-test" content="{escape(page.url, quote=True)}"></head>', 1)

    code, output, root = _build_with_hook(monkeypatch, tmp_path, hook)
    assert code == 0, output
    tree = LexborHTMLParser((root / "site" / PAGE).read_text(encoding="utf-8"))
    assert [node.attributes["content"] for node in tree.css('head > meta[name="kb-test"]')] == [PAGE.removesuffix("index.html")]


def test_what_a_page_hook_adds_is_scanned(monkeypatch, tmp_path):
    def hook(page, html_text):
        return html_text.replace("</head>", "<script>alert(1)</script></head>", 1)

    code, output, root = _build_with_hook(monkeypatch, tmp_path, hook)
    assert code == 1 and "/index.html: inline <script> dat niet van het thema is" in output, output
    assert not (root / "site").exists()  # nothing was swapped into place


# --- each page rendered once per build -----------------------------------------------------------


def test_a_build_renders_each_item_and_overview_page_once(monkeypatch, tmp_path):
    """Pages are made when stamped and not kept (render/lazy.py), so a stage that asks for the pages
    again renders them all again: at 10,000 items publishing the feeds once cost 8 s that way.
    A build renders every item page and every overview page exactly once."""
    from collections import Counter

    from kennisbank.render import Renderer
    from kennisbank.render.overviews import Overviews

    items, overviews = Counter(), Counter()
    real_item_page, real_page = Renderer.item_page, Overviews.page

    def item_page(self, item):
        items[item.id] += 1
        return real_item_page(self, item)

    def page(self, docs_path, url, *args, **kwargs):
        shell = real_page(self, docs_path, url, *args, **kwargs)
        make = self.rendered.overviews._makers[url]

        def counted():
            overviews[url] += 1
            return make()

        self.rendered.overviews._makers[url] = counted
        return shell

    monkeypatch.setattr(Renderer, "item_page", item_page)
    monkeypatch.setattr(Overviews, "page", page)
    root = copy_project(tmp_path / "project")
    out = io.StringIO()
    assert build_site(root, stream=out) == 0, out.getvalue()
    assert len(items) == sum(len(list((root / "content" / folder).glob("*.md"))) for folder in ("tips", "faq", "examples")) > 50
    assert set(items.values()) == {1}, [key for key, n in items.items() if n != 1][:5]
    assert len(overviews) > 30 and set(overviews.values()) == {1}, [key for key, n in overviews.items() if n != 1][:5]


def test_overview_pages_are_made_when_used_with_their_changes():
    import dataclasses

    from kennisbank.render.lazy import OverviewPages
    from kennisbank.render.pages import ItemPage

    made = []

    def maker(url):
        def make():
            made.append(url)
            return ItemPage(url, url, f"Titel {url}", "", "t", "<p>x</p>", ())
        return make

    pages = OverviewPages()
    for url in ("tips/", "vragen/", "themas/"):
        pages.add(url, maker(url))
    pages.then(lambda page: dataclasses.replace(page, title=page.title + "!"), url="vragen/")
    assert pages.urls == ["tips/", "vragen/", "themas/"] and made == []  # URLs without rendering
    assert [page.title for page in pages] == ["Titel tips/", "Titel vragen/!", "Titel themas/"]
    assert pages[1].title == "Titel vragen/!" and len(pages) == 3 and made.count("vragen/") == 2
    with pytest.raises(ValueError, match="twee overzichtspagina's"):
        pages.add("tips/", maker("tips/"))

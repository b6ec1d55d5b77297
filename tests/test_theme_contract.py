"""The theme contract: what the stamp relies on in the pinned theme's HTML, checked on a real build.

A tiny project is built through the real pipeline with the pinned theme (Material for MkDocs, and
Zensical as the second engine). The shells the theme renders are recorded and checked one place at
a time, so that a theme upgrade (a Dependabot pull request) that moves or drops any of them fails
here, with a Dutch sentence saying what the theme changed. Then real template overrides play the
part of such an upgrade: the build must refuse each, saying why.
"""

from __future__ import annotations

import io
import shutil

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, make_repo, valid_example, valid_question, valid_tip
from kennisbank import stamp
from kennisbank.engines import ENGINES
from kennisbank.pipeline import build_site
from kennisbank.render import SHELL_BODY, SHELL_DESCRIPTION, SHELL_HEADING, SHELL_TITLE

ITEMS = {"content/tips/geldige-tip.md": valid_tip(), "content/faq/geldige-vraag.md": valid_question(),
         "content/examples/geldig-voorbeeld.md": valid_example()}


def tiny_project(root, overrides: dict[str, str] | None = None, config_extra: str = ""):
    make_repo(root, ITEMS)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "overrides", root / "overrides")
    for rel, text in (overrides or {}).items():
        (root / "overrides" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "overrides" / rel).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8") + config_extra, encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=ENGINES)
def built(request, tmp_path_factory):
    """(engine, site folder, the shells as the theme rendered them: [(html, url, token)])."""
    root = tiny_project(tmp_path_factory.mktemp(f"contract-{request.param}"))
    recorded = []
    real = stamp.Shell.parse.__func__

    def record(cls, html_text, own_url, token):
        recorded.append((html_text, own_url, token))
        return real(cls, html_text, own_url, token)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stamp.Shell, "parse", classmethod(record))
        out = io.StringIO()
        code = build_site(root, stream=out, engine=request.param)
    if code != 0:
        pytest.fail(f"Het thema ({request.param}) past niet meer bij de stempel:\n{out.getvalue()}")
    return request.param, root / "site", recorded


def _explain(engine: str, url: str, what: str) -> str:
    return (f"Het thema van {engine} is veranderd: in het sjabloon {url} {what}. De stempel zet de eigen titel, "
            "beschrijving, canonical URL en inhoudsopgave van elke pagina precies op die plaatsen; pas stamp.py aan "
            "het nieuwe thema aan, of blijf bij de vorige versie van het thema.")


def test_every_shell_has_every_place_the_stamp_fills(built):
    engine, _site, recorded = built
    urls = {url for _html, url, _token in recorded}
    assert {"tips/kb-sjabloon/", "vragen/kb-sjabloon/", "voorbeelden/kb-sjabloon/", "tips/", "vragen/"} <= urls
    for html_text, url, token in recorded:
        tree = LexborHTMLParser(html_text)
        title = tree.css("head > title")
        if len(title) != 1 or not title[0].text().startswith(token + SHELL_TITLE + " - "):
            pytest.fail(_explain(engine, url, "staat de paginatitel niet meer vooraan in de enige <title>"))
        description = tree.css('head > meta[name="description"]')
        if len(description) != 1 or description[0].attributes.get("content") != token + SHELL_DESCRIPTION:
            pytest.fail(_explain(engine, url, 'staat de beschrijving niet meer in de enige <meta name="description">'))
        canonical = tree.css('head > link[rel="canonical"]')
        if len(canonical) != 1 or not (canonical[0].attributes.get("href") or "").endswith("/" + url):
            pytest.fail(_explain(engine, url, "is er niet meer precies één canonical link naar de pagina zelf"))
        tocs = tree.css('ul[data-md-component="toc"]')
        if not tocs or any(token + SHELL_HEADING not in toc.text() for toc in tocs):
            pytest.fail(_explain(engine, url, "noemt de inhoudsopgave (<ul data-md-component=\"toc\">) het kopje niet meer"))
        articles = tree.css("article.md-content__inner")
        if len(articles) != 1 or [n.tag for n in articles[0].iter() if n.tag not in ("-text", "a")] != ["h1", "p", "h2"]:
            pytest.fail(_explain(engine, url, "bevat <article> meer of minder dan de tekst van het sjabloon"))
        if articles[0].css_first("p").text(strip=True) != token + SHELL_BODY:
            pytest.fail(_explain(engine, url, "staat de tekst van het sjabloon niet meer in <article>"))


def test_every_stamped_page_is_its_own(built):
    """What a visitor gets: the item's own title, description, canonical URL, toc, and a sitemap entry."""
    engine, site, _recorded = built
    page = LexborHTMLParser((site / "tips" / "geldige-tip" / "index.html").read_text(encoding="utf-8"))
    assert page.css_first("head > title").text() == "Een geldige tip - Kennisbank Kansrijke Start", engine
    assert page.css_first('meta[name="description"]').attributes["content"] == (
        "Dit is een samenvatting van een geldige tip voor de tests.")
    assert page.css_first('link[rel="canonical"]').attributes["href"].endswith("/tips/geldige-tip/")
    assert [a.text(strip=True) for a in page.css('ul[data-md-component="toc"] a')][:1] == ["Over deze pagina"]
    assert [h.text(strip=True) for h in page.css("article h1")] == ["Een geldige tip¶"]
    listed = {loc.text(strip=True) for loc in LexborHTMLParser((site / "sitemap.xml").read_text()).css("loc")}
    assert {url for url in listed if "/geldig" in url} == {
        "http://127.0.0.1:8000/tips/geldige-tip/", "http://127.0.0.1:8000/vragen/geldige-vraag/",
        "http://127.0.0.1:8000/voorbeelden/geldig-voorbeeld/"}
    assert not any("kb-sjabloon" in url for url in listed)


# A theme upgrade, played by real template overrides on Material: each must stop the build with a
# Dutch sentence that says what changed. (Material's blocks: content is inside <article>.)
THEME_CHANGES = {
    "tags in het artikel": ({"main.html": '{% extends "base.html" %}{% block content %}<nav class="md-tags">'
                                          "<span class=md-tag>x</span></nav>{{ super() }}{% endblock %}"},
                            "het thema zet de tags (plugin tags) binnen <article>"),
    "bewerkknop": ({"main.html": '{% extends "base.html" %}{% block content %}<a href="https://example.org/e" '
                                 'class="md-content__button md-icon" rel="edit">e</a>{{ super() }}{% endblock %}'},
                   "de knop 'Bewerk deze pagina' (theme.features: content.action.edit)"),
    "iets nieuws onder het artikel": ({"main.html": '{% extends "base.html" %}{% block content %}{{ super() }}'
                                                    "<div>nieuw</div>{% endblock %}"},
                                      "in <article> staat iets anders dan de tekst van het sjabloon"),
    "vaste titel": ({"main.html": '{% extends "base.html" %}{% block htmltitle %}<title>Vast</title>{% endblock %}'},
                    "<title>"),
    "geen beschrijving of canonical": ({"main.html": '{% extends "base.html" %}{% block site_meta %}<meta charset="utf-8">'
                                                     "{% endblock %}"},
                                       'het thema zet niet precies één <meta name="description"> in <head>'),
    "geen inhoudsopgave": ({"partials/toc.html": ""}, "het thema maakt geen inhoudsopgave"),
    "twee artikelen": ({"main.html": '{% extends "base.html" %}{% block footer %}<article class="md-content__inner">x'
                                     "</article>{{ super() }}{% endblock %}"},
                       "niet precies één <article"),
}


@pytest.mark.parametrize("change", THEME_CHANGES, ids=list(THEME_CHANGES))
def test_a_theme_change_that_breaks_the_contract_stops_the_build(tmp_path, change):
    overrides, message = THEME_CHANGES[change]
    root = tiny_project(tmp_path / "project", overrides)
    out = io.StringIO()
    assert build_site(root, stream=out, engine="material") == 1, out.getvalue()
    text = out.getvalue()
    assert "de itempagina's konden niet in het thema worden gezet" in text and message in text, text
    assert "ongewijzigd" in text and not (root / "site").exists()


@pytest.mark.parametrize("config_extra,named", [
    ("    - content.action.edit\n", "theme.features 'content.action.edit'"),
    ("    - content.action.view\n", "theme.features 'content.action.view'"),
    ("    - navigation.path\n", "theme.features 'navigation.path' (het kruimelpad (breadcrumbs))"),
])
def test_theme_features_that_render_inside_the_article_are_refused(tmp_path, config_extra, named):
    root = tiny_project(tmp_path / "project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("    - toc.follow\n", "    - toc.follow\n" + config_extra),
                                     encoding="utf-8")
    out = io.StringIO()
    assert build_site(root, stream=out) == 1
    assert named in out.getvalue() and "binnen <article>" in out.getvalue(), out.getvalue()


def test_the_tags_plugin_is_refused(tmp_path):
    root = tiny_project(tmp_path / "project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("plugins: []", "plugins:\n  - tags"), encoding="utf-8")
    out = io.StringIO()
    assert build_site(root, stream=out) == 1
    assert "plugins 'tags' (tags bovenaan de pagina)" in out.getvalue(), out.getvalue()

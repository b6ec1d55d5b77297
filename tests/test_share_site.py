"""Issue 12 in a built site, under a subpath: link previews, JSON-LD, feeds, open data, sitemap and robots.

The site is the real content plus two hostile items, built once with SITE_URL under a project path.
Everything is read the way its reader reads it: HTML with Lexbor, XML with lxml, JSON with json,
CSV with csv, and the export validated against its own published schema with jsonschema.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jsonschema
import pytest
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from conftest import copy_project
from kennisbank.loader import load
from kennisbank.pipeline import build_site
from kennisbank.share import opendata

SITE_URL = "https://voorbeeld.org/kennisbank/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE_QUESTION = "Wat als iemand </script><script>alert(1)</script> of <!-- typt?"
HOSTILE_TITLE = "Tom & Jerry's \"quote\" &amp; \\u003c test"
# Code spans: the Markdown is allowed, and the answer's text in the JSON-LD holds the raw '</script>'.
HOSTILE_ANSWER = "Typ nooit `</script><script>alert(2)</script>` of `<!--` in een antwoord.\n"
FORMULA_SUMMARY = "=HYPERLINK(\"https://kwaad.example\";\"klik\") en nog wat woorden erbij"

HOSTILE_FILES = {
    "content/faq/vijandige-vraag.md": f"""\
---
id: vijandige-vraag
titel: {json.dumps(HOSTILE_TITLE)}
samenvatting: Een vraag die uit haar script-element probeert te breken, voor de tests.
themas: [financiering]
doelgroepen: [gemeente]
bron:
  document: veelgestelde-vragen-kansrijke-start
  titel: Veel gestelde vragen Kansrijke Start
  datum: 2020-07-03
laatst_gecontroleerd: 2026-11-24
toegevoegd: 2026-11-24
categorie: algemeen
vraag: {json.dumps(HOSTILE_QUESTION)}
---

{HOSTILE_ANSWER}""",
    "content/tips/formule-tip.md": f"""\
---
id: formule-tip
titel: "@SUM(A1:A9) als titel"
samenvatting: {json.dumps(FORMULA_SUMMARY)}
themas: [samenwerking]
doelgroepen: [gemeente]
bron:
  document: infosheet-huisartsen-betrekken
  titel: Kansrijke Start & het betrekken van huisartsen
laatst_gecontroleerd: 2026-11-20
toegevoegd: 2026-11-20
bijgewerkt: 2026-11-25
tipset: huisartsen-betrekken
volgorde: 99
---

- begint met een streepje
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("share"))
    for rel, text in HOSTILE_FILES.items():
        (root / rel).write_text(text, encoding="utf-8")
    out = io.StringIO()
    code = build_site(root, stream=out, site_url=SITE_URL, engine="material")
    assert code == 0, out.getvalue()
    return root, root / "site", load(root).items


def page(site: Path, rel: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / rel).read_text(encoding="utf-8"))


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name == "index.html" or p.name == "404.html")


def meta(tree: LexborHTMLParser, key: str) -> list[str]:
    attribute = "name" if key.startswith("twitter:") else "property"
    return [node.attributes.get("content") or "" for node in tree.css(f'head > meta[{attribute}="{key}"]')]


def jsonld(tree: LexborHTMLParser) -> list[dict]:
    return [json.loads(node.text()) for node in tree.css('script[type="application/ld+json"]')]


# --- link previews ----------------------------------------------------------------------------------


def test_every_page_has_one_set_of_preview_tags(built):
    _root, site, _items = built
    for rel in all_pages(site):
        tree = page(site, rel)
        for key in ("og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name", "og:image",
                    "twitter:card", "twitter:title", "twitter:image"):
            assert len(meta(tree, key)) == 1, f"{rel}: {key} {meta(tree, key)}"
        assert meta(tree, "og:locale") == ["nl_NL"], rel
        assert meta(tree, "twitter:card") == ["summary_large_image"], rel
        assert meta(tree, "og:image") == [SITE_URL + "assets/kennisbank-delen.png"], rel
        assert meta(tree, "og:url")[0].startswith(SITE_URL), rel
        feeds = tree.css('head > link[rel~="alternate"][type="application/atom+xml"]')
        assert [f.attributes["href"] for f in feeds] == [SITE_URL + "feed.xml"], rel
        # The theme's script fetches sitemap.xml beside every link[rel=alternate] (language versions): none here.
        assert tree.css("link[rel=alternate]") == [], rel


def test_every_item_page_previews_its_own_title_summary_and_canonical_url(built):
    _root, site, items = built
    assert len(items) > 60
    for item in items:
        url = f"{item.type.url_folder}/{item.id}/"
        tree = page(site, url + "index.html")
        canonical = tree.css_first('head > link[rel="canonical"]').attributes["href"]
        assert canonical == SITE_URL + url
        assert meta(tree, "og:url") == [canonical]
        assert meta(tree, "og:title") == [item.meta.titel] == meta(tree, "twitter:title")
        assert meta(tree, "og:description") == [item.meta.samenvatting] == meta(tree, "twitter:description")
        assert meta(tree, "og:type") == ["article"]


def test_the_share_image_is_a_1200_by_630_png_with_its_svg_source(built):
    _root, site, _items = built
    data = (site / "assets" / "kennisbank-delen.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 630)
    svg = etree.fromstring((site / "assets" / "kennisbank-delen.svg").read_bytes())
    assert (svg.get("width"), svg.get("height")) == ("1200", "630")


def test_the_footer_links_open_data_and_feed_from_every_depth(built):
    _root, site, _items = built
    for rel in ("index.html", "tips/index.html", "tips/formule-tip/index.html", "404.html"):
        links = {a.text(strip=True): a.attributes["href"] for a in page(site, rel).css(".md-copyright a")}
        base = SITE_URL + rel
        for text, target in (("Open data", "open-data/"), ("Atom-feed", "feed.xml")):
            href = links[text]
            assert not href.startswith("//"), (rel, href)
            resolved = urlsplit(urljoin(base, href))
            assert resolved.path == urlsplit(SITE_URL).path + target, (rel, href)


# --- structured data ----------------------------------------------------------------------------------


def test_tips_and_examples_are_articles_with_dates_source_and_themes(built):
    _root, site, items = built
    vocab = load(built[0]).vocabularies
    for item in items:
        if item.type.key == "vraag":
            continue
        (data,) = jsonld(page(site, f"{item.type.url_folder}/{item.id}/index.html"))
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        assert data["headline"] == item.meta.titel and data["inLanguage"] == "nl"
        assert data["url"] == SITE_URL + f"{item.type.url_folder}/{item.id}/"
        assert data["datePublished"] == item.meta.toegevoegd.isoformat()
        assert data["dateModified"] == (item.meta.bijgewerkt or item.meta.toegevoegd).isoformat()
        assert [t["name"] for t in data["about"]] == [vocab.label("themas", k) for k in item.meta.themas]
        assert data["citation"]["name"] == item.meta.bron.titel
        if item.meta.bron.datum:
            assert data["citation"]["datePublished"] == item.meta.bron.datum.isoformat()


def test_a_question_page_has_its_question_and_answer(built):
    _root, site, items = built
    questions = [i for i in items if i.type.key == "vraag"]
    for item in questions:
        (data,) = jsonld(page(site, f"vragen/{item.id}/index.html"))
        assert data["@type"] == "QAPage"
        assert data["mainEntity"]["@type"] == "Question" and data["mainEntity"]["name"] == item.meta.vraag
        answer = data["mainEntity"]["acceptedAnswer"]
        assert answer["@type"] == "Answer" and len(answer["text"]) > 10
        assert data["citation"]["datePublished"] == item.meta.bron.datum.isoformat()  # 2020, not the build date


def test_the_questions_overview_is_one_faq_page_with_every_question(built):
    _root, site, items = built
    (data,) = jsonld(page(site, "vragen/index.html"))
    assert data["@type"] == "FAQPage"
    names = [q["name"] for q in data["mainEntity"]]
    assert sorted(names) == sorted(i.meta.vraag for i in items if i.type.key == "vraag")
    assert all(q["acceptedAnswer"]["text"] for q in data["mainEntity"])


def test_hostile_text_stays_inside_its_json_ld(built):
    _root, site, _items = built
    for rel in ("vragen/vijandige-vraag/index.html", "vragen/index.html"):
        tree = page(site, rel)
        # Had the text left its element, the parser would see a script with alert( in it, and the JSON would break.
        assert not [s for s in tree.css("script") if "alert(" in s.text() and s.attributes.get("type") != "application/ld+json"]
        (data,) = jsonld(tree)
        text = json.dumps(data, ensure_ascii=False)
        assert HOSTILE_QUESTION in text and "</script><script>alert(2)</script>" in text, rel
        assert all("<" not in s.text() for s in tree.css('script[type="application/ld+json"]')), rel
    own = jsonld(page(site, "vragen/vijandige-vraag/index.html"))[0]
    assert own["name"] == HOSTILE_TITLE
    assert own["mainEntity"]["text"] == HOSTILE_QUESTION
    assert "</script><script>alert(2)</script>" in own["mainEntity"]["acceptedAnswer"]["text"]
    assert meta(page(site, "vragen/vijandige-vraag/index.html"), "og:title") == [HOSTILE_TITLE]


# --- feeds ---------------------------------------------------------------------------------------------


def parse_feed(path: Path):
    return etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))


def test_the_feed_is_atom_with_the_newest_items_first(built):
    _root, site, items = built
    feed = parse_feed(site / "feed.xml")
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == SITE_URL + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 50
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "@SUM(A1:A9) als titel"  # bijgewerkt 2026-11-25: the newest
    assert first.findtext(f"{ATOM}updated").startswith("2026-11-25")
    assert first.findtext(f"{ATOM}published").startswith("2026-11-20")
    assert first.findtext(f"{ATOM}summary") == FORMULA_SUMMARY
    assert first.find(f"{ATOM}link").get("href") == SITE_URL + "tips/formule-tip/"
    categories = {(c.get("term"), c.get("label")) for c in first.findall(f"{ATOM}category")}
    vocab = load(built[0]).vocabularies
    assert categories == {("tip", "Tip"), ("samenwerking", vocab.label("themas", "samenwerking"))}
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    second = entries[1]
    assert second.findtext(f"{ATOM}title") == HOSTILE_TITLE  # toegevoegd 2026-11-24


def test_per_type_feeds_hold_only_their_type(built):
    _root, site, _items = built
    for folder, path in (("tips", "feeds/tips.xml"), ("vragen", "feeds/vragen.xml"), ("voorbeelden", "feeds/voorbeelden.xml")):
        entries = parse_feed(site / path).findall(f"{ATOM}entry")
        assert entries, path
        assert all(e.find(f"{ATOM}link").get("href").startswith(SITE_URL + folder + "/") for e in entries), path


# --- home page ----------------------------------------------------------------------------------------


def test_home_page_lists_the_five_latest_items(built):
    _root, site, _items = built
    tree = page(site, "index.html")
    heading = tree.css_first("h2#nieuw-en-bijgewerkt")
    assert heading is not None and heading.text(strip=True).startswith("Nieuw en bijgewerkt")
    entries = tree.css("ul.kb-nieuw > li")
    assert len(entries) == 5
    links = [li.css_first("a") for li in entries]
    assert [a.text() for a in links[:2]] == ["@SUM(A1:A9) als titel", HOSTILE_TITLE]
    assert links[0].attributes["href"] == "tips/formule-tip/"
    assert "bijgewerkt 25 november 2026" in entries[0].text()
    assert "toegevoegd 24 november 2026" in entries[1].text()


# --- open data ------------------------------------------------------------------------------------------


def test_the_export_is_valid_against_its_published_schema_and_counts_every_file(built):
    root, site, _items = built
    export = json.loads((site / "data" / "kennisbank.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data" / "schema" / "kennisbank.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(export, schema)
    files = [p for folder in ("tips", "faq", "examples") for p in (root / "content" / folder).glob("*.md")]
    assert len(export["items"]) == export["aantal_items"] == len(files)
    assert export["licentie"] is None and export["licentie_tekst"] == "licentie nog niet vastgesteld"
    assert export["gebouwd"][:4] >= "2026"
    assert set(export["vocabulaires"]) >= {"themas", "doelgroepen", "tipsets", "bronnen"}
    tip = next(i for i in export["items"] if i["velden"]["id"] == "formule-tip")
    assert tip["soort"] == "tip" and tip["url"] == SITE_URL + "tips/formule-tip/"
    assert tip["tekst_markdown"] == "\n- begint met een streepje\n"  # the text below the front matter, as written
    assert LexborHTMLParser(tip["tekst_html"]).css_first("ul li").text() == "begint met een streepje"
    assert tip["velden"]["bijgewerkt"] == "2026-11-25"


def test_a_broken_export_fails_its_schema(built):
    """The schema is not a blank cheque: a missing field or a wrong type is refused."""
    _root, site, _items = built
    export = json.loads((site / "data" / "kennisbank.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data" / "schema" / "kennisbank.schema.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(export))
    del broken["items"][0]["velden"]["titel"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    broken = json.loads(json.dumps(export))
    broken["items"][0]["soort"] = "vraag"  # a tip's fields under the soort of a question
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_csv_per_type_has_every_item_and_neutralises_formulas(built):
    root, site, items = built
    for folder, content in (("tips", "tips"), ("vragen", "faq"), ("voorbeelden", "examples")):
        rows = read_csv(site / "data" / f"{folder}.csv")
        assert len(rows) == len(list((root / "content" / content).glob("*.md"))), folder
        for row in rows:
            for column, cell in row.items():
                assert not cell.startswith(opendata.FORMULA_STARTS), (folder, column, cell[:40])
    tip = next(row for row in read_csv(site / "data" / "tips.csv") if row["id"] == "formule-tip")
    assert tip["titel"] == "'@SUM(A1:A9) als titel"
    assert tip["samenvatting"] == "'" + FORMULA_SUMMARY
    assert tip["tekst"] == "\n- begint met een streepje\n"
    assert tip["bron_titel"] == "Kansrijke Start & het betrekken van huisartsen"
    assert tip["url"] == SITE_URL + "tips/formule-tip/"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(cell):
    assert opendata.neutralise(cell) == "'" + cell
    assert opendata.neutralise("gewoon " + cell) == "gewoon " + cell


def test_the_open_data_page_is_linked_and_says_the_licence_is_not_set(built):
    _root, site, _items = built
    tree = page(site, "open-data/index.html")
    text = tree.css_first("article").text()
    assert "Licentie nog niet vastgesteld" in text
    hrefs = {a.attributes["href"] for a in tree.css("article a")}
    assert {"../data/kennisbank.json", "../data/schema/kennisbank.schema.json", "../data/tips.csv", "../feed.xml"} <= hrefs
    fields = [code.text() for code in tree.css("article table code")]
    assert {"toegevoegd", "bijgewerkt", "laatst_gecontroleerd", "bron.datum", "tipset", "vraag"} <= set(fields)
    nav = [a.text(strip=True) for a in page(site, "index.html").css("nav.md-nav a")]
    assert "Open data" in nav


# --- sitemap and robots ---------------------------------------------------------------------------------


def test_the_sitemap_lists_every_page_with_its_lastmod(built):
    _root, site, items = built
    sitemap = etree.fromstring((site / "sitemap.xml").read_bytes(), etree.XMLParser(resolve_entities=False))
    entries = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in sitemap.findall(f"{SITEMAP}url")}
    pages = [rel for rel in all_pages(site) if rel != "404.html"]
    assert sorted(entries) == sorted(SITE_URL + rel.removesuffix("index.html") for rel in pages)
    assert all(lastmod for lastmod in entries.values())
    assert entries[SITE_URL + "tips/formule-tip/"] == "2026-11-25"
    assert entries[SITE_URL + "vragen/vijandige-vraag/"] == "2026-11-24"
    assert entries[SITE_URL] == "2026-11-25"  # the home page lists the newest item


def test_robots_points_to_the_sitemap_under_the_subpath(built):
    _root, site, _items = built
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines


def test_the_streamed_export_is_the_export(built):
    """write_export writes one item at a time; what it writes is exactly export(...) as JSON."""
    root, site, _items = built
    from kennisbank.pipeline import settings_from_env
    from kennisbank.render import Renderer

    corpus = load(root)
    items = Renderer(corpus.items, corpus.vocabularies, settings_from_env()).items  # in site order, as published
    written = json.loads((site / "data" / "kennisbank.json").read_text(encoding="utf-8"))
    import datetime as dt

    from kennisbank.render.site import item_url

    built_at = dt.datetime.fromisoformat(written["gebouwd"])
    assert written == opendata.export(items, corpus.vocabularies, None, built_at, SITE_URL, item_url)


def test_the_scan_reads_the_export_line_by_line_and_refuses_a_broken_one(built, monkeypatch, tmp_path):
    from kennisbank.postbuild import Context
    from kennisbank.share import scan

    _root, site, _items = built
    monkeypatch.setattr(scan, "SMALL_JSON_BYTES", 0)  # as at 10,000 items: one line at a time
    context = Context(site, "/kennisbank/")
    assert scan._check_data(context, "data/kennisbank.json").problems == []
    text = (site / "data" / "kennisbank.json").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    (tmp_path / "data").mkdir()
    broken = {"afgekapt": "".join(lines[:-1]), "kapot item": "".join(lines[:2] + ['{"a": \n'] + lines[2:]),
              "iets erna": text + "[]\n", "geen json": "<html>\n" * 3}
    for name, variant in broken.items():
        (tmp_path / "data" / "kennisbank.json").write_text(variant, encoding="utf-8")
        assert scan._check_data(Context(tmp_path, "/"), "data/kennisbank.json").problems, name
    (tmp_path / "data" / "x.csv").write_text('a,b\r\n"ok","=1+1"\r\n', encoding="utf-8")
    assert "formule" in scan._check_data(Context(tmp_path, "/"), "data/x.csv").problems[0]

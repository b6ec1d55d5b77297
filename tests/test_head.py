"""The item page head, sources, age notice, reeks pages, role pages and status honesty (issues 11, 12, 13).

Everything is read from the built site with a real HTML parser (Lexbor), as a reader's browser sees it.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, copy_project
from kennisbank.check import validate
from kennisbank.pipeline import build_site
from kennisbank.render.head import BUILD_DATE_ENV

TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("head"))
    before = os.environ.get(BUILD_DATE_ENV)
    os.environ[BUILD_DATE_ENV] = TODAY
    try:
        out = io.StringIO()
        assert build_site(root, stream=out) == 0, out.getvalue()
    finally:
        if before is None:
            del os.environ[BUILD_DATE_ENV]
        else:
            os.environ[BUILD_DATE_ENV] = before
    corpus, found = validate(root)
    assert not [f for f in found if f.is_error]
    return root, root / "site", corpus


def parse(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def article(tree: LexborHTMLParser):
    found = tree.css("article")
    assert len(found) == 1
    return found[0]


def text(node) -> str:
    """What a reader reads: soft hyphens (render/hyphen.py: line-break hints in long words) are invisible."""
    return " ".join(node.text(deep=True).replace("\xad", "").split())


def item_url(item) -> str:
    return f"{item.type.url_folder}/{item.id}/"


def resolve(page_url: str, href: str) -> str:
    """The site URL a relative link on page_url points at ('tips/x/' + '../../reeksen/y/' -> 'reeksen/y/')."""
    path = urlsplit(href).path
    joined = posixpath.normpath(posixpath.join(page_url, path))
    return "" if joined == "." else joined + "/"


def exists(site: Path, url: str) -> bool:
    return (site / url / "index.html").is_file()


# --- the head: one order for every type -------------------------------------------------------


HEAD_ORDER = ["nav.kb-kruimelpad", "h1", "p.kb-soort", "p.kb-samenvatting", "p.kb-bronregel"]


def test_every_item_page_head_has_one_order(built):
    _root, site, corpus = built
    for item in corpus.items:
        art = article(parse(site, item_url(item)))
        # Element children in document order; each part of the head must come in this order, before the text.
        children = [n for n in art.iter() if n.tag != "-text"]
        positions = []
        for selector in HEAD_ORDER:
            matches = [i for i, n in enumerate(children) if _matches(n, selector)]
            assert matches, f"{item.id}: {selector} ontbreekt"
            positions.append(matches[0])
        assert positions == sorted(positions), f"{item.id}: de kop staat niet in de vaste volgorde: {positions}"
        assert positions[0] == 0, f"{item.id}: het kruimelpad staat niet bovenaan"
        # Between the head's parts only the hidden search filters; the text starts after the source line.
        between = [children[i] for i in range(positions[0], positions[-1] + 1) if i not in positions
                   and children[i].parent is art]
        assert all("kb-filters" in (n.attributes.get("class") or "") for n in between), item.id
        assert text(children[positions[1]]).rstrip("¶") == item.meta.titel


def _matches(node, selector: str) -> bool:
    tag, _, cls = selector.partition(".")
    return node.tag == tag and (not cls or cls in (node.attributes.get("class") or "").split())


def test_breadcrumb_on_every_item_page_leads_home_through_real_pages(built):
    _root, site, corpus = built
    for item in corpus.items:
        url = item_url(item)
        nav = article(parse(site, url)).css_first('nav[aria-label="Kruimelpad"]')
        assert nav is not None, item.id
        links = nav.css("a")
        targets = [resolve(url, a.attributes["href"]) for a in links]
        assert targets[0] == "" and text(links[0]) == "Home", item.id
        assert targets[1] == f"{item.type.url_folder}/" and text(links[1]) == item.type.label_plural
        for target in targets:
            assert exists(site, target), f"{item.id}: kruimelpad wijst naar {target!r}, die pagina bestaat niet"
        current = nav.css('[aria-current="page"]')
        assert len(current) == 1 and text(current[0]) == item.meta.titel
        if item.type.key == "tip":
            assert targets[2] == f"reeksen/{item.meta.tipset}/" and text(links[2]).startswith("Reeks: ")
        if item.type.key == "vraag":
            assert text(links[2]).startswith("Vraaggroep: ") and urlsplit(links[2].attributes["href"]).fragment == item.meta.categorie


def test_type_and_reeks_under_the_title(built):
    _root, site, corpus = built
    tips = [i for i in corpus.items if i.type.key == "tip"]
    per_set = {}
    for tip in tips:
        per_set.setdefault(tip.meta.tipset, []).append(tip)
    vocab = corpus.vocabularies
    for key, members in per_set.items():
        members.sort(key=lambda t: t.meta.volgorde)
        for number, tip in enumerate(members, start=1):
            line = article(parse(site, item_url(tip))).css_first("p.kb-soort")
            assert text(line) == f"Tip {number} van {len(members)} in de reeks {vocab.tipsets[key].label}", tip.id
            assert resolve(item_url(tip), line.css_first("a").attributes["href"]) == f"reeksen/{key}/"
    for item in corpus.items:
        line = text(article(parse(site, item_url(item))).css_first("p.kb-soort"))
        if item.type.key == "vraag":
            assert line == f"Vraag in de vraaggroep {vocab.categorieen[item.meta.categorie].label}"
        elif item.type.key == "voorbeeld":
            assert line.startswith("Praktijkvoorbeeld uit ") and all(place in line for place in item.meta.gemeenten), line


# --- sources as a reader knows them -------------------------------------------------------------


def source_line(site: Path, item) -> str:
    return text(article(parse(site, item_url(item))).css_first("p.kb-bronregel .kb-bron-wat"))


def test_every_item_shows_its_source_with_a_year_or_datum_onbekend(built):
    _root, site, corpus = built
    for item in corpus.items:
        line = source_line(site, item)
        assert line.startswith("Bron: ") and item.meta.bron.titel in line, (item.id, line)
        assert re.search(r"\((\d{4}|datum onbekend)\)$", line), (item.id, line)


def test_source_facts_come_from_the_vocabulary_where_the_item_has_none(built):
    _root, site, corpus = built
    by_doc = {}
    for item in corpus.items:
        by_doc.setdefault(item.meta.bron.document, []).append(item)
    # The focus group's text names CPZ and 9 March 2020; the infosheet names neither a publisher nor a date.
    for item in by_doc["focusgroep-kansrijke-ontmoetingen"]:
        assert source_line(site, item) == f"Bron: College Perinatale Zorg (CPZ), {item.meta.bron.titel} (2020)"
    for item in by_doc["infosheet-huisartsen-betrekken"]:
        assert source_line(site, item) == f"Bron: {item.meta.bron.titel} (datum onbekend)"
    for item in by_doc["veelgestelde-vragen-kansrijke-start"]:
        assert source_line(site, item).endswith("(2020)")


def test_vocabulary_sources_claim_only_what_their_texts_say():
    """Publisher, date and address of each source are filled only where the source text gives them."""
    data = yaml.safe_load((REPO / "content" / "vocabulaires.yml").read_text(encoding="utf-8"))["bronnen"]
    assert data["focusgroep-kansrijke-ontmoetingen"]["datum"].isoformat() == "2020-03-09"
    for key in ("infosheet-huisartsen-betrekken", "samenwerking-huisarts-wijkteam", "aanbevelingen-krachtige-basiszorg"):
        assert not {"organisatie", "datum", "jaar", "url"} & set(data[key]), key


def test_source_pages_name_publisher_and_date_as_the_text_gives_them(built):
    _root, site, corpus = built
    expected = {"focusgroep-kansrijke-ontmoetingen": "Van: College Perinatale Zorg (CPZ), 9 maart 2020.",
                "veelgestelde-vragen-kansrijke-start": "Van: uitgever niet genoemd in de tekst, 2020.",
                "infosheet-huisartsen-betrekken": "Van: uitgever niet genoemd in de tekst, datum onbekend."}
    for key, line in expected.items():
        assert text(article(parse(site, f"bronnen/{key}/")).css_first("p.kb-ingang")) == line, key


def _published_texts(site: Path):
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.parent.name == "pagefind" or "pagefind" in path.parts:
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                pass
        yield path, data


def test_no_internal_file_name_anywhere_on_the_site(built):
    _root, site, corpus = built
    names = [source.bestand for source in corpus.vocabularies.bronnen.values()]
    stems = [name.rsplit(".", 1)[0] for name in names]
    checked = 0
    for path, data in _published_texts(site):
        for name in names + stems:
            assert name.encode() not in data, f"{path.relative_to(site)} noemt de interne bestandsnaam {name}"
        checked += 1
    assert checked > 100


def test_a_source_line_never_shows_a_file_name_even_if_an_editor_gives_one():
    """Defence in depth: the page reads the title, organisation, date and address, never 'bestand'."""
    from kennisbank.vocab import Source
    assert "bestand" not in Source.model_fields["organisatie"].description.lower()
    template = (REPO / "scripts" / "kennisbank" / "templates" / "item.html.j2").read_text(encoding="utf-8")
    assert "bestand" not in template


# --- the age notice and "Laatst vergeleken met de bron" -------------------------------------------


def test_old_or_undated_sources_carry_a_notice_with_a_way_to_report(built):
    _root, site, corpus = built
    for item in corpus.items:
        art = article(parse(site, item_url(item)))
        notice = art.css_first(".kb-verouderd")
        # Every source of today's content is from 2020 or undated: older than 3 years on 2026-11-25.
        assert notice is not None, item.id
        words = text(notice)
        assert "Deze informatie kan verouderd zijn" in words
        assert ("De bron is uit 2020, meer dan 3 jaar geleden." in words) or ("De bron heeft geen datum." in words), words
        report = notice.css_first("a.kb-meld-nieuwer")
        assert report is not None and report.attributes["href"].startswith("https://github.com/") and "/issues/new?" in report.attributes["href"]
        assert text(report) == "Meld het"


def test_checked_date_is_labelled_for_what_it_means(built):
    _root, site, corpus = built
    for item in corpus.items:
        art = article(parse(site, item_url(item)))
        assert "Laatst vergeleken met de bron:" in text(art.css_first("p.kb-bronregel")), item.id
        assert "Laatst gecontroleerd" not in text(art), item.id


def test_no_reader_sees_tipset_or_categorie(built):
    """Readers' words: a tip set is a 'reeks', a question category a 'vraaggroep' (field names stay)."""
    _root, site, _corpus = built
    for page in sorted(site.rglob("index.html")):
        if page.parent.name == "open-data":  # documents the export's field names (tipset, categorie) for reusers
            continue
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for script in tree.css("script"):
            script.decompose()
        words = text(tree.body).lower()
        assert "tipset" not in words and "categorie" not in words, page.relative_to(site)
    search = LexborHTMLParser((site / "zoeken" / "index.html").read_text(encoding="utf-8"))
    labels = [f["label"] for f in json.loads(search.css_first("#kb-zoeken").attributes["data-filters"])]
    assert "Reeks" in labels and "Vraaggroep" in labels and "Tipset" not in labels and "Categorie" not in labels


# --- reeks pages ------------------------------------------------------------------------------------


def tips_by_set(corpus) -> dict[str, list]:
    per_set: dict[str, list] = {}
    for item in corpus.items:
        if item.type.key == "tip":
            per_set.setdefault(item.meta.tipset, []).append(item)
    return {key: sorted(members, key=lambda t: t.meta.volgorde) for key, members in per_set.items()}


def test_every_reeks_has_a_page_with_intro_all_tips_in_order_and_the_source(built):
    _root, site, corpus = built
    for key, tips in tips_by_set(corpus).items():
        url = f"reeksen/{key}/"
        art = article(parse(site, url))
        term = corpus.vocabularies.tipsets[key]
        assert text(art.css_first("h1")).rstrip("¶") == f"Reeks: {term.label}"
        assert text(art.css_first("p.kb-samenvatting")) == term.beschrijving
        titles = [text(h).rstrip("¶") for h in art.css("section.kb-reeks-tip > h2")]
        assert titles == [f"{n}. {t.meta.titel}" for n, t in enumerate(tips, start=1)], key
        for section, tip in zip(art.css("section.kb-reeks-tip"), tips, strict=True):
            # In full: the tip's own paragraphs are on the reeks page too.
            own = article(parse(site, item_url(tip)))
            first_paragraph = next(p for p in own.css("p") if not (p.attributes.get("class") or "")
                                   and p.parent.tag == "article")
            assert text(first_paragraph) in text(section), tip.id
            assert text(section.css_first("p.kb-reeks-bron")).startswith("Bron: "), tip.id
            assert f"Laatst vergeleken met de bron: {tip.meta.laatst_gecontroleerd.day} " in text(section.css_first("p.kb-reeks-bron"))
            link = section.css_first("p.kb-reeks-bron a")
            assert resolve(url, link.attributes["href"]) == item_url(tip)
        assert "Afdrukken of opslaan als PDF" in text(art.css_first(".kb-afdrukhulp"))
        assert "Deze informatie kan verouderd zijn" in text(art.css_first(".kb-verouderd"))  # 2020 or undated


def test_reeks_pages_are_linked_from_tips_overview_and_from_each_tip(built):
    _root, site, corpus = built
    overview = article(parse(site, "tips/"))
    targets = {resolve("tips/", a.attributes["href"]) for a in overview.css(".kb-hele-reeks a")}
    assert targets == {f"reeksen/{key}/" for key in tips_by_set(corpus)}
    index = article(parse(site, "reeksen/"))
    assert {resolve("reeksen/", a.attributes["href"]) for a in index.css("a:not(.headerlink)")} == targets


def test_previous_and_next_tip_within_a_reeks(built):
    _root, site, corpus = built
    for tips in tips_by_set(corpus).values():
        for n, tip in enumerate(tips):
            url = item_url(tip)
            nav = article(parse(site, url)).css_first('nav.kb-vorige-volgende')
            previous, following = (nav.css_first("a.kb-vorige"), nav.css_first("a.kb-volgende")) if nav else (None, None)
            if n == 0:
                assert previous is None
            else:
                assert text(previous) == f"Vorige tip: {tips[n - 1].meta.titel}"
                assert resolve(url, previous.attributes["href"]) == item_url(tips[n - 1])
            if n == len(tips) - 1:
                assert following is None
            else:
                assert text(following) == f"Volgende tip: {tips[n + 1].meta.titel}"
                assert resolve(url, following.attributes["href"]) == item_url(tips[n + 1])


# --- role pages and the two audience systems ------------------------------------------------------


def test_role_pages_are_grouped_by_reeks_and_type_with_counts_and_a_start(built):
    _root, site, corpus = built
    vocab = corpus.vocabularies
    for key, role in vocab.rollen.items():
        url = f"rollen/{key}/"
        art = article(parse(site, url))
        wanted = set(role.doelgroepen)
        chosen = [i for i in corpus.items if wanted & set(i.meta.doelgroepen)]
        start = art.css_first(".kb-begin-hier")
        assert start is not None and "Begin hier" in text(start), key
        assert 1 <= len(start.css("li")) <= len(vocab.tipsets) + 2
        listed = 0
        for heading in art.css("h2"):
            label = text(heading).rstrip("¶")
            match = re.fullmatch(r"(.+) \((\d+)(?: tips?)?\)", label)
            assert match, label
            entries = heading.next
            while entries is not None and entries.tag not in ("ol", "ul"):
                entries = entries.next
            assert entries is not None and len(entries.css("li")) == int(match.group(2)), (key, label)
            listed += int(match.group(2))
        assert listed == len(chosen), key
        # The role names the "Voor wie" groups it bundles, and each of those links back.
        audience_links = {resolve(url, a.attributes["href"]) for a in art.css(".kb-doelgroepen a")}
        assert {f"voor-wie/{d}/" for d in role.doelgroepen} <= audience_links
        for audience in role.doelgroepen:
            back = article(parse(site, f"voor-wie/{audience}/")).css_first(".kb-ingang")
            assert back is not None and url in {resolve(f"voor-wie/{audience}/", a.attributes["href"]) for a in back.css("a")}


# --- status honesty ---------------------------------------------------------------------------------


def test_no_example_claims_more_than_its_content(built):
    _root, site, corpus = built
    for item in corpus.items:
        if item.type.key != "voorbeeld":
            continue
        art = article(parse(site, item_url(item)))
        headings = {text(h).rstrip("¶") for h in art.css("h2")}
        said = {text(p) for p in art.css("p.kb-niet-beschreven")}
        if item.meta.status == "beschreven":
            assert item.meta.wat_ze_deden and "Wat ze deden" in headings, item.id
        for field, name in (("wat_ze_deden", "Wat ze deden"), ("wat_het_opleverde", "Wat het opleverde")):
            if getattr(item.meta, field):
                assert name in headings and f"{name}: niet beschreven in de bron." not in said, item.id
            else:
                assert name not in headings and f"{name}: niet beschreven in de bron." in said, item.id

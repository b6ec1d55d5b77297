"""One URL policy (issue 9, part 3): urls.judge, every Markdown link form as cmark-gfm reads it,
the URL fields of the front matter, and fields found through the model's markers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import ada_url
import pytest
from pydantic import create_model

from conftest import valid_example, valid_tip
from kennisbank import urls
from kennisbank.check import validate
from kennisbank.loader import LoadedFile, split_front_matter
from kennisbank.model import TYPE_BY_KEY, Item, MarkdownText, Praktijkvoorbeeld, WebUrl, _Frozen
from kennisbank.rules import FILE_RULES, Context, markdown_fields, marked_values, url_fields
from kennisbank.yamlpos import parse

TODAY = dt.date(2026, 11, 23)
TIP = "content/tips/geldige-tip.md"
EXAMPLE = "content/examples/geldig-voorbeeld.md"

REFUSED = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "\x1f\x00 javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)",
    "javascript\t:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
    "intent://x#Intent;end", "ftp://files.example/", "//evil.example/", "\\\\evil.example/", "/\\evil.example/",
    "\\/evil.example/", " //evil.example", "/etc/passwd", "javascript%3Aalert(1)", "%6Aavascript:alert(1)",
    "java%09script:alert(1)", "%09javascript:alert(1)", "http://", "https://a b.example/",
    "a" * 3000, "../tips/" + "a" * 300 + ".md", "x%00.md",
]
ALLOWED = [
    ("https://www.pharos.nl/kansrijke-start/", urls.EXTERNAL), ("HTTP://VOORBEELD.NL", urls.EXTERNAL),
    ("https:voorbeeld.nl", urls.EXTERNAL), ("mailto:kansrijkestart@pharos.nl", urls.MAIL), ("#kopje", urls.FRAGMENT),
    ("../tips/x.md", urls.RELATIVE), ("../afbeeldingen/schema.png", urls.RELATIVE), ("x.md#kopje", urls.RELATIVE),
]


@pytest.mark.parametrize("url", REFUSED, ids=[repr(u)[:40] for u in REFUSED])
def test_refused_urls_get_a_dutch_reason_with_a_hint(url):
    verdict = urls.judge(url)
    assert verdict.refused, verdict
    assert " — " in verdict.problem, verdict.problem
    assert all(c.isprintable() for c in verdict.problem), "a message never carries control characters"


@pytest.mark.parametrize("url,kind", ALLOWED)
def test_allowed_urls(url, kind):
    assert urls.judge(url).kind == kind


@pytest.mark.parametrize("url", [u for u in REFUSED if ":" in urls.browser_form(u) and urls.scheme_of(urls.browser_form(u))])
def test_scheme_is_read_as_the_whatwg_parser_reads_it(url):
    """ada_url is a WHATWG URL parser: our browser form and scheme scan agree with it."""
    try:
        protocol = ada_url.URL(url).protocol
    except ValueError:  # not a URL to a browser either ('http://' without host); refused all the same
        assert urls.judge(url).refused
        return
    assert protocol == urls.scheme_of(urls.browser_form(url)) + ":"


def test_fields_only_take_full_web_addresses():
    assert urls.judge("www.pharos.nl", relative_allowed=False).refused
    assert urls.judge("../tips/x.md", relative_allowed=False).refused
    assert urls.judge("https://www.pharos.nl", relative_allowed=False).kind == urls.EXTERNAL


def body(text: str) -> dict:
    return {TIP: valid_tip().replace("De tekst van de tip.", text)}


MARKDOWN = [
    # (name, body from line 16, expected line, expected column or None)
    ("inline", "Klik [hier](javascript:alert(1)).", 16, 13),
    ("angle brackets with tab", "Klik [hier](<java\tscript:alert(1)>).", 16, 14),
    ("control character in angle brackets", "Klik [hier](<\x01javascript:alert(1)>).", 16, None),
    ("tab as entity", "Klik [hier](&#9;javascript:alert(1)).", 16, None),
    ("newline as entity", "Klik [hier](java&#10;script:alert(1)).", 16, None),
    ("colon as entity", "Klik [hier](javascript&#58;alert(1)).", 16, None),
    ("letter as hex entity", "Klik [hier](&#x6A;avascript:alert(1)).", 16, None),
    ("percent-encoded colon", "Klik [hier](javascript%3Aalert(1)).", 16, 13),
    ("upper case", "Klik [hier](JAVASCRIPT:alert(1)).", 16, 13),
    ("with title", 'Klik [hier](javascript:alert(1) "titel").', 16, 13),
    ("autolink", "Zie <javascript:alert(1)>.", 16, 6),
    ("image", "![plaatje](javascript:alert(1))", 16, 12),
    ("image data", "![plaatje](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", 16, 12),
    ("vbscript", "Klik [hier](vbscript:msgbox(1)).", 16, 13),
    ("protocol-relative", "Klik [hier](//evil.example/).", 16, 13),
    ("backslashes", "Klik [hier](/\\evil.example/).", 16, 13),
    ("absolute path", "Klik [hier](/etc/passwd).", 16, 13),
    ("reference", "Klik [hier][r].\n\n[r]: javascript:alert(1)", 18, 6),
    ("collapsed reference", "Klik [r][].\n\n[r]: javascript:alert(1)", 18, 6),
    ("shortcut reference", "Klik [r].\n\n[r]: javascript:alert(1)", 18, 6),
    ("reference in angle brackets", "Klik [hier][r].\n\n[r]: <java\tscript:alert(1)> 'titel'", 18, 6),
    ("reference on next line", "Klik [hier][r].\n\n[r]:\n   javascript:alert(1)", 19, 4),
    ("unused reference", "Tekst.\n\n[r]: javascript:alert(1)", 18, 6),
    ("in a list", "- een\n- [twee](javascript:alert(1))", 17, 10),
    ("in a quote", "> citaat [x](javascript:alert(1))", 16, 14),
    ("in a table", "| a | b |\n|---|---|\n| [x](javascript:alert(1)) | c |", 18, 7),
    ("in a heading", "## Kop [x](javascript:alert(1))", 16, 12),
    ("second of two on a line", "[a](https://voorbeeld.nl) en [b](javascript:alert(1))", 16, 34),
]


@pytest.mark.parametrize("name,text,line,col", MARKDOWN, ids=[m[0] for m in MARKDOWN])
def test_every_link_form_is_judged(repo, name, text, line, col):
    _corpus, found = validate(repo(body(text)), today=TODAY)
    mine = [f for f in found if f.rule == "E017"]
    assert mine, f"no E017 for {name}: {[f.format() for f in found]}"
    assert mine[0].line == line, mine[0].format()
    if col is not None:
        assert mine[0].col == col, mine[0].format()
    assert " — " in mine[0].message


SAFE = [
    "Zie [Pharos](https://www.pharos.nl/) of <https://www.pharos.nl/>, www.pharos.nl en kansrijkestart@pharos.nl.",
    "Mail [ons](mailto:kansrijkestart@pharos.nl) of lees [verder](#kopje).",
    "Code: `[x](javascript:alert(1))` en `<script>`.",
    "```\n[r]: javascript:alert(1)\n<iframe>\n```",
    "    [x](javascript:alert(1))",
    "Escaped: \\[x](javascript:alert(1)) and \\<b>.",
    "[x](https://voorbeeld.nl/ \"javascript:alert(1)\")",
    "Een zin met javascript: als gewoon woord.",
]


@pytest.mark.parametrize("text", SAFE)
def test_safe_markdown_has_no_findings(repo, text):
    _corpus, found = validate(repo(body(text)), today=TODAY)
    # Safe as links; an e-mail address in content is personal data, rule E050's concern (issue 13).
    assert [f.format() for f in found if f.rule != "E050"] == []


def test_raw_html_in_every_place(repo):
    text = "Tekst met <b>vet</b>.\n\n<div>\nblok\n</div>\n\n- item <em>x</em>\n\n<!-- verborgen -->"
    _corpus, found = validate(repo(body(text)), today=TODAY)
    assert [(f.rule, f.line, f.col) for f in found] == [("E016", 16, 11), ("E016", 18, 1), ("E016", 22, 8), ("E016", 24, 1)]
    assert "<b>" in found[0].message and "<div>" in found[1].message and "commentaar" in found[3].message


@pytest.mark.parametrize("field,value", [
    ("bron.url", "javascript:alert(1)"), ("bron.url", "//evil.example"),
    ("bron.url", "www.pharos.nl"), ("meer_lezen[1].url", "data:text/html,x"), ("meer_lezen[1].url", "vbscript:x"),
])
def test_url_fields_follow_the_policy(repo, field, value):
    text = valid_example()
    if field == "bron.url":
        text = text.replace("  document: aanbevelingen-krachtige-basiszorg\n", f"  document: aanbevelingen-krachtige-basiszorg\n  url: {value}\n")
    else:
        text = text.replace("\n---\n", f"\nmeer_lezen:\n  - titel: Lees verder\n    url: {value}\n---\n", 1)
    assert value in text
    _corpus, found = validate(repo({EXAMPLE: text}), today=TODAY)
    mine = [f for f in found if f.rule == "E017"]
    assert mine, [f.format() for f in found]
    line = text[: text.index(f"url: {value}")].count("\n") + 1
    assert (mine[0].line, mine[0].col) == (line, text.splitlines()[line - 1].index(value) + 1), mine[0].format()
    assert mine[0].message.startswith(f"'{field}' "), mine[0].message


def test_a_control_character_in_a_url_field_is_refused_before_the_url_policy(repo):
    # Short texts refuse control characters (safetext), so a tab hidden in a scheme never reaches a page.
    text = valid_example().replace("  document: aanbevelingen-krachtige-basiszorg\n",
                                   '  document: aanbevelingen-krachtige-basiszorg\n  url: "java\\tscript:alert(1)"\n')
    _corpus, found = validate(repo({EXAMPLE: text}), today=TODAY)
    line = text[: text.index("url: ")].count("\n") + 1
    assert [(f.rule, f.line) for f in found] == [("E007", line)], [f.format() for f in found]
    assert "stuurteken" in found[0].message


def test_markers_are_declared_on_the_model():
    meta = Praktijkvoorbeeld.model_validate(split_and_parse(valid_example().replace(
        "status:", "wat_ze_deden: Deden\nlessen: [Les een, Les twee]\nmeer_lezen:\n  - titel: x\n    url: https://a.nl\nstatus:"))[1].data)
    assert [p for p, _t in marked_values(meta, MarkdownText)] == [("wat_ze_deden",), ("lessen", 0), ("lessen", 1)]
    assert [p for p, _t in marked_values(meta, WebUrl)] == [("meer_lezen", 0, "url")]


def split_and_parse(text: str):
    front, body_text, body_line = split_front_matter(text)
    return body_text, parse(front, line_offset=1), body_line


def test_a_new_field_with_a_marker_gets_every_rule(repo):
    """A field added to the model at run time, with only the marker, is covered without touching the rules."""
    Extra = create_model("Extra", __base__=_Frozen, url=(Annotated[str | None, WebUrl()], None))
    Nieuw = create_model("Nieuw", __base__=Praktijkvoorbeeld,
                         toelichting=(Annotated[str | None, MarkdownText()], None),
                         extra=(list[Extra], []))
    text = valid_example().replace("status:", (
        "toelichting: |\n"
        "  Een regel.\n"
        "  Met <iframe src=x></iframe> en [klik](<java\tscript:alert(1)>).\n"
        "extra:\n"
        "  - url: //evil.example\n"
        "status:"))
    root = repo({EXAMPLE: text})
    corpus, _found = validate(root, today=TODAY)  # the real model refuses the new fields; the corpus gives the context
    body_text, parsed, body_line = split_and_parse(text)
    meta = Nieuw.model_validate(parsed.data)
    item = Item(TYPE_BY_KEY["voorbeeld"], meta, body_text, EXAMPLE, body_line)
    loaded = LoadedFile(EXAMPLE, TYPE_BY_KEY["voorbeeld"], parsed, item, text)
    ctx = Context(corpus, corpus.vocabularies, TODAY)
    assert ("toelichting",) in [p for p, _t, _l in markdown_fields(item)]
    assert [p for p, _v, _verdict in url_fields(loaded, item)] == [("extra", 0, "url")]
    findings = sorted(f for _info, rule in FILE_RULES for f in rule(loaded, item, ctx))
    line = text.splitlines().index("  Met <iframe src=x></iframe> en [klik](<java\tscript:alert(1)>).") + 1
    assert [(f.rule, f.line) for f in findings] == [("E016", line), ("E017", line), ("E017", line + 2)], \
        [f.format() for f in findings]
    assert findings[0].col == 7 and "<iframe>" in findings[0].message
    assert "'extra[1].url'" in findings[2].message


@pytest.mark.parametrize("text,tag", [
    ("<script>\n\nalert(1)\n\n</script>", "<script>"), ("<img src=x onerror=alert(1)>", "<img>"),
    ("<!-- verborgen -->\n\nTekst.", "commentaar"), ("<?php echo 1; ?>", "HTML-code"), ("> <div>x</div>", "<div>"),
])
def test_raw_html_at_the_very_start_is_found(repo, text, tag):
    """An HTML block that opens the text: cmark's comment for it comes before any element."""
    _corpus, found = validate(repo(body(text)), today=TODAY)
    assert [(f.rule, f.line) for f in found] == [("E016", 16)], [f.format() for f in found]
    assert tag in found[0].message

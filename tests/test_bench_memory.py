"""cmark-gfm's Python binding leaks the parsed tree and the HTML of every call; kennisbank.gfm does not."""

from __future__ import annotations

import os

import cmarkgfm
from cmarkgfm.cmark import Options

from kennisbank import gfm
from kennisbank.markup import to_html

TEXT = ("# Kop\n\nEen zin met **vet**, een [link](https://example.org), www.voorbeeld.nl en ~~weg~~.\n\n"
        "- [ ] taak\n- punt\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n```py\nx = 1\n```\n") * 20


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def test_gfm_renders_exactly_what_cmarkgfm_renders():
    for options in (0, Options.CMARK_OPT_DEFAULT, Options.CMARK_OPT_SOURCEPOS, Options.CMARK_OPT_UNSAFE):
        for text in (TEXT, "", "x", "é ü 日本\n\n> citaat\n"):
            assert gfm.to_html(text, options) == cmarkgfm.github_flavored_markdown_to_html(text, options=options)


def test_rendering_markdown_does_not_grow_memory():
    for _ in range(200):  # warm up: the allocator's pools and Python's caches
        to_html(TEXT, page_dir="tips/x/", content_dir="tips", ids=None)
    before = rss_mb()
    for _ in range(2000):  # with cmarkgfm's own function this grows by about 300 MB
        to_html(TEXT, page_dir="tips/x/", content_dir="tips", ids=None)
    assert rss_mb() - before < 20

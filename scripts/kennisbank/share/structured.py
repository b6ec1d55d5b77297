"""Structured data (JSON-LD, schema.org) for search engines: Article, Question/Answer and FAQPage.

Builders return plain dicts whose own links are site-relative ('tips/x/'); `script` makes them
absolute for the build's site URL and serializes them so that no content can leave the
<script type="application/ld+json"> element: json.dumps, then '<', '>' and '&' as \\u escapes
(the JSON means the same, and the HTML parser never sees a tag or a character reference).
"""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from ..markup import to_html
from ..model import Item
from ..vocab import Vocabularies
from . import dates

CONTEXT = "https://schema.org"
# Keys whose value is a link on this site, relative until the site URL is known.
_SITE_LINKS = frozenset({"url", "@id", "mainEntityOfPage"})
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def plain_text(html_text: str) -> str:
    """The text of rendered Markdown, as one line: what an answer says, without its markup."""
    node = LexborHTMLParser(f"<div>{html_text}</div>").css_first("div")
    return " ".join((node.text(separator=" ") if node else "").split())


def citation(item: Item) -> dict:
    """The source, with the source's own date, so that 2020 knowledge does not look new."""
    bron = item.meta.bron
    cited: dict = {"@type": "CreativeWork", "name": bron.titel}
    if bron.organisatie:
        cited["publisher"] = {"@type": "Organization", "name": bron.organisatie}
    if bron.datum:
        cited["datePublished"] = bron.datum.isoformat()
    if bron.url:
        cited["url"] = bron.url
    return cited


def _common(item: Item, vocab: Vocabularies, url: str) -> dict:
    meta = item.meta
    return {
        "url": url,
        "inLanguage": "nl",
        "datePublished": dates.added(meta).isoformat(),
        "dateModified": dates.updated(meta).isoformat(),
        "about": [{"@type": "Thing", "name": vocab.label("themas", key)} for key in meta.themas],
        "citation": citation(item),
    }


def answer_text(item: Item, page_dir: str) -> str:
    html_text, _ = to_html(item.body, page_dir=page_dir, content_dir=item.type.folder, ids=None)
    return plain_text(html_text)


def question(item: Item, vocab: Vocabularies, url: str, page_dir: str) -> dict:
    """One question and its answer (schema.org Question with an acceptedAnswer)."""
    return {"@type": "Question", "name": item.meta.vraag, "text": item.meta.vraag, "answerCount": 1,
            "acceptedAnswer": {"@type": "Answer", "text": answer_text(item, page_dir), "url": url}}


def item_data(item: Item, vocab: Vocabularies, url: str) -> dict:
    """A question page: QAPage with its Question; a tip or practice example: an Article."""
    meta = item.meta
    if item.type.key == "vraag":
        data = {"@context": CONTEXT, "@type": "QAPage", "name": meta.titel, "description": meta.samenvatting,
                **_common(item, vocab, url), "mainEntity": question(item, vocab, url, url)}
        return data
    return {"@context": CONTEXT, "@type": "Article", "headline": meta.titel, "name": meta.titel,
            "description": meta.samenvatting, "mainEntityOfPage": url, **_common(item, vocab, url),
            "articleSection": item.type.label}


def faq_page(questions: list[Item], vocab: Vocabularies, url: str, item_url) -> dict:
    """The questions overview: one FAQPage with every question and its answer."""
    return {"@context": CONTEXT, "@type": "FAQPage", "url": url, "inLanguage": "nl",
            "mainEntity": [question(item, vocab, item_url(item), url) for item in questions]}


def absolute(data: object, base: str) -> object:
    """The same data with this site's relative links made absolute (base ends with '/')."""
    if isinstance(data, dict):
        return {key: (base + value if key in _SITE_LINKS and isinstance(value, str) and "://" not in value
                      else absolute(value, base)) for key, value in data.items()}
    if isinstance(data, list):
        return [absolute(value, base) for value in data]
    return data


def script(data: dict, base: str) -> str:
    """The <script> element for a page's head; its text is JSON without a single '<'."""
    text = json.dumps(absolute(data, base), ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return f'<script type="application/ld+json">{text}</script>'

"""Time-bound statements name the time of their source (issue 11, point 4).

The sources date from 2020 or carry no date. A sentence in an item that speaks of a plan or of
"now" ("zal", "de komende tijd", "nog niet", "momenteel", ...) must say whose time that is: a
year, "toen", "ten tijde van", or the source itself ("volgens de bron", "het plan", "het
verslag", ...). Otherwise a reader in 2026 takes a 2020 plan for today's situation.

The check reads what a reader reads: each Markdown text field rendered by cmark-gfm, split into
blocks with a real HTML parser and into sentences, never grepped out of the raw file.
"""

from __future__ import annotations

import cmarkgfm
import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO
from kennisbank.loader import load

# Phrases that make a statement time-bound: a plan, or a "now" that was the source's now.
MARKERS = (
    ("zal",), ("zullen",), ("momenteel",), ("binnenkort",), ("inmiddels",),
    ("op", "dit", "moment"), ("de", "komende", "tijd"), ("op", "korte", "termijn"),
    ("nu", "nog"), ("nog", "niet"), ("nog", "weinig"), ("tot", "nu", "toe"),
    ("gaan", "worden"), ("gaat", "worden"), ("nog", "worden"), ("nog", "te"),
)
# Words by which a sentence names the time of its source.
ANCHOR_WORDS = {
    "toen", "volgens", "bron", "verslag", "plan", "infosheet", "aanbevelingen", "antwoord",
    "focusgroep", "kick-offbijeenkomst",
}
# Future tense that is part of a general rule, not a dated plan: what any intentieverklaring
# declares, and what assistants in general will not say unasked. Each entry is a whole phrase.
GENERIC_FUTURE = (
    ("zullen", "steunen", "met", "mensen", "en", "middelen"),
    ("uit", "zichzelf", "zullen", "zeggen"),
)
FIELDS = ("samenvatting", "wat_ze_deden", "wat_het_opleverde")
SENTENCE_ENDS = ".?!"
CLOSERS = "\"'”’)"


def words(text: str) -> list[str]:
    out, word = [], []
    for ch in text.lower():
        if ch.isalnum() or ch == "-":
            word.append(ch)
        elif word:
            out.append("".join(word).strip("-"))
            word = []
    if word:
        out.append("".join(word).strip("-"))
    return [w for w in out if w]


def contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i:i + n]) == phrase for i in range(len(seq) - n + 1))


def sentences(block: str) -> list[str]:
    """Split a block of text after . ? ! (and any closing quotes or brackets) before a space."""
    out, start, i = [], 0, 0
    while i < len(block):
        if block[i] in SENTENCE_ENDS:
            end = i + 1
            while end < len(block) and block[end] in CLOSERS:
                end += 1
            if end == len(block) or block[end].isspace():
                out.append(block[start:end])
                start = end
            i = end
        else:
            i += 1
    out.append(block[start:])
    return [s.strip() for s in out if s.strip()]


def blocks(markdown: str) -> list[str]:
    """The text of each paragraph, heading, list item and table cell as a reader sees it."""
    tree = LexborHTMLParser(cmarkgfm.github_flavored_markdown_to_html(markdown))
    out = []
    for node in tree.css("p, h1, h2, h3, h4, h5, h6, td, th"):
        out.append(node.text(deep=True))
    for li in tree.css("li"):
        # The item's own text, without its nested list (those items are blocks of their own).
        out.append(" ".join(c.text(deep=True) for c in li.iter(include_text=True) if c.tag not in ("ul", "ol")))
    return out


def dangling(text: str) -> list[str]:
    """Sentences with a time-bound phrase that do not name the time of their source."""
    found = []
    for block in blocks(text):
        for sentence in sentences(block):
            seq = words(sentence)
            if not any(contains(seq, m) for m in MARKERS):
                continue
            if any(contains(seq, g) for g in GENERIC_FUTURE):
                continue
            named = any(w in ANCHOR_WORDS for w in seq) or any(
                len(w) == 4 and w.isdigit() and w.startswith(("19", "20")) for w in seq
            ) or contains(seq, ("ten", "tijde"))
            if not named:
                found.append(sentence)
    return found


def texts(item) -> list[tuple[str, str]]:
    out = [("tekst", item.body)]
    for name in FIELDS:
        value = getattr(item.meta, name, None)
        if value:
            out.append((name, value))
    for lesson in getattr(item.meta, "lessen", None) or []:
        out.append(("lessen", lesson))
    return out


@pytest.fixture(scope="module")
def corpus():
    return load(REPO)


def test_every_time_bound_statement_names_the_time_of_its_source(corpus):
    assert len(corpus.items) >= 50
    problems = [
        f"{item.path} ({field}): {sentence}"
        for item in corpus.items
        for field, text in texts(item)
        for sentence in dangling(text)
    ]
    assert not problems, "tijdgebonden zinnen zonder de tijd van de bron:\n" + "\n".join(problems)


# Sentences as they stood before this pass (git show main:content/...), and as they stand now.
BEFORE_AND_AFTER = [
    ("Werkt de inzet van de jeugdprofessional in de huisartsenpraktijk? Dat is nog weinig onderzocht.",
     "Werkt de inzet van de jeugdprofessional in de huisartsenpraktijk? Volgens de bron is dat nog weinig onderzocht."),
    ("## Nog niet bekend in het veld\n",
     "## In maart 2020 nog niet bekend in het veld\n"),
    ("- Alliantiepartners hebben werkplannen uitgewerkt; andere moeten nog worden uitgewerkt.\n",
     "- Volgens het plan hebben alliantiepartners werkplannen uitgewerkt; andere moesten nog worden uitgewerkt.\n"),
    ("- “Hen zien we nu nog niet in de coalities, maar zij hebben wel veel contact met patiënten.”\n",
     "- De infosheet zegt: “Hen zien we nu nog niet in de coalities, maar zij hebben wel veel contact met patiënten.”\n"),
]


@pytest.mark.parametrize(("before", "after"), BEFORE_AND_AFTER)
def test_the_check_flags_the_old_wording_and_passes_the_new(before, after):
    assert dangling(before), before
    assert not dangling(after), after


def test_nested_list_items_are_checked_on_their_own():
    # Neither hides the other: a nested item does not lend its parent its mention of the source.
    assert dangling("- Volgens het plan:\n  - dit zal nog gebeuren.\n") == ["dit zal nog gebeuren."]
    assert dangling("- Dit zal nog gebeuren\n  - volgens het plan\n") == ["Dit zal nog gebeuren"]


def test_a_quoted_sentence_ends_at_its_closing_quote():
    # The note after the quote must not lend the quote its mention of the source.
    text = "“Hen zien we nu nog niet in de coalities.” (Deze zin is in de bron onvolledig.)"
    assert dangling(text) == ["“Hen zien we nu nog niet in de coalities.”"]


def test_a_general_rule_in_the_future_tense_is_not_a_dated_plan():
    assert not dangling("Bestuurders verklaren dat zij de coalitie zullen steunen met mensen en middelen.")
    assert dangling("Bestuurders zullen de coalitie steunen.")

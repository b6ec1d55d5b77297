"""Soft hyphens in long Dutch words of titles and headings, inserted at build time.

Chromium has no Dutch hyphenation dictionary offline, so `hyphens: auto` does nothing and a long
compound ("samenwerkingsafspraken") breaks mid-word without a hyphen, or overflows at 320 px.
pyphen carries the maintained LibreOffice Dutch patterns; a U+00AD soft hyphen is invisible
unless the line breaks there. Search is unaffected: the indexer strips soft hyphens (tested).
"""

from __future__ import annotations

import functools

import pyphen

SOFT_HYPHEN = "\u00ad"
MIN_WORD = 12  # a shorter word fits on a line at 320 px, even in a heading


@functools.cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


@functools.lru_cache(maxsize=20_000)
def _word(word: str) -> str:
    return _dictionary().inserted(word, hyphen=SOFT_HYPHEN)


@functools.lru_cache(maxsize=50_000)  # a title is hyphenated on its page and in each overview that lists it
def soft_hyphens(text: str) -> str:
    """text with soft hyphens in every run of at least MIN_WORD letters; one pass over the text."""
    if all(len(token) < MIN_WORD for token in text.split()):  # no run of letters can be long enough
        return text
    out, run = [], []
    for ch in text + " ":
        if ch.isalpha():
            run.append(ch)
            continue
        if run:
            word = "".join(run)
            out.append(_word(word) if len(word) >= MIN_WORD else word)
            run = []
        out.append(ch)
    return "".join(out[:-1])

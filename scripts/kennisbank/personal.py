"""Personal data in content: e-mail addresses, Dutch phone numbers and citizen service numbers (BSN).

Content is public; a client's phone number or BSN must never reach the site (rule E050). Each scan
walks the text once, character by character, without regular expressions: no input can make it
backtrack, so a hostile file costs linear time like any other. No line break is part of an address
or a number, or glues to one: a scan of a whole text finds what scans of its lines find.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
_LOCAL = _ASCII_LETTERS | _DIGITS | frozenset("._%+-")
_DOMAIN = _ASCII_LETTERS | _DIGITS | frozenset(".-")
# A number glued to these belongs to something else: a web address, an id, a word.
_GLUE = _ASCII_LETTERS | _DIGITS | frozenset("/=&?#_%@")
_NUMBER_SEPARATORS = frozenset(" -.")
_WORTH_A_LOOK = re.compile(r"[@0-9]")  # one character class, no quantifier: linear
_RUN_START = re.compile(r"[+0-9]")


@dataclass(frozen=True)
class Hit:
    col: int  # 0-based offset in the line
    kind: str  # 'e-mailadres', 'telefoonnummer' or 'BSN'
    text: str


def emails(line: str) -> Iterator[tuple[int, str]]:
    """(offset, address) for every e-mail address: local part, '@', a domain with a dot and a letter TLD."""
    at = line.find("@")
    while at != -1:
        start = at
        while start > 0 and line[start - 1] in _LOCAL:
            start -= 1  # stops at the previous '@' at the latest: each character is visited a bounded number of times
        end = at + 1
        while end < len(line) and line[end] in _DOMAIN:
            end += 1
        domain = line[at + 1:end].rstrip(".-")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        local = line[start:at].lstrip(".")
        if local and len(tld) >= 2 and all(ch in _ASCII_LETTERS for ch in tld):
            yield start + (len(line[start:at]) - len(local)), f"{local}@{domain}"
        at = line.find("@", end if end > at + 1 else at + 1)


def number_runs(line: str) -> Iterator[tuple[int, str, str]]:
    """(offset, text, digits) for each run of digits joined by single separators (space, '-', '.'),
    optionally starting with '+', not glued to letters or address characters."""
    i, n = 0, len(line)
    while i < n:
        # To the next digit or '+' in one step (C); the characters in between cannot start a run.
        if (found := _RUN_START.search(line, i)) is None:
            return
        i = found.start()
        ch = line[i]
        starts = ch in _DIGITS or (ch == "+" and i + 1 < n and line[i + 1] in _DIGITS)
        if not starts or (i > 0 and line[i - 1] in _GLUE):
            i += 1
            continue
        j = i + 1
        while j < n:
            if line[j] in _DIGITS:
                j += 1
            elif line[j] in _NUMBER_SEPARATORS and j + 1 < n and line[j + 1] in _DIGITS:
                j += 2
            else:
                break
        text = line[i:j]
        if j >= n or line[j] not in _GLUE:
            yield i, text, "".join(c for c in text if c in _DIGITS)
        i = j


def is_dutch_phone(text: str, digits: str) -> bool:
    """+31 or 0031 and nine digits, or ten digits starting with a single 0 (06, 010, 0512, 0800...)."""
    if text.startswith("+"):
        return digits.startswith("31") and len(digits) == 11
    if digits.startswith("0031"):
        return len(digits) == 13
    return len(digits) == 10 and digits[0] == "0" and digits[1] != "0"


def passes_eleven_test(digits: str) -> bool:
    """The BSN check: nine digits, 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def personal_data(line: str, allowed_email: str | None = None) -> Iterator[Hit]:
    """Every piece of personal data in one line, in order of kind."""
    if not _WORTH_A_LOOK.search(line):  # no '@' and no digit, like most lines: nothing to walk
        return
    allowed = (allowed_email or "").strip().lower()
    for col, address in emails(line):
        if address.lower() != allowed:
            yield Hit(col, "e-mailadres", address)
    for col, text, digits in number_runs(line):
        if is_dutch_phone(text, digits):
            yield Hit(col, "telefoonnummer", text)
        elif passes_eleven_test(digits):
            yield Hit(col, "BSN", text)


_NOT_COMPARED = "*_`>\"'‘’“”"
MIN_REPEAT = 40  # characters: a shorter field ("Ja.") may well recur in a longer text without repeating it


def squeezed(text: str) -> str:
    """Text with Markdown emphasis, quotes and runs of white space taken out, lowercased: what a reader compares."""
    text = text.lower()
    for char in _NOT_COMPARED:  # str.replace per character: four times as fast as str.translate's table
        text = text.replace(char, "")
    return " ".join(text.split())

"""One URL policy for every address in the content: front matter fields and Markdown alike.

A URL is judged the way a browser reads it (WHATWG URL standard): leading and trailing C0
controls and spaces are stripped, tabs and line breaks anywhere are removed, and only then is the
scheme read. So 'java<TAB>script:' and ' javascript:' are javascript: URLs, as they are in a browser.

Allowed: http(s) to a named host, mailto:, a fragment ('#kopje'), or a relative link inside the
site (whether that file exists is checked by the rules, which know the content folder).
Everything else is refused with a Dutch reason and a fix hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

import ada_url

MAX_URL_LENGTH = 2000  # longer addresses are refused before any parsing or file system lookup
MAX_SEGMENT_BYTES = 200  # a path segment longer than this cannot name a content file

_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SCHEME_REST = _SCHEME_FIRST | frozenset("0123456789+-.")
WEB_SCHEMES = ("http", "https")
ALLOWED_SCHEMES = (*WEB_SCHEMES, "mailto")

EXTERNAL, MAIL, FRAGMENT, RELATIVE, REFUSED = "extern", "mail", "anker", "relatief", "geweigerd"


def browser_form(url: str) -> str:
    """The URL after the browser's first two steps: strip C0 controls and space, drop tab/LF/CR."""
    return url.strip(_C0_AND_SPACE).translate(_TAB_OR_NEWLINE)


def scheme_of(url: str) -> str | None:
    """The scheme of a URL already in browser form, lowercased, or None for a relative URL.

    A plain scan, as the WHATWG 'scheme state' does: a letter, then letters, digits, '+', '-', '.', then ':'.
    """
    if not url or url[0] not in _SCHEME_FIRST:
        return None
    for index, char in enumerate(url):
        if char == ":":
            return url[:index].lower()
        if char not in _SCHEME_REST:
            return None
    return None


@dataclass(frozen=True)
class Verdict:
    kind: str  # EXTERNAL, MAIL, FRAGMENT, RELATIVE or REFUSED
    url: str  # in browser form; for RELATIVE with '/' for '\' as browsers read it
    problem: str = ""  # Dutch, to follow the thing judged ("link …", "'bron.url' …"): what is wrong, how to fix it

    @property
    def refused(self) -> bool:
        return self.kind == REFUSED


def _refuse(url: str, problem: str) -> Verdict:
    return Verdict(REFUSED, url, problem)


def shown(url: str, limit: int = 60) -> str:
    """A URL as it may appear in a message: printable, and not endless."""
    visible = "".join(c if c.isprintable() else "�" for c in url[: limit + 1])
    return visible if len(visible) <= limit else visible[:limit] + "…"


def judge(raw: str, *, relative_allowed: bool = True) -> Verdict:
    """The verdict for one URL as it reaches the browser (entities already decoded)."""
    if len(raw) > MAX_URL_LENGTH:
        return _refuse(raw[:MAX_URL_LENGTH], f"is langer dan {MAX_URL_LENGTH} tekens — gebruik een korter adres")
    url = browser_form(raw)
    scheme = scheme_of(url)
    if scheme is None:
        # Percent-encoding hides a scheme from the browser, but such a link can only be a trick.
        hidden = scheme_of(browser_form(unquote(url)))
        if hidden is not None and hidden not in ALLOWED_SCHEMES:
            return _refuse(url, f"'{shown(url)}' verbergt het schema '{hidden}:' met %-codes — "
                                "gebruik een gewoon webadres dat met https:// begint")
    if scheme in WEB_SCHEMES:
        try:
            host = ada_url.URL(url).hostname
        except ValueError:
            host = ""
        if not host:
            return _refuse(url, f"'{shown(url)}' is geen geldig webadres — schrijf het volledig, zoals https://www.voorbeeld.nl/pagina")
        return Verdict(EXTERNAL, url)
    if scheme == "mailto":
        return Verdict(MAIL, url)
    if scheme is not None:
        return _refuse(url, f"met '{shown(scheme, 20)}:' is niet toegestaan — gebruik een webadres dat met https:// begint")
    slashed = url.replace("\\", "/")  # browsers read '\' as '/' in web addresses
    if slashed.startswith("//"):
        return _refuse(url, f"'{shown(url)}' begint met // en wijst zo naar een willekeurige site — "
                            "schrijf het volledig, met https:// ervoor")
    if url.startswith("#"):
        return Verdict(FRAGMENT, url)
    if not relative_allowed:
        return _refuse(url, f"'{shown(url)}' is geen volledig webadres — schrijf het zoals https://www.voorbeeld.nl/pagina")
    if slashed.startswith("/"):
        return _refuse(url, f"'{shown(url)}' begint met / en werkt daardoor niet op elke plek van de site — "
                            "link relatief, zoals ../tips/id.md")
    path = unquote(slashed.split("#", 1)[0].split("?", 1)[0])
    if "\x00" in path or any(len(part.encode("utf-8", "replace")) > MAX_SEGMENT_BYTES for part in path.split("/")):
        return _refuse(url, f"'{shown(url)}' kan geen bestand in de content zijn — link naar een item als ../tips/id.md")
    return Verdict(RELATIVE, slashed)


def local_path(verdict: Verdict) -> str:
    """The file path a RELATIVE verdict points at, without query or fragment, percent-decoded."""
    return unquote(verdict.url.split("#", 1)[0].split("?", 1)[0])

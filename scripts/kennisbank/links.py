"""`make links`: check the external links in the content. Optional, because CI has no internet."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .check import validate
from .rules import markdown_links, url_fields

TIMEOUT_SECONDS = 15
USER_AGENT = "Kennisbank-linkcontrole/1.0"


@dataclass(frozen=True)
class ExternalLink:
    path: str
    line: int
    url: str


def external_links(root: Path) -> list[ExternalLink]:
    """Every web address in the content, found the way the validator finds it (the model's URL fields, cmark's links)."""
    corpus, _found = validate(root)
    found: list[ExternalLink] = []
    for loaded in corpus.files:
        item = loaded.item
        if item is None:
            continue
        found += [ExternalLink(loaded.path, link.line, link.verdict.url) for link in markdown_links(loaded, item)
                  if link.verdict.kind == urls.EXTERNAL]
        for path, _value, verdict in url_fields(loaded, item):
            if verdict.kind == urls.EXTERNAL:
                found.append(ExternalLink(loaded.path, loaded.parsed.value_pos.get(path, (1, 1))[0], verdict.url))
    return found


def status(url: str) -> str | None:
    """None when the link works, else a Dutch reason."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS):
                return None
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return f"HTTP {err.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            return f"niet bereikbaar ({reason})"
    return None


def main(root: Path, stream=None) -> int:
    stream = stream or sys.stdout
    links = external_links(root)
    urls = sorted({link.url for link in links})
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(urls, pool.map(status, urls), strict=True))
    broken = [link for link in links if results[link.url]]
    for link in broken:
        print(f"{link.path}:{link.line}:1  LINK  {link.url}: {results[link.url]} — controleer of vervang het adres", file=stream)
    print(f"{len(urls)} externe links gecontroleerd, {len({b.url for b in broken})} werken niet.", file=stream)
    return 1 if broken else 0

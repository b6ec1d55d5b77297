"""Checks on the built HTML, after every build and before the site is swapped into place.

Defence in depth: the validator rejects HTML in content, and this scan proves that no script or
event handler reached the pages anyway. And every internal link and anchor must resolve.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
_ACTIVE_ELEMENTS = {"script", "iframe", "object", "embed", "style", "form", "base", "meta", "link"}
# Where the theme and our own pages keep scripts; anything else is not ours.
_SCRIPT_FOLDERS = ("assets/", "pagefind/")


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (attribute, url)
    problems: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self.article_depth = 0  # > 0 inside <article>, where editors' content ends up

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.page.ids.add(values[key])
        for name, value in values.items():
            if name.startswith("on"):
                self.page.problems.append(f"event-handler '{name}' op <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and _UNSAFE_URL.match(value):
                self.page.problems.append(f"onveilig adres in {name}= op <{tag}>: {value[:40]}")
        if tag == "article":
            self.article_depth += 1
        elif self.article_depth and tag in _ACTIVE_ELEMENTS:
            self.page.problems.append(f"<{tag}> in de inhoud van de pagina")
        if tag == "script" and values.get("src"):
            self.page.links.append(("script", values["src"]))
        for attribute in ("href", "src"):
            if values.get(attribute) and tag in ("a", "link", "img", "source"):
                self.page.links.append((attribute, values[attribute]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.article_depth:
            self.article_depth -= 1


def _scan(path: Path) -> _Page:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner.page


def _page_url(site_dir: Path, path: Path, base_path: str) -> str:
    rel = path.relative_to(site_dir).as_posix()
    rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    return base_path + rel


def _target_file(site_dir: Path, url_path: str, base_path: str) -> Path | None:
    if not url_path.startswith(base_path):
        return None
    rel = unquote(url_path[len(base_path):])
    candidate = site_dir / rel
    if rel == "" or rel.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


def check_site(site_dir: Path, base_path: str = "/") -> list[str]:
    """Every problem in the built site, as Dutch sentences naming the page."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    pages = {path: _scan(path) for path in sorted(site_dir.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        rel = path.relative_to(site_dir).as_posix()
        problems += [f"{rel}: {problem}" for problem in page.problems]
        page_url = _page_url(site_dir, path, base_path)
        for attribute, url in page.links:
            if url.startswith(("mailto:", "tel:")) or _UNSAFE_URL.match(url):
                continue
            parts = urlsplit(urljoin("http://site" + page_url, url))
            if parts.netloc != "site":
                if attribute in ("script", "src"):
                    problems.append(f"{rel}: laadt {url} van buiten de site")
                continue
            if attribute == "script" and not posixpath.relpath(parts.path, base_path).startswith(_SCRIPT_FOLDERS):
                problems.append(f"{rel}: script {url} komt niet van het thema of de zoekfunctie")
            target = _target_file(site_dir, parts.path, base_path)
            if target is None or not target.is_file():
                problems.append(f"{rel}: link naar {url} wijst naar een pagina die niet bestaat")
                continue
            if parts.fragment and target.suffix == ".html":
                target_page = pages.get(target) or _scan(target)
                if unquote(parts.fragment) not in target_page.ids:
                    problems.append(f"{rel}: link naar {url} wijst naar een anker dat niet bestaat")
    return problems

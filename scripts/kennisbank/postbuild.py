"""Checks on the built HTML, after every build and before the site is swapped into place.

Defence in depth: the validator rejects HTML in content, and this scan proves that no script or
event handler reached the pages anyway. And every internal link and anchor must resolve.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
_ACTIVE_ELEMENTS = {"script", "iframe", "object", "embed", "style", "form", "base", "meta", "link"}
# Where the theme and our own pages keep scripts; anything else is not ours.
_SCRIPT_FOLDERS = ("assets/", "pagefind/")


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (attribute, url)
    problems: list[str] = field(default_factory=list)


# Regular expressions, not a parser: the pages come from our own templates and Python-Markdown,
# which always quote attributes with double quotes, and this is ten times faster than html.parser,
# which matters at 10,000 pages. Script bodies and comments are cut out first, so that a '<' in
# them is not taken for a tag. The security patterns accept any quoting.
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?</script\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ID = re.compile(r"\s(?:id|name)=\"([^\"]*)\"")
_LINK = re.compile(r"<(a|link|img|source|script)\s[^>]*?(href|src)=\"([^\"]*)\"", re.I)
_ANY_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_HANDLER = re.compile(r"\s(on[a-zA-Z]+)\s*=", re.I)
_UNSAFE_ATTRIBUTE = re.compile(r"\s(href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*((?:javascript|vbscript|data)\s*:[^\"'>\s]{0,40})",
                               re.I)


def _scan(path: Path) -> _Page:
    page = _Page()
    text = _COMMENT.sub("", _SCRIPT_BODY.sub(r"\1</script>", path.read_text(encoding="utf-8")))
    page.ids.update(html.unescape(value) for value in _ID.findall(text))
    start = text.find("<article")
    end = text.find("</article>", start) if start != -1 else -1
    for match in _ANY_TAG.finditer(text):
        tag, attributes = match.group(1).lower(), match.group(2) or ""
        if start <= match.start() < end and tag in _ACTIVE_ELEMENTS:
            page.problems.append(f"<{tag}> in de inhoud van de pagina")
        if not attributes:
            continue
        lowered = attributes.lower()
        if " on" in lowered or "\ton" in lowered or "\non" in lowered:
            page.problems += [f"event-handler '{name.lower()}' op <{tag}>" for name in _HANDLER.findall(attributes)]
        if "script" in lowered or "data" in lowered:
            page.problems += [f"onveilig adres in {name.lower()}= op <{tag}>: {html.unescape(value)}"
                              for name, value in _UNSAFE_ATTRIBUTE.findall(attributes)]
    for tag, attribute, value in _LINK.findall(text):
        kind = "script" if tag.lower() == "script" else attribute.lower()
        page.links.append((kind, html.unescape(value)))
    return page


def _resolve(page_url: str, url: str) -> tuple[str, str, bool]:
    """(path, fragment, is_local) of a link on a page; fast for the relative links of a static site."""
    if url.startswith("#"):
        return page_url, url[1:], True
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", url):
        parts = urlsplit(url)
        return parts.path, parts.fragment, False
    path, _, fragment = url.partition("#")
    path = path.partition("?")[0]
    joined = posixpath.normpath(path if path.startswith("/") else page_url + path)
    path = joined + "/" if path.endswith(("/", "/.")) and not joined.endswith("/") else joined
    return path, fragment, True


def _page_url(rel: str, base_path: str) -> str:
    return base_path + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _target(files: set[str], url_path: str, base_path: str) -> str | None:
    """The site file a local URL path serves, or None when there is none."""
    if not (url_path + "/").startswith(base_path):
        return None
    rel = unquote(url_path[len(base_path):])
    for candidate in (rel, rel.rstrip("/") + "/index.html" if rel.strip("/") else "index.html"):
        if candidate in files:
            return candidate
    return None


def check_site(site_dir: Path, base_path: str = "/") -> list[str]:
    """Every problem in the built site, as Dutch sentences naming the page."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    pages = {rel: _scan(site_dir / rel) for rel in sorted(files) if rel.endswith(".html")}
    problems = []
    for rel, page in pages.items():
        problems += [f"{rel}: {problem}" for problem in page.problems]
        page_url = _page_url(rel, base_path)
        for attribute, url in page.links:
            if url.startswith(("mailto:", "tel:")) or _UNSAFE_URL.match(url):
                continue
            url_path, fragment, local = _resolve(page_url, url)
            if not local:
                if attribute in ("script", "src"):
                    problems.append(f"{rel}: laadt {url} van buiten de site")
                continue
            if attribute == "script" and not posixpath.relpath(url_path, base_path).startswith(_SCRIPT_FOLDERS):
                problems.append(f"{rel}: script {url} komt niet van het thema of de zoekfunctie")
            target = _target(files, url_path, base_path)
            if target is None:
                problems.append(f"{rel}: link naar {url} wijst naar een pagina die niet bestaat")
            elif fragment and target in pages and unquote(fragment) not in pages[target].ids:
                problems.append(f"{rel}: link naar {url} wijst naar een anker dat niet bestaat")
    return problems

"""Checks on the built site, after every build and before it is swapped into place.

Defence in depth: the validator refuses HTML and unsafe links in content, and the stamp stage
escapes every value; this scan proves that nothing executable reached the site anyway, that every
file in it is one the build makes, and that every internal link and anchor resolves.

Every published file belongs to one registered kind of output (OUTPUT_KINDS): pages, theme files,
the search index, the sitemap, images. Each kind has its own check; a file no kind accepts fails the
build. A new kind of output (a feed, a data file) registers itself with `register`. A check that
needs the parsed HTML of every page (as the stamp's verification does) is a PageCheck, passed in
Context.page_checks: it gets the tree the scan parsed, so no page is parsed twice.

The scan runs in two steps (SiteCheck) so that the pipeline can run it while Pagefind writes its
index; the verdict is that of one scan of the finished site.

HTML, SVG and XML are parsed with a real HTML5 parser (selectolax/Lexbor, the parser of a browser
engine): attribute values arrive decoded, the way a browser sees them, whatever the quoting,
entities or slashes. Lexbor does a page in well under a millisecond, which matters at 10,000 pages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

# Where the theme and the search keep scripts; a script from anywhere else is not ours.
_SCRIPT_FOLDERS = ("assets/", "pagefind/")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Attributes whose value a browser loads or follows as a URL (srcset: a list of them).
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data", "background",
                            "cite", "longdesc", "manifest", "ping", "codebase", "dynsrc", "lowsrc", "icon", "profile",
                            "archive", "classid", "usemap", "imagesrcset", "itemtype"})
# Elements that load other documents or code, or change where links go: never on the site.
# Material's search box is a <form>, but its search plugin is off (Pagefind replaces it), so no
# page has a form; if the theme ever adds one again, allow exactly that one here.
# <noscript> is parsed one way here (scripting off) and another way in a browser (raw text), so markup
# hidden in it can differ from what we checked. SVG animation can set href to javascript: by its values.
FORBIDDEN_ELEMENTS = frozenset({"base", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "portal",
                                "foreignobject", "noscript", "animate", "set", "animatemotion", "animatetransform",
                                "discard", "handler", "listener"})
# Event-handler attributes the theme itself writes: none (Material binds its handlers from its bundle).
THEME_HANDLERS: frozenset[tuple[str, str]] = frozenset()
# What may never appear inside an article: the content's own HTML is limited to what Markdown makes.
_NOT_IN_ARTICLE = "article script, article style, article link, article meta, article template"
ALLOWED_HTTP_EQUIV = frozenset({"content-type", "x-ua-compatible"})
# The theme's own inline scripts (sha256 of their text, with the page's base path normalised).
THEME_SCRIPTS_FILE = Path(__file__).with_name("theme_scripts.json")
# extra_css/extra_javascript in mkdocs.yml; kennisbank-afdruk.js (head): the page address on paper;
# begrippen.js (glossary): an abbreviation explained on a tap
OWN_ASSETS = frozenset({"assets/kennisbank.css", "assets/kennisbank.js", "assets/kennisbank-afdruk.js",
                        "assets/begrippen.js"})
PAGEFIND_SUFFIXES = frozenset({".js", ".css", ".json", ".pagefind", ".pf_filter", ".pf_fragment", ".pf_index", ".pf_meta"})
IMAGE_FOLDER = "afbeeldingen"
IMAGE_MAX_BYTES = 5 * 1024 * 1024
_IMAGE_SIGNATURES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
                     ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")  # anchored by match, no nested quantifiers: linear
_NO_SCHEME_START = frozenset("./#?")


@dataclass
class Scan:
    """What the check of one file found: anchors it offers, links it makes, problems."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind: 'script', 'src' or 'href', url)
    problems: list[str] = field(default_factory=list)


PageCheck = Callable[[str, LexborHTMLParser], list[str]]  # (path in the site, parsed page) -> Dutch problems


@dataclass(frozen=True)
class Context:
    site_dir: Path
    base_path: str  # '/' or '/repo/'
    # Extra checks on every page, given the tree the scan parsed already (so a page is parsed once):
    # the stamp stage's verification of item and overview pages is one (stamp.PageVerifier).
    page_checks: tuple[PageCheck, ...] = ()
    # One object for each equal link and anchor: the theme's navigation repeats on every page, and
    # 10,000 pages hold half a million links until they are judged (about 100 MB, once per build).
    shared: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class OutputKind:
    """One kind of file the build publishes: which paths it covers, and how to check such a file."""

    name: str
    accepts: Callable[[str], bool]  # the path relative to the site, with forward slashes
    check: Callable[[Context, str], Scan]


OUTPUT_KINDS: list[OutputKind] = []


def register(kind: OutputKind) -> OutputKind:
    OUTPUT_KINDS.append(kind)
    return kind


# --- URLs, as a browser reads them --------------------------------------------------------------


def url_scheme(value: str) -> str | None:
    """The scheme a browser finds in a URL attribute (lowercase), or None for a relative URL.

    As the WHATWG URL parser does: strip leading and trailing C0 controls and spaces, remove every
    tab and newline, then a scheme is an ASCII letter followed by letters, digits, '+', '-' or '.'
    up to the first ':'.
    """
    if value[:1] in _NO_SCHEME_START:  # the relative links of a static site: most of them
        return None
    match = _SCHEME.match(value.strip(_C0_AND_SPACE).replace("\t", "").replace("\n", "").replace("\r", ""))
    return match.group(1).lower() if match else None


def _unsafe_urls(name: str, value: str) -> list[str]:
    candidates = [part.strip(_C0_AND_SPACE).split(" ")[0] for part in value.split(",")] if name.endswith("srcset") else [value]
    return [url for url in candidates if (scheme := url_scheme(url)) is not None and scheme not in SAFE_SCHEMES]


# --- the theme's inline scripts -------------------------------------------------------------------


def _relative_base(rel: str) -> str:
    depth = rel.count("/")
    return "." if depth == 0 else "/".join([".."] * depth)


def _normalised(text: str, base: str) -> str:
    """The theme's script with this page's base path taken out, so that one hash fits every depth."""
    if base == ".":
        return text.replace('"."', '"\x00"').replace('"assets/', '"\x00/assets/')
    slashed = base if base.endswith("/") else base + "/"
    return text.replace(f'"{base}"', '"\x00"').replace(f'"{slashed}', '"\x00/')


@lru_cache(maxsize=256)  # the theme's scripts repeat on every page of the same depth
def _script_hashes(text: str, bases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(hashlib.sha256(_normalised(text, base).encode("utf-8")).hexdigest() for base in bases)


def script_hashes(text: str, rel: str, base_path: str) -> frozenset[str]:
    return _script_hashes(text, (_relative_base(rel), base_path, base_path.rstrip("/") or "/"))


# The same for the second engine, Zensical (scripts/kennisbank/engines.py); its own file, so that
# Material's list above stays exactly what a Material build has.
ZENSICAL_SCRIPTS_FILE = Path(__file__).with_name("theme_scripts_zensical.json")


@lru_cache(maxsize=1)
def theme_scripts() -> frozenset[str]:
    return frozenset(json.loads(THEME_SCRIPTS_FILE.read_text(encoding="utf-8"))["sha256"])


@lru_cache(maxsize=1)
def zensical_scripts() -> frozenset[str]:
    return frozenset(json.loads(ZENSICAL_SCRIPTS_FILE.read_text(encoding="utf-8"))["sha256"])


# The largest page the build may write (stamp.py refuses to write a bigger one; this scan refuses
# any bigger file it would parse). The biggest real pages are the overviews that list every item:
# the questions overview holds every answer, 2.7 MB at 10,000 synthetic items (1,500 questions);
# with answers as long as the real ones, about 7 MB. A page above this bound means some input
# multiplies itself, or the overview needs splitting.
MAX_PAGE_BYTES = 16 * 1024 * 1024

# --- nesting: bounded before any parse -------------------------------------------------------------

# Deeper than any page needs (the theme nests about 20 levels). An HTML parser takes time quadratic
# in the depth of nesting (Lexbor, like browsers, searches the stack of open elements at each tag):
# 100 kB of '>' in Markdown is 100,000 nested blockquotes and ten seconds of parsing. So the depth
# is measured first, in one pass, and a deeper page is refused without being parsed.
MAX_NESTING = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")  # no nested quantifiers: linear
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
                   "param", "keygen"})


def nesting_depth(text: str) -> int:
    """How deep elements nest in text, counted from its tags (an upper bound for what a parser builds).

    Below MAX_NESTING it may return any bound that is itself below MAX_NESTING: a text with fewer
    '<' not followed by '/' than that cannot open more elements (most pages), and is not walked.
    """
    opening_bound = text.count("<") - text.count("</")
    if opening_bound <= MAX_NESTING:
        return max(opening_bound, 0)
    depth = deepest = 0
    for closing, name in _TAG.findall(text):
        if closing:
            depth = max(depth - 1, 0)
        elif name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _article(text: str) -> str:
    """The part of a page that holds content: the theme's own markup around it is fixed."""
    start = text.find("<article")
    return text[start:text.rfind("</article>")] if start != -1 else text


# --- markup: HTML pages, and SVG and XML parsed the same way ---------------------------------------


def _is_jsonld(attributes: dict) -> bool:
    return (attributes.get("type") or "").strip().lower() == "application/ld+json"


def scan_markup(text: str, rel: str, base_path: str, *, article: bool = True,
                page_checks: tuple[PageCheck, ...] = (), shared: dict | None = None) -> Scan:
    """Security problems and links of one HTML (or SVG, XML) document; page_checks run on the same parse.

    shared: a dict in which equal links and anchors of many pages share one object (Context.shared).
    """
    shared = {} if shared is None else shared
    scan = Scan()
    depth = nesting_depth(_article(text) if article else text)
    if depth > MAX_NESTING:
        scan.problems.append(f"elementen zijn {depth} niveaus diep genest, de grens is {MAX_NESTING}; niet verder gecontroleerd")
        return scan
    tree = LexborHTMLParser(text)
    for check in page_checks:
        scan.problems += check(rel, tree)
    allowed_scripts = theme_scripts() | zensical_scripts()
    for node in tree.css("*"):
        tag = node.tag
        attributes = node.attributes
        if tag in FORBIDDEN_ELEMENTS:
            scan.problems.append(f"<{tag}> is niet toegestaan")
        elif tag == "meta" and (attributes.get("http-equiv") or "").strip().lower() not in ALLOWED_HTTP_EQUIV | {""}:
            scan.problems.append(f"<meta http-equiv=\"{attributes.get('http-equiv')}\"> is niet toegestaan")
        elif tag == "script":
            if attributes.get("src") is not None:
                scan.links.append(("script", attributes["src"] or ""))
            elif _is_jsonld(attributes):  # data, not code (issue 12)
                scan.problems += jsonld_problems(node.text(deep=True))
            elif not script_hashes(node.text(deep=True), rel, base_path) & allowed_scripts:
                scan.problems.append("inline <script> dat niet van het thema is")
        for name, value in attributes.items():
            if name.startswith("on") and (tag, name) not in THEME_HANDLERS:
                scan.problems.append(f"event-handler '{name}' op <{tag}>")
            elif name in URL_ATTRIBUTES and value:
                scan.problems += [f"onveilig adres in {name}= op <{tag}>: {url[:80]!r}" for url in _unsafe_urls(name, value)]
            if name in ("id", "name") and value:
                scan.ids.add(shared.setdefault(value, value))
        if tag in ("a", "link") and attributes.get("href"):
            link = ("href", attributes["href"] or "")
            scan.links.append(shared.setdefault(link, link))
        elif tag in ("img", "source") and attributes.get("src"):
            link = ("src", attributes["src"] or "")
            scan.links.append(shared.setdefault(link, link))
    if article:
        scan.problems += [f"<{node.tag}> in de inhoud van de pagina" for node in tree.css(_NOT_IN_ARTICLE)]
    return scan


def _read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def _too_big(path: Path) -> Scan | None:
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        return Scan(problems=[f"is {size:,} bytes, meer dan de grens van {MAX_PAGE_BYTES:,} bytes; niet verder gecontroleerd"
                              .replace(",", ".")])
    return None


def _check_page(context: Context, rel: str) -> Scan:
    return _too_big(context.site_dir / rel) or scan_markup(_read_text(context.site_dir / rel), rel, context.base_path,
                                                          page_checks=context.page_checks, shared=context.shared)


def _check_theme_file(context: Context, rel: str) -> Scan:
    """A theme file must be the installed theme's own, byte for byte: a file in docs/ at the same path
    (say assets/javascripts/bundle.….min.js) would otherwise replace the theme's code on every page."""
    if rel in theme_files():
        published = (context.site_dir / rel).read_bytes()
        if all(installed.read_bytes() != published for installed in theme_files()[rel]):
            return Scan(problems=["wijkt af van het bestand van het thema (staat er een bestand met deze naam in docs/?)"])
    return _check_markup_file(context, rel)


def _check_markup_file(context: Context, rel: str) -> Scan:
    """A theme file that is SVG or XML is parsed and checked like a page; other theme files are trusted."""
    if rel.endswith((".svg", ".xml", ".html")):
        if too_big := _too_big(context.site_dir / rel):
            return too_big
        scan = scan_markup(_read_text(context.site_dir / rel), rel, context.base_path, article=False)
        return Scan(problems=scan.problems)  # its links are the theme's business
    return Scan()


def _check_sitemap(context: Context, rel: str) -> Scan:
    if too_big := _too_big(context.site_dir / rel):
        return too_big
    scan = Scan(problems=scan_markup(_read_text(context.site_dir / rel), rel, context.base_path, article=False).problems)
    tree = LexborHTMLParser(_read_text(context.site_dir / rel))
    for loc in tree.css("loc"):
        url = loc.text(strip=True)
        if url_scheme(url) not in ("http", "https") or not urlsplit(url).path.startswith(context.base_path):
            scan.problems.append(f"adres {url[:80]!r} ligt niet op de site")
    return scan


def _check_sitemap_gz(context: Context, rel: str) -> Scan:
    plain = (context.site_dir / rel.removesuffix(".gz")).read_bytes() if (context.site_dir / rel.removesuffix(".gz")).is_file() else None
    try:
        with gzip.open(context.site_dir / rel, "rb") as packed:
            unpacked = packed.read(len(plain or b"") + 1)
    except (OSError, EOFError):
        unpacked = None
    if unpacked != plain:
        return Scan(problems=["is niet de ingepakte versie van sitemap.xml"])
    return Scan()


def _check_image(context: Context, rel: str) -> Scan:
    path = context.site_dir / rel
    suffix = posixpath.splitext(rel)[1].lower()
    size = path.stat().st_size
    if size > IMAGE_MAX_BYTES:
        return Scan(problems=[f"afbeelding is {size:,} bytes, de grens is {IMAGE_MAX_BYTES:,} bytes".replace(",", ".")])
    with path.open("rb") as handle:
        start = handle.read(12)
    if not start.startswith(_IMAGE_SIGNATURES[suffix]) or (suffix == ".webp" and start[8:12] != b"WEBP"):
        return Scan(problems=[f"is geen echte {suffix[1:].upper()}-afbeelding (de inhoud past niet bij de extensie)"])
    return Scan()


def _theme_roots() -> list[Path]:
    """Where the installed themes keep their files: Material for MkDocs, and Zensical when installed."""
    import material

    roots = [Path(material.__file__).parent / "templates"]
    try:
        import zensical
    except ImportError:  # the second engine is optional for reading a Material site
        pass
    else:
        roots.append(Path(zensical.__file__).parent / "templates")
    return roots


@lru_cache(maxsize=1)
def theme_files() -> dict[str, tuple[Path, ...]]:
    """Each file the themes copy into assets/, with the installed file(s) it must equal."""
    found: dict[str, list[Path]] = {}
    for root in _theme_roots():
        for path in (root / "assets").rglob("*"):
            if path.is_file():
                found.setdefault(path.relative_to(root).as_posix(), []).append(path)
    return {rel: tuple(paths) for rel, paths in found.items()}


def theme_assets() -> frozenset[str]:
    return frozenset(theme_files())


def _is_page(rel: str) -> bool:
    return rel in ("index.html", "404.html") or rel.endswith("/index.html")


def _is_image(rel: str) -> bool:
    folder, _, name = rel.partition("/")
    return folder == IMAGE_FOLDER and "/" not in name and posixpath.splitext(name)[1].lower() in _IMAGE_SIGNATURES


register(OutputKind("pagina", _is_page, _check_page))
register(OutputKind("thema", lambda rel: rel in theme_assets() or rel in OWN_ASSETS, _check_theme_file))
register(OutputKind("zoekindex", lambda rel: rel.startswith("pagefind/") and posixpath.splitext(rel)[1] in PAGEFIND_SUFFIXES,
                    _check_markup_file))
register(OutputKind("sitemap", lambda rel: rel == "sitemap.xml", _check_sitemap))
register(OutputKind("ingepakte sitemap", lambda rel: rel == "sitemap.xml.gz", _check_sitemap_gz))
register(OutputKind("afbeelding", _is_image, _check_image))


# --- internal links -----------------------------------------------------------------------------


def _resolve(page_url: str, url: str) -> tuple[str, str, bool]:
    """(path, fragment, is_local) of a link on a page; fast for the relative links of a static site."""
    if url.startswith("#"):
        return page_url, url[1:], True
    if url_scheme(url) is not None or url.startswith("//"):
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


@lru_cache(maxsize=4096)  # the same few scripts on every page; relpath asks the system for the cwd each call
def _script_folder_allowed(url_path: str, base_path: str) -> bool:
    return posixpath.relpath(url_path, base_path).startswith(_SCRIPT_FOLDERS)


def _resolve_key(page_url: str, url: str) -> tuple[str, str]:
    """Pages side by side resolve a link that starts with '../' alike: 'tips/a/' and 'tips/b/' both
    take '../../themas/' to 'themas/' (the first '..' undoes the page's own folder, whatever its
    name). So such a link is resolved once per folder of pages, not once per page."""
    if url.startswith("../") and page_url.endswith("/") and page_url.count("/") >= 2:  # '/tips/a/', not '/404.html'
        return page_url[:-1].rpartition("/")[0] + "/..", url
    return page_url, url


def _link_problems(rel: str, scan: Scan, files: set[str], scans: dict[str, Scan], base_path: str,
                   targets: set[str] | None = None, resolved: dict | None = None) -> list[str]:
    """What the links of one page lack. resolved: a dict shared by the pages of one check of the
    same files, holding each link's place and target (see _resolve_key)."""
    problems = []
    page_url = _page_url(rel, base_path)
    resolved = {} if resolved is None else resolved
    for kind, url in scan.links:
        scheme = url_scheme(url)
        if scheme in ("mailto", "tel") or (scheme is not None and scheme not in SAFE_SCHEMES):
            continue  # mail and phone links lead nowhere on the site; unsafe ones are reported already
        key = _resolve_key(page_url, url)
        if (known := resolved.get(key)) is None:
            url_path, fragment, local = _resolve(page_url, url)
            known = resolved[key] = (url_path, fragment, local, _target(files, url_path, base_path) if local else None)
        url_path, fragment, local, target = known
        if not local:
            if kind in ("script", "src"):
                problems.append(f"laadt {url} van buiten de site")
            continue
        if kind == "script" and not _script_folder_allowed(url_path, base_path):
            problems.append(f"script {url} komt niet van het thema of de zoekfunctie")
        if targets is not None and target is not None:
            targets.add(target)
        if target is None:
            problems.append(f"link naar {url} wijst naar een pagina die niet bestaat")
        elif fragment and target in scans and unquote(fragment) not in scans[target].ids:
            problems.append(f"link naar {url} wijst naar een anker dat niet bestaat")
    return problems


# --- the whole site ------------------------------------------------------------------------------


def _site_files(site_dir: Path) -> tuple[set[str], list[str]]:
    """Every regular file in the site, and every link or special file (which the site may not hold)."""
    files, odd = set(), []
    for folder, dirs, names in os.walk(site_dir, followlinks=False):
        here = Path(folder)
        for name in dirs:
            if (here / name).is_symlink():
                odd.append(f"{(here / name).relative_to(site_dir).as_posix()}: is een symbolische link; de site mag alleen "
                           "gewone bestanden bevatten")
        for name in names:
            path = here / name
            rel = path.relative_to(site_dir).as_posix()
            if path.is_symlink():
                odd.append(f"{rel}: is een symbolische link; de site mag alleen gewone bestanden bevatten")
            elif not path.is_file():
                odd.append(f"{rel}: is geen gewoon bestand")
            else:
                files.add(rel)
    return files, odd


def inline_scripts(site_dir: Path) -> set[str]:
    """The hashes of every inline script in a site, as theme_scripts.json lists them (for its test)."""
    found = set()
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel == "404.html":  # its base is the site's absolute path: it is checked, not collected
            continue
        for node in LexborHTMLParser(_read_text(path)).css("script"):
            if node.attributes.get("src") is None and not _is_jsonld(node.attributes):  # JSON-LD is data (issue 12)
                text = _normalised(node.text(deep=True), _relative_base(rel))
                found.add(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return found


def check_site(site_dir: Path, base_path: str = "/", page_checks: tuple[PageCheck, ...] = ()) -> list[str]:
    """Every problem in the built site, as Dutch sentences naming the file."""
    check = SiteCheck(site_dir, base_path, page_checks)
    check.scan()
    return check.finish()


def _stamp_of(path: Path) -> tuple[int, int, int]:
    info = os.stat(path, follow_symlinks=False)
    return info.st_ino, info.st_size, info.st_mtime_ns


class SiteCheck:
    """The whole-site scan in two steps, so that most of it runs while Pagefind's indexer (a process of its
    own, pipeline.py) writes the search index into the site.

    scan() checks every file there is now, and every link against those files. finish() lists the site
    again: every file that is new, changed (inode, size or modification time) or gone since is checked
    (again), and every link that did not resolve, or resolved to such a file, is judged once more against
    the final files. So the verdict is exactly that of one scan of the finished site; nothing is skipped.
    """

    def __init__(self, site_dir: Path, base_path: str = "/", page_checks: tuple[PageCheck, ...] = ()):
        base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.context = Context(site_dir, base_path, tuple(page_checks))
        self.scans: dict[str, Scan] = {}
        self.seen: dict[str, tuple[int, int, int]] = {}
        self.unknown: set[str] = set()
        self.link_problems: dict[str, list[str]] = {}  # per page: what its links lacked at the first step
        self.targets: set[str] = set()  # every file a link resolved to at the first step

    def _scan_files(self, files: set[str], only: set[str] | None = None) -> None:
        for rel in sorted(files if only is None else only):
            self.seen[rel] = _stamp_of(self.context.site_dir / rel)
            kind = next((kind for kind in OUTPUT_KINDS if kind.accepts(rel)), None)
            if kind is None:
                self.unknown.add(rel)
                self.scans.pop(rel, None)
            else:
                self.unknown.discard(rel)
                self.scans[rel] = kind.check(self.context, rel)

    def _check_links(self, files: set[str], pages) -> None:
        base_path = self.context.base_path
        resolved: dict = {}  # for these files only: a target may exist now and not at the next step
        for rel in pages:
            scan = self.scans.get(rel)
            if scan is not None and scan.links:
                found = _link_problems(rel, scan, files, self.scans, base_path, self.targets, resolved)
                if found:
                    self.link_problems[rel] = found
                else:
                    self.link_problems.pop(rel, None)
                    scan.links = []  # judged for good, unless a target changes (then finish() scans all again)

    def adopt(self, scans: dict[str, tuple[tuple[int, int, int], Scan]]) -> None:
        """Scans made elsewhere (the stamp's forked copy, aside.py), each with the stamp of the file it read.

        scan() checks such a file again only if it changed since; its links are judged with all others.
        """
        for rel, (stamp, scan) in scans.items():
            self.seen[rel], self.scans[rel] = stamp, scan

    def scan(self, later: tuple[str, ...] = ()) -> None:
        """The first step; files under the folders `later` ('pagefind/': being written now) wait for finish()."""
        files, _odd = _site_files(self.context.site_dir)
        site_dir = self.context.site_dir
        self._scan_files(files, {rel for rel in files if not (later and rel.startswith(later))
                                 and (rel not in self.seen or self.seen[rel] != _stamp_of(site_dir / rel))})
        self._check_links(files, list(self.scans))

    def finish(self) -> list[str]:
        files, problems = _site_files(self.context.site_dir)
        changed = {rel for rel in files if self.seen.get(rel) != _stamp_of(self.context.site_dir / rel)}
        gone = set(self.seen) - files
        for rel in gone:
            self.seen.pop(rel)
            self.scans.pop(rel, None)
            self.unknown.discard(rel)
            self.link_problems.pop(rel, None)
        if (changed | gone) & self.targets:  # a file that links led to changed or is gone: all again, from the files
            self._scan_files(files)
            recheck = list(self.scans)
        else:
            self._scan_files(files, changed)
            recheck = sorted(changed | set(self.link_problems))
        self._check_links(files, recheck)
        for rel in sorted(self.unknown):
            problems.append(f"{rel}: dit bestand hoort niet bij de site (geen pagina, themabestand, zoekindex, sitemap of "
                            f"afbeelding in {IMAGE_FOLDER}/ met extensie .png, .jpg, .webp of .gif) — haal het weg")
        for rel in sorted(self.scans):
            problems += [f"{rel}: {problem}" for problem in self.scans[rel].problems]
            problems += [f"{rel}: {problem}" for problem in self.link_problems.get(rel, ())]
        return problems


def prescan(site_dir: Path, base_path: str, rels: list[str],
            *page_checks: PageCheck) -> dict[str, tuple[tuple[int, int, int], Scan]]:
    """The scan of some pages, each with the stamp of the file read, for SiteCheck.adopt in another process."""
    check = SiteCheck(site_dir, base_path, page_checks)
    check._scan_files(set(rels), set(rels))
    return {rel: (check.seen[rel], check.scans[rel]) for rel in rels if rel in check.scans}


# Issue 12: feeds, open data, robots.txt and the share image register their own kinds; JSON-LD's check.
from .share.scan import jsonld_problems  # noqa: E402 - registers its kinds, after this module's own

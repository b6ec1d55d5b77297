"""The post-build checks of this area's output, registered with postbuild's OUTPUT_KINDS (imported there).

Feeds must be Atom that parses (no DTD, no entities) and links only to this site; data files must
parse (JSON) or have no cell a spreadsheet would run as a formula (CSV); robots.txt may only hold
what robots.py writes; JSON-LD in a page must parse as JSON and hold no '<' at all.
"""

from __future__ import annotations

import csv
import json
from urllib.parse import urlsplit

from lxml import etree

from ..postbuild import MAX_PAGE_BYTES, Context, OutputKind, Scan, _check_image, _check_markup_file, register, url_scheme
from . import feed, opendata
from .head import FEED, IMAGE

ATOM_NS = "http://www.w3.org/2005/Atom"
SHARE_IMAGES = frozenset({IMAGE, IMAGE.removesuffix(".png") + ".svg"})
MAX_DATA_BYTES = 200 * 1024 * 1024  # the export of 10,000 items is 44 MB
SMALL_JSON_BYTES = 5 * 1024 * 1024  # parsed whole; a bigger data file is read one line at a time
_ITEMS_OPEN = '"items": ['
_ROBOTS_FIELDS = ("user-agent:", "allow:", "disallow:", "sitemap:")


def jsonld_problems(text: str) -> list[str]:
    """A <script type="application/ld+json">: JSON, and not a single '<' (no way out of the element)."""
    if "<" in text:
        return ["JSON-LD bevat een '<' (moet \\u003c zijn): inhoud kan het <script>-element verlaten"]
    try:
        json.loads(text)
    except ValueError as err:
        return [f"JSON-LD is geen geldige JSON ({err})"]
    return []


def _on_site(url: str, context: Context) -> bool:
    return url_scheme(url) in ("http", "https") and urlsplit(url).path.startswith(context.base_path)


def _parse_xml(data: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def _check_feed(context: Context, rel: str) -> Scan:
    data = (context.site_dir / rel).read_bytes()
    if len(data) > MAX_PAGE_BYTES:
        return Scan(problems=[f"is {len(data)} bytes, meer dan de grens van {MAX_PAGE_BYTES} bytes"])
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return Scan(problems=["feed bevat een DOCTYPE of ENTITY"])
    try:
        root = _parse_xml(data)
    except etree.XMLSyntaxError as err:
        return Scan(problems=[f"feed is geen geldige XML ({err})"])
    problems = [] if root.tag == f"{{{ATOM_NS}}}feed" else ["is geen Atom-feed"]
    for link in root.iter(f"{{{ATOM_NS}}}link"):
        href = link.get("href") or ""
        if not _on_site(href, context):
            problems.append(f"link {href[:80]!r} ligt niet op de site")
    for entry in root.iter(f"{{{ATOM_NS}}}id"):
        if not _on_site((entry.text or "").strip(), context):
            problems.append(f"id {(entry.text or '')[:80]!r} ligt niet op de site")
    return Scan(problems=problems)


def _json_problems(path) -> list[str]:
    """Whether a data file is JSON, in bounded memory.

    The export is written one item per line (opendata.write_export): each line is parsed on its own,
    with the frame around the items; any other JSON file is small and parsed whole.
    """
    if path.stat().st_size <= SMALL_JSON_BYTES:
        json.loads(path.read_bytes().decode("utf-8"))
        return []
    with path.open(encoding="utf-8") as lines:
        first = next(lines, "")
        if not first.rstrip("\n").endswith(_ITEMS_OPEN):
            return ["heeft niet de vorm van de export (één item per regel)"]
        json.loads(first.rstrip("\n") + "]}")
        for line in lines:
            if line.startswith("]"):  # the frame after the items
                json.loads('{"items": [' + line)
                return [] if next(lines, None) is None else ["er staat nog iets na het einde van de export"]
            if not isinstance(json.loads(line.rstrip("\n").removesuffix(",")), dict):
                return ["een item is geen JSON-object"]
    return ["de export wordt niet afgesloten"]


def _check_data(context: Context, rel: str) -> Scan:
    path = context.site_dir / rel
    if path.stat().st_size > MAX_DATA_BYTES:
        return Scan(problems=[f"is groter dan {MAX_DATA_BYTES} bytes"])
    try:
        if rel.endswith(".json"):
            return Scan(problems=_json_problems(path))
        problems = []
        with path.open(encoding="utf-8-sig", newline="") as rows:  # row by row: bounded memory
            for number, row in enumerate(csv.reader(rows), start=1):
                problems += [f"rij {number}: een cel begint met {cell[:1]!r}; een spreadsheet voert hem uit als formule"
                             for cell in row if cell.startswith(opendata.FORMULA_STARTS)]
                if len(problems) >= 10:
                    break
        return Scan(problems=problems)
    except UnicodeDecodeError:
        return Scan(problems=["is geen UTF-8"])
    except (ValueError, csv.Error) as err:
        return Scan(problems=[f"is geen geldige {'JSON' if rel.endswith('.json') else 'CSV'} ({str(err)[:120]})"])


def _check_robots(context: Context, rel: str) -> Scan:
    text = (context.site_dir / rel).read_bytes()[:100_000].decode("utf-8", errors="replace")
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not stripped.lower().startswith(_ROBOTS_FIELDS):
            problems.append(f"regel {number}: onbekende regel in robots.txt")
        elif stripped.lower().startswith("sitemap:") and not _on_site(stripped.partition(":")[2].strip(), context):
            problems.append(f"regel {number}: de sitemap ligt niet op de site")
    return Scan(problems=problems)


def _is_data(rel: str) -> bool:
    folder, _, name = rel.partition("/")
    if folder != opendata.DATA:
        return False
    if name.startswith("schema/"):
        return "/" not in name.removeprefix("schema/") and name.endswith(".schema.json")
    return "/" not in name and name.endswith((".json", ".csv"))


def _check_share_image(context: Context, rel: str) -> Scan:
    return _check_image(context, rel) if rel.endswith(".png") else _check_markup_file(context, rel)


register(OutputKind("feed", lambda rel: rel == FEED or (rel.startswith(feed.TYPE_FEED_FOLDER + "/") and rel.endswith(".xml")
                                                        and rel.count("/") == 1), _check_feed))
register(OutputKind("open data", _is_data, _check_data))
register(OutputKind("robots.txt", lambda rel: rel == "robots.txt", _check_robots))
register(OutputKind("deelafbeelding", lambda rel: rel in SHARE_IMAGES, _check_share_image))

"""`make bench`: what the real pipeline costs at 100, 1,000 and 10,000 synthetic items.

Each size is built in a child process (so that its peak memory can be read), then the first search
is measured in headless Chromium: the bytes Pagefind downloads, and the bytes Material's own lunr
search downloads for the same content, built once more with Material's search plugin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from . import engines, index
from .adversarial import LARGE as LARGE_ADVERSARIAL
from .adversarial import SMALL as SMALL_ADVERSARIAL
from .pipeline import Timings, build_site, prepare_sources, render_pages
from .render import GENERATED_FOLDERS, SHELL_ID
from .synth import synthesize

SIZES = (100, 1000, 10000)
ENGINE_SIZE = 1000
QUERY = "huisarts"
ROOT = Path(__file__).resolve().parents[2]
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]
SERVE_SAVES = 200
INDEX_UI_FILES = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


def _project(target: Path, count: int) -> Path:
    shutil.copytree(ROOT / "docs", target / "docs", ignore=lambda d, names: [
        n for n in names if Path(d) == ROOT / "docs" and n in GENERATED_FOLDERS])
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    synthesize(ROOT, target, count)
    # The real glossary and settings: a build without them would skip the <abbr> and search-term work.
    shutil.copy(ROOT / "content" / "begrippen.yml", target / "content" / "begrippen.yml")
    shutil.copy(ROOT / "instellingen.yml", target / "instellingen.yml")
    return target


def _size(path: Path, *, skip: tuple[str, ...] = ()) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.name.startswith(skip))


class _MemoryTimings(Timings):
    """Stage timings, plus the peak memory of the build's children (mkdocs) before Pagefind's indexer runs."""

    children_before_index_kb = 0

    def run(self, name: str, func, *args, **kwargs):
        if name == "index":
            self.children_before_index_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return super().run(name, func, *args, **kwargs)


def child_main(root: str) -> None:
    """In the child process: build, then print stage timings and peak memory as one line of JSON."""
    timings, out = _MemoryTimings(), io.StringIO()
    rc = build_site(Path(root), timings=timings, stream=out)
    own_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rc": rc, "stages": timings.stages, "out": out.getvalue()[-3000:],
                      "peak_rss_ours_mb": max(own_kb, timings.children_before_index_kb) / 1024,
                      "peak_rss_pagefind_mb": index.last_run.peak_rss_mb}))


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            children = [int(c) for task in os.listdir(f"/proc/{parent}/task")
                        for c in Path(f"/proc/{parent}/task/{task}/children").read_text().split()]
        except OSError:  # ended meanwhile
            continue
        found += children
        todo += children
    return found


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0) / 1024
    except OSError:
        return 0.0


def _is_pagefind(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "pagefind"
    except OSError:
        return False


class _MemorySampler(threading.Thread):
    """The largest sum of the proportional memory (PSS) of the build's processes at one moment, Pagefind's
    indexer left out: the build forks copies of itself that share most of their memory (forked.py),
    so each one's own peak would count what they share twice, and the largest of them alone would
    hide what they add together."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_mb, self.done = pid, every, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            ours = [p for p in [self.pid, *_descendants(self.pid)] if not _is_pagefind(p)]
            self.peak_mb = max(self.peak_mb, sum(_pss_mb(p) for p in ours))


def _child_build(root: Path) -> dict:
    """Run the pipeline in a child process, as `make site` does; returns its stage timings and peak memory.

    Ours is the larger of: any one of our processes' own peak (exact, from the kernel: the pipeline,
    its forked copies, mkdocs) and the largest sum of their memory at one moment (sampled every
    0.1 s). Pagefind's is its indexing process.
    """
    code = f"import sys;from kennisbank.bench import child_main;child_main({str(root)!r})"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = _MemorySampler(child.pid)
    sampler.start()
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"bouwen mislukt:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    data = json.loads(stdout.strip().splitlines()[-1])
    if data["rc"] != 0:
        raise SystemExit(f"bouwen mislukt:\n{data['out']}")
    data["wall"] = wall
    data["peak_rss_ours_mb"] = max(data["peak_rss_ours_mb"], sampler.peak_mb)
    return data


def _lunr_site(root: Path, target: Path) -> float:
    """The same pages built with stock Material and its own search plugin (lunr), for comparison.

    Every item becomes a page of its own here, with the same article HTML as on our site, as a
    site without our pipeline would have it. Returns the seconds of `mkdocs build`, timed as a
    user runs it (a new process, from start to end); writing its sources is not counted.
    """
    work = root / "lunr-bron"
    work.mkdir()
    rendered, images = render_pages(root, stream=io.StringIO())
    prepare_sources(root, rendered, images, work)  # the same sources the real build uses
    docs = work / "docs"
    for item in rendered.items:
        title = json.dumps(item.title, ensure_ascii=False)
        (docs / item.url.rstrip("/")).with_suffix(".md").write_text(f"---\ntitle: {title}\n---\n\n{item.article}\n", encoding="utf-8")
    for shell in docs.glob(f"*/{SHELL_ID}.md"):
        shell.unlink()
    config = work / "mkdocs-lunr.yml"
    config.write_text(f"INHERIT: {json.dumps(str(root / 'mkdocs.yml'))}\nstrict: false\nplugins:\n  - search:\n      lang: nl\n",
                      encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--config-file", str(config),
                    "--site-dir", str(target)], cwd=work, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _browser_bytes(site: Path, lunr: bool) -> int:
    """Bytes the browser downloads for search, from opening the search to the first results."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from site_server import SiteServer, chromium_path  # the same server the browser tests use

    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        page = browser.new_page()
        sizes: dict[str, int] = {}

        def record(response) -> None:
            url = response.url
            wanted = ("/search/", "/workers/", "/lunr/") if lunr else ("/pagefind/",)
            if any(part in url for part in wanted):
                try:
                    sizes[url] = len(response.body())
                except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
                    pass

        page.on("response", record)
        if lunr:
            page.goto(server.root)
            page.click(".md-search__input")
            page.keyboard.type(QUERY)
            page.wait_for_selector(".md-search-result__item", timeout=300_000)
        else:
            page.goto(server.root + "zoeken/?q=" + QUERY)
            page.wait_for_selector("#kb-zoeken[data-gereed='ja'] .kb-resultaat", timeout=120_000)
        page.wait_for_timeout(500)
        browser.close()
        return sum(sizes.values())


def _browser_kb(site: Path, lunr: bool) -> float | None:
    """_browser_bytes in kB, or None (shown as –) when the search did not finish in time on a busy machine."""
    try:
        return round(_browser_bytes(site, lunr) / 1000, 1)
    except Exception as err:  # noqa: BLE001 - Playwright's timeout; the other figures are still worth keeping
        print(f"zoeken in de browser niet gemeten ({'lunr' if lunr else 'Pagefind'}): {str(err)[:200]}", file=sys.stderr)
        return None


def _rss_mb(pid: int) -> float:
    """The resident memory of a running process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"geen VmRSS voor proces {pid}")


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def measure_serve(root: Path, saves: int = SERVE_SAVES) -> dict:
    """`make serve` in a child process on 127.0.0.1: seconds until a saved change to one item shows,
    and how much its memory grows over `saves` saves of that item (each waited for until it shows).

    Growth is measured against the memory right after the first build, before any save.
    """
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    server = subprocess.Popen([sys.executable, "-m", "kennisbank", "--root", str(root), "serve", "--adres", f"127.0.0.1:{port}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    item = sorted((root / "content" / "tips").glob("*.md"))[0]
    original = item.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/tips/{item.stem}/"
    try:
        deadline = time.time() + 600
        while _fetch(url) is None:
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("make serve startte niet")
            time.sleep(0.5)
        baseline = _rss_mb(server.pid)
        seconds = []
        for save in range(saves):
            marker = f"Gewijzigd-{save}-{time.time_ns()}"
            start = time.perf_counter()
            item.write_text(original + f"\n{marker}\n", encoding="utf-8")
            while marker not in (_fetch(url) or ""):
                if time.perf_counter() - start > 120:
                    raise SystemExit(f"make serve toonde wijziging {save + 1} niet binnen 120 s")
                time.sleep(0.05)
            seconds.append(time.perf_counter() - start)
        final = _rss_mb(server.pid)
        return {"serve_change_s": round(seconds[0], 2), "serve_change_median_s": round(sorted(seconds)[len(seconds) // 2], 2),
                "serve_saves": saves, "serve_rss_start_mb": round(baseline, 1), "serve_rss_end_mb": round(final, 1),
                "serve_rss_growth_pct": round(100 * (final - baseline) / baseline, 1)}
    finally:
        server.terminate()
        server.wait(timeout=30)
        item.write_text(original, encoding="utf-8")


def run(sizes: tuple[int, ...], serve_size: int | None, on_run=None, serve_saves: int = SERVE_SAVES) -> dict:
    """Every size, smallest first; on_run gets the results so far after each size (kept if a later one fails)."""
    runs = []
    for count in sorted(sizes):
        with tempfile.TemporaryDirectory(prefix=f"kennisbank-bench-{count}-") as tmp:
            root = _project(Path(tmp), count)
            data = _child_build(root)
            stages, site = data["stages"], root / "site"
            item_pages = [p for folder in ("tips", "vragen", "voorbeelden") for p in (site / folder).glob("*/index.html")]
            lunr_dir = Path(tmp) / "site-lunr"
            stock = _lunr_site(root, lunr_dir)
            run_data = {
                "items": count,
                "validate_s": round(stages.get("validate", 0), 2),
                "generate_s": round(stages.get("generate", 0), 2),
                "build_s": round(stages.get("build", 0), 2),
                "stamp_s": round(stages.get("stamp", 0), 2),
                "index_s": round(stages.get("index", 0), 2),
                "check_html_s": round(stages.get("check-html", 0), 2),
                "total_s": round(data["wall"], 2),
                "stock_material_s": round(stock, 2),
                "speedup": round(stock / data["wall"], 2),
                "peak_rss_ours_mb": round(data["peak_rss_ours_mb"], 1),
                "peak_rss_pagefind_mb": round(data["peak_rss_pagefind_mb"], 1),
                "site_mb": round(_size(site) / 1e6, 1),
                "html_kb_per_page": round(sum(p.stat().st_size for p in item_pages) / len(item_pages) / 1000, 1),
                "pagefind_index_kb": round(_size(site / "pagefind", skip=INDEX_UI_FILES) / 1000, 1),
                "first_search_kb": _browser_kb(site, lunr=False),
                "lunr_index_kb": _browser_kb(lunr_dir, lunr=True),
            }
            if serve_size == count:
                run_data |= measure_serve(root, serve_saves)
            if count == ENGINE_SIZE:  # the whole pipeline with each engine (engines.py, BENCHMARKS.md)
                run_data.update({f"engine_{name}_s": s for name, s in engines.compare(root, runs=2).items()})
            runs.append(run_data)
            print(json.dumps(run_data), flush=True)
            if on_run:
                on_run({"machine": machine(), "date": dt.date.today().isoformat(), "runs": runs})
    return {"machine": machine(), "date": dt.date.today().isoformat(), "runs": runs}


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory, 1), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


COLUMNS = (("items", "items"), ("validate_s", "valideren (s)"), ("generate_s", "genereren (s)"), ("build_s", "mkdocs (s)"),
           ("stamp_s", "stempelen (s)"), ("index_s", "Pagefind (s)"), ("check_html_s", "HTML-controle (s)"), ("total_s", "totaal (s)"),
           ("stock_material_s", "standaard Material (s)"), ("speedup", "sneller dan Material (×)"),
           ("peak_rss_ours_mb", "piekgeheugen eigen processen (MB)"), ("peak_rss_pagefind_mb", "piekgeheugen Pagefind (MB)"),
           ("site_mb", "site (MB)"), ("html_kb_per_page", "HTML per itempagina (kB)"),
           ("pagefind_index_kb", "Pagefind-index (kB)"), ("first_search_kb", "eerste zoekopdracht (kB)"),
           ("lunr_index_kb", "lunr, eerste zoekopdracht (kB)"), ("serve_change_s", "make serve: wijziging zichtbaar (s)"),
           ("serve_saves", "make serve: keer opgeslagen"),
           ("serve_rss_growth_pct", "make serve: geheugengroei (%)"),
           ("engine_material_s", "pijplijn met Material (s)"), ("engine_zensical_s", "pijplijn met Zensical (s)"))
TABLE_START, TABLE_END = "<!-- resultaten: gegenereerd door make bench -->", "<!-- einde resultaten -->"


def table(results: dict) -> str:
    machine = results["machine"]
    lines = [f"Gemeten op {results['date']}: {machine['cpus']} cores ({machine['cpu']}), {machine['memory_gb']} GB geheugen, "
             f"Python {machine['python']}, {machine['system']}.", "",
             "| " + " | ".join(label for _, label in COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    for run in results["runs"]:
        lines.append("| " + " | ".join(str(run.get(key, "–")) for key, _ in COLUMNS) + " |")
    return "\n".join(lines)


ADVERSARIAL_START, ADVERSARIAL_END = "<!-- vijandige invoer: gegenereerd door make bench -->", "<!-- einde vijandige invoer -->"
# Engine comparison (issue 10, part 7: Material against Zensical at 1,000 items). Not built here:
# engines.py provides it, and main() writes its Markdown between these markers (see ENGINES below).
ENGINES_START, ENGINES_END = "<!-- motoren: gegenereerd door make bench (engines.py) -->", "<!-- einde motoren -->"


def adversarial() -> dict:
    """Issue 9's hostile inputs against every rule and the loader, timed in a child process.

    The child, because adversarial.timings() changes the allocator settings of its process.
    """
    code = ("import json;from dataclasses import asdict;from kennisbank import adversarial as a;"
            "t=a.timings();print(json.dumps({'timings':[asdict(x) for x in t],'table':a.table(t)}))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"meten van vijandige invoer mislukt:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    rows = [{"pattern": t["pattern"], "target": t["target"], "small_ms": round(t["small"] * 1000, 3),
             "large_ms": round(t["large"] * 1000, 3), "ratio": round(t["large"] / max(t["small"], 1e-9), 1)}
            for t in data["timings"]]
    return {"small_chars": SMALL_ADVERSARIAL, "large_chars": LARGE_ADVERSARIAL, "timings": rows, "table": data["table"]}


def update_section(path: Path, start_marker: str, end_marker: str, body: str) -> None:
    """Replace what stands between the two markers in path (appended at the end when missing)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if start_marker not in text or end_marker not in text:
        text = text.rstrip("\n") + f"\n\n{start_marker}\n{end_marker}\n"
    start, end = text.index(start_marker) + len(start_marker), text.index(end_marker)
    path.write_text(text[:start] + "\n" + body + "\n" + text[end:], encoding="utf-8")


def update_markdown(path: Path, results: dict) -> None:
    update_section(path, TABLE_START, TABLE_END, table(results))
    if "adversarial" in results:
        update_section(path, ADVERSARIAL_START, ADVERSARIAL_END, results["adversarial"]["table"])
    # ENGINES: engines.py (issue 10, part 7) adds its comparison here, e.g.
    #   update_section(path, ENGINES_START, ENGINES_END, engines.table(results["engines"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kennisbank bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--serve-size", type=int, default=1000, help="measure `make serve` at this size")
    parser.add_argument("--serve-saves", type=int, default=SERVE_SAVES, help="saves of one item for serve's memory")
    parser.add_argument("--zonder-vijandige-invoer", dest="adversarial", action="store_false",
                        help="sla het meten van vijandige invoer over (duurt ongeveer een minuut)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    extra = {"adversarial": adversarial()} if args.adversarial else {}  # first: about a minute, on a machine at rest

    def save(results: dict) -> None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results | extra, indent=2) + "\n", encoding="utf-8")

    results = run(tuple(args.sizes), args.serve_size, on_run=save, serve_saves=args.serve_saves) | extra
    save(results)
    update_markdown(args.markdown, results)
    print(f"geschreven: {args.output} en {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The second engine, Zensical: its messages, its differences, and the site it builds.

The site Zensical builds goes through the same HTML checks, item-page checks and browser tests as
Material's (test_build.py, test_theme_contract.py and test_browser.py run on both engines).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time

import pytest
from selectolax.lexbor import LexborHTMLParser
from test_theme_contract import tiny_project

from kennisbank import engines
from kennisbank.engines import EngineError, engine_from_env, strip_ansi, zensical_messages
from kennisbank.pipeline import build_site
from kennisbank.postbuild import ZENSICAL_SCRIPTS_FILE, _normalised, inline_scripts, theme_scripts, zensical_scripts

# What Zensical 0.0.73 writes on stderr for a broken link (colours as it prints them).
ZENSICAL_WARNING = ("\x1b[33mWarning\x1b[0m: page does not exist\n    \x1b[38;5;246m╭─[\x1b[0m toegankelijkheid.md:22:13 "
                    "\x1b[38;5;246m]\x1b[0m\n \x1b[38;5;246m22 │\x1b[0m Zie [kapot](bestaat-niet.md).\n"
                    "    \x1b[38;5;246m│\x1b[0m                    \x1b[33m╰─────────\x1b[0m page does not exist\n"
                    "2 issues found\nTraceback (most recent call last):\n  File \"x.py\", line 1\n"
                    "RuntimeError: Aborted because --strict flag is set\n")


def test_zensical_messages_keep_what_and_where_without_colours():
    text = zensical_messages(ZENSICAL_WARNING)
    assert "\x1b" not in text
    assert text.splitlines() == [
        "Warning: page does not exist", "    ╭─[ toegankelijkheid.md:22:13 ]", " 22 │ Zie [kapot](bestaat-niet.md).",
        "    │                    ╰───────── page does not exist", "RuntimeError: Aborted because --strict flag is set"]


def _best_of_three(text: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        strip_ansi(text)
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize("unit", ["\x1b[", "\x1b[1;", "\x1b[33m", "\x1b", "[0m"])
def test_stripping_colours_takes_linear_time(unit):
    """Ten times the input may take ten times as long, not a hundred (best of three: the machine is shared)."""
    small, large = _best_of_three(unit * 20_000), _best_of_three(unit * 200_000)
    assert large < max(small, 0.005) * 30, (small, large)


def test_an_unknown_engine_is_a_dutch_error(monkeypatch, tmp_path):
    monkeypatch.setenv("ENGINE", "hugo")
    with pytest.raises(EngineError, match="onbekende ENGINE='hugo': kies uit material, zensical"):
        engine_from_env()
    root = tiny_project(tmp_path / "project")
    out = io.StringIO()
    assert build_site(root, stream=out) == 1
    assert "FOUT: onbekende ENGINE='hugo'" in out.getvalue()


def test_engine_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("ENGINE", raising=False)
    assert engine_from_env() == "material"  # the engine that deploys
    monkeypatch.setenv("ENGINE", "Zensical")
    assert engine_from_env() == "zensical"


def _with_page(root, text: str):
    (root / "docs" / "proef.md").write_text(f"# Proef\n\n{text}\n", encoding="utf-8")
    return root


def test_a_broken_link_stops_a_zensical_build_with_its_place(tmp_path):
    root = _with_page(tiny_project(tmp_path / "project"), "Zie [kapot](bestaat-niet.md).")
    out = io.StringIO()
    assert build_site(root, stream=out, engine="zensical") == 1
    text = out.getvalue()
    assert "FOUT: zensical build is mislukt:" in text and "page does not exist" in text, text
    assert "proef.md:3:" in text and "\x1b" not in text
    assert "ongewijzigd" in text and not (root / "site").exists()


def test_what_zensical_does_not_report_the_html_checks_still_catch(tmp_path):
    """Zensical 0.0.73 ignores validation.absolute_links and .unrecognized_links, and does not report a
    link to a missing file that is not Markdown; mkdocs does (README, 'Zensical'). Our own HTML
    check after the build is what refuses it."""
    root = _with_page(tiny_project(tmp_path / "project"), "Een [plaatje](geen.png).")
    out = io.StringIO()
    assert build_site(root, stream=out, engine="material") == 1
    assert "mkdocs build is mislukt" in out.getvalue() and "geen.png" in out.getvalue(), out.getvalue()
    out = io.StringIO()
    assert build_site(root, stream=out, engine="zensical") == 1
    text = out.getvalue()
    assert "zensical build is mislukt" not in text  # Zensical itself let it pass
    assert "de gebouwde site heeft 1 problemen" in text and "proef/index.html" in text and "geen.png" in text, text


def test_zensical_leaves_no_search_index_and_no_files_in_the_project(tmp_path):
    root = tiny_project(tmp_path / "project")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    out = io.StringIO()
    assert build_site(root, stream=out, engine="zensical") == 0, out.getvalue()
    site = root / "site"
    assert not (site / "search.json").exists() and not (site / "search").exists()
    assert not (root / ".cache").exists() and not list(root.glob("*.yml.*"))
    after = sorted(p.relative_to(root) for p in root.rglob("*") if not p.is_relative_to(site))
    assert after == before


def _scripts_of_404(site) -> set[str]:
    """404.html is served at any depth, so its base is the site's absolute path ('/' here)."""
    hashes = set()
    for node in LexborHTMLParser((site / "404.html").read_text(encoding="utf-8")).css("script"):
        if node.attributes.get("src") is None:
            hashes.add(hashlib.sha256(_normalised(node.text(deep=True), "/").encode("utf-8")).hexdigest())
    return hashes


def test_zensical_scripts_file_matches_the_installed_engine(tmp_path):
    """The allowlist of Zensical's inline scripts; after an upgrade: UPDATE_THEME_SCRIPTS=1, then review."""
    root = tiny_project(tmp_path / "project")
    out = io.StringIO()
    assert build_site(root, stream=out, engine="zensical") == 0, out.getvalue()
    site = root / "site"
    found = sorted((inline_scripts(site) | _scripts_of_404(site)) - theme_scripts())
    data = json.loads(ZENSICAL_SCRIPTS_FILE.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_THEME_SCRIPTS"):
        data["sha256"], data["zensical"] = found, _installed_zensical()
        ZENSICAL_SCRIPTS_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        zensical_scripts.cache_clear()
    assert found == sorted(zensical_scripts())
    assert data["zensical"] == _installed_zensical()


def _installed_zensical() -> str:
    from importlib.metadata import version

    return version("zensical")


def test_compare_for_the_benchmark(tmp_path):
    root = tiny_project(tmp_path / "project")
    times = engines.compare(root)
    assert set(times) == {"material", "zensical"} and all(t > 0 for t in times.values())
    assert (root / "site-material" / "index.html").is_file() and (root / "site-zensical" / "index.html").is_file()

"""Shared test helpers: a throw-away repository with the real vocabularies and chosen content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kennisbank.__main__ import main
from kennisbank.render import GENERATED_FOLDERS

REPO = Path(__file__).resolve().parents[1]

VALID_TIP = """\
---
id: {id}
titel: Een geldige tip
samenvatting: Dit is een samenvatting van een geldige tip voor de tests.
themas: [samenwerking]
doelgroepen: [gemeente, huisarts]
bron:
  document: infosheet-huisartsen-betrekken
  titel: Kansrijke Start & het betrekken van huisartsen
laatst_gecontroleerd: 2024-05-13
gerelateerd: []
tipset: huisartsen-betrekken
volgorde: {volgorde}
---

De tekst van de tip.
"""

VALID_QUESTION = """\
---
id: {id}
titel: Een geldige vraag
samenvatting: Dit is een samenvatting van een geldige vraag voor de tests.
themas: [financiering]
doelgroepen: [gemeente]
bron:
  document: veelgestelde-vragen-kansrijke-start
  titel: Veel gestelde vragen Kansrijke Start
  datum: 2020-07-03
laatst_gecontroleerd: 2024-05-13
categorie: algemeen
vraag: Waar zetten gemeentes de middelen voor in?
---

Het antwoord.
"""

VALID_EXAMPLE = """\
---
id: {id}
titel: Een geldig voorbeeld
samenvatting: Dit is een samenvatting van een geldig voorbeeld voor de tests.
themas: [wijkaanpak]
doelgroepen: [wijkteam]
bron:
  document: aanbevelingen-krachtige-basiszorg
  titel: Aanbevelingen opzetten Krachtige basiszorg huisartsenpraktijk
laatst_gecontroleerd: 2024-05-13
gemeenten: [Utrecht]
regio: utrecht
status: in aanvulling
---

Wat de bron zegt.
"""


def valid_tip(id: str = "geldige-tip", volgorde: int = 1) -> str:
    return VALID_TIP.format(id=id, volgorde=volgorde)


def valid_question(id: str = "geldige-vraag") -> str:
    return VALID_QUESTION.format(id=id)


def valid_example(id: str = "geldig-voorbeeld") -> str:
    return VALID_EXAMPLE.format(id=id)


def make_repo(root: Path, files: dict[str, str | bytes]) -> Path:
    """A repository layout under root with the real vocabularies plus the given content files."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "content" / "vocabulaires.yml", root / "content" / "vocabulaires.yml")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def repo(tmp_path):
    def make(files: dict[str, str | bytes]) -> Path:
        return make_repo(tmp_path / "repo", files)

    return make


def copy_project(target: Path) -> Path:
    """The project as a fresh clone has it: content, hand-written docs, theme and config."""
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "docs", target / "docs", ignore=lambda d, names: [n for n in names if n in GENERATED_FOLDERS and Path(d) == REPO / "docs"])
    shutil.copytree(REPO / "overrides", target / "overrides")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(REPO / "instellingen.yml", target / "instellingen.yml")
    return target


def run_cli_in_process(capsys, *args: str) -> tuple[int, str]:
    """The command line in this process: its exit code and everything it printed, never a traceback."""
    code = main(list(args))
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "interne fout" not in out and "Traceback" not in out, out
    return code, out

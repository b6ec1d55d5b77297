"""Synthetic but realistic Dutch content for the benchmark: sentences and vocabulary of the real items.

Deterministic for a given seed, so that runs can be compared.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

from .loader import CONTENT_DIR, load
from .model import Praktijkvoorbeeld, Vraag
from .vocab import VOCABULARY_FILE

TIPS_PER_SET = 500  # tip sets hold at most 999 tips; synthetic sets keep them realistic
SHARE = (("tip", 0.6), ("vraag", 0.15), ("voorbeeld", 0.25))


def _sentences(items) -> list[str]:
    text = " ".join(re.sub(r"[#>*_`\[\]()]", " ", i.body) for i in items)
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s.strip()) <= 240]
    return [" ".join(s.split()) for s in found]


def _paragraphs(rng: random.Random, sentences: list[str], count: int) -> str:
    return "\n\n".join(" ".join(rng.sample(sentences, rng.randint(2, 5))) for _ in range(count))


def synthesize(source_root: Path, target: Path, count: int, seed: int = 1000) -> None:
    """Write count items into target/content, with vocabularies extended by synthetic tip sets."""
    rng = random.Random(seed + count)
    real = load(source_root)
    vocab = yaml.safe_load((source_root / CONTENT_DIR / VOCABULARY_FILE).read_text(encoding="utf-8"))
    sentences = _sentences(real.items)
    titles = [i.meta.titel for i in real.items]
    places = sorted({g for i in real.items if isinstance(i.meta, Praktijkvoorbeeld) for g in i.meta.gemeenten})
    questions = [i.meta.vraag for i in real.items if isinstance(i.meta, Vraag)]
    sets = max(1, round(count * SHARE[0][1] / TIPS_PER_SET + 0.5))
    for number in range(sets):
        vocab["tipsets"][f"set-{number + 1}"] = {"label": f"Tipset {number + 1}", "beschrijving": "Synthetische tipset."}
    content = target / CONTENT_DIR
    shutil.rmtree(content, ignore_errors=True)
    for folder in ("tips", "faq", "examples"):
        (content / folder).mkdir(parents=True)
    (content / VOCABULARY_FILE).write_text(yaml.safe_dump(vocab, allow_unicode=True, sort_keys=False), encoding="utf-8")
    themes, audiences, regions = list(vocab["themas"]), list(vocab["doelgroepen"]), list(vocab["regios"])
    categories, documents = list(vocab["categorieen"]), list(vocab["bronnen"])
    kinds = rng.choices([k for k, _ in SHARE], weights=[w for _, w in SHARE], k=count)
    ids: list[str] = []
    tip_numbers: dict[str, int] = {}
    for index, kind in enumerate(kinds):
        item_id = f"item-{index + 1:05d}"
        title = f"{rng.choice(titles)} ({index + 1})"
        meta = {
            "id": item_id,
            "titel": title,
            "samenvatting": rng.choice(sentences)[:240],
            "themas": rng.sample(themes, rng.randint(1, 3)),
            "doelgroepen": rng.sample(audiences, rng.randint(1, 3)),
            "bron": {"document": rng.choice(documents), "titel": "Synthetisch brondocument"},
            "laatst_gecontroleerd": "2026-01-15",
            "toegevoegd": "2026-01-15",
            "gerelateerd": rng.sample(ids[-200:], min(len(ids[-200:]), rng.randint(0, 3))),
        }
        if kind == "tip":
            tipset = f"set-{rng.randint(1, sets)}"
            while tip_numbers.get(tipset, 0) >= 999:
                tipset = f"set-{rng.randint(1, sets)}"
            tip_numbers[tipset] = tip_numbers.get(tipset, 0) + 1
            meta |= {"tipset": tipset, "volgorde": tip_numbers[tipset]}
            folder = "tips"
            body = _paragraphs(rng, sentences, rng.randint(3, 6))
            body = body.replace("\n\n", "\n\n## " + rng.choice(titles) + "\n\n", 1)
        elif kind == "vraag":
            meta |= {"categorie": rng.choice(categories), "vraag": rng.choice(questions)}
            folder = "faq"
            body = _paragraphs(rng, sentences, rng.randint(2, 5))
        else:
            meta |= {"gemeenten": [rng.choice(places)], "regio": rng.choice(regions),
                     "partners": rng.sample(["Gemeente", "JGZ", "Wijkteam", "Huisartsenpraktijk", "Verloskundigenpraktijk"], 2),
                     "status": rng.choice(["beschreven", "in aanvulling"]),
                     "wat_ze_deden": _paragraphs(rng, sentences, 1), "lessen": rng.sample(sentences, 2)}
            folder = "examples"
            # The body never repeats a field (rule E051), as in a real description.
            fields = set(meta["lessen"]) | {meta["wat_ze_deden"]}
            body = _paragraphs(rng, [s for s in sentences if not any(s in f for f in fields)], rng.randint(2, 4))
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        (content / folder / f"{item_id}.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
        ids.append(item_id)

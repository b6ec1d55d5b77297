"""Stage 3, render: turn validated items into Markdown pages for mkdocs, as plain data in, files out.

Every page is written by plain Python, so that the site does not depend on MkDocs plugins.
Pages carry Pagefind filter and sort attributes; the theme only lays them out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from .model import CONTENT_TYPES, Item, Praktijkvoorbeeld, Tip, Vraag
from .vocab import Vocabularies

# Folders under docs/ that belong to the generator; everything else in docs/ is hand-written.
GENERATED_FOLDERS = tuple(t.url_folder for t in CONTENT_TYPES) + ("themas", "voor-wie", "rollen", "bronnen", "snippets", "afbeeldingen")
IMAGE_FOLDER = "afbeeldingen"  # content/afbeeldingen/ is copied to docs/afbeeldingen/

# Editors link between content files (../faq/x.md); the site's folders have Dutch names.
_CONTENT_LINK = re.compile(r"(\]\(\s*<?\.\./)(" + "|".join(t.folder for t in CONTENT_TYPES) + r")/")
_FOLDER_TO_URL = {t.folder: t.url_folder for t in CONTENT_TYPES}


def content_markdown(text: str) -> str:
    """An editor's Markdown as a page under docs/: links to other items follow the site's folders."""
    return _CONTENT_LINK.sub(lambda m: m.group(1) + _FOLDER_TO_URL[m.group(2)] + "/", text.strip())

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


@dataclass(frozen=True)
class Settings:
    repo_url: str  # e.g. https://github.com/org/kennisbank
    branch: str = "main"


@dataclass(frozen=True)
class Page:
    path: str  # relative to docs/, forward slashes
    text: str


def dutch_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")


def esc(text: str) -> str:
    """Escape text for inline Markdown (titles and labels written by editors)."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def front(title: str, description: str) -> str:
    # JSON strings are valid YAML, so editors' titles cannot break the page's own front matter.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndescription: {json.dumps(description, ensure_ascii=False)}\n---\n\n"


def page_path(item: Item) -> str:
    return f"{item.type.url_folder}/{item.id}.md"


def rel(from_page: str, to_page: str) -> str:
    """Relative link between two docs/ paths, as mkdocs resolves them."""
    depth = from_page.count("/")
    return "../" * depth + to_page


def related_map(items: list[Item]) -> dict[str, list[str]]:
    """Related ids both ways: if A names B, B's page shows A too. Own order first."""
    known = {i.id for i in items}
    result: dict[str, list[str]] = {i.id: [r for r in i.meta.gerelateerd if r in known and r != i.id] for i in items}
    for item in items:
        for target in item.meta.gerelateerd:
            if target in result and item.id not in result[target] and target != item.id:
                result[target].append(item.id)
    return result


def sorted_items(items: list[Item], vocab: Vocabularies) -> list[Item]:
    tipsets = list(vocab.tipsets)
    categories = list(vocab.categorieen)

    def key(item: Item):
        meta = item.meta
        if isinstance(meta, Tip):
            return (0, tipsets.index(meta.tipset) if meta.tipset in tipsets else 99, meta.volgorde, item.id)
        if isinstance(meta, Vraag):
            return (1, categories.index(meta.categorie) if meta.categorie in categories else 99, 0, item.id)
        return (2, 0, 0, meta.titel.lower())

    return sorted(items, key=key)


class Renderer:
    def __init__(self, items: list[Item], vocab: Vocabularies, settings: Settings):
        self.vocab = vocab
        self.settings = settings
        self.items = sorted_items(items, vocab)
        self.by_id = {i.id: i for i in self.items}
        self.related = related_map(self.items)
        # Position of each tip within its tip set ("tip 3 van 5"), computed once: O(n), not O(n²).
        tips_by_set: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            if isinstance(item.meta, Tip):
                tips_by_set[item.meta.tipset].append(item)
        self.tip_position = {tip.id: (number, len(tips)) for tips in tips_by_set.values()
                             for number, tip in enumerate(tips, start=1)}

    # --- shared pieces -----------------------------------------------------------------

    def link(self, from_page: str, item: Item) -> str:
        return f"[{esc(item.meta.titel)}]({rel(from_page, page_path(item))})"

    def term_links(self, from_page: str, folder: str, vocabulary: str, keys: list[str]) -> str:
        return ", ".join(
            f"[{esc(self.vocab.label(vocabulary, k))}]({rel(from_page, f'{folder}/{k}.md')})" for k in keys
        )

    def filters(self, item: Item) -> str:
        """Hidden Pagefind filters: type, theme, audience, and what each type adds."""
        meta = item.meta
        pairs = [("soort", item.type.label)]
        pairs += [("thema", self.vocab.label("themas", k)) for k in meta.themas]
        pairs += [("voor wie", self.vocab.label("doelgroepen", k)) for k in meta.doelgroepen]
        if isinstance(meta, Tip):
            pairs.append(("tipset", self.vocab.label("tipsets", meta.tipset)))
        if isinstance(meta, Vraag):
            pairs.append(("categorie", self.vocab.label("categorieen", meta.categorie)))
        if isinstance(meta, Praktijkvoorbeeld):
            pairs += [("gemeente", g) for g in meta.gemeenten]
            if meta.regio:
                pairs.append(("regio", self.vocab.label("regios", meta.regio)))
        spans = "".join(f'<span data-pagefind-filter="{attr(k)}">{attr(v)}</span>' for k, v in pairs)
        # data-pagefind-ignore keeps the labels out of excerpts; Pagefind still reads the filters.
        return f'<div class="kb-filters" hidden data-pagefind-ignore>{spans}</div>\n\n'

    def list_entry(self, from_page: str, item: Item) -> str:
        return f"- {self.link(from_page, item)}  \n  {esc(item.meta.samenvatting)}"

    # --- item pages ----------------------------------------------------------------------

    def item_page(self, item: Item) -> Page:
        path = page_path(item)
        meta = item.meta
        # Titles weigh more than body text in search results.
        parts = [front(meta.titel, meta.samenvatting), f'# {esc(meta.titel)} {{ data-pagefind-weight="10" }}\n\n']
        parts.append(self.filters(item))
        parts.append(f"{esc(meta.samenvatting)}\n{{: .kb-samenvatting data-pagefind-meta=\"samenvatting\" }}\n\n")
        if isinstance(meta, Vraag):
            parts.append(f"!!! question \"Vraag\"\n\n    {esc(meta.vraag)}\n\n## Antwoord\n\n")
        if isinstance(meta, Praktijkvoorbeeld):
            parts.append(self.example_facts(path, meta))
        parts.append(content_markdown(item.body) + "\n\n")
        if isinstance(meta, Praktijkvoorbeeld):
            parts.append(self.example_sections(item))
        # Page facts and related links are not search excerpts of their own.
        parts.append('<div class="kb-over" data-pagefind-ignore markdown>\n\n')
        parts.append(self.about(path, item))
        parts.append(self.see_also(path, item))
        parts.append("</div>\n\n")
        parts.append(self.edit_links(item))
        return Page(path, "".join(parts))

    def example_facts(self, path: str, meta: Praktijkvoorbeeld) -> str:
        rows = [f"**Gemeente:** {esc(', '.join(meta.gemeenten))}"]
        if meta.regio:
            rows.append(f"**Provincie:** {esc(self.vocab.label('regios', meta.regio))}")
        if meta.partners:
            rows.append(f"**Partners:** {esc(', '.join(meta.partners))}")
        rows.append(f"**Status:** {'beschreven' if meta.status == 'beschreven' else 'in aanvulling'}")
        text = "".join(f"- {row}\n" for row in rows) + "\n"
        if meta.status == "in aanvulling":
            text += ('!!! info "Dit voorbeeld is nog in aanvulling"\n\n'
                     "    De bronnen noemen dit voorbeeld, maar beschrijven het (nog) niet uitgebreid. Hieronder staat "
                     "precies wat de bronnen zeggen. Weet jij meer, met een bron erbij? Vul het voorbeeld aan via de "
                     "link 'Deze pagina bewerken' onderaan.\n\n")
        return text

    def example_sections(self, item: Item) -> str:
        meta = item.meta
        assert isinstance(meta, Praktijkvoorbeeld)
        text = ""
        for heading, value in (("Wat ze deden", meta.wat_ze_deden), ("Wat het opleverde", meta.wat_het_opleverde)):
            if value:
                text += f"## {heading}\n\n{content_markdown(value)}\n\n"
        if meta.lessen:
            text += "## Lessen\n\n" + "".join(f"- {content_markdown(lesson)}\n" for lesson in meta.lessen) + "\n"
        if meta.meer_lezen:
            text += "## Meer lezen\n\n"
            for entry in meta.meer_lezen:
                text += f"- [{esc(entry.titel)}]({entry.url})\n" if entry.url else f"- {esc(entry.titel)}\n"
            text += "\n"
        return text

    def about(self, path: str, item: Item) -> str:
        meta = item.meta
        rows = [f"**Soort:** {item.type.label}"]
        if isinstance(meta, Tip):
            position, total = self.tip_position[item.id]
            label = esc(self.vocab.label("tipsets", meta.tipset))
            rows.append(f"**Tipset:** [{label}]({rel(path, 'tips/index.md')}#{meta.tipset}), tip {position} van {total}")
        if isinstance(meta, Vraag):
            label = esc(self.vocab.label("categorieen", meta.categorie))
            rows.append(f"**Categorie:** [{label}]({rel(path, 'vragen/index.md')}#{meta.categorie})")
        rows.append(f"**Thema's:** {self.term_links(path, 'themas', 'themas', meta.themas)}")
        rows.append(f"**Voor wie:** {self.term_links(path, 'voor-wie', 'doelgroepen', meta.doelgroepen)}")
        rows.append(f"**Bron:** {self.source_text(path, item)}")
        rows.append(f"**Laatst gecontroleerd:** {dutch_date(meta.laatst_gecontroleerd)}")
        return "## Over deze pagina\n\n" + "".join(f"- {row}\n" for row in rows) + "\n"

    def source_text(self, path: str, item: Item) -> str:
        bron = item.meta.bron
        title = f"[{esc(bron.titel)}]({bron.url})" if bron.url else f"_{esc(bron.titel)}_"
        details = [esc(bron.organisatie)] if bron.organisatie else []
        if bron.datum:
            details.append(dutch_date(bron.datum))
        text = title + (f" ({', '.join(details)})" if details else "")
        if bron.onderdeel:
            text += f", onderdeel ‘{esc(bron.onderdeel)}’"
        if bron.document in self.vocab.bronnen:
            text += f" — [alle inhoud uit deze bron]({rel(path, f'bronnen/{source_slug(bron.document)}.md')})"
        return text

    def see_also(self, path: str, item: Item) -> str:
        related = [self.by_id[r] for r in self.related.get(item.id, [])]
        if not related:
            return ""
        lines = "".join(f"- {self.link(path, r)} ({r.type.label.lower()})\n" for r in related)
        return f"## Zie ook\n\n{lines}\n"

    def edit_links(self, item: Item) -> str:
        repo, branch = self.settings.repo_url.rstrip("/"), self.settings.branch
        edit = f"{repo}/edit/{branch}/{quote(item.path)}"
        body = (f"Pagina: {item.meta.titel}\nBestand: {item.path}\n\nWat klopt er niet?\n\n"
                f"Wat zou er moeten staan, en wat is je bron?\n")
        issue = f"{repo}/issues/new?" + urlencode({"title": f"Correctie: {item.meta.titel}", "body": body})
        return (f"---\n\n[Deze pagina bewerken]({edit}){{: .kb-edit }} · "
                f"[Klopt er iets niet? Meld het]({issue}){{: .kb-report }}\n")

    # --- overview pages -------------------------------------------------------------------

    def tips_overview(self) -> Page:
        path = "tips/index.md"
        text = front("Tips", "Alle tips, per tipset in volgorde.") + "# Tips\n\n"
        groups = defaultdict(list)
        for item in self.items:
            if isinstance(item.meta, Tip):
                groups[item.meta.tipset].append(item)
        for key, term in self.vocab.tipsets.items():
            if not groups.get(key):
                continue
            text += f"## {esc(term.label)} {{ #{key} }}\n\n{esc(term.beschrijving)}\n\n"
            for number, item in enumerate(groups[key], start=1):
                text += f"{number}. {self.link(path, item)}  \n   {esc(item.meta.samenvatting)}\n"
            text += "\n"
        return Page(path, text)

    def questions_overview(self) -> Page:
        path = "vragen/index.md"
        text = front("Vragen", "Veelgestelde vragen, per categorie.") + "# Veelgestelde vragen\n\n"
        text += "Klik op een vraag om het antwoord te lezen.\n\n"
        groups = defaultdict(list)
        for item in self.items:
            if isinstance(item.meta, Vraag):
                groups[item.meta.categorie].append(item)
        for key, term in self.vocab.categorieen.items():
            if not groups.get(key):
                continue
            text += f"## {esc(term.label)} {{ #{key} }}\n\n"
            for item in groups[key]:
                answer = _indent(_demote_headings(content_markdown(item.body), 3))
                text += (f'??? question "{attr(esc(item.meta.titel))}"\n\n    _{esc(item.meta.vraag)}_\n\n{answer}\n\n'
                         f"    [Lees het antwoord op een eigen pagina]({rel(path, page_path(item))})\n\n")
        return Page(path, text)

    def examples_overview(self) -> Page:
        path = "voorbeelden/index.md"
        text = front("Praktijkvoorbeelden", "Voorbeelden van lokale samenwerking uit de praktijk.")
        text += "# Praktijkvoorbeelden\n\n"
        text += "| Voorbeeld | Plaats | Partners | Thema's | Status |\n| --- | --- | --- | --- | --- |\n"
        for item in self.items:
            meta = item.meta
            if not isinstance(meta, Praktijkvoorbeeld):
                continue
            place = ", ".join(meta.gemeenten) + (f" ({self.vocab.label('regios', meta.regio)})" if meta.regio else "")
            partners = ", ".join(meta.partners) or "–"
            themes = ", ".join(self.vocab.label("themas", k) for k in meta.themas)
            text += f"| {self.link(path, item)} | {esc(place)} | {esc(partners)} | {esc(themes)} | {meta.status} |\n"
        return Page(path, text + "\n")

    def term_pages(self, folder: str, vocabulary: str, field: str, title: str, intro: str) -> list[Page]:
        pages = []
        index_path = f"{folder}/index.md"
        index = front(title, intro) + f"# {title}\n\n{intro}\n\n"
        for key, term in self.vocab.terms(vocabulary).items():
            matching = [i for i in self.items if key in getattr(i.meta, field)]
            index += f"- [{esc(term.label)}]({key}.md) ({len(matching)})  \n  {esc(term.beschrijving)}\n"
            path = f"{folder}/{key}.md"
            text = front(term.label, term.beschrijving) + f"# {esc(term.label)}\n\n{esc(term.beschrijving)}\n\n"
            text += self.grouped_by_type(path, matching)
            pages.append(Page(path, text))
        pages.append(Page(index_path, index + "\n"))
        return pages

    def grouped_by_type(self, path: str, items: list[Item]) -> str:
        if not items:
            return "Hier staat nog niets.\n"
        text = ""
        for ctype in CONTENT_TYPES:
            chosen = [i for i in items if i.type is ctype]
            if chosen:
                text += f"## {ctype.label_plural}\n\n" + "\n".join(self.list_entry(path, i) for i in chosen) + "\n\n"
        return text

    def role_pages(self) -> list[Page]:
        pages = []
        for key, role in self.vocab.rollen.items():
            path = f"rollen/{key}.md"
            matching = [i for i in self.items if set(i.meta.doelgroepen) & set(role.doelgroepen)]
            text = front(role.label, role.beschrijving) + f"# {esc(role.label)}\n\n{esc(role.beschrijving)}\n\n"
            pages.append(Page(path, text + self.grouped_by_type(path, matching)))
        return pages

    def home_snippets(self) -> list[Page]:
        """Lists for the hand-written home page, which includes them (pymdownx.snippets)."""
        roles = "".join(f"- [{esc(r.label)}](rollen/{k}.md)\n" for k, r in self.vocab.rollen.items())
        themes = "".join(f"- [{esc(t.label)}](themas/{k}.md)\n" for k, t in self.vocab.themas.items())
        return [Page("snippets/rollen.md", roles), Page("snippets/themas.md", themes)]

    def source_pages(self) -> list[Page]:
        pages = []
        index = front("Bronnen", "De brondocumenten van de Kennisbank.") + "# Bronnen\n\n"
        index += "Alle inhoud van de Kennisbank komt uit deze documenten. Elke pagina noemt haar bron.\n\n"
        for key, term in self.vocab.bronnen.items():
            slug = source_slug(key)
            matching = [i for i in self.items if i.meta.bron.document == key]
            index += f"- [{esc(term.label)}]({slug}.md) ({len(matching)})  \n  {esc(term.beschrijving)}\n"
            path = f"bronnen/{slug}.md"
            text = front(term.label, term.beschrijving) + f"# {esc(term.label)}\n\n{esc(term.beschrijving)}\n\n"
            text += f"Bestand: `{key}`\n\n" + self.grouped_by_type(path, matching)
            pages.append(Page(path, text))
        pages.append(Page("bronnen/index.md", index + "\n"))
        return pages

    def pages(self) -> list[Page]:
        pages = [self.item_page(item) for item in self.items]
        pages += [self.tips_overview(), self.questions_overview(), self.examples_overview()]
        pages += self.term_pages("themas", "themas", "themas", "Thema's", "Alle tips, vragen en voorbeelden per thema.")
        pages += self.term_pages("voor-wie", "doelgroepen", "doelgroepen", "Voor wie", "Alle inhoud per doelgroep.")
        pages += self.role_pages() + self.source_pages() + self.home_snippets()
        return pages


def source_slug(document: str) -> str:
    return "bron-" + re.sub(r"[^a-z0-9]+", "-", document.lower().split("_")[0].removesuffix(".txt")).strip("-")


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in text.split("\n"))


def _demote_headings(text: str, level: int) -> str:
    """Inside an expandable answer, body headings become smaller than the overview's own."""
    return re.sub(r"^(#{1,6}) ", lambda m: "#" * max(len(m.group(1)), level) + " ", text, flags=re.M)


def copy_images(content_dir: Path, docs_dir: Path) -> None:
    """Images editors put in content/afbeeldingen/ are served next to the pages."""
    target = docs_dir / IMAGE_FOLDER
    shutil.rmtree(target, ignore_errors=True)
    if (content_dir / IMAGE_FOLDER).is_dir():
        shutil.copytree(content_dir / IMAGE_FOLDER, target)


def write_pages(pages: list[Page], docs_dir: Path) -> int:
    """Make the generator's folders under docs_dir hold exactly these pages; returns files changed.

    Unchanged files are left alone, so that a live preview rebuilds only what changed.
    Hand-written pages elsewhere in docs_dir are never touched.
    """
    wanted = {docs_dir / page.path: page.text for page in pages}
    changed = 0
    for folder in GENERATED_FOLDERS:
        if folder == IMAGE_FOLDER:
            continue
        for path in sorted((docs_dir / folder).rglob("*"), reverse=True) if (docs_dir / folder).exists() else []:
            if path.is_file() and path not in wanted:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for target, text in wanted.items():
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        changed += 1
    return changed

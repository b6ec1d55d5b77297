"""Every rule of the Kennisbank, in one table: id, slug, what it means and how to fix it (Dutch).

The checks attach themselves to their rule: file and corpus rules in rules.py, loader rules where
the loader reports them (loader.py, images.py, fsguard.py). Severity is a table of its own, so a
rule's id is a name and never decides whether a finding fails the run.

Limits in the texts are `$placeholders`, filled in from the code that enforces them (`limits()`),
so the documentation cannot drift from the model. CONTRIBUTING.md's rule table is `table()`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from string import Template


class Severity(enum.Enum):
    ERROR = "fout"
    WARNING = "waarschuwing"


class Stage(enum.Enum):
    LOADER = "loader"  # reported while a file is read, parsed or validated against the model
    FILE = "file"  # looks at one valid item
    CORPUS = "corpus"  # looks across all items, the vocabularies or the derived files


@dataclass(frozen=True)
class Check:
    stage: Stage
    func: Callable


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    slug: str
    description: str  # Dutch, Markdown: what the finding means
    fix: str  # Dutch, Markdown: how to fix it
    checks: list[Check] = field(default_factory=list, repr=False)

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.id]

    def _attach(self, stage: Stage, func: Callable) -> Callable:
        self.checks.append(Check(stage, func))
        return func

    def file_check(self, func: Callable) -> Callable:
        """Decorator: func(loaded, item, ctx) yields findings of this rule for one valid item."""
        return self._attach(Stage.FILE, func)

    def corpus_check(self, func: Callable) -> Callable:
        """Decorator: func(ctx) yields findings of this rule across the corpus."""
        return self._attach(Stage.CORPUS, func)

    def loader_check(self, func: Callable) -> Callable:
        """Names the loader step that reports this rule; the loader calls it itself."""
        return self._attach(Stage.LOADER, func)

    def text(self, which: str) -> str:
        """The description or fix with the enforced limits filled in."""
        return Template(getattr(self, which)).substitute(limits())


E, W = Severity.ERROR, Severity.WARNING
# Warnings are listed here, not recognised by their id: an id is only a name.
SEVERITY: dict[str, Severity] = {
    **dict.fromkeys(("E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008", "E009", "E010", "E011", "E012",
                     "E013", "E014", "E015", "E016", "E017", "E018", "E019", "E020", "E021", "E022", "E023", "E024",
                     "E030", "E031", "E032", "E040", "E041", "E042"), E),
    "W001": W,
    # head: sources and status (E070–E079, W030–W039)
    **dict.fromkeys(("E070", "E071"), E),
    "W002": W,
    # phone (issue 13)
    "E050": E, "E051": E, "W010": W,
    "E060": E, "W020": W,  # share (issue 12)
}

RULES: dict[str, Rule] = {}


def severity_of(rule_id: str) -> Severity:
    """A finding of a rule nobody registered fails the run: an unknown rule is never a mere warning."""
    return SEVERITY.get(rule_id, Severity.ERROR)


def rule(rule_id: str, slug: str, description: str, fix: str) -> Rule:
    if rule_id in RULES:
        raise ValueError(f"rule id {rule_id} registered twice")
    if rule_id not in SEVERITY:
        raise ValueError(f"rule {rule_id} has no severity in registry.SEVERITY")
    if any(r.slug == slug for r in RULES.values()):
        raise ValueError(f"rule slug {slug} registered twice")
    RULES[rule_id] = made = Rule(rule_id, slug, description, fix)
    return made


def limits() -> dict[str, str]:
    """The limits the texts name, read from the code that enforces them (imported late: no cycles)."""
    from .fsguard import thousands
    from .images import MAX_IMAGE_BYTES
    from .loader import MAX_FILE_BYTES
    from .mdread import MAX_DEPTH as MARKDOWN_DEPTH
    from .model import CONTENT_TYPES
    from .rules import MAX_RENDERED_BYTES
    from .yamlpos import MAX_DEPTH as YAML_DEPTH

    summary = CONTENT_TYPES[0].model.model_json_schema()["properties"]["samenvatting"]
    return {"yaml_diepte": str(YAML_DEPTH), "markdown_diepte": str(MARKDOWN_DEPTH),
            "bestand_bytes": thousands(MAX_FILE_BYTES), "html_bytes": thousands(MAX_RENDERED_BYTES), "afbeelding_bytes": thousands(MAX_IMAGE_BYTES),
            "afbeelding_mb": f"{MAX_IMAGE_BYTES / 1_000_000:g}".replace(".", ","),
            "samenvatting_min": str(summary["minLength"]), "samenvatting_max": str(summary["maxLength"])}


# --- the rules, in the order CONTRIBUTING.md lists them ------------------------------------

ENCODING = rule(
    "E001", "codering",
    "Het bestand is geen UTF-8, of begint met een onzichtbare byte-order mark.",
    'Sla het bestand op als "UTF-8" (zonder BOM). De website van GitHub doet dat altijd goed.')
YAML_SYNTAX = rule(
    "E002", "yaml-syntaxis",
    "De velden bovenaan kloppen niet als YAML: een tab, een aanhalingsteken dat niet sluit, een verkeerde inspringing.",
    "Gebruik spaties, sluit aanhalingstekens op dezelfde regel (de melding wijst de regel aan waar het aanhalingsteken "
    "opent), zet velden op hetzelfde niveau precies onder elkaar. Zet tekst met een dubbele punt tussen "
    "aanhalingstekens. Lijsten en groepen mogen hoogstens $yaml_diepte niveaus diep in elkaar.")
DUPLICATE_KEY = rule(
    "E003", "dubbel-veld",
    "Een veld staat er twee keer.",
    "Voeg de twee samen tot één veld.")
FRONT_MATTER = rule(
    "E004", "front-matter",
    "Het bestand begint niet met `---`, de velden worden niet afgesloten met `---`, of er staat een bestand dat niet "
    "op `.md` eindigt.",
    "Begin met een regel `---`, dan de velden, dan weer `---`, dan de tekst.")
UNKNOWN_FIELD = rule(
    "E005", "onbekend-veld",
    "Een veldnaam bestaat niet, vaak een tikfout (`titl`).",
    "Gebruik de naam die de melding voorstelt, of haal het veld weg.")
MISSING_FIELD = rule(
    "E006", "verplicht-veld",
    "Een verplicht veld ontbreekt.",
    "Voeg het veld toe; het sjabloon laat zien hoe.")
INVALID_VALUE = rule(
    "E007", "ongeldige-waarde",
    "Een veld heeft het verkeerde soort waarde, bijvoorbeeld tekst waar een lijst hoort; of een korte tekst (titel, "
    "samenvatting, naam) bevat `<`, `>`, een stuurteken, een teken dat de leesrichting omdraait of een onzichtbaar "
    "teken (vaak meegekomen bij kopiëren en plakken).",
    "Schrijf een lijst als `[a, b]` of met `- ` per regel; een getal zonder aanhalingstekens. Haal het teken weg dat "
    "de melding noemt.")
INVALID_DATE = rule(
    "E008", "ongeldige-datum",
    "Een datum bestaat niet (30 februari) of ligt in de toekomst.",
    "Schrijf de datum als JJJJ-MM-DD en gebruik vandaag of eerder.")
INVALID_ID = rule(
    "E009", "id-formaat",
    "Het id bevat hoofdletters, spaties of andere tekens.",
    "Gebruik alleen kleine letters, cijfers en koppeltekens, zoals de melding voorstelt.")
FILENAME_IS_ID = rule(
    "E010", "bestandsnaam-is-id",
    "De bestandsnaam en het id verschillen.",
    "Hernoem het bestand, of pas het id aan.")
UNIQUE_ID = rule(
    "E011", "unieke-id",
    "Het id bestaat al; de melding staat bij beide bestanden.",
    "Kies een ander id en hernoem het bestand.")
VOCABULARY = rule(
    "E012", "vocabulaire",
    "Een thema, doelgroep, tipset, categorie, regio of bron bestaat niet.",
    "Kies een waarde uit `content/vocabulaires.yml`; de melding stelt de dichtstbijzijnde voor.")
REPEATED_VALUE = rule(
    "E013", "dubbele-waarde",
    "Een waarde staat twee keer in dezelfde lijst.",
    "Haal er één weg.")
SUMMARY_LENGTH = rule(
    "E014", "samenvatting-lengte",
    "De samenvatting is te kort of te lang.",
    "Schrijf één zin van $samenvatting_min tot $samenvatting_max tekens.")
BODY_NOT_EMPTY = rule(
    "E015", "tekst-niet-leeg",
    "Er staat geen tekst onder de velden.",
    "Schrijf de tip, het antwoord of de beschrijving onder de tweede `---`.")
NO_HTML = rule(
    "E016", "geen-html",
    "Er staat HTML in de tekst, zoals `<br>` of `<iframe>`.",
    "Gebruik Markdown: een lege regel tussen alinea's, `**vet**`, `[tekst](https://...)`.")
SAFE_LINKS = rule(
    "E017", "veilige-links",
    "Een link, afbeelding of url-veld (`bron: url:`, `meer_lezen: url:`) heeft geen doel (`(#)`), geen tekst, of een "
    "adres dat niet mag: `javascript:`, `data:` of een ander schema (ook verstopt met tabs, stuurtekens, entiteiten of "
    "%-codes), `//andere-site` of `/pad`.",
    "Geef een echt webadres dat met `https://` begint, of haal de link weg en laat de tekst staan.")
YAML_FEATURE = rule(
    "E018", "yaml-constructie",
    "Er staan YAML-tags (`!!…`), ankers (`&`) of aliassen (`*`) in de velden, ook binnen `[ ]` of `{ }`.",
    "Schrijf elke waarde gewoon voluit.")
FILE_SIZE = rule(
    "E019", "bestandsgrootte",
    "Het bestand is groter dan $bestand_bytes bytes (de melding noemt de precieze grootte).",
    "Maak de tekst korter of splits hem in meer items.")
RELATED_EXISTS = rule(
    "E020", "gerelateerd-bestaat",
    "Een id onder `gerelateerd` bestaat niet, of het item verwijst naar zichzelf.",
    "Controleer de schrijfwijze van het id (de bestandsnaam zonder `.md`).")
TIP_ORDER = rule(
    "E021", "volgorde-in-tipset",
    "Twee tips in dezelfde tipset hebben hetzelfde volgnummer.",
    "Geef de tip een vrij nummer.")
SOURCE_FINDABLE = rule(
    "E022", "bron-vindbaar",
    "De bron heeft geen `document` en geen `url`.",
    "Geef het webadres van je bron onder `bron: url:`.")
IMAGES = rule(
    "E023", "afbeeldingen",
    "Een afbeelding bestaat niet, heeft geen beschrijving, of komt van een andere website.",
    "Zet het bestand in `content/afbeeldingen/` en schrijf `![wat er op staat](../afbeeldingen/naam.png)`. "
    "Afbeeldingen van andere websites laden we niet, voor de privacy van bezoekers.")
INTERNAL_LINKS = rule(
    "E024", "interne-links",
    "Een link naar een ander item wijst naar een bestand dat niet bestaat.",
    "Link naar een ander item met zijn bestand: `[titel](../tips/id.md)`, `[titel](../faq/id.md)` of "
    "`[titel](../examples/id.md)`.")
NESTING = rule(
    "E030", "nesting",
    "De tekst is meer dan $markdown_diepte niveaus diep genest: lijsten in lijsten, citaten in citaten of opmaak in "
    "opmaak.",
    "Maak de structuur platter: een paar niveaus is genoeg.")
RENDERED_SIZE = rule(
    "E031", "tekst-te-groot",
    "Een tekst wordt op de pagina groter dan $html_bytes bytes HTML, bijvoorbeeld door een tabel met heel veel "
    "kolommen (elke rij wordt aangevuld tot de breedte van de kop).",
    "Maak de tabel kleiner (minder kolommen of rijen) of splits de tekst op in meer items.")
HEADING_LEVEL = rule(
    "E032", "kopniveau",
    "Er staat een kopje van niveau 1 (`# Kopje` of onderstreept met `===`) in de tekst; de titel is het enige "
    "hoofdkopje van de pagina.",
    "Schrijf kopjes in de tekst met twee hekjes: `## Kopje`.")
FILE_KIND = rule(
    "E040", "bestandssoort",
    "Een bestand of map in `content/` is een symbolische koppeling (symlink), een speciaal bestand (FIFO, apparaat, "
    "socket) of heeft stuurtekens in de naam.",
    "Zet er een gewoon bestand neer met een gewone naam (letters, cijfers, `-`, `_`, `.`). De bouw volgt nooit een "
    "koppeling; in `docs/` en `overrides/` stopt de bouw om dezelfde reden.")
IMAGE_FILE = rule(
    "E041", "afbeelding-bestand",
    "Een bestand in `content/afbeeldingen/` is geen PNG, JPEG, WebP of GIF (de inhoud telt, niet alleen de naam), "
    "heeft een naam met hoofdletters, spaties of submappen, of is groter dan $afbeelding_bytes bytes "
    "($afbeelding_mb MB).",
    "Sla de afbeelding op als `.png`, `.jpg`, `.webp` of `.gif` met een naam als `schema-samenwerking.png`, en "
    "verklein hem zo nodig. SVG- en HTML-bestanden worden niet gepubliceerd.")
DERIVED_FILES = rule(
    "E042", "afgeleide-bestanden",
    "Een bestand dat `make schema` schrijft (de JSON Schema's in `schemas/`, het issueformulier in "
    "`.github/ISSUE_TEMPLATE/`, de regeltabel in `CONTRIBUTING.md`) is verouderd of ontbreekt, bijvoorbeeld na een "
    "nieuw thema in `content/vocabulaires.yml`.",
    "Draai `make schema` en commit de bestanden die het schrijft. Bewerk ze nooit met de hand.")
TEMPLATE_TEXT = rule(
    "W001", "sjabloontekst",
    "Er staat nog `(aanvullen)` uit het sjabloon.",
    "Vervang de tekst door echte tekst uit je bron. Dit is een waarschuwing: de site wordt wel gebouwd.")
UNKNOWN_ABBREVIATION = rule(
    "W002", "onbekende-afkorting",
    "Er staat een afkorting (een woord met twee of meer hoofdletters, zoals `GGZ`) in een item die niet in de "
    "begrippenlijst `content/begrippen.yml` staat. Lezers zien dan nergens wat ze betekent.",
    "Voeg de afkorting toe aan `content/begrippen.yml`: de term voluit, één zin uitleg, andere schrijfwijzen en de "
    "bron van de uitleg. Of schrijf het woord voluit. Dit is een waarschuwing: de site wordt wel gebouwd.")

# head: the source as a reader knows it, and a status that claims no more than the content.
OWN_DESCRIPTION = rule(
    "E070", "eigen-beschrijving",
    "Een bron met `soort: eigen beschrijving` (een voorbeeld dat de coalitie zelf beschrijft) mist de organisatie of de "
    "datum van aanmelden, of noemt toch een brondocument.",
    "Schrijf onder `bron:` wie het voorbeeld beschrijft (`organisatie: Coalitie Kansrijke Start X`) en wanneer het is "
    "aangemeld (`datum: 2026-05-13`), en laat `document` weg.")
STATUS_CLAIM = rule(
    "E071", "status-beschreven",
    "Een praktijkvoorbeeld heeft `status: beschreven`, maar geen `wat_ze_deden` uit de bron.",
    "Schrijf onder `wat_ze_deden` wat de partners deden, zoals de bron het zegt, of zet de status op `in aanvulling`.")

# --- phone (issue 13) ---
PERSONAL_DATA = rule(
    "E050", "persoonsgegevens",
    "Er staat een e-mailadres (anders dan het contactadres van de beheerders), een Nederlands telefoonnummer of een "
    "getal dat de elfproef van een burgerservicenummer (BSN) doorstaat in de inhoud. De site is openbaar: "
    "persoonsgegevens van cliënten of medewerkers horen er niet op.",
    "Haal het gegeven weg. Verwijs naar een organisatie met een link naar haar website in plaats van een adres of "
    "nummer. Is het getal geen BSN (bijvoorbeeld een bedrag), schrijf het dan met een eenheid of anders opgedeeld.")
STUB_REPEATS_BODY = rule(
    "E051", "sectie-herhaalt-tekst",
    "Een veld van een praktijkvoorbeeld (`wat_ze_deden`, `wat_het_opleverde`, een les) herhaalt de tekst eronder. Op de "
    "pagina staat het dan twee keer, en een voorbeeld dat alleen genoemd wordt, lijkt uitgewerkt.",
    "Laat het veld weg als de bron er niets over zegt; de pagina toont dan ‘niet beschreven in de bron’.")
MAINTAINER_MISSING = rule(
    "W010", "beheerder-ontbreekt",
    "In `instellingen.yml` staat nog niet wie de Kennisbank beheert (`beheerder: organisatie` en `email`). De pagina "
    "Meedoen en contact toont een gemarkeerde plaatshouder en er is geen route zonder GitHub-account.",
    "Laat een beheerder de organisatie en het contactadres invullen. Vul nooit zelf een naam of adres in dat niet "
    "vaststaat. Dit is een waarschuwing: de site wordt wel gebouwd.")

# Issue 12 (share): the item's own dates, and the licence of the open data.
DATE_ORDER = rule(
    "E060", "datums-volgorde",
    "`bijgewerkt` ligt vóór `toegevoegd`: een item kan niet worden bijgewerkt voordat het er was.",
    "Zet bij `toegevoegd` de datum waarop het item in de Kennisbank kwam en bij `bijgewerkt` de datum van de laatste "
    "inhoudelijke wijziging (of laat `bijgewerkt` weg).")
LICENCE_SET = rule(
    "W020", "licentie-vastgesteld",
    "In `instellingen.yml` staat nog geen `licentie`. De pagina Open data en de export zeggen dan \"licentie nog niet "
    "vastgesteld\".",
    "De beheerders kiezen de licentie van de teksten (ze komen van Pharos en het ministerie van VWS) en vullen die in "
    "bij `licentie:` in `instellingen.yml`. Dit is een waarschuwing: de site wordt wel gebouwd.")


def checks(stage: Stage) -> list[tuple[Rule, Callable]]:
    """(rule, check function) for every check of one stage, in registry order."""
    return [(r, c.func) for r in RULES.values() for c in r.checks if c.stage is stage]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    """CONTRIBUTING.md's rule table in Markdown: code, name, what it means, how to fix it."""
    rows = ["| code | naam | betekent | zo los je het op |", "| --- | --- | --- | --- |"]
    rows += [f"| `{r.id}` | {r.slug} | {_cell(r.text('description'))} | {_cell(r.text('fix'))} |" for r in RULES.values()]
    return "\n".join(rows) + "\n"

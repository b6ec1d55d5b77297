"""Findings and the registry of rule ids, shared by the loader and the checks."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleInfo:
    id: str
    slug: str
    description: str  # Dutch, for editors: what the rule guards


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    rule: str
    message: str

    @property
    def is_error(self) -> bool:
        """Rule ids starting with E are errors and fail the run; W ids are warnings."""
        return self.rule.startswith("E")

    def format(self) -> str:
        """One line: path:line:col  ID  message, with every control character made visible.

        File names and messages come from contributors. A newline in either would start a line
        of its own, and under GitHub Actions a line starting with '::' is a workflow command.
        """
        line = printable(f"{self.path}:{self.line}:{self.col}  {self.rule}  {self.message}")
        # The runner ignores leading whitespace: a path of its own must not begin a command either.
        return "./" + line if line.lstrip().startswith("::") else line

    def annotation(self) -> str:
        """A GitHub Actions workflow command that marks the line in the pull request.

        Escaped as the runner unescapes: the message (data) for '%', CR and LF; each property
        value also for ':' and ',', which would otherwise end the value or the command.
        """
        level = "error" if self.is_error else "warning"
        props = ",".join(f"{name}={escape_property(str(value))}" for name, value in
                         (("file", self.path), ("line", self.line), ("col", self.col), ("title", self.rule)))
        return f"::{level} {props}::{escape_data(self.message)}"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def printable(line: str) -> str:
    """The line with control and line-separator characters shown as escapes, never as line breaks."""
    if line.isprintable():
        return line
    # isprintable() is also false for format characters such as bidi overrides: show those too.
    return "".join(ch if ch.isprintable() else _escape_char(ch) for ch in line)


def _escape_char(ch: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return named.get(ch) or f"\\u{ord(ch):04x}"


RULES: dict[str, RuleInfo] = {}


def register(rule_id: str, slug: str, description: str) -> RuleInfo:
    if rule_id in RULES:
        raise ValueError(f"rule id {rule_id} registered twice")
    info = RuleInfo(rule_id, slug, description)
    RULES[rule_id] = info
    return info


# Rules the loader applies while reading a file; the checks in rules.py register their own.
ENCODING = register("E001", "codering", "Het bestand moet UTF-8 zijn, zonder byte-order mark.")
YAML_SYNTAX = register("E002", "yaml-syntaxis", "De front matter moet geldige YAML zijn.")
DUPLICATE_KEY = register("E003", "dubbel-veld", "Elk veld mag maar één keer voorkomen.")
FRONT_MATTER = register("E004", "front-matter", "Een bestand begint met front matter tussen twee regels '---'.")
UNKNOWN_FIELD = register("E005", "onbekend-veld", "Alleen velden uit het contentmodel zijn toegestaan.")
MISSING_FIELD = register("E006", "verplicht-veld", "Verplichte velden moeten aanwezig zijn.")
INVALID_VALUE = register("E007", "ongeldige-waarde", "Elk veld heeft het juiste soort waarde.")
INVALID_DATE = register("E008", "ongeldige-datum", "Datums zijn echt (JJJJ-MM-DD) en liggen niet in de toekomst.")
INVALID_ID = register("E009", "id-formaat", "Een id bestaat uit kleine letters, cijfers en koppeltekens.")
YAML_FEATURE = register("E018", "yaml-constructie", "Geen YAML-tags, ankers of aliassen in content.")
FILE_SIZE = register("E019", "bestandsgrootte", "Een contentbestand is niet groter dan de limiet.")
SUMMARY_LENGTH = register("E014", "samenvatting-lengte", "De samenvatting is één zin van 20 tot 250 tekens.")


def report(findings: list[Finding], *, stream, github: bool | None = None) -> None:
    """Print every finding, GitHub annotations when running in Actions, then a one-line count."""
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    for finding in sorted(findings):
        print(finding.format(), file=stream)
        if github:
            print(finding.annotation(), file=stream)

"""Findings: one problem at file:line:col, reported by a rule of the registry (registry.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .registry import RULES, Severity, severity_of

__all__ = ["RULES", "Finding", "report"]  # RULES: the registry's table, for callers that reach it from here


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    rule: str
    message: str

    @property
    def is_error(self) -> bool:
        """Errors fail the run, warnings do not; the severity table says which, never the id."""
        return severity_of(self.rule) is Severity.ERROR

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


def report(findings: list[Finding], *, stream, github: bool | None = None) -> None:
    """Print every finding, GitHub annotations when running in Actions, then a one-line count."""
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    for finding in sorted(findings):
        print(finding.format(), file=stream)
        if github:
            print(finding.annotation(), file=stream)

"""A strict YAML reader that remembers where every value stands.

PyYAML silently keeps the last of two duplicate keys, expands aliases and turns dates into
objects before we can judge them. This reader composes the node tree itself, converts only
plain JSON-like scalars, and reports every other construct as an error with its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

FAST = bool(getattr(yaml, "__with_libyaml__", False))  # without libyaml everything works, more slowly

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YamlProblem(Exception):
    """A problem in the YAML text; kind is 'syntax', 'duplicate' or 'feature'."""

    def __init__(self, kind: str, message: str, line: int, col: int):
        super().__init__(message)
        self.kind, self.message, self.line, self.col = kind, message, line, col


class _StrictCompose:
    """Composer steps that refuse anchors and aliases, at the position where they stand."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if getattr(event, "anchor", None) and not self.check_event(AliasEvent):
            mark = event.start_mark
            raise YamlProblem(
                "feature",
                f"ankers (&{event.anchor}) zijn niet toegestaan — schrijf elke waarde voluit",
                mark.line + 1,
                mark.column + 1,
            )
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlProblem(
                "feature",
                "aliassen (*naam) zijn niet toegestaan — schrijf de waarde voluit",
                mark.line + 1,
                mark.column + 1,
            )
        return Composer.compose_node(self, parent, index)


class _StrictLoader(_StrictCompose, yaml.SafeLoader):
    """Pure Python: slow, but its error messages and positions are the ones we translate."""


class _FastLoader(yaml.CSafeLoader if FAST else yaml.SafeLoader):
    """libyaml scans, parses and composes: about ten times faster than the pure Python loader."""

    _resolved: dict = {}

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        # libyaml asks Python for the tag of every value; field names and vocabulary keys repeat.
        key = (kind, value, implicit)
        try:
            return self._resolved[key]
        except (KeyError, TypeError):
            tag = super().resolve(kind, value, implicit)
            if isinstance(value, str) and len(value) < 64 and len(self._resolved) < 100_000:
                self._resolved[key] = tag
            return tag


# Anchors (&a) and aliases (*a) are refused with their exact position by the strict loader;
# libyaml would resolve them silently, so text that may hold one takes the strict path.
_MAY_HOLD_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]")


# Dates stay text so that the content model parses them and reports impossible ones clearly.
_StrictLoader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Positions:
    """Positions looked up in the node tree when a finding needs one, instead of for every value."""

    def __init__(self, parsed: Parsed, kind: str):
        self.parsed, self.kind = parsed, kind

    def get(self, path: Path, default: Position | None = None) -> Position | None:
        found = self.parsed.locate(tuple(path), self.kind)
        return default if found is None else found

    def __contains__(self, path: Path) -> bool:
        return self.get(path) is not None

    def __getitem__(self, path: Path) -> Position:
        found = self.get(path)
        if found is None:
            raise KeyError(path)
        return found


@dataclass
class Parsed:
    """The data of a YAML document, and where each value, key and block of text stands."""

    data: object
    root: Node | None = None
    text: str = ""
    offset: int = 0

    @property
    def value_pos(self) -> _Positions:
        return _Positions(self, "value")

    @property
    def key_pos(self) -> _Positions:
        return _Positions(self, "key")

    @property
    def block_pos(self) -> _Positions:
        """For block scalars ('|' or '>'): where their text starts, so findings inside can point at a line."""
        return _Positions(self, "block")

    def locate(self, path: Path, kind: str) -> Position | None:
        node, key = self.root, None
        for part in path:
            if isinstance(node, MappingNode) and isinstance(part, str):
                pair = self._pairs(node).get(part)
                if pair is None:
                    return None
                key, node = pair
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                key, node = None, node.value[part]
            else:
                return None
        if node is None:
            return None
        if kind == "key":
            return _pos(key, self.offset) if key is not None else None
        if kind == "block":
            return self._block_start(node)
        return _pos(node, self.offset)

    def _pairs(self, node: MappingNode) -> dict:
        """Key -> (key node, value node), the first of each key; built once per mapping, so that
        locating one finding per field stays linear in the number of fields."""
        cache = self.__dict__.setdefault("_pair_cache", {})
        pairs = cache.get(id(node))
        if pairs is None:
            pairs = {}
            for key, value in node.value:
                pairs.setdefault(getattr(key, "value", None), (key, value))
            cache[id(node)] = pairs
        return pairs

    def _block_start(self, node: Node) -> Position | None:
        if not isinstance(node, ScalarNode) or node.style not in ("|", ">"):
            return None
        first = node.start_mark.line + 1  # 0-based index of the line after the indicator
        lines = self.text.split("\n")
        while first < len(lines) and not lines[first].strip():
            first += 1
        if first >= len(lines):
            return None
        indent = len(lines[first]) - len(lines[first].lstrip(" "))
        return first + 1 + self.offset, indent + 1


def parse(text: str, *, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; positions are shifted by line_offset lines.

    libyaml parses first; only when it finds a syntax error does the pure Python parser run
    again, so that every syntax error gets the same clear message and position.
    """
    if FAST and not (("&" in text or "*" in text) and _MAY_HOLD_ANCHOR.search(text)):
        try:
            return _parse_with(_FastLoader, text, line_offset)
        except YamlProblem as problem:
            if problem.kind != "syntax":  # found while converting nodes: the same either way
                raise
    return _parse_with(_StrictLoader, text, line_offset)


def _parse_with(loader_class: type, text: str, line_offset: int) -> Parsed:
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as err:  # a control character the YAML reader refuses
        line = text.count("\n", 0, err.position) + 1
        col = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        raise YamlProblem("syntax", f"onzichtbaar stuurteken (#x{err.character:04x}) in de tekst — haal het weg", line + line_offset,
                          col) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.reader.ReaderError as err:
            raise YamlProblem("syntax", f"onzichtbaar stuurteken (#x{err.character:04x}) in de tekst — haal het weg",
                              1 + line_offset, 1) from None
        except yaml.MarkedYAMLError as err:
            # An unclosed quote or list is found where the parser gives up; point at where it was opened.
            opened = any(kind in (err.context or "") for kind in ("quoted scalar", "flow sequence", "flow mapping"))
            opened = opened and err.context_mark
            mark = err.context_mark if opened else (err.problem_mark or err.context_mark)
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise YamlProblem("syntax", _describe_syntax_error(err), line + line_offset, col) from None
        except YamlProblem as problem:
            problem.line += line_offset
            raise
        data = _convert(node, line_offset) if node is not None else None
        return Parsed(data=data, root=node, text=text, offset=line_offset)
    finally:
        loader.dispose()


def _pos(node: Node, line_offset: int) -> Position:
    return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1


def _convert(node: Node, offset: int) -> object:
    if node.tag not in _ALLOWED_TAGS:
        line, col = _pos(node, offset)
        raise YamlProblem(
            "feature",
            f"YAML-tag '{_short_tag(node.tag)}' is niet toegestaan — haal de tag weg en schrijf gewone tekst",
            line,
            col,
        )
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [_convert(child, offset) for child in node.value]
    result: dict[str, object] = {}
    first_keys: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
            line, col = _pos(key_node, offset)
            raise YamlProblem("syntax", "een veldnaam moet gewone tekst zijn", line, col)
        key = key_node.value
        if key == "<<":
            line, col = _pos(key_node, offset)
            raise YamlProblem("feature", "samenvoegsleutels ('<<') zijn niet toegestaan — schrijf de velden voluit", line, col)
        if key in first_keys:
            line, col = _pos(key_node, offset)
            first_line, _ = _pos(first_keys[key], offset)
            raise YamlProblem(
                "duplicate",
                f"veld '{key}' staat er twee keer (eerder op regel {first_line}) — voeg de twee samen tot één veld",
                line,
                col,
            )
        first_keys[key] = key_node
        result[key] = _convert(value_node, offset)
    return result


def _short_tag(tag: str) -> str:
    """The tag as the editor typed it: tag:yaml.org,2002:python/object -> !!python/object."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


_CONSTRUCTOR = yaml.SafeLoader.__new__(yaml.SafeLoader)  # only its pure scalar methods are used


def _scalar(node: ScalarNode) -> object:
    constructor = _CONSTRUCTOR
    tag = node.tag
    if tag == "tag:yaml.org,2002:str":
        return node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return yaml.SafeLoader.construct_yaml_bool(constructor, node)
    if tag == "tag:yaml.org,2002:int":
        return yaml.SafeLoader.construct_yaml_int(constructor, node)
    return yaml.SafeLoader.construct_yaml_float(constructor, node)


_SYNTAX_HINTS = (
    ("found character '\\t'", "er staat een tab — gebruik spaties om in te springen"),
    ("expected ',' or ']'", "een lijst die met [ begint wordt niet gesloten met ] — sluit de lijst af"),
    ("expected ',' or '}'", "een groep die met { begint wordt niet gesloten met } — sluit hem af"),
    ("found unexpected end of stream", "een aanhalingsteken of haakje wordt niet gesloten — sluit het af"),
    ("found unexpected end", "een aanhalingsteken of haakje wordt niet gesloten — sluit het af"),
    ("mapping values are not allowed", "onverwachte dubbele punt — zet tekst met een dubbele punt tussen aanhalingstekens"),
    ("did not find expected key", "inspringing klopt niet — zet velden op hetzelfde niveau precies onder elkaar"),
    ("did not find expected '-'", "inspringing van de lijst klopt niet — zet elk lijstitem ('- ') precies onder elkaar"),
    ("expected <block end>", "inspringing klopt niet — zet velden op hetzelfde niveau precies onder elkaar"),
    ("found undefined alias", "aliassen (*naam) zijn niet toegestaan — schrijf de waarde voluit"),
    ("found unknown escape character", "onbekende escape met '\\' — gebruik enkele aanhalingstekens of laat de '\\' weg"),
    ("could not find expected ':'", "een veld mist de dubbele punt na de naam, of een tekst loopt over meerdere regels zonder aanhalingstekens"),
    ("found character that cannot start any token", "deze tekst kan zo niet beginnen — zet de waarde tussen aanhalingstekens"),
    ("expected a single document", "er staat meer dan één YAML-document — haal de extra '---' weg"),
)


def _describe_syntax_error(err: yaml.MarkedYAMLError) -> str:
    problem = f"{err.context or ''} {err.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return f"ongeldige YAML: {hint}"
    return f"ongeldige YAML ({(err.problem or 'onbekende fout').strip()}) — controleer inspringing en aanhalingstekens"

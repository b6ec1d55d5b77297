"""A strict YAML reader that remembers where every value stands.

PyYAML silently keeps the last of two duplicate keys, expands aliases and turns dates into
objects before we can judge them. This reader composes the node tree itself, converts only
plain JSON-like scalars, and reports every other construct as an error with its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
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


# Content needs three levels (meer_lezen -> item -> url); the vocabularies four. Anything much deeper
# is a mistake or an attack: PyYAML's composers recurse once per level, libyaml's in C without a
# guard, so a few thousand '[' crash the process before any message can be printed.
MAX_DEPTH = 20
# Front matter up to this size gets the pure Python parser's exact messages after a syntax error;
# real front matter is a few kB.
STRICT_MAX_CHARS = 32_000


def _refusal(event) -> YamlProblem | None:  # noqa: ANN001 - any PyYAML event
    """The problem with this event, if it is an alias or carries an anchor."""
    mark = event.start_mark
    if isinstance(event, AliasEvent):
        return YamlProblem("feature", "aliassen (*naam) zijn niet toegestaan — schrijf de waarde voluit",
                           mark.line + 1, mark.column + 1)
    if getattr(event, "anchor", None):
        return YamlProblem("feature", f"ankers (&{_visible(event.anchor)}) zijn niet toegestaan — schrijf elke waarde voluit",
                           mark.line + 1, mark.column + 1)
    return None


def _too_deep(mark) -> YamlProblem:  # noqa: ANN001 - a PyYAML mark
    return YamlProblem("syntax", f"de front matter is te diep genest (meer dan {MAX_DEPTH} niveaus lijsten of groepen in "
                       "elkaar) — schrijf platte velden en eenvoudige lijsten", mark.line + 1, mark.column + 1)


def _visible(name: str) -> str:
    return name if len(name) <= 40 else name[:40] + "…"


class _StrictCompose:
    """Composer steps that refuse anchors, aliases and deep nesting, at the position where they stand."""

    _depth = 0
    quote: ScalarEvent | None = None  # the first quoted value that swallowed a field, for error messages

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        problem = _refusal(event)
        if problem is not None:
            raise problem
        if self.quote is None and _swallows_field(event, self.buffer):
            self.quote = event
        depth = self._depth
        if isinstance(event, CollectionStartEvent) and depth >= MAX_DEPTH:
            raise _too_deep(event.start_mark)
        self._depth = depth + 1
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth = depth


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


def depth_bound(text: str) -> int:
    """An upper bound on how deeply the YAML in text can nest, in one linear pass.

    Flow collections cannot nest deeper than the number of '[' and '{' in the text. A nested
    block collection starts further right than its parent at least every second level, and it
    starts in a line's leading run of spaces and indicators ('- ', '? ', ': '). Ordinary front
    matter stays far below MAX_DEPTH; text above it is screened exactly, event by event.
    """
    prefix = 0
    for line in text.split("\n"):
        prefix = max(prefix, len(line) - len(line.lstrip(" \t-?:")))
    return text.count("[") + text.count("{") + 2 * prefix + 2


def _screen(text: str, loader_class: type) -> None:
    """Walk the parser's events (no composing, no recursion): refuse anchors, aliases, deep nesting.

    The events are the very ones libyaml's composer would build nodes from, so whatever the
    style (block, flow, '"a":&x'), nothing is expanded or nested that was not seen here first.
    A syntax error stops the walk quietly: the strict parse that follows reports it.
    """
    loader = loader_class(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            problem = _refusal(event)
            if problem is not None:
                raise problem
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


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
    # Per mapping node its pairs by key, and the lines of text: built on first use, so that a file with thousands of
    # findings (one per unknown field) is located in linear, not quadratic, time.
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

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
                pair = self._pairs_of(node).get(part)
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

    def _pairs_of(self, node: MappingNode) -> dict:
        pairs = self._cache.get(id(node))
        if pairs is None:
            pairs = {}
            for key, value in node.value:
                pairs.setdefault(getattr(key, "value", None), (key, value))
            self._cache[id(node)] = pairs
        return pairs

    def _block_start(self, node: Node) -> Position | None:
        if not isinstance(node, ScalarNode) or node.style not in ("|", ">"):
            return None
        first = node.start_mark.line + 1  # 0-based index of the line after the indicator
        lines = self._cache.get("lines")
        if lines is None:  # split once: a rule may ask for many blocks of one file
            lines = self._cache["lines"] = self.text.split("\n")
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
    if "&" in text or "*" in text or depth_bound(text) > MAX_DEPTH:
        try:
            _screen(text, _FastLoader)
        except YamlProblem as problem:
            problem.line += line_offset
            raise
    if FAST:
        try:
            return _parse_with(_FastLoader, text, line_offset)
        except YamlProblem as problem:
            # Found while converting nodes: the same either way. Very long text keeps libyaml's
            # verdict: the pure Python parser slows down more than linearly on one huge line.
            if problem.kind != "syntax" or len(text) > STRICT_MAX_CHARS:
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
            message = _describe_syntax_error(err)
            quote = None if opened else getattr(loader, "quote", None)
            if quote is not None:
                # A quote left open swallows the next lines until the next quote closes it; the
                # parser only stumbles later. The mistake is where the quote was opened.
                mark, message = quote.start_mark, _QUOTE_HINT.format(quote='"' if quote.style == '"' else "'")
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise YamlProblem("syntax", message, line + line_offset, col) from None
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


MAX_NUMBER_CHARS = 40


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
        if len(node.value) > MAX_NUMBER_CHARS:
            # Python refuses to convert numbers of more than 4300 digits, and sexagesimal numbers
            # (1:2:3…) cost quadratic time; no field needs one. As text, the model reports it.
            return node.value
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
    ("sequence entries are not allowed", "een lijstitem ('- ') kan hier niet beginnen — zet elk item op een eigen regel, ingesprongen"),
    ("block sequence entries are not allowed", "een lijstitem ('- ') kan hier niet beginnen — zet elk item op een eigen regel"),
    ("expected alphabetic or numeric character", "na '&', '*' of '!' moet een naam staan — zet de waarde tussen aanhalingstekens"),
    ("expected URI", "na '!' moet een naam staan — zet de waarde tussen aanhalingstekens"),
    ("found unknown directive", "regels die met '%' beginnen zijn niet toegestaan — zet de tekst tussen aanhalingstekens"),
    ("expected a single document", "er staat meer dan één YAML-document — haal de extra '---' weg"),
)


_QUOTE_HINT = ("ongeldige YAML: het aanhalingsteken ({quote}) aan het begin van deze waarde wordt niet op dezelfde "
               "regel gesloten, waardoor de volgende regels in de tekst terechtkomen — sluit de waarde af met {quote}")


def _swallows_field(event, text: str) -> bool:  # noqa: ANN001 - any PyYAML event
    """Whether event is a quoted value that runs over a line holding a field ('naam: …')."""
    return (isinstance(event, ScalarEvent) and event.style in ('"', "'")
            and event.end_mark.line > event.start_mark.line
            and _holds_field(text[event.start_mark.index : event.end_mark.index]))


def _holds_field(quoted: str) -> bool:
    for line in quoted.split("\n")[1:]:
        name, colon, rest = line.strip().partition(":")
        if colon and name and name.replace("_", "").isalnum() and name.isascii() and rest[:1] in ("", " "):
            return True
    return False


def _describe_syntax_error(err: yaml.MarkedYAMLError) -> str:
    problem = f"{err.context or ''} {err.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return f"ongeldige YAML: {hint}"
    # The parser's own words are English; an editor gets the Dutch general advice instead.
    return "ongeldige YAML op deze plek — controleer de inspringing, de dubbele punten en de aanhalingstekens"

"""Safe YAML loading that keeps where every value was written.

PyYAML's constructors throw positions away, keep the last of two duplicate keys without a word and
expand aliases freely. Here the document is only *composed* (libyaml's C parser where available)
and the node tree is turned into `YNode` values that keep their line and column. Duplicate keys,
unknown tags and alias bombs become `YamlError`s instead of silent surprises.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .model import Pos

# Compose only, with no implicit resolvers: every untagged scalar arrives as text and this module
# decides what it is. That keeps `claimant: No` from becoming False and is much faster than
# PyYAML's regular-expression resolvers. libyaml's C parser where available.
try:
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

#: A document may expand to at most this many values (aliases count each time they are used).
MAX_VALUES = 50_000
MAX_DEPTH = 64
#: Integers longer than this are not read as numbers (Python refuses over 4,300 digits, and
#: converting one takes time quadratic in its length): the field that wanted one says so.
MAX_DIGITS = 18

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = f"{_TAG}str", f"{_TAG}seq", f"{_TAG}map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_INT = re.compile(r"[-+]?[0-9]+")
#: Control characters other than tab and newline: no page, feed or terminal should receive one,
#: and YAML can only hold one through an escape (`"\x07"`, `"\e"`).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


#: Characters YAML refuses anywhere in a document, even in a comment (YAML 1.1, "printable").
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def describe_character(char: str) -> str:
    """`U+009D, a C1 control character` and the like: a character named so that an editor
    can find it, also one that no editor shows."""
    code = ord(char)
    name = unicodedata.name(char, "")
    if code < 0x20 or code == 0x7F:
        kind = "a control character" + (", DELETE" if code == 0x7F else "")
    elif 0x80 <= code <= 0x9F:
        kind = "a C1 control character, often left by text pasted from a PDF or a web page"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "half of a UTF-16 surrogate pair, not a character"
    elif unicodedata.category(char) == "Cn" and (
        code & 0xFFFE == 0xFFFE or 0xFDD0 <= code <= 0xFDEF
    ):
        kind = "a noncharacter"
    else:
        kind = name or "an unassigned character"
    return f"U+{code:04X} ({kind})"


def _check_printable(text: str) -> None:
    """Refuse a character YAML cannot hold where it is, naming it: libyaml would report it at
    the start of the document, as a problem of indentation."""
    found = _UNPRINTABLE.search(text)
    if found is None:
        return
    at = found.start()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    raise YamlError(
        "yaml-syntax",
        Pos(line, column),
        f"invalid YAML: the character {describe_character(found.group())} is not allowed "
        "in a YAML file",
        "delete it: most editors do not show it, so retype the text around this column",
    )


def _check_controls(raw: str, pos: Pos) -> None:
    found = _CONTROL.search(raw)
    if found:
        raise YamlError(
            "bad-value",
            pos,
            f"this value holds the control character {describe_character(found.group())}, "
            "which no page, feed or terminal should receive",
            "remove it: in double-quoted text the escapes \\x.., \\u.... and \\e write "
            "control characters",
        )


class YamlError(Exception):
    """A document that cannot be read: `code` is a SPEC problem code."""

    def __init__(self, code: str, pos: Pos, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.pos = pos
        self.message = message
        self.hint = hint


@dataclass(slots=True)
class YNode:
    """A YAML value and where it starts.

    `kind` is `map`, `seq`, `str`, `int` or `null`; `raw` is a scalar's text as written. Plain
    words like `yes`, `1.5` or `2023-01-30` stay text: the field that reads them decides.
    """

    kind: str
    value: Any
    pos: Pos
    raw: str = ""
    plain: bool = False  # a plain (unquoted) scalar
    keys: dict[str, Pos] = field(default_factory=dict)  # for maps: where each key is written

    def text(self) -> str | None:
        """The scalar as text, whatever YAML would have typed it as; None for null, maps, lists."""
        if self.kind in ("map", "seq", "null"):
            return None
        return self.raw


@functools.lru_cache(maxsize=1 << 16)
def _at(line: int, column: int) -> Pos:
    return Pos(line, column)


def _pos(mark: Any) -> Pos:
    # One object a place: claim files repeat the same few thousand places, and a site's
    # loaded claims are kept (cache.py), so sharing them spares memory and pickling.
    return _at(mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, controls_possible: bool = True) -> None:
        self.count = 0
        #: Whether a value can hold a control character at all: only through an escape (a
        #: backslash in the text) or a raw one. Most documents have neither, and skip the test.
        self.controls_possible = controls_possible

    def build(self, node: yaml.Node, depth: int = 0) -> YNode:
        self.count += 1
        pos = _pos(node.start_mark)
        if self.count > MAX_VALUES:
            raise YamlError(
                "yaml-syntax",
                pos,
                f"the document expands to over {MAX_VALUES} values",
                "each alias (*name) repeats its values: write them out, or split the file",
            )
        if depth > MAX_DEPTH:
            raise YamlError("yaml-syntax", pos, f"values nested more than {MAX_DEPTH} deep")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, pos, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _bad_tag(node, pos)
            return YNode("seq", [self.build(item, depth + 1) for item in node.value], pos)
        return _scalar(node, pos, self.controls_possible)

    def _mapping(self, node: yaml.MappingNode, pos: Pos, depth: int) -> YNode:
        if node.tag != _MAP:
            raise _bad_tag(node, pos)
        values: dict[str, YNode] = {}
        keys: dict[str, Pos] = {}
        for key_node, value_node in node.value:
            key_pos = _pos(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                raise YamlError(
                    "yaml-syntax",
                    key_pos,
                    "keys must be plain words; merge keys (<<) and complex keys are not supported",
                )
            key = str(key_node.value)
            if self.controls_possible:
                _check_controls(key, key_pos)
            if key in keys:
                first = keys[key]
                raise YamlError(
                    "duplicate-key",
                    key_pos,
                    f"'{key}' is already set on line {first.line}; YAML would silently keep only "
                    "this second value",
                    f"keep one '{key}:' and delete or rename the other",
                )
            keys[key] = key_pos
            values[key] = self.build(value_node, depth + 1)
        return YNode("map", values, pos, keys=keys)


class _ConfigBuilder(_Builder):
    """Builds the located values of a configuration file's node, whose tags (`!ENV`,
    `!!python/name:…`) are the engine's: each tagged node is read by `foreign`."""

    def __init__(self, foreign: Callable[[yaml.Node, Pos], YNode]) -> None:
        super().__init__()
        self.foreign = foreign

    def build(self, node: yaml.Node, depth: int = 0) -> YNode:
        if node.tag not in (_STR, _SEQ, _MAP):
            return self.foreign(node, _pos(node.start_mark))
        return super().build(node, depth)


def compose_config(text: str) -> yaml.Node | None:
    """A configuration file (mkdocs.yml) composed as claims are, every untagged scalar as text,
    its tags kept for `build_config`; raises `YamlError` as `parse_yaml` does."""
    _check_printable(text)
    _check_nesting(text)
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        pos = _pos(mark) if mark is not None else Pos(1, 1)
        _raise_syntax(pos, " ".join(p for p in (error.context, error.problem) if p) or "?")
    except (yaml.YAMLError, RecursionError) as error:
        _raise_syntax(Pos(1, 1), str(error).splitlines()[0] if str(error) else "invalid YAML")
    return node


def build_config(node: yaml.Node, foreign: Callable[[yaml.Node, Pos], YNode]) -> YNode:
    """The located values of `node`, part of a composed configuration file: validated as a
    claim's are (`fields.Fields`), each tagged node read by `foreign`."""
    return _ConfigBuilder(foreign).build(node)


def _bad_tag(node: yaml.Node, pos: Pos) -> YamlError:
    return YamlError(
        "yaml-syntax",
        pos,
        f"the tag {str(node.tag).replace(_TAG, '!!')} is not supported",
        "remove the !tag; claims and sources use plain YAML values only",
    )


def _scalar(node: yaml.Node, pos: Pos, controls_possible: bool = True) -> YNode:
    if node.tag != _STR:
        raise _bad_tag(node, pos)
    raw = str(node.value)
    if controls_possible:
        _check_controls(raw, pos)
    plain = not getattr(node, "style", None)
    if plain:
        if raw in _NULLS:
            return YNode("null", None, pos, raw, plain)
        if _INT.fullmatch(raw) and len(raw.lstrip("+-")) <= MAX_DIGITS:
            return YNode("int", int(raw), pos, raw, plain)
    return YNode("str", raw, pos, raw, plain)


def _nesting_bound(text: str) -> int:
    """An upper bound of how deep `text` can nest, counted cheaply: a block collection nests
    only by indenting further or by an indicator (`- `, `? `) before it on its line, and a flow
    collection by an opening bracket."""
    widest = max((len(line) - len(line.lstrip(" -?\t")) for line in text.split("\n")), default=0)
    return widest + text.count("[") + text.count("{") + 1


def _check_nesting(text: str) -> None:
    """Refuse a document nested deeper than `MAX_DEPTH` before libyaml composes it: its C
    composer recurses once per level and crashes the process on very deep flow collections.
    Most documents are told safe by `_nesting_bound` alone; the others are measured with
    PyYAML's pure-Python scanner, which does not recurse."""
    if _nesting_bound(text) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(
                        "yaml-syntax",
                        _pos(token.start_mark),
                        f"values nested more than {MAX_DEPTH} deep",
                        "claims and sources need a few levels at most: check the brackets",
                    )
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports the syntax error itself, with its position


_OPENING = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def parse_yaml(text: str) -> YNode:
    """Parse one YAML document into located values; raises `YamlError` with a SPEC code."""
    _check_printable(text)
    _check_nesting(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        pos = _pos(mark) if mark is not None else Pos(1, 1)
        problem = " ".join(part for part in (error.context, error.problem) if part)
        opened = error.context_mark
        if opened is not None and mark is not None and opened.line != mark.line:
            problem += f" (it began at line {opened.line + 1}, column {opened.column + 1})"
        return _raise_syntax(pos, problem or "invalid YAML")
    except yaml.YAMLError as error:
        return _raise_syntax(Pos(1, 1), str(error).splitlines()[0])
    except RecursionError:
        return _raise_syntax(Pos(1, 1), f"values nested more than {MAX_DEPTH} deep")
    if node is None:
        return YNode("null", None, Pos(1, 1))
    return _Builder("\\" in text or _CONTROL.search(text) is not None).build(node)


def _raise_syntax(pos: Pos, problem: str) -> YNode:
    raise YamlError(
        "yaml-syntax",
        pos,
        f"invalid YAML: {problem}",
        "check the indentation and quoting here; text with ': ' or ' #' in it needs quotes",
    )

"""Reading typed fields out of a located YAML mapping, reporting every problem with its position.

`Fields` wraps one mapping: each accessor returns the value (or None) and records a `Problem` at
the exact line and column when the value is missing, of the wrong type or malformed. Unknown
fields are reported as soon as the mapping is wrapped, with the nearest known name as a hint.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Collection, Mapping

from .model import Located, Pos, Problem
from .weburls import url_problem
from .yamlnodes import YNode

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ]\d{1,2}:\d{2}.*")
_KIND_NAMES = {"map": "a mapping", "seq": "a list", "null": "empty"}


def did_you_mean(word: str, choices: Collection[str]) -> str | None:
    """The closest of `choices` to a misspelt `word`, if one is close enough to suggest."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


#: What `new` writes where an editor must fill in a value: never published (code placeholder).
PLACEHOLDER = "TODO"


class Fields:
    """The fields of one YAML mapping (a claim, a quote, a span, a source…)."""

    def __init__(
        self,
        node: YNode,
        path: str,
        problems: list[Problem],
        allowed: Mapping[str, str],
        what: str,
    ) -> None:
        """`allowed` maps each field name to an example line shown in hints."""
        self.node = node
        self.path = path
        self.problems = problems
        self.allowed = allowed
        self.what = what
        self.values: dict[str, YNode] = node.value if node.kind == "map" else {}
        for name, pos in node.keys.items():
            if name not in allowed:
                guess = did_you_mean(name, allowed)
                self.report(
                    "unknown-field",
                    pos,
                    f"{what} has no field '{name}'",
                    f"did you mean '{guess}'?"
                    if guess
                    else "the fields are: " + ", ".join(allowed),
                )

    # -- reporting ---------------------------------------------------------------------------

    def report(self, code: str, pos: Pos, message: str, hint: str | None = None) -> None:
        """Record a problem of this file at `pos`."""
        self.problems.append(Problem(self.path, pos.line, pos.column, "error", code, message, hint))

    def pos(self, name: str = "") -> Pos:
        """Where the field `name` (or, with no name, the mapping itself) is written."""
        value = self.values.get(name)
        return value.pos if value is not None else self.node.pos

    def located(self) -> Located:
        """Where each field of this mapping was written, for later problems."""
        positions = {name: value.pos for name, value in self.values.items()}
        positions[""] = self.node.pos
        return Located(self.path, positions)

    def _missing(self, name: str) -> None:
        self.report(
            "missing-field",
            self.node.pos,
            f"{self.what} needs '{name}'",
            f"add a line like: {self.allowed[name]}",
        )

    def _wrong_kind(self, name: str, value: YNode, wanted: str) -> None:
        raw = value.raw if len(value.raw) <= 60 else value.raw[:59] + "…"
        got = _KIND_NAMES.get(value.kind, f"'{raw}'")
        self.report(
            "bad-value",
            value.pos,
            f"'{name}' must be {wanted}, not {got}",
            f"for example: {self.allowed[name]}",
        )

    # -- accessors ---------------------------------------------------------------------------

    def _get(self, name: str, required: bool) -> YNode | None:
        value = self.values.get(name)
        if value is None or (value.kind == "null"):
            if required:
                if value is None:
                    self._missing(name)
                else:
                    self.report(
                        "missing-field",
                        value.pos,
                        f"'{name}' is empty",
                        f"give it a value, e.g. {self.allowed[name]}",
                    )
            return None
        return value

    def text(self, name: str, required: bool = False) -> str | None:
        """A text field. Any scalar counts as its written text: `claimant: No` is "No"."""
        value = self._get(name, required)
        if value is None:
            return None
        text = value.text()
        if text is None:
            self._wrong_kind(name, value, "text")
            return None
        if required and not text.strip():
            self.report(
                "missing-field",
                value.pos,
                f"'{name}' is empty",
                f"give it a value, e.g. {self.allowed[name]}",
            )
            return None
        if text.lstrip().startswith(PLACEHOLDER):
            self.report(
                "placeholder",
                value.pos,
                f"'{name}' still holds the template's placeholder: {text.strip()[:60]!r}",
                f"replace it with the real value, e.g. {self.allowed[name]}",
            )
            return None
        return text

    def choice(
        self, name: str, choices: Collection[str], default: str | None, required: bool = False
    ) -> str | None:
        """A text field that must be one of `choices`; `default` when absent."""
        text = self.text(name, required)
        if text is None:
            return default
        if text not in choices:
            guess = did_you_mean(text, choices)
            self.report(
                "bad-value",
                self.pos(name),
                f"'{name}' must be one of {', '.join(choices)}, not '{text}'",
                f"did you mean '{guess}'?" if guess else None,
            )
            return default
        return text

    def date(self, name: str, required: bool = False) -> dt.date | None:
        """A date field (YYYY-MM-DD) that must be a real date, without a time."""
        value = self._get(name, required)
        if value is None:
            return None
        text = (value.text() or "").strip()
        match = _DATE.fullmatch(text)
        if match is None:
            timed = _DATE_TIME.fullmatch(text)
            if timed is not None:
                self.report(
                    "bad-value",
                    value.pos,
                    f"'{name}' must be a date without a time, not '{text}'",
                    f"write the date alone: {name}: {timed.group(1)}",
                )
            else:
                self._wrong_kind(name, value, "a date written YYYY-MM-DD")
            return None
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            hint = "check the month and day"
            if 1 <= month <= 12:
                days = calendar.monthrange(year, month)[1]
                hint = f"{calendar.month_name[month]} {year} has {days} days"
            self.report("bad-value", value.pos, f"'{name}': {text} is not a real date", hint)
            return None

    def url(self, name: str) -> str | None:
        """An http(s) address field, checked by `urls.url_problem`."""
        text = self.text(name)
        if text is None:
            return None
        problem = url_problem(text.strip())
        if problem is not None:
            shown = text if len(text) <= 80 else text[:79] + "…"
            self.report(
                "bad-value",
                self.pos(name),
                f"'{name}' must be an http or https address, but '{shown}' {problem}",
                f"for example: {self.allowed[name]}",
            )
            return None
        return text.strip()

    def integer(self, name: str, minimum: int = 0) -> int | None:
        """A whole-number field of at least `minimum` (and of at most 18 digits)."""
        value = self._get(name, False)
        if value is None:
            return None
        if value.kind == "str" and value.raw.lstrip("+-").isdigit():  # too long to be read
            self.report(
                "bad-value",
                value.pos,
                f"'{name}' is a number of {len(value.raw.lstrip('+-')):,} digits: no text is "
                "that long",
                f"for example: {self.allowed[name]}",
            )
            return None
        if value.kind != "int" or value.value < minimum:
            self._wrong_kind(name, value, f"a whole number of at least {minimum}")
            return None
        return int(value.value)

    def pattern(self, name: str, regex: re.Pattern[str], wanted: str) -> str | None:
        """A text field that must match `regex` in full; `wanted` says what that means."""
        text = self.text(name)
        if text is None:
            return None
        if not regex.fullmatch(text.strip()):
            self._wrong_kind(name, self.values[name], wanted)
            return None
        return text.strip()

    def items(self, name: str, required: bool = False) -> list[YNode]:
        """A list field's items; a missing, empty or non-list value is reported."""
        value = self._get(name, required)
        if value is None:
            return []
        if value.kind != "seq":
            self._wrong_kind(name, value, "a list")
            return []
        if required and not value.value:
            self.report(
                "missing-field",
                value.pos,
                f"'{name}' needs at least one item",
                f"for example: {self.allowed[name]}",
            )
        return list(value.value)

    def text_items(self, name: str, *, single_ok: bool = False) -> tuple[str, ...]:
        """A list of text; with `single_ok`, one text alone also counts as a list of one."""
        value = self._get(name, False)
        if value is None:
            return ()
        if single_ok and value.text() is not None:
            return (value.text() or "",)
        out: list[str] = []
        for item in self.items(name):
            text = item.text()
            if text is None or not text.strip():
                self._wrong_kind(name, item, "a list of text")
                continue
            out.append(text)
        return tuple(out)

    def sub(self, item: YNode, allowed: Mapping[str, str], what: str) -> Fields | None:
        """The fields of a mapping inside a list, or None (reported) if the item is no mapping."""
        if item.kind != "map":
            got = _KIND_NAMES.get(item.kind, repr(item.raw))
            self.report(
                "bad-value",
                item.pos,
                f"each item here must be {what} written as fields, not {got}",
                "for example: " + next(iter(allowed.values())),
            )
            return None
        return Fields(item, self.path, self.problems, allowed, what)

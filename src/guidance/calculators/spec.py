"""What a calculator is, for any front end: its inputs, the function it calls, what it shows.

A :class:`Definition` knows no front end. The book, the widget renderer, the trainer app,
scenario files, exports and the command line all work from the same definition:

* :class:`Input` - one input: label, kind, unit, default, allowed range, help text and
  the definition version it was added in (so older scenario files still load);
* :class:`Default` - where a default comes from: an evidence-register key, a value marked
  illustrative, a value calculated from the register, or one that follows another input
  (for example the unit cost follows the fidelity model);
* :class:`Output` - what the calculator shows: a summary, tables whose cells stay numbers
  with units (:class:`Q`), KPI checks, notes and figures (:class:`Figure`, drawn by the
  presentation layer from its ``kind`` and ``data``, with alt text).

Values are always in package units: a percent input holds a share between 0 and 1.

Example
-------
>>> d = Definition(
...     name="doubler", chapter=0, title="Doubler",
...     inputs=(Input("x", "Hours", "number", Default.illustrative(2.0, "an example"),
...                   minimum=0, maximum=100),),
...     compute=lambda x: Output(summary=Text("Twice x is ", Q(2 * x, "number"), ".")),
... )
>>> d.run().summary.plain()
'Twice x is 4.0.'
>>> d.run({"x": -1}).summary.plain()
Traceback (most recent call last):
...
guidance.calculators.spec.InputError: Hours must be a number between 0 and 100; got -1.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from ..core.evidence import load_register

__all__ = [
    "KINDS",
    "COUNT_NOISE",
    "MAX_TEXT",
    "UNITS",
    "text_problem",
    "check_fields",
    "InputError",
    "Default",
    "Input",
    "Upload",
    "Q",
    "Text",
    "Column",
    "Table",
    "Check",
    "Note",
    "Figure",
    "Output",
    "Definition",
]

KINDS = ("number", "integer", "percent", "choice", "text")
"""Input kinds. A ``percent`` input is shown as 0-100 and holds a share between 0 and 1."""

UNITS = ("GBP", "share", "count", "FTE", "number", "text")
"""Units of a :class:`Q`: money in pounds, a share (shown as a percentage), a count of
people or things (whole), full-time equivalent posts, a plain number, or text."""


COUNT_NOISE = 1e-9
"""A count nearer zero than this (a rounding error of a subtraction, far below one person)
is zero."""

MAX_TEXT = 500
"""The most characters a text input holds (a link carries every one of them)."""


def text_problem(text: str) -> str:
    """Why ``text`` cannot be kept ("" if it can): a lone surrogate, which no file can hold.

    Every text a person gives (an input, a scenario's title, a file's name) is checked with
    it, so no export or saved file fails later on a character it cannot write.

    Examples
    --------
    >>> text_problem("Glasgow 2026"), text_problem("bid " + chr(0xD800))
    ('', 'a character that cannot be saved (often a broken emoji from a paste)')
    """
    if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        return "a character that cannot be saved (often a broken emoji from a paste)"
    return ""


def check_fields(kind: type, values: Mapping[str, Any], what: str) -> None:
    """Refuse ``values`` naming anything that is not a field of the dataclass ``kind``
    (for the functions that build a core object from a definition's defaults).

    Raises
    ------
    TypeError
        Naming the unknown names, as "unknown sizing input(s): reach" for what "sizing
        input".

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Pair:
    ...     a: int
    ...     b: int
    >>> check_fields(Pair, {"a": 1}, "pair input")
    >>> check_fields(Pair, {"c": 1}, "pair input")
    Traceback (most recent call last):
    ...
    TypeError: unknown pair input(s): c
    """
    unknown = set(values) - {f.name for f in fields(kind)}
    if unknown:
        raise TypeError(f"unknown {what}(s): {', '.join(sorted(unknown))}")


class InputError(ValueError):
    """A value a person gave does not fit an input; ``input`` names it (or is empty).

    The message is plain English and names what is allowed.
    """

    def __init__(self, message: str, input: str = ""):
        super().__init__(message)
        self.input = input


def _plain(value: float) -> str:
    """A number as a person would type it: ``12,000``, ``0.25``, ``1e+300``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return repr(value)
    if not math.isfinite(value):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


# -- defaults ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Default:
    """Where an input's default comes from. Build one with the class methods.

    Examples
    --------
    >>> Default.evidence("fss.share_in_work").resolve({})
    (0.1, 'socialfinance2020, footnote 2 to the NHS Scotland region table')
    >>> Default.evidence("whitworth.contract_years.min", scale=12).resolve({})[0]
    36.0
    >>> d = Default.following("model", {"IPS": Default.illustrative(1, "a"),
    ...                                 "SEQF": Default.illustrative(2, "b")})
    >>> d.resolve({"model": "SEQF"})
    (2, 'illustrative: b')
    """

    key: str = ""
    value: Any = None
    note: str = ""
    scale: float = 1.0
    follows: str = ""
    cases: tuple[tuple[Any, Default], ...] = ()
    calculate: Callable[[Mapping[str, Any]], Any] | None = None

    @classmethod
    def evidence(cls, key: str, scale: float = 1.0) -> Default:
        """The value of an evidence-register entry (times ``scale``, e.g. 12 for years to
        months); its citation is the source shown."""
        load_register()[key]  # fail early on a key the register does not have
        return cls(key=key, scale=scale)

    @classmethod
    def illustrative(cls, value: Any, note: str) -> Default:
        """A value chosen to illustrate, not taken from a source; ``note`` says why."""
        if not note.strip():
            raise ValueError("an illustrative default needs a note saying why it was chosen")
        return cls(value=value, note=note)

    @classmethod
    def calculated(cls, calculate: Callable[[Mapping[str, Any]], Any], note: str) -> Default:
        """A value calculated from the register (and the other inputs' values so far);
        ``note`` names the calculation and its sources."""
        return cls(calculate=calculate, note=note)

    @classmethod
    def following(cls, name: str, cases: Mapping[Any, Default]) -> Default:
        """A default that depends on the value of input ``name`` (defined before it)."""
        return cls(follows=name, cases=tuple(cases.items()))

    def resolve(self, values: Mapping[str, Any]) -> tuple[Any, str]:
        """The default value and the source to show, given the earlier inputs' values."""
        if self.follows:
            chosen = values[self.follows]
            for case, default in self.cases:
                if case == chosen:
                    return default.resolve(values)
            raise ValueError(f"no default for {self.follows} = {chosen!r}")
        if self.key:
            entry = load_register()[self.key]
            value = entry.value * self.scale if self.scale != 1 else entry.value
            return value, entry.citation()
        if self.calculate is not None:
            return self.calculate(values), f"calculated: {self.note}"
        return self.value, f"illustrative: {self.note}"

    def key_for(self, values: Mapping[str, Any]) -> str:
        """The evidence-register key the default comes from for these values ("" if none)."""
        if self.follows:
            chosen = values[self.follows]
            return next((d.key_for(values) for case, d in self.cases if case == chosen), "")
        return self.key

    def evidence_keys(self) -> tuple[str, ...]:
        """Every evidence-register key this default can come from."""
        if self.follows:
            return tuple(k for _, d in self.cases for k in d.evidence_keys())
        return (self.key,) if self.key else ()


# -- inputs --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Input:
    """One input of a calculator.

    Parameters
    ----------
    name : str
        Keyword passed to the definition's ``compute`` (and the scenario file's key).
    label : str
        What a person reads, in words a commissioner uses, without the unit.
    kind : {"number", "integer", "percent", "choice", "text"}
    default : Default
    unit : str
        The unit in words ("people", "£ a year", "months"); ``%`` for percent inputs.
    minimum, maximum : float, optional
        The allowed range in package units (a percent's default is 0 to 1). Every number
        needs both, so no result can print an absurd figure.
    options : sequence of (label, value)
        For ``choice`` inputs.
    help : str
        A line shown under the control.
    added_in : int
        The definition version that added this input (1 for the first inputs). A scenario
        saved before it loads with this input at its default, and says so.
    """

    name: str
    label: str
    kind: str
    default: Default
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    options: Sequence[tuple[str, Any]] = ()
    help: str = ""
    added_in: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if not isinstance(self.default, Default):
            raise TypeError(f"input {self.name!r}: default must be a Default")
        if self.kind == "choice" and not self.options:
            raise ValueError(f"choice input {self.name!r} needs options")
        if self.kind == "percent":
            object.__setattr__(self, "unit", "%")
            if self.minimum is None:
                object.__setattr__(self, "minimum", 0.0)
            if self.maximum is None:
                object.__setattr__(self, "maximum", 1.0)
        if self.kind in ("number", "integer", "percent") and (
            self.minimum is None or self.maximum is None or self.minimum > self.maximum
        ):
            raise ValueError(f"number input {self.name!r} needs a minimum and a maximum")
        if isinstance(self.added_in, bool) or not isinstance(self.added_in, int):
            raise TypeError(f"input {self.name!r}: added_in must be a whole number")

    @property
    def allowed(self) -> str:
        """The allowed values in words, as a person would type them."""
        if self.kind == "choice":
            return "one of " + ", ".join(label for label, _ in self.options)
        if self.kind == "text":
            return "any text"
        scale = 100 if self.kind == "percent" else 1
        low, high = _plain(self.minimum * scale), _plain(self.maximum * scale)
        kind = "a whole number" if self.kind == "integer" else "a number"
        return f"{kind} between {self.with_unit(low)} and {self.with_unit(high)}"

    def with_unit(self, number: str) -> str:
        """A number written with this input's unit: ``£2,000 a year``, ``30%``, ``5 people``."""
        if self.kind == "percent":
            return f"{number}%"
        if self.unit.startswith("£"):
            rest = self.unit[1:].strip()
            return f"£{number}" + (f" {rest}" if rest else "")
        return f"{number} {self.unit}" if self.unit else number

    def check(self, value: Any) -> Any:
        """The value in canonical form (int, float, a choice's value or text).

        Raises
        ------
        InputError
            In plain English, naming the label and what is allowed.
        """
        if self.kind == "choice":
            for _, allowed in self.options:
                if value == allowed and not isinstance(value, bool):
                    return allowed
            raise InputError(f"{self.label} must be {self.allowed}; got {value!r}.", self.name)
        if self.kind == "text":
            if not isinstance(value, str):
                raise InputError(f"{self.label} must be text.", self.name)
            if len(value) > MAX_TEXT:
                raise InputError(
                    f"{self.label} must be at most {MAX_TEXT} characters; this text has "
                    f"{len(value):,}. Shorten it (nothing was cut).",
                    self.name,
                )
            bad = text_problem(value)
            if bad:
                raise InputError(f"{self.label} holds {bad}; retype it.", self.name)
            return value
        scale = 100 if self.kind == "percent" else 1
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InputError(f"{self.label} must be {self.allowed}.", self.name)
        if not math.isfinite(value):
            raise InputError(f"{self.label} must be {self.allowed}.", self.name)
        if self.kind == "integer":
            if float(value) != math.floor(value):
                raise InputError(
                    f"{self.label} must be a whole number; got {_plain(value)}.", self.name
                )
            value = int(value)
        else:
            value = float(value) + 0.0  # -0.0 becomes 0.0: no "-0" on screen or in a file
        if not self.minimum <= value <= self.maximum:
            raise InputError(
                f"{self.label} must be {self.allowed}; "
                f"got {self.with_unit(_plain(value * scale))}.",
                self.name,
            )
        return value


@dataclass(frozen=True)
class Upload:
    """A file the calculator also reads (a provider's return, a set of scores).

    Parameters
    ----------
    loader : callable
        ``loader(source, name=...) -> data`` from the calculation layer; raises
        ``ValueError`` with a message naming the row and column to fix.
    example : callable
        ``example() -> (data, name)``: what is shown before a file is loaded (the shipped
        SYNTHETIC example).
    label : str
        What the file is, in words ("provider's monthly return (CSV)").
    downloads : sequence of (file name, callable returning the text, link label)
        Files offered beside the upload (a template, the example).
    on_load : callable, optional
        ``on_load(data) -> dict`` of input values that follow a newly loaded file.
    """

    loader: Callable[..., Any]
    example: Callable[[], tuple[Any, str]]
    label: str
    downloads: Sequence[tuple[str, Callable[[], str], str]] = ()
    on_load: Callable[[Any], dict[str, Any]] | None = None


# -- outputs -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Q:
    """A number with its unit, kept a number until the screen.

    ``decimals`` is how many decimal places to show (the unit's own default if None). A
    NaN (a figure that cannot be computed, such as a cost per job entry with no job
    entries) is kept as None, "not computed"; a negative zero as 0, and so is a count within
    :data:`COUNT_NOISE` of zero.

    Examples
    --------
    >>> Q(0.306, "share", 1).value
    0.306
    >>> Q(float("nan"), "GBP").value, Q(-0.0, "GBP").value
    (None, 0.0)
    """

    value: float | None
    unit: str
    decimals: int | None = None

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}; got {self.unit!r}")
        value = self.value
        if isinstance(value, numbers.Real) and not isinstance(value, (bool, int)):
            if math.isnan(value):  # a figure that cannot be computed is "not computed"
                object.__setattr__(self, "value", None)
            elif value == 0 or (self.unit == "count" and abs(value) < COUNT_NOISE):
                # -0.0 becomes 0.0 (never "-0" on screen or in a file), and so does a count
                # left a rounding error away from zero by a subtraction
                object.__setattr__(self, "value", 0.0)


class Text:
    """A sentence made of plain strings and :class:`Q` numbers, formatted by the front end.

    Examples
    --------
    >>> Text("About ", Q(102.0, "FTE"), " specialists.").plain()
    'About 102.0 specialists.'
    """

    def __init__(self, *parts: str | Q):
        for part in parts:
            if not isinstance(part, (str, Q)):
                raise TypeError(f"a Text part must be text or a Q; got {type(part).__name__}")
        self.parts: tuple[str | Q, ...] = parts

    def plain(self) -> str:
        """Unformatted text (numbers as Python prints them), for messages and tests."""
        return "".join(p if isinstance(p, str) else str(p.value) for p in self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __repr__(self) -> str:
        return f"Text({self.plain()!r})"


@dataclass(frozen=True)
class Column:
    """A table column: its heading and the unit of its cells (a cell may be a Q of its own)."""

    label: str
    unit: str = "text"

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}; got {self.unit!r}")


@dataclass(frozen=True)
class Table:
    """A table of numbers: columns with units and rows of cells (numbers, text or Q).

    ``caption`` is plain text or a :class:`Text` whose numbers the presentation layer
    formats."""

    caption: str | Text
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(tuple(r) for r in self.rows))
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.caption!r}: row {i + 1} has {len(row)} cells for "
                    f"{len(self.columns)} columns"
                )

    def cell(self, row: int, column: int) -> Q | Text | str | None:
        """Cell as a Q (a number with its unit), a Text or plain text."""
        value = self.rows[row][column]
        if isinstance(value, (Q, Text, str)) or value is None:
            return value
        return Q(float(value), self.columns[column].unit)


@dataclass(frozen=True)
class Check:
    """A KPI checked against a suggested range: ``status`` is within, below or above.

    ``suggested`` is the range, plain text or a :class:`Text` whose numbers the
    presentation layer formats (as :func:`guidance.calculators.ranges.range_text` makes).
    """

    label: str
    value: Q
    status: str
    suggested: str | Text


@dataclass(frozen=True)
class Note:
    """A short list under a heading (advice, actions, the tariffs in use)."""

    heading: str
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Figure:
    """A figure for the presentation layer to draw from its ``kind`` and ``data``.

    ``alt`` (and a ``title`` or other caption in ``data``) is plain text or a :class:`Text`
    whose numbers the presentation layer formats, like every other number on screen.

    ``key`` (optional) lets a live front end skip redrawing a figure whose key is the
    very object it drew last time (for example a loaded file the figure alone shows).
    """

    kind: str
    data: Any
    alt: str | Text
    key: object = None

    def __post_init__(self) -> None:
        words = self.alt.plain() if isinstance(self.alt, Text) else self.alt
        if not isinstance(words, str) or not words.strip():
            raise ValueError(f"figure {self.kind!r} needs alt text")


@dataclass(frozen=True)
class Output:
    """What a calculator shows for one set of inputs."""

    summary: Text
    tables: tuple[Table, ...] = ()
    checks: tuple[Check, ...] = ()
    notes: tuple[Note, ...] = ()
    figures: tuple[Figure, ...] = ()

    def __post_init__(self) -> None:
        for name in ("tables", "checks", "notes", "figures"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


# -- the definition ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Definition:
    """One calculator, declared once for every front end.

    ``compute(**values) -> Output`` (or ``compute(data, **values)`` with an
    :class:`Upload`) calls the package; it raises ``ValueError`` for combinations of
    inputs the package refuses, which front ends show as a message.
    """

    name: str
    chapter: int
    title: str
    inputs: tuple[Input, ...]
    compute: Callable[..., Output]
    description: str = ""
    upload: Upload | None = None
    inputs_note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", tuple(self.inputs))
        names = [i.name for i in self.inputs]
        if len(set(names)) != len(names):
            raise ValueError(f"calculator {self.name!r} has two inputs with the same name")
        for i, item in enumerate(self.inputs):
            if item.default.follows and item.default.follows not in names[:i]:
                raise ValueError(
                    f"input {item.name!r} follows {item.default.follows!r}, which must come "
                    "before it"
                )

    @property
    def version(self) -> int:
        """The newest ``added_in`` of the inputs: scenario files record it."""
        return max((i.added_in for i in self.inputs), default=1)

    def input(self, name: str) -> Input:
        """The input called ``name``; an InputError listing the inputs if there is none."""
        for item in self.inputs:
            if item.name == name:
                return item
        raise InputError(
            f"{self.title} has no input called {name!r}. Its inputs are: "
            + ", ".join(i.name for i in self.inputs)
            + ".",
            name,
        )

    def defaults(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every input's value: ``given`` ones as they are, the rest at their defaults
        (a following default takes the value its input has)."""
        given = dict(given or {})
        out: dict[str, Any] = {}
        for item in self.inputs:
            out[item.name] = given[item.name] if item.name in given else self.default(item, out)
        return out

    def default(self, item: Input, values: Mapping[str, Any]) -> Any:
        """The default of ``item`` given the earlier inputs' values, in canonical form."""
        value, _ = item.default.resolve(values)
        if item.kind == "integer":
            return int(round(value))
        if item.kind in ("number", "percent"):
            return float(value)
        return value

    def source(self, name: str, values: Mapping[str, Any] | None = None) -> str:
        """Where the default of input ``name`` comes from, given the other inputs."""
        values = self.defaults(values)
        return self.input(name).default.resolve(values)[1]

    def check(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every input checked; missing ones at their defaults; unknown names refused.

        Raises
        ------
        InputError
        """
        if not isinstance(values, Mapping):
            raise TypeError(f"values must map input names to values; got {values!r}")
        for name in values:
            self.input(name)
        checked = {n: self.input(n).check(v) for n, v in values.items()}
        return self.defaults(checked)

    def run(self, values: Mapping[str, Any] | None = None, data: Any = None) -> Output:
        """Check the values and compute the output (with the upload's ``data`` if any)."""
        checked = self.check(values or {})
        if self.upload is None:
            return self.compute(**checked)
        if data is None:
            data = self.upload.example()[0]
        return self.compute(data, **checked)

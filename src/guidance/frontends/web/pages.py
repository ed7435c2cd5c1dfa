"""What a calculator page shows, worked out from the address alone (no state, no framework).

A page is a function of its address: :func:`read_inputs` reads the query's values (the
one place the web pages read typed values), :func:`calculator_page` runs the definition and
builds the model the templates show. Nothing here knows Starlette, so the same request
always gives the same page on any worker.

Reserved names in an address (never inputs' names):

* ``v`` - the calculator version the address was made with; inputs added since take their
  defaults and the page says so, as scenario files do;
* ``last`` - the last valid inputs (those that differ from the defaults), written by the
  form: when a box holds a value that is not allowed, the result is the one for these;
* ``example`` - a worked example's file name (without ``.json``): the page carries the
  example's title while the inputs are still the example's, and not once one changes;
* ``data`` - for a calculator that reads a file, a file the guide ships (the example or
  a worked example's file) to read instead of an upload;
* ``file`` - ``<sha256>:<name>`` of a person's own file a loaded scenario was made with:
  the page shows no results over other data and asks for that file;
* ``title`` - the name Save and Export give the inputs.

Example
-------
>>> from guidance.calculators import get
>>> reading = read_inputs(get("ramp_up"), [("annual_starters", "400")])
>>> reading.values["annual_starters"], reading.errors
(400.0, {})
>>> read_inputs(get("ramp_up"), [("contract_months", "12.5")]).errors["contract_months"]
"Contract length must be a whole number; you typed '12.5'."
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from ...calculators import DEFINITIONS
from ...calculators.spec import Definition, Input, InputError, Output
from ...files import scenarios
from ...files.applink import encode_value, parse_values
from ...presentation.citations import cite_text
from ...presentation.figures import static_figure
from ...presentation.render import input_value, inputs_html, output_html, text
from ...presentation.svgfigures import SvgFigures, drawn_svg

__all__ = [
    "CHAPTERS",
    "PROJECTOR_SCREENS",
    "PROJECTOR_ZOOM",
    "RESERVED",
    "Reading",
    "FormField",
    "Page",
    "read_inputs",
    "typed_value",
    "field_label",
    "address",
    "examples",
    "load_data",
    "calculator_page",
    "figure_markup",
]

PROJECTOR_ZOOM = (1.25, 1.5)
"""The browser zoom levels the facilitator notes advise for a projector. Every calculator's
page is checked at each, on every screen of :data:`PROJECTOR_SCREENS`, for results drawn
over one another and for sideways scrolling (``tests/test_zoom_advice.py``)."""

PROJECTOR_SCREENS = ((1280, 720), (1024, 768))
"""Projected screen sizes (width, height in pixels) the zoom advice is checked on."""

CHAPTERS = {
    0: ("Introduction and how to use this book", "book/intro.html"),
    1: ("The right conditions", "book/ch1-right-conditions.html"),
    2: ("Choosing the model", "book/ch2-choosing-the-model.html"),
    3: ("Contract parameters", "book/ch3-contract-parameters.html"),
    4: ("Joint commissioning", "book/ch4-joint-commissioning.html"),
    5: ("Avoiding payment-by-results pitfalls", "book/ch5-payment-by-results.html"),
    6: ("Managing performance and continual improvement", "book/ch6-managing-performance.html"),
}
"""Chapter number -> (title, the chapter's page in the built book)."""

RESERVED = ("v", "last", "example", "data", "file", "title")
"""Names in an address that are not inputs (see the module's docstring)."""

_STALE = "The results below are for the last valid inputs, not for the values in error above."


@dataclass
class Reading:
    """The inputs an address gives, read and checked.

    ``values`` are every input's value for the result (an input in error keeps its last
    valid value, else its default); ``boxes`` what each box shows (an input in error shows
    what was typed); ``errors`` one message per input in error; ``problems`` messages
    that belong to no input; ``notices`` what reading had to do.
    """

    values: dict[str, Any]
    boxes: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    reserved: dict[str, str] = field(default_factory=dict)


def typed_value(item: Input, value: Any) -> str:
    """A value as its box shows it and an address holds it: what :func:`_read` reads back
    as the same value (the one place the pages write a value for a person).

    Written by :func:`guidance.calculators.typed.shown`, as every front end writes it (a
    percentage as a percentage).

    >>> from guidance.calculators import get
    >>> typed_value(get("ramp_up").input("annual_starters"), 400.0)
    '400'
    >>> typed_value(get("ramp_up").input("job_entry_rate"), 0.4)
    '40'
    """
    return encode_value(value, item)


def field_label(item: Input) -> str:
    """An input's label as the form shows it, with its unit (``%`` for a percentage)."""
    return item.label + (f" ({item.unit})" if item.unit else "")


def _read(definition: Definition, name: str, typed: str) -> Any:
    """One typed value in package units; InputError naming what is allowed.

    Every value a person typed into a web page passes through here, read by the book
    links' reader (:func:`guidance.files.applink.parse_values`), which reads it with the
    one reader of typed values (:func:`guidance.calculators.typed.read`) as the command
    line and the widgets do: a percentage as typed (``25`` or ``25%``).
    """
    fields = {i.name: i for i in definition.inputs}
    found, problems = parse_values(urlencode([(name, typed)]), fields)
    if problems:
        raise InputError(problems[0], name)
    return fields[name].check(found[name])


def read_inputs(definition: Definition, params: Sequence[tuple[str, str]]) -> Reading:
    """Read an address's query (``(name, text)`` pairs) into a :class:`Reading`.

    The last of a repeated name wins. A default that follows another input (the unit cost
    follows the model) follows it when that input changed and this one was left as it was.

    Examples
    --------
    >>> from guidance.calculators import get
    >>> r = read_inputs(get("service_sizing"), [("in_contact", "lots"), ("last", "in_contact=500")])
    >>> r.values["in_contact"], r.boxes["in_contact"], sorted(r.errors)
    (500, 'lots', ['in_contact'])
    """
    typed: dict[str, str] = {}
    reserved: dict[str, str] = {}
    for key, value in params:
        if key in RESERVED:
            reserved[key] = value
        elif key not in ("name", "token", "code"):
            typed[key] = value
    inputs = {i.name: i for i in definition.inputs}
    reading = Reading(values={}, boxes={}, reserved=reserved)
    for key in typed:
        if key not in inputs:
            reading.problems.append(f"{key[:40]} is not an input of {definition.title}.")
    last: dict[str, Any] = {}
    for key, value in parse_qsl(reserved.get("last", ""), keep_blank_values=True):
        if key in inputs:
            # not what a person typed: a bad one is left out (an input in error then
            # keeps its default)
            with contextlib.suppress(InputError):
                last[key] = _read(definition, key, value)
    given: dict[str, Any] = {}
    for item in definition.inputs:
        if item.name not in typed:
            continue
        try:
            given[item.name] = _read(definition, item.name, typed[item.name])
        except InputError as error:
            reading.errors[item.name] = str(error)
            if item.name in last:
                given[item.name] = last[item.name]
    before = definition.defaults(last)
    for item in definition.inputs:
        follows = item.default.follows
        if (
            follows
            and item.name in given
            and item.name not in reading.errors
            and given.get(follows, before[follows]) != before[follows]
            and given[item.name] == before[item.name]
        ):
            del given[item.name]  # left at the old default: take the new one
    reading.values = definition.defaults(given)
    for item in definition.inputs:
        if item.name in reading.errors:
            reading.boxes[item.name] = typed[item.name]
        else:
            reading.boxes[item.name] = typed_value(item, reading.values[item.name])
    version = reserved.get("v", "")
    if version.isdigit() and int(version) < definition.version:
        for item in definition.inputs:
            if item.added_in > int(version) and item.name not in typed:
                shown = reading.boxes[item.name]
                reading.notices.append(
                    f"'{item.label}' was added to {definition.title} after this address was "
                    f"made; it is set to its default ({shown}, "
                    f"{cite_text(definition.source(item.name, reading.values))})."
                )
    return reading


def address(
    definition: Definition,
    values: Mapping[str, Any],
    example: str = "",
    data: str = "",
    page: str = "",
    file: str = "",
) -> str:
    """The address of a calculator page for ``values``: every input, in the definition's
    order, with the calculator's version.

    Examples
    --------
    >>> from guidance.calculators import get
    >>> address(get("ramp_up"), {"annual_starters": 400.0})
    '/calculators/ramp_up?annual_starters=400&v=1'
    """
    pairs = [
        (i.name, typed_value(i, values[i.name])) for i in definition.inputs if i.name in values
    ]
    pairs.append(("v", str(definition.version)))
    if example:
        pairs.append(("example", example))
    if data:
        pairs.append(("data", data))
    if file:
        pairs.append(("file", file))
    suffix = f"/{page}" if page else ""
    return f"/calculators/{quote(definition.name)}{suffix}?{urlencode(pairs)}"


def examples(definition: Definition) -> dict[str, scenarios.Scenario]:
    """The worked examples shipped for a calculator, by name (the file name without .json)."""
    shipped = scenarios.shipped_scenarios(definition.name, [])
    return {file.removesuffix(".json"): s for file, s in shipped.items()}


def example_address(definition: Definition, name: str, scenario: scenarios.Scenario) -> str:
    """The address that opens a worked example (its shipped file too, when it has one)."""
    shipped = scenarios.shipped_file(scenario)
    values = definition.defaults(scenario.inputs)
    return address(definition, values, example=name, data=shipped[1] if shipped else "")


def load_data(definition: Definition, name: str) -> tuple[Any, str]:
    """The data a calculator that reads a file shows: a file the guide ships, by name, or
    the example; ``(data, file name)``.

    Raises
    ------
    ValueError
        Naming the files the guide ships, or the loader's message.
    """
    upload = definition.upload
    if not name:
        return upload.example()
    for file, make, _label in upload.downloads:
        if file == name:
            return upload.loader(make().encode("utf-8"), name=f"'{file}'"), file
    shipped = ", ".join(file for file, _make, _label in upload.downloads)
    raise ValueError(f"The guide ships no file called {name[:60]!r}; it ships {shipped}.")


def fingerprint(content: bytes, name: str) -> dict[str, str]:
    """A file's name and the SHA-256 of its bytes, as a scenario records them.

    >>> fingerprint(b"month\\n", "r.csv")["sha256"][:12]
    'b4a666ef7afa'
    """
    return {"name": name, "sha256": hashlib.sha256(content).hexdigest()}


def shipped_fingerprint(definition: Definition, name: str) -> dict[str, str]:
    """The fingerprint of a file the guide ships for a calculator ({} if none by that name)."""
    for file, make, _label in definition.upload.downloads if definition.upload else ():
        if file == name:
            return fingerprint(make().encode("utf-8"), file)
    return {}


def wanted_file(text: str) -> dict[str, str]:
    """``<sha256>:<name>`` from an address as a scenario's ``data`` ({} if not that form).

    >>> wanted_file("ab" * 32 + ":return.csv")["name"]
    'return.csv'
    >>> wanted_file("not a hash")
    {}
    """
    digest, _, name = text.partition(":")
    if re.fullmatch(r"[0-9a-f]{64}", digest) and name.strip() and len(name) <= 300:
        return {"name": name.strip(), "sha256": digest}
    return {}


# -- figures ---------------------------------------------------------------------------------
def figure_markup(
    figure, prefix: str, shared_with: Sequence = (), figures: SvgFigures | None = None
) -> str:
    """A definition's figure as inline SVG with its alt text (the one way pages draw one).

    ``prefix`` makes the SVG's ids unique in the page. ``figures`` is the worker's
    :class:`~guidance.presentation.svgfigures.SvgFigures`, which keeps what stays the same
    across requests and redraws only what changed (without it the figure is drawn from
    nothing). ``shared_with`` are figures shown beside this one (a comparison): each axis
    then spans what all of them need, so the figures are drawn anew on the same scales.
    Either way the same figure gives the same markup.
    """
    if shared_with:
        drawn = static_figure(figure)
        _same_scales(drawn, [static_figure(f) for f in shared_with if f.kind == figure.kind])
        svg = drawn_svg(drawn, text(figure.alt), f"{prefix}-")
    else:
        svg = (figures or SvgFigures(figures=0, markups=0)).svg(figure, f"{prefix}-")
    return f'<figure class="guidance-figure">{svg}</figure>'


def _same_scales(drawn, others: Sequence) -> None:
    """Widen each axis of the matplotlib figure ``drawn`` to span the same axis of every
    figure in ``others`` (drawn the same way), keeping its direction."""
    mine = drawn.get_axes()
    for n, axes in enumerate(mine):
        partners = [o.get_axes()[n] for o in others if len(o.get_axes()) == len(mine)]
        if not partners:
            continue
        for get, put in (("get_xlim", "set_xlim"), ("get_ylim", "set_ylim")):
            spans = [getattr(a, get)() for a in (axes, *partners)]
            low = min(min(span) for span in spans)
            high = max(max(span) for span in spans)
            own = getattr(axes, get)()
            getattr(axes, put)((low, high) if own[0] <= own[1] else (high, low))


# -- the page --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FormField:
    """One input as the form shows it."""

    name: str
    label: str
    kind: str
    unit: str
    help: str
    allowed: str
    source: str
    value: str
    error: str = ""
    options: tuple[tuple[str, str, bool], ...] = ()
    side: str = ""

    @property
    def id(self) -> str:
        """The control's id (error summaries link to it)."""
        return f"{self.side}-in-{self.name}" if self.side else f"in-{self.name}"

    @property
    def form_name(self) -> str:
        """The control's name in the form: the input's name (``a.name`` on a side)."""
        return f"{self.side}.{self.name}" if self.side else self.name


@dataclass
class Page:
    """Everything a calculator page shows."""

    definition: Definition
    reading: Reading
    fields: list[FormField]
    output: Output | None
    result_html: str
    message: str
    stale: str
    example_title: str
    example_name: str
    example_description: str
    evidence: dict[str, str]
    data_name: str
    data_file: dict[str, str]
    wanted: dict[str, str]
    uploaded: bool
    canonical: str
    examples: list[tuple[str, str]]
    chapter: tuple[int, str, str]
    more_errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def query(self) -> list[tuple[str, str]]:
        """The canonical address's query as (name, value) pairs (for hidden fields)."""
        return parse_qsl(self.canonical.split("?", 1)[1], keep_blank_values=True)

    @property
    def title(self) -> str:
        """What the page's inputs are called: the worked example's title, or ""."""
        return self.example_title

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(link target, message) for the error summary, inputs in the form's order."""
        out = list(self.more_errors)
        out += [(f"#{f.id}", f.error) for f in self.fields if f.error]
        out += [("#inputs", problem) for problem in self.reading.problems]
        return out


def _fields(definition: Definition, reading: Reading, side: str = "") -> list[FormField]:
    out = []
    for item in definition.inputs:
        box = reading.boxes[item.name]
        options: tuple[tuple[str, str, bool], ...] = ()
        if item.kind == "choice":
            options = tuple(
                (label, typed_value(item, value), typed_value(item, value) == box)
                for label, value in item.options
            )
        out.append(
            FormField(
                name=item.name,
                label=field_label(item),
                kind=item.kind,
                unit=item.unit,
                help=item.help,
                allowed=item.allowed,
                source=cite_text(definition.source(item.name, reading.values)),
                value=box,
                error=reading.errors.get(item.name, ""),
                options=options,
                side=side,
            )
        )
    return out


def _in_words(definition: Definition, message: str) -> str:
    """Name the input by its label where the package named the parameter."""
    for item in definition.inputs:
        if message.startswith(item.name + " "):
            return f"{item.label}{message[len(item.name) :]}"
    return message


def compute(
    definition: Definition, values: Mapping[str, Any], data: Any = None
) -> tuple[Output | None, str]:
    """The output for checked values, or None and a message in plain words (never a
    traceback)."""
    try:
        return definition.run(values, data), ""
    except (ValueError, TypeError) as error:
        return None, _in_words(definition, str(error))
    except Exception:  # noqa: BLE001 - a page never shows a traceback
        return None, "These inputs could not be calculated. Change one and try again."


def result_markup(output: Output, prefix: str = "fig", figures: SvgFigures | None = None) -> str:
    """The result's HTML: summary, figures, checks, notes and tables (figures drawn by the
    worker's ``figures`` when given)."""
    return output_html(
        output, lambda i: figure_markup(output.figures[i], f"{prefix}{i}", figures=figures)
    )


def calculator_page(
    definition: Definition,
    params: Sequence[tuple[str, str]],
    upload: tuple[Any, str, bytes] | None = None,
    markup: Callable[[Output], str] = result_markup,
    side: str = "",
) -> Page:
    """Read the address, compute and lay out one calculator's page.

    ``upload`` is a file a person sent, already read: ``(data, file name, bytes)``.
    Without it a calculator that reads a file shows the file the guide ships named by
    ``data=``, or its example.
    """
    reading = read_inputs(definition, params)
    message = ""
    data_name = ""
    loaded = None
    data_file: dict[str, str] = {}
    file_errors: list[tuple[str, str]] = []
    wanted = wanted_file(reading.reserved.get("file", "")) if upload is None else {}
    if definition.upload is not None:
        if upload is not None:
            loaded, data_name, content = upload
            data_file = fingerprint(content, data_name)
        else:
            try:
                loaded, data_name = load_data(definition, reading.reserved.get("data", ""))
            except ValueError as error:
                file_errors.append(("#upload-file", str(error)))
                loaded, data_name = definition.upload.example()
            data_file = shipped_fingerprint(definition, data_name)
    if wanted and wanted["sha256"] != data_file.get("sha256"):
        output = None
        message = (
            f"This scenario was made with the file '{wanted['name']}' (fingerprint "
            f"{wanted['sha256'][:12]}), which is not the one shown now ('{data_name}'). "
            f"No results are shown: upload '{wanted['name']}' to see them."
        )
    else:
        wanted = {}
        output, message = compute(definition, reading.values, loaded)
    shipped = examples(definition)
    example_name = reading.reserved.get("example", "")
    scenario = shipped.get(example_name)
    example_title = example_description = ""
    evidence: dict[str, str] = {}
    shown = reading.reserved.get("data", "") if upload is None else ""
    if scenario is not None:
        wanted_data = scenarios.shipped_file(scenario)
        same_data = (wanted_data[1] if wanted_data else "") == shown and upload is None
        same = definition.defaults(scenario.inputs) == reading.values
        if same and same_data and not reading.errors:
            example_title, example_description = scenario.title, scenario.description
        evidence = {
            k: v
            for k, v in scenario.evidence.items()
            if reading.values.get(k) == scenario.inputs.get(k)
        }
    stale = _STALE if reading.errors and output is not None else ""
    return Page(
        definition=definition,
        reading=reading,
        fields=_fields(definition, reading, side),
        output=output,
        result_html=markup(output) if output is not None else "",
        message=message,
        stale=stale,
        example_title=example_title,
        example_name=example_name if example_title else "",
        example_description=example_description,
        evidence=evidence,
        data_name=data_name,
        data_file=data_file,
        wanted=wanted,
        uploaded=upload is not None,
        canonical=address(
            definition,
            reading.values,
            example=example_name if example_title else "",
            data=shown,
            file=f"{wanted['sha256']}:{wanted['name']}" if wanted else "",
        ),
        examples=[(s.title, example_address(definition, n, s)) for n, s in shipped.items()],
        chapter=(definition.chapter, *CHAPTERS.get(definition.chapter, ("", ""))),
        more_errors=file_errors,
    )


def last_field(definition: Definition, values: Mapping[str, Any]) -> str:
    """The form's ``last`` value: the inputs that differ from their defaults."""
    defaults = definition.defaults()
    return urlencode(
        [
            (i.name, typed_value(i, values[i.name]))
            for i in definition.inputs
            if values[i.name] != defaults[i.name]
        ]
    )


def inputs_table(page: Page) -> str:
    """The inputs used and their sources (a collapsible table)."""
    return inputs_html(page.definition, page.reading.values, "Inputs used and their sources")


def summary_text(output: Output | None) -> str:
    """The summary sentence in words ("" without a result)."""
    return text(output.summary) if output is not None else ""


def catalogue() -> list[tuple[int, str, str, list[Definition]]]:
    """(chapter, title, book page, calculators) for every chapter with a calculator."""
    groups: dict[int, list[Definition]] = {}
    for d in DEFINITIONS.values():
        groups.setdefault(d.chapter, []).append(d)
    return [
        (n, *CHAPTERS.get(n, (f"Chapter {n}", "")), groups[n])
        for n in sorted(groups, key=lambda n: math.inf if n not in CHAPTERS else n)
    ]


# -- comparing two scenarios -----------------------------------------------------------------
SIDES = ("a", "b")
"""A comparison's two sides; an address gives side ``a``'s inputs as ``a.NAME``."""


@dataclass
class Comparison:
    """Two scenarios of one calculator side by side."""

    definition: Definition
    sides: tuple[Page, Page]
    titles: tuple[str, str]
    results: tuple[str, str]
    differences: list[tuple[str, str, str]]

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(link target, message) for the error summary, both sides."""
        return [
            (target, f"{title}: {message}")
            for page, title in zip(self.sides, self.titles, strict=True)
            for target, message in page.errors
        ]


def side_params(params: Sequence[tuple[str, str]], side: str) -> list[tuple[str, str]]:
    """One side's part of a comparison's address, without the side's prefix."""
    prefix = f"{side}."
    return [(k[len(prefix) :], v) for k, v in params if k.startswith(prefix)]


def compare_address(definition: Definition, a: str, b: str) -> str:
    """The comparison of two calculator addresses (each from :func:`address`).

    >>> from guidance.calculators import get
    >>> d = get("ramp_up")
    >>> compare_address(d, address(d, {"ramp_months": 6}), address(d, {})).split("?")[1]
    'a.ramp_months=6&a.v=1&b.v=1'
    """
    pairs = []
    for side, where in zip(SIDES, (a, b), strict=True):
        query = where.split("?", 1)[1] if "?" in where else ""
        pairs += [(f"{side}.{k}", v) for k, v in parse_qsl(query, keep_blank_values=True)]
    return f"/calculators/{quote(definition.name)}/compare?{urlencode(pairs)}"


def _side_title(page: Page, fallback: str) -> str:
    if page.example_title:
        return page.example_title
    if page.reading.values == page.definition.defaults() and not page.reading.errors:
        return "Evidence defaults"
    return fallback


def compare_page(definition: Definition, params: Sequence[tuple[str, str]]) -> Comparison:
    """Both sides computed, their figures drawn on the same scales, and the inputs that
    differ listed."""
    a, b = (
        calculator_page(definition, side_params(params, s), markup=lambda o: "", side=s)
        for s in SIDES
    )
    titles = (_side_title(a, "Scenario A"), _side_title(b, "Scenario B"))
    if titles[0] == titles[1]:
        titles = (f"A: {titles[0]}", f"B: {titles[1]}")

    def result(page: Page, other: Page, side: str) -> str:
        if page.output is None:
            return ""
        mine = page.output.figures
        theirs = other.output.figures if other.output is not None else ()

        def figure(i: int) -> str:
            shared = [theirs[i]] if i < len(theirs) else []
            return figure_markup(mine[i], f"{side}{i}", shared_with=shared)

        return output_html(page.output, figure)

    differences = [
        (
            field_label(item),
            input_value(definition, item.name, a.reading.values[item.name]),
            input_value(definition, item.name, b.reading.values[item.name]),
        )
        for item in definition.inputs
        if a.reading.values[item.name] != b.reading.values[item.name]
    ]
    if a.data_name != b.data_name:
        differences.append(("File shown", a.data_name, b.data_name))
    return Comparison(
        definition=definition,
        sides=(a, b),
        titles=titles,
        results=(result(a, b, "a"), result(b, a, "b")),
        differences=differences,
    )

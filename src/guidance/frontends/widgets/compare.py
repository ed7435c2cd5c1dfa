"""Two scenarios of one calculator side by side: inputs, headline figures and charts.

A trainer picks two scenarios (the inputs on screen now, the evidence defaults, a worked
example shipped with the guide or one saved in the trainer folder) and sees their inputs,
headline figures and charts next to each other, with every difference marked in words
as well as colour.

:func:`scenario_choices` lists what can be picked, :func:`side` computes one side from
the calculator's definition, :func:`comparison_html` lays two sides out, and
:class:`CompareView` is the widget the trainer app shows under each calculator.

Example
-------
>>> import tempfile
>>> from guidance.frontends.widgets import calculator
>>> view = CompareView(calculator("service_sizing"), folder=tempfile.mkdtemp())
>>> view.compare("defaults", "shipped:service_sizing-nhs-england-50-reach.json")
>>> view.sides[1].title
'NHS England reach target'
>>> "differs" in view.html.value
True
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w

from ...calculators.spec import Output
from ...files import scenarios
from ...files.scenarios import ScenarioError
from ...presentation.display import figure_html
from ...presentation.figures import static_figure
from ...presentation.render import inputs_rows, text
from .base import Calculator

__all__ = ["CURRENT", "Side", "scenario_choices", "side", "comparison_html", "CompareView"]

CURRENT = "current"
"""The choice standing for the inputs on screen now."""


@dataclass
class Side:
    """One side of a comparison: a title, the inputs and the result (or why there is none)."""

    title: str
    values: dict[str, Any]
    output: Output | None = None
    problem: str = ""
    rows: list[tuple[str, str, str]] = field(default_factory=list)


def scenario_choices(calc: Calculator, folder: str | os.PathLike) -> list[tuple[str, str]]:
    """(label, key) for everything that can be compared for this calculator.

    Examples
    --------
    >>> import tempfile
    >>> from guidance.frontends.widgets import calculator
    >>> scenario_choices(calculator("ramp_up"), tempfile.mkdtemp())[:2]
    [('The inputs on screen now', 'current'), ('Evidence defaults', 'defaults')]
    """
    options = [("The inputs on screen now", CURRENT), ("Evidence defaults", "defaults")]
    for file, s in scenarios.shipped_scenarios(calc.name, []).items():
        options.append((f"Worked example: {s.title}", f"shipped:{file}"))
    good, _bad = scenarios.saved_scenarios(Path(folder), calc.name)
    for path, s in good.items():
        options.append((f"Saved: {s.title} ({path.name})", f"saved:{path.name}"))
    return options


def side(calc: Calculator, key: str, folder: str | os.PathLike) -> Side:
    """Compute one side: the calculator's definition run on the chosen scenario's inputs.

    A scenario made with a data file other than the one loaded is not computed over the
    loaded data: its side says which file it needs, unless the guide ships that file (a
    worked example's score file), which is then read for that side.

    Raises
    ------
    ScenarioError
        If the choice is unknown or its file does not load.
    """
    d = calc.definition
    scenario = None
    if key == CURRENT:
        title, values, data = "The inputs on screen now", calc.values(), {}
    else:
        if key == "defaults":
            scenario = scenarios.defaults_scenario(calc.name)
        elif key.startswith("shipped:"):
            shipped = scenarios.shipped_scenarios(calc.name, [])
            name = key[len("shipped:") :]
            if name not in shipped:
                raise ScenarioError(f"There is no worked example called {name}.")
            scenario = shipped[name]
        elif key.startswith("saved:"):
            name = Path(key[len("saved:") :]).name  # a file in the folder, nothing else
            scenario = scenarios.load_file(Path(folder) / name, expected=calc.name)
        else:
            raise ScenarioError(f"Unknown choice {key!r}.")
        title, data = scenario.title, dict(scenario.data)
        values = d.defaults(scenarios.check_inputs(calc.name, scenario.inputs))
    out = Side(title, values, rows=inputs_rows(d, values))
    shown = calc.data_file or {}
    run_data = calc.data
    shipped = scenarios.shipped_file(scenario) if scenario is not None else None
    if shipped is not None and data["sha256"] != shown.get("sha256"):
        # a worked example's own file ships with the guide: compare over that file
        content, name = shipped
        run_data, shown = d.upload.loader(content, name=f"'{name}'"), data
    if d.upload is not None and data.get("sha256") and data["sha256"] != shown.get("sha256"):
        out.problem = (
            f"Made with the file '{data.get('name', 'a file')}', which is not the one loaded "
            "now: load that file in the calculator above to compare its results."
        )
        return out
    try:
        out.output = d.run(values, run_data) if d.upload is not None else d.run(values)
    except (ValueError, TypeError) as error:
        out.problem = f"Could not calculate with these inputs: {error}"
    return out


def _figures(output: Output | None) -> list[str]:
    if output is None:
        return []
    return [figure_html(static_figure(f), text(f.alt)) for f in output.figures]


def comparison_html(a: Side, b: Side) -> str:
    """Two sides as HTML: an inputs table with differences marked, then headlines and charts.

    Examples
    --------
    >>> from guidance.calculators import get
    >>> d = get("ramp_up")
    >>> one = Side("One", d.defaults(), rows=[("Months", "36", "register")])
    >>> two = Side("Two", d.defaults(), rows=[("Months", "24", "your own figure")])
    >>> "differs" in comparison_html(one, two)
    True
    """
    rows = []
    for (label, va, _sa), (_lb, vb, _sb) in zip(a.rows, b.rows, strict=True):
        differs = va != vb
        mark = "<strong>differs</strong>" if differs else "same"
        css = ' class="guidance-differs"' if differs else ""
        rows.append(
            f"<tr{css}><td>{html.escape(label)}</td><td>{html.escape(va)}</td>"
            f"<td>{html.escape(vb)}</td><td>{mark}</td></tr>"
        )
    table = (
        '<table class="guidance-compare-inputs"><caption>Inputs of the two scenarios'
        '</caption><thead><tr><th scope="col">Input</th>'
        f'<th scope="col">A: {html.escape(a.title)}</th>'
        f'<th scope="col">B: {html.escape(b.title)}</th>'
        f'<th scope="col">A and B</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    heads = [text(s.output.summary) if s.output else s.problem for s in (a, b)]
    same = heads[0] == heads[1]
    columns = []
    for letter, s, head, figures in zip(
        "AB", (a, b), heads, (_figures(a.output), _figures(b.output)), strict=True
    ):
        word = "same as the other" if same else "differs from the other"
        columns.append(
            f'<div class="guidance-compare-side" data-side="{letter}">'
            f"<h5>{letter}: {html.escape(s.title)}</h5>"
            f'<p class="guidance-compare-headline"><strong>{html.escape(head)}</strong> '
            f"<em>({word})</em></p>{''.join(figures)}</div>"
        )
    return (
        "<style>.guidance-compare-sides{display:flex;flex-flow:row wrap;gap:1em}"
        ".guidance-compare-side{flex:1 1 24em;min-width:0;font-size:16px}"
        ".guidance-compare-inputs{font-size:16px;border-collapse:collapse}"
        ".guidance-compare-inputs td,.guidance-compare-inputs th{padding:0.2em 0.6em;"
        "border-bottom:1px solid #ccc;text-align:left}"
        ".guidance-differs{background:#fff3cd}</style>"
        f'<div class="guidance-compare">{table}'
        f'<div class="guidance-compare-sides">{"".join(columns)}</div></div>'
    )


class CompareView:
    """Pick two scenarios and see them side by side (the widget under each calculator).

    Parameters
    ----------
    calc : Calculator
        The calculator whose scenarios are compared.
    folder : path-like
        The trainer folder holding saved scenarios.
    """

    def __init__(self, calc: Calculator, folder: str | os.PathLike):
        if not isinstance(calc, Calculator):
            raise TypeError(f"calc must be a calculator (Calculator); got {type(calc).__name__}")
        self.calc = calc
        self.folder = Path(folder)
        self.sides: tuple[Side, Side] | None = None
        options = scenario_choices(calc, self.folder)
        style = {"description_width": "7em"}
        layout = w.Layout(width="36em", max_width="100%")
        self.first = w.Dropdown(
            description="Scenario A", options=options, value=CURRENT, style=style, layout=layout
        )
        self.second = w.Dropdown(
            description="Scenario B",
            options=options,
            value=options[2][1] if len(options) > 2 else "defaults",
            style=style,
            layout=layout,
        )
        self.button = w.Button(description="Compare side by side", layout=w.Layout(width="auto"))
        self.button.on_click(lambda _b: self.compare())
        self.html = w.HTML()
        self.widget = w.VBox(
            [
                w.HTML("<h4>Compare two scenarios</h4>"),
                w.HBox([self.first, self.second], layout=w.Layout(flex_flow="row wrap")),
                self.button,
                self.html,
            ],
            layout=w.Layout(border="1px solid #bbb", padding="0.4em", margin="1em 0"),
        )
        self.widget.add_class("guidance-compare-view")

    def refresh_choices(self) -> None:
        """List the scenarios again (after one was saved), keeping the picks if they remain."""
        options = scenario_choices(self.calc, self.folder)
        keys = [k for _l, k in options]
        for box in (self.first, self.second):
            kept = box.value if box.value in keys else CURRENT
            box.options = options
            box.value = kept

    def compare(self, first: str | None = None, second: str | None = None) -> None:
        """Show the two chosen scenarios (or ``first``/``second`` keys) side by side."""
        self.refresh_choices()
        keys = (first or self.first.value, second or self.second.value)
        try:
            self.sides = (
                side(self.calc, keys[0], self.folder),
                side(self.calc, keys[1], self.folder),
            )
        except ScenarioError as error:
            self.sides = None
            self.html.value = (
                f'<div role="alert" class="guidance-message">{html.escape(str(error))}</div>'
            )
            return
        self.html.value = comparison_html(*self.sides)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget._repr_mimebundle_()

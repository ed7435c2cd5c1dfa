"""The thin calculator layer: fields in, the package computes, a figure and a table out.

A :class:`Calculator` is built from a list of :class:`Field` and a ``compute`` function
(which calls the package and returns a :class:`Result`). It displays two ways from one
cell:

* where a kernel runs (JupyterLab, Voila) the live ipywidgets controls and results;
* in the built book (no kernel) the default result as ordinary HTML - the inputs used,
  the figure with alt text and the table - with no controls and no widget JavaScript.

Both come from one mime bundle: the widget view plus a ``text/html`` fallback. The
book's ``_config.yml`` ranks the widget mime types below zero for HTML output, so the
fallback is what a reader sees.

Bad input never raises into the notebook: a ``ValueError`` or ``TypeError`` from the
package becomes a message above the results, the inputs stay as typed, and the last
valid result stays on screen, labelled as such.

Example
-------
>>> from guidance.widgets.base import Calculator, Field, Result
>>> import pandas as pd
>>> def double(x):
...     if x < 0:
...         raise ValueError("x must be zero or more")
...     return Result(summary=f"{2 * x}", table=pd.DataFrame({"x2": [2 * x]}), caption="Double")
>>> calc = Calculator("Doubler", [Field("x", "A number", "number", 2.0)], double)
>>> calc.result.summary
'4.0'
>>> calc.set_values({"x": -1.0})
>>> calc.message
'A number (x) must be zero or more'
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import pandas as pd
from matplotlib.figure import Figure

from ..applink import LOCAL_HINT, app_link
from ..display import figure_html, table_html
from ..livefigure import LiveFigure, Plot

__all__ = ["Field", "Result", "Calculator", "KINDS", "extra_figure_marker"]


def extra_figure_marker(i: int) -> str:
    """Where extra figure ``i`` of a :class:`Result` goes in its ``extra_html``."""
    return f"<!--guidance-extra-figure-{i}-->"


KINDS = ("number", "percent", "integer", "choice", "text")
"""Field kinds. ``percent`` fields show 0-100 on screen and pass a 0-1 share to the package."""


@dataclass(frozen=True)
class Field:
    """One input of a calculator.

    Parameters
    ----------
    name : str
        Keyword passed to ``compute``.
    label : str
        What the person sees, with the unit (e.g. "Budget (£ a year)").
    kind : {"number", "percent", "integer", "choice", "text"}
    default : object
        In package units (a share as 0-1 for ``percent``).
    options : sequence of (label, value), optional
        For ``choice`` fields.
    help : str, optional
        A prompt shown under the control (e.g. what evidence supports the value).
    source : str, optional
        Where the default comes from (an evidence-register citation), shown in the book.
    """

    name: str
    label: str
    kind: str
    default: Any
    options: Sequence[tuple[str, Any]] = ()
    help: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if self.kind == "choice" and not self.options:
            raise ValueError(f"choice field {self.name!r} needs options")

    def display_value(self, value: Any) -> str:
        """The value as the person would read it on screen."""
        if self.kind == "percent":
            return f"{value * 100:g}%"
        if self.kind == "choice":
            return next((label for label, v in self.options if v == value), str(value))
        if isinstance(value, float):
            return f"{value:,.10g}"
        return str(value)


@dataclass
class Result:
    """What a calculator shows: a one-line summary, a table and optionally a figure.

    ``figure`` is a function with no arguments that draws a matplotlib Figure, a
    :class:`guidance.livefigure.Plot` (a figure a live calculator updates in place), or
    a Figure already drawn. A function or a Plot keeps the calculation apart from the
    drawing, so the two can be timed apart (see ``benchmarks/``); :meth:`get_figure`
    draws it once when needed.

    ``extra_figures`` holds further figures shown with ``extra_html``, each a pair
    (figure as above, alt text), or a triple adding a key: a live calculator does not
    redraw an extra figure whose key is the very object it had last time (e.g. a loaded
    file that the figure alone depends on). Figure ``i`` is shown where ``extra_html``
    holds the marker ``extra_figure_marker(i)``, or before ``extra_html`` if it has none.
    """

    summary: str
    table: pd.DataFrame
    caption: str
    figure: Figure | Plot | Callable[[], Figure] | None = None
    alt: str = ""
    formatters: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    extra_html: str = ""
    extra_figures: Sequence[tuple] = ()

    def __post_init__(self) -> None:
        if self.figure is not None and not self.alt.strip():
            raise ValueError("a Result with a figure needs alt text")
        entries = [tuple(entry) for entry in self.extra_figures]
        self._keys = [entry[2] if len(entry) > 2 else None for entry in entries]
        self.extra_figures = [tuple(entry[:2]) for entry in entries]
        for i, (_, alt) in enumerate(self.extra_figures):
            if not isinstance(alt, str) or not alt.strip():
                raise ValueError(f"extra_figures[{i}] needs alt text")
        self._drawn: dict[object, Figure] = {}

    def _source(self, key: object) -> Figure | Plot | Callable[[], Figure]:
        return self.figure if key == "figure" else self.extra_figures[key][0]

    def _static(self, key: object) -> Figure:
        """The figure for the page, drawn once from its source (never a live figure)."""
        if key not in self._drawn:
            source = self._source(key)
            if isinstance(source, Plot):
                source = source.figure()
            elif callable(source) and not isinstance(source, Figure):
                source = source()
            self._drawn[key] = source
        return self._drawn[key]

    def live_source(self, key: object) -> Figure | Plot:
        """What a live figure shows for ``"figure"`` or extra figure ``i``: a Plot as it
        is, a function drawn afresh (so the page's own figure is never redrawn live)."""
        source = self._source(key)
        if callable(source) and not isinstance(source, (Figure, Plot)):
            return source()
        return source

    def get_figure(self) -> Figure | None:
        """The figure, drawn first if it was given as a function or a Plot."""
        return None if self.figure is None else self._static("figure")

    def get_extra_figure(self, i: int) -> Figure:
        """Extra figure ``i``, drawn first if it was given as a function or a Plot."""
        return self._static(i)

    def extra_key(self, i: int) -> object:
        """The key given with extra figure ``i`` (None if none)."""
        return self._keys[i]

    def extra(self, render: Callable[[int, str], str] | None = None) -> str:
        """``extra_html`` with the extra figures drawn in.

        ``render(i, alt)`` returns the HTML of figure ``i``; by default the figure is
        drawn and shown with :func:`guidance.display.figure_html`.
        """
        out = self.extra_html
        before = []
        for i, (_, alt) in enumerate(self.extra_figures):
            shown = render(i, alt) if render else figure_html(self.get_extra_figure(i), alt)
            marker = extra_figure_marker(i)
            if marker in out:
                out = out.replace(marker, shown)
            else:
                before.append(shown)
        return "".join(before) + out

    def html(self) -> str:
        """The result as static HTML (summary, figure, table)."""
        parts = [f'<p class="guidance-summary"><strong>{html.escape(self.summary)}</strong></p>']
        if self.figure is not None:
            parts.append(figure_html(self.get_figure(), self.alt))
        parts.append(self.extra())
        parts.append(table_html(self.table, self.caption, self.formatters))
        return "".join(parts)

    def text(self) -> str:
        """The result as plain text (for nbval, terminals and scenario exports)."""
        shown = self.table.copy()
        for column, fmt in self.formatters.items():
            if column in shown:
                shown[column] = shown[column].map(fmt)
        return f"{self.summary}\n{self.caption}\n{shown.to_string(index=False)}"


# Live controls: ipywidgets cuts a label longer than its 16em column to "Integration
# with treatment ..."; in a calculator every word of a label matters, so labels wrap.
# Results may mark a status with <span class="guidance-status guidance-status-within">.
LIVE_STYLE = (
    "<style>"
    ".guidance-live .widget-inline-hbox { height: auto;"
    " min-height: var(--jp-widgets-inline-height); }"
    ".guidance-live .widget-inline-hbox .widget-label { white-space: normal; overflow: visible;"
    " text-overflow: clip; height: auto; line-height: 1.3; padding: 0.15em 0; }"
    # status words in results: shades with at least 4.5:1 contrast on white (see guidance.css)
    ".guidance-live .guidance-status { font-weight: bold; }"
    ".guidance-live .guidance-status-within { color: #007A5A; }"
    ".guidance-live .guidance-status-below { color: #B04E00; }"
    ".guidance-live .guidance-status-above { color: #8A5A00; }"
    "</style>"
)


def _app_link_html(name: str, values: dict[str, Any]) -> str:
    """The box's "use your own numbers" line: a link to the app, or how to run it locally."""
    link = app_link(name, values)
    if link is None:
        return f'<p class="guidance-app-link">{html.escape(LOCAL_HINT)}</p>'
    return (
        f'<p class="guidance-app-link"><a href="{html.escape(link)}" rel="noopener">'
        "Use your own numbers: open this calculator in the app</a></p>"
    )


def _control(f: Field) -> w.Widget:
    style = {"description_width": "16em"}
    layout = w.Layout(width="34em")
    common = {"description": f.label, "style": style, "layout": layout}
    if f.kind == "percent":
        return w.FloatText(value=round(f.default * 100, 10), **common)
    if f.kind == "number":
        return w.FloatText(value=f.default, **common)
    if f.kind == "integer":
        return w.IntText(value=f.default, **common)
    if f.kind == "choice":
        return w.Dropdown(options=list(f.options), value=f.default, **common)
    return w.Text(value=f.default, **common)


class Calculator:
    """Live controls and results over a package function; static HTML in the book.

    Parameters
    ----------
    title : str
        Heading shown above the controls.
    fields : sequence of Field
        The inputs, in the order shown.
    compute : callable
        ``compute(**values) -> Result``; raises ``ValueError``/``TypeError`` on bad input.
    name : str, optional
        Identifier for scenarios and tests (defaults to the title in lower case).
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        compute: Callable[..., Result],
        name: str | None = None,
    ):
        self.title = title
        self.name = name or title.lower().replace(" ", "_")
        self.fields = {f.name: f for f in fields}
        self.compute = compute
        self.controls = {f.name: _control(f) for f in fields}
        self.message = ""
        self.result: Result | None = None
        self._extra_shown: dict[int, tuple] = {}  # extra figure -> (key, alt, live HTML)
        self._live: dict[object, LiveFigure] = {}  # "figure" or extra figure i -> its live figure
        self._holding = False  # set while set_values changes several controls at once
        self._message = w.HTML(layout=w.Layout(min_height="1.5em"))
        self._summary = w.HTML()
        # The live figure is an <img> with the result's alt text (an ipywidgets Image has
        # no alt text, so a screen reader would meet an unnamed picture).
        self._figure = w.HTML(layout=w.Layout(max_width="100%"))
        self._table = w.HTML()
        helps = []
        for f in fields:
            helps.append(self.controls[f.name])
            if f.help:
                helps.append(w.HTML(f'<div class="guidance-help">{html.escape(f.help)}</div>'))
        self.widget = w.VBox(
            [
                w.HTML(f"<h4>{html.escape(title)}</h4>"),
                *helps,
                self._message,
                self._summary,
                self._figure,
                self._table,
                w.HTML(LIVE_STYLE, layout=w.Layout(display="none")),
            ],
            layout=w.Layout(max_width="60em"),
        )
        self.widget.add_class("guidance-live")
        self._defaults_html = self._inputs_html()
        self.refresh()
        self._static_html = self._render_static()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    # -- inputs -----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The current inputs in package units (percent fields as 0-1 shares)."""
        out = {}
        for name, f in self.fields.items():
            value = self.controls[name].value
            if f.kind == "percent" and isinstance(value, (int, float)):
                value = value / 100
            out[name] = value
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        """Set several inputs at once (package units), then recompute once.

        Raises
        ------
        ValueError
            If a name is not one of this calculator's fields, or a choice is not allowed.
        """
        unknown = set(values) - set(self.fields)
        if unknown:
            raise ValueError(
                f"{self.name} has no input(s) {', '.join(sorted(unknown))}; "
                f"allowed: {', '.join(self.fields)}"
            )
        for name, value in values.items():
            f = self.fields[name]
            if f.kind == "choice" and value not in [v for _, v in f.options]:
                allowed = ", ".join(repr(v) for _, v in f.options)
                raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
        self._holding = True
        try:
            for name, value in values.items():
                if self.fields[name].kind == "percent" and isinstance(value, (int, float)):
                    value = round(value * 100, 10)
                self.controls[name].value = value
        finally:
            self._holding = False
        self.refresh()

    # -- computing --------------------------------------------------------------------------
    def _on_change(self, _change: dict) -> None:
        if not self._holding:
            self.refresh()

    def refresh(self) -> None:
        """Recompute from the current inputs; show a message instead of failing."""
        try:
            values = self.values()
            for name, value in values.items():
                f = self.fields[name]
                if isinstance(value, float) and math.isnan(value):
                    raise ValueError(f"{f.label}: please enter a number")
                if f.kind == "percent" and not 0 <= value <= 1:
                    raise ValueError(f"{f.label} must be between 0 and 100; got {value * 100:g}")
            result = self.compute(**values)
        except (ValueError, TypeError) as error:
            self._show_message(self._in_words(str(error)))
            return
        except Exception as error:  # noqa: BLE001 - a widget must never show a traceback
            self._show_message(f"Could not calculate with these inputs ({error}).")
            return
        self.message = ""
        self._message.value = ""
        self.result = result
        self._summary.value = (
            f'<p class="guidance-summary"><strong>{html.escape(result.summary)}</strong></p>'
        )
        if result.figure is not None:
            self._figure.value = self._live_html(result, "figure", result.alt)
            self._figure.layout.display = None
        else:
            self._figure.layout.display = "none"
        extra = result.extra(lambda i, alt: self._live_extra(result, i, alt))
        self._table.value = extra + table_html(result.table, result.caption, result.formatters)

    def _live_html(self, result: Result, key: object, alt: str) -> str:
        live = self._live.setdefault(key, LiveFigure())
        return live.html(result.live_source(key), alt)

    def _live_extra(self, result: Result, i: int, alt: str) -> str:
        key = result.extra_key(i)
        last = self._extra_shown.get(i)
        if key is not None and last is not None and last[0] is key and last[1] == alt:
            return last[2]
        shown = self._live_html(result, i, alt)
        self._extra_shown[i] = (key, alt, shown)
        return shown

    def _in_words(self, text: str) -> str:
        """Name the field by its on-screen label where the package named the parameter."""
        for name, f in self.fields.items():
            if text.startswith(name + " "):
                return f"{f.label} ({name}){text[len(name) :]}"
        return text

    def _show_message(self, text: str) -> None:
        self.message = text
        stale = " The results below are for the last valid inputs." if self.result else ""
        self._message.value = (
            '<div role="alert" class="guidance-message" style="color:#9a3412;'
            'border-left:4px solid #D55E00;padding:0.3em 0.6em">'
            f"{html.escape(text)}{stale}</div>"
        )

    # -- display ----------------------------------------------------------------------------
    def _inputs_html(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(f.label)}</td>"
            f"<td>{html.escape(f.display_value(self.values()[f.name]))}</td>"
            f"<td>{html.escape(f.source or 'your own figure')}</td></tr>"
            for f in self.fields.values()
        )
        return (
            '<details class="guidance-inputs"><summary>Inputs used for this result</summary>'
            '<table><caption>Default inputs</caption><thead><tr><th scope="col">Input</th>'
            '<th scope="col">Value</th><th scope="col">Source</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></details>"
        )

    def _render_static(self) -> str:
        body = self.result.html() if self.result else ""
        return (
            f'<div class="guidance-calculator" data-calculator="{html.escape(self.name)}">'
            f'<p class="guidance-calculator-title"><strong>{html.escape(self.title)}</strong> '
            "(default result; run this page live to change the inputs)</p>"
            f"{self._defaults_html}{body}{_app_link_html(self.name, self.values())}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_()
        bundle["text/html"] = self._static_html
        bundle["text/plain"] = f"{self.title}\n" + (self.result.text() if self.result else "")
        return bundle

    def __repr__(self) -> str:
        return f"{self.title}\n" + (self.result.text() if self.result else self.message)

"""The widget renderer: any calculator definition as live ipywidgets controls and results.

:class:`Calculator` binds a :class:`guidance.calculators.spec.Definition` to controls,
one per input, and to outputs (summary, figures, checks, notes, tables). It displays two
ways from one cell:

* where a kernel runs (JupyterLab, a chapter run live) the live controls and results;
* in the built book (no kernel) the default result as ordinary HTML - the inputs used and
  their sources, the figures with alt text and the tables - with no widget JavaScript.

Both come from one mime bundle: the widget view plus a ``text/html`` fallback. The
book's ``_config.yml`` ranks the widget mime types below zero for HTML output, so the
fallback is what a reader sees.

Number boxes are text boxes read by :func:`guidance.calculators.typed.read`, the one reader
of typed values every front end uses, so nothing a person types is changed silently: a
decimal in a whole-number box, a decimal comma, text, an empty box or a value out of range
each get a message under that box, and the results say they are still those of the last
valid inputs.

Example
-------
>>> calc = Calculator("ramp_up")
>>> calc.result.summary.parts[0]
'Year 1 target: '
>>> calc.type_value("contract_months", "12.5")
>>> calc.input_messages["contract_months"]
"Contract length must be a whole number; you typed '12.5'."
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from ...calculators import get
from ...calculators.spec import Definition, Input, InputError, Output
from ...calculators.typed import read, shown
from ...files import exports, scenarios
from ...files.applink import LOCAL_HINT
from ...files.workbooks import link as workbook_link
from ...presentation.display import figure_html
from ...presentation.downloads import downloads_html
from ...presentation.figures import plot, static_figure
from ...presentation.livefigure import LiveFigure
from ...presentation.render import (
    checks_html,
    inputs_html,
    notes_html,
    output_html,
    output_table_html,
    output_text,
    text,
)
from ..web.bookform import app_form_html

__all__ = ["Calculator", "LIVE_STYLE", "UPDATE_HINT", "BUSY_TEXT"]


# The presenter layout: inputs and results side by side on a wide screen, the results
# kept in view (sticky) while the inputs scroll; one column on a narrow screen or at a high
# zoom. Text is at least 16 px; labels wrap (every word matters); status words carry colour
# and words. The busy line appears only when a result takes more than a moment.
UPDATE_HINT = (
    "Type a value, then press Enter or Tab (or click outside the box): the results update "
    "then. Reset puts an input back to its evidence default."
)
"""The one way every calculator updates, said on screen above its inputs."""

BUSY_TEXT = "Working out the results..."
"""What the busy line says while a result is being computed."""

LIVE_STYLE = (
    "<style>"
    ".guidance-live, .guidance-live .widget-label, .guidance-live input,"
    " .guidance-live select, .guidance-live button, .guidance-live table,"
    " .guidance-live .widget-html-content, .guidance-live .widget-button,"
    " .guidance-live .widget-dropdown select, .guidance-live .widget-text input {"
    " font-size: 16px !important; }"
    ".guidance-live { --jp-widgets-font-size: 16px; --jp-ui-font-size1: 16px;"
    " --jp-content-font-size1: 16px; --jp-widgets-inline-height: 32px; }"
    ".guidance-live { overflow: visible; }"
    # sticky needs every box between the results and the page's scroller to let it out
    ".widget-box:has(.guidance-columns), .jp-OutputArea:has(.guidance-columns),"
    " .jp-OutputArea-child:has(.guidance-columns),"
    " .jp-OutputArea-output:has(.guidance-columns) { overflow: visible !important; }"
    ".guidance-live .guidance-columns { display: flex; flex-flow: row wrap;"
    " align-items: flex-start; gap: 0 1.5em; overflow: visible; }"
    ".guidance-live .guidance-inputs-col { flex: 1 1 28em; min-width: 0; overflow: visible; }"
    ".guidance-live .guidance-results-col { flex: 1 1 30em; min-width: 0;"
    " position: sticky; top: 0; max-height: 100vh; overflow-y: auto; }"
    # the results column scrolls on its own: its parts keep their height (shrunk to fit
    # the window, the summary, figures and checks were drawn over each other)
    ".guidance-live .guidance-results-col > * { flex-shrink: 0; }"
    "@media (max-width: 60em) { .guidance-live .guidance-results-col {"
    " position: static; max-height: none; overflow-y: visible; } }"
    ".guidance-live .guidance-input-row { align-items: flex-start; width: 100%; }"
    ".guidance-live .guidance-input-row .widget-inline-hbox { flex: 1 1 auto; }"
    ".guidance-live .guidance-reset-one { flex: 0 0 auto; }"
    ".guidance-live .widget-inline-hbox { height: auto;"
    " min-height: var(--jp-widgets-inline-height); }"
    ".guidance-live .widget-inline-hbox .widget-label { white-space: normal; overflow: visible;"
    " text-overflow: clip; height: auto; line-height: 1.3; padding: 0.15em 0; }"
    ".guidance-live .guidance-hint { color: #333; margin: 0.2em 0 0.6em 0; }"
    ".guidance-live .guidance-busy { color: #1f3a93; font-style: italic; opacity: 0;"
    " animation: guidance-busy-appear 0s linear 0.3s forwards; }"
    "@keyframes guidance-busy-appear { to { opacity: 1; } }"
    ".guidance-live .guidance-status { font-weight: bold; }"
    ".guidance-live .guidance-status-within { color: #007A5A; }"
    ".guidance-live .guidance-status-below { color: #B04E00; }"
    ".guidance-live .guidance-status-above { color: #8A5A00; }"
    # scrolled into the window when it appears (the trainer app's page does it), with a
    # little room below it
    ".guidance-live .guidance-input-message { color: #9a3412; margin: 0 0 0.4em 0;"
    " scroll-margin: 0.75em 0; }"
    # a figure is as wide as the results column allows (no browser margin around it), so
    # it is shown at its own size and its text stays at least 16 px (presentation/style.py)
    ".guidance-live .guidance-figure { margin: 0.5em 0; }"
    ".guidance-live .guidance-figure img { display: block; }"
    "</style>"
)

_MESSAGE = (
    '<div role="alert" class="guidance-message" style="color:#9a3412;'
    'border-left:4px solid #D55E00;padding:0.3em 0.6em">{}</div>'
)


def _app_link_html(definition: Definition, values: dict[str, Any]) -> str:
    """The box's "use your own numbers" part: a form for the app's page, or how to get one."""
    form = app_form_html(definition, values)
    if not form:
        return f'<p class="guidance-app-link">{html.escape(LOCAL_HINT)}</p>'
    upload = ""
    if definition.upload is not None:
        upload = (
            '<p class="guidance-help">On the calculator\'s page you can also load your own '
            "file; it is read for that page only and not kept.</p>"
        )
    return f'<div class="guidance-app-link">{form}{upload}</div>'


def _workbook_link_html(name: str) -> str:
    """The box's line offering the calculator as an Excel workbook ("" if it has none)."""
    address = workbook_link(name)
    if address is None:
        return ""
    return (
        f'<p class="guidance-workbook-link"><a href="{html.escape(address)}" download>'
        "Download this calculator as an Excel workbook</a> (at the evidence defaults, with "
        "live formulas: type your own numbers on its Inputs sheet)</p>"
    )


class Calculator:
    """Live controls and results over a calculator definition; static HTML in the book.

    Parameters
    ----------
    definition : Definition or str
        The calculator (or its name in :mod:`guidance.calculators`).
    """

    def __init__(self, definition: Definition | str):
        self.definition = get(definition) if isinstance(definition, str) else definition
        d = self.definition
        self.name, self.title = d.name, d.title
        self.fields: dict[str, Input] = {i.name: i for i in d.inputs}
        self._values = d.defaults()
        self._own: set[str] = set()  # inputs the person set (not following a default)
        self.input_messages: dict[str, str] = {}
        self.message = ""
        self.result: Output | None = None
        self.data: Any = None
        self.data_name = ""
        self.data_file: dict[str, str] | None = None
        self._wanted: dict[str, str] = {}
        if d.upload is not None:
            self.data, self.data_name = d.upload.example()
            self.data_file = self._example_file(self.data_name)
        self._holding = False
        # one layout and one style model shared by the many widgets that need no own
        # (a page sends every model to the browser: about half as many this way)
        self._plain = w.Layout()
        self._auto = w.Layout(width="auto")
        self._control_layout = w.Layout(width="auto", min_width="0")
        self._html_style = HTMLStyle()
        self._button_style = w.ButtonStyle()
        self._text_style = TextStyle(description_width="55%")
        self._choice_style = DescriptionStyle(description_width="55%")
        self._live: dict[int, LiveFigure] = {}
        self._shown_figures: dict[int, tuple] = {}
        self.controls = {i.name: self._control(i) for i in d.inputs}
        self._input_notes = {
            i.name: w.HTML(layout=w.Layout(display="none"), style=self._html_style)
            for i in d.inputs
        }
        self._message = w.HTML(layout=w.Layout(min_height="1.5em"), style=self._html_style)
        self._summary = self._html()
        self._figures = w.HTML(layout=w.Layout(max_width="100%"), style=self._html_style)
        self._rest = self._html()
        self.reset_buttons = {i.name: self._reset_button(i) for i in d.inputs}
        self.reset_all_button = w.Button(
            description="Reset all to the evidence defaults",
            tooltip="Put every input back to its evidence default",
            layout=self._auto,
            style=self._button_style,
        )
        self.reset_all_button.on_click(lambda _b: self.reset())
        self._busy = w.HTML(layout=w.Layout(display="none"), style=self._html_style)
        rows: list[w.Widget] = []
        for item in d.inputs:
            row = w.HBox(
                [self.controls[item.name], self.reset_buttons[item.name]], layout=self._plain
            )
            row.add_class("guidance-input-row")
            rows.append(row)
            rows.append(self._input_notes[item.name])
            if item.help:
                help_html = f'<div class="guidance-help">{html.escape(item.help)}</div>'
                rows.append(self._html(help_html))
        rows.append(self.reset_all_button)
        self.upload = None
        if d.upload is not None:
            self.upload = w.FileUpload(
                accept=".csv,text/csv",
                multiple=False,
                description="Load a CSV file",
                layout=w.Layout(width="16em"),
            )
            self._loaded = self._html(self._loaded_html())
            links = self._html(f'<p class="guidance-help">{downloads_html(d.upload.downloads)}</p>')
            rows[0:0] = [w.HBox([self.upload, self._loaded], layout=self._plain), links]
            self.upload.observe(self._on_upload, names="value")
        inputs = w.VBox(rows, layout=self._plain)
        inputs.add_class("guidance-inputs-col")
        results = w.VBox(
            [self._busy, self._message, self._summary, self._figures, self._rest],
            layout=self._plain,
        )
        results.add_class("guidance-results-col")
        columns = w.HBox([inputs, results], layout=w.Layout(width="100%"))
        columns.add_class("guidance-columns")
        self.widget = w.VBox(
            [
                self._html(f"<h4>{html.escape(d.title)}</h4>"),
                self._html(f'<p class="guidance-hint">{html.escape(UPDATE_HINT)}</p>'),
                columns,
                w.HTML(LIVE_STYLE, layout=w.Layout(display="none"), style=self._html_style),
            ],
            layout=w.Layout(max_width="90em"),
        )
        self.widget.add_class("guidance-live")
        self._defaults = dict(self._values)
        self.refresh()
        # the book's static HTML (default result, no controls) is drawn when first asked
        # for: the app never shows it, and drawing its figures costs as much as the result
        self._static_result, self._static_data_name = self.result, self.data_name
        self._static_cache: str | None = None
        for name, control in self.controls.items():
            control.observe(lambda change, n=name: self._on_change(n, change), names="value")

    # -- controls ---------------------------------------------------------------------------
    def _html(self, value: str = "") -> w.HTML:
        """An HTML widget on the calculator's shared layout and style."""
        return w.HTML(value, layout=self._plain, style=self._html_style)

    def _control(self, item: Input) -> w.Widget:
        label = item.label + (f" ({item.unit})" if item.unit else "")
        common = {"description": label, "layout": self._control_layout}
        value = self._values[item.name]
        if item.kind == "choice":
            return w.Dropdown(
                options=list(item.options), value=value, style=self._choice_style, **common
            )
        if item.kind == "text":
            return w.Text(value=value, style=self._text_style, **common)
        return w.Text(
            value=shown(item, value),
            continuous_update=False,
            style=self._text_style,
            **common,
        )

    def _reset_button(self, item: Input) -> w.Button:
        button = w.Button(
            description="Reset",
            tooltip=f"Put {item.label} back to its evidence default",
            layout=self._auto,
            style=self._button_style,
        )
        button.add_class("guidance-reset-one")
        button.on_click(lambda _b, n=item.name: self.reset(n))
        return button

    def values(self) -> dict[str, Any]:
        """The current inputs in package units (the last valid value of each)."""
        return dict(self._values)

    def set_values(self, values: dict[str, Any]) -> None:
        """Set several inputs at once (package units), then recompute once.

        Raises
        ------
        InputError
            If a name is not an input, or a value does not fit its input.
        """
        checked = {n: self.definition.input(n).check(v) for n, v in values.items()}
        self._holding = True
        try:
            for name, value in checked.items():
                self._values[name] = value
                self._own.add(name)
                self._set_control(name, value)
                self._note(name, "")
        finally:
            self._holding = False
        self._follow()
        self.refresh()

    # -- scenarios and exports: the files layer takes this calculator's data ------------------
    def scenario(
        self, title: str, description: str = "", evidence: Mapping[str, str] | None = None
    ) -> scenarios.Scenario:
        """The inputs on screen as a scenario (with the file shown, if the calculator reads one)."""
        return scenarios.from_values(
            self.name, self.values(), title, description, evidence, self.data_file
        )

    def apply(self, scenario: scenarios.Scenario) -> None:
        """Set the inputs from a scenario (checked again first); a worked example's shipped
        file is loaded, and a scenario made with another file asks for it.

        Raises
        ------
        ScenarioError
            If the scenario is for another calculator or its inputs do not fit.
        """
        if not isinstance(scenario, scenarios.Scenario):
            raise TypeError(f"scenario must be a Scenario; got {type(scenario).__name__}")
        if scenario.calculator != self.name:
            raise scenarios.ScenarioError(
                f"This scenario is for the {scenario.calculator} calculator, not {self.title} "
                f"({self.name}). Open that calculator to load it."
            )
        shipped = scenarios.shipped_file(scenario)
        if shipped is not None:  # a worked example's file ships with the guide
            self.load_bytes(*shipped)
        self.expect_data(scenario.data)  # a scenario made with a file asks for that file
        self.set_values(scenarios.check_inputs(self.name, scenario.inputs))

    def export(
        self,
        kind: str,
        folder: Any,
        title: str | None = None,
        evidence: Mapping[str, str] | None = None,
    ) -> Any:
        """Export what is on screen (csv, xlsx or docx) to ``folder``; returns the path.

        Raises
        ------
        ExportError
            While an input is invalid (the results on screen would not match the inputs).
        """
        if self.input_messages or self.message:
            shown = " ".join(self.input_messages.values()) or self.message
            raise exports.ExportError(
                f"Fix the input first: {shown} Exports hold the results for the inputs on "
                "screen, so they are made only when every input is valid."
            )
        try:
            report = exports.Report.of(
                self.name, self.values(), title or "", evidence, self.data, self.data_name
            )
        except InputError as error:
            raise exports.ExportError(str(error)) from None
        return exports.export(report, kind, folder)

    def type_value(self, name: str, typed: Any) -> None:
        """Type ``typed`` into input ``name``'s box as a person would (for tests and the app)."""
        control = self.controls[name]
        if control.value == typed:
            self._on_change(name, {"new": typed})
        else:
            control.value = typed

    def _set_control(self, name: str, value: Any) -> None:
        item = self.fields[name]
        self.controls[name].value = value if item.kind in ("choice", "text") else shown(item, value)

    def _note(self, name: str, message: str) -> None:
        if message:
            self.input_messages[name] = message
        else:
            self.input_messages.pop(name, None)
        note = self._input_notes[name]
        note.value = (
            f'<div class="guidance-input-message" role="alert">{html.escape(message)}</div>'
            if message
            else ""
        )
        note.layout.display = None if message else "none"

    def _on_change(self, name: str, change: dict) -> None:
        if self._holding:
            return
        item = self.fields[name]
        try:
            if item.kind == "choice":  # a dropdown gives the value itself
                value = item.check(change["new"])
            else:
                value = read(item, str(change["new"]))
        except InputError as error:
            self._note(name, str(error))
            self._show_stale()
            return
        self._note(name, "")
        self._values[name] = value
        self._own.add(name)
        self._follow()
        self.refresh()

    def _follow(self) -> None:
        """Inputs whose default follows another input take the new default, unless set."""
        for item in self.definition.inputs:
            if item.default.follows and item.name not in self._own:
                value = self.definition.default(item, self._values)
                if value != self._values[item.name]:
                    self._values[item.name] = value
                    self._holding, held = True, self._holding
                    try:
                        self._set_control(item.name, value)
                    finally:
                        self._holding = held

    def reset(self, name: str | None = None) -> None:
        """Put one input (or every input) back to its evidence default."""
        names = [name] if name else list(self.fields)
        for n in names:
            self._own.discard(n)
            self._note(n, "")
        given = {k: v for k, v in self._values.items() if k in self._own}
        self._values = self.definition.defaults(given)
        self._holding = True
        try:
            for n in names + [i.name for i in self.definition.inputs if i.default.follows]:
                self._set_control(n, self._values[n])
        finally:
            self._holding = False
        self.refresh()

    # -- uploads ----------------------------------------------------------------------------
    @staticmethod
    def fingerprint(content: bytes, name: str) -> dict[str, str]:
        """A file's name and the SHA-256 of its bytes, as a scenario records them.

        >>> Calculator.fingerprint(b"month\\n", "r.csv")["sha256"][:12]
        'b4a666ef7afa'
        """
        return {"name": name, "sha256": hashlib.sha256(content).hexdigest()}

    def _example_file(self, name: str) -> dict[str, str] | None:
        """The shipped example's fingerprint (from the download offered under its name)."""
        for file_name, content, _label in self.definition.upload.downloads:
            if file_name == name:
                return self.fingerprint(content().encode("utf-8"), name)
        return {"name": name, "sha256": ""}

    def expect_data(self, data: Mapping[str, str] | None) -> None:
        """A scenario made with the file ``data`` ({"name", "sha256"}) is being loaded.

        If another file is shown, the results are hidden and a message asks for that file,
        so a scenario's inputs are never shown over other data. Loading a file clears it.
        """
        wanted = dict(data or {})
        if (
            self.definition.upload is None
            or not wanted.get("sha256")
            or (self.data_file and self.data_file.get("sha256") == wanted["sha256"])
        ):
            self._wanted = {}
        else:
            self._wanted = wanted

    def _wanted_message(self) -> str:
        name = self._wanted.get("name") or "a file"
        return (
            f"This scenario was made with the file '{name}' (fingerprint "
            f"{self._wanted['sha256'][:12]}), which is not the one loaded now "
            f"('{self.data_name}'). No results are shown: load '{name}' with the "
            "Load a CSV file button to see them."
        )

    def _loaded_html(self) -> str:
        return (
            f'<span class="guidance-help" style="margin-left:1em">Showing: '
            f"{html.escape(self.data_name)}</span>"
        )

    def load_bytes(self, content: bytes, name: str) -> None:
        """Load a file's bytes; on a problem show the message and keep the last result."""
        upload = self.definition.upload
        try:
            data = upload.loader(content, name=f"'{name}'")
        except (ValueError, TypeError) as error:
            self._show_message(str(error))
            return
        except Exception as error:  # noqa: BLE001 - never a traceback on screen
            self._show_message(f"'{name}' could not be read ({error}).")
            return
        self.data, self.data_name = data, name
        self.data_file = self.fingerprint(content, name)
        self._wanted = {}
        self._loaded.value = self._loaded_html()
        follow = upload.on_load(data) if upload.on_load else {}
        if follow:
            self.set_values(follow)
        else:
            self.refresh()

    def _on_upload(self, change: dict) -> None:
        value = change["new"]
        if not value:
            return
        item = value[0] if isinstance(value, (tuple, list)) else next(iter(value.values()))
        name = str(item.get("name") or "the uploaded file")
        self.load_bytes(bytes(item["content"]), name)

    # -- computing --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute from the current inputs; show a message instead of failing.

        While it works a busy line is shown (the page shows it only if the work takes more
        than a moment).
        """
        self._busy.value = f'<div class="guidance-busy" role="status">{BUSY_TEXT}</div>'
        self._busy.layout.display = None
        try:
            self._compute()
        finally:
            self._busy.layout.display = "none"
            self._busy.value = ""

    def _compute(self) -> None:
        if self._wanted:
            self.result = None
            self.message = self._wanted_message()
            self._message.value = _MESSAGE.format(html.escape(self.message))
            self._summary.value = self._figures.value = self._rest.value = ""
            return
        try:
            if self.definition.upload is None:
                result = self.definition.compute(**self._values)
            else:
                result = self.definition.compute(self.data, **self._values)
        except (ValueError, TypeError) as error:
            self._show_message(self._in_words(str(error)))
            return
        except Exception as error:  # noqa: BLE001 - a widget must never show a traceback
            self._show_message(f"Could not calculate with these inputs ({error}).")
            return
        if self.input_messages:
            self._show_stale()
        else:
            self.message = ""
            self._message.value = ""
        self.result = result
        self._summary.value = (
            f'<p class="guidance-summary"><strong>{html.escape(text(result.summary))}</strong></p>'
        )
        self._figures.value = "".join(self._live_figure(i) for i in range(len(result.figures)))
        self._rest.value = (
            checks_html(result.checks)
            + notes_html(result.notes)
            + "".join(output_table_html(t) for t in result.tables)
        )

    def _live_figure(self, i: int) -> str:
        spec = self.result.figures[i]
        last = self._shown_figures.get(i)
        if (
            spec.key is not None
            and last is not None
            and last[0] is spec.key
            and last[1] == spec.alt
        ):
            return last[2]
        shown = self._live.setdefault(i, LiveFigure()).html(plot(spec), text(spec.alt))
        self._shown_figures[i] = (spec.key, spec.alt, shown)
        return shown

    def _in_words(self, message: str) -> str:
        """Name the input by its label where the package named the parameter."""
        for name, item in self.fields.items():
            if message.startswith(name + " "):
                return f"{item.label}{message[len(name) :]}"
        return message

    def _show_stale(self) -> None:
        if self.result is None:
            return
        self.message = "The results below are for the last valid inputs."
        self._message.value = _MESSAGE.format(html.escape(self.message))

    def _show_message(self, message: str) -> None:
        lines = [line for line in message.splitlines() if line.strip()]
        stale = " The results below are for the last valid inputs." if self.result else ""
        head, items = lines[0], [line.lstrip("- ") for line in lines[1:]]
        self.message = head + stale
        body = html.escape(head) + stale
        if items:
            body += "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
        self._message.value = _MESSAGE.format(body)

    # -- display ----------------------------------------------------------------------------
    @property
    def _static_html(self) -> str:
        if self._static_cache is None:
            self._static_cache = self._render_static()
        return self._static_cache

    def _render_static(self) -> str:
        result = self._static_result
        body = ""
        if result is not None:
            body = output_html(
                result,
                lambda i: figure_html(
                    static_figure(result.figures[i]), text(result.figures[i].alt)
                ),
            )
        live = "load your own file and change the inputs" if self.upload else "change the inputs"
        data = ""
        if self.definition.upload is not None:
            data = (
                f'<p class="guidance-help">Data shown: {html.escape(self._static_data_name)}. '
                f"{downloads_html(self.definition.upload.downloads)}</p>"
            )
        return (
            f'<div class="guidance-calculator" data-calculator="{html.escape(self.name)}">'
            f'<p class="guidance-calculator-title"><strong>{html.escape(self.title)}</strong> '
            f"(default result; run this page live to {live})</p>{data}"
            f"{inputs_html(self.definition, self._defaults, 'Default inputs')}{body}"
            f"{_app_link_html(self.definition, self._defaults)}"
            f"{_workbook_link_html(self.name)}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_()
        bundle["text/html"] = self._static_html
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return f"{self.title}\n" + (output_text(self.result) if self.result else self.message)

"""The shared parts of every calculator workbook: Inputs, Results and Sources sheets.

A calculator's module declares a :class:`WorkbookSpec`: the evidence-register values its
formulas use (named cells on the Sources sheet) and the result rows, each an Excel formula
written with defined names so it reads like the book (``=Eligible*ReachPerYear``) and the
package's value it must equal (``expected``, read from the calculator's own output). The
Inputs sheet is made from the calculator's definition: label, value, unit, the allowed
range as data validation with the app's own words, the default and where it comes from.

Example
-------
>>> name_for("in_contact"), name_for("kpi.ips.access.min")
('InContact', 'KpiIpsAccessMin')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ...calculators.spec import Definition, Input, Output
from ...core.evidence import load_register
from ...presentation.citations import cite_text

__all__ = [
    "FORMATS",
    "NOT_COMPUTED",
    "ROUNDING",
    "Cell",
    "Row",
    "Section",
    "WorkbookSpec",
    "name_for",
    "option",
    "build",
    "add_case",
    "sources_sheet",
    "error_message",
]

FORMATS = {
    "GBP": '"£"#,##0',
    "GBP2": '"£"#,##0.00',
    "share": "0.0%",
    "count": "#,##0",
    "FTE": "#,##0.0",
    "number": "#,##0.00",
    "text": "@",
}
"""Number formats by unit: money in whole pounds, shares as percentages, whole counts."""

ROUNDING = (
    "Cells hold full numbers; Excel's formats round halves away from zero, while the app "
    "shows money with an exact half rounded to the even pound, so an amount ending in "
    "exactly 50p can show £1 apart."
)
"""Where Excel and the app round differently, said on every Results sheet."""

NOT_COMPUTED = "not computed"
"""What a result cell says where the package has no number (NaN), e.g. a cost per job
when there are no jobs."""

_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}\d+|[RrCc]\d*|[Rr]\d*[Cc]\d*)$")


def name_for(key: str) -> str:
    """An Excel defined name for an input name or register key: ``InContact``.

    >>> name_for("wellby.value_2019")
    'WellbyValue2019'
    """
    parts = re.split(r"[._\s]+", key)
    name = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name) or _CELL_LIKE.match(name):
        raise ValueError(f"{key!r} gives {name!r}, which Excel cannot use as a name")
    return name


def option(item: Input, value: Any) -> str:
    """The label of a choice as a quoted Excel string, for formulas: ``"caseload"``."""
    for label, allowed in item.options:
        if allowed == value:
            return '"' + label.replace('"', '""') + '"'
    raise ValueError(f"{item.name} has no option {value!r}")


@dataclass(frozen=True)
class Cell:
    """One result cell: a defined name, a formula (without ``=``), a unit and the
    package's value it must equal.

    ``expected(output, values)`` returns the package's value: a float, a whole number
    (``exact``), text, or NaN for :data:`NOT_COMPUTED`. None for a step of the working
    (a discount factor) that the app does not show: it is checked through every result
    that uses it.
    """

    name: str
    formula: str
    unit: str
    expected: Callable[[Output, Mapping[str, Any]], Any] | None
    exact: bool = False
    named: bool = True


@dataclass(frozen=True)
class Row:
    """A row of a result table: its label, its cells (None for an empty one) and a note
    (e.g. where Excel and the package round differently)."""

    label: str
    cells: tuple[Cell | None, ...]
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A heading, the column headings after the label column, and rows."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    ranges: tuple[tuple[str, int], ...] = ()
    """(name, column) pairs: a defined name for a whole column of the rows (0 = first
    value column, -1 = the labels), for formulas that add up or look up a table's rows."""


@dataclass(frozen=True)
class WorkbookSpec:
    """Everything a calculator's workbook adds to its definition.

    ``constants`` are evidence-register keys the formulas use (as :func:`name_for` names);
    ``message`` an optional formula giving the package's refusal in words ("" when none);
    ``refused(values)`` says whether the package refuses these inputs (ValueError).
    ``sheets`` adds further input sheets (for example a sheet of scores to paste into);
    ``notes`` are sentences shown at the top of the Results sheet.
    """

    definition: Definition
    sections: tuple[Section, ...]
    constants: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    message: str = ""
    sheets: Callable[[Workbook, str, Mapping[str, Any], Any], dict[str, str]] | None = None

    def cells(self) -> list[Cell]:
        """Every result cell, in sheet order."""
        return [c for s in self.sections for r in s.rows for c in r.cells if c is not None]


def _text(ws: Worksheet, row: int, column: int, value: str):
    """Write text that stays text (a label starting with '=' never becomes a formula)."""
    cell = ws.cell(row, column)
    cell.value = value
    cell.data_type = "s"
    return cell


def _define(wb: Workbook, ws: Worksheet | None, name: str, sheet: str, ref: str) -> None:
    """A defined name for ``sheet!ref``: workbook-wide, or scoped to ``ws`` when given."""
    target = f"'{sheet}'!{ref}"
    if ws is None:
        wb.defined_names[name] = DefinedName(name, attr_text=target)
    else:
        ws.defined_names[name] = DefinedName(name, attr_text=target)


def _sources_sheet(wb: Workbook, spec: WorkbookSpec) -> None:
    """The register values the formulas use, each named, with its source; and the choices."""
    ws = wb.create_sheet("Sources")
    register = load_register()
    _text(ws, 1, 1, f"{spec.definition.title}: sources").font = _TITLE
    _text(
        ws,
        2,
        1,
        "The evidence-register values the formulas use, each as a named cell, with where it "
        "comes from. They are locked; change a default on the Inputs sheet instead.",
    )
    for col, head in enumerate(("Value", "Name", "What it is", "Source"), start=1):
        _text(ws, 4, col, head).font = _BOLD
    row = 5
    for key in spec.constants:
        entry = register[key]
        ws.cell(row, 1, float(entry.value))
        _text(ws, row, 2, name_for(key))
        _text(ws, row, 3, entry.description)
        _text(ws, row, 4, cite_text(entry.citation()))
        _define(wb, None, name_for(key), "Sources", f"$A${row}")
        row += 1
    row += 1
    _text(ws, row, 1, "Choices allowed on the Inputs sheet").font = _BOLD
    row += 1
    for item in spec.definition.inputs:
        if item.kind != "choice":
            continue
        _text(ws, row, 1, item.label).font = _BOLD
        first = row + 1
        for label, _ in item.options:
            row += 1
            _text(ws, row, 1, label)
        _define(wb, None, name_for(item.name) + "Choices", "Sources", f"$A${first}:$A${row}")
        row += 2
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 60
    ws.protection.sheet = True


def error_message(item: Input) -> str:
    """What Excel says when a value is refused: the app's own words, or for a choice whose
    list of options is longer than Excel allows (255 characters), a pointer to the list.

    >>> from guidance.calculators import get
    >>> error_message(get("service_sizing").input("model"))
    'Fidelity model (sets the KPI checks and model defaults) must be one of IPS, SEQF.'
    """
    message = f"{item.label} must be {item.allowed}."
    if len(message) > 255:
        message = f"{item.label} must be one of the choices in its list (the Allowed column)."
    return message


def _validation(item: Input) -> DataValidation:
    """The allowed values as a data validation rule, in the app's own words."""
    message = error_message(item)
    if item.kind == "choice":
        dv = DataValidation(type="list", formula1=f"={name_for(item.name)}Choices")
    else:
        kind = "whole" if item.kind == "integer" else "decimal"
        dv = DataValidation(
            type=kind, operator="between", formula1=repr(item.minimum), formula2=repr(item.maximum)
        )
    dv.allow_blank = False
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorStyle = "stop"
    dv.errorTitle = "Value not allowed"
    dv.error = message
    dv.promptTitle = item.label[:32]
    prompt = f"Allowed: {item.allowed}." + (f" {item.help}" if item.help else "")
    if len(prompt) > 255:  # Excel's limit: the Allowed column holds the whole list
        prompt = "Choose from the list (the Allowed column lists the choices)."
    dv.prompt = prompt
    return dv


def _shown_default(item: Input, value: Any) -> Any:
    if item.kind == "choice":
        return next(label for label, v in item.options if v == value)
    return value


def _inputs_sheet(
    wb: Workbook, spec: WorkbookSpec, values: Mapping[str, Any], title: str
) -> Worksheet:
    d = spec.definition
    ws = wb.create_sheet(title)
    _text(ws, 1, 1, f"{d.title}: inputs").font = _TITLE
    _text(
        ws,
        2,
        1,
        "Type your own values in the yellow cells of the column 'Your value'; the Results "
        "sheet follows. A value outside what is allowed is refused with the reason.",
    )
    if d.inputs_note:
        _text(ws, 3, 1, d.inputs_note)
    heads = ("Input", "Your value", "Unit", "Allowed", "Default", "Where the default comes from")
    for col, head in enumerate(heads, start=1):
        cell = _text(ws, 4, col, head)
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
    row = 5
    for item in d.inputs:
        value = values[item.name]
        default = d.default(item, values)
        source = d.input(item.name).default.resolve(values)[1]
        _text(ws, row, 1, item.label).alignment = _WRAP
        cell = ws.cell(row, 2)
        if item.kind == "choice":
            _text(ws, row, 2, _shown_default(item, value))
        else:
            cell.value = value
        cell.fill = _INPUT_FILL
        cell.protection = Protection(locked=False)
        fmt = _input_format(item)
        cell.number_format = fmt
        _text(ws, row, 3, item.unit)
        _text(ws, row, 4, item.allowed).alignment = _WRAP
        dcell = ws.cell(row, 5)
        if item.kind == "choice":
            _text(ws, row, 5, _shown_default(item, default))
        else:
            dcell.value = default
            dcell.number_format = fmt
        if source.startswith("illustrative:"):
            source = "Illustrative, not from a source:" + source[len("illustrative:") :]
        source = cite_text(source)  # author-year, as the book cites it
        _text(ws, row, 6, source).alignment = _WRAP
        lines = max(
            math.ceil(len(text) / (width - 2))
            for text, width in ((item.label, 40), (item.allowed, 34), (source, 64))
        )
        ws.row_dimensions[row].height = 15 * max(1, lines)
        for col in range(1, 7):
            ws.cell(row, col).alignment = _WRAP
            ws.cell(row, col).border = _BORDER
        dv = _validation(item)
        ws.add_data_validation(dv)
        dv.add(cell)
        row += 1
    row += 1
    _text(
        ws,
        row,
        1,
        "Illustrative defaults are examples chosen to show how the calculator works, not "
        "figures from a source: replace them with your own.",
    ).alignment = Alignment(wrap_text=False)
    for col, width in zip("ABCDEF", (40, 28, 10, 34, 28, 64), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"
    _print_setup(ws)
    ws.protection.sheet = True
    return ws


def _print_setup(ws: Worksheet) -> None:
    """Print landscape, as wide as the page, as many pages long as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _input_format(item: Input) -> str:
    if item.kind == "percent":
        return "0.0%"
    if item.kind == "integer":
        return "#,##0"
    if item.kind == "choice":
        return "@"
    return '"£"#,##0.00' if item.unit.startswith("£") else "#,##0.##"


def _results_sheet(
    wb: Workbook, ws: Worksheet, spec: WorkbookSpec, inputs_title: str, scoped: bool
) -> dict[str, str]:
    """Fill the Results sheet: formulas only, each result cell named. Returns the address
    of each result name (and of ``Message``)."""
    d = spec.definition
    _text(ws, 1, 1, f"{d.title}: results").font = _TITLE
    _text(ws, 2, 1, f"Every number here is a formula on the '{inputs_title}' sheet's values.")
    _text(ws, 3, 1, ROUNDING)
    row = 4
    for note in spec.notes:
        _text(ws, row, 1, note)
        row += 1
    addresses: dict[str, str] = {}
    if spec.message:
        row += 1
        _text(ws, row, 1, "Message").font = _BOLD
        ws.cell(row, 2, "=" + spec.message).font = Font(bold=True, color="9A3412")
        addresses["Message"] = f"B{row}"
        row += 1
    for section in spec.sections:
        row += 1
        _text(ws, row, 1, section.heading).font = _BOLD
        row += 1
        for col, head in enumerate(section.columns, start=2):
            cell = _text(ws, row, col, head)
            cell.font = _BOLD
            cell.fill = _HEAD_FILL
            cell.alignment = _WRAP
        _text(ws, row, 2 + len(section.columns), "Note").font = _BOLD
        row += 1
        first = row
        for name, column in section.ranges:
            letter = ws.cell(row, 2 + column).column_letter  # column -1 is A, the labels
            ref = f"${letter}${first}:${letter}${first + len(section.rows) - 1}"
            _define(wb, ws if scoped else None, name, ws.title, ref)
        for r in section.rows:
            _text(ws, row, 1, r.label).alignment = _WRAP
            if len(r.label) > 46:
                ws.row_dimensions[row].height = 30
            for col, c in enumerate(r.cells, start=2):
                if c is None:
                    continue
                cell = ws.cell(row, col, "=" + c.formula)
                cell.number_format = FORMATS[c.unit]
                addresses[c.name] = cell.coordinate
                if c.named:
                    ref = f"${cell.column_letter}${row}"
                    _define(wb, ws if scoped else None, c.name, ws.title, ref)
            if r.note:
                _text(ws, row, 2 + len(section.columns), r.note)
            row += 1
    ws.column_dimensions["A"].width = 48
    for col in "BCDEFGHIJK":
        ws.column_dimensions[col].width = 16
    _print_setup(ws)
    ws.protection.sheet = True
    return addresses


def add_case(
    wb: Workbook, spec: WorkbookSpec, values: Mapping[str, Any], suffix: str = "", data: Any = None
) -> dict[str, str]:
    """Add an Inputs and a Results sheet for ``values`` (checked inputs, every one given).

    With a ``suffix`` the sheets are called ``Inputs<suffix>`` and ``Results<suffix>`` and
    their names are scoped to the Results sheet, so one file can hold many cases (the
    agreement test recalculates them all in one LibreOffice run).

    Returns the address of each result name (and of ``Message``) on the Results sheet.
    """
    inputs_title, results_title = f"Inputs{suffix}", f"Results{suffix}"
    scoped = bool(suffix)
    _inputs_sheet(wb, spec, values, inputs_title)
    results = wb.create_sheet(results_title)
    for name, dn in _input_names(spec, inputs_title).items():
        _define(wb, results if scoped else None, name, inputs_title, dn)
    addresses = _results_sheet(wb, results, spec, inputs_title, scoped)
    if spec.sheets is not None:
        for name, ref in spec.sheets(wb, suffix, values, data).items():
            sheet, cells = ref.rsplit("!", 1)
            _define(wb, results if scoped else None, name, sheet.strip("'"), cells)
    return addresses


def _input_names(spec: WorkbookSpec, inputs_title: str) -> dict[str, str]:
    """Each input's defined name and its cell on the Inputs sheet."""
    return {name_for(item.name): f"$B${5 + i}" for i, item in enumerate(spec.definition.inputs)}


def build(spec: WorkbookSpec, values: Mapping[str, Any], data: Any = None) -> Workbook:
    """The workbook for one set of checked input values (every input given)."""
    wb = Workbook()
    wb.remove(wb.active)
    add_case(wb, spec, values, "", data)
    _sources_sheet(wb, spec)
    wb.active = 0
    return wb


def sources_sheet(wb: Workbook, spec: WorkbookSpec) -> None:
    """Add the Sources sheet (once per file)."""
    _sources_sheet(wb, spec)

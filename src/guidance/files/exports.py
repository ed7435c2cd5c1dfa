"""Take-aways: a calculator's results as CSV, XLSX and DOCX, with the inputs and sources.

Exports are made from a calculator's definition, its inputs and its output (never from a
widget), so the app, the command line and a script make the same files:

* CSV and XLSX hold **numbers as numbers** (money, shares and counts are numeric cells;
  the XLSX gives them number formats such as ``£#,##0`` and ``0%``), with the unit in the
  column heading, the inputs and their sources on their own block or sheet;
* any text a person typed that reaches a cell is neutralised so it can never become a
  formula (a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a ``'``
  before it, as the OWASP guidance on CSV injection describes) and control characters a
  paste can bring are removed;
* the DOCX is a draft for a commissioner's own documents: for service sizing a draft KPI
  and payment schedule, for the others the results with their tables, figure, the inputs
  changed from the defaults and the references behind every figure.

Citations come from the evidence keys behind the inputs (the register and
``references.bib``), never from text scraped back out of HTML.

Example
-------
>>> report = Report.of("service_sizing")
>>> rows = results_rows(report)
>>> rows[1:4]
[['Service sizing for one steady-state year'], ['measure', 'value', 'value: unit'], \
['In contact with services', 60424.0, 'count']]
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..calculators import get
from ..calculators.economic_case import economic_inputs
from ..calculators.spec import Definition, InputError, Output, Q, Table, Text, text_problem
from ..core import safe_files
from ..core.evidence import EvidenceError, bibliography_keys, load_register, reference
from ..presentation.citations import cite_text
from ..presentation.display import figure_png
from ..presentation.figures import static_figure
from ..presentation.formatting import decimal, gbp, whole
from ..presentation.render import STATUS_WORDS, input_value, quantity, text
from ..presentation.render import cell as shown
from .economic_report import economic_case_docx
from .scenarios import changed_inputs, slug

__all__ = [
    "KINDS",
    "UNIT_WORDS",
    "XLSX_FORMATS",
    "DOCX_BUILDERS",
    "ExportError",
    "Report",
    "safe_text",
    "results_rows",
    "inputs_rows",
    "references_for",
    "to_csv",
    "to_xlsx",
    "to_docx",
    "export",
]

KINDS = ("csv", "xlsx", "docx")
"""Export formats, by file extension."""

UNIT_WORDS = {"GBP": "£", "share": "%", "count": "count", "FTE": "FTE", "number": "number"}
"""A unit as written in a column heading."""

XLSX_FORMATS = {
    "GBP": '"£"#,##0',
    "share": "0%",
    "count": "#,##0",
    "FTE": "0.0",
    "number": "#,##0.0",
}
"""A unit's Excel number format (decimals are added where a value asks for them)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ExportError(ValueError):
    """An export that cannot be made (for example while an input is invalid)."""


def safe_text(value: str) -> str:
    """Text as it may stand in a spreadsheet cell: never a formula, no control characters.

    Examples
    --------
    >>> safe_text('=HYPERLINK("http://x")'), safe_text("-5 people"), safe_text("a\\x0bb")
    ('\\'=HYPERLINK("http://x")', "'-5 people", 'ab')
    """
    if not isinstance(value, str):
        raise TypeError(f"value must be text; got {type(value).__name__}")
    value = _CONTROL.sub("", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


@dataclass(frozen=True)
class Report:
    """What an export holds: a calculator, its inputs and its output, and a title."""

    definition: Definition
    values: dict[str, Any]
    output: Output
    title: str = ""
    evidence: dict[str, str] = field(default_factory=dict)
    data_name: str = ""

    @classmethod
    def of(
        cls,
        name: str,
        values: Mapping[str, Any] | None = None,
        title: str = "",
        evidence: Mapping[str, str] | None = None,
        data: Any = None,
        data_name: str = "",
    ) -> Report:
        """Run calculator ``name`` on ``values`` (the rest at their defaults) for an export."""
        if not isinstance(title, str):
            raise TypeError(f"title must be text; got {type(title).__name__}")
        for field_name, words in (("title", title), ("data_name", data_name)):
            problem = text_problem(words) if isinstance(words, str) else ""
            if problem:
                what = "The title" if field_name == "title" else "The file's name"
                raise InputError(f"{what} holds {problem}; retype it.", field_name)
        if evidence is not None and not (
            isinstance(evidence, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in evidence.items())
        ):
            raise TypeError("evidence must map input names to evidence-register keys (text)")
        d = get(name)
        checked = d.check(values or {})
        return cls(d, checked, d.run(checked, data), title, dict(evidence or {}), data_name)


def _need_report(report: object) -> None:
    if not isinstance(report, Report):
        raise TypeError(f"report must be a Report (Report.of); got {type(report).__name__}")


def _stamp() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# -- rows: what every format holds --------------------------------------------------------------
def _cell_number(cell: Any) -> tuple[Any, str, int | None]:
    """(value, unit, decimals) of a table cell: numbers stay numbers, text is made safe."""
    if isinstance(cell, Q):
        value = cell.value
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return "not computed", "text", None
        return value, cell.unit, cell.decimals
    if cell is None:
        return "", "text", None
    if isinstance(cell, Text):
        return safe_text(text(cell)), "text", None
    if isinstance(cell, str):
        return safe_text(cell), "text", None
    return cell, "number", None


def _table_block(table: Table) -> list[list[Any]]:
    """A table as rows: caption, headings with units, then cells (numbers as numbers).

    A column whose cells carry different units gets a unit column beside it.
    """
    units_by_column = [
        {table.cell(r, c).unit for r in range(len(table.rows)) if isinstance(table.cell(r, c), Q)}
        for c in range(len(table.columns))
    ]
    heading: list[Any] = []
    for column, units in zip(table.columns, units_by_column, strict=True):
        if len(units) == 1 and column.unit != "text":
            heading.append(f"{column.label} ({UNIT_WORDS[units.pop()]})")
        elif len(units) > 1 or (len(units) == 1 and column.unit == "text"):
            heading += [column.label, f"{column.label}: unit"]
        else:
            heading.append(column.label)
    rows = [[text(table.caption)], heading]
    for r in range(len(table.rows)):
        row: list[Any] = []
        for c, column in enumerate(table.columns):
            value, unit, _ = _cell_number(table.cell(r, c))
            row.append(value)
            units = units_by_column[c]
            if len(units) > 1 or (len(units) == 1 and column.unit == "text"):
                row.append(UNIT_WORDS.get(unit, ""))
        rows.append(row)
    return rows


def results_rows(report: Report) -> list[list[Any]]:
    """The output as rows: summary, checks, notes, then each table (numbers as numbers)."""
    _need_report(report)
    out: list[list[Any]] = [["Summary", safe_text(text(report.output.summary))]]
    for table in report.output.tables:
        out += _table_block(table)
        out.append([])
    if report.output.checks:
        out.append(["KPI checks"])
        out.append(["KPI", "Value", "Unit", "Suggested", "Check"])
        for check in report.output.checks:
            value, unit, _ = _cell_number(check.value)
            out.append(
                [
                    check.label,
                    value,
                    UNIT_WORDS.get(unit, ""),
                    text(check.suggested),
                    STATUS_WORDS.get(check.status, check.status),
                ]
            )
        out.append([])
    for note in report.output.notes:
        out.append([note.heading])
        out += [[safe_text(text(item))] for item in note.items]
        out.append([])
    return out


def _source(report: Report, name: str, changed: set[str]) -> tuple[str, str]:
    """(source in words, evidence key) for an input: its default's, or the typed value's."""
    item = report.definition.input(name)
    if name in changed:
        key = report.evidence.get(name, "")
        register = load_register()
        value = report.values[name]
        if (
            key in register
            and isinstance(value, (int, float))
            and math.isclose(register.value(key), value, rel_tol=1e-9, abs_tol=1e-12)
        ):
            return register[key].citation(), key
        return "your own figure (changed from the default)", ""
    key = item.default.key_for(report.values)
    return report.definition.source(name, report.values), key


def inputs_rows(report: Report) -> list[list[Any]]:
    """Every input: label, value (a number, percent as a share), unit, default, changed,
    source (a short author-year citation, as the References list starts) and the input's
    name."""
    _need_report(report)
    changed = {i.name for i, _, _ in changed_inputs(report.definition.name, report.values)}
    rows: list[list[Any]] = [
        ["Input", "Value", "Unit", "Default", "Changed from default", "Source", "Name"]
    ]
    for item in report.definition.inputs:
        value = report.values[item.name]
        default = report.definition.default(item, report.values)
        if item.kind == "choice":
            value = input_value(report.definition, item.name, value)
            default = input_value(report.definition, item.name, default)
        elif item.kind == "text":
            value, default = safe_text(value), safe_text(default)
        source, _ = _source(report, item.name, changed)
        unit = "share (0-1)" if item.kind == "percent" else item.unit
        rows.append(
            [
                item.label,
                value,
                unit,
                default,
                "yes" if item.name in changed else "no",
                cite_text(source),
                item.name,
            ]
        )
    return rows


def references_for(report: Report) -> list[str]:
    """Full references for the sources behind the inputs and any key the output cites."""
    _need_report(report)
    register = load_register()
    changed = {i.name for i, _, _ in changed_inputs(report.definition.name, report.values)}
    keys: list[str] = []
    for item in report.definition.inputs:
        _, key = _source(report, item.name, changed)
        if key and register[key].source not in keys:
            keys.append(register[key].source)
    words = [text(report.output.summary)] + [text(t.caption) for t in report.output.tables]
    words += [text(i) for n in report.output.notes for i in n.items]
    known = bibliography_keys()
    for token in re.findall(r"[A-Za-z0-9_:-]+", " ".join(words)):
        if token in known and token not in keys:
            keys.append(token)
    out = []
    for key in keys:
        try:
            out.append(reference(key))
        except EvidenceError:
            continue
    return out


def _about(report: Report) -> list[list[Any]]:
    rows = [
        ["Calculator", report.definition.title],
        ["Scenario", safe_text(report.title) or "(not named)"],
        ["Exported", _stamp()],
    ]
    if report.data_name:
        rows.append(["Data file", safe_text(report.data_name)])
    return rows


# -- CSV -----------------------------------------------------------------------------------------
def to_csv(report: Report) -> bytes:
    """The export as one CSV file (UTF-8 with a byte-order mark, for Excel).

    Blocks separated by a blank line: about the export, the results (numbers unformatted,
    units in the headings), the inputs with their sources, the references.
    """
    _need_report(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(_about(report))
    writer.writerow([])
    writer.writerows(results_rows(report))
    writer.writerow(["Inputs"])
    writer.writerows(inputs_rows(report))
    writer.writerow([])
    writer.writerow(["References"])
    writer.writerows([r] for r in references_for(report))
    return buffer.getvalue().encode("utf-8-sig")


# -- XLSX ----------------------------------------------------------------------------------------
def _number_format(unit: str, decimals: int | None) -> str:
    base = XLSX_FORMATS.get(unit, "General")
    if decimals:
        places = "0" * decimals
        base = base.replace("0%", f"0.{places}%").replace("#,##0.0", f"#,##0.{places}")
        if unit in ("GBP", "count"):
            base += f".{places}"
    return base


def _write_sheet(wb, name: str, rows: list[list[Any]], widths: list[int] | None = None):
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(name)
    for row in rows:
        ws.append([safe_text(x) if isinstance(x, str) else x for x in row])
    for column in ws.columns:
        letter = column[0].column_letter
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        ws.column_dimensions[letter].width = min(max(10, longest + 2), 70)
        for c in column:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    if widths:
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
    ws["A1"].font = Font(bold=True)
    return ws


def to_xlsx(report: Report) -> bytes:
    """The export as an Excel workbook: sheets About, Results, Inputs, References.

    Every figure is a numeric cell with a number format for its unit (money ``£#,##0``,
    shares ``0%``, counts ``#,##0``).
    """
    _need_report(report)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    _write_sheet(wb, "About", _about(report), [14, 100])
    ws = wb.create_sheet("Results")
    row = 1

    def put(values: list[Any], bold: bool = False, formats: list[str | None] | None = None):
        nonlocal row
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            if bold:
                cell.font = Font(bold=True)
            if formats and col <= len(formats) and formats[col - 1]:
                cell.number_format = formats[col - 1]
        row += 1

    put(["Summary", safe_text(text(report.output.summary))], bold=True)
    for table in report.output.tables:
        row += 1
        block = _table_block(table)
        put(block[0], bold=True)
        put(block[1], bold=True)
        for r, values in enumerate(block[2:]):
            formats: list[str | None] = []
            for c in range(len(table.columns)):
                value, unit, decimals = _cell_number(table.cell(r, c))
                formats.append(None if isinstance(value, str) else _number_format(unit, decimals))
                if len(formats) < len(values) and block[1][len(formats)].endswith(": unit"):
                    formats.append(None)
            put(values, formats=formats)
    if report.output.checks:
        row += 1
        put(["KPI checks"], bold=True)
        put(["KPI", "Value", "Unit", "Suggested", "Check"], bold=True)
        for check in report.output.checks:
            value, unit, decimals = _cell_number(check.value)
            fmt = None if isinstance(value, str) else _number_format(unit, decimals)
            put(
                [
                    check.label,
                    value,
                    UNIT_WORDS.get(unit, ""),
                    text(check.suggested),
                    STATUS_WORDS.get(check.status, check.status),
                ],
                formats=[None, fmt],
            )
    for note in report.output.notes:
        row += 1
        put([note.heading], bold=True)
        for item in note.items:
            put([safe_text(text(item))])
    ws.column_dimensions["A"].width = 44
    for letter in "BCDEFGH":
        ws.column_dimensions[letter].width = 18
    inputs = _write_sheet(wb, "Inputs", inputs_rows(report), [40, 14, 14, 14, 12, 60, 24])
    for row in inputs.iter_rows(min_row=2):
        item = report.definition.input(row[6].value)
        if item.kind == "percent":
            row[1].number_format = row[3].number_format = "0.0%"
    _write_sheet(wb, "References", [["Reference"]] + [[r] for r in references_for(report)], [120])
    wb.properties.title = f"{report.definition.title}: {safe_text(report.title) or 'results'}"
    wb.properties.creator = "Commissioning Supported Employment (guidance)"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- DOCX ----------------------------------------------------------------------------------------
def _docx_table(doc, header: list[str], rows: list[list[str]], caption: str = "", widths=None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    if caption:
        doc.add_paragraph().add_run(caption).bold = True
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for i, column in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = str(column)
        cell.paragraphs[0].runs[0].bold = True
    tr_pr = table.rows[0]._tr.get_or_add_trPr()  # repeat the header row on every page
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = _CONTROL.sub("", str(value))
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
            if widths and i < len(widths):
                cell.width = Cm(widths[i])
    doc.add_paragraph()
    return table


def _shown_table(table: Table) -> tuple[list[str], list[list[str]]]:
    header = [c.label for c in table.columns]
    rows = [
        [shown(table.cell(r, i)) for i in range(len(table.columns))] for r in range(len(table.rows))
    ]
    return header, rows


def _new_document(heading: str, report: Report):
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    doc.core_properties.title = heading
    doc.core_properties.author = "Commissioning Supported Employment (guidance)"
    doc.core_properties.language = "en-GB"
    doc.add_heading(heading, level=0)
    p = doc.add_paragraph()
    p.add_run("DRAFT for discussion. ").bold = True
    p.add_run(
        f"Made with the {report.definition.title} calculator of the guide Commissioning "
        f"Supported Employment ({_stamp()[:10]}). Scenario: "
        f"{_CONTROL.sub('', report.title) or '(not named)'}. Figures come from the evidence "
        "register (references below) or are the values typed in the session, listed under "
        "'Assumptions changed from the defaults'."
    )
    return doc


def _results_section(doc, report: Report) -> None:
    out = report.output
    doc.add_heading("Results", level=1)
    doc.add_paragraph(text(out.summary))
    if out.checks:
        _docx_table(
            doc,
            ["KPI", "This scenario", "Suggested", "Check"],
            [
                [
                    c.label,
                    quantity(c.value),
                    text(c.suggested),
                    STATUS_WORDS.get(c.status, c.status),
                ]
                for c in out.checks
            ],
            caption="KPI checks",
        )
    for note in out.notes:
        doc.add_paragraph().add_run(note.heading).bold = True
        for item in note.items:
            doc.add_paragraph(text(item), style="List Bullet")
    for table in out.tables:
        header, rows = _shown_table(table)
        _docx_table(doc, header, rows, caption=text(table.caption))
    for figure in out.figures:
        from docx.shared import Cm

        doc.add_picture(io.BytesIO(figure_png(static_figure(figure))), width=Cm(16))
        doc.inline_shapes[-1]._inline.docPr.set("descr", text(figure.alt))
        doc.add_paragraph().add_run(f"Figure: {text(figure.alt)}").italic = True


def _inputs_section(doc, report: Report) -> None:
    rows = inputs_rows(report)[1:]
    changed = [r for r in rows if r[4] == "yes"]
    doc.add_heading("Assumptions changed from the defaults", level=1)
    if not changed:
        doc.add_paragraph(
            "None: every input is the default from the evidence register, so every figure "
            "rests on the published sources below."
        )
    else:
        doc.add_paragraph(
            "These inputs differ from the evidence defaults. Check each one before the "
            "figures are used in a specification."
        )
        _docx_table(
            doc,
            ["Input", "Default", "This scenario", "Source of this value"],
            [
                [r[0], _shown_input(report, r[6], r[3]), _shown_input(report, r[6], r[1]), r[5]]
                for r in changed
            ],
            widths=[5.5, 2.5, 2.5, 6],
        )
    doc.add_heading("All inputs and their sources", level=1)
    _docx_table(
        doc,
        ["Input", "Value", "Changed from default", "Source"],
        [[r[0], _shown_input(report, r[6], r[1]), r[4], r[5]] for r in rows],
        widths=[5.5, 2.5, 2, 6.5],
    )
    doc.add_heading("References", level=1)
    refs = references_for(report)
    for ref in refs:
        doc.add_paragraph(ref, style="List Bullet")
    if not refs:
        doc.add_paragraph("Every input is your own figure.")


def _shown_input(report: Report, name: str, value: Any) -> str:
    item = report.definition.input(name)
    if item.kind in ("choice", "text"):
        return str(value)
    return input_value(report.definition, name, value)


def _generic_docx(report: Report):
    doc = _new_document(f"{report.definition.title}: results", report)
    _results_section(doc, report)
    _inputs_section(doc, report)
    return doc


def _figures(output: Output) -> dict[str, float]:
    """The first table's rows as measure -> number (the figures the calculator showed)."""
    rows = output.tables[0].rows if output.tables else ()
    return {
        str(label): float(value.value if isinstance(value, Q) else value)
        for label, value in rows
        if isinstance(value, (Q, int, float)) and not isinstance(value, bool)
    }


def _sizing_docx(report: Report):
    """Service sizing as a draft KPI and payment schedule, from the output it was given."""
    values = report.values
    figures = _figures(report.output)

    doc = _new_document("Draft KPI and payment schedule", report)
    doc.add_paragraph(text(report.output.summary))
    doc.add_heading("1. Service volumes for a full year", level=1)
    doc.add_paragraph(
        "Targets for one year of a service running at full performance. In the first year "
        "a new service needs time to embed, so profile the targets (see the Ramp-up "
        "calculator)."
    )
    _docx_table(
        doc,
        ["Measure", "Target a year", "How it is calculated"],
        [
            [
                "Referrals needed",
                whole(figures["Referrals needed a year"]),
                "starters / referrals who start",
            ],
            [
                "Starters",
                whole(figures["Starters a year"]),
                "eligible people x share reached a year",
            ],
            [
                "Job entries",
                whole(figures["Job entries a year"]),
                "starters x share entering paid work",
            ],
            [
                "Sustained jobs",
                whole(figures["Sustained jobs a year"]),
                "job entries x share sustained",
            ],
            [
                "Employment specialists (FTE)",
                decimal(figures["Employment specialists (FTE)"]),
                "starters / clients per specialist a year",
            ],
            [
                "Team leaders (FTE)",
                decimal(figures["Team leaders (FTE)"]),
                "specialists / specialists per team leader",
            ],
        ],
        widths=[5, 3, 8.5],
    )
    doc.add_heading(f"2. Key performance indicators ({values['model']})", level=1)
    _docx_table(
        doc,
        ["KPI", "This scenario", "Suggested range", "Check"],
        [
            [c.label, quantity(c.value), text(c.suggested), STATUS_WORDS.get(c.status, c.status)]
            for c in report.output.checks
        ],
        widths=[5, 3, 4, 3],
    )
    doc.add_heading("3. Payment schedule (draft)", level=1)
    doc.add_paragraph(
        "The contract value below is the annual budget the calculator sized. How it is paid "
        "is a choice: the guide's chapter on payment by results explains why most of it "
        "should be paid as a block, with any outcome payments weighted towards engagement "
        "and job starts rather than sustained jobs alone."
    )
    _docx_table(
        doc,
        ["Item", "Amount"],
        [
            ["Contract value a year", gbp(figures["Annual budget (£)"])],
            ["Paid in equal quarterly instalments, each", gbp(figures["Annual budget (£)"] / 4)],
            ["Cost per starter", gbp(figures["Cost per starter (£)"])],
            ["Cost per job entry", gbp(figures["Cost per job entry (£)"])],
            ["Cost per sustained job", gbp(figures["Cost per sustained job (£)"])],
        ],
        widths=[9, 4],
    )
    _results_section(doc, report)
    _inputs_section(doc, report)
    return doc


def _economic_case_docx(report: Report):
    """The economic case as a draft section for a business case (assumptions with their
    sources, results, the uncertainty and the caveats)."""
    from docx import Document

    data = economic_case_docx(economic_inputs(**report.values), _CONTROL.sub("", report.title))
    return Document(io.BytesIO(data))


DOCX_BUILDERS = {"service_sizing": _sizing_docx, "economic_case": _economic_case_docx}
"""Calculator name -> builder of a tailored DOCX; others get the generic results document."""


def to_docx(report: Report) -> bytes:
    """A Word draft: for service sizing a KPI and payment schedule, else the results."""
    _need_report(report)
    doc = DOCX_BUILDERS.get(report.definition.name, _generic_docx)(report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


_WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx}


def export(report: Report, kind: str, folder: str | Path) -> Path:
    """Write one export to ``folder`` (never overwriting) and return its path.

    Raises
    ------
    ValueError
        If ``kind`` is not one of :data:`KINDS`.
    """
    _need_report(report)
    if not isinstance(kind, str) or kind not in _WRITERS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    if isinstance(folder, bool) or not isinstance(folder, (str, Path)) or not str(folder).strip():
        raise TypeError(f"folder must be a folder path; got {folder!r}")
    data = _WRITERS[kind](report)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    when = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = f"{report.definition.name}-{slug(report.title or 'results')}-{when}"
    path = folder / f"{stem}.{kind}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.{kind}"
        n += 1
    return safe_files.write_bytes(path, data)  # whole or not at all; never over a file

"""Take-aways: a calculator's results as CSV, XLSX and DOCX, with the inputs and sources.

Every export holds the numbers exactly as they are on screen (the result's summary and
its formatted table), every input with its value, its default and where the default
comes from (an evidence-register citation), and which inputs were changed from the
defaults. The DOCX of the service-sizing calculator is a *draft KPI and payment
schedule* a commissioner can take back to the office, and that of the payment simulator a
draft payment schedule with its options (three outcome-based, one a grant reimbursing
costs); other calculators get a DOCX summary of the same shape.

Example
-------
>>> from guidance.widgets.sizing import service_sizing
>>> calc = service_sizing()
>>> "Employment specialists (FTE)" in to_csv(calc).decode("utf-8-sig")
True
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .display import figure_png
from .evidence import EvidenceError, bibliography_keys, load_register
from .scenarios import changed_inputs, slug

__all__ = [
    "KINDS",
    "ExportError",
    "shown_table",
    "notes",
    "inputs_table",
    "to_csv",
    "to_xlsx",
    "to_docx",
    "export",
    "references_for",
    "DOCX_BUILDERS",
]

KINDS = ("csv", "xlsx", "docx")
"""Export formats, by file extension."""

_OWN = "your own figure"
_OWN_CHOICE = "your own choice"
_CHANGED = "your own figure (changed from the default)"


class ExportError(ValueError):
    """An export that cannot be made (for example while an input is invalid)."""


# -- what is on screen -----------------------------------------------------------------------
def _check(calc, title=None, evidence=None) -> None:
    """Type checks shared by the exports; each error names the parameter."""
    from .widgets.base import Calculator

    if not isinstance(calc, Calculator):
        raise TypeError(f"calc must be a calculator (Calculator); got {type(calc).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be text or None; got {type(title).__name__}")
    if evidence is not None and not (
        isinstance(evidence, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in evidence.items())
    ):
        raise TypeError("evidence must map input names to evidence-register keys (text)")


def _need_result(result) -> None:
    from .widgets.base import Result

    if not isinstance(result, Result):
        raise TypeError(f"result must be a calculator Result; got {type(result).__name__}")


def _result(calc):
    if calc.message:
        raise ExportError(
            f"Fix the input first: {calc.message} Exports hold the results for the inputs "
            "on screen, so they are made only when every input is valid."
        )
    if calc.result is None:
        raise ExportError("There is no result to export yet.")
    return calc.result


def shown_table(result) -> pd.DataFrame:
    """The result table as on screen: every cell as the text the person sees.

    Examples
    --------
    >>> from guidance.widgets.sizing import sizing_result
    >>> shown_table(sizing_result()).iloc[0].tolist()
    ['In contact with services', '60,424']
    """
    _need_result(result)
    shown = result.table.copy()
    for column, fmt in result.formatters.items():
        if column in shown:
            shown[column] = shown[column].map(fmt)
    return shown.map(lambda x: "" if x is None else str(x)).reset_index(drop=True)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("li", "p", "br", "tr", "div", "h1", "h2", "h3", "h4"):
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("li", "p", "tr", "div", "h1", "h2", "h3", "h4", "ul", "ol", "table"):
            self.flush()
        elif tag in ("td", "th"):
            self.current.append(" ")

    def handle_data(self, data):
        self.current.append(data)

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.lines.append(text)
        self.current = []


def notes(result) -> list[str]:
    """The result's extra on-screen notes (``extra_html``) as lines of plain text.

    Examples
    --------
    >>> from guidance.widgets.sizing import sizing_result
    >>> notes(sizing_result())[0]
    'within range: Cost per participant (unit cost): £2,000 (suggested £2,000 to £2,500)'
    """
    _need_result(result)
    parser = _Text()
    parser.feed(result.extra_html or "")
    parser.close()
    parser.flush()
    return parser.lines


def _evidence_citation(key: str) -> str | None:
    try:
        return load_register()[key].citation()
    except EvidenceError:
        return None


def inputs_table(calc, evidence: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Every input: its value as on screen, the default, whether it changed, and its source.

    Parameters
    ----------
    calc : Calculator
    evidence : mapping, optional
        Input name -> evidence-register key (a loaded scenario's ``evidence``); a changed
        input whose value equals that figure cites it instead of "your own figure".

    Examples
    --------
    >>> from guidance.widgets.sizing import service_sizing
    >>> calc = service_sizing()
    >>> calc.set_values({"reach_per_year": 0.5})
    >>> row = inputs_table(calc, {"reach_per_year": "nhse.reach_per_year"}).iloc[4]
    >>> row["Value"], row["Default"], row["Changed from default"]
    ('50%', '25%', 'yes')
    >>> row["Source"].startswith("socialfinance2020")
    True
    """
    _check(calc, evidence=evidence)
    evidence = dict(evidence or {})
    values = calc.values()
    changed = {f.name for f, _, _ in changed_inputs(calc, values)}
    rows = []
    for name, f in calc.fields.items():
        value = values[name]
        if name in changed:
            source = _CHANGED
            key = evidence.get(name)
            if key:
                register = load_register()
                if (
                    key in register
                    and isinstance(value, (int, float))
                    and math.isclose(register.value(key), value, rel_tol=1e-9, abs_tol=1e-12)
                ):
                    source = register[key].citation()
        else:
            source = f.source or (_OWN_CHOICE if f.kind in ("choice", "text") else _OWN)
        rows.append(
            {
                "Input": f.label,
                "Value": f.display_value(value),
                "Default": f.display_value(f.default),
                "Changed from default": "yes" if name in changed else "no",
                "Source": source,
                "Name": name,
                "Value (package units)": value,
            }
        )
    return pd.DataFrame(rows)


def _stamp() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _header(calc, title: str | None) -> list[tuple[str, str]]:
    result = calc.result
    rows = [
        ("Calculator", calc.title),
        ("Scenario", title or "(not named)"),
        ("Exported", _stamp()),
        ("Summary", result.summary),
    ]
    rows += [("Note", line) for line in notes(result)]
    return rows


# -- CSV -------------------------------------------------------------------------------------
def to_csv(calc, title: str | None = None, evidence: Mapping[str, str] | None = None) -> bytes:
    """The result and inputs as one CSV file (UTF-8 with a byte-order mark, for Excel).

    Blocks, separated by a blank line: about the export; the result table as on screen
    (headed by its caption); every input with its default, whether it was changed, and its
    source.
    """
    _check(calc, title, evidence)
    result = _result(calc)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _header(calc, title):
        writer.writerow(row)
    writer.writerow([])
    writer.writerow([f"Results: {result.caption}"])
    table = shown_table(result)
    writer.writerow(list(table.columns))
    writer.writerows(table.itertuples(index=False, name=None))
    writer.writerow([])
    writer.writerow(["Inputs"])
    inputs = inputs_table(calc, evidence)
    writer.writerow(list(inputs.columns))
    writer.writerows(inputs.itertuples(index=False, name=None))
    return buffer.getvalue().encode("utf-8-sig")


# -- XLSX ------------------------------------------------------------------------------------
def _sheet(wb, name: str, header: list[str], rows: list[list[Any]], widths=None):
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(name)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(x) for x in row])
    ws.freeze_panes = "A2"
    for i, column in enumerate(ws.columns):
        letter = column[0].column_letter
        longest = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        width = widths[i] if widths and i < len(widths) else min(max(10, longest + 2), 70)
        ws.column_dimensions[letter].width = width
        for c in column[1:]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    return ws


def _cell(x: Any) -> Any:
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, (int, float)) and not (isinstance(x, float) and not math.isfinite(x)):
        return x
    return "" if x is None else str(x)


def to_xlsx(calc, title: str | None = None, evidence: Mapping[str, str] | None = None) -> bytes:
    """The result and inputs as an Excel workbook (sheets About, Results, Inputs)."""
    from openpyxl import Workbook

    _check(calc, title, evidence)
    result = _result(calc)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "About", ["Item", "Value"], [list(r) for r in _header(calc, title)], [14, 100])
    table = shown_table(result)
    ws = _sheet(wb, "Results", list(table.columns), table.values.tolist())
    ws.insert_rows(1)
    ws["A1"] = result.caption
    ws.freeze_panes = "A3"
    from openpyxl.styles import Font

    ws["A1"].font = Font(bold=True, size=12)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    inputs = inputs_table(calc, evidence)
    _sheet(
        wb,
        "Inputs",
        list(inputs.columns),
        inputs.values.tolist(),
        [34, 16, 16, 12, 60, 24, 16],
    )
    wb.properties.title = f"{calc.title}: {title or 'results'}"
    wb.properties.creator = "Commissioning Supported Employment (guidance)"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- references ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _bibliography() -> dict[str, dict[str, str]]:
    text = resources.files("guidance").joinpath("data/references.bib").read_text("utf-8")
    entries: dict[str, dict[str, str]] = {}
    for match in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,", text):
        key = match.group(1)
        i, depth = match.end(), 1
        start = i
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[start : i - 1]
        fields: dict[str, str] = {}
        for m in re.finditer(r"(\w+)\s*=\s*", body):
            j = m.end()
            if j < len(body) and body[j] == "{":
                k, d = j + 1, 1
                while k < len(body) and d:
                    d += {"{": 1, "}": -1}.get(body[k], 0)
                    k += 1
                value = body[j + 1 : k - 1]
            elif j < len(body) and body[j] == '"':
                k = body.find('"', j + 1)
                value = body[j + 1 : k]
            else:
                value = re.match(r"[^,\n]*", body[j:]).group(0)
            fields.setdefault(m.group(1).lower(), re.sub(r"[{}]", "", " ".join(value.split())))
        entries[key] = fields
    return entries


def references_for(texts: list[str]) -> list[str]:
    """Full references for every references.bib key that starts one of ``texts``.

    Examples
    --------
    >>> references_for(["socialfinance2020, p. 3"])[0].startswith("Social Finance (2020)")
    True
    """
    if (
        isinstance(texts, str)
        or not isinstance(texts, (list, tuple))
        or not all(isinstance(t, str) for t in texts)
    ):
        raise TypeError(f"texts must be a list of text; got {texts!r}")
    keys = bibliography_keys()
    found: list[str] = []
    for text in texts:
        for token in re.findall(r"[A-Za-z0-9_:-]+", str(text)):
            if token in keys and token not in found:
                found.append(token)
    out = []
    bib = _bibliography()
    for key in found:
        f = bib.get(key, {})
        where = (
            f.get("institution")
            or f.get("organization")
            or f.get("journal")
            or f.get("howpublished", "")
        )
        parts = [f"{f.get('author', key)} ({f.get('year', 'n.d.')})", f.get("title", "")]
        if where:
            parts.append(where)
        if f.get("url"):
            parts.append(f["url"])
        out.append(". ".join(p for p in parts if p) + f". [{key}]")
    return out


# -- DOCX ------------------------------------------------------------------------------------
def _docx_table(doc, df: pd.DataFrame, caption: str | None = None, widths=None):
    from docx.shared import Cm, Pt

    if caption:
        p = (
            doc.add_paragraph(caption, style="Caption")
            if "Caption" in [s.name for s in doc.styles]
            else doc.add_paragraph(caption)
        )
        p.runs[0].bold = True
    table = doc.add_table(rows=1, cols=len(df.columns))
    table.style = "Table Grid"
    for i, column in enumerate(df.columns):
        cell = table.rows[0].cells[i]
        cell.text = str(column)
        cell.paragraphs[0].runs[0].bold = True
    # repeat the header row on every page
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for row in df.itertuples(index=False, name=None):
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = "" if value is None else str(value)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
            if widths and i < len(widths):
                cell.width = Cm(widths[i])
    doc.add_paragraph()
    return table


def _add_figure(doc, result) -> None:
    from docx.shared import Cm

    figure = result.get_figure() if hasattr(result, "get_figure") else result.figure
    if figure is None:
        return
    doc.add_picture(io.BytesIO(figure_png(figure)), width=Cm(16))
    doc.inline_shapes[-1]._inline.docPr.set("descr", result.alt)
    doc.add_paragraph().add_run(f"Figure: {result.alt}").italic = True


def _new_document(heading: str, calc, title: str | None):
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
        f"Made with the {calc.title} calculator of the guide Commissioning Supported "
        f"Employment ({_stamp()[:10]}). Scenario: {title or '(not named)'}. Figures come "
        "from the evidence register (sources below) or are the values typed in the session, "
        "listed under 'Assumptions changed from the defaults'."
    )
    return doc


def _changes_section(doc, calc, evidence) -> None:
    inputs = inputs_table(calc, evidence)
    changed = inputs[inputs["Changed from default"] == "yes"]
    doc.add_heading("Assumptions changed from the defaults", level=1)
    if changed.empty:
        doc.add_paragraph(
            "None: every input is the default from the evidence register, so every figure "
            "in this schedule rests on the published sources below."
        )
    else:
        doc.add_paragraph(
            "These inputs differ from the evidence defaults. Check each one before the "
            "figures are used in a specification."
        )
        _docx_table(
            doc,
            changed[["Input", "Default", "Value", "Source"]].rename(
                columns={"Value": "This scenario", "Source": "Source of this value"}
            ),
            widths=[5.5, 2.5, 2.5, 6],
        )


def _inputs_and_sources(doc, calc, result, evidence) -> None:
    inputs = inputs_table(calc, evidence)
    doc.add_heading("All inputs and their sources", level=1)
    _docx_table(
        doc,
        inputs[["Input", "Value", "Changed from default", "Source"]],
        widths=[5.5, 2.5, 2, 6.5],
    )
    doc.add_heading("Results as shown on screen", level=1)
    doc.add_paragraph(result.summary)
    for line in notes(result):
        doc.add_paragraph(line, style="List Bullet")
    _docx_table(doc, shown_table(result), caption=result.caption)
    _add_figure(doc, result)
    doc.add_heading("Sources", level=1)
    refs = references_for(list(inputs["Source"]) + [result.caption])
    if refs:
        for ref in refs:
            doc.add_paragraph(ref, style="List Bullet")
    else:
        doc.add_paragraph("Every input is your own figure.")


def _generic_docx(calc, title, evidence):
    result = _result(calc)
    doc = _new_document(f"{calc.title}: results", calc, title)
    doc.add_heading("Result", level=1)
    doc.add_paragraph(result.summary)
    _changes_section(doc, calc, evidence)
    _inputs_and_sources(doc, calc, result, evidence)
    return doc


def _sizing_docx(calc, title, evidence):
    from .formatting import decimal, format_value, gbp, whole
    from .kpis import kpi_ranges, sizing_kpis
    from .sizing import SizingInputs, size_service

    result = _result(calc)
    values = calc.values()
    inputs = SizingInputs.defaults(model=values.get("model", "IPS")).with_changes(**values)
    r = size_service(inputs)
    register = load_register()
    doc = _new_document("Draft KPI and payment schedule", calc, title)
    doc.add_paragraph(result.summary)

    doc.add_heading("1. Service volumes for a full year", level=1)
    doc.add_paragraph(
        "Targets for one year of a service running at full performance. In the first year "
        "a new service needs time to embed, so profile the targets (see the Ramp-up "
        "calculator)."
    )
    volumes = pd.DataFrame(
        [
            ("Referrals needed", whole(r.referrals), "starters / referrals who start"),
            ("Starters", whole(r.starters), "eligible people x share reached a year"),
            ("Job entries", whole(r.job_entries), "starters x share entering paid work"),
            ("Sustained jobs", whole(r.sustained_jobs), "job entries x share sustained"),
            (
                "Employment specialists (FTE)",
                decimal(r.specialists),
                "starters / clients per specialist a year",
            ),
            (
                "Team leaders (FTE)",
                decimal(r.team_leaders),
                "specialists / specialists per team leader",
            ),
        ],
        columns=["Measure", "Target a year", "How it is calculated"],
    )
    _docx_table(doc, volumes, widths=[5, 3, 8.5])

    doc.add_heading(f"2. Key performance indicators ({inputs.model})", level=1)
    checks = sizing_kpis(r)
    ranges = kpi_ranges(inputs.model)
    m = inputs.model.lower()
    rows = []
    words = {"within": "within range", "below": "BELOW range", "above": "ABOVE range"}
    for _, row in checks.iterrows():
        rng = ranges[row["kpi"]]
        key = next(
            (
                k
                for k in (f"kpi.{m}.{row['kpi']}.min", f"kpi.{m}.{row['kpi']}.max")
                if k in register
            ),
            None,
        )
        rows.append(
            (
                row["label"],
                format_value(row["value"], rng.unit),
                row["suggested"],
                words.get(row["status"], row["status"]),
                register[key].citation() if key else rng.source,
            )
        )
    _docx_table(
        doc,
        pd.DataFrame(
            rows,
            columns=["KPI", "This scenario", "Suggested range", "Check", "Source of the range"],
        ),
        widths=[4.5, 2.5, 3, 2.5, 4],
    )

    doc.add_heading("3. Payment schedule (draft)", level=1)
    doc.add_paragraph(
        "The contract value below is the annual budget the calculator sized. How it is paid "
        "is a choice: the guide's chapter on payment by results explains why most of it "
        "should be paid as a block, with any outcome payments weighted towards engagement "
        "and job starts rather than sustained jobs alone."
    )
    payments = pd.DataFrame(
        [
            ("Contract value a year", gbp(r.budget)),
            ("Paid in equal quarterly instalments, each", gbp(r.budget / 4)),
            ("Cost per starter", gbp(r.cost_per_starter)),
            ("Cost per job entry", gbp(r.cost_per_job)),
            ("Cost per sustained job", gbp(r.cost_per_sustained_job)),
        ],
        columns=["Item", "Amount"],
    )
    _docx_table(doc, payments, widths=[9, 4])

    _changes_section(doc, calc, evidence)
    _inputs_and_sources(doc, calc, result, evidence)
    return doc


def _payments_docx(calc, title, evidence):
    """The payment simulator's options as a draft payment schedule, with targets and risk."""
    result = _result(calc)
    values = calc.values()
    try:
        from .widgets.payments import money, simulator_setup

        _delivery, mechanisms, targets = simulator_setup(**values)
    except (ImportError, TypeError, ValueError) as error:  # the simulator changed shape
        doc = _generic_docx(calc, title, evidence)
        doc.add_paragraph(f"The payment schedule could not be drafted for these inputs: {error}")
        return doc
    from .formatting import pct, whole

    count = {3: "three", 4: "four", 5: "five"}.get(len(mechanisms), str(len(mechanisms)))
    doc = _new_document(f"Draft payment schedule: {count} options", calc, title)
    doc.add_paragraph(result.summary)
    doc.add_heading("1. Targets over the contract", level=1)
    doc.add_paragraph(
        "The outcome payments in every option are priced so that meeting these targets pays "
        "the contract value. Targets are the expected delivery times the target multiple in "
        "the inputs below."
    )
    _docx_table(
        doc,
        pd.DataFrame(
            [
                ("Engagements", whole(targets.engagements)),
                ("Job starts", whole(targets.job_starts)),
                ("Sustainments", whole(targets.sustainments)),
            ],
            columns=["Target", "Over the contract"],
        ),
        widths=[8, 5],
    )
    doc.add_heading("2. Payment options", level=1)
    quarters = max(1.0, values.get("months", 12) / 3)
    _docx_table(
        doc,
        pd.DataFrame(
            [
                (
                    m.name,
                    money(m.block_amount),
                    money(m.block_amount / quarters),
                    money(m.tariff_engagement),
                    money(m.tariff_job_start),
                    money(m.tariff_sustainment),
                    f"{pct(m.cost_share)}, claimed every {m.claim_months} months"
                    if m.cost_share
                    else "none",
                )
                for m in mechanisms
            ],
            columns=[
                "Option",
                "Block over the contract",
                "Block a quarter (equal instalments)",
                "Per engagement",
                "Per job start",
                "Per sustainment",
                "Costs reimbursed",
            ],
        ),
        widths=[3.2, 2.3, 2.3, 2.1, 2.1, 2.1, 2.6],
    )
    doc.add_heading("3. What each option means for the provider and the commissioner", level=1)
    doc.add_paragraph(
        "From the simulated contracts: the provider's chance of a loss and the cash it must "
        "find before outcome payments arrive, and the commissioner's likely spend. Prefer an "
        "option the provider can carry; the guide's chapter on payment by results explains why."
    )
    _docx_table(doc, shown_table(result), caption=result.caption)
    _changes_section(doc, calc, evidence)
    _inputs_and_sources(doc, calc, result, evidence)
    return doc


DOCX_BUILDERS: dict[str, Callable] = {
    "service_sizing": _sizing_docx,
    "payment_simulator": _payments_docx,
}
"""Calculator name -> builder of a tailored DOCX; others get the generic results document."""


def to_docx(calc, title: str | None = None, evidence: Mapping[str, str] | None = None) -> bytes:
    """A Word document: for service sizing a draft KPI and payment schedule, else a summary."""
    _check(calc, title, evidence)
    builder = DOCX_BUILDERS.get(calc.name, _generic_docx)
    doc = builder(calc, title, evidence)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


_WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx}


def export(
    calc,
    kind: str,
    folder: str | Path,
    title: str | None = None,
    evidence: Mapping[str, str] | None = None,
) -> Path:
    """Write one export to ``folder`` (never overwriting) and return its path.

    Raises
    ------
    ExportError
        While an input is invalid (the results on screen would not match the inputs).
    ValueError
        If ``kind`` is not one of :data:`KINDS`.
    """
    _check(calc, title, evidence)
    if not isinstance(kind, str) or kind not in _WRITERS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    if isinstance(folder, bool) or not isinstance(folder, (str, Path)) or not str(folder).strip():
        raise TypeError(f"folder must be a folder path; got {folder!r}")
    data = _WRITERS[kind](calc, title, evidence)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    when = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = f"{calc.name}-{slug(title or 'results')}-{when}"
    path = folder / f"{stem}.{kind}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.{kind}"
        n += 1
    with open(path, "xb") as handle:
        handle.write(data)
    return path

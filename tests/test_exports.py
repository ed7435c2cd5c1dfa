"""Take-aways: CSV, XLSX and DOCX hold the results as numbers, the inputs and their sources,
never a formula from typed text, and open cleanly in LibreOffice."""

from __future__ import annotations

import csv
import io
import math
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from guidance.calculators import DEFINITIONS
from guidance.calculators.spec import Q
from guidance.core.evidence import load_register
from guidance.files import exports as ex
from guidance.files import scenarios as sc
from guidance.frontends.widgets import calculator
from guidance.presentation.citations import cite_text
from guidance.presentation.render import quantity, text


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def numbers_on_screen(report: ex.Report) -> list[float]:
    """Every number in the output's tables and checks."""
    out = []
    for table in report.output.tables:
        for r in range(len(table.rows)):
            for c in range(len(table.columns)):
                cell = table.cell(r, c)
                if isinstance(cell, Q) and cell.value is not None and math.isfinite(cell.value):
                    out.append(cell.value)
    out += [c.value.value for c in report.output.checks if c.value.value is not None]
    return out


@pytest.fixture
def half_reach():
    scenario = sc.shipped_scenarios("service_sizing")["service_sizing-nhs-england-50-reach.json"]
    return ex.Report.of(
        "service_sizing", scenario.inputs, scenario.title, scenario.evidence
    ), scenario


def test_csv_holds_numbers_units_inputs_and_sources(half_reach):
    report, scenario = half_reach
    rows = list(csv.reader(io.StringIO(ex.to_csv(report).decode("utf-8-sig"))))
    flat = [cell for row in rows for cell in row]
    assert ["Scenario", scenario.title] in rows
    assert "Annual budget (£)" in flat and "value: unit" in flat
    budget = next(row for row in rows if row and row[0] == "Annual budget (£)")
    assert float(budget[1]) == pytest.approx(16_314_480) and budget[2] == "£"
    reach = next(row for row in rows if row and row[-1] == "reach_per_year")
    assert float(reach[1]) == 0.5 and reach[4] == "yes"
    cited = load_register()[scenario.evidence["reach_per_year"]].citation()
    assert reach[5] == cite_text(cited) and reach[5].startswith("Social Finance, 2020, ")
    assert any(r and r[0].startswith("Social Finance (2020)") for r in rows)


def test_xlsx_has_a_numeric_cell_with_a_format_for_every_figure_on_screen(half_reach):
    report, _ = half_reach
    wb = load_workbook(io.BytesIO(ex.to_xlsx(report)))
    assert wb.sheetnames == ["About", "Results", "Inputs", "References"]
    cells = {}
    for row in wb["Results"].iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cells.setdefault(round(cell.value, 9), cell.number_format)
    for value in numbers_on_screen(report):
        assert round(value, 9) in cells, value
    assert cells[round(16_314_480.0, 9)] == '"£"#,##0'
    assert cells[0.7] == "0%"
    inputs = {row[6].value: row for row in wb["Inputs"].iter_rows(min_row=2)}
    assert inputs["reach_per_year"][1].value == 0.5
    assert inputs["reach_per_year"][1].number_format == "0.0%"
    assert inputs["in_contact"][1].value == 60424


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_every_calculator_exports_its_numbers(name):
    report = ex.Report.of(name)
    wb = load_workbook(io.BytesIO(ex.to_xlsx(report)))
    values = [
        c
        for row in wb["Results"].iter_rows(values_only=True)
        for c in row
        if isinstance(c, (int, float))
    ]
    for value in numbers_on_screen(report):  # Excel keeps 15 significant digits
        assert any(math.isclose(value, c, rel_tol=1e-12, abs_tol=1e-9) for c in values), (
            name,
            value,
        )
    words = docx_text(ex.to_docx(report))
    if name == "economic_case":  # its Word export is the draft business-case section
        assert words.startswith("Economic case (draft)") and "Assumptions" in words
        return
    assert text(report.output.summary) in words
    for table in report.output.tables:
        assert text(table.caption) in words
        for r in range(len(table.rows)):
            for c in range(len(table.columns)):
                cell = table.cell(r, c)
                if isinstance(cell, Q):
                    assert quantity(cell) in words, (name, cell)


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+SUM(A1:A9)",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "a\x0bvertical tab and a NUL\x00",
    ],
)
def test_typed_text_never_becomes_a_formula_or_breaks_an_export(typed, tmp_path):
    report = ex.Report.of("ramp_up", title=typed, evidence={})
    wb = load_workbook(io.BytesIO(ex.to_xlsx(report)))
    title = wb["About"]["B2"].value
    assert title.startswith("'") or title == typed.replace("\x0b", "").replace("\x00", "")
    assert "\x0b" not in title and "\x00" not in title
    assert wb["About"]["B2"].data_type == "s"
    rows = list(csv.reader(io.StringIO(ex.to_csv(report).decode("utf-8-sig"))))
    cell = rows[1][1]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "\x00" not in cell
    assert docx_text(ex.to_docx(report))


def test_sizing_docx_is_a_draft_kpi_and_payment_schedule(half_reach):
    report, scenario = half_reach
    words = docx_text(ex.to_docx(report))
    for heading in (
        "Draft KPI and payment schedule",
        "1. Service volumes for a full year",
        "2. Key performance indicators (IPS)",
        "3. Payment schedule (draft)",
        "Assumptions changed from the defaults",
        "References",
    ):
        assert heading in words
    assert "£16,314,480" in words and scenario.title in words
    assert "Social Finance (2020)" in words


def test_docx_with_defaults_says_nothing_changed():
    assert "None: every input is the default" in docx_text(ex.to_docx(ex.Report.of("ramp_up")))


def test_no_export_while_an_input_is_invalid(tmp_path):
    calc = calculator("service_sizing")
    calc.type_value("in_contact", "12.5")
    with pytest.raises(ex.ExportError, match="Fix the input first: People in contact"):
        calc.export("csv", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_export_writes_new_files_and_never_overwrites(tmp_path):
    calc = calculator("ramp_up")
    a = calc.export("xlsx", tmp_path, title="Same")
    b = calc.export("xlsx", tmp_path, title="Same")
    assert a != b and a.exists() and b.exists()
    with pytest.raises(ValueError, match="kind must be one of csv, xlsx, docx"):
        ex.export(ex.Report.of("ramp_up"), "pdf", tmp_path)


def _soffice(program: str, args: list[str], outdir: Path, profile: Path) -> None:
    proc = subprocess.run(
        [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            *args,
            "--outdir",
            str(outdir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_exports_open_cleanly_in_libreoffice(libreoffice, tmp_path, half_reach):
    report, _ = half_reach
    files = {
        "sizing.csv": ex.to_csv(report),
        "sizing-book.xlsx": ex.to_xlsx(report),
        "sizing-schedule.docx": ex.to_docx(report),
        "ramp.docx": ex.to_docx(ex.Report.of("ramp_up", title="Ramp")),
    }
    src = tmp_path / "in"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    profile, pdf, back = tmp_path / "profile", tmp_path / "pdf", tmp_path / "back"
    _soffice(libreoffice, ["--convert-to", "pdf", *(str(src / n) for n in files)], pdf, profile)
    for name in files:
        out = pdf / (Path(name).stem + ".pdf")
        assert out.exists(), name
        assert out.read_bytes()[:5] == b"%PDF-" and out.stat().st_size > 2000, name
    # LibreOffice reads the CSV's figures back as numbers, not text
    _soffice(
        libreoffice,
        ["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", str(src / "sizing.csv")],
        back,
        profile,
    )
    wb = load_workbook(back / "sizing.xlsx")
    numbers = [
        round(c, 6)
        for ws in wb
        for row in ws.iter_rows(values_only=True)
        for c in row
        if isinstance(c, (int, float))
    ]
    for value in numbers_on_screen(report):
        assert round(value, 6) in numbers, value
    assert "£" in "".join(
        str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None
    )

"""Take-aways: CSV, XLSX and DOCX hold the on-screen numbers, the inputs and their sources,
and open cleanly in LibreOffice."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from guidance import exports as ex
from guidance import scenarios as sc
from guidance.evidence import load_register
from guidance.widgets import all_calculators
from guidance.widgets.sizing import ramp_up_calculator, service_sizing

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def on_screen(calc) -> list[str]:
    """Every number and word the person sees in the result: summary and table cells."""
    table = ex.shown_table(calc.result)
    return [calc.result.summary, *table.columns, *table.to_numpy().ravel().tolist()]


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell)
        for ws in wb
        for row in ws.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


@pytest.fixture
def half_reach():
    calc = service_sizing()
    scenario = sc.shipped_scenarios()["service_sizing-nhs-england-50-reach.json"]
    sc.apply(calc, scenario)
    return calc, scenario


# -- CSV -------------------------------------------------------------------------------------
def test_csv_has_the_on_screen_numbers_inputs_and_sources(half_reach):
    calc, scenario = half_reach
    data = ex.to_csv(calc, scenario.title, scenario.evidence)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 mark, so Excel shows the pound sign
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = {c for row in rows for c in row}
    for text in on_screen(calc):
        assert text in cells, text
    assert ["Calculator", "Service sizing"] in rows
    assert ["Scenario", "NHS England reach target"] in rows
    header = rows.index(
        [
            "Input",
            "Value",
            "Default",
            "Changed from default",
            "Source",
            "Name",
            "Value (package units)",
        ]
    )
    inputs = {row[5]: row for row in rows[header + 1 :]}
    assert set(inputs) == set(calc.fields)
    reach = inputs["reach_per_year"]
    assert reach[1:4] == ["50%", "25%", "yes"]
    assert reach[4] == load_register()["nhse.reach_per_year"].citation()
    assert inputs["clients_per_es_per_year"][4] == calc.fields["clients_per_es_per_year"].source
    assert inputs["model"][4] == "your own choice"
    assert "Note" in {row[0] for row in rows if row}  # the KPI checks, in words


def test_changed_input_without_evidence_is_the_users_own_figure():
    calc = service_sizing()
    calc.set_values({"in_contact": 5000})
    table = ex.inputs_table(calc)
    row = table[table["Name"] == "in_contact"].iloc[0]
    assert row["Source"] == "your own figure (changed from the default)"
    # evidence only counts while the value still equals the registered figure
    calc.set_values({"reach_per_year": 0.45})
    table = ex.inputs_table(calc, {"reach_per_year": "nhse.reach_per_year"})
    assert table[table["Name"] == "reach_per_year"].iloc[0]["Source"].startswith("your own")


# -- XLSX ------------------------------------------------------------------------------------
def test_xlsx_has_sheets_with_the_on_screen_numbers(half_reach):
    calc, scenario = half_reach
    data = ex.to_xlsx(calc, scenario.title, scenario.evidence)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["About", "Results", "Inputs"]
    text = xlsx_text(data)
    for item in on_screen(calc):
        assert item in text, item
    inputs = list(wb["Inputs"].iter_rows(values_only=True))
    assert inputs[0][:5] == ("Input", "Value", "Default", "Changed from default", "Source")
    reach = next(r for r in inputs if r[5] == "reach_per_year")
    assert reach[1:4] == ("50%", "25%", "yes") and reach[6] == 0.5  # a number, not text
    assert wb["Results"]["A1"].value == calc.result.caption


# -- DOCX ------------------------------------------------------------------------------------
def test_sizing_docx_is_a_draft_kpi_and_payment_schedule(half_reach):
    calc, scenario = half_reach
    data = ex.to_docx(calc, scenario.title, scenario.evidence)
    text = docx_text(data)
    for item in on_screen(calc):
        assert item in text, item
    for heading in (
        "Draft KPI and payment schedule",
        "Service volumes for a full year",
        "Key performance indicators (IPS)",
        "Payment schedule (draft)",
        "Assumptions changed from the defaults",
        "All inputs and their sources",
        "Sources",
    ):
        assert heading in text
    register = load_register()
    assert register["nhse.reach_per_year"].citation() in text  # the changed input's source
    assert register["kpi.ips.job_entry.min"].citation() in text  # a KPI range's source
    assert "Social Finance (2020). Fair Start Scotland" in text  # full reference
    assert "£4,078,620" in text  # budget / 4, the quarterly instalment (on-screen budget below)
    assert "£16,314,480" in text
    doc = Document(io.BytesIO(data))
    changed = doc.tables[3]
    assert [c.text for c in changed.rows[0].cells] == [
        "Input",
        "Default",
        "This scenario",
        "Source of this value",
    ]
    assert [c.text for c in changed.rows[1].cells][:3] == [
        "Eligible people to reach a year (%)",
        "25%",
        "50%",
    ]
    assert len(changed.rows) == 2  # only the reach changed
    descr = doc.inline_shapes[0]._inline.docPr.get("descr")
    assert descr == calc.result.alt


def test_docx_with_defaults_says_nothing_changed():
    text = docx_text(ex.to_docx(service_sizing(), "Defaults"))
    assert "None: every input is the default from the evidence register" in text


def test_other_calculators_get_a_results_docx():
    calc = ramp_up_calculator()
    calc.set_values({"ramp_months": 6})
    text = docx_text(ex.to_docx(calc, "Fast"))
    assert "Ramp-up: results" in text
    for item in on_screen(calc):
        assert item in text
    assert "Months to reach full performance" in text


@pytest.mark.parametrize("name", sorted(all_calculators()))
def test_every_calculator_exports_its_on_screen_numbers(name):
    calc = all_calculators()[name]()
    shown = [s for s in on_screen(calc) if s]
    for writer, reader in (
        (ex.to_csv, lambda d: d.decode("utf-8-sig")),
        (ex.to_xlsx, xlsx_text),
        (ex.to_docx, docx_text),
    ):
        text = reader(writer(calc, "Defaults"))
        missing = [s for s in shown if s not in text]
        assert not missing, (writer.__name__, missing)


# -- refusing and writing --------------------------------------------------------------------
def test_no_export_while_an_input_is_invalid(tmp_path):
    calc = service_sizing()
    calc.controls["share_interested"].value = 140
    for kind in ex.KINDS:
        with pytest.raises(ex.ExportError, match="Fix the input first: Not in work but interested"):
            ex.export(calc, kind, tmp_path)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="kind must be one of csv, xlsx, docx"):
        ex.export(service_sizing(), "pdf", tmp_path)


def test_export_writes_new_files_and_never_overwrites(tmp_path):
    calc = service_sizing()
    paths = [ex.export(calc, "csv", tmp_path, "Same") for _ in range(3)]
    assert len(set(paths)) == 3 and all(p.exists() for p in paths)
    assert all(p.name.startswith("service_sizing-same-") for p in paths)


def test_notes_and_shown_table_helpers():
    calc = service_sizing()
    assert ex.notes(calc.result)[2].startswith("not computed: Active caseload")
    assert ex.shown_table(calc.result).iloc[9, 1].startswith("£")
    assert ex.references_for(["no keys here"]) == []


# -- LibreOffice -----------------------------------------------------------------------------
def _soffice(args: list[str], outdir: Path, profile: Path) -> None:
    proc = subprocess.run(
        [
            LIBREOFFICE,
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


def test_exports_open_cleanly_in_libreoffice(tmp_path, half_reach):
    if LIBREOFFICE is None:
        pytest.fail("LibreOffice is not installed: run scripts/setup-env test")
    calc, scenario = half_reach
    ramp = ramp_up_calculator()
    files = {
        "sizing.csv": ex.to_csv(calc, scenario.title, scenario.evidence),
        "sizing-book.xlsx": ex.to_xlsx(calc, scenario.title, scenario.evidence),
        "sizing-schedule.docx": ex.to_docx(calc, scenario.title, scenario.evidence),
        "ramp.docx": ex.to_docx(ramp, "Ramp"),
    }
    src = tmp_path / "in"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    profile = tmp_path / "profile"
    pdf = tmp_path / "pdf"
    _soffice(["--convert-to", "pdf", *(str(src / n) for n in files)], pdf, profile)
    for name in files:
        out = pdf / (Path(name).stem + ".pdf")
        assert out.exists(), name
        assert out.read_bytes()[:5] == b"%PDF-" and out.stat().st_size > 2000, name

    # LibreOffice reads back the on-screen numbers from each format
    back = tmp_path / "back"
    _soffice(
        ["--convert-to", "txt:Text (encoded):UTF8", str(src / "sizing-schedule.docx")],
        back,
        profile,
    )
    _soffice(
        [
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            str(src / "sizing-book.xlsx"),
        ],
        back,
        profile,
    )
    _soffice(
        ["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", str(src / "sizing.csv")],
        back,
        profile,
    )
    word = (back / "sizing-schedule.txt").read_text(encoding="utf-8-sig")
    sheets = "\n".join(p.read_text(encoding="utf-8") for p in back.glob("sizing-book*.csv"))
    wb = load_workbook(back / "sizing.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    for item in on_screen(calc):
        assert item in word, ("docx", item)
        assert item in sheets, ("xlsx", item)
        # a spreadsheet reads "60,424", "£2,000" and "40%" from a CSV as numbers
        assert item in cells or as_number(item) in [
            round(c, 6) for c in cells if isinstance(c, (int, float))
        ], ("csv", item)
    assert "£" in "".join(str(c) for c in cells)  # UTF-8 read as UTF-8


def as_number(text: str) -> float | None:
    clean = text.replace("£", "").replace(",", "")
    try:
        value = float(clean.rstrip("%"))
    except ValueError:
        return None
    return round(value / 100 if clean.endswith("%") else value, 6)


def test_payment_simulator_docx_is_a_draft_payment_schedule():
    from guidance.widgets.payments import payment_simulator

    calc = payment_simulator()
    scenario = sc.shipped_scenarios("payment_simulator")["payment_simulator-mhep.json"]
    sc.apply(calc, scenario)
    data = ex.to_docx(calc, scenario.title, scenario.evidence)
    text = docx_text(data)
    assert "Draft payment schedule: four options" in text
    assert "costs reimbursed quarterly in arrears" in text
    for heading in (
        "Targets over the contract",
        "Payment options",
        "What each option means for the provider and the commissioner",
    ):
        assert heading in text
    for item in on_screen(calc):
        assert item in text, item
    options = Document(io.BytesIO(data)).tables[1]
    screen = " ".join(ex.notes(calc.result))  # the tariffs table shown under the result
    for row in options.rows[1:]:
        cells = [c.text for c in row.cells]
        for amount in (cells[1], *cells[3:]):  # block and tariffs, as on screen
            assert amount in screen, amount


# -- bad arguments: a clear error naming the parameter ---------------------------------------
def _bad_calls():
    calc = service_sizing()
    result = calc.result
    return [
        ("calc", lambda: ex.to_csv(None)),
        ("calc", lambda: ex.to_xlsx("service_sizing")),
        ("calc", lambda: ex.to_docx(42)),
        ("calc", lambda: ex.inputs_table([])),
        ("title", lambda: ex.to_csv(calc, title=3)),
        ("evidence", lambda: ex.to_xlsx(calc, evidence=["reach_per_year"])),
        ("evidence", lambda: ex.to_docx(calc, evidence={"reach_per_year": 0.5})),
        ("kind", lambda: ex.export(calc, ["csv"], "/tmp")),
        ("folder", lambda: ex.export(calc, "csv", None)),
        ("folder", lambda: ex.export(calc, "csv", "")),
        ("result", lambda: ex.shown_table(calc)),
        ("result", lambda: ex.notes(None)),
        ("texts", lambda: ex.references_for("socialfinance2020")),
        ("texts", lambda: ex.references_for([1, 2])),
        ("calc", lambda: sc.from_calculator(None, "x")),
        ("title", lambda: sc.from_calculator(calc, None)),
        ("description", lambda: sc.from_calculator(calc, "x", description=1)),
        ("evidence", lambda: sc.from_calculator(calc, "x", evidence={"a": 1})),
        ("calc", lambda: sc.defaults_scenario("service_sizing")),
        ("scenario", lambda: sc.dumps(None)),
        ("scenario", lambda: sc.save_file({"inputs": {}}, "/tmp")),
        ("folder", lambda: sc.save_file(sc.defaults_scenario(calc), None)),
        ("scenario", lambda: sc.apply(calc, {"inputs": {}})),
        ("calc", lambda: sc.apply("calc", sc.defaults_scenario(calc))),
        ("path", lambda: sc.load_file(None)),
        ("expected", lambda: sc.load_file("x.json", expected=3)),
        ("expected", lambda: sc.loads("{}", expected=["service_sizing"])),
        ("text", lambda: sc.loads(None)),
        ("text", lambda: sc.slug(None)),
        ("calculator", lambda: sc.shipped_scenarios(3)),
        ("problems", lambda: sc.shipped_scenarios(None, problems="list")),
        ("folder", lambda: sc.saved_scenarios(None)),
        ("calculator", lambda: sc.saved_scenarios("/tmp", calculator=1)),
        ("calc", lambda: sc.changed_inputs(None)),
        ("values", lambda: sc.changed_inputs(calc, values=[1])),
        ("values", lambda: sc.changed_inputs(calc, values={"model": "IPS"})),
        ("calculators", lambda: sc.calculator_fields("service_sizing", calculators=[1])),
        ("result", lambda: ex.shown_table(result.table)),
    ]


@pytest.mark.parametrize("index", range(len(_bad_calls())))
def test_bad_arguments_raise_a_clear_error_naming_the_parameter(index):
    name, call = _bad_calls()[index]
    with pytest.raises((TypeError, ValueError)) as error:
        call()
    assert name in str(error.value), str(error.value)

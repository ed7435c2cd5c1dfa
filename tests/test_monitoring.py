import codecs
import hashlib
import io
import math
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.core import monitoring as mon
from guidance.core.evidence import load_register
from guidance.core.monitoring import ReturnError, load_return

ROOT = Path(__file__).resolve().parents[1]
MALFORMED_DIR = ROOT / "tests" / "data" / "malformed"
ACCEPTED_DIR = ROOT / "tests" / "data" / "accepted"
EV = load_register()

HEADER = "month,specialist,fte,referrals,starts,active_caseload,job_entries,sustained"
ROWS = [
    "2024-04,A,1,5,4,4,0,0",
    "2024-04,B,0.6,3,2,2,0,0",
    "2024-05,A,1,6,5,8,1,0",
    "2024-05,B,0.6,4,3,5,1,0",
    "2024-06,A,1,5,4,10,2,0",
    "2024-06,B,0.6,2,2,6,0,0",
]
GOOD = HEADER + "\n" + "\n".join(ROWS) + "\n"

# file -> (row, column, words the message must contain). Row numbers as in a spreadsheet.
MALFORMED = {
    "empty.csv": (None, None, "the file is empty"),
    "whitespace_only.csv": (None, None, "the file is empty"),
    "header_only.csv": (None, None, "header row but no data rows"),
    "binary_nul.csv": (None, None, "binary data"),
    "excel_workbook.xlsx": (None, None, "Excel workbook, not a CSV file"),
    "missing_column.csv": (1, "sustained", "required column is missing"),
    "renamed_column.csv": (1, "job_entries", "is 'job_entry' meant to be 'job_entries'?"),
    "duplicate_header.csv": (1, "starts", "appears twice in the header"),
    "unnamed_column_with_values.csv": (1, "9 (no header)", "has values but no name"),
    "single_column.csv": (1, None, "only one column found"),
    "mixed_separators.csv": (1, None, "cannot tell whether the columns are separated"),
    "text_in_number.csv": (4, "starts", "'five' is not a number"),
    "empty_cell.csv": (3, "referrals", "the cell is empty; enter 0"),
    "negative_count.csv": (5, "referrals", "-2 is negative"),
    "fraction_count.csv": (2, "starts", "2.5 is not a whole number"),
    "fte_out_of_range.csv": (
        3,
        "fte",
        "1.5 must be at least 0.05 (about two hours a week) and at most 1",
    ),
    "empty_specialist.csv": (3, "specialist", "the cell is empty"),
    "job_entries_exceed_starts.csv": (2, "job_entries", "job entries so far (5) exceed"),
    "sustained_exceed_job_entries.csv": (3, "sustained", "sustained so far (1) exceed"),
    "months_out_of_order.csv": (4, "month", "2024-04 comes after 2024-05 (row 2)"),
    "duplicate_month.csv": (4, "month", "is already on row 2"),
    "not_a_month.csv": (6, "month", "'2024-13' is not a month"),
    "ambiguous_dates.csv": (2, "month", "could be 4 May 2024 or April 5 2024"),
    "future_month.csv": (8, "month", "2099-01 is in the future"),
    "extra_cells.csv": (5, "9 (no header)", "the row has 9 cells but the header has 8"),
    "unclosed_quote.csv": (7, "sustained", "quote mark"),
    "neither_utf8_nor_cp1252.csv": (None, None, "neither UTF-8 nor Windows-1252 text"),
    "mixed_utf8_and_cp1252.csv": (
        5,
        None,
        "the file is UTF-8 text except for a character on this line saved in another encoding",
    ),
    "count_overflow.csv": (2, "starts", "'1.23E+19' is more than 100,000"),
    "count_pasted_id.csv": (3, "referrals", "'12345678901234567890' is more than 100,000"),
    "european_thousands_ambiguous.csv": (
        4,
        "referrals",
        "'1.000' could be 1 (with a decimal point) or 1000 (with a dot between thousands)",
    ),
    "mixed_decimal_marks.csv": (
        3,
        "fte",
        "'0,6' has a decimal comma but row 6, column 'fte' has '0.8' with a decimal point",
    ),
    "too_many_columns.csv": (1, None, "the header has 2,008 columns; a file may have up to 100"),
    "mixed_day_month_dates.csv": (
        4,
        "month",
        "'05/13/2024' can only be month/day/year but '13/04/2024' (row 2) can only be "
        "day/month/year",
    ),
    "huge_unquoted_cell.csv": (5, "note", "the cell holds 140,000 characters"),
    "year_zero_month.csv": (2, "month", "'0000-01' is not a month from 1990 on"),
    "serial_number_months.csv": (2, "month", "'45383' looks like a spreadsheet date number"),
    "specialist_case_duplicate.csv": (
        5,
        "month",
        "2024-05 for 'a' is already on row 4 (as 'A': names that differ only in capitals",
    ),
    "zero_width_specialist.csv": (4, "specialist", "the cell is empty"),
    "referral_sources_exceed_total.csv": (
        5,
        "referrals_from_gp",
        "add up to 5, more than referrals (4)",
    ),
    "group_starts_exceed_starts.csv": (
        7,
        "starts_group_minority_ethnic",
        "3 is more than starts (2)",
    ),
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the malformed-file catalogue ---------------------------------------------------------------
def test_catalogue_lists_every_file():
    files = {p.name for p in MALFORMED_DIR.iterdir() if p.name != "README.md"}
    assert files == set(MALFORMED)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file_gives_row_and_column(name):
    row, column, words = MALFORMED[name]
    path = MALFORMED_DIR / name
    before = sha(path), path.stat().st_mtime_ns
    with pytest.raises(ReturnError) as info:
        load_return(path)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (row, column)
    assert words in problem.message
    text = str(info.value)
    assert name in text and words in text
    if row is not None:
        assert f"row {row}" in text
    if column is not None:
        assert f"column '{column}'" in text
    assert "Traceback" not in text
    assert (sha(path), path.stat().st_mtime_ns) == before  # the file is never changed


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_bytes_give_the_same_message(name):
    row, column, words = MALFORMED[name]
    with pytest.raises(ReturnError, match=None) as info:
        load_return((MALFORMED_DIR / name).read_bytes(), name="upload.csv")
    assert info.value.problems[0].row == row and words in str(info.value)
    assert str(info.value).startswith("upload.csv could not be used")


# file -> (referrals, starts, job entries, sustained in the file; words a note must contain)
ACCEPTED = {
    "windows_1252_pound_note.csv": ((25, 20, 4, 0), "read as Windows-1252 text"),
    "windows_1252_accented_name.csv": ((23, 18, 4, 0), "read as Windows-1252 text"),
    "utf16_without_bom.csv": ((25, 20, 4, 0), "read as UTF-16 text without a byte-order mark"),
    "quoted_thousands.csv": ((1220, 20, 4, 0), "'1,200' with commas between thousands"),
    "european_decimal_comma.csv": ((1220, 20, 4, 0), "'1.200' with decimal commas"),
    "specialist_spellings.csv": ((25, 20, 4, 0), "read 'a' (row 4) as 'A' (row 2)"),
}


def test_accepted_catalogue_lists_every_file():
    assert {p.name for p in ACCEPTED_DIR.iterdir()} == set(ACCEPTED)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_awkward_but_clear_file_loads_with_its_own_numbers_and_a_note(name):
    totals, words = ACCEPTED[name]
    path = ACCEPTED_DIR / name
    before = sha(path), path.stat().st_mtime_ns
    ret = load_return(path)
    assert tuple(mon.funnel(ret)["people"]) == totals
    assert any(words in note for note in ret.notes), ret.notes
    assert (sha(path), path.stat().st_mtime_ns) == before


def test_windows_1252_keeps_the_pound_sign():
    ret = load_return(ACCEPTED_DIR / "windows_1252_pound_note.csv")
    assert "£25 travel paid" in ret.data["note"].tolist()


def test_specialist_spellings_are_one_person_in_checks_and_totals():
    ret = load_return(ACCEPTED_DIR / "specialist_spellings.csv")
    assert ret.specialists == ["A", "B"]
    p = mon.specialist_productivity(ret, 0).set_index("specialist")
    assert p.loc["A", "starts"] == 13 and p.loc["B", "starts"] == 7


def test_many_problems_are_listed_then_counted():
    rows = [f"2024-04,S{i},1,x,1,1,0,0" for i in range(30)]
    with pytest.raises(ReturnError) as info:
        load_return((HEADER + "\n" + "\n".join(rows)).encode())
    assert len(info.value.problems) == mon.MAX_PROBLEMS
    assert "30 problems" in str(info.value) and "and 10 more" in str(info.value)


def test_example_and_template_files_are_not_changed_by_loading():
    path = Path(str(mon.example_path()))
    before = sha(path)
    load_return(path)
    assert sha(path) == before


# --- what is accepted (unambiguous) ------------------------------------------------------------
def check_good(ret):
    assert ret.data["starts"].tolist() == [4, 2, 5, 3, 4, 2]
    assert ret.data["fte"].tolist() == [1, 0.6, 1, 0.6, 1, 0.6]
    assert [str(m) for m in ret.months] == ["2024-04", "2024-05", "2024-06"]


def test_plain_file_bytes_open_file_and_dataframe(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(GOOD)
    check_good(load_return(path))
    check_good(load_return(str(path)))
    check_good(load_return(GOOD.encode()))
    with open(path, "rb") as handle:
        check_good(load_return(handle))
    check_good(load_return(io.StringIO(GOOD)))
    check_good(load_return(pd.read_csv(io.StringIO(GOOD))))


def test_excel_bom_is_accepted_and_noted():
    ret = load_return(codecs.BOM_UTF8 + GOOD.replace("\n", "\r\n").encode())
    check_good(ret)
    assert any("byte-order mark" in n for n in ret.notes)


def test_utf16_unicode_text_is_accepted():
    ret = load_return(GOOD.replace(",", "\t").encode("utf-16"))
    check_good(ret)
    assert any("UTF-16" in n for n in ret.notes)


def test_semicolon_export_with_decimal_commas_is_accepted():
    text = GOOD.replace(",", ";").replace("0.6", "0,6")
    ret = load_return(text.encode())
    check_good(ret)
    assert any("semicolon" in n for n in ret.notes)


def test_semicolon_export_with_commas_in_a_note_is_accepted():
    text = "\n".join(
        line + (";note" if i == 0 else ";a, b")
        for i, line in enumerate(GOOD.replace(",", ";").strip().splitlines())
    )
    check_good(load_return(text.encode()))


@pytest.mark.parametrize(
    "months",
    [
        ("01/04/2024", "01/05/2024", "01/06/2024"),  # Excel, UK day/month/year
        ("04/01/2024", "05/01/2024", "06/01/2024"),  # US month/day/year, first of the month
        ("30/04/2024", "31/05/2024", "30/06/2024"),  # month ends: unambiguous
        ("Apr-24", "May-24", "Jun-24"),
        ("April 2024", "May 2024", "June 2024"),
        ("2024-04-01", "2024-05-01", "2024-06-01 00:00:00"),
        ("04/2024", "05/2024", "06/2024"),
    ],
)
def test_excel_month_formats(months):
    text = GOOD
    for iso, other in zip(("2024-04", "2024-05", "2024-06"), months, strict=True):
        text = text.replace(iso, other)
    check_good(load_return(text.encode()))


def test_header_spelling_blank_rows_and_unknown_columns_are_tolerated_with_notes():
    text = GOOD.replace("job_entries", "Job Entries").replace("active_caseload", "Active caseload")
    lines = text.strip().splitlines()
    lines = [lines[0] + ",comments"] + [line + ",ok" for line in lines[1:]] + [",,,,,,,,", ""]
    ret = load_return("\n".join(lines).encode())
    check_good(ret)
    notes = " ".join(ret.notes)
    assert "'Job Entries' as 'job_entries'" in notes
    assert "ignored column(s) not in the template: comments" in notes
    assert "skipped 1 empty row" in notes


def test_dataframe_with_period_and_datetime_months():
    df = pd.read_csv(io.StringIO(GOOD))
    check_good(load_return(df.assign(month=pd.PeriodIndex(df["month"], freq="M"))))
    check_good(load_return(df.assign(month=pd.to_datetime(df["month"]))))


def test_dataframe_missing_values_of_any_kind_are_empty_cells():
    df = pd.read_csv(io.StringIO(GOOD)).assign(
        employer_contacts=pd.array([3, None, 4, None, 5, None], dtype="Int64")
    )
    ret = load_return(df)
    assert ret.data["employer_contacts"].sum() == 12
    assert ret.data["employer_contacts"].isna().sum() == 3


def test_dataframe_problems_name_row_and_column():
    df = pd.read_csv(io.StringIO(GOOD))
    df.loc[2, "starts"] = -1
    with pytest.raises(ReturnError, match=r"row 4, column 'starts': -1 is negative"):
        load_return(df)
    with pytest.raises(ReturnError, match="the table has no rows"):
        load_return(df.iloc[:0])


def test_bad_source_types():
    with pytest.raises(TypeError, match="source must be a path"):
        load_return(42)
    with pytest.raises(ReturnError, match="no file found"):
        load_return(ROOT / "does-not-exist.csv")


# --- size limits and the largest file ---------------------------------------------------------
def big_return(rows: int) -> str:
    lines = [HEADER]
    specialists = 250
    for i in range(rows):
        month, who = divmod(i, specialists)
        year, m = divmod(month, 12)
        lines.append(f"{2000 + year}-{m + 1:02d},S{who},1,5,4,20,1,1")
    return "\n".join(lines) + "\n"


def test_largest_allowed_file_loads_quickly(tmp_path):
    path = tmp_path / "largest.csv"
    path.write_text(big_return(mon.MAX_ROWS))
    assert path.stat().st_size < mon.MAX_BYTES
    started = time.perf_counter()
    ret = load_return(path)
    seconds = time.perf_counter() - started
    assert len(ret.data) == mon.MAX_ROWS
    assert int(mon.funnel(ret)["people"].iloc[1]) == 4 * mon.MAX_ROWS
    print(f"\nloaded {mon.MAX_ROWS:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {seconds:.2f} s")
    assert seconds < 60


def test_too_many_rows_is_refused(tmp_path):
    path = tmp_path / "toolong.csv"
    path.write_text(big_return(mon.MAX_ROWS + 1))
    with pytest.raises(ReturnError, match="more than 50,000 data rows"):
        load_return(path)


def test_too_many_bytes_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(mon.MAX_BYTES + 1)  # sparse: refused by size, never read
    with pytest.raises(ReturnError, match="the dashboard reads files up to 5.0 MB"):
        load_return(path)
    with pytest.raises(ReturnError, match="5.0 MB"):
        load_return(b"x" * (mon.MAX_BYTES + 1))
    with pytest.raises(ReturnError, match="5.0 MB"):
        load_return(io.BytesIO(b"x" * (mon.MAX_BYTES + 1)))


# --- the funnel and its arithmetic ------------------------------------------------------------
def good():
    return load_return(GOOD.encode())


def test_funnel_arithmetic():
    f = mon.funnel(good())
    assert f["people"].tolist() == [25, 20, 4, 0]
    assert f["share_of_previous"].iloc[1] == pytest.approx(20 / 25)
    assert f["share_of_previous"].iloc[2] == pytest.approx(4 / 20)
    assert f["share_of_referrals"].iloc[2] == pytest.approx(4 / 25)
    assert math.isnan(f["share_of_previous"].iloc[0])
    last = mon.funnel(good(), last_months=1)
    assert last["people"].tolist() == [7, 6, 2, 0]


def test_monthly_trends_and_productivity():
    t = mon.monthly_trends(good())
    assert t["starts"].tolist() == [6, 8, 6]
    assert t["fte"].tolist() == pytest.approx([1.6, 1.6, 1.6])
    assert t["caseload_per_fte"].iloc[2] == pytest.approx(16 / 1.6)
    p = mon.specialist_productivity(good()).set_index("specialist")
    assert p.loc["A", "fte_years"] == pytest.approx(3 / 12)
    assert p.loc["A", "starts_per_fte_year"] == pytest.approx(13 / 0.25)
    assert p.loc["B", "job_entries_per_fte_year"] == pytest.approx(1 / (1.8 / 12))
    assert p.loc["B", "caseload_per_fte"] == pytest.approx(13 / 1.8)
    assert p.loc["A", "job_entry_rate"] == pytest.approx(3 / 13)


def test_last_months_validates():
    with pytest.raises(ValueError, match="last_months must be zero or more"):
        good().last(-1)
    assert good().last(0).months == good().months


@pytest.mark.parametrize(
    "value, low, high, expected",
    [
        (0.70, 0.7, None, "on"),
        (0.63, 0.7, None, "near"),
        (0.6299, 0.7, None, "off"),
        (25, None, 25, "on"),
        (27.5, None, 25, "near"),
        (27.6, None, 25, "off"),
        (2000, 2000, 2500, "on"),
        (1900, 2000, 2500, "near"),
        (2600, 2000, 2500, "near"),
        (float("nan"), 0.7, None, "none"),
    ],
)
def test_traffic_light_boundaries(value, low, high, expected):
    assert mon.traffic_light(value, low, high, 0.1) == expected


def test_traffic_light_rejects_bad_margin():
    with pytest.raises(ValueError, match="amber_margin must be a share"):
        mon.traffic_light(1, 1, None, 1.5)


def steady(months=12, job_entries=2, sustained=None):
    rows = []
    for i in range(months):
        year, m = divmod(3 + i, 12)
        s = sustained(i) if sustained else 1
        rows.append(
            {
                "month": f"{2023 + year}-{m + 1:02d}",
                "specialist": "A",
                "fte": 1,
                "referrals": 10,
                "starts": 7,
                "active_caseload": 20,
                "job_entries": job_entries,
                "sustained": s,
                "employer_contacts": 26,
            }
        )
    return load_return(pd.DataFrame(rows))


def test_kpi_dashboard_values_and_statuses():
    k = mon.kpi_dashboard(steady(), "IPS").set_index("kpi")
    assert k.loc["access", "value"] == pytest.approx(0.7)
    assert k.loc["access", "status_word"] == "On target"
    assert k.loc["job_entry", "value"] == pytest.approx(2 / 7)
    assert k.loc["job_entry", "status"] == "off"
    assert k.loc["sustain", "value"] == pytest.approx(9 / 18)  # lag of 3 months
    assert k.loc["caseload", "value"] == pytest.approx(20)
    assert k.loc["caseload", "status"] == "on"
    weeks = sum(
        pd.Period(f"{2023 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}").days_in_month / 7
        for i in range(12)
    )
    assert k.loc["employer_contacts", "value"] == pytest.approx(26 * 12 / weeks)
    assert k.loc["unit_cost", "status"] == "none"
    assert "starters_vs_plan" not in k.index
    # targets are numbers with the row's unit and where they come from, never words
    assert (k.loc["access", "target_low"], k.loc["access", "unit"]) == (0.7, "share")
    assert math.isnan(k.loc["access", "target_high"])  # open-ended: "at least"
    assert k.loc["unit_cost", ["target_low", "target_high"]].tolist() == [2000, 2500]
    assert set(k["target_basis"]) == {"suggested", "fidelity_top_score"}
    assert k.loc["employer_contacts", "target_low"] == EV.value(
        "fidelity.ips.employer_contacts_per_week"
    )
    assert "target" not in k.columns
    seqf = mon.kpi_dashboard(steady(), "SEQF").set_index("kpi")
    assert seqf.loc["caseload", "status"] == "off"  # 20 against SEQF's maximum of 15
    assert seqf.loc["employer_contacts", "status"] == "none"
    assert seqf.loc["employer_contacts", "target_basis"] == "none"
    assert seqf.loc["sustain", "how"].startswith("sustained / job entries 6 months earlier")


def test_kpi_unit_cost_and_ramped_volume():
    ret = steady()
    k = mon.kpi_dashboard(ret, spend=84 * 2200, annual_starters=84, ramp_months=1).set_index("kpi")
    assert k.loc["unit_cost", "value"] == pytest.approx(2200)
    assert k.loc["unit_cost", "status"] == "on"
    assert k.loc["starters_vs_plan", "value"] == pytest.approx(1.0)
    assert k.loc["starters_vs_plan", ["target_low", "target_basis"]].tolist() == [1.0, "plan"]
    ramped = mon.kpi_dashboard(ret, annual_starters=84, ramp_months=12).set_index("kpi")
    expected = sum(84 / 12 * m / 12 for m in range(1, 13))
    assert ramped.loc["starters_vs_plan", "value"] == pytest.approx(84 / expected)
    later = mon.kpi_dashboard(
        ret, annual_starters=84, contract_start="2022-04", ramp_months=18
    ).set_index("kpi")
    assert later.loc["starters_vs_plan", "value"] < ramped.loc["starters_vs_plan", "value"]


def test_kpi_dashboard_bad_inputs_name_the_parameter():
    ret = steady()
    with pytest.raises(ValueError, match="contract_start must be a month"):
        mon.kpi_dashboard(ret, annual_starters=10, contract_start="spring")
    with pytest.raises(ValueError, match="contract_start .* must not be after"):
        mon.kpi_dashboard(ret, annual_starters=10, contract_start="2030-01")
    with pytest.raises(ValueError, match="spend must be zero or more"):
        mon.kpi_dashboard(ret, spend=-1)
    with pytest.raises(ValueError, match="model must be one of"):
        mon.kpi_dashboard(ret, "XYZ")
    with pytest.raises(ValueError, match="ramp_months must be a whole number of at least 1"):
        mon.kpi_dashboard(ret, annual_starters=10, ramp_months=0)
    with pytest.raises(TypeError, match="spend must be a number"):
        mon.kpi_dashboard(ret, spend=None)


def test_sustain_not_computed_without_enough_months():
    k = mon.kpi_dashboard(steady(months=3)).set_index("kpi")
    assert math.isnan(k.loc["sustain", "value"]) and k.loc["sustain", "status"] == "none"


# --- the synthetic example and the template -----------------------------------------------------
def test_example_is_synthetic_and_loads_with_notes():
    ret = load_return(mon.example_path())
    assert ret.synthetic and "SYNTHETIC" in mon.example_path().name
    assert ret.data["note"].str.startswith("SYNTHETIC").all()
    assert ret.describe().startswith("SYNTHETIC example data: 24 months")
    assert any("ES-B has no row for 2024-01" in n for n in ret.notes)
    k = mon.kpi_dashboard(ret, last_months=12)
    assert set(k["status"]) >= {"on", "near", "off", "none"}  # the example shows every light


def test_synthetic_script_is_deterministic(tmp_path):
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make-synthetic-returns"),
            "--output-dir",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    shipped = Path(str(mon.example_path())).parent
    for name in ("example_monthly_return_SYNTHETIC.csv", "example_swemwbs_SYNTHETIC.csv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes()


def test_template_matches_the_documented_columns():
    header = mon.template_path().read_text("utf-8").strip().split(",")
    assert header == [c.name for c in mon.TEMPLATE_COLUMNS]
    described = mon.describe_template()
    assert described["column"].tolist()[: len(header)] == header
    assert set(described.loc[described["required"] == "yes", "column"]) == {
        c.name for c in mon.TEMPLATE_COLUMNS if c.required
    }
    with pytest.raises(ReturnError, match="header row but no data rows"):
        load_return(mon.template_path())


def test_breakdowns_of_the_example():
    ret = load_return(mon.example_path())
    b = mon.breakdowns(ret)
    sources = b["referral_sources"]
    assert sources["referrals"].sum() == ret.data["referrals"].sum()
    assert sources["share"].sum() == pytest.approx(1)
    assert "source not recorded" in sources["source"].tolist()
    assert b["sectors"]["job_entries"].sum() == ret.data["job_entries"].sum()
    g = b["groups"].iloc[0]
    assert g["group"] == "minority ethnic"
    assert g["access"] == pytest.approx(
        ret.data["starts_group_minority_ethnic"].sum()
        / ret.data["referrals_group_minority_ethnic"].sum()
    )
    season = b["seasonality"]
    assert len(season) == 12 and season["years"].tolist() == [2] * 12


def test_breakdowns_empty_without_breakdown_columns():
    b = mon.breakdowns(good())
    assert b["referral_sources"].empty and b["sectors"].empty and b["groups"].empty


def test_annual_capacity_is_the_latest_fte_times_clients_a_year():
    assert mon.annual_capacity(good(), 40) == pytest.approx(1.6 * 40)


# --- worked example: MHEP Table 4.2 (Gadenne et al. 2020) -----------------------------------
def test_mhep_all_providers_row_is_the_mean_of_providers():
    t = mon.mhep_per_es()
    providers = t.drop(index="All providers (published)")
    published = t.loc["All providers (published)"]
    assert round(mon.average_per_specialist(providers["Engagements"].tolist()), 1) == 45.8
    assert published["Engagements"] == 45.8
    assert round(mon.average_per_specialist(providers["Job starts"].tolist()), 1) == 12.8
    assert published["Job starts"] == 12.8
    assert mon.average_per_specialist(providers["Six-month outcomes"].tolist()) == 6
    # the published six-week figure differs from the mean of the rounded provider figures
    assert round(mon.average_per_specialist(providers["Six-week outcomes"].tolist()), 1) == 10.6
    assert published["Six-week outcomes"] == 10.4
    assert providers["Six-month outcomes"].isna().sum() == 2


def test_average_per_specialist_rejects_bad_values():
    with pytest.raises(ValueError, match="at least one figure"):
        mon.average_per_specialist([float("nan")])
    with pytest.raises(ValueError, match="values must be zero or more"):
        mon.average_per_specialist([-1])


# --- property tests ------------------------------------------------------------------------------
@st.composite
def valid_returns(draw):
    n_months = draw(st.integers(1, 8))
    n_es = draw(st.integers(1, 3))
    rows = []
    totals = {}
    for month in range(n_months):
        for es in range(n_es):
            t = totals.setdefault(es, [0, 0, 0])
            referrals = draw(st.integers(0, 9))
            starts = draw(st.integers(0, 9))
            t[0] += starts
            jobs = draw(st.integers(0, t[0] - t[1]))
            t[1] += jobs
            sustained = draw(st.integers(0, t[1] - t[2]))
            t[2] += sustained
            rows.append(
                {
                    "month": f"2020-{month + 1:02d}",
                    "specialist": f"S{es}",
                    "fte": draw(st.sampled_from([0.2, 0.5, 1.0])),
                    "referrals": referrals,
                    "starts": starts,
                    "active_caseload": draw(st.integers(0, 40)),
                    "job_entries": jobs,
                    "sustained": sustained,
                }
            )
    return pd.DataFrame(rows)


@given(valid_returns())
def test_property_funnel_totals_and_order(df):
    ret = load_return(df)
    f = mon.funnel(ret)
    assert f["people"].tolist() == [
        int(df[c].sum()) for c in ("referrals", "starts", "job_entries", "sustained")
    ]
    assert f["people"].iloc[1] >= f["people"].iloc[2] >= f["people"].iloc[3]
    p = mon.specialist_productivity(ret, 0)
    assert p["starts"].sum() == df["starts"].sum()


@given(valid_returns(), st.data())
def test_property_a_spoilt_cell_is_named(df, data):
    i = data.draw(st.integers(0, len(df) - 1))
    column = data.draw(st.sampled_from(["referrals", "starts", "active_caseload"]))
    df = df.astype({column: object})
    df.loc[i, column] = data.draw(st.sampled_from(["x", "-", "1.5", "-3"]))
    with pytest.raises(ReturnError) as info:
        load_return(df)
    assert f"row {i + 2}, column '{column}'" in str(info.value)


def test_template_description_takes_sustainment_points_from_the_register():
    text = mon.describe_template().set_index("column").loc["sustained", "what to enter"]
    assert f"{EV.value('kpi.ips.sustain.weeks'):.0f} weeks in work for IPS" in text
    assert f"{EV.value('kpi.seqf.sustain.weeks'):.0f} for SEQF" in text
    assert "{" not in text

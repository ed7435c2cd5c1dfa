import datetime
import hashlib
from pathlib import Path

import pytest

from guidance import monitoring as mon
from guidance.widgets import all_calculators
from guidance.widgets.base import Field, Result
from guidance.widgets.performance import (
    CALCULATORS,
    UploadCalculator,
    fidelity_review,
    monitoring_dashboard,
    seqf_profile_calculator,
    swemwbs_change,
)

ROOT = Path(__file__).resolve().parents[1]
MALFORMED = ROOT / "tests" / "data" / "malformed"
GOOD = (
    "month,specialist,fte,referrals,starts,active_caseload,job_entries,sustained\n"
    "2024-04,A,1,5,4,4,0,0\n2024-04,B,0.6,3,2,2,0,0\n2024-05,A,1,6,5,8,1,0\n"
    "2024-05,B,0.6,4,3,5,1,0\n2024-06,A,1,5,4,10,2,0\n2024-06,B,0.6,2,2,6,0,0\n"
)


def upload_value(content: bytes, name: str) -> tuple[dict, ...]:
    """What ipywidgets 8's FileUpload holds after a person picks a file."""
    return (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc),
        },
    )


@pytest.fixture(scope="module")
def dashboard():
    return monitoring_dashboard()


def test_calculators_are_registered():
    found = all_calculators()
    for name in ("fidelity_review", "seqf_profile", "swemwbs_change", "monitoring_dashboard"):
        assert found[name] is CALCULATORS[name]


# --- fidelity review ----------------------------------------------------------------------------
def test_fidelity_review_recomputes_and_reports_bad_scores():
    calc = fidelity_review()
    assert calc.result.summary.startswith("Total 95 out of 125: Fair fidelity")
    calc.controls["benefits_advice"].value = 5
    calc.controls["employer_contact_frequency"].value = 5
    assert calc.result.summary.startswith("Total 101 out of 125: Good fidelity")
    good = calc.result
    calc.controls["disclosure"].value = 7
    assert calc.message.startswith("13. Disclosure (1-5) (disclosure) must be a whole score")
    assert calc.result is good and "Traceback" not in calc._message.value
    calc.controls["disclosure"].value = 3
    assert calc.message == ""


def test_fidelity_static_html_shows_default_result_without_controls():
    html = fidelity_review()._repr_mimebundle_()["text/html"]
    assert "<input" not in html and "<select" not in html
    assert 'alt="Bar chart of the 25 item scores; total 95 of 125, Fair fidelity.' in html
    assert "Weakest items and what to do about them" in html
    assert "illustrative score" in html and "not directly confirmed" in html


# --- SEQF profile -------------------------------------------------------------------------------
def test_seqf_profile_changes_and_reports_errors():
    calc = seqf_profile_calculator()
    assert calc.result.summary.startswith("Weakest element: Employer engagement (2 of 5)")
    assert "base-uk.org" in calc.result.summary
    calc.controls["employer_engagement"].value = 5.0
    assert calc.result.summary.startswith("Weakest element: Client engagement")
    calc.controls["job_finding"].value = 9.0
    assert "Job finding (job_finding) must be at most max_score" in calc.message
    calc.controls["max_score"].value = 0.0
    assert "greater than zero" in calc.message


# --- SWEMWBS ------------------------------------------------------------------------------------
def test_swemwbs_change_money_value_and_upload():
    calc = swemwbs_change()
    assert isinstance(calc, UploadCalculator)
    assert calc.result.summary.startswith("Average change +1.74 metric points")
    assert "Illustrative money value" not in calc.result.extra_html
    calc.controls["money"].value = "yes"
    assert "Illustrative money value (derived)" in calc.result.extra_html
    assert "Derived:" in calc.result.extra_html
    calc.upload.value = upload_value(b"client_id,start_raw,end_raw\nC1,20,22\nC2,41,\n", "s.csv")
    assert "row 3, column 'start_raw': 41 is outside" in calc.message
    assert calc.result.summary.startswith("Average change +1.74")  # last good result kept
    calc.upload.value = upload_value(b"client_id,start_raw,end_raw\nC1,20,22\nC2,21,\n", "s.csv")
    assert calc.message == ""
    assert calc.result.summary.startswith("Average change +1.39 metric points for the 1 of 2")
    assert calc.data_name == "s.csv"


def test_swemwbs_static_html_offers_downloads_and_names_synthetic_data():
    html = swemwbs_change()._repr_mimebundle_()["text/html"]
    assert "example_swemwbs_SYNTHETIC.csv" in html
    assert 'href="data:text/csv;charset=utf-8;base64,' in html
    assert "What this cannot show" in html and "<input" not in html


# --- monitoring dashboard ---------------------------------------------------------------------
def test_dashboard_defaults_show_the_synthetic_example(dashboard):
    result = dashboard.result
    assert result.summary.startswith("SYNTHETIC example data: 24 months (2023-04 to 2025-03)")
    for word in ("On target", "Near target", "Off target", "Not computed"):
        assert word in result.extra_html
    assert 'aria-hidden="true"' in result.extra_html  # the colour swatch is decoration
    assert "ES-B has no row for 2024-01" in result.extra_html
    html = dashboard._repr_mimebundle_()["text/html"]
    assert "Data shown: example_monthly_return_SYNTHETIC.csv" in html
    assert "Download the template" in html and "Download the SYNTHETIC example" in html
    assert 'alt="Funnel bar chart, 2024-04 to 2025-03: Referrals' in html
    assert 'alt="Line chart of referrals, starts, job entries and sustained jobs' in html
    assert "<input" not in html and "<select" not in html


def test_dashboard_inputs_change_the_result():
    calc = monitoring_dashboard()
    before = calc.result.summary
    calc.controls["last_months"].value = 0
    assert calc.result.summary != before and "Over 2023-04 to 2025-03" in calc.result.summary
    calc.controls["spend"].value = 225 * 2300.0
    calc.controls["last_months"].value = 12
    assert "£2,300" in calc.result.table.to_string()
    calc.controls["contract_start"].value = "sometime"
    assert calc.message.startswith("Contract start month (YYYY-MM) (contract_start) must be")
    calc.controls["contract_start"].value = "2023-04"
    assert calc.message == ""
    calc.controls["amber_margin"].value = 150
    assert "'Near target' band (% of target) must be between 0 and 100" in calc.message


def test_dashboard_upload_of_a_good_file_replaces_the_data():
    calc = monitoring_dashboard()
    calc.upload.value = upload_value(GOOD.encode(), "our_return.csv")
    assert calc.message == ""
    assert calc.data_name == "our_return.csv"
    assert calc.result.summary.startswith("'our_return.csv': 3 months (2024-04 to 2024-06)")
    assert calc.values()["contract_start"] == "2024-04"  # defaults follow the new file
    assert calc.values()["annual_starters"] == pytest.approx(64)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in MALFORMED.iterdir() if p.name != "README.md")
)
def test_dashboard_upload_of_a_malformed_file_gives_a_message_not_a_traceback(dashboard, name):
    from test_monitoring import MALFORMED as EXPECTED

    row, column, words = EXPECTED[name]
    path = MALFORMED / name
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    good = dashboard.result
    dashboard.upload.value = upload_value(path.read_bytes(), name)
    assert dashboard.message.startswith(f"'{name}' could not be used")
    assert words in dashboard.message
    if row is not None:
        assert f"row {row}" in dashboard.message
    if column is not None:
        assert f"column '{column}'" in dashboard.message
    assert "Traceback" not in dashboard._message.value
    assert "last valid inputs" in dashboard._message.value
    assert dashboard.result is good
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_dashboard_refuses_an_upload_over_the_size_limit(dashboard):
    value = upload_value(b"x", "huge.csv")
    value[0]["size"] = mon.MAX_BYTES + 1
    dashboard.upload.value = value
    assert "'huge.csv' could not be used: the file is 5.0 MB" in dashboard.message


def test_unexpected_loader_errors_become_messages():
    def render(data, x):
        return Result(summary=str(data), table=__import__("pandas").DataFrame(), caption="c")

    def loader(source, name=None):
        if isinstance(source, bytes):
            raise ZeroDivisionError("boom")
        return "default"

    calc = UploadCalculator(
        "Test", [Field("x", "X", "number", 1.0)], render, loader, "d", name="test_upload"
    )
    calc.load_bytes(b"anything", "f.csv")
    assert calc.message.startswith("'f.csv' could not be read (boom)")
    assert calc.result.summary == "default"

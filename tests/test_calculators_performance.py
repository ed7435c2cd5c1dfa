"""Chapter 6's calculator definitions (fidelity review, SEQF profile, SWEMWBS change,
monitoring dashboard) and their rendering by the generic widget calculator."""

import datetime
import hashlib
import html as htmllib
import re
from pathlib import Path

import pytest

from guidance.calculators import get
from guidance.calculators.spec import InputError, Q
from guidance.core import monitoring as mon
from guidance.core.evidence import load_register
from guidance.core.fidelity import example_review, example_seqf_scores, score_review
from guidance.core.wellbeing import example_scores_path, load_scores
from guidance.frontends.widgets import Calculator, all_calculators
from guidance.presentation.downloads import downloads_html
from guidance.presentation.render import output_text, text

ROOT = Path(__file__).resolve().parents[1]
MALFORMED = ROOT / "tests" / "data" / "malformed"
GOOD = (
    "month,specialist,fte,referrals,starts,active_caseload,job_entries,sustained\n"
    "2024-04,A,1,5,4,4,0,0\n2024-04,B,0.6,3,2,2,0,0\n2024-05,A,1,6,5,8,1,0\n"
    "2024-05,B,0.6,4,3,5,1,0\n2024-06,A,1,5,4,10,2,0\n2024-06,B,0.6,2,2,6,0,0\n"
)
NAMES = ("fidelity_review", "seqf_profile", "swemwbs_change", "monitoring_dashboard")


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


def message(calc) -> str:
    """The message on screen as a person reads it (its first line and every listed item)."""
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", calc._message.value))


@pytest.fixture(scope="module")
def dashboard():
    return Calculator("monitoring_dashboard")


def test_calculators_are_registered_as_definitions():
    found = all_calculators()
    for name in NAMES:
        assert get(name).chapter == 6
        assert found[name]().definition is get(name)
    for name in NAMES:  # every number input has a range
        for item in get(name).inputs:
            if item.kind in ("number", "integer", "percent"):
                assert item.minimum is not None and item.maximum is not None


# --- fidelity review ----------------------------------------------------------------------------
def test_fidelity_review_numbers_and_defaults():
    d = get("fidelity_review")
    r = load_register()
    assert d.defaults() == example_review()
    assert d.source("disclosure").startswith("illustrative:")
    item = d.input("disclosure")
    assert (item.minimum, item.maximum) == (
        r.value("fidelity.ips.item_min"),
        r.value("fidelity.ips.item_max"),
    )
    out = d.run()
    review = score_review(example_review())
    assert text(out.summary) == (
        "Total 95 out of 125: Fair fidelity. 5 more points would reach Good fidelity."
    )
    assert [row[2] for row in out.tables[0].rows] == list(review.weakest["score"])
    assert all(isinstance(row[2], int) for row in out.tables[0].rows)
    shown = output_text(out)
    assert "Fair fidelity: 74 to 99 (this review)" in shown
    assert "not directly confirmed" in shown and "Staffing: 14 of 15 (93%)" in shown
    with pytest.raises(InputError, match=r"13. Disclosure must be a whole number between 1 and 5"):
        d.run({"disclosure": 7})


def test_fidelity_review_renders_live_and_static():
    calc = Calculator("fidelity_review")
    calc.type_value("benefits_advice", "5")
    calc.type_value("employer_contact_frequency", "5")
    assert text(calc.result.summary).startswith("Total 101 out of 125: Good fidelity")
    good = calc.result
    calc.type_value("disclosure", "7")
    assert calc.input_messages["disclosure"].startswith("13. Disclosure must be a whole number")
    assert calc.result is good and "last valid inputs" in calc.message
    calc.type_value("disclosure", "3.5")
    assert "whole number" in calc.input_messages["disclosure"]
    calc.type_value("disclosure", "3")
    assert calc.message == ""
    html = Calculator("fidelity_review")._repr_mimebundle_()["text/html"]
    assert "<input" not in html and "<select" not in html
    assert 'alt="Bar chart of the 25 item scores; total 95 of 125, Fair fidelity.' in html
    assert "Weakest items and what to do about them" in html
    assert "illustrative: an example score" in html and "not directly confirmed" in html


# --- SEQF profile -------------------------------------------------------------------------------
def test_seqf_profile_numbers_and_messages():
    d = get("seqf_profile")
    assert {k: v for k, v in d.defaults().items() if k != "max_score"} == example_seqf_scores()
    out = d.run()
    assert text(out.summary).startswith("Weakest element: Employer engagement (2 of 5)")
    assert "base-uk.org" in text(out.summary)
    first = out.tables[0].rows[0]
    assert first[:2] == (1, "Employer engagement") and first[3] == pytest.approx(0.4)
    half = d.run({"max_score": 10, "job_finding": 2.5})
    assert text(half.summary).startswith("Weakest element: Employer engagement (2 of 10)")
    assert "Job finding" in output_text(half) and "2.5" in output_text(half)
    with pytest.raises(
        InputError, match="Highest possible score per element must be a number between"
    ):
        d.run({"max_score": 0})
    with pytest.raises(ValueError, match="job_finding must be at most max_score"):
        d.run({"job_finding": 9})


def test_seqf_profile_renders_package_messages_with_labels():
    calc = Calculator("seqf_profile")
    calc.type_value("employer_engagement", "5")
    assert text(calc.result.summary).startswith("Weakest element: Client engagement")
    calc.type_value("job_finding", "9")
    assert calc.message.startswith("Job finding must be at most max_score (5)")
    calc.type_value("max_score", "0")
    assert "must be a number between 0.1 and 1,000" in calc.input_messages["max_score"]


# --- SWEMWBS ------------------------------------------------------------------------------------
def test_swemwbs_numbers_money_value_and_downloads():
    d = get("swemwbs_change")
    change = load_scores(example_scores_path())
    out = d.run()
    assert text(out.summary).startswith("Average change +1.74 metric points for the 50 of 80")
    rows = dict(out.tables[0].rows)
    assert rows["People with start and end scores"] == Q(change.n_paired, "count")
    assert rows["Average change (metric points)"].value == pytest.approx(change.mean_change)
    assert [n.heading for n in out.notes] == ["What this cannot show"]
    money = d.run({"money": "yes", "years": 2})
    assert money.notes[1].heading == "Illustrative money value (derived)"
    assert "for 50 people over 2 year(s)" in text(money.notes[1].items[0])
    assert text(money.notes[1].items[1]).startswith("Derived:")
    with pytest.raises(
        InputError, match="Years the change is assumed to last must be a number between"
    ):
        d.run({"years": -1})
    links = downloads_html(d.upload.downloads)
    assert 'download="example_swemwbs_SYNTHETIC.csv"' in links
    assert 'href="data:text/csv;charset=utf-8;base64,' in links


def test_swemwbs_upload_keeps_the_last_good_result():
    calc = Calculator("swemwbs_change")
    calc.type_value("money", "yes")
    assert calc.result.notes[1].heading == "Illustrative money value (derived)"
    calc.upload.value = upload_value(b"client_id,start_raw,end_raw\nC1,20,22\nC2,41,\n", "s.csv")
    assert "row 3, column 'start_raw': 41 is outside" in message(calc)
    assert text(calc.result.summary).startswith("Average change +1.74")  # last good result kept
    calc.upload.value = upload_value(b"client_id,start_raw,end_raw\nC1,20,22\nC2,21,\n", "s.csv")
    assert calc.message == ""
    assert text(calc.result.summary).startswith("Average change +1.39 metric points for the 1 of 2")
    assert calc.data_name == "s.csv"
    html = Calculator("swemwbs_change")._repr_mimebundle_()["text/html"]
    assert "Data shown: example_swemwbs_SYNTHETIC.csv" in html
    assert "What this cannot show" in html and "<input" not in html


# --- monitoring dashboard ---------------------------------------------------------------------
def test_dashboard_defaults_show_the_synthetic_example(dashboard):
    d = get("monitoring_dashboard")
    ret = mon.load_return(mon.example_path())
    values = d.defaults()
    per_es = load_register().value("fss.clients_per_es_per_year")
    assert values["annual_starters"] == round(mon.annual_capacity(ret, per_es))
    assert values["contract_start"] == str(ret.months[0])
    assert d.source("ramp_months").startswith("whitworth2024guide")
    result = dashboard.result
    assert text(result.summary).startswith("SYNTHETIC example data: 24 months (2023-04 to 2025-03)")
    kpis = mon.kpi_dashboard(
        ret,
        "IPS",
        last_months=12,
        annual_starters=values["annual_starters"],
        contract_start=values["contract_start"],
        ramp_months=18,
    )
    table = result.tables[0]
    assert [row[-2] for row in table.rows] == list(kpis["status_word"])
    for row, value in zip(table.rows, kpis["value"], strict=True):
        assert row[2].value == (None if value != value else pytest.approx(value))
    assert {"On target", "Near target", "Off target", "Not computed"} <= {
        row[-2] for row in table.rows
    }
    assert "ES-B has no row for 2024-01" in output_text(result)
    html = dashboard._repr_mimebundle_()["text/html"]
    assert "Data shown: example_monthly_return_SYNTHETIC.csv" in html
    assert 'alt="Funnel bar chart, 2024-04 to 2025-03: Referrals' in html
    assert 'alt="Line chart of referrals, starts, job entries and sustained jobs' in html
    assert "<input" not in html and "<select" not in html
    links = downloads_html(d.upload.downloads)
    assert "Download the template" in links and "Download the SYNTHETIC example" in links


def test_dashboard_inputs_change_the_result():
    calc = Calculator("monitoring_dashboard")
    before = calc.result.summary
    calc.type_value("last_months", "0")
    assert calc.result.summary != before and "Over 2023-04 to 2025-03" in text(calc.result.summary)
    calc.type_value("spend", "517,500")
    calc.type_value("last_months", "12")
    assert "£2,300" in output_text(calc.result)  # 225 starters at £2,300 each
    calc.type_value("contract_start", "sometime")
    assert calc.message.startswith("Contract start month (YYYY-MM) must be a month")
    calc.type_value("contract_start", "2023-04")
    assert calc.message == ""
    calc.type_value("amber_margin", "150")
    assert "must be a number between 0% and 100%" in calc.input_messages["amber_margin"]


def test_dashboard_targets_are_worded_from_the_numbers_core_returns():
    d = get("monitoring_dashboard")

    def targets(model: str) -> dict[str, str]:
        out = d.run({"model": model, "spend": 250_000.0, "annual_starters": 100.0})
        return {row[0]: text(row[3]) for row in out.tables[0].rows}

    ips, seqf = targets("IPS"), targets("SEQF")
    assert ips["Access: referrals who start"] == "at least 70%"
    assert ips["Active caseload per full-time specialist"] == "at most 25"
    assert ips["Cost per starter"] == "£2,000 to £2,500"
    assert seqf["Cost per starter"] == "£4,500 to £6,500"
    assert ips["Starters against the ramped plan"] == "at least 100% of plan"
    employer = "Face-to-face employer contacts per full-time specialist a week"
    assert ips[employer] == "at least 6 (top score on the fidelity item)"
    assert seqf[employer] == "no published target"


def test_dashboard_upload_of_a_good_file_replaces_the_data():
    calc = Calculator("monitoring_dashboard")
    calc.upload.value = upload_value(GOOD.encode(), "our_return.csv")
    assert calc.message == ""
    assert calc.data_name == "our_return.csv"
    assert text(calc.result.summary).startswith("'our_return.csv': 3 months (2024-04 to 2024-06)")
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
    shown = message(dashboard)
    assert words in shown
    if row is not None:
        assert f"row {row}" in shown
    if column is not None:
        assert f"column '{column}'" in shown
    assert "Traceback" not in dashboard._message.value
    assert "last valid inputs" in dashboard._message.value
    assert dashboard.result is good
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_dashboard_refuses_an_upload_over_the_size_limit(dashboard):
    big = b"month,specialist\n" + b"x" * mon.MAX_BYTES
    dashboard.upload.value = upload_value(big, "huge.csv")
    assert dashboard.message.startswith("'huge.csv' could not be used")
    assert "the file is 5.0 MB" in message(dashboard)

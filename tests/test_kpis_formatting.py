import math

import pytest

from guidance.calculators.ranges import range_text
from guidance.calculators.service_sizing import sizing_inputs
from guidance.core.kpis import check_kpis, kpi_ranges, sizing_kpis
from guidance.core.sizing import size_service
from guidance.presentation.formatting import decimal, format_value, gbp, pct, whole
from guidance.presentation.render import text
from guidance.presentation.words import kpi_table, kpi_words, range_in_words


def test_kpi_ranges_from_whitworth_table():
    ips, seqf = kpi_ranges("IPS"), kpi_ranges("SEQF")
    assert (ips["unit_cost"].low, ips["unit_cost"].high) == (2000, 2500)
    assert (seqf["unit_cost"].low, seqf["unit_cost"].high) == (4500, 6500)
    assert ips["access"].low == seqf["access"].low == 0.7
    assert (ips["caseload"].high, seqf["caseload"].high) == (25, 15)
    assert ips["job_entry"].low == 0.4
    assert (ips["sustain"].low, seqf["sustain"].low) == (0.65, 0.7)
    assert "13 weeks" in ips["sustain"].label and "26 weeks" in seqf["sustain"].label


@pytest.mark.parametrize(
    "kpi, value, status",
    [
        ("unit_cost", 1999, "below"),
        ("unit_cost", 2000, "within"),
        ("unit_cost", 2500, "within"),
        ("unit_cost", 2501, "above"),
        ("access", 0.69, "below"),
        ("access", 0.7, "within"),
        ("caseload", 25, "within"),
        ("caseload", 26, "above"),
        ("job_entry", 0.31, "below"),
        ("sustain", math.nan, "not computed"),
    ],
)
def test_check_kpis_flags_each_boundary(kpi, value, status):
    assert check_kpis({kpi: value}, "IPS")["status"].tolist() == [status]


def test_check_kpis_bad_input():
    with pytest.raises(ValueError, match="unknown KPI 'speed'"):
        check_kpis({"speed": 1}, "IPS")
    with pytest.raises(ValueError, match="model must be one of"):
        check_kpis({"access": 1}, "XYZ")
    with pytest.raises(TypeError, match="values must be a mapping"):
        check_kpis([1], "IPS")


def test_sizing_kpis_flags_a_seqf_service_priced_like_ips():
    inputs = sizing_inputs(model="SEQF").with_changes(unit_cost=2000)
    checks = sizing_kpis(size_service(inputs)).set_index("kpi")
    assert checks.loc["unit_cost", "status"] == "below"
    caseload = sizing_inputs().with_changes(staffing_method="caseload", caseload=30)
    assert sizing_kpis(size_service(caseload)).set_index("kpi").loc["caseload", "status"] == "above"


@pytest.mark.parametrize(
    "low, high, unit, words",
    [
        (0.7, None, "share", "at least 70%"),
        (None, 0.25, "share", "at most 25%"),
        (0.3, 0.56, "share", "30% to 56%"),
        (2000, 2500, "GBP", "£2,000 to £2,500"),
        (None, 1600.4, "GBP", "at most £1,600"),
        (4500, None, "GBP per year", "at least £4,500"),
        (None, 25, "clients", "at most 25"),
        (15, 25.0, "clients", "15 to 25"),
        (1200, None, "count", "at least 1,200"),
        (2.5, None, "contacts per week", "at least 2.5"),
    ],
)
def test_range_words_for_share_money_and_count(low, high, unit, words):
    assert range_in_words(low, high, unit) == words
    assert text(range_text(low, high, unit)) == words  # what a calculator shows


def test_range_words_refuse_what_is_not_a_range():
    with pytest.raises(ValueError, match="a range needs a low or a high end"):
        range_in_words(None, None, "share")
    with pytest.raises(ValueError, match="unit must be one of"):
        range_in_words(1, 2, "percent")
    with pytest.raises(ValueError, match="low must be a finite number"):
        range_in_words(math.nan, 2, "GBP")


def test_core_keeps_ranges_as_numbers_and_presentation_words_them():
    assert "suggested" not in check_kpis({"access": 0.7}, "IPS").columns
    assert not hasattr(kpi_ranges("IPS")["access"], "describe")
    assert kpi_words("IPS") == {
        "unit_cost": "£2,000 to £2,500",
        "access": "at least 70%",
        "caseload": "at most 25",
        "job_entry": "at least 40%",
        "sustain": "at least 65%",
    }


def test_kpi_table_text():
    table = kpi_table().set_index("KPI or target")
    assert table.loc["Cost per participant (unit cost)", "SEQF"] == "£4,500 to £6,500"
    assert table.loc["Sustained employment", "IPS beyond SMI"] == "at least 65% beyond 13 weeks"
    assert (
        "12 months out-of-work support + 4 months"
        in table.loc["Programme duration", "IPS beyond SMI"]
    )


def test_formatting_gov_uk_style():
    assert gbp(2000) == "£2,000"
    assert gbp(6_000_000) == "£6m"
    assert gbp(5_800_000) == "£5.8m"
    assert gbp(-1500) == "-£1,500"
    assert pct(0.306, 1) == "30.6%"
    assert whole(2.5) == "3"
    assert decimal(1234.56) == "1,234.6"
    assert format_value(0.7, "share") == "70%"
    assert format_value(math.nan, "GBP") == "not computed"
    with pytest.raises(TypeError, match="value must be a number"):
        gbp("2000")

import pytest

from guidance.widgets import all_calculators
from guidance.widgets.payments import (
    creaming_parking,
    money,
    payment_simulator,
    simulator_setup,
)


@pytest.fixture(scope="module")
def simulator():
    return payment_simulator()


def test_chapter_calculators_are_registered():
    found = all_calculators()
    for name in ("payment_simulator", "creaming_parking"):
        assert name in found


# --- payment simulator ------------------------------------------------------------------------
def test_simulator_default_result(simulator):
    r = simulator.result
    assert list(r.table["mechanism"]) == [
        "100% outcomes",
        "30% block, 70% outcomes",
        "70% block, 30% outcomes",
    ]
    assert r.summary.startswith("The provider loses money on")
    assert "10,000 simulated contracts" in r.caption
    html = simulator._repr_mimebundle_()["text/html"]
    assert html.count("<img") == 2  # margin ranges and cash-flow curve
    assert 'alt="Bar chart of the provider' in html and 'alt="Line chart of the provider' in html
    assert "per job start" in html  # tariff table
    assert "gadenne2020" in html and "base2019poc" in html


def test_simulator_recomputes_and_keeps_last_result_on_bad_input(simulator):
    before = simulator.result.table.copy()
    simulator.controls["target_ratio"].value = 1.42
    assert simulator.message == ""
    assert not simulator.result.table.equals(before)
    good = simulator.result
    simulator.controls["block_share_b"].value = 150.0
    assert "Mechanism B: block share (%) must be between 0 and 100" in simulator.message
    assert simulator.result is good
    simulator.controls["block_share_b"].value = 30.0
    simulator.controls["payment_lag_months"].value = 36
    assert "payment_lag_months" in simulator.message and "shorter" in simulator.message
    simulator.controls["payment_lag_months"].value = 0
    simulator.controls["job_start_rate_sd"].value = 60.0
    assert "job_start_rate_sd" in simulator.message
    simulator.controls["job_start_rate_sd"].value = 8.3
    simulator.controls["weight_engagement"].value = -1.0
    assert "weights[engagement] must be zero or more" in simulator.message
    simulator.controls["weight_engagement"].value = 1.0
    simulator.controls["target_ratio"].value = 1.0
    assert simulator.message == ""


def test_simulator_setup_names_bad_choice():
    with pytest.raises(ValueError, match="cap must be one of"):
        simulator_setup(400_000, 0, 0.3, 0.7, 1, 1, 1, 1.0, cap="maybe")


def test_money_formatting():
    assert money(float("inf")) == "not computed"
    assert money(2500.4) == "£2,500"


# --- creaming and parking ---------------------------------------------------------------------
def test_creaming_calculator():
    calc = creaming_parking()
    t = calc.result.table
    assert t.shape[0] == 3
    before = calc.result.summary
    calc.controls["harder_cost"].value = 2000.0
    assert calc.result.summary != before
    calc.controls["harder_job_rate"].value = 120.0
    assert "must be between 0 and 100" in calc.message
    calc.controls["harder_job_rate"].value = 20.0
    calc.controls["target_job_starts"].value = 500.0
    assert "job_starts (500) cannot exceed engagements" in calc.message

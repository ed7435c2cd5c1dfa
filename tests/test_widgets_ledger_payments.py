import re

import pytest

from guidance.ledger import SIB_FLOWS
from guidance.widgets import all_calculators
from guidance.widgets.ledger import (
    benefit_ledger_calculator,
    cashable_savings_calculator,
    ledger_result,
    show_sib_flows,
    sib_flow_svg,
    sib_flows_text,
)
from guidance.widgets.payments import (
    creaming_parking,
    money,
    payment_simulator,
    sim_money,
    simulator_setup,
)


@pytest.fixture(scope="module")
def simulator():
    return payment_simulator()


def test_chapter_calculators_are_registered():
    found = all_calculators()
    for name in ("benefit_ledger", "cashable_savings", "payment_simulator", "creaming_parking"):
        assert name in found


# --- benefit ledger ---------------------------------------------------------------------------
def test_ledger_recomputes_when_an_input_changes():
    calc = benefit_ledger_calculator()
    before = calc.result.summary
    assert before.startswith("Public bodies gain £4,372,809")
    calc.controls["months_in_work"].value = 12.0
    assert calc.message == ""
    assert calc.result.summary != before
    calc.controls["la_saving_per_month"].value = 250.0
    assert "Local authority" in calc.result.summary


def test_ledger_bad_input_shows_a_message():
    calc = benefit_ledger_calculator()
    good = calc.result
    calc.controls["job_outcomes"].value = -5.0
    assert "People moving into work (job_outcomes) must be zero or more" in calc.message
    assert calc.result is good
    calc.controls["job_outcomes"].value = 100.0
    assert calc.message == ""


def test_ledger_with_no_gains_says_so():
    r = ledger_result(job_outcomes=0)
    assert r.summary.startswith("No public body gains")


def test_ledger_static_html_has_sources_alt_text_and_no_controls():
    html = benefit_ledger_calculator()._repr_mimebundle_()["text/html"]
    assert "<input" not in html and "<select" not in html
    assert 'alt="Bar chart of gains from 1,631 people in work for 3.0 months each' in html
    assert "socialfinance2020" in html and "morris2024ipsmod" in html
    assert "your own figure" in html  # local authority and wellbeing change
    assert "£4,353,331" in html  # DWP's proportional contribution


# --- cashable savings -------------------------------------------------------------------------
def test_cashable_savings_default_is_the_worked_example():
    calc = cashable_savings_calculator()
    assert calc.result.summary == "Cashable savings of £540,000 to £3,960,000 on a £6m budget."
    calc.controls["budget"].value = 1_000_000.0
    assert "£90,000 to £660,000" in calc.result.summary
    calc.controls["pence_low"].value = 80.0
    assert "Savings per £1, low (pence) (pence_low) (80) must not be more than" in calc.message


# --- payment simulator ------------------------------------------------------------------------
def test_simulator_default_result(simulator):
    r = simulator.result
    assert list(r.table["mechanism"]) == [
        "100% outcomes",
        "30% block, 70% outcomes",
        "70% block, 30% outcomes",
        "costs reimbursed quarterly in arrears",
    ]
    assert r.summary.startswith("The provider loses money on")
    assert "10,000 simulated contracts" in r.caption
    html = simulator._repr_mimebundle_()["text/html"]
    assert html.count("<img") == 2  # margin ranges and cash-flow curve
    assert 'alt="Bar chart of the provider' in html and 'alt="Line chart of the provider' in html
    assert "per job start" in html and "claimed every 3 months" in html  # tariff table
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


def test_simulator_cost_grant_carries_no_outcome_risk(simulator):
    rows = simulator.result.table.set_index("mechanism")
    grant = rows.loc["costs reimbursed quarterly in arrears"]
    assert grant["provider: chance of a loss"] == "0%"
    # fixed costs, claimed each quarter and paid at its end: two months' costs up front
    cost = simulator.values()["cost_per_month"]
    assert grant["provider: cash it must find (95th percentile)"] == sim_money(2 * cost)


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


# --- the SIB diagram --------------------------------------------------------------------------
def test_sib_svg_is_accessible():
    for model, flows in SIB_FLOWS.items():
        svg = sib_flow_svg(model)
        slug = model.replace(" ", "-")
        assert 'role="img"' in svg
        assert f'aria-labelledby="{slug}-title {slug}-desc"' in svg
        assert f'<title id="{slug}-title">' in svg and f'<desc id="{slug}-desc">' in svg
        assert svg.count("<line") == len(flows)
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    with pytest.raises(ValueError, match="model must be one of"):
        sib_flow_svg("triple commissioning")


def test_sib_flows_shown_with_words_and_unique_ids():
    shown = show_sib_flows()
    ids = re.findall(r'id="([^"]+)"', shown.html)
    assert len(ids) == len(set(ids))
    assert shown.html.count("<ol>") == 2
    assert "passed on" in shown.html and "outcome-based payment" in shown.html
    assert "co-commissioning" in repr(shown) and "single commissioning" in repr(shown)
    assert sib_flows_text("single commissioning").startswith("In the single commissioning model")

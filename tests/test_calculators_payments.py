"""Chapter 5's calculator definitions (payment simulator, creaming and parking) and their
rendering by the generic widget calculator."""

import math

import pytest

from guidance.calculators import get
from guidance.calculators.creaming_parking import incentive_text
from guidance.calculators.payment_simulator import (
    SEED,
    SIMULATIONS,
    delivery_inputs,
    simulator_setup,
    standard_block_shares,
    to_nearest_100,
)
from guidance.calculators.spec import InputError, Q
from guidance.core.evidence import load_register
from guidance.core.payments import (
    ClientGroup,
    Targets,
    compare,
    creaming_table,
    expected_outcomes,
    standard_mechanisms,
)
from guidance.frontends.widgets import Calculator, all_calculators
from guidance.presentation.render import output_text, text

SIM = get("payment_simulator")
CREAM = get("creaming_parking")


@pytest.fixture(scope="module")
def simulator():
    return Calculator("payment_simulator")


def test_both_are_registered_as_definitions():
    found = all_calculators()
    for name in ("payment_simulator", "creaming_parking"):
        assert found[name]().definition is get(name)
    assert (SIM.chapter, CREAM.chapter) == (5, 5)


# --- payment simulator ------------------------------------------------------------------------
def test_simulator_defaults_come_from_the_register_or_say_why():
    r = load_register()
    d = delivery_inputs()
    values = SIM.defaults()
    assert values["months"] == d.months == 36
    assert values["job_start_rate"] == r.value("mhep.job_start_rate_published")
    assert values["block_share_b"] == r.value("payments.base_poc.service_fee_share")
    assert values["block_share_c"] == pytest.approx(
        1 - r.value("mhep.nhs_outcome_share_typical.max")
    )
    assert values["cost_per_month"] == round(d.cost_per_month)
    assert values["contract_value"] == round(
        expected_outcomes(d).engagements * r.value("fss.cost_per_engagement")
    )
    assert SIM.source("job_start_rate").startswith("gadenne2020")
    assert SIM.source("block_share_b").startswith("base2019poc")
    assert SIM.source("weight_engagement").startswith("illustrative:")
    assert SIM.source("contract_value").startswith("calculated:")
    for item in SIM.inputs:  # every number has a range, so no result prints an absurd figure
        if item.kind in ("number", "integer", "percent"):
            assert item.minimum is not None and item.maximum is not None
        assert "GBP" not in item.label and "_" not in item.label


def test_simulator_table_holds_the_simulated_numbers_to_the_nearest_100():
    values = SIM.defaults()
    out = SIM.run()
    d, mechanisms, _ = simulator_setup(**values)
    summary, _ = compare(d, mechanisms, n=SIMULATIONS, seed=SEED)
    rows = out.tables[0].rows
    assert [r[0] for r in rows] == [
        "100% outcomes",
        "30% block, 70% outcomes",
        "70% block, 30% outcomes",
        "costs reimbursed quarterly in arrears",
    ]
    for row, expected in zip(rows, summary.to_dict("records"), strict=True):
        assert row[1] == expected["prob_loss"]
        assert row[2] == to_nearest_100(expected["median_margin"])
        assert row[3] == to_nearest_100(expected["margin_p5"])
        assert row[8] == to_nearest_100(expected["cost_per_job_start_p5"])
    for table in out.tables:  # numbers stay numbers: only names and "not applicable" are text
        assert all(
            isinstance(c, (float, Q)) or c == "not applicable"
            for row in table.rows
            for c in row[1:]
        )
    first = summary.to_dict("records")[0]["prob_loss"]
    assert text(out.summary).startswith(f"The provider loses money on {first:.0%} of simulated")
    # the chapter's claims: more block, less risk for the provider
    losses = [r[1] for r in rows]
    assert losses == sorted(losses, reverse=True)
    tariffs = out.tables[1].rows
    assert [round(r[1]) for r in tariffs] == [
        0,
        round(0.3 * values["contract_value"]),
        round(0.7 * values["contract_value"]),
        0,  # the grant pays costs back: no block
    ]
    assert [f.kind for f in out.figures] == ["margin_ranges", "cash_positions"]


def test_simulator_never_says_not_computed_to_not_computed():
    out = SIM.run(
        {
            "job_start_rate": 0.0,
            "job_start_rate_sd": 0.0,
            "weight_job_start": 0,
            "weight_sustainment": 0,
        }
    )
    shown = output_text(out)
    assert "not computed" not in shown
    assert "none: no simulated contract had a job start" in shown
    assert out.notes[0].heading == "No cost per job start"
    assert "No simulated contract had a job start (0% of engagements" in text(out.notes[0].items[0])


def test_simulator_input_ranges_and_package_messages():
    with pytest.raises(InputError, match="Targets as a multiple of expected delivery must be"):
        SIM.run({"target_ratio": 50})
    with pytest.raises(
        InputError, match=r"Mechanism B: block share must be a number between 0% and 100%"
    ):
        SIM.run({"block_share_b": 1.5})
    with pytest.raises(InputError, match="whole number"):
        SIM.run({"months": 12.5})
    with pytest.raises(ValueError, match="cap must be one of"):
        simulator_setup(400_000, 0, 0.3, 0.7, 1, 1, 1, 1.0, cap="maybe")


def test_simulator_renders_live_and_keeps_the_last_result_on_bad_input(simulator):
    before = simulator.result.tables[0].rows
    simulator.type_value("target_ratio", "1.42")
    assert simulator.message == ""
    assert simulator.result.tables[0].rows != before
    good = simulator.result
    simulator.type_value("block_share_b", "150")
    assert (
        "Mechanism B: block share must be a number between 0% and 100%"
        in simulator.input_messages["block_share_b"]
    )
    assert simulator.result is good and "last valid inputs" in simulator.message
    simulator.type_value("block_share_b", "30")
    simulator.type_value("payment_lag_months", "36")
    assert simulator.message.startswith("Months from outcome to payment (36) must be shorter")
    simulator.type_value("payment_lag_months", "0")
    simulator.type_value("job_start_rate_sd", "47")
    assert simulator.message.startswith(
        "Uncertainty in that rate (standard deviation) must be less"
    )
    simulator.type_value("job_start_rate_sd", "8.3")
    simulator.type_value("weight_engagement", "-1")
    assert (
        "Weight of engagement payments must be a number between 0 and 100"
        in simulator.input_messages["weight_engagement"]
    )
    simulator.type_value("weight_engagement", "1")
    simulator.type_value("target_ratio", "1")
    assert simulator.message == "" and simulator.input_messages == {}
    assert simulator.result.tables[0].rows == before


def test_simulator_static_html(simulator):
    html = simulator._repr_mimebundle_()["text/html"]
    assert html.count("<img") == 2  # margin ranges and cash-flow curve
    assert 'alt="Bar chart of the provider' in html and 'alt="Line chart of the provider' in html
    assert "per job start (£)" in html  # tariff table
    assert "gadenne2020" in html and "base2019poc" in html
    assert "<input" not in html and "<select" not in html
    assert "10,000 simulated contracts" in html


# --- creaming and parking ---------------------------------------------------------------------
def test_creaming_defaults_and_numbers():
    values = CREAM.defaults()
    r = load_register()
    assert values["easier_cost"] == r.value("kpi.ips.unit_cost.min")
    assert values["harder_cost"] == r.value("kpi.ips.unit_cost.max")
    assert values["sustain_rate"] == r.value("mhep.six_week_of_starts_published")
    assert (values["easier_job_rate"], values["harder_job_rate"]) == (0.436, 0.218)
    assert CREAM.source("harder_job_rate").startswith("calculated: the lowest job-start rate")
    out = CREAM.run()
    targets = Targets(
        values["planned_clients"], values["target_job_starts"], values["target_sustainments"]
    )
    t = creaming_table(
        standard_mechanisms(values["contract_value"], targets, standard_block_shares()),
        ClientGroup("a", values["easier_job_rate"], values["sustain_rate"], values["easier_cost"]),
        ClientGroup("b", values["harder_job_rate"], values["sustain_rate"], values["harder_cost"]),
        values["planned_clients"],
    )
    for row, expected in zip(out.tables[0].rows, t.to_dict("records"), strict=True):
        assert row[1:4] == (expected["margin_easier"], expected["margin_harder"], expected["gap"])
        assert row[4] == Q(expected["multiplier"], "number", 2)
    first = t.to_dict("records")[0]
    assert text(out.summary) == (
        f"Under 100% outcomes an easier client is worth £{first['gap']:,.0f} more to the "
        "provider than a harder one; multiplying the harder group's tariffs by "
        f"{first['multiplier']:.2f} removes the difference."
    )


def test_creaming_words_a_negative_difference_correctly():
    out = CREAM.run({"easier_cost": 5000, "harder_cost": 0})
    shown = text(out.summary)
    assert "worth -" not in shown and "-£" not in shown
    assert shown.startswith("Under 100% outcomes a harder client is worth £")
    assert shown.endswith(
        "more to the provider than an easier one, so there is no incentive to cream."
    )
    assert {row[4] for row in out.tables[0].rows} == {"not needed: no incentive to cream"}
    assert text(incentive_text("A", 0.2, 1.0)).endswith("no incentive to cream.")
    assert "only a supplement" in text(incentive_text("A", 50.0, math.nan))


def test_creaming_renders_live_and_reports_package_messages():
    calc = Calculator("creaming_parking")
    before = calc.result.summary
    calc.type_value("harder_cost", "2000")
    assert calc.result.summary != before
    calc.type_value("harder_job_rate", "120")
    assert "must be a number between 0% and 100%" in calc.input_messages["harder_job_rate"]
    calc.type_value("harder_job_rate", "20")
    calc.type_value("target_job_starts", "500")
    assert "job_starts (500) cannot exceed engagements" in calc.message
    html = calc._repr_mimebundle_()["text/html"]
    assert 'alt="Grouped bar chart of expected margin per client.' in html
    assert "whitworth2024guide" in html and "<input" not in html


def test_the_cost_reimbursing_grant_takes_the_outcome_risk_away():
    """Connect to Work's payment basis beside the outcome mechanisms (issue 15)."""
    out = get("payment_simulator").run()
    rows = {r[0]: r for r in out.tables[0].rows}
    grant = rows["costs reimbursed quarterly in arrears"]
    assert grant[1] == 0  # chance of a loss
    tariffs = {r[0]: r for r in out.tables[1].rows}["costs reimbursed quarterly in arrears"]
    assert tariffs[5] == 1.0 and tariffs[6].value == 3

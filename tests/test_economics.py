"""The economic case: the identities that pin its arithmetic, properties, and bad inputs."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.calculators.economic_case import assumptions, economic_inputs
from guidance.calculators.service_sizing import sizing_inputs
from guidance.core.economics import (
    EconomicInputs,
    bau_rate_from_effect,
    discount_factors,
    economic_case,
    persistence,
    simulate_case,
    tornado,
)
from guidance.core.ledger import FUNDERS
from guidance.core.sizing import size_service

GAINS = ("NHS", "DWP", "HMRC", "Local authority", "output", "wellbeing", "person")


def defaults(**changes) -> EconomicInputs:
    return economic_inputs().with_changes(**changes)


# --- the "done when" identities ------------------------------------------------------------
def test_zero_discount_rate_gives_the_plain_sum():
    i = defaults(discount_rate=0.0, swemwbs_gain=2.0, la_saving_per_month=50.0)
    case = economic_case(i)
    months = 12 * sum(case.additional_in_work)
    assert case.discount_factors == (1.0,) * i.years
    assert case.present_values["DWP"] == pytest.approx(months * i.dwp_saving_per_month)
    assert case.present_values["HMRC"] == pytest.approx(months * i.hmrc_gain_per_month)
    assert case.present_values["output"] == pytest.approx(months * i.output_per_month)
    wellbeing = months / 12 * 2.0 * i.ls_per_swemwbs_point * i.wellby_value
    assert case.present_values["wellbeing"] == pytest.approx(wellbeing)
    assert case.yearly()["social_pv"].sum() == pytest.approx(case.social_pv)
    assert case.yearly()["fiscal_pv"].sum() == pytest.approx(case.fiscal_pv)


def test_discounting_uses_green_book_factors():
    i = defaults(discount_rate=0.035)
    case = economic_case(i)
    assert case.discount_factors == pytest.approx([1.035**-t for t in range(i.years)])
    assert case.yearly()["fiscal_pv"].sum() == pytest.approx(case.fiscal_pv)


@pytest.mark.parametrize(
    "changes",
    [
        {"method": "rates", "bau_rate": 0.4, "service_rate": 0.4},
        {"effect_size": 1.0, "effect_low": 1.0},
        {"effect_measure": "risk ratio", "effect_size": 1.0, "effect_low": 1.0},
    ],
)
def test_service_rate_equal_to_business_as_usual_gives_no_benefit(changes):
    case = economic_case(defaults(swemwbs_gain=1.5, la_saving_per_month=20.0, **changes))
    assert case.net_entries == 0
    assert all(case.present_values[k] == 0 for k in GAINS)
    assert case.npv == -case.inputs.cost
    assert case.payback_year() is None


def test_contribution_split_adds_up_to_the_cost_and_equalises_returns():
    case = economic_case(defaults(la_saving_per_month=40.0))
    assert sum(case.contributions().values()) == pytest.approx(case.inputs.cost)
    shared = case.funders()["return_per_pound_shared"]
    assert shared.max() - shared.min() < 1e-12
    assert shared.iloc[0] == pytest.approx(case.fiscal_return_per_pound)


def test_doubling_additional_outcomes_doubles_each_gain():
    base = defaults(swemwbs_gain=1.0, la_saving_per_month=30.0)
    one, two = economic_case(base), economic_case(base.with_changes(starters=2 * base.starters))
    assert two.net_entries == pytest.approx(2 * one.net_entries)
    for k in GAINS:
        assert two.present_values[k] == pytest.approx(2 * one.present_values[k])


def test_transfers_net_to_zero_in_the_social_perspective():
    base = defaults()
    moved = base.with_changes(dwp_saving_per_month=900.0, hmrc_gain_per_month=10.0)
    a, b = economic_case(base), economic_case(moved)
    assert a.social_pv == pytest.approx(b.social_pv)
    assert a.fiscal_pv != pytest.approx(b.fiscal_pv)
    # What the state gains in benefits and taxes the person loses: together, the output.
    pv = a.present_values
    assert pv["DWP"] + pv["HMRC"] + pv["person"] == pytest.approx(pv["output"])


# --- the default case and its published inputs ----------------------------------------------
def test_default_case_starts_from_the_sizing_default():
    sized = size_service(sizing_inputs())
    i = economic_inputs()
    case = economic_case(i)
    assert case.gross_entries == pytest.approx(sized.job_entries)
    assert i.cost == sized.budget
    # The sizing default is a service for people in contact with SMI services: the SMI trials.
    assert (i.effect_measure, i.effect_size, i.effect_low, i.effect_high) == (
        "risk ratio",
        2.4,
        1.99,
        2.9,
    )
    assert (i.displacement, i.substitution, i.optimism_bias) == (0.0, 0.0, 0.0)
    assert (i.exit_rate, i.years, i.effect_years, i.discount_rate) == (0.1324, 5, 4, 0.035)
    assert case.deadweight + case.net_entries == pytest.approx(case.gross_entries)
    assert round(i.person_gain_per_month, 2) == 730.21  # the ledger's person gain


def test_gross_overstates_net():
    i = defaults()
    net, gross = economic_case(i), economic_case(i.as_gross())
    assert gross.net_entries == pytest.approx(net.gross_entries)
    assert gross.bcr > net.bcr > 0
    assert gross.social_pv / net.social_pv == pytest.approx(gross.net_entries / net.net_entries)


def test_beyond_smi_defaults_take_the_large_and_medium_studies_odds_ratio():
    i = economic_inputs(population="beyond_smi")
    assert (i.effect_measure, i.effect_size, i.effect_low, i.effect_high) == (
        "odds ratio",
        1.32,
        1.2,
        1.46,
    )
    smi = economic_case(economic_inputs())
    beyond = economic_case(i)
    # The arithmetic: about 84% deadweight beyond SMI, about 42% with the SMI trials.
    assert round(beyond.deadweight / beyond.gross_entries, 2) == 0.84
    assert round(smi.deadweight / smi.gross_entries, 2) == 0.42
    assert smi.bau_rate == pytest.approx(0.4 / 2.4)
    with pytest.raises(ValueError, match="Who the service is for must be one of"):
        economic_inputs(population="everyone")


@pytest.mark.parametrize("name", ["displacement", "substitution", "optimism_bias"])
def test_each_additionality_cut_takes_its_share_of_the_net_outcomes(name):
    plain, cut = economic_case(defaults()), economic_case(defaults(**{name: 0.25}))
    assert cut.net_entries == pytest.approx(0.75 * plain.net_entries)
    assert cut.social_pv == pytest.approx(0.75 * plain.social_pv)
    assert cut.deadweight == pytest.approx(plain.deadweight)
    assert cut.other_cuts == pytest.approx(0.25 * plain.net_entries)


def test_displacement_and_substitution_multiply():
    case = economic_case(defaults(displacement=0.2, substitution=0.1, optimism_bias=0.5))
    plain = economic_case(defaults())
    assert case.net_entries == pytest.approx(plain.net_entries * 0.8 * 0.9 * 0.5)
    gross = defaults(displacement=0.2, substitution=0.1).as_gross()
    assert (gross.displacement, gross.substitution) == (0.0, 0.0)


def test_tornado_shows_displacement_and_substitution_even_at_zero():
    t = tornado(defaults()).set_index("input")
    for name in ("displacement", "substitution"):
        assert (t.loc[name, "low"], t.loc[name, "high"]) == (0.0, pytest.approx(0.2))
        assert t.loc[name, "swing"] > 0 and t.loc[name, "npv_high"] < t.loc[name, "npv_low"]
    t = tornado(defaults(displacement=0.9)).set_index("input")
    assert t.loc["displacement", "high"] == 0.95


def test_optimism_bias_cuts_net_outcomes_in_proportion():
    plain, cut = economic_case(defaults()), economic_case(defaults(optimism_bias=0.25))
    assert cut.net_entries == pytest.approx(0.75 * plain.net_entries)
    assert cut.social_pv == pytest.approx(0.75 * plain.social_pv)


def test_effect_fade_stops_the_gains():
    case = economic_case(defaults(effect_years=2))
    assert case.additional_in_work[2:] == (0.0,) * 3
    assert case.additional_in_work[1] > 0


def test_payback_year_is_the_first_year_cumulative_gains_cover_the_cost():
    case = economic_case(defaults(cost=1.0))
    assert case.payback_year() == 1
    case = economic_case(defaults())
    yearly = case.yearly()
    year = case.payback_year("social")
    assert yearly["social_pv"][:year].sum() >= case.inputs.cost
    assert yearly["social_pv"][: year - 1].sum() < case.inputs.cost


def test_persistence_and_effect_helpers():
    assert persistence(1.0, 13, 0.0, 3) == [1.0, 1.0, 1.0]
    assert persistence(0.5, 26, 0.0, 2, effect_years=1) == [0.625, 0.0]
    assert discount_factors(0.0, 3) == [1.0, 1.0, 1.0]
    assert bau_rate_from_effect(0.4, 1.0) == pytest.approx(0.4)
    assert bau_rate_from_effect(1.0, 1.32) == 1.0
    odds = lambda p: p / (1 - p)  # noqa: E731
    assert odds(0.4) / odds(bau_rate_from_effect(0.4, 1.78)) == pytest.approx(1.78)


# --- properties over random valid inputs ---------------------------------------------------
share = st.floats(0.0, 1.0)
money = st.floats(0.0, 5000.0)


@st.composite
def valid_inputs(draw) -> EconomicInputs:
    service = draw(share)
    effect = draw(st.floats(1.0, 5.0))
    return defaults(
        starters=draw(st.floats(0.0, 1e5)),
        service_rate=service,
        cost=draw(st.floats(0.0, 1e8)),
        method=draw(st.sampled_from(["effect", "rates"])),
        effect_measure=draw(st.sampled_from(["odds ratio", "risk ratio"])),
        effect_size=effect,
        effect_low=1.0,
        effect_high=effect + draw(st.floats(0.0, 2.0)),
        bau_rate=service * draw(share),
        optimism_bias=draw(st.floats(0.0, 0.9)),
        sustain_rate=draw(share),
        sustain_weeks=draw(st.floats(1.0, 52.0)),
        exit_rate=draw(share),
        years=draw(st.integers(1, 30)),
        effect_years=draw(st.integers(1, 40)),
        nhs_saving_per_job=draw(money),
        dwp_saving_per_month=draw(money),
        hmrc_gain_per_month=draw(money),
        la_saving_per_month=draw(money),
        output_per_month=draw(money),
        swemwbs_gain=draw(st.floats(-5.0, 5.0)),
        discount_rate=draw(st.floats(0.0, 0.2)),
    )


@given(valid_inputs())
def test_properties_hold_for_any_valid_inputs(i):
    case = economic_case(i)
    assert 0 <= case.net_entries <= case.gross_entries + 1e-9
    assert 0 <= case.bau_rate <= i.service_rate + 1e-12
    assert all(0 <= x <= case.net_entries + 1e-9 for x in case.additional_in_work)
    pv = case.present_values
    transfers_and_income = pv["DWP"] + pv["HMRC"] + pv["person"]
    # the parts can be large and cancel: the tolerance follows the largest of them
    scale = max(abs(pv[k]) for k in ("DWP", "HMRC", "person", "output"))
    assert transfers_and_income == pytest.approx(pv["output"], rel=1e-9, abs=1e-6 + 1e-12 * scale)
    assert pv["social"] == pytest.approx(
        pv["output"] + pv["NHS"] + pv["Local authority"] + pv["wellbeing"], rel=1e-9, abs=1e-6
    )
    if case.fiscal_pv > 0:
        assert sum(case.contributions().values()) == pytest.approx(i.cost, rel=1e-9, abs=1e-6)
    undiscounted = economic_case(i.with_changes(discount_rate=0.0))
    assert case.fiscal_pv <= undiscounted.fiscal_pv + 1e-6


@given(valid_inputs(), st.integers(0, 2**32))
def test_simulation_is_seeded_and_bounded(i, seed):
    a, b = simulate_case(i, draws=200, seed=seed), simulate_case(i, draws=200, seed=seed)
    assert np.array_equal(a.npv, b.npv, equal_nan=True)
    assert 0 <= a.p_bcr_above_1 <= 1
    assert a.npv.shape == (200,)


# --- uncertainty -------------------------------------------------------------------------
def test_simulation_without_spread_reproduces_the_case():
    i = defaults(effect_low=2.4, effect_high=2.4, spread=0.0, wellby_low=13000, wellby_high=13000)
    sim, case = simulate_case(i, draws=50, seed=7), economic_case(i)
    assert np.allclose(sim.npv, case.npv)
    assert np.allclose(sim.bcr, case.bcr)


@pytest.mark.parametrize("population", ["smi", "beyond_smi"])
def test_simulation_centres_on_the_case(population):
    i = economic_inputs(population=population)
    sim = simulate_case(i, draws=10_000, seed=1)
    low, median, high = sim.percentiles()["npv"]
    assert low < economic_case(i).npv < high
    assert sim.percentiles()["bcr"][0] < economic_case(i).bcr < sim.percentiles()["bcr"][2]
    # Beyond SMI the small effect leaves the ratio uncertain; with the SMI trials it is not.
    assert (0 < sim.p_bcr_above_1 < 1) if population == "beyond_smi" else sim.p_bcr_above_1 == 1


def test_tornado_shows_the_effect_size_first_and_transfers_do_not_matter_socially():
    t = tornado(economic_inputs(population="beyond_smi"))
    assert list(t["swing"]) == sorted(t["swing"], reverse=True)
    assert t["input"].iloc[0] == "effect_size"
    t = tornado(defaults())
    swings = t.set_index("input")["swing"]
    assert swings["dwp_saving_per_month"] == 0 and swings["hmrc_gain_per_month"] == 0
    fiscal = tornado(defaults(), perspective="fiscal").set_index("input")["swing"]
    assert fiscal["dwp_saving_per_month"] > 0 and fiscal["output_per_month"] == 0
    assert "bau_rate" not in swings
    assert "effect_size" not in tornado(defaults(method="rates"))["input"].values


def test_assumptions_say_where_each_value_comes_from():
    table = assumptions(defaults(la_saving_per_month=10.0, exit_rate=0.2)).set_index("input")
    assert table.loc["discount_rate", "source"].startswith("hmt2022greenbook")
    assert table.loc["exit_rate", "source"] == "your own figure (changed from the default)"
    assert "no published default" in table.loc["optimism_bias", "source"]
    assert "no published default" in table.loc["displacement", "source"]
    assert "no published default" in table.loc["substitution", "source"]
    assert table.loc["effect_size", "source"].startswith("modini2016")
    assert table.loc["effect_high", "source"].startswith("modini2016")
    beyond = assumptions(economic_inputs(population="beyond_smi")).set_index("input")
    assert beyond.loc["effect_low", "source"].startswith("whitworth2024meta")
    changed = assumptions(defaults(effect_size=2.5)).set_index("input")
    assert changed.loc["effect_size", "source"] == "your own figure (changed from the default)"
    assert "derived" in table.loc["dwp_saving_per_month", "source"]


# --- bad inputs get messages naming the input ----------------------------------------------
@pytest.mark.parametrize(
    "changes, names",
    [
        ({"service_rate": -0.1}, "service_rate"),
        ({"exit_rate": 1.2}, "exit_rate"),
        ({"sustain_rate": 1.5}, "sustain_rate"),
        ({"discount_rate": -0.035}, "discount_rate"),
        ({"method": "rates", "bau_rate": 0.5, "service_rate": 0.4}, "bau_rate"),
        ({"effect_size": 0.8, "effect_low": 0.7}, "effect_size"),
        ({"effect_size": 1.6}, "effect_size"),
        ({"optimism_bias": 1.0}, "optimism_bias"),
        ({"displacement": 1.0}, "displacement"),
        ({"substitution": -0.1}, "substitution"),
        ({"years": 0}, "years"),
        ({"years": 31}, "years"),
        ({"years": 2.5}, "years"),
        ({"effect_years": 0}, "effect_years"),
        ({"sustain_weeks": 60}, "sustain_weeks"),
        ({"starters": -5}, "starters"),
        ({"cost": math.nan}, "cost"),
        ({"wellby_value": 20000}, "wellby_value"),
        ({"price_year": 1850}, "price_year"),
        ({"method": "guess"}, "method"),
        ({"effect_measure": "hazard ratio"}, "effect_measure"),
    ],
)
def test_bad_inputs_are_refused_with_a_message_naming_the_input(changes, names):
    with pytest.raises((ValueError, TypeError), match=names):
        defaults(**changes)


def test_bau_above_service_message_explains_why():
    with pytest.raises(ValueError, match="must not be above service_rate"):
        defaults(method="rates", bau_rate=0.5, service_rate=0.4)


def test_with_changes_refuses_unknown_inputs():
    with pytest.raises(TypeError, match="unknown economic-case input"):
        defaults(colour="red")


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: economic_case({"starters": 1}), "inputs"),
        (lambda: simulate_case(defaults(), draws=0), "draws"),
        (lambda: simulate_case(defaults(), seed=-1), "seed"),
        (lambda: tornado(defaults(), perspective="mine"), "perspective"),
        (lambda: persistence(0.5, 13, 1.5, 3), "exit_rate"),
        (lambda: bau_rate_from_effect(0.4, 0.5), "effect_size"),
        (lambda: discount_factors(0.035, 0), "years"),
    ],
)
def test_functions_refuse_bad_arguments(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


def test_funder_table_lists_every_funder():
    table = economic_case(defaults()).funders()
    assert list(table["funder"]) == list(FUNDERS)

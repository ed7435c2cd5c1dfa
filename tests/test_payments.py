import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidance.calculators.payment_simulator import delivery_inputs, standard_block_shares
from guidance.core.evidence import load_register
from guidance.core.payments import (
    MAX_MONTHS,
    ClientGroup,
    PaymentMechanism,
    Targets,
    between_provider_sd,
    capacity_profile,
    compare,
    consistent_counts,
    consistent_spend_range,
    conversion_rates,
    creaming_table,
    expected_outcomes,
    graduated_multiplier,
    implied_from_unit_costs,
    margin_per_client,
    mhep_providers,
    mhep_spend_tables,
    simulate,
    simulate_outcomes,
    standard_mechanisms,
    targets_from,
    targets_met_ratio,
    unit_costs,
    volume_forecast_sd,
)
from guidance.core.sizing import round_half_up

EV = load_register()
D = delivery_inputs()
VALUE = 400_000.0
BLOCKS = standard_block_shares()  # the three mechanisms the book compares
OUTCOMES = ("engagement", "job_start", "six_week")


def quick(**changes):
    """A small, fast delivery for tests."""
    base = dict(months=24, ramp_months=6, months_to_job_start=2, months_to_sustainment=1)
    base.update(changes)
    return D.with_changes(**base)


# --- worked example: the MHEP funnel (Gadenne et al. 2020, Table 4.1) -----------------------
def test_mhep_funnel_totals_and_rates():
    providers = mhep_providers()
    assert providers["engagements"].sum() == 1926
    assert providers["job_starts"].sum() == 590
    assert providers["six_week"].sum() == 415
    assert providers["six_month"].dropna().sum() == 147
    rates = conversion_rates(1926, 590, 415)
    assert round(rates["job_start_rate"], 3) == 0.306
    assert round(rates["sustain_of_starts"], 2) == 0.70
    assert round(rates["sustain_of_engagements"], 3) == 0.215


def test_mhep_six_week_range_by_provider():
    p = mhep_providers()
    six = p["six_week"] / p["engagements"]
    assert round(six.min(), 3) == 0.148 and p.loc[six.idxmin(), "provider"] == "Provider 4"
    assert round(six.max(), 3) == 0.269 and p.loc[six.idxmax(), "provider"] == "Provider 1"


# --- worked example: unit costs with and without central costs (Table 7.1) -------------------
def table_7_1():
    without = {k: EV.value(f"mhep.unit_cost.excl_central.{k}") for k in OUTCOMES}
    with_central = {k: EV.value(f"mhep.unit_cost.incl_central.{k}") for k in OUTCOMES}
    return without, with_central, EV.value("mhep.central_costs")


def test_unit_costs_reproduce_table_7_1():
    without, with_central, central = table_7_1()
    assert central == 319_000
    assert without == {"engagement": 1300, "job_start": 4400, "six_week": 5400}
    assert with_central == {"engagement": 1600, "job_start": 5500, "six_week": 6600}
    low, high = consistent_spend_range(implied_from_unit_costs(without, with_central, central))
    assert 1_310_000 < low < 1_315_000 and 1_415_000 < high < 1_420_000
    spend = round_half_up((low + high) / 2 / 1000) * 1000
    ranges = consistent_counts(spend, without, with_central, central)
    counts = {k: (a + b) // 2 for k, (a, b) in ranges.items()}
    rounded = {k: round_half_up(x / 100) * 100 for k, x in unit_costs(spend, counts).items()}
    assert rounded == without
    rounded = {
        k: round_half_up(x / 100) * 100 for k, x in unit_costs(spend, counts, central).items()
    }
    assert rounded == with_central
    assert 0.22 < central / spend < 0.25


def test_implied_point_estimates():
    df = implied_from_unit_costs({"job_start": 4400}, {"job_start": 5500}, 319_000)
    assert df.loc[0, "implied_count"] == pytest.approx(290)
    assert df.loc[0, "implied_spend"] == pytest.approx(1_276_000)


def test_inconsistent_unit_costs_are_reported():
    df = implied_from_unit_costs({"a": 1000, "b": 1000}, {"a": 1100, "b": 2000}, 100_000)
    with pytest.raises(ValueError, match="do not imply one consistent total"):
        consistent_spend_range(df)
    with pytest.raises(ValueError, match="no whole number of a outcomes"):
        consistent_counts(1_000, {"a": 1000}, {"a": 1100}, 100_000)


@pytest.mark.parametrize(
    "args, message",
    [
        (({"a": 1000}, {"a": 900}, 100), r"unit_including\['a'\] must be more"),
        (({"a": 1000}, {"b": 1200}, 100), "must name the same outcomes"),
        (({"a": 1000}, {"a": 1200}, 0), "central_costs must be greater than zero"),
        (({"a": -1}, {"a": 1200}, 100), r"unit_excluding\['a'\] must be greater"),
    ],
)
def test_implied_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        implied_from_unit_costs(*args)


def test_unit_costs_bad_input():
    with pytest.raises(ValueError, match=r"outcomes\['x'\] must be greater than zero"):
        unit_costs(100, {"x": 0})
    with pytest.raises(TypeError, match="outcomes must be a non-empty mapping"):
        unit_costs(100, {})
    with pytest.raises(ValueError, match="total_cost must be zero or more"):
        unit_costs(-1, {"x": 1})


# --- the rest of the MHEP evidence ---------------------------------------------------------
def test_table_5_losses_and_tables_8_9_shares():
    total = EV.value("mhep.provider4.profit") - sum(
        EV.value(f"mhep.provider{i}.loss") for i in (1, 2, 3)
    )
    assert total == -54_711 == -EV.value("mhep.providers_total_loss_published")
    local, national = mhep_spend_tables()
    assert local["spend"].sum() == 1_142_264 and local["contract_value"].sum() == 1_253_840
    assert round(local["spend"].sum() / local["contract_value"].sum(), 3) == 0.911
    assert national["spend"].sum() == 1_104_440
    assert national["contract_value"].sum() == 2_277_938
    assert round(national["spend"].sum() / national["contract_value"].sum(), 3) == 0.485
    assert local["share_spent"].round(3).tolist() == [0.864, 0.827, 0.995, 0.895]


def test_derived_spreads_and_target_ratios():
    p = mhep_providers()
    assert between_provider_sd(p["job_starts"], p["engagements"]) == pytest.approx(0.0831, abs=1e-4)
    assert between_provider_sd(p["six_week"], p["job_starts"]) == pytest.approx(0.0953, abs=1e-4)
    assert volume_forecast_sd() == pytest.approx(0.344, abs=1e-3)
    assert targets_met_ratio("job_start") == pytest.approx(3100 / 4400)
    assert targets_met_ratio("engagement") == pytest.approx(1000 / 1300)
    with pytest.raises(ValueError, match="denominator must be greater than zero"):
        between_provider_sd([1, 2], [0, 3])
    with pytest.raises(ValueError, match="2 or more items"):
        between_provider_sd([1], [2])


# --- defaults --------------------------------------------------------------------------------
def test_delivery_defaults_come_from_the_register():
    assert D.months == 36
    assert D.ramp_months == 12  # midpoint of 6 and 18 months
    # the review's ~100 clients a year for its suggested team per lot (recommendation 2c)
    assert D.engagements_per_month == pytest.approx(EV.value("fss.lot_clients_per_year") / 12)
    assert EV.value("fss.lot_clients_per_year") == 100
    assert D.job_start_rate == 0.306 and D.sustain_rate == 0.70
    assert D.months_to_job_start == 4 and D.months_to_sustainment == 2  # 6 weeks, rounded up
    assert D.cost_per_month == pytest.approx(10231.14, abs=0.01)
    assert D.payment_lag_months == 0 and D.cost_per_engagement == 0


def test_expected_outcomes_drop_late_engagements():
    e = expected_outcomes(D)
    lam = D.engagements_per_month * capacity_profile(D)
    assert e.engagements == pytest.approx(lam.sum())
    assert e.job_starts == pytest.approx(0.306 * lam[:32].sum())
    assert e.sustainments == pytest.approx(0.306 * 0.7 * lam[:30].sum())


# --- payment mechanisms -----------------------------------------------------------------------
def test_from_shares_pays_contract_value_at_targets():
    t = targets_from(D)
    for m in standard_mechanisms(VALUE, t, BLOCKS):
        assert m.payment(*t.as_tuple()) == pytest.approx(VALUE)
    names = [m.name for m in standard_mechanisms(VALUE, t, BLOCKS)]
    assert names == ["100% outcomes", "30% block, 70% outcomes", "70% block, 30% outcomes"]
    blocks = [m.block_amount for m in standard_mechanisms(VALUE, t, BLOCKS)]
    assert blocks == pytest.approx([0, 0.3 * VALUE, 0.7 * VALUE])


def test_weights_split_the_outcome_pot():
    m = PaymentMechanism.from_shares("m", 1000, 0.5, Targets(10, 5, 2), weights=(2, 1, 1))
    assert m.tariff_engagement * 10 == pytest.approx(250)
    assert m.tariff_job_start * 5 == pytest.approx(125)
    assert m.tariff_sustainment * 2 == pytest.approx(125)
    full_block = PaymentMechanism.from_shares("b", 1000, 1.0, Targets(0, 0, 0), (0, 0, 0))
    assert full_block.tariffs() == {"engagement": 0, "job_start": 0, "sustainment": 0}


def test_cap():
    m = PaymentMechanism("m", 100, 10, 0, 0, cap=500)
    assert m.payment(100, 0, 0) == 500
    assert PaymentMechanism("m", 100, 10, 0, 0).payment(100, 0, 0) == 1100


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"block_share": -0.1}, ValueError, "block_share must be a share between 0 and 1"),
        ({"block_share": 1.01}, ValueError, "block_share must be a share between 0 and 1"),
        ({"block_share": math.nan}, ValueError, "block_share must be a finite number"),
        ({"block_share": "30%"}, TypeError, "block_share must be a number"),
        ({"contract_value": -5}, ValueError, "contract_value must be zero or more"),
        ({"contract_value": None}, TypeError, "contract_value must be a number"),
        ({"weights": (1, -1, 1)}, ValueError, r"weights\[job_start\] must be zero or more"),
        ({"weights": (0, 0, 0)}, ValueError, "weights must not all be zero"),
        ({"weights": (1, 1)}, TypeError, "weights must be three numbers"),
        ({"weights": "abc"}, TypeError, "weights must be three numbers"),
        ({"targets": Targets(10, 0, 0)}, ValueError, "the job_start target must be greater"),
        ({"targets": (10, 5, 2)}, TypeError, "targets must be a Targets"),
    ],
)
def test_from_shares_bad_input(kwargs, error, message):
    args = dict(name="m", contract_value=1000, block_share=0.3, targets=Targets(10, 5, 2))
    args.update(kwargs)
    with pytest.raises(error, match=message):
        PaymentMechanism.from_shares(**args)


@pytest.mark.parametrize(
    "args, error, message",
    [
        (("m", -1, 0, 0, 0), ValueError, "block_amount must be zero or more"),
        (("m", 0, -1, 0, 0), ValueError, "tariff_engagement must be zero or more"),
        (("m", 0, 0, -0.01, 0), ValueError, "tariff_job_start must be zero or more"),
        (("m", 0, 0, 0, math.inf), ValueError, "tariff_sustainment must be a finite number"),
        (("m", 0, 0, 0, None), TypeError, "tariff_sustainment must be a number"),
        (("", 0, 0, 0, 0), ValueError, "name must be a non-empty label"),
        (("m", 600, 0, 0, 0, 500), ValueError, "block_amount .* cannot exceed the cap"),
        (("m", 0, 0, 0, 0, -1), ValueError, "cap must be zero or more"),
    ],
)
def test_mechanism_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        PaymentMechanism(*args)


@pytest.mark.parametrize(
    "args, message",
    [
        ((-1, 0, 0), "engagements must be zero or more"),
        ((10, 11, 0), r"job_starts \(11\) cannot exceed engagements \(10\)"),
        ((10, 5, 6), r"sustainments \(6\) cannot exceed job_starts \(5\)"),
        ((math.nan, 0, 0), "engagements must be a finite number"),
    ],
)
def test_targets_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        Targets(*args)


# --- delivery assumptions: bad input ----------------------------------------------------------
@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"job_start_rate": 1.2}, ValueError, "job_start_rate must be a share between 0 and 1"),
        ({"job_start_rate": -0.1}, ValueError, "job_start_rate must be a share"),
        ({"sustain_rate": 2}, ValueError, "sustain_rate must be a share"),
        ({"job_start_rate_sd": -0.01}, ValueError, "job_start_rate_sd must be zero or more"),
        ({"job_start_rate_sd": 0.5}, ValueError, "job_start_rate_sd must be less than 0.461"),
        ({"sustain_rate": 1.0, "sustain_rate_sd": 0.1}, ValueError, "sustain_rate_sd must be less"),
        ({"volume_sd": -1}, ValueError, "volume_sd must be zero or more"),
        ({"payment_lag_months": 36}, ValueError, r"payment_lag_months \(36\) must be shorter"),
        ({"payment_lag_months": 99}, ValueError, "must be shorter than the contract"),
        ({"payment_lag_months": -1}, ValueError, "payment_lag_months must be zero or more"),
        ({"months": 0}, ValueError, "months must be a whole number of at least 1"),
        ({"months": MAX_MONTHS + 1}, ValueError, "months must be at most 240"),
        ({"months": 6}, ValueError, "months_to_job_start \\+ months_to_sustainment"),
        ({"months_to_job_start": 2.5}, ValueError, "months_to_job_start must be a whole number"),
        ({"ramp_months": 0}, ValueError, "ramp_months must be a whole number of at least 1"),
        ({"engagements_per_month": -3}, ValueError, "engagements_per_month must be zero or more"),
        ({"cost_per_month": -1}, ValueError, "cost_per_month must be zero or more"),
        ({"cost_per_engagement": math.nan}, ValueError, "cost_per_engagement must be a finite"),
        ({"cost_per_month": "10k"}, TypeError, "cost_per_month must be a number"),
        ({"months": None}, TypeError, "months must be a number"),
        ({"months": True}, TypeError, "months must be a number"),
    ],
)
def test_delivery_bad_input_names_the_parameter(change, error, message):
    with pytest.raises(error, match=message):
        D.with_changes(**change)


def test_unknown_delivery_assumption():
    with pytest.raises(TypeError, match="unknown delivery assumption"):
        D.with_changes(colour="red")


def test_simulate_bad_arguments():
    m = PaymentMechanism("m", 0, 1, 1, 1)
    with pytest.raises(ValueError, match="n must be a whole number of at least 1"):
        simulate(D, m, n=0)
    with pytest.raises(ValueError, match="seed must be zero or more"):
        simulate(D, m, seed=-1)
    with pytest.raises(TypeError, match="mechanism must be a PaymentMechanism"):
        simulate(D, "100% outcomes")
    with pytest.raises(TypeError, match="delivery must be a Delivery"):
        simulate_outcomes({"months": 36})
    with pytest.raises(ValueError, match="at least one PaymentMechanism"):
        compare(D, [])
    with pytest.raises(TypeError, match="mechanisms must hold PaymentMechanism"):
        compare(D, [m, "x"])


# --- simulation -------------------------------------------------------------------------------
def test_same_seed_same_answer_and_seeds_differ():
    m = standard_mechanisms(VALUE, targets_from(D), BLOCKS)[0]
    a, b = simulate(D, m, n=2000, seed=7), simulate(D, m, n=2000, seed=7)
    assert np.array_equal(a.income, b.income) and np.array_equal(a.cash, b.cash)
    c = simulate(D, m, n=2000, seed=8)
    assert not np.array_equal(a.income, c.income)


def test_draws_are_consistent():
    draws = simulate_outcomes(D, n=3000, seed=2)
    t = draws.totals()
    assert (t >= 0).all()
    assert (t[:, 1] <= t[:, 0]).all() and (t[:, 2] <= t[:, 1]).all()
    assert np.allclose(t, np.round(t))  # whole people
    for i, outcome in enumerate(("engagement", "job_start", "sustainment")):
        monthly = draws.monthly(outcome)
        assert monthly.shape == (3000, D.months)
        assert np.allclose(monthly.sum(1), t[:, i])
    # no job start before month months_to_job_start + 1, no sustainment before a + b + 1
    assert np.allclose(draws.monthly("job_start")[:, : D.months_to_job_start], 0)
    assert np.allclose(
        draws.monthly("sustainment")[:, : D.months_to_job_start + D.months_to_sustainment], 0
    )


def test_full_block_is_certain_income():
    m = PaymentMechanism("block", VALUE, 0, 0, 0, cap=VALUE)
    sim = simulate(D, m, n=500)
    assert np.allclose(sim.income, VALUE)
    assert sim.summary()["spend_sd"] == pytest.approx(0)
    assert D.cost_per_month * D.months < VALUE
    assert sim.prob_loss == 0.0


def test_cash_position_ends_at_the_margin_and_lag_raises_working_capital():
    m = standard_mechanisms(VALUE, targets_from(D), BLOCKS)[0]
    sim = simulate(D, m, n=2000, seed=3)
    assert np.allclose(sim.cash[:, -1], sim.margin)
    assert sim.cash.shape == (2000, D.months)
    lagged = simulate(D.with_changes(payment_lag_months=3), m, n=2000, seed=3)
    assert lagged.cash.shape == (2000, D.months + 3)
    assert np.allclose(lagged.income, sim.income)  # same money, later
    assert (lagged.peak_working_capital >= sim.peak_working_capital - 1e-6).all()
    assert lagged.peak_working_capital.mean() > sim.peak_working_capital.mean()


def test_variable_costs_are_counted():
    m = PaymentMechanism("block", VALUE, 0, 0, 0)
    sim = simulate(D.with_changes(cost_per_engagement=100), m, n=1000, seed=4)
    expected = D.cost_per_month * D.months + 100 * sim.outcomes[:, 0]
    assert np.allclose(sim.cost, expected)


def test_capped_income_never_exceeds_the_contract_value():
    # easy targets: many hit the cap
    m = standard_mechanisms(VALUE, targets_from(D, 0.5), BLOCKS)[0]
    sim = simulate(D, m, n=3000)
    assert sim.income.max() == pytest.approx(VALUE)
    assert (sim.income <= VALUE + 1e-6).all()


def test_missed_targets_cut_provider_income():
    """Tariffs set from targets the service then misses: the provider's shortfall."""
    realistic = standard_mechanisms(VALUE, targets_from(D), BLOCKS)
    optimistic = standard_mechanisms(
        VALUE, targets_from(D, 1 / targets_met_ratio("job_start")), BLOCKS
    )
    t1, _ = compare(D, realistic, n=5000, seed=11)
    t2, _ = compare(D, optimistic, n=5000, seed=11)
    assert (t2["prob_loss"] > t1["prob_loss"]).all()
    assert (t2["mean_margin"] < t1["mean_margin"]).all()
    # uncapped and paid wholly on outcomes, every contract's income falls by exactly the
    # share of the targets that was never realistic (same simulated outcomes throughout)
    met = targets_met_ratio("job_start")
    real = simulate(D, standard_mechanisms(VALUE, targets_from(D), BLOCKS, cap=False)[0], n=2000)
    high = simulate(
        D, standard_mechanisms(VALUE, targets_from(D, 1 / met), BLOCKS, cap=False)[0], n=2000
    )
    assert np.allclose(high.income, real.income * met)
    assert 1 - high.income.mean() / real.income.mean() == pytest.approx(1 - met)


def test_compare_table_and_risk_ordering_with_defaults():
    table, sims = compare(D, standard_mechanisms(VALUE, targets_from(D), BLOCKS), n=5000)
    assert len(sims) == 3
    assert list(table["prob_loss"]) == sorted(table["prob_loss"], reverse=True)
    assert list(table["spend_sd"]) == sorted(table["spend_sd"], reverse=True)
    assert {"margin_p5", "working_capital_p95", "cost_per_job_start_p95"} <= set(table.columns)
    bands = sims[0].cash_percentiles()
    assert list(bands.columns) == ["month", "p5", "p50", "p95"]
    assert (bands["p5"] <= bands["p50"]).all() and (bands["p50"] <= bands["p95"]).all()


def test_cost_per_outcome_is_nan_without_outcomes():
    d = quick(engagements_per_month=0.0)
    sim = simulate(d, PaymentMechanism("block", 1000, 0, 0, 0), n=50)
    assert np.isnan(sim.cost_per("job_start")).all()
    assert math.isnan(sim.summary()["cost_per_job_start_median"])
    with pytest.raises(ValueError, match="outcome must be one of"):
        sim.cost_per("interview")


# --- property tests ---------------------------------------------------------------------------
delivery_strategy = st.builds(
    quick,
    engagements_per_month=st.floats(0.5, 20),
    job_start_rate=st.floats(0.05, 0.6),
    job_start_rate_sd=st.floats(0, 0.04),
    sustain_rate=st.floats(0.3, 0.95),
    sustain_rate_sd=st.floats(0, 0.04),
    volume_sd=st.floats(0, 0.6),
    payment_lag_months=st.integers(0, 3),
    cost_per_month=st.floats(0, 20_000),
    cost_per_engagement=st.floats(0, 300),
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    delivery_strategy,
    st.lists(st.floats(0, 1), min_size=2, max_size=5),
    st.floats(0.5, 2.0),
    st.integers(0, 1000),
)
def test_more_block_never_raises_the_chance_of_a_loss_with_a_cap(d, shares, ratio, seed):
    """Capped payments: income never falls as the block share rises (common random numbers)."""
    value = max(1.0, expected_outcomes(d).engagements * 2000)
    targets = targets_from(d, ratio)
    mechanisms = standard_mechanisms(value, targets, block_shares=sorted(shares))
    table, sims = compare(d, mechanisms, n=400, seed=seed)
    losses = list(table["prob_loss"])
    assert all(a >= b for a, b in zip(losses, losses[1:], strict=False))
    for low, high in zip(sims, sims[1:], strict=False):
        assert (high.income >= low.income - 1e-6).all()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(delivery_strategy, st.lists(st.floats(0, 1), min_size=2, max_size=5), st.integers(0, 99))
def test_more_block_never_raises_the_chance_of_a_loss_uncapped(d, shares, seed):
    """Without a cap the rule holds whenever costs never exceed the contract value."""
    d = d.with_changes(cost_per_engagement=0.0)
    value = max(1.0, d.cost_per_month * d.months * 1.1)
    mechanisms = standard_mechanisms(value, targets_from(d), block_shares=sorted(shares), cap=False)
    table, _ = compare(d, mechanisms, n=400, seed=seed)
    losses = list(table["prob_loss"])
    assert all(a >= b for a, b in zip(losses, losses[1:], strict=False))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(delivery_strategy, st.floats(0, 1), st.floats(0.5, 1.5), st.integers(0, 99))
def test_expected_spend_is_block_plus_expected_outcome_payments(d, share, ratio, seed):
    value = expected_outcomes(d).engagements * 2000 + 1.0
    m = PaymentMechanism.from_shares("m", value, share, targets_from(d, ratio), cap=False)
    sim = simulate(d, m, n=20_000, seed=seed)
    e = expected_outcomes(d)
    expected = (
        m.block_amount
        + m.tariff_engagement * e.engagements
        + m.tariff_job_start * e.job_starts
        + m.tariff_sustainment * e.sustainments
    )
    spend = sim.commissioner_spend
    standard_error = spend.std() / math.sqrt(spend.size)
    assert abs(spend.mean() - expected) <= 5 * standard_error + 1e-6 * expected + 1e-9


@given(
    st.floats(0, 1e6),
    st.floats(0, 1),
    st.tuples(st.floats(1, 1e4), st.floats(0.01, 1), st.floats(0.01, 1)),
    st.tuples(st.floats(0.1, 5), st.floats(0.1, 5), st.floats(0.1, 5)),
)
def test_meeting_targets_pays_the_contract_value(value, share, t, weights):
    targets = Targets(t[0], t[0] * t[1], t[0] * t[1] * t[2])
    m = PaymentMechanism.from_shares("m", value, share, targets, weights, cap=False)
    assert m.payment(*targets.as_tuple()) == pytest.approx(value, rel=1e-9, abs=1e-6)


# --- creaming and parking ---------------------------------------------------------------------
EASIER = ClientGroup("easier", 0.44, 0.7, 2000)
HARDER = ClientGroup("harder", 0.22, 0.7, 2500)


def test_margin_per_client_arithmetic():
    m = PaymentMechanism("m", 1000, 100, 1000, 500)
    # 1000 / 10 + 100 + 0.44 * 1000 + 0.44 * 0.7 * 500 - 2000
    assert margin_per_client(m, EASIER, 10) == pytest.approx(100 + 100 + 440 + 154 - 2000)


def test_graduated_multiplier_equalises_margins():
    m = standard_mechanisms(VALUE, targets_from(D), BLOCKS)[0]
    g = graduated_multiplier(m, EASIER, HARDER)
    graduated = PaymentMechanism(
        "g",
        m.block_amount,
        m.tariff_engagement * g,
        m.tariff_job_start * g,
        m.tariff_sustainment * g,
    )
    assert margin_per_client(graduated, HARDER, 200) == pytest.approx(
        margin_per_client(m, EASIER, 200)
    )


def test_graduated_multiplier_needs_tariffs():
    assert math.isnan(graduated_multiplier(PaymentMechanism("b", 100, 0, 0, 0), EASIER, HARDER))


def test_creaming_table_with_defaults():
    t = creaming_table(standard_mechanisms(VALUE, targets_from(D), BLOCKS), EASIER, HARDER, 203)
    assert list(t["gap"]) == sorted(t["gap"], reverse=True)  # more block, less incentive
    assert (t["gap"] > 0).all()
    assert list(t["multiplier"]) == sorted(t["multiplier"])  # smaller tariffs, bigger multiplier
    assert np.allclose(t["supplement"], t["gap"])
    assert np.allclose(
        t["graduated_job_start_tariff"],
        [m.tariff_job_start for m in standard_mechanisms(VALUE, targets_from(D), BLOCKS)]
        * t["multiplier"],
    )


@given(
    st.floats(0.01, 1),
    st.floats(0.01, 1),
    st.floats(0, 1),
    st.floats(0, 5000),
    st.floats(0, 5000),
    st.floats(0, 1),
)
def test_graduated_tariff_removes_the_gap_whenever_possible(pa, pb, q, ca, cb, share):
    m = PaymentMechanism.from_shares("m", 400_000, share, Targets(200, 60, 40))
    a, b = ClientGroup("a", pa, q, ca), ClientGroup("b", pb, q, cb)
    g = graduated_multiplier(m, a, b)
    if share == 1:
        assert math.isnan(g)
        return
    target = margin_per_client(m, a, 200)
    graduated = PaymentMechanism(
        "g",
        m.block_amount,
        m.tariff_engagement * g,
        m.tariff_job_start * g,
        m.tariff_sustainment * g,
    )
    achieved = margin_per_client(graduated, b, 200)
    if g > 0:
        assert achieved == pytest.approx(target, rel=1e-9, abs=1e-6)
    else:  # the harder group is already the more profitable one
        assert achieved >= target - 1e-6


@pytest.mark.parametrize(
    "args, message",
    [
        (("g", 1.5, 0.7, 100), "job_start_rate must be a share"),
        (("g", 0.4, -0.1, 100), "sustain_rate must be a share"),
        (("g", 0.4, 0.7, -100), "support_cost must be zero or more"),
        (("", 0.4, 0.7, 100), "name must be a non-empty label"),
    ],
)
def test_client_group_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        ClientGroup(*args)


def test_planned_clients_must_be_positive():
    with pytest.raises(ValueError, match="planned_clients must be greater than zero"):
        margin_per_client(PaymentMechanism("m", 0, 0, 0, 0), EASIER, 0)


@pytest.mark.parametrize(
    "args, message",
    [
        ((0, 0, 0), "engagements must be greater than zero"),
        ((10, 11, 0), "job_starts .* cannot exceed engagements"),
        ((10, 5, 6), "sustainments .* cannot exceed job_starts"),
    ],
)
def test_conversion_rates_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        conversion_rates(*args)


@given(
    values=st.lists(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=400
    ),
    qs=st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=5),
)
def test_fast_percentiles_are_numpys_to_the_last_bit(values, qs):
    from guidance.core.payments.simulation import _percentiles

    x = np.array(values)
    assert _percentiles(x, qs) == [float(p) for p in np.percentile(x, qs)]


# -- costs reimbursed quarterly in arrears (Connect to Work) ---------------------------------
def _year(**changes):
    """A 12-month contract with fixed costs of 1,000 a month and no ramp-up."""
    base = dict(
        months=12,
        ramp_months=1,
        months_to_job_start=1,
        months_to_sustainment=1,
        cost_per_month=1000,
        cost_per_engagement=0,
        payment_lag_months=0,
    )
    return D.with_changes(**{**base, **changes})


def test_reimbursed_costs_cash_flow_quarter_by_quarter():
    grant = PaymentMechanism.reimbursing_costs("costs reimbursed quarterly in arrears")
    sim = simulate(_year(), grant, n=3, seed=1)
    # each quarter's costs are paid when the quarter ends: the provider is out of pocket
    # for the months since the last claim
    expected = [-1000, -2000, 0, -1000, -2000, 0, -1000, -2000, 0, -1000, -2000, 0]
    assert sim.cash.tolist() == [expected] * 3
    assert sim.peak_working_capital.tolist() == [2000] * 3
    assert sim.income.tolist() == [12_000] * 3 and sim.margin.tolist() == [0] * 3
    assert sim.prob_loss == 0.0


def test_reimbursed_costs_paid_a_month_after_each_quarter():
    grant = PaymentMechanism.reimbursing_costs("arrears")
    sim = simulate(_year(payment_lag_months=1), grant, n=2, seed=1)
    # months 1-13: the claim for months 1-3 arrives at the end of month 4, and so on
    expected = [
        -1000,
        -2000,
        -3000,
        -1000,
        -2000,
        -3000,
        -1000,
        -2000,
        -3000,
        -1000,
        -2000,
        -3000,
        0,
    ]
    assert sim.cash[0].tolist() == expected
    assert sim.peak_working_capital[0] == 3000


def test_reimbursed_costs_last_claim_covers_a_part_quarter():
    grant = PaymentMechanism.reimbursing_costs("arrears")
    sim = simulate(_year(months=8), grant, n=1, seed=1)
    assert sim.cash[0].tolist() == [-1000, -2000, 0, -1000, -2000, 0, -1000, 0]


def test_monthly_claims_and_a_part_share():
    grant = PaymentMechanism.reimbursing_costs("80% monthly", cost_share=0.8, claim_months=1)
    sim = simulate(_year(), grant, n=1, seed=1)
    assert np.allclose(sim.cash[0], [-200 * m for m in range(1, 13)])
    assert sim.margin[0] == pytest.approx(-2400)


def test_reimbursed_costs_follow_variable_costs_and_stop_at_the_grant():
    d = _year(cost_per_engagement=100, engagements_per_month=5)
    sim = simulate(d, PaymentMechanism.reimbursing_costs("no cap"), n=500, seed=2)
    assert np.allclose(sim.income, sim.cost)  # every evidenced cost is paid back
    capped = simulate(d, PaymentMechanism.reimbursing_costs("cap", 12_000), n=500, seed=2)
    assert (capped.income <= 12_000 + 1e-6).all()
    assert np.allclose(capped.margin, np.minimum(sim.cost, 12_000) - sim.cost)
    assert capped.prob_loss > 0.9  # engagements cost more than the grant allows


def test_reimbursed_costs_beside_outcome_mechanisms_on_the_same_draws():
    mechanisms = [
        *standard_mechanisms(VALUE, targets_from(D), BLOCKS),
        PaymentMechanism.reimbursing_costs("grant", VALUE),
    ]
    table, sims = compare(D, mechanisms, n=2000, seed=5)
    grant = table.set_index("mechanism").loc["grant"]
    assert grant["prob_loss"] == 0.0 and grant["spend_sd"] == pytest.approx(0, abs=1e-6)
    # working capital is two months of costs (quarterly claims paid at the quarter end)
    assert grant["working_capital_p95"] == pytest.approx(2 * D.cost_per_month)
    outcomes = table.set_index("mechanism").iloc[0]
    assert grant["working_capital_p95"] < outcomes["working_capital_p95"]


def test_payment_counts_reimbursed_costs():
    m = PaymentMechanism("mixed", 100, 10, 0, 0, cap=1000, cost_share=0.5)
    assert m.payment(10, 0, 0, costs=400) == 400.0
    assert m.payment(10, 0, 0, costs=4000) == 1000.0


def test_cost_reimbursement_closes_the_creaming_gap():
    grant = PaymentMechanism.reimbursing_costs("grant")
    easy, hard = ClientGroup("easy", 0.4, 0.7, 1500), ClientGroup("hard", 0.2, 0.7, 2500)
    table = creaming_table([grant], easy, hard, planned_clients=100)
    assert table.loc[0, "gap"] == 0.0
    assert margin_per_client(grant, hard, 100) == 0.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"cost_share": 1.5}, "cost_share must be a share between 0 and 1"),
        ({"claim_months": 0}, "claim_months"),
        ({"claim_months": 2.5}, "claim_months"),
        ({"claim_months": 13}, "claim_months must be at most 12"),
    ],
)
def test_reimbursement_bad_input(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        PaymentMechanism.reimbursing_costs("grant", **kwargs)


# -- monthly cash percentiles and the shortcuts in the simulation ---------------------------
@pytest.mark.parametrize("lag, cost_per_engagement", [(0, 0.0), (2, 150.0)])
def test_cash_percentiles_are_numpys_month_by_month(lag, cost_per_engagement):
    d = D.with_changes(payment_lag_months=lag, cost_per_engagement=cost_per_engagement)
    for m in [
        *standard_mechanisms(VALUE, targets_from(d), BLOCKS),
        PaymentMechanism.reimbursing_costs("grant", VALUE),
    ]:
        sim = simulate(d, m, n=999, seed=4)
        bands = sim.cash_percentiles((5, 50, 95))
        assert bands["month"].tolist() == list(range(1, sim.cash.shape[1] + 1))
        expected = np.percentile(sim.cash, (5, 50, 95), axis=0)
        assert (expected == bands[["p5", "p50", "p95"]].to_numpy().T).all()


def test_cash_percentiles_reject_a_percentile_outside_0_to_100():
    sim = simulate(D, standard_mechanisms(VALUE, targets_from(D), BLOCKS)[0], n=50)
    with pytest.raises(ValueError, match="percentiles must each be between 0 and 100"):
        sim.cash_percentiles((5, 101))


def test_the_cap_is_applied_exactly_as_before_where_it_binds_and_where_it_does_not():
    """The cap is skipped where no contract reaches it: the same numbers as capping always."""
    d = D
    for ratio in (0.5, 1.0, 2.0):  # easy targets hit the cap often, hard ones never
        capped = standard_mechanisms(VALUE, targets_from(d, ratio), BLOCKS)[0]
        uncapped = standard_mechanisms(VALUE, targets_from(d, ratio), BLOCKS, cap=False)[0]
        a, b = simulate(d, capped, n=2000, seed=9), simulate(d, uncapped, n=2000, seed=9)
        assert (a.income == np.minimum(b.income, VALUE)).all()
        assert (
            a.cash == np.minimum(b.cash + a.draws.cumulative_cost, VALUE) - a.draws.cumulative_cost
        ).all()


def test_a_payment_the_same_for_every_contract_is_worked_out_once():
    sim = simulate(D, PaymentMechanism("block", VALUE, 0, 0, 0), n=300, seed=2)
    assert sim._cash.shape == (1, D.months)  # one row, broadcast to every contract
    assert sim.cash.shape == (300, D.months) and not sim.cash.flags.writeable
    assert np.allclose(sim.cash[:, -1], sim.margin)

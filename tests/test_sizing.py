import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.calculators.service_sizing import sizing_inputs
from guidance.core.evidence import load_register
from guidance.core.sizing import (
    contract_year_targets,
    fss_region_inputs,
    loaded_salary,
    ramp_up,
    region_totals,
    round_half_up,
    size_regions,
    size_service,
)

EV = load_register()


def fss_regions(reach=0.25):
    inputs = fss_region_inputs()
    return inputs, size_regions(
        dict(zip(inputs["region"], inputs["in_contact"], strict=False)), 0.10, 0.30, reach, 40
    )


# --- worked example: the Fair Start Scotland region table (Social Finance 2020) -------------
def test_fss_region_table_reproduces_every_published_region():
    inputs, regions = fss_regions()
    assert len(regions) == 14
    assert regions["eligible_rounded"].tolist() == inputs["eligible_published"].tolist()
    assert regions["es_rounded"].tolist() == inputs["es_published"].tolist()


def test_fss_region_totals_match_the_published_totals():
    _, regions = fss_regions()
    totals = region_totals(regions)
    assert totals["in_contact"] == 60424
    assert totals["eligible_total_rounded"] == 16314  # source rounds the total once
    assert totals["eligible_sum_of_rounded"] == 16313  # adding rounded regions differs by 1
    assert totals["es_sum_of_rounded"] == 104  # source adds rounded regions (min 1 each)
    assert totals["es_total_rounded"] == 102


def test_fss_50_percent_reach_variant():
    _, regions = fss_regions(reach=0.5)
    totals = region_totals(regions)
    assert totals["es_total_rounded"] == 204
    assert totals["es_sum_of_rounded"] == 205


def test_small_regions_get_at_least_one_specialist():
    _, regions = fss_regions()
    islands = regions.set_index("region").loc[["Western Isles", "Orkney", "Shetland"]]
    assert (islands["es"] < 0.5).all()
    assert (islands["es_rounded"] == 1).all()


# --- worked example: GBP 2,000 x 3,000 = GBP 6m; ~31% -> ~GBP 6,500 per job start ------------
def test_fss_cost_per_job_start():
    inputs = sizing_inputs().with_changes(
        in_contact=10000,
        share_in_work=0,
        share_interested=1,
        reach_per_year=0.3,
        unit_cost=2000,
        job_entry_rate=930 / 3000,
    )
    result = size_service(inputs)
    assert result.starters == pytest.approx(3000)
    assert result.budget == pytest.approx(6_000_000)
    assert round(inputs.job_entry_rate, 2) == 0.31
    assert result.cost_per_job == pytest.approx(6451.6, abs=0.1)
    assert round_half_up(result.cost_per_job / 500) * 500 == 6500


# --- the default service ---------------------------------------------------------------------
def test_defaults_come_from_the_register():
    d = sizing_inputs()
    assert d.in_contact == EV.value("fss.total.in_contact_published")
    assert d.clients_per_es_per_year == EV.value("fss.clients_per_es_per_year")
    assert d.access_rate == EV.value("kpi.ips.access.min")
    assert d.unit_cost == EV.value("fss.cost_per_engagement")
    s = sizing_inputs(model="SEQF")
    assert s.unit_cost == EV.value("kpi.seqf.unit_cost.min")
    assert s.sustain_rate == EV.value("kpi.seqf.sustain.min")


def test_default_chain_arithmetic():
    r = size_service(sizing_inputs())
    assert r.eligible == pytest.approx(60424 * 0.9 * 0.3)
    assert r.starters == pytest.approx(r.eligible * 0.25)
    assert r.referrals == pytest.approx(r.starters / 0.7)
    assert r.specialists == pytest.approx(r.starters / 40)
    assert r.team_leaders == pytest.approx(r.specialists / 6)
    assert r.budget == pytest.approx(r.starters * 2000)
    assert r.job_entries == pytest.approx(r.starters * 0.4)
    assert r.sustained_jobs == pytest.approx(r.job_entries * 0.65)
    assert r.cost_per_job == pytest.approx(5000)


def test_caseload_method():
    r = size_service(
        sizing_inputs().with_changes(staffing_method="caseload", caseload=20, months_on_caseload=6)
    )
    assert r.clients_per_es_per_year == pytest.approx(40)
    assert r.caseload == pytest.approx(20)


def test_staff_cost_build_up_matches_ips_grow_derivation():
    # IPS Grow assumptions: loaded ES 42,483; with 20% overheads ~50,980; TL share ~10,400
    assert loaded_salary(33437, 0.15, 417, 0.143) == pytest.approx(42483, abs=1)
    inputs = sizing_inputs().with_changes(budget_method="staff_costs")
    r = size_service(inputs)
    per_es = r.budget / r.specialists
    assert per_es == pytest.approx(50980 + 10407, abs=5)


def test_zero_people_gives_nan_costs_not_errors():
    r = size_service(sizing_inputs().with_changes(in_contact=0))
    assert r.starters == 0 and math.isnan(r.cost_per_job)


# --- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"in_contact": -5}, ValueError, "in_contact must be zero or more"),
        ({"in_contact": 2.5}, ValueError, "in_contact must be a whole number"),
        ({"share_interested": 1.3}, ValueError, "share_interested must be a share between 0"),
        ({"reach_per_year": math.nan}, ValueError, "reach_per_year must be a finite number"),
        ({"access_rate": 0}, ValueError, "access_rate must be greater than zero"),
        ({"clients_per_es_per_year": 0}, ValueError, "clients_per_es_per_year must be greater"),
        ({"unit_cost": "2000"}, TypeError, "unit_cost must be a number"),
        ({"model": "ABC"}, ValueError, "model must be one of 'IPS', 'SEQF'"),
        ({"staffing_method": "guess"}, ValueError, "staffing_method must be one of"),
        ({"job_entry_rate": -0.1}, ValueError, "job_entry_rate must be a share"),
    ],
)
def test_bad_inputs_name_the_parameter(change, error, message):
    with pytest.raises(error, match=message):
        sizing_inputs().with_changes(**change)


def test_unknown_input_is_refused():
    with pytest.raises(TypeError, match="unknown sizing input"):
        sizing_inputs().with_changes(colour="red")


def test_size_service_needs_inputs_object():
    with pytest.raises(TypeError, match="inputs must be a SizingInputs"):
        size_service({"in_contact": 3})


def test_size_regions_bad_input():
    with pytest.raises(ValueError, match=r"in_contact\['X'\] must be zero or more"):
        size_regions({"X": -1}, 0.1, 0.3, 0.25, 40)
    with pytest.raises(TypeError, match="non-empty mapping"):
        size_regions({}, 0.1, 0.3, 0.25, 40)
    with pytest.raises(ValueError, match="clients_per_es_per_year must be greater than zero"):
        size_regions({"X": 1}, 0.1, 0.3, 0.25, 0)


def test_region_totals_missing_columns():
    with pytest.raises(ValueError, match="missing column"):
        region_totals(fss_region_inputs())


# --- ramp-up ---------------------------------------------------------------------------------
def test_ramp_up_reaches_full_performance_at_ramp_month():
    df = ramp_up(120, 36, 18, 0.4)
    assert df["capacity"].iloc[17] == 1.0
    assert df["capacity"].iloc[16] < 1.0
    assert df["starters"].iloc[-1] == pytest.approx(10)
    years = contract_year_targets(df)
    assert years["starters"].iloc[2] == pytest.approx(120)
    assert years["starters"].sum() == pytest.approx(df["starters"].sum())


def test_ramp_up_part_year_and_bad_input():
    years = contract_year_targets(ramp_up(120, 30, 6, 0.4))
    assert years["months"].tolist() == [12, 12, 6]
    with pytest.raises(ValueError, match="ramp_months must be a whole number of at least 1"):
        ramp_up(120, 36, 0, 0.4)
    with pytest.raises(ValueError, match="job_entry_rate must be a share"):
        ramp_up(120, 36, 12, 4)


# --- properties ------------------------------------------------------------------------------
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
positive_shares = st.floats(min_value=0.01, max_value=1, allow_nan=False)


@given(
    people=st.integers(0, 1_000_000),
    reach_a=shares,
    reach_b=shares,
    per_es=st.floats(1, 200),
)
def test_more_reach_never_needs_fewer_specialists(people, reach_a, reach_b, per_es):
    low, high = sorted([reach_a, reach_b])
    base = sizing_inputs().with_changes(in_contact=people, clients_per_es_per_year=per_es)
    assert (
        size_service(base.with_changes(reach_per_year=high)).specialists
        >= size_service(base.with_changes(reach_per_year=low)).specialists
    )


@given(
    people=st.integers(1, 1_000_000),
    rate=positive_shares,
    unit=st.floats(1, 20_000),
    method=st.sampled_from(["unit_cost", "staff_costs"]),
)
def test_cost_per_outcome_is_budget_over_outcomes(people, rate, unit, method):
    inputs = sizing_inputs().with_changes(
        in_contact=people, job_entry_rate=rate, unit_cost=unit, budget_method=method
    )
    r = size_service(inputs)
    assert r.cost_per_job == pytest.approx(r.budget / r.job_entries)
    assert r.job_entries <= r.starters <= r.eligible <= people
    assert r.sustained_jobs <= r.job_entries


@given(
    people=st.dictionaries(
        st.text(min_size=1, max_size=5), st.integers(0, 50_000), min_size=1, max_size=20
    )
)
def test_every_region_gets_at_least_the_minimum(people):
    regions = size_regions(people, 0.1, 0.3, 0.25, 40)
    assert (regions["es_rounded"] >= 1).all()
    near = (regions["es_rounded"] - regions["es"]).abs() <= 0.5
    lifted = (regions["es_rounded"] == 1) & (regions["es"] < 0.5)
    assert (near | lifted).all()

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.calculators.benefit_ledger import ledger_inputs
from guidance.calculators.service_sizing import sizing_inputs
from guidance.core.evidence import load_register
from guidance.core.ledger import (
    AGENCIES,
    FUNDERS,
    SIB_ACTORS,
    SIB_FLOWS,
    Flow,
    benefit_ledger,
    cashable_savings,
    ipsmod_monthly_gains,
)
from guidance.core.sizing import size_service

EV = load_register()
DEFAULTS = ledger_inputs()


# --- worked example: the Sheffield cashable return (FSS review) ------------------------------
def test_sheffield_range_on_the_fss_budget():
    budget = EV.value("fss.annual_cost_published")
    assert budget == 6_000_000
    low, high = cashable_savings(
        budget,
        EV.value("fss.sheffield_saving_pence.min"),
        EV.value("fss.sheffield_saving_pence.max"),
    )
    assert low == pytest.approx(540_000)
    assert high == pytest.approx(3_960_000)


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((-1, 9, 66), ValueError, "budget must be zero or more"),
        ((100, -9, 66), ValueError, "pence_low must be zero or more"),
        ((100, 9, math.nan), ValueError, "pence_high must be a finite number"),
        ((100, 66, 9), ValueError, r"pence_low \(66\) must not be more than pence_high \(9\)"),
        (("6m", 9, 66), TypeError, "budget must be a number"),
        ((100, None, 66), TypeError, "pence_low must be a number"),
    ],
)
def test_cashable_savings_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        cashable_savings(*args)


# --- the IPSMOD-derived monthly gains ---------------------------------------------------------
def test_ipsmod_monthly_gains_arithmetic():
    g = ipsmod_monthly_gains()
    assert g["dwp"] == pytest.approx(607.53 - 130.59)
    assert g["hmrc"] == pytest.approx((137.78 - 7.98) + (67.88 - 1.83) + (98.86 - 2.63))
    assert g["person"] == pytest.approx(1403.00 - 129.80 - 66.05 - 476.94)
    # about GBP 9,230 a year to the Exchequer, the derived figure in the evidence leads
    assert round(12 * (g["dwp"] + g["hmrc"]), -1) == 9230


def test_ipsmod_rows_are_published_not_derived():
    for row in EV.prefixed("ledger.ipsmod.mh."):
        assert row.source == "morris2024ipsmod" and not row.derived


# --- defaults ---------------------------------------------------------------------------------
def test_defaults_are_sourced_or_zero():
    sized = size_service(sizing_inputs())
    assert DEFAULTS.job_outcomes == round(sized.job_entries) == 1631
    assert DEFAULTS.programme_cost == round(sized.budget)
    assert DEFAULTS.months_in_work == pytest.approx(13 * 12 / 52) == 3.0
    assert DEFAULTS.nhs_saving_per_job == EV.value("fss.nhs_saving_per_service_user") == 374
    assert DEFAULTS.dwp_saving_per_month == 476.94
    assert DEFAULTS.hmrc_gain_per_month == 292.08
    assert DEFAULTS.person_gain_per_month == 730.21
    assert DEFAULTS.la_saving_per_month == 0  # no published default: the user's own figure
    assert DEFAULTS.swemwbs_gain == 0  # measured by the service
    assert DEFAULTS.wellby_value == EV.value("wellby.value_2019") == 13_000
    assert DEFAULTS.ls_per_swemwbs_point == EV.value("wellby.ls_per_swemwbs_point")


# --- the ledger -------------------------------------------------------------------------------
def test_gains_by_agency_arithmetic():
    i = DEFAULTS.with_changes(
        job_outcomes=10, months_in_work=6, la_saving_per_month=100, swemwbs_gain=2
    )
    g = benefit_ledger(i).gains
    assert list(g) == list(AGENCIES)
    assert g["NHS"] == pytest.approx(10 * 374)
    assert g["DWP"] == pytest.approx(60 * 476.94)
    assert g["HMRC"] == pytest.approx(60 * 292.08)
    assert g["Local authority"] == pytest.approx(6000)
    assert g["The person"] == pytest.approx(60 * 730.21)
    assert g["Wellbeing (social value)"] == pytest.approx(10 * 0.5 * 2 * 0.26 * 13_000)


def test_default_ledger_split_and_returns():
    r = benefit_ledger(DEFAULTS)
    c = r.contributions()
    assert sum(c.values()) == pytest.approx(DEFAULTS.programme_cost)
    assert c["Local authority"] == 0
    assert r.public_return_per_pound == pytest.approx(r.public_gains / DEFAULTS.programme_cost)
    assert 0.5 < r.public_return_per_pound < 0.6
    t = r.table().set_index("agency")
    shared = t.loc[["NHS", "DWP", "HMRC"], "return_per_pound_shared"]
    assert shared.tolist() == pytest.approx([r.public_return_per_pound] * 3)
    alone = t.loc[["NHS", "DWP", "HMRC"], "return_per_pound_alone"]
    assert (alone < 1).all()  # no single agency recovers its money alone
    assert math.isnan(t.loc["Local authority", "return_per_pound_shared"])
    assert math.isnan(t.loc["The person", "contribution"])
    assert r.social_gains == pytest.approx(r.gains["The person"])
    assert r.total_gains == pytest.approx(r.public_gains + r.social_gains)


def test_a_local_authority_saving_changes_the_split():
    before = benefit_ledger(DEFAULTS).contributions()
    after = benefit_ledger(DEFAULTS.with_changes(la_saving_per_month=200)).contributions()
    assert after["Local authority"] > 0
    assert after["NHS"] < before["NHS"]


def test_no_public_gains_means_nothing_to_split():
    zero = DEFAULTS.with_changes(job_outcomes=0)
    r = benefit_ledger(zero)
    assert r.public_gains == 0
    assert all(math.isnan(x) for x in r.contributions().values())
    assert r.table()["share_of_public_gains"].isna().all()


def test_zero_cost_gives_nan_returns():
    r = benefit_ledger(DEFAULTS.with_changes(programme_cost=0))
    assert math.isnan(r.public_return_per_pound)
    assert r.table()["return_per_pound_alone"].isna().all()


@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"job_outcomes": -1}, ValueError, "job_outcomes must be zero or more"),
        ({"months_in_work": math.nan}, ValueError, "months_in_work must be a finite number"),
        ({"programme_cost": math.inf}, ValueError, "programme_cost must be a finite number"),
        ({"nhs_saving_per_job": "374"}, TypeError, "nhs_saving_per_job must be a number"),
        ({"dwp_saving_per_month": None}, TypeError, "dwp_saving_per_month must be a number"),
        ({"la_saving_per_month": -5}, ValueError, "la_saving_per_month must be zero or more"),
        ({"wellby_value": True}, TypeError, "wellby_value must be a number"),
    ],
)
def test_bad_input_names_the_parameter(change, error, message):
    with pytest.raises(error, match=message):
        DEFAULTS.with_changes(**change)


def test_unknown_input_and_wrong_type():
    with pytest.raises(TypeError, match="unknown ledger input"):
        DEFAULTS.with_changes(colour="red")
    with pytest.raises(TypeError, match="inputs must be a LedgerInputs"):
        benefit_ledger({"job_outcomes": 3})


positive = st.floats(0, 1e5, allow_nan=False, allow_subnormal=False)


@given(positive, st.floats(0, 60), st.floats(1, 1e8), positive, positive, positive, positive)
def test_proportional_split_always_adds_up_and_equalises_returns(
    jobs, months, cost, nhs, dwp, hmrc, la
):
    i = DEFAULTS.with_changes(
        job_outcomes=jobs,
        months_in_work=months,
        programme_cost=cost,
        nhs_saving_per_job=nhs,
        dwp_saving_per_month=dwp,
        hmrc_gain_per_month=hmrc,
        la_saving_per_month=la,
    )
    r = benefit_ledger(i)
    c = r.contributions()
    if r.public_gains > 0:
        assert sum(c.values()) == pytest.approx(cost)
        for a in FUNDERS:
            if r.gains[a] > 1e-9 * r.public_gains:  # skip gains lost in floating-point noise
                assert r.gains[a] / c[a] == pytest.approx(r.public_return_per_pound)
    else:
        assert all(math.isnan(x) for x in c.values())


@given(st.floats(0, 1e4), st.floats(1.01, 10))
def test_gains_scale_with_job_outcomes(jobs, factor):
    a = benefit_ledger(DEFAULTS.with_changes(job_outcomes=jobs)).gains
    b = benefit_ledger(DEFAULTS.with_changes(job_outcomes=jobs * factor)).gains
    for agency in AGENCIES:
        assert b[agency] == pytest.approx(a[agency] * factor)


# --- the MHEP money flows ---------------------------------------------------------------------
def test_sib_flows_match_the_evaluation():
    assert set(SIB_FLOWS) == {"co-commissioning", "single commissioning"}
    co = SIB_FLOWS["co-commissioning"]
    single = SIB_FLOWS["single commissioning"]
    # co-commissioning: the provider makes no payments; block money passes via the commissioner
    assert not [f for f in co if f.source == "provider"]
    assert {(f.source, f.target) for f in co if f.kind == "block"} == {
        ("mhep", "commissioner"),
        ("commissioner", "provider"),
    }
    # single commissioning: block payments direct from MHEP, and the provider pays MHEP
    assert {(f.source, f.target) for f in single if f.kind == "block"} == {("mhep", "provider")}
    assert [(f.source, f.target) for f in single if f.source == "provider"] == [
        ("provider", "mhep")
    ]
    for flows in SIB_FLOWS.values():
        assert ("payer", "mhep", "outcome") in {(f.source, f.target, f.kind) for f in flows}
        assert {f.source for f in flows} | {f.target for f in flows} <= set(SIB_ACTORS)


def test_flow_validation():
    with pytest.raises(ValueError, match="kind must be one of"):
        Flow("mhep", "provider", "gift", "x")
    with pytest.raises(ValueError, match="target must be one of"):
        Flow("mhep", "bank", "block", "x")

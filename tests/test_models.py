import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.core.evidence import load_register
from guidance.core.models import (
    EVIDENCE_BASES,
    GROUPS,
    INTEGRATION,
    SUPPORT_NEEDS,
    EffectEstimate,
    apply_odds_ratio,
    apply_risk_ratio,
    choose_models,
    effect_estimates,
    expected_outcomes,
    odds_ratio_from_rates,
    recommend_model,
)
from guidance.presentation.words import effect_words

EV = load_register()
BEYOND = ("low_moderate", "substance", "housing", "offenders")


# --- who each model is for (Whitworth et al. 2024) -------------------------------------------
@pytest.mark.parametrize("integration", list(INTEGRATION))
@pytest.mark.parametrize("need", list(SUPPORT_NEEDS))
def test_learning_disabilities_and_autism_always_seqf(integration, need):
    r = recommend_model("ld_autism", integration, need)
    assert r.model == "SEQF"
    assert r.strength == ("weak" if need == "low" else "clear")
    assert any("learning disabilities" in x for x in r.reasons)


@pytest.mark.parametrize("integration", list(INTEGRATION))
def test_severe_mental_illness_is_ips(integration):
    r = recommend_model("smi", integration, "moderate_high")
    assert (r.model, r.strength) == ("IPS", "clear")
    if integration == "no":
        assert any("condition of the service" in c for c in r.cautions)


@pytest.mark.parametrize("group", BEYOND)
def test_beyond_smi_with_integration_and_moderate_high_need_is_ips(group):
    r = recommend_model(group, "yes", "moderate_high")
    assert (r.model, r.strength) == ("IPS", "clear")


@pytest.mark.parametrize("group", BEYOND)
def test_complex_need_without_integration_considers_seqf(group):
    r = recommend_model(group, "no", "complex")
    assert (r.model, r.strength) == ("SEQF", "consider")


@pytest.mark.parametrize("group", BEYOND)
def test_moderate_need_without_integration_is_ips_once_integration_is_arranged(group):
    r = recommend_model(group, "no", "moderate_high")
    assert (r.model, r.strength) == ("IPS", "consider")
    assert any("consider SEQF" in c for c in r.cautions)


def test_complex_need_with_integration_is_ips():
    assert recommend_model("substance", "yes", "complex").model == "IPS"


def test_integration_partners_named_from_the_guide():
    low_moderate = recommend_model("low_moderate", "yes", "complex")
    assert "Talking Therapies" in " ".join(low_moderate.reasons)
    assert "drug and alcohol" in " ".join(recommend_model("substance", "yes", "complex").reasons)
    housing = recommend_model("housing", "yes", "moderate_high")
    assert any("integration to look different" in c for c in housing.cautions)


def test_low_need_is_flagged_for_every_group():
    for group in GROUPS:
        r = recommend_model(group, "yes", "low")
        assert r.strength == "weak"
        assert any("lighter-touch" in c for c in r.cautions)


# --- mixed cohorts ---------------------------------------------------------------------------
def test_mixed_cohort_gets_separate_pathways_advice():
    c = choose_models(["ld_autism", "low_moderate", "ld_autism"], "yes", "moderate_high")
    assert [r.group for r in c.recommendations] == ["low_moderate", "ld_autism"]
    assert c.models == ("IPS", "SEQF") and c.mixed
    assert "separate pathways or lots" in c.advice()[0]
    assert c.groups_for("SEQF") == ["Learning disabilities and/or autism"]
    assert list(c.table().columns) == ["group", "model", "fit", "reasons", "cautions"]


def test_single_model_cohort():
    c = choose_models(["smi", "substance"], "yes", "moderate_high")
    assert c.models == ("IPS",) and not c.mixed
    assert c.advice()[0].startswith("One model, IPS")


def test_per_group_integration_and_need():
    c = choose_models(
        ["housing", "substance"],
        integration={"housing": "no", "substance": "yes"},
        support_need={"housing": "complex", "substance": "moderate_high"},
    )
    assert c.models == ("IPS", "SEQF")
    assert any("cautions" in a for a in c.advice())
    with pytest.raises(ValueError, match="integration has no value for group 'substance'"):
        choose_models(["housing", "substance"], {"housing": "no"}, "complex")


def test_a_single_group_as_a_string():
    assert choose_models("smi", "yes", "complex").models == ("IPS",)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: recommend_model("students", "yes", "low"), ValueError, "group must be one of"),
        (lambda: recommend_model("smi", "maybe", "low"), ValueError, "integration must be one"),
        (lambda: recommend_model("smi", "yes", "high"), ValueError, "support_need must be one"),
        (lambda: recommend_model("smi", None, "low"), ValueError, "integration must be one"),
        (lambda: choose_models([], "yes", "low"), ValueError, "groups must include at least"),
        (lambda: choose_models(["smi", "x"], "yes", "low"), ValueError, "groups must be one of"),
        (lambda: choose_models(3, "yes", "low"), TypeError, "groups must be a list"),
    ],
)
def test_bad_choices_name_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- the evidence and expected outcomes ------------------------------------------------------
def test_effect_estimates_come_from_the_register():
    lm, pooled = effect_estimates("ips_beyond_smi")
    assert (lm.central, lm.low, lm.high, lm.measure) == (1.32, 1.20, 1.46, "odds ratio")
    assert (pooled.central, pooled.low, pooled.high) == (1.78, 1.42, 2.22)
    assert lm.source == "whitworth2024meta"
    (smi,) = effect_estimates("ips_smi")
    assert (smi.central, smi.low, smi.high, smi.measure) == (2.40, 1.99, 2.90, "risk ratio")
    (seqf,) = effect_estimates("seqf")
    assert seqf.measure == "benchmark rate"
    assert (seqf.low, seqf.central, seqf.high) == (0.30, 0.43, 0.56)
    assert effect_words(lm.measure, lm.central, lm.low, lm.high) == (
        "odds ratio 1.32 (95% CI 1.20 to 1.46)"
    )
    words = effect_words(seqf.measure, seqf.central, seqf.low, seqf.high)
    assert "typical good-practice range 30% to 56%" in words


def test_worked_example_32_percent_is_an_odds_ratio():
    bau = EV.value("evidence.ips_smi.job_entry_control")
    rate = apply_odds_ratio(bau, EV.value("evidence.whitworth_meta.large_medium.or"))
    assert rate == pytest.approx(0.3056, abs=1e-4)
    assert rate / bau - 1 == pytest.approx(0.22, abs=0.005)  # 22% more job entries, not 32%
    assert EV.value("evidence.ips_beyond_smi.more_effective_published") == 0.32


def test_trial_averages_sit_inside_the_smi_risk_ratio_range():
    bau, ips = 0.25, EV.value("evidence.ips_smi.job_entry_ips")
    low, high = apply_risk_ratio(bau, 1.99), apply_risk_ratio(bau, 2.90)
    assert low < ips < high
    assert odds_ratio_from_rates(ips, bau) == pytest.approx(3.667, abs=0.001)


def test_expected_outcomes_for_100_starters():
    t = expected_outcomes(100, 0.25)
    assert t["scenario"].tolist()[0] == "Business as usual (your rate)"
    assert t.iloc[0]["jobs_central"] == pytest.approx(25)
    lm = t.iloc[1]
    assert [round(lm[c]) for c in ("jobs_low", "jobs_central", "jobs_high")] == [29, 31, 33]
    assert [round(lm[c]) for c in ("extra_low", "extra_central", "extra_high")] == [4, 6, 8]
    pooled = t.iloc[2]
    assert [round(pooled[c]) for c in ("jobs_low", "jobs_central", "jobs_high")] == [32, 37, 43]


def test_expected_outcomes_smi_and_seqf():
    smi = expected_outcomes(200, 0.2, "ips_smi").iloc[1]
    assert (smi["jobs_low"], smi["jobs_central"], smi["jobs_high"]) == pytest.approx(
        (79.6, 96, 116)
    )
    capped = expected_outcomes(10, 0.5, "ips_smi").iloc[1]
    assert capped["rate_high"] == 1.0
    seqf = expected_outcomes(100, 0.1, "seqf").iloc[1]
    assert (seqf["jobs_low"], seqf["jobs_high"]) == pytest.approx((30, 56))


def test_apply_ratios_edges():
    assert apply_odds_ratio(0, 2) == 0 and apply_odds_ratio(1, 2) == 1
    assert apply_odds_ratio(0.4, 1) == pytest.approx(0.4)
    assert apply_risk_ratio(0.6, 2) == 1.0
    e = EffectEstimate("x", "benchmark rate", 0.4, 0.3, 0.5, "s")
    assert e.rate(0.9, "low") == 0.3


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: expected_outcomes(-5, 0.25), ValueError, "starters must be zero or more"),
        (lambda: expected_outcomes(10.5, 0.25), ValueError, "starters must be a whole number"),
        (lambda: expected_outcomes(100, 25), ValueError, "bau_rate must be a share"),
        (lambda: expected_outcomes(100, math.nan), ValueError, "bau_rate must be a finite"),
        (lambda: expected_outcomes(100, None), TypeError, "bau_rate must be a number"),
        (lambda: expected_outcomes(100, 0.2, "IPS"), ValueError, "evidence_base must be one of"),
        (lambda: apply_odds_ratio(0.2, 0), ValueError, "odds_ratio must be greater than zero"),
        (lambda: apply_odds_ratio(0.2, -1), ValueError, "odds_ratio must be greater than zero"),
        (lambda: apply_risk_ratio(1.2, 2), ValueError, "bau_rate must be a share"),
        (lambda: apply_risk_ratio(0.2, math.inf), ValueError, "risk_ratio must be a finite"),
        (lambda: odds_ratio_from_rates(1, 0.25), ValueError, "strictly between 0 and 1"),
        (
            lambda: effect_estimates("seqf")[0].rate(0.2, "middle"),
            ValueError,
            "which must be one of",
        ),
    ],
)
def test_bad_outcome_inputs_name_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- properties ------------------------------------------------------------------------------
shares = st.floats(min_value=0, max_value=1, allow_nan=False)


@given(shares, st.floats(min_value=1.0, max_value=10))
def test_odds_ratio_above_one_raises_the_rate_but_never_above_one(p, ratio):
    q = apply_odds_ratio(p, ratio)
    assert p - 1e-12 <= q <= 1
    # an odds ratio always adds less than the same risk ratio (where that is below 1)
    assert q <= apply_risk_ratio(p, ratio) + 1e-12


@given(st.floats(min_value=0.01, max_value=0.99), st.floats(min_value=0.1, max_value=10))
def test_odds_ratio_round_trip(p, ratio):
    q = apply_odds_ratio(p, ratio)
    if 0 < q < 1:
        assert odds_ratio_from_rates(q, p) == pytest.approx(ratio, rel=1e-6)


@given(st.integers(min_value=0, max_value=100_000), shares, st.sampled_from(list(EVIDENCE_BASES)))
def test_ranges_are_ordered_and_scale_with_starters(starters, bau, base):
    t = expected_outcomes(starters, bau, base)
    assert (t["rate_low"] <= t["rate_central"] + 1e-12).all()
    assert (t["rate_central"] <= t["rate_high"] + 1e-12).all()
    assert ((t["rate_high"] >= 0) & (t["rate_high"] <= 1)).all()
    assert t["jobs_central"].tolist() == pytest.approx((t["rate_central"] * starters).tolist())


@given(
    st.lists(st.sampled_from(list(GROUPS)), min_size=1, max_size=6),
    st.sampled_from(list(INTEGRATION)),
    st.sampled_from(list(SUPPORT_NEEDS)),
)
def test_every_cohort_gets_one_model_per_group(groups, integration, need):
    c = choose_models(groups, integration, need)
    assert len(c.recommendations) == len(set(groups))
    assert set(c.models) <= {"IPS", "SEQF"}
    assert c.mixed == (len({r.model for r in c.recommendations}) == 2)
    assert all(r.reasons for r in c.recommendations)

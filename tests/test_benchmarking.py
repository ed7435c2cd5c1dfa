import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.core.benchmarking import (
    MEASURES,
    ServiceFigures,
    aim_for,
    benchmark_service,
    cost_per_job_from_averages,
    mean_of_ratios,
    ndti_profile,
    ndti_ranges,
    outcome_split,
    people_through_the_door,
    ratio_of_totals,
)
from guidance.core.evidence import load_register
from guidance.core.sizing import round_half_up
from guidance.presentation.formatting import gbp
from guidance.presentation.words import range_in_words

EV = load_register()


# --- worked example: 'if 100 people came through the door' (NDTi 2014) ---------------------
def test_100_people_through_the_door_reproduces_the_published_funnel():
    door = people_through_the_door(100)
    assert door["outcome"].tolist() == ["New job", "Retained job", "Self-employed"]
    assert door["rounded"].tolist() == [23, 14, 1]
    assert door["rounded"].tolist() == [
        EV.value("ndti.funnel.new_jobs_published"),
        EV.value("ndti.funnel.retained_jobs_published"),
        EV.value("ndti.funnel.self_employed_published"),
    ]
    assert door["expected"].tolist() == pytest.approx([23.18, 13.68, 1.14])


def test_door_for_ld_and_mh_services():
    assert people_through_the_door(100, "ld")["rounded"].tolist() == [23, 19, 0]
    assert people_through_the_door(100, "mh")["rounded"].tolist() == [23, 9, 2]


# --- worked example: GBP 8,217 is an average of site ratios, GBP 1,730 / 38% = GBP 4,553 -----
def test_cost_per_job_two_ways():
    from_averages = cost_per_job_from_averages(
        EV.value("ndti.all.cost_per_person"), EV.value("ndti.all.job_outcome_rate")
    )
    assert from_averages == pytest.approx(4552.63, abs=0.01)
    assert gbp(from_averages) == "£4,553"
    assert EV.value("ndti.all.cost_per_job_outcome") == 8217
    assert EV.value("ndti.all.cost_per_job_outcome") / from_averages == pytest.approx(1.8, abs=0.05)


def test_average_cost_per_person_is_not_average_cost_over_average_people():
    p = ndti_profile("all")
    assert round_half_up(p.cost / p.people_supported) == 1329
    assert p.cost_per_person == 1730


def test_mean_of_ratios_differs_from_ratio_of_totals():
    costs, jobs = [150_000, 300_000, 100_000], [40, 100, 4]
    assert mean_of_ratios(costs, jobs) == pytest.approx((3750 + 3000 + 25000) / 3)
    assert ratio_of_totals(costs, jobs) == pytest.approx(550_000 / 144)
    assert mean_of_ratios(costs, jobs) > ratio_of_totals(costs, jobs)


def test_aim_for_band_is_the_good_practice_range_rounded():
    band, gp = aim_for(), ndti_ranges()
    assert (band["cost_per_job"].low, band["cost_per_job"].high) == (1600, 4000)
    assert (band["job_outcome_rate"].low, band["job_outcome_rate"].high) == (0.30, 0.56)
    cpj = gp["cost_per_job"]["good_practice"]
    assert round_half_up(cpj.lower / 100) * 100 == 1600
    assert round_half_up(cpj.upper / 100) * 100 == 4000
    cpj_band = band["cost_per_job"]
    assert range_in_words(cpj_band.low, cpj_band.high, cpj_band.unit) == "£1,600 to £4,000"


# --- the register rows ------------------------------------------------------------------------
def test_ranges_come_from_the_register():
    r = ndti_ranges()
    assert r["cost_per_job"]["all_sites"].maximum == 57640
    assert r["cost_per_person"]["good_practice"].average == 1170
    assert r["job_outcome_rate"]["all_sites"].upper == 0.63
    for groups in r.values():
        for rng in groups.values():
            assert rng.lower <= rng.average <= rng.upper
            assert rng.minimum <= rng.average <= rng.maximum
    # as published, the all-sites typical range of cost per job outcome starts below the
    # cheapest site: the 'lower range' is not the lowest site
    assert r["cost_per_job"]["all_sites"].lower < r["cost_per_job"]["all_sites"].minimum
    assert all("ndti2014" in g.source for groups in r.values() for g in groups.values())


def test_profiles():
    ld, mh = ndti_profile("ld"), ndti_profile("mh")
    assert (ld.cost, ld.people_supported, ld.cost_per_person) == (217047, 137, 1948)
    assert (mh.job_outcome_rate, mh.cost_per_job) == (0.34, 8024)
    assert sum(ndti_profile("all").shares.values()) == pytest.approx(1.0)
    assert ld.label == "Learning disability services"
    with pytest.raises(ValueError, match="service_type must be one of"):
        ndti_profile("LD")


# --- a service's own measures ------------------------------------------------------------------
def test_service_measures():
    f = ServiceFigures(200_000, 100, 30, 15, 5)
    assert f.job_outcomes == 50
    assert f.measures() == {"cost_per_person": 2000, "job_outcome_rate": 0.5, "cost_per_job": 4000}
    assert f.shares() == {"new_job": 0.6, "retained_job": 0.3, "self_employed": 0.1}


def test_ndti_average_service():
    f = ServiceFigures.ndti_average()
    assert (f.annual_cost, f.people_supported) == (263132, 198)
    assert (f.new_jobs, f.retained_jobs, f.self_employed) == (46, 27, 2)
    assert f.cost_per_job == pytest.approx(263132 / 75)


def test_benchmark_statuses():
    t = benchmark_service(ServiceFigures(400_000, 100, 10, 5, 0)).set_index("measure")
    assert t.loc["cost_per_person", "all_sites_status"] == "above"  # 4,000 > 3,263
    assert t.loc["cost_per_person", "aim_for_status"] == "no band"
    assert t.loc["job_outcome_rate", "good_practice_status"] == "below"  # 15% < 30%
    assert t.loc["cost_per_job", "aim_for_status"] == "above"
    assert bool(t.loc["cost_per_job", "lower_is_better"]) is True
    assert list(t.index) == list(MEASURES)


def test_benchmark_with_no_job_outcomes_is_not_computed_not_an_error():
    f = ServiceFigures(50_000, 20, 0, 0, 0)
    assert math.isnan(f.cost_per_job)
    t = benchmark_service(f).set_index("measure")
    assert t.loc["cost_per_job", "aim_for_status"] == "not computed"
    split = outcome_split(f)
    assert split["share"].isna().all()


def test_outcome_split_against_ndti():
    split = outcome_split(ServiceFigures(1000, 10, 6, 4, 0), "all")
    assert split["ndti_share"].tolist() == [0.61, 0.36, 0.03]
    assert split["difference_points"].tolist() == pytest.approx([-1, 4, -3])


# --- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, error, message",
    [
        ((-1, 10, 1, 1, 1), ValueError, "annual_cost must be zero or more"),
        ((math.nan, 10, 1, 1, 1), ValueError, "annual_cost must be a finite number"),
        ((math.inf, 10, 1, 1, 1), ValueError, "annual_cost must be a finite number"),
        (("1000", 10, 1, 1, 1), TypeError, "annual_cost must be a number"),
        ((None, 10, 1, 1, 1), TypeError, "annual_cost must be a number"),
        ((1000, 0, 0, 0, 0), ValueError, "people_supported must be a whole number of at least 1"),
        ((1000, 10.5, 1, 1, 1), ValueError, "people_supported must be a whole number"),
        ((1000, 10, -1, 1, 1), ValueError, "new_jobs must be zero or more"),
        ((1000, 10, 1, 2.5, 1), ValueError, "retained_jobs must be a whole number"),
        ((1000, 10, 1, 1, None), TypeError, "self_employed must be a number"),
        ((1000, 10, 6, 4, 1), ValueError, r"cannot exceed people_supported \(10\)"),
    ],
)
def test_bad_service_figures_name_the_parameter(args, error, message):
    with pytest.raises(error, match=message):
        ServiceFigures(*args)


def test_other_bad_inputs():
    with pytest.raises(TypeError, match="figures must be a ServiceFigures"):
        benchmark_service({"annual_cost": 1})
    with pytest.raises(TypeError, match="figures must be a ServiceFigures"):
        outcome_split(None)
    with pytest.raises(ValueError, match="job_outcome_rate must be greater than zero"):
        cost_per_job_from_averages(1730, 0)
    with pytest.raises(ValueError, match="job_outcome_rate must be a share"):
        cost_per_job_from_averages(1730, 38)
    with pytest.raises(ValueError, match="cost_per_person must be zero or more"):
        cost_per_job_from_averages(-1, 0.3)
    with pytest.raises(ValueError, match="same length"):
        mean_of_ratios([1, 2], [1])
    with pytest.raises(ValueError, match="must not be empty"):
        ratio_of_totals([], [])
    with pytest.raises(ValueError, match=r"denominators\[1\] must be greater than zero"):
        mean_of_ratios([1, 2], [1, 0])
    with pytest.raises(TypeError, match="sequences of numbers"):
        ratio_of_totals("12", "12")
    with pytest.raises(ValueError, match="people must be zero or more"):
        people_through_the_door(-100)
    with pytest.raises(TypeError, match="job_outcome_rate must be a number"):
        ndti_ranges()["job_outcome_rate"]["all_sites"].place("high")


# --- properties --------------------------------------------------------------------------------
figures_strategy = st.integers(min_value=1, max_value=5000).flatmap(
    lambda people: st.tuples(
        st.floats(min_value=0, max_value=5e6, allow_nan=False),
        st.just(people),
        st.integers(min_value=0, max_value=people),
    ).flatmap(
        lambda t: st.tuples(
            st.just(t[0]),
            st.just(t[1]),
            st.just(t[2]),
            st.integers(min_value=0, max_value=t[1] - t[2]),
        ).flatmap(
            lambda u: st.tuples(
                *[st.just(x) for x in u],
                st.integers(min_value=0, max_value=u[1] - u[2] - u[3]),
            )
        )
    )
)


@given(figures_strategy)
def test_measures_are_consistent(args):
    f = ServiceFigures(*args)
    assert 0 <= f.job_outcome_rate <= 1
    if f.job_outcomes:
        assert f.cost_per_job == pytest.approx(f.cost_per_person / f.job_outcome_rate)
        assert f.cost_per_job >= f.cost_per_person - 1e-9
        assert sum(f.shares().values()) == pytest.approx(1.0)
    else:
        assert math.isnan(f.cost_per_job)
    statuses = set(benchmark_service(f)["aim_for_status"])
    assert statuses <= {"within", "below", "above", "not computed", "no band"}


@given(
    st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=8),
    st.floats(min_value=0.1, max_value=1000),
)
def test_equal_denominators_make_the_two_averages_agree(numerators, denominator):
    denominators = [denominator] * len(numerators)
    assert mean_of_ratios(numerators, denominators) == pytest.approx(
        ratio_of_totals(numerators, denominators)
    )


@given(st.integers(min_value=0, max_value=100_000))
def test_door_rounding_stays_close_to_the_exact_counts(people):
    door = people_through_the_door(people)
    assert ((door["rounded"] - door["expected"]).abs() <= 0.5).all()
    assert door["expected"].sum() == pytest.approx(people * 0.38)

import math
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.calculators.fidelity_review import fidelity_output
from guidance.core.evidence import load_register
from guidance.core.fidelity import (
    example_review,
    example_seqf_scores,
    fidelity_band,
    fidelity_bands,
    fidelity_items,
    next_reviews,
    score_review,
    seqf_profile,
)
from guidance.presentation.render import text

EV = load_register()
KEYS = fidelity_items()["key"].tolist()


# --- bands at every boundary -----------------------------------------------------------------
@pytest.mark.parametrize(
    "total, band",
    [
        (25, "Not IPS supported employment"),
        (73, "Not IPS supported employment"),
        (74, "Fair fidelity"),
        (99, "Fair fidelity"),
        (100, "Good fidelity"),
        (114, "Good fidelity"),
        (115, "Exemplary fidelity"),
        (125, "Exemplary fidelity"),
    ],
)
def test_band_boundaries(total, band):
    assert fidelity_band(total) == band


def test_published_cut_points_from_the_register():
    assert EV.value("fidelity.ips.band.good.min") == 100  # IPS Grow
    assert EV.value("fidelity.ips.band.fair.min") == 74  # UK score sheet
    assert EV.value("fidelity.ips.band.fair.max") == 99
    assert EV.value("fidelity.ips.max_total") == 125 == 25 * 5
    for key in ("fidelity.ips.band.exemplary.min", "fidelity.ips.band.not_ips.max"):
        assert "NOT DIRECTLY CONFIRMED" in EV[key].note


def test_bands_cover_every_total_once_and_flag_unconfirmed_cut_points():
    bands = fidelity_bands()
    covered = [t for b in bands for t in range(b.low, b.high + 1)]
    assert sorted(covered) == list(range(25, 126))
    confirmed = {b.name: b.confirmed for b in bands}
    assert confirmed == {
        "Exemplary fidelity": False,
        "Good fidelity": False,
        "Fair fidelity": True,
        "Not IPS supported employment": False,
    }
    # the fidelity review calculator states each band, and its caveat, in words
    shown = [text(t) for t in fidelity_output(**dict.fromkeys(KEYS, 5)).notes[0].items]
    assert shown == [
        "Exemplary fidelity: 115 to 125 (cut-point not directly confirmed) (this review)",
        "Good fidelity: 100 to 114 (upper cut-point not directly confirmed)",
        "Fair fidelity: 74 to 99",
        "Not IPS supported employment: 25 to 73 (cut-point not directly confirmed)",
    ]


@pytest.mark.parametrize(
    "bad, error",
    [
        (24, ValueError),
        (126, ValueError),
        (99.5, ValueError),
        (-1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (None, TypeError),
        (True, TypeError),
        ("100", TypeError),
    ],
)
def test_band_rejects_impossible_totals(bad, error):
    with pytest.raises(error, match="total"):
        fidelity_band(bad)


# --- scoring a review --------------------------------------------------------------------------
def test_items_table_has_25_items_in_three_sections_and_no_figures():
    items = fidelity_items()
    assert len(items) == EV.value("fidelity.ips.items") == 25
    assert items.groupby("section", sort=False).size().to_dict() == {
        "Staffing": 3,
        "Organisation": 8,
        "Services": 14,
    }
    assert items["number"].tolist() == list(range(1, 26))
    assert items["key"].is_unique
    assert not items["what_to_do"].str.contains(r"\d").any()  # figures live in the register
    seqf = fidelity_items("SEQF")
    assert len(seqf) == EV.value("fidelity.seqf.stages")
    assert not seqf["what_to_do"].str.contains(r"\d").any()
    with pytest.raises(ValueError, match="scale must be one of"):
        fidelity_items("XYZ")


def test_example_review_worked_result():
    review = score_review(example_review())
    assert review.total == 95 and review.band == "Fair fidelity"
    assert review.next_band == "Good fidelity" and review.points_to_next_band == 5
    assert review.weakest["key"].tolist() == [
        "benefits_advice",
        "employer_contact_frequency",
        "integration_team_contact",
        "executive_support",
        "disclosure",
    ]
    assert review.sections["score"].tolist() == [14, 31, 50]
    assert review.sections["max"].tolist() == [15, 40, 70]
    assert review.sections["score"].sum() == review.total


def test_sequence_and_mapping_give_the_same_review():
    scores = example_review()
    as_list = [scores[k] for k in KEYS]
    assert score_review(as_list).total == score_review(scores).total


def test_all_fives_is_exemplary_with_no_weak_items():
    review = score_review([5] * 25)
    assert review.total == 125 and review.band == "Exemplary fidelity"
    assert review.weakest.empty and review.next_band is None
    assert review.points_to_next_band is None


def test_all_ones_is_not_ips():
    review = score_review([1] * 25, n_weakest=3)
    assert review.band == "Not IPS supported employment"
    assert review.points_to_next_band == 74 - 25
    assert review.weakest["number"].tolist() == [1, 2, 3]  # ties in scale order


@pytest.mark.parametrize(
    "value, error",
    [
        (6, ValueError),
        (0, ValueError),
        (2.5, ValueError),
        (float("nan"), ValueError),
        ("4", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
)
def test_bad_item_score_names_the_item(value, error):
    scores = example_review()
    scores["disclosure"] = value
    with pytest.raises(error, match="disclosure must be a whole score from 1 to 5"):
        score_review(scores)


def test_missing_unknown_and_wrong_length():
    scores = example_review()
    del scores["caseload_size"]
    with pytest.raises(ValueError, match="missing item\\(s\\): caseload_size"):
        score_review(scores)
    with pytest.raises(ValueError, match="unknown item\\(s\\) bogus"):
        score_review({**example_review(), "bogus": 3})
    with pytest.raises(ValueError, match="must hold 25 item scores; got 24"):
        score_review([3] * 24)
    with pytest.raises(TypeError, match="scores must be"):
        score_review("3" * 25)
    with pytest.raises(ValueError, match="n_weakest must be zero or more"):
        score_review([3] * 25, n_weakest=-1)


@given(st.lists(st.integers(1, 5), min_size=25, max_size=25))
def test_property_total_band_and_weakest(scores):
    review = score_review(scores)
    assert review.total == sum(scores)
    assert review.band == fidelity_band(sum(scores))
    weakest = set(review.weakest["key"])
    if weakest:
        worst_kept = review.weakest["score"].max()
        others = review.items[~review.items["key"].isin(weakest) & (review.items["score"] < 5)]
        assert (others["score"] >= worst_kept).all()
    assert (review.weakest["score"] < 5).all()


# --- SEQF profile -------------------------------------------------------------------------------
def test_seqf_profile_orders_weakest_first_without_thresholds():
    profile = seqf_profile(example_seqf_scores(), 5)
    assert profile["element"].tolist() == [
        "Employer engagement",
        "Client engagement",
        "Job finding",
        "Vocational profiling",
        "On and off the job support",
    ]
    assert profile["rank"].tolist() == [1, 2, 3, 4, 5]
    assert profile["share_of_max"].iloc[0] == pytest.approx(0.4)
    assert not any(re.search(r"\bgood|excellent\b", c, re.I) for c in profile.columns)


def test_seqf_profile_accepts_own_element_names():
    profile = seqf_profile({"Leadership": 7, "job_finding": 3}, 10)
    assert profile["element"].tolist() == ["Job finding", "Leadership"]
    assert profile.loc[1, "what_to_look_at"] == ""


@pytest.mark.parametrize(
    "scores, max_score, error, words",
    [
        ({"job_finding": 6}, 5, ValueError, "job_finding must be at most max_score"),
        ({"job_finding": -1}, 5, ValueError, "job_finding must be zero or more"),
        ({"job_finding": None}, 5, TypeError, "job_finding must be a number"),
        ({"job_finding": 1}, 0, ValueError, "max_score must be greater than zero"),
        ({"job_finding": 1}, float("nan"), ValueError, "max_score must be a finite number"),
        ({}, 5, TypeError, "non-empty mapping"),
        ({" ": 1}, 5, ValueError, "must be named"),
    ],
)
def test_seqf_profile_errors_name_the_element(scores, max_score, error, words):
    with pytest.raises(error, match=words):
        seqf_profile(scores, max_score)


# --- review schedule ------------------------------------------------------------------------------
def test_first_review_due_within_the_first_year():
    table = next_reviews(date(2024, 1, 31))
    assert table["due_by"].tolist() == [date(2025, 1, 31)] * 2
    months = EV.value("kpi.ips.fidelity_first_review.months")
    assert f"within {months:.0f} months" in table["rule"].iloc[0]


def test_good_or_better_every_three_years_otherwise_no_interval():
    good = next_reviews(
        date(2024, 1, 1), last_external=date(2024, 12, 31), last_band="Exemplary fidelity"
    )
    assert good["due_by"].tolist() == [date(2027, 12, 31), date(2025, 12, 31)]
    fair = next_reviews(
        date(2024, 1, 1), last_external=date(2024, 12, 31), last_band="Fair fidelity"
    )
    assert fair["due_by"].iloc[0] is None and "no interval" in fair["rule"].iloc[0]
    seqf = next_reviews(date(2024, 1, 1), "SEQF", date(2025, 2, 28), "Excellent")
    assert seqf["due_by"].tolist() == [date(2028, 2, 28), date(2026, 2, 28)]


def test_schedule_errors():
    with pytest.raises(ValueError, match="last_band needs last_external"):
        next_reviews(date(2024, 1, 1), last_band="Good fidelity")
    with pytest.raises(ValueError, match="last_external must be on or after service_start"):
        next_reviews(date(2024, 1, 1), last_external=date(2023, 1, 1), last_band="Good fidelity")
    with pytest.raises(ValueError, match="last_band must be one of"):
        next_reviews(date(2024, 1, 1), last_external=date(2024, 6, 1), last_band="Good")
    with pytest.raises(TypeError, match="service_start must be a date"):
        next_reviews("2024-01-01")
    with pytest.raises(ValueError, match="last_band must be the level BASE awarded"):
        next_reviews(date(2024, 1, 1), "SEQF", date(2024, 6, 1), "")
    with pytest.raises(ValueError, match="model must be one of"):
        next_reviews(date(2024, 1, 1), "XYZ")
    assert math.isfinite(EV.value("kpi.seqf.fidelity_review_interval.years"))

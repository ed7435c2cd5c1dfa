import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.core.conditions import (
    CONDITIONS,
    MAX_RATING,
    SCALE,
    Action,
    action_plan,
    assess_readiness,
    band,
    condition,
    conditions_table,
    prioritise,
    readiness_score,
    validate_ratings,
)
from guidance.core.evidence import bibliography_keys

KEYS = [c.key for c in CONDITIONS]
EXAMPLE = {"priority": 3, "define_work": 1, "plan": 2, "partnership": 2, "check": 0}
ratings_strategy = st.fixed_dictionaries(
    {k: st.integers(min_value=0, max_value=MAX_RATING) for k in KEYS}
)


# --- the conditions as data ------------------------------------------------------------------
def test_five_conditions_in_ndti_order():
    assert [c.name for c in CONDITIONS] == [
        "Make employment a priority",
        "Be clear what is meant by work",
        "Have a plan everyone agrees to",
        "Strong partnership working",
        "Check it is being done",
    ]
    assert [c.number for c in CONDITIONS] == [1, 2, 3, 4, 5]
    assert CONDITIONS[4].theory_of_change == "Performance management"


def test_every_condition_has_a_prompt_and_start_and_strengthen_actions():
    sources = bibliography_keys()
    for c in CONDITIONS:
        assert c.prompt.startswith("Evidence:") and c.prompt.endswith("?")
        stages = {a.stage for a in c.actions}
        assert stages == {"start", "strengthen"}
        assert all(a.source in sources for a in c.actions)
        assert c.meaning and c.commissioner


def test_action_stage_is_validated():
    with pytest.raises(ValueError, match="stage must be one of"):
        Action("x", "finish", "ndti2014")


def test_condition_lookup():
    assert condition("plan").number == 3
    with pytest.raises(ValueError, match="condition must be one of"):
        condition("nonsense")


def test_conditions_table():
    table = conditions_table()
    assert len(table) == 5
    assert list(table.columns) == [
        "Condition",
        "Theory of change",
        "What it means",
        "What a commissioner does",
    ]


# --- scoring and prioritising ----------------------------------------------------------------
def test_example_score_priorities_and_actions():
    result = assess_readiness(EXAMPLE)
    assert result.total == 8
    assert result.score == pytest.approx(0.4)
    assert [c.key for c in result.priorities] == [
        "check",
        "define_work",
        "plan",
        "partnership",
        "priority",
    ]
    plan = result.actions
    # condition 5 rated 0 gets its start actions then its strengthen actions
    first = plan[plan["priority"] == 1]
    assert first["condition"].unique().tolist() == ["Check it is being done"]
    assert first["stage"].tolist() == ["start", "start", "strengthen", "strengthen"]
    # condition 1 rated 3 gets only strengthen actions
    last = plan[plan["condition"] == "Make employment a priority"]
    assert set(last["stage"]) == {"strengthen"}


def test_ties_go_to_the_earlier_condition():
    ratings = {"priority": 2, "define_work": 2, "plan": 4, "partnership": 1, "check": 2}
    assert [c.number for c in prioritise(ratings)] == [4, 1, 2, 5]


def test_all_in_place_means_no_actions():
    full = {k: MAX_RATING for k in KEYS}
    assert readiness_score(full) == 1.0
    assert prioritise(full) == []
    assert action_plan(full).empty
    assert list(action_plan(full).columns) == [
        "priority",
        "condition",
        "rating",
        "band",
        "stage",
        "action",
        "source",
    ]


def test_bands():
    assert [band(n) for n in range(5)] == [SCALE[n] for n in range(5)]
    with pytest.raises(ValueError, match="rating must be a whole number from 0 to 4"):
        band(5)


def test_evidence_is_kept_and_unsupported_high_ratings_flagged():
    ratings = {"priority": 4, "define_work": 3, "plan": 3, "partnership": 0, "check": 1}
    result = assess_readiness(ratings, {"priority": "  Cabinet decision, March  ", "plan": None})
    assert result.evidence["priority"] == "Cabinet decision, March"
    assert result.evidence["plan"] == ""
    assert [c.key for c in result.unsupported()] == ["define_work", "plan"]
    table = result.table()
    assert table.loc[0, "evidence noted"] == "Cabinet decision, March"
    assert table.loc[1, "evidence noted"] == "none noted"


def test_ratings_given_as_whole_floats_are_accepted():
    assert validate_ratings({**EXAMPLE, "check": 2.0})["check"] == 2


# --- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"check": 5}, ValueError, "rating for check must be a whole number from 0 to 4"),
        ({"plan": -1}, ValueError, "rating for plan must be zero or more"),
        ({"plan": 1.5}, ValueError, "rating for plan must be a whole number"),
        ({"priority": math.nan}, ValueError, "rating for priority must be a finite number"),
        ({"priority": math.inf}, ValueError, "rating for priority must be a finite number"),
        ({"priority": "3"}, TypeError, "rating for priority must be a number"),
        ({"priority": None}, TypeError, "rating for priority must be a number"),
        ({"priority": True}, TypeError, "rating for priority must be a number"),
        ({"colour": 2}, ValueError, "ratings has unknown condition"),
    ],
)
def test_bad_ratings_name_the_condition(change, error, message):
    with pytest.raises(error, match=message):
        assess_readiness({**EXAMPLE, **change})


def test_missing_rating_is_named():
    ratings = dict(EXAMPLE)
    del ratings["partnership"]
    with pytest.raises(ValueError, match="ratings is missing a rating for 'partnership'"):
        readiness_score(ratings)


def test_ratings_must_be_a_mapping():
    with pytest.raises(TypeError, match="ratings must be a mapping"):
        assess_readiness([3, 1, 2, 2, 0])


def test_bad_evidence():
    with pytest.raises(TypeError, match="evidence for plan must be text"):
        assess_readiness(EXAMPLE, {"plan": 3})
    with pytest.raises(ValueError, match="evidence has unknown condition"):
        assess_readiness(EXAMPLE, {"other": "x"})
    with pytest.raises(TypeError, match="evidence must be a mapping"):
        assess_readiness(EXAMPLE, "a strategy")


# --- properties ------------------------------------------------------------------------------
@given(ratings_strategy)
def test_score_is_a_share_and_matches_the_total(ratings):
    result = assess_readiness(ratings)
    assert 0 <= result.score <= 1
    assert result.score == pytest.approx(sum(ratings.values()) / 20)


@given(ratings_strategy)
def test_priorities_are_sorted_weakest_first_and_exclude_full_marks(ratings):
    order = prioritise(ratings)
    values = [ratings[c.key] for c in order]
    assert values == sorted(values)
    assert all(v < MAX_RATING for v in values)
    assert len(order) == sum(1 for v in ratings.values() if v < MAX_RATING)


@given(ratings_strategy, st.sampled_from(KEYS))
def test_raising_a_rating_never_lowers_the_score(ratings, key):
    if ratings[key] == MAX_RATING:
        return
    higher = {**ratings, key: ratings[key] + 1}
    assert readiness_score(higher) > readiness_score(ratings)


@given(ratings_strategy)
def test_start_actions_only_for_conditions_rated_0_or_1(ratings):
    plan = action_plan(ratings)
    starts = plan[plan["stage"] == "start"]
    assert (starts["rating"] <= 1).all()
    assert set(plan["priority"]) == set(range(1, len(prioritise(ratings)) + 1))

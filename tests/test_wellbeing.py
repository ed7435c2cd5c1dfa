import hashlib
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.core.evidence import load_register
from guidance.core.monitoring import ReturnError
from guidance.core.wellbeing import (
    CAVEATS,
    example_scores_path,
    load_scores,
    metric_table,
    raw_from_items,
    to_metric,
    wellbeing_change,
    wellby_value,
)

EV = load_register()
DATA = Path(__file__).resolve().parent / "data"

# score file -> (row, column, words the message must contain); the files are never changed
MALFORMED_SCORES = {
    "empty_start_score.csv": (
        3,
        "start_raw",
        "the cell is empty; enter a value (SWEMWBS raw scores are whole numbers from 7 to 35)",
    ),
    "zero_width_client.csv": (2, "client_id", "the cell is empty; enter a client code"),
    "score_pasted_id.csv": (3, "start_raw", "1.23E+19 is outside the allowed range"),
    "score_outside_range.csv": (3, "end_raw", "36 is outside the allowed range"),
    "score_fraction.csv": (3, "start_raw", "21.5 is not a whole number"),
    "neither_utf8_nor_cp1252.csv": (None, None, "neither UTF-8 nor Windows-1252 text"),
}

# score file -> (people with a start score, with both scores, words a note must contain)
ACCEPTED_SCORES = {
    "windows_1252_pound_note.csv": (3, 2, "read as Windows-1252 text"),
    "semicolon_utf8_bom.csv": (3, 2, "read as semicolon-separated"),
}

# The published SWEMWBS raw -> metric conversion table (Warwick Medical School), typed from
# the source so that a changed register value fails here.
PUBLISHED = {
    7: 7.00,
    8: 9.51,
    9: 11.25,
    10: 12.40,
    11: 13.33,
    12: 14.08,
    13: 14.75,
    14: 15.32,
    15: 15.84,
    16: 16.36,
    17: 16.88,
    18: 17.43,
    19: 17.98,
    20: 18.59,
    21: 19.25,
    22: 19.98,
    23: 20.73,
    24: 21.54,
    25: 22.35,
    26: 23.21,
    27: 24.11,
    28: 25.03,
    29: 26.02,
    30: 27.03,
    31: 28.13,
    32: 29.31,
    33: 30.70,
    34: 32.55,
    35: 35.00,
}


# --- the conversion table ------------------------------------------------------------------------
def test_conversion_matches_the_published_table_for_every_raw_score():
    assert len(PUBLISHED) == 29
    for raw, metric in PUBLISHED.items():
        assert to_metric(raw) == metric
    assert metric_table().to_dict() == PUBLISHED


def test_register_rows_carry_their_source():
    for raw in PUBLISHED:
        row = EV[f"swemwbs.metric.r{raw:02d}"]
        assert row.source == "warwickswemwbs" and row.unit == "score" and not row.derived


@pytest.mark.parametrize(
    "bad, error",
    [
        (6, ValueError),
        (36, ValueError),
        (20.5, ValueError),
        (float("nan"), ValueError),
        ("20", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
)
def test_to_metric_rejects_impossible_raw_scores(bad, error):
    with pytest.raises(error, match="raw must be a whole SWEMWBS raw score from 7 to 35"):
        to_metric(bad)


def test_raw_from_items():
    assert raw_from_items([1] * 7) == 7 and raw_from_items([5] * 7) == 35
    assert raw_from_items([3, 3, 4, 3, 2, 3, 3]) == 21
    with pytest.raises(ValueError, match="items must hold 7 item scores; got 6"):
        raw_from_items([3] * 6)
    with pytest.raises(ValueError, match="item 3 must be a whole score from 1 to 5; got 6"):
        raw_from_items([3, 3, 6, 3, 3, 3, 3])
    with pytest.raises(TypeError, match="item 1 must be a whole score"):
        raw_from_items([None] + [3] * 6)
    with pytest.raises(TypeError, match="items must be a list"):
        raw_from_items("3333333")


@given(st.integers(7, 34))
def test_property_conversion_increases(raw):
    assert to_metric(raw + 1) > to_metric(raw)


# --- change from start to end --------------------------------------------------------------------
def test_change_per_person_and_on_average():
    c = wellbeing_change([14, 20, 25, 10], [17, 20, None, 12], clients=["a", "b", "c", "d"])
    changes = c.people.set_index("client")["change"]
    assert changes["a"] == pytest.approx(16.88 - 15.32)
    assert changes["b"] == 0
    assert math.isnan(changes["c"])
    assert changes["d"] == pytest.approx(14.08 - 12.40)
    assert c.n_start == 4 and c.n_paired == 3
    assert c.attrition == pytest.approx(0.25)
    expected = [16.88 - 15.32, 0, 14.08 - 12.40]
    assert c.mean_change == pytest.approx(sum(expected) / 3)
    assert c.mean_start_unpaired == pytest.approx(22.35)
    assert c.mean_start_paired == pytest.approx((15.32 + 18.59 + 12.40) / 3)
    assert c.mean_start_all == pytest.approx((15.32 + 18.59 + 22.35 + 12.40) / 4)
    assert c.share_improved == pytest.approx(2 / 3) and c.share_worse == 0
    assert c.ci_low < c.mean_change < c.ci_high


def test_no_end_scores_yet():
    c = wellbeing_change([20, 21])
    assert c.n_paired == 0 and c.attrition == 1
    assert math.isnan(c.mean_change) and math.isnan(c.ci_low)
    assert (
        c.summary_table().set_index("measure").loc["Average change (metric points)", "value"]
        == "not computed"
    )


def test_one_pair_has_no_range():
    c = wellbeing_change([20], [22])
    assert c.mean_change == pytest.approx(19.98 - 18.59)
    assert math.isnan(c.sd_change) and math.isnan(c.ci_high)


def test_nan_end_means_no_end_score():
    assert wellbeing_change([20, 21], [float("nan"), 22]).n_paired == 1


@pytest.mark.parametrize(
    "start, end, error, words",
    [
        ([20, 40], None, ValueError, r"start\[1\] must be a whole SWEMWBS raw score"),
        ([20, 21], [22, 5], ValueError, r"end\[1\] must be a whole SWEMWBS raw score"),
        ([20, 21], [22], ValueError, "end must have one score per person in start"),
        ([], None, TypeError, "start must be a non-empty list"),
        ("2021", None, TypeError, "start must be a non-empty list"),
        ([20], "22", TypeError, "end must be a list"),
        ([20, True], None, TypeError, r"start\[1\]"),
    ],
)
def test_change_errors_name_the_person(start, end, error, words):
    with pytest.raises(error, match=words):
        wellbeing_change(start, end)


def test_client_labels_must_match():
    with pytest.raises(ValueError, match="clients must have one label per person"):
        wellbeing_change([20, 21], [22, 23], clients=["a"])


@given(
    st.lists(
        st.tuples(st.integers(7, 35), st.one_of(st.none(), st.integers(7, 35))),
        min_size=1,
        max_size=40,
    )
)
def test_property_mean_change_is_mean_of_metric_differences(pairs):
    c = wellbeing_change([s for s, _ in pairs], [e for _, e in pairs])
    diffs = [PUBLISHED[e] - PUBLISHED[s] for s, e in pairs if e is not None]
    assert c.n_paired == len(diffs)
    if diffs:
        assert c.mean_change == pytest.approx(sum(diffs) / len(diffs))
    assert c.attrition == pytest.approx(1 - len(diffs) / len(pairs))


# --- files of scores -----------------------------------------------------------------------------
def test_synthetic_example_scores():
    path = Path(str(example_scores_path()))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    c = load_scores(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert "SYNTHETIC" in path.name
    assert c.n_start == 80 and c.n_paired == 50
    assert c.mean_start_unpaired < c.mean_start_paired  # attrition flatters the change
    assert c.mean_change > 0


@pytest.mark.parametrize(
    "text, row, column, words",
    [
        ("client_id,start_raw,end_raw\nC1,20,22\nC2,40,\n", 3, "start_raw", "40 is outside"),
        ("client_id,start_raw,end_raw\nC1,20,22\nC2,20,2.5\n", 3, "end_raw", "not a whole number"),
        ("client_id,start_raw,end_raw\nC1,20,22\nC1,21,\n", 3, "client_id", "already on row 2"),
        ("client_id,start_raw,end_raw\n,20,22\n", 2, "client_id", "the cell is empty"),
        ("client_id,start_raw,end_raw\nC1,,22\n", 2, "start_raw", "the cell is empty"),
        ("client_id,start_raw\nC1,20\n", 1, "end_raw", "required column is missing"),
    ],
)
def test_malformed_score_files_name_row_and_column(text, row, column, words):
    with pytest.raises(ReturnError) as info:
        load_scores(text.encode(), name="scores.csv")
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (row, column) and words in problem.message
    assert str(info.value).startswith("scores.csv could not be used")


def test_score_catalogues_list_every_file():
    assert {p.name for p in (DATA / "malformed_scores").iterdir()} == set(MALFORMED_SCORES)
    assert {p.name for p in (DATA / "accepted_scores").iterdir()} == set(ACCEPTED_SCORES)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(MALFORMED_SCORES))
def test_malformed_score_file_is_refused_naming_row_and_column(name):
    row, column, words = MALFORMED_SCORES[name]
    path = DATA / "malformed_scores" / name
    before = _sha(path)
    with pytest.raises(ReturnError) as info:
        load_scores(path)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (row, column)
    assert words in problem.message and "enter 0" not in problem.message
    assert str(info.value).startswith(f"'{name}' could not be used")
    assert _sha(path) == before


@pytest.mark.parametrize("name", sorted(ACCEPTED_SCORES))
def test_awkward_score_file_loads_with_a_note(name):
    n_start, n_paired, words = ACCEPTED_SCORES[name]
    path = DATA / "accepted_scores" / name
    before = _sha(path)
    change = load_scores(path)
    assert (change.n_start, change.n_paired) == (n_start, n_paired)
    assert any(words in note for note in change.notes), change.notes
    assert _sha(path) == before


# --- the optional money value (derived) ---------------------------------------------------------
def test_wellby_value_is_the_registered_derived_figure():
    assert EV["wellby.value_per_swemwbs_point"].derived
    per_point = EV.value("wellby.ls_per_swemwbs_point") * EV.value("wellby.value_2019")
    assert per_point == pytest.approx(EV.value("wellby.value_per_swemwbs_point")) == 3380
    v = wellby_value(1.0, 1)
    assert v["value"] == pytest.approx(3380)
    assert v["low"] == pytest.approx(0.26 * 10000) and v["high"] == pytest.approx(0.26 * 16000)
    assert wellby_value(2.0, 10, years=0.5)["value"] == pytest.approx(3380 * 10)
    assert v["caveat"].startswith("Derived")


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"mean_change": 1, "people": -1}, ValueError, "people must be zero or more"),
        ({"mean_change": 1, "people": 1, "years": -1}, ValueError, "years must be zero or more"),
        ({"mean_change": None, "people": 1}, TypeError, "mean_change must be a number"),
        ({"mean_change": float("inf"), "people": 1}, ValueError, "mean_change must be a finite"),
    ],
)
def test_wellby_value_errors(kwargs, error, words):
    with pytest.raises(error, match=words):
        wellby_value(**kwargs)


def test_caveats_cover_the_three_named_problems():
    text = " ".join(CAVEATS).lower()
    for words in ("comparison group", "regression to the mean", "attrition"):
        assert words in text

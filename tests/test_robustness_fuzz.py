"""Fuzzing the core calculations: arbitrary values fail only with ValueError or TypeError.

Each test starts from valid arguments drawn at random and spoils none, one or two of them
with a value of any kind (floats including NaN and infinity, integers too large for a
float, text, None, lists, booleans), or passes anything at all; monthly returns are fuzzed
as CSV text made from valid rows with spoiled cells, shuffled headers and arbitrary bytes.
A bad value must be refused with ``ValueError`` or ``TypeError`` (which the calculators
turn into a message on screen); any other exception (``ZeroDivisionError``, ``KeyError``,
``AttributeError``, ``OverflowError`` ...) fails the test. Where a call succeeds, its
results must make sense (shares within 0-1, totals within their range).

Run with ``--hypothesis-show-statistics`` to see how often each call accepted or refused.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from guidance.calculators import payment_simulator, service_sizing
from guidance.core import (
    benchmarking,
    fidelity,
    kpis,
    models,
    monitoring,
    payments,
    sizing,
    wellbeing,
)

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow])

ANY = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63, 10**18]),  # too large for a float
    st.text(max_size=8),
    st.none(),
    st.booleans(),
    st.lists(st.integers(min_value=-5, max_value=50), max_size=3),
)
"""Any value a person, a file or a careless caller might pass."""

NEAR = st.one_of(
    st.floats(min_value=-2, max_value=2),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from([0, 1, 0.5, math.nan, math.inf, -math.inf]),
)
"""Values near the edges of what is allowed (0, 1, shares, small counts)."""

VALUE = st.one_of(ANY, NEAR)

KEY = st.one_of(st.text(max_size=8), st.integers(), st.none(), st.floats(), st.booleans())
"""Any hashable key a mapping might hold."""

SHARE = st.floats(min_value=0, max_value=1)
COUNT = st.integers(min_value=0, max_value=100_000)
POSITIVE = st.floats(min_value=0.01, max_value=1e6)
MONEY = st.floats(min_value=0, max_value=1e8)

ALLOWED = (ValueError, TypeError)


def spoiled(**good: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Valid keyword arguments with none, one or two of them replaced by any value."""
    names = sorted(good)
    changes = st.dictionaries(st.sampled_from(names), VALUE, max_size=2)
    return st.tuples(st.fixed_dictionaries(good), changes).map(lambda t: {**t[0], **t[1]})


def refused_cleanly(call, *args, **kwargs):
    """Run ``call``; return its result, or None if it refused the input with an allowed error."""
    try:
        result = call(*args, **kwargs)
    except ALLOWED as error:
        assert str(error), f"{type(error).__name__} with no message"
        event(f"{call.__name__}: refused ({type(error).__name__})")
        return None
    event(f"{call.__name__}: accepted")
    return result


def finite(*values: float) -> bool:
    return all(math.isfinite(float(x)) for x in values)


# --- sizing -------------------------------------------------------------------------------
SIZING_DEFAULTS = service_sizing.sizing_inputs().to_dict()
SIZING_FIELDS = sorted(SIZING_DEFAULTS)


@FUZZ
@given(st.dictionaries(st.sampled_from(SIZING_FIELDS), st.one_of(VALUE, SHARE), max_size=4))
def test_sizing_inputs_and_size_service(changes):
    inputs = refused_cleanly(sizing.SizingInputs, **{**SIZING_DEFAULTS, **changes})
    if inputs is None:
        return
    result = sizing.size_service(inputs)
    assert result.eligible >= 0 and result.specialists >= 0 and result.budget >= 0
    refused_cleanly(kpis.sizing_kpis, result)


@FUZZ
@given(
    spoiled(
        in_contact=st.one_of(
            st.dictionaries(st.text(min_size=1, max_size=5), COUNT, min_size=1, max_size=4),
            st.dictionaries(KEY, VALUE, max_size=3),
            ANY,
        ),
        share_in_work=SHARE,
        share_interested=SHARE,
        reach_per_year=SHARE,
        clients_per_es_per_year=POSITIVE,
        minimum_es=st.integers(min_value=0, max_value=3),
    )
)
def test_size_regions(kwargs):
    regions = refused_cleanly(sizing.size_regions, **kwargs)
    if regions is not None:
        totals = sizing.region_totals(regions)
        assert totals["es_sum_of_rounded"] >= 0


@FUZZ
@given(
    spoiled(
        annual_starters=MONEY,
        contract_months=st.integers(min_value=1, max_value=600),
        ramp_months=st.integers(min_value=1, max_value=48),
        job_entry_rate=SHARE,
        start_share=SHARE,
    )
)
def test_ramp_up(kwargs):
    monthly = refused_cleanly(sizing.ramp_up, **kwargs)
    if monthly is not None:
        assert monthly["capacity"].between(0, 1).all()
        years = sizing.contract_year_targets(monthly)
        assert years["months"].sum() == len(monthly)


# --- KPIs and benchmarks ---------------------------------------------------------------------
@FUZZ
@given(
    st.one_of(
        ANY,
        st.dictionaries(st.sampled_from(list(kpis.KPIS)), st.one_of(POSITIVE, SHARE, VALUE)),
        st.dictionaries(st.one_of(st.sampled_from(list(kpis.KPIS)), KEY), VALUE),
    ),
    st.one_of(st.sampled_from(["IPS", "SEQF"]), ANY),
)
def test_check_kpis(values, model):
    table = refused_cleanly(kpis.check_kpis, values, model)
    if table is not None:
        assert set(table["status"]) <= {"within", "below", "above", "not computed"}


@FUZZ
@given(
    spoiled(
        annual_cost=MONEY,
        people_supported=st.integers(min_value=30, max_value=10_000),
        new_jobs=st.integers(min_value=0, max_value=10),
        retained_jobs=st.integers(min_value=0, max_value=10),
        self_employed=st.integers(min_value=0, max_value=10),
    ),
    st.one_of(st.sampled_from(list(benchmarking.SERVICE_TYPES)), ANY),
)
def test_benchmark_service(kwargs, service_type):
    figures = refused_cleanly(benchmarking.ServiceFigures, **kwargs)
    if figures is None:
        return
    table = benchmarking.benchmark_service(figures)
    assert len(table) == 3
    refused_cleanly(benchmarking.outcome_split, figures, service_type)


@FUZZ
@given(
    st.one_of(ANY, st.lists(MONEY, min_size=3, max_size=3), st.lists(st.one_of(MONEY, VALUE))),
    st.one_of(
        ANY, st.lists(POSITIVE, min_size=3, max_size=3), st.lists(st.one_of(POSITIVE, VALUE))
    ),
)
def test_mean_of_ratios_and_ratio_of_totals(numerators, denominators):
    for call in (benchmarking.mean_of_ratios, benchmarking.ratio_of_totals):
        result = refused_cleanly(call, numerators, denominators)
        assert result is None or finite(result)


# --- models ----------------------------------------------------------------------------------
@FUZZ
@given(
    spoiled(
        starters=COUNT,
        bau_rate=SHARE,
        evidence_base=st.sampled_from(list(models.EVIDENCE_BASES)),
    )
)
def test_expected_outcomes(kwargs):
    table = refused_cleanly(models.expected_outcomes, **kwargs)
    if table is not None:
        rates = table[["rate_low", "rate_central", "rate_high"]].to_numpy(dtype=float)
        assert ((rates >= 0) & (rates <= 1)).all()


@FUZZ
@given(st.one_of(SHARE, VALUE), st.one_of(POSITIVE, VALUE))
def test_odds_and_risk_ratios(rate, ratio):
    for call in (models.apply_odds_ratio, models.apply_risk_ratio):
        result = refused_cleanly(call, rate, ratio)
        assert result is None or 0 <= result <= 1
    result = refused_cleanly(models.odds_ratio_from_rates, rate, ratio)
    assert result is None or result > 0


# --- fidelity and wellbeing ------------------------------------------------------------------
ITEM_KEYS = fidelity.fidelity_items("IPS")["key"].tolist()
ITEM_SCORE = st.integers(min_value=1, max_value=5)


@FUZZ
@given(
    st.one_of(
        ANY,
        st.lists(ITEM_SCORE, min_size=25, max_size=25),
        st.lists(st.one_of(ITEM_SCORE, VALUE), min_size=24, max_size=26),
        st.fixed_dictionaries({k: ITEM_SCORE for k in ITEM_KEYS}),
        st.dictionaries(st.sampled_from(ITEM_KEYS), VALUE),
    ),
    st.dictionaries(st.one_of(st.sampled_from(ITEM_KEYS), KEY), VALUE, max_size=2),
    st.one_of(st.integers(min_value=0, max_value=30), VALUE),
)
def test_score_review(scores, spoil, n_weakest):
    if isinstance(scores, dict) and len(scores) == len(ITEM_KEYS) and len(spoil) == 1:
        scores = {**scores, **spoil}
    review = refused_cleanly(fidelity.score_review, scores, n_weakest)
    if review is not None:
        assert 25 <= review.total <= 125
        assert len(review.weakest) <= n_weakest


@FUZZ
@given(
    st.one_of(
        ANY,
        st.dictionaries(
            st.sampled_from([*fidelity.example_seqf_scores(), "Job coaching", "own element"]),
            st.floats(min_value=0, max_value=5),
            min_size=1,
        ),
        st.dictionaries(st.one_of(st.text(max_size=12), KEY), VALUE, max_size=4),
    ),
    st.one_of(st.just(5), VALUE),
)
def test_seqf_profile(scores, max_score):
    table = refused_cleanly(fidelity.seqf_profile, scores, max_score)
    if table is not None:
        assert table["share_of_max"].between(0, 1).all()


RAW = st.integers(min_value=7, max_value=35)


@FUZZ
@given(st.one_of(RAW, VALUE))
def test_to_metric(raw):
    metric = refused_cleanly(wellbeing.to_metric, raw)
    assert metric is None or 7 <= metric <= 35


@FUZZ
@given(
    st.one_of(
        ANY,
        st.lists(st.integers(min_value=1, max_value=5), min_size=7, max_size=7),
        st.lists(st.one_of(st.integers(min_value=1, max_value=5), VALUE), min_size=6, max_size=8),
    )
)
def test_raw_from_items(items):
    raw = refused_cleanly(wellbeing.raw_from_items, items)
    assert raw is None or 7 <= raw <= 35


SCORES = st.lists(st.one_of(RAW, RAW, VALUE), min_size=1, max_size=6)


@FUZZ
@given(
    st.one_of(ANY, st.lists(RAW, min_size=1, max_size=6), SCORES),
    st.one_of(st.none(), ANY, st.lists(st.one_of(RAW, st.none()), max_size=6), SCORES),
)
def test_wellbeing_change(start, end):
    change = refused_cleanly(wellbeing.wellbeing_change, start, end)
    if change is not None:
        assert change.n_paired <= change.n_start
        assert 0 <= change.attrition <= 1
        change.summary_table()


# --- monitoring returns ----------------------------------------------------------------------
HEADER = [c.name for c in monitoring.TEMPLATE_COLUMNS]
CELL = st.one_of(
    st.sampled_from(["", "0", "1", "2", "0.5", "1.5", "-1", "x", "2024-04", "Apr-24", "1e9"]),
    st.sampled_from(["01/04/2024", "ES-A", "nan", "inf", '"', ";", "1,5", "12345678901234567890"]),
    st.text(max_size=6),
)


@st.composite
def valid_rows(draw) -> list[list[str]]:
    """A consistent return: months in order, jobs within starts, sustained within jobs."""
    months = draw(st.integers(min_value=1, max_value=4))
    team = draw(st.sampled_from([["ES-A"], ["ES-A", "ES-B"]]))
    rows = []
    for m in range(months):
        for who in team:
            starts = draw(st.integers(min_value=0, max_value=12))
            jobs = draw(st.integers(min_value=0, max_value=starts))
            rows.append(
                [
                    f"2023-{m + 4:02d}",
                    who,
                    draw(st.sampled_from(["1", "0.5", "0.8"])),
                    str(draw(st.integers(min_value=0, max_value=15))),
                    str(starts),
                    str(draw(st.integers(min_value=0, max_value=30))),
                    str(jobs),
                    str(draw(st.integers(min_value=0, max_value=jobs))),
                    str(draw(st.integers(min_value=0, max_value=20))),
                    draw(st.sampled_from(["", "ok", "SYNTHETIC"])),
                ]
            )
    # spoil up to two cells, or none
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        row = draw(st.integers(min_value=0, max_value=len(rows) - 1))
        column = draw(st.integers(min_value=0, max_value=len(HEADER) - 1))
        rows[row][column] = draw(CELL)
    return rows


def _csv(header: list[str], rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text

    return "\n".join(",".join(cell(c) for c in line) for line in [header, *rows]) + "\n"


@FUZZ
@given(
    st.one_of(
        # the template with consistent rows, some cells spoiled
        valid_rows().map(lambda rows: _csv(HEADER, rows)),
        # the same rows under a shuffled header (columns are found by name)
        st.tuples(st.permutations(range(len(HEADER))), valid_rows()).map(
            lambda t: _csv([HEADER[i] for i in t[0]], [[r[i] for i in t[0]] for r in t[1]])
        ),
        # the template's header with arbitrary cells, rows of any length
        st.lists(st.lists(CELL, min_size=7, max_size=11), max_size=4).map(
            lambda rows: _csv(HEADER, rows)
        ),
        # anything at all
        st.text(max_size=200),
        st.binary(max_size=100),
    ),
    st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
def test_load_return_on_generated_csv(text, encoding):
    data = text if isinstance(text, bytes) else text.encode(encoding, errors="replace")
    ret = refused_cleanly(monitoring.load_return, data, name="fuzz.csv")
    if ret is None:
        return
    assert len(ret.data) > 0
    ret.describe()
    funnel = monitoring.funnel(ret)
    assert (funnel["people"] >= 0).all()
    monitoring.monthly_trends(ret)
    monitoring.breakdowns(ret)
    monitoring.specialist_productivity(ret)
    table = monitoring.kpi_dashboard(ret, annual_starters=100, spend=1000)
    assert set(table["status"]) <= set(monitoring.STATUS_WORDS)


@FUZZ
@given(
    st.one_of(SHARE, VALUE),
    st.one_of(st.none(), SHARE, VALUE),
    st.one_of(st.none(), st.floats(min_value=1, max_value=2), VALUE),
    st.one_of(SHARE, VALUE),
)
def test_traffic_light(value, low, high, margin):
    status = refused_cleanly(monitoring.traffic_light, value, low, high, margin)
    assert status is None or status in monitoring.STATUS_WORDS


@FUZZ
@given(st.one_of(ANY, st.lists(st.one_of(MONEY, VALUE), max_size=5)))
def test_average_per_specialist(values):
    average = refused_cleanly(monitoring.average_per_specialist, values)
    assert average is None or (average >= 0 and not np.isnan(average))


# --- payment-by-results simulation --------------------------------------------------------
DELIVERY_DEFAULTS = {
    k: getattr(payment_simulator.delivery_inputs(), k)
    for k in payments.Delivery.__dataclass_fields__
}


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(sorted(DELIVERY_DEFAULTS)),
        st.one_of(VALUE, SHARE, st.integers(min_value=0, max_value=40)),
        max_size=3,
    ),
    spoiled(
        name=st.sampled_from(["outcomes", "30% block"]),
        block_amount=MONEY,
        tariff_engagement=st.floats(min_value=0, max_value=5000),
        tariff_job_start=st.floats(min_value=0, max_value=5000),
        tariff_sustainment=st.floats(min_value=0, max_value=5000),
        cap=st.one_of(st.none(), MONEY),
    ),
    st.one_of(st.integers(min_value=1, max_value=30), VALUE),
    st.one_of(st.integers(min_value=0, max_value=2**32), VALUE),
)
def test_payment_simulation(changes, mechanism, n, seed):
    delivery = refused_cleanly(payments.Delivery, **{**DELIVERY_DEFAULTS, **changes})
    mechanism = refused_cleanly(payments.PaymentMechanism, **mechanism)
    if delivery is None or mechanism is None:
        return
    if isinstance(n, (int, float)) and n > 1000:
        return  # simulate() sets no upper bound on n: a huge n exhausts memory (reported)
    sim = refused_cleanly(payments.simulate, delivery, mechanism, n, seed)
    if sim is not None:
        summary = sim.summary()
        assert 0 <= summary["prob_loss"] <= 1
        targets = payments.targets_from(delivery)
        assert targets.job_starts <= targets.engagements + 1e-9


def test_fuzz_strategies_build_frames():
    """The CSV builder quotes cells the way a spreadsheet does."""
    text = _csv(["a", "b"], [['x,"y"', "1"]])
    frame = pd.read_csv(pd.io.common.StringIO(text))
    assert frame.iloc[0, 0] == 'x,"y"'

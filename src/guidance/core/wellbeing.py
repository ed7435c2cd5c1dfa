"""Wellbeing at start and end: SWEMWBS scores, their change, and what it can (not) show.

The Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) has seven items scored 1 to 5.
Their sum (the raw score, 7 to 35) must be converted to a metric score with the published
conversion table before scores are averaged or compared :cite:`warwickswemwbs`
:cite:`stewartbrown2009`. The 29 table values are in the evidence register
(``swemwbs.metric.r07`` to ``swemwbs.metric.r35``).

The Whitworth guide suggests measuring SWEMWBS for each client at the start and end of
support :cite:`whitworth2024guide`. A change measured that way has no comparison group, so
it cannot be credited to the service; :func:`wellbeing_change` reports it with the
checks that matter (how many people have both scores, and whether those who left early
started lower), and :func:`wellby_value` puts an optional, clearly derived money value on it.

Example
-------
>>> to_metric(21)
19.25
>>> change = wellbeing_change([14, 20, 25], [17, 20, None])
>>> change.n_paired, round(change.mean_change, 2)
(2, 0.78)
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from importlib.abc import Traversable

import numpy as np
import pandas as pd

from . import validation as v
from .evidence import Register, as_register
from .monitoring.cells import decimal_mark, mark_note, parse_numbers
from .monitoring.problems import Problems
from .monitoring.reader import Column, TableSpec, read_table

__all__ = [
    "metric_table",
    "to_metric",
    "raw_from_items",
    "WellbeingChange",
    "wellbeing_change",
    "load_scores",
    "example_scores_path",
    "table_points_scores_path",
    "wellby_value",
    "CAVEATS",
]

CAVEATS = (
    "No comparison group: wellbeing can change for many reasons (treatment, a new job, "
    "time), so the change cannot be credited to the service alone.",
    "Regression to the mean: people often join when things are at their worst, and "
    "scores that start low tend to rise on a second measurement whatever happens.",
    "Attrition: the average change uses only people with both scores. If those who left "
    "early started lower (or would have done worse), the average flatters the service.",
    "Small numbers: with few people the average change is uncertain; read the range, "
    "not just the average.",
)
"""What a start-to-end change in SWEMWBS cannot tell you, in plain words."""


def metric_table(register: Register | None = None) -> pd.Series:
    """The raw-to-metric conversion table, indexed by raw score (7 to 35).

    Examples
    --------
    >>> t = metric_table()
    >>> len(t), float(t[7]), float(t[35])
    (29, 7.0, 35.0)
    """
    r = as_register(register)
    low, high = int(r.value("swemwbs.raw_min")), int(r.value("swemwbs.raw_max"))
    values = {raw: r.value(f"swemwbs.metric.r{raw:02d}") for raw in range(low, high + 1)}
    table = pd.Series(values, name="metric")
    table.index.name = "raw"
    if not table.is_monotonic_increasing:
        raise ValueError("the SWEMWBS conversion table in the register must increase")
    return table


def _raw(name: str, value: object, low: int, high: int) -> int:
    return v.whole_between(name, value, low, high, noun="whole SWEMWBS raw score")


def to_metric(raw: object, register: Register | None = None) -> float:
    """Convert one SWEMWBS raw score (7 to 35) to its metric score.

    Examples
    --------
    >>> to_metric(7), to_metric(28), to_metric(35)
    (7.0, 25.03, 35.0)
    """
    table = metric_table(register)
    return float(table[_raw("raw", raw, table.index.min(), table.index.max())])


def raw_from_items(items: Sequence[int], register: Register | None = None) -> int:
    """Add the seven item scores (each 1 to 5) into a raw score.

    Examples
    --------
    >>> raw_from_items([3, 3, 4, 3, 2, 3, 3])
    21
    """
    r = as_register(register)
    n = int(r.value("swemwbs.items"))
    low, high = int(r.value("swemwbs.item_min")), int(r.value("swemwbs.item_max"))
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise TypeError(f"items must be a list of {n} item scores")
    if len(items) != n:
        raise ValueError(f"items must hold {n} item scores; got {len(items)}")
    total = 0
    for i, item in enumerate(items, start=1):
        with v.located(f"items[{i - 1}]"):
            if isinstance(item, bool) or item is None:
                raise TypeError(
                    f"item {i} must be a whole score from {low} to {high}; got {item!r}"
                )
            value = v.number(f"item {i}", item)
            if value != math.floor(value) or not low <= value <= high:
                raise ValueError(
                    f"item {i} must be a whole score from {low} to {high}; got {item!r}"
                )
        total += int(value)
    return total


@dataclass(frozen=True)
class WellbeingChange:
    """Start and end SWEMWBS scores for a group, converted and compared.

    Attributes
    ----------
    people : pandas.DataFrame
        ``client``, ``start_raw``, ``end_raw``, ``start_metric``, ``end_metric``, ``change``
        (metric points; NaN without an end score).
    n_start, n_paired : int
        People with a start score; people with both scores.
    attrition : float
        Share of people with a start score but no end score.
    mean_start_all, mean_start_paired, mean_start_unpaired, mean_end : float
        Average metric scores (unpaired = people without an end score).
    mean_change, sd_change, ci_low, ci_high : float
        Average change for people with both scores, its standard deviation, and an
        approximate 95% range for the average (normal approximation).
    share_improved, share_worse : float
        Among people with both scores.
    notes : tuple of str
        How a file of scores was read (its encoding, separator, skipped rows), when it
        came from :func:`load_scores`.
    """

    people: pd.DataFrame
    n_start: int
    n_paired: int
    attrition: float
    mean_start_all: float
    mean_start_paired: float
    mean_start_unpaired: float
    mean_end: float
    mean_change: float
    sd_change: float
    ci_low: float
    ci_high: float
    share_improved: float
    share_worse: float
    notes: tuple[str, ...] = ()

    def summary_table(self) -> pd.DataFrame:
        """The headline figures as a two-column table (measure, value as text).

        Examples
        --------
        >>> wellbeing_change([14, 20], [17, 22]).summary_table()["measure"].iloc[0]
        'People with a start score'
        """

        def f(x: float, d: int = 2) -> str:
            return "not computed" if math.isnan(x) else f"{x:.{d}f}"

        rows = [
            ("People with a start score", f"{self.n_start}"),
            ("People with start and end scores", f"{self.n_paired}"),
            (
                "No end score (attrition)",
                "not computed" if math.isnan(self.attrition) else f"{self.attrition * 100:.0f}%",
            ),
            ("Average start score, everyone (metric)", f(self.mean_start_all)),
            ("Average start score, people with an end score", f(self.mean_start_paired)),
            ("Average start score, people without an end score", f(self.mean_start_unpaired)),
            ("Average end score (metric)", f(self.mean_end)),
            ("Average change (metric points)", f(self.mean_change)),
            (
                "Approximate 95% range of the average change",
                "not computed"
                if math.isnan(self.ci_low)
                else f"{self.ci_low:.2f} to {self.ci_high:.2f}",
            ),
            (
                "Share whose score rose",
                "not computed"
                if math.isnan(self.share_improved)
                else f"{self.share_improved * 100:.0f}%",
            ),
            (
                "Share whose score fell",
                "not computed"
                if math.isnan(self.share_worse)
                else f"{self.share_worse * 100:.0f}%",
            ),
        ]
        return pd.DataFrame(rows, columns=["measure", "value"])


def _mean(values: pd.Series) -> float:
    return float(values.mean()) if len(values) else math.nan


def wellbeing_change(
    start: Sequence[object],
    end: Sequence[object] | None = None,
    clients: Sequence[str] | None = None,
    register: Register | None = None,
) -> WellbeingChange:
    """Convert start and end raw scores and summarise the change per person and on average.

    Parameters
    ----------
    start : sequence
        Raw SWEMWBS scores at the start (whole numbers 7 to 35), one per person.
    end : sequence, optional
        Raw scores at the end, in the same order; ``None`` (or NaN) for someone without
        an end score. Omitted: nobody has an end score yet.
    clients : sequence of str, optional
        Labels for the people (pseudonyms, never names); numbered if omitted.

    Raises
    ------
    ValueError, TypeError
        Naming the person (``start[3]``, ``end[7]``) whose score is not allowed.

    Examples
    --------
    >>> c = wellbeing_change([7, 35], [9, 35])
    >>> c.people["change"].round(2).tolist()
    [4.25, 0.0]
    """
    table = metric_table(register)
    low, high = int(table.index.min()), int(table.index.max())
    if isinstance(start, (str, bytes)) or not isinstance(start, Sequence) or len(start) == 0:
        raise TypeError("start must be a non-empty list of raw scores")
    n = len(start)
    if end is None:
        end = [None] * n
    if isinstance(end, (str, bytes)) or not isinstance(end, Sequence):
        raise TypeError("end must be a list of raw scores (None where there is no end score)")
    if len(end) != n:
        raise ValueError(f"end must have one score per person in start ({n}); got {len(end)}")
    if clients is None:
        clients = [f"person {i + 1}" for i in range(n)]
    elif isinstance(clients, (str, bytes)) or not isinstance(clients, Sequence):
        raise TypeError(f"clients must be a list of labels, one per person; got {clients!r}")
    elif len(clients) != n:
        raise ValueError(f"clients must have one label per person ({n}); got {len(clients)}")
    starts = [_raw(f"start[{i}]", s, low, high) for i, s in enumerate(start)]
    ends = [
        None
        if e is None or (isinstance(e, float) and math.isnan(e))
        else _raw(f"end[{i}]", e, low, high)
        for i, e in enumerate(end)
    ]
    people = pd.DataFrame(
        {
            "client": [str(c) for c in clients],
            "start_raw": starts,
            "end_raw": pd.array(ends, dtype="Int64"),
        }
    )
    metric = table.to_dict()
    people["start_metric"] = np.array([metric[s] for s in starts], dtype=float)
    people["end_metric"] = np.array(
        [math.nan if e is None else metric[e] for e in ends], dtype=float
    )
    people["change"] = people["end_metric"] - people["start_metric"]
    paired = people.dropna(subset=["change"])
    unpaired = people[people["change"].isna()]
    k = len(paired)
    sd = float(paired["change"].std(ddof=1)) if k > 1 else math.nan
    mean = _mean(paired["change"])
    if k > 1:
        z = statistics.NormalDist().inv_cdf(0.975)
        half = z * sd / math.sqrt(k)
        ci = (mean - half, mean + half)
    else:
        ci = (math.nan, math.nan)
    return WellbeingChange(
        people=people,
        n_start=n,
        n_paired=k,
        attrition=(n - k) / n,
        mean_start_all=_mean(people["start_metric"]),
        mean_start_paired=_mean(paired["start_metric"]),
        mean_start_unpaired=_mean(unpaired["start_metric"]),
        mean_end=_mean(paired["end_metric"]),
        mean_change=mean,
        sd_change=sd,
        ci_low=ci[0],
        ci_high=ci[1],
        share_improved=float((paired["change"] > 0).mean()) if k else math.nan,
        share_worse=float((paired["change"] < 0).mean()) if k else math.nan,
    )


SCORES_SPEC = TableSpec(
    "SWEMWBS scores",
    (
        Column("client_id", "text", True, "A pseudonymous client code (never a name)."),
        Column("start_raw", "count", True, "SWEMWBS raw score at the start (7 to 35)."),
        Column(
            "end_raw",
            "count",
            True,
            "SWEMWBS raw score at the end (7 to 35); leave empty if there is none.",
        ),
        Column("note", "text", False, "Free text; not used."),
    ),
)


def example_scores_path() -> Traversable:
    """The shipped SYNTHETIC example scores, made by ``scripts/make-synthetic-returns``.

    Examples
    --------
    >>> example_scores_path().name
    'example_swemwbs_SYNTHETIC.csv'
    """
    return resources.files("guidance").joinpath("data/example_swemwbs_SYNTHETIC.csv")


def table_points_scores_path() -> Traversable:
    """The shipped conversion-table worked example: five illustrative people whose start and
    end raw scores are points of the published raw-to-metric table (7, 14, 21, 28, 35).

    Four people rise by the same 7 raw points at different places on the scale and one
    falls by 7, so their metric changes show that the conversion is not a straight line.
    The people are not real; the figures the example reproduces are the table's metric
    values (``swemwbs.metric.r07`` to ``swemwbs.metric.r35``).

    Examples
    --------
    >>> load_scores(table_points_scores_path()).n_paired
    5
    """
    return resources.files("guidance").joinpath("data/swemwbs_conversion_table_points.csv")


def load_scores(
    source: object, *, name: str | None = None, register: Register | None = None
) -> WellbeingChange:
    """Read a CSV (or DataFrame) of ``client_id, start_raw, end_raw`` and summarise it.

    Problems are reported like a monthly return's: row (header = row 1) and column.

    Examples
    --------
    >>> load_scores(example_scores_path()).n_start
    80
    """
    raw = read_table(source, SCORES_SPEC, name)
    problems = Problems(raw.source)
    table = metric_table(register)
    low, high = float(table.index.min()), float(table.index.max())
    what = f" (SWEMWBS raw scores are whole numbers from {low:g} to {high:g})"
    mark = decimal_mark(raw, ["start_raw", "end_raw"], problems)
    notes = list(raw.notes)
    if note := mark_note(raw, ["start_raw", "end_raw"], mark):
        notes.append(note)
    bounds = {"low": low, "high": high, "what": what, "mark": mark}
    start = parse_numbers(raw, "start_raw", problems, **bounds)
    end = parse_numbers(raw, "end_raw", problems, allow_empty=True, **bounds)
    ids = raw.frame["client_id"]
    for i in np.flatnonzero(ids.eq("").to_numpy()):
        problems.add(int(raw.rows[i]), "client_id", "the cell is empty; enter a client code")
    seen: dict[str, int] = {}
    for i, client in enumerate(ids):
        if client and client in seen:
            problems.add(
                int(raw.rows[i]),
                "client_id",
                f"'{client}' is already on row {seen[client]}: one row per client",
            )
        seen.setdefault(client, int(raw.rows[i]))
    problems.raise_if_any()
    change = wellbeing_change(
        [int(x) for x in start],
        [None if math.isnan(x) else int(x) for x in end],
        clients=list(ids),
        register=register,
    )
    return replace(change, notes=tuple(notes))


def wellby_value(
    mean_change: float, people: float, years: float = 1.0, register: Register | None = None
) -> dict[str, float | str]:
    """An illustrative money value of a SWEMWBS change, by the WELLBY route (derived).

    value = change (SWEMWBS points) x life-satisfaction points per SWEMWBS point
    :cite:`wellworth` x value of a WELLBY :cite:`hmt2021wellbeing` x people x years.
    The conversion is an association between two measures, so this is an approximation to
    illustrate scale, not an estimate of what the service caused.

    Returns
    -------
    dict
        ``value``, ``low``, ``high`` (GBP, 2019 prices, using the WELLBY range),
        ``per_point`` (GBP per SWEMWBS point per person-year) and ``caveat``.

    Examples
    --------
    >>> round(wellby_value(1.0, 1)["value"])
    3380
    """
    r = as_register(register)
    change = v.number("mean_change", mean_change)
    people = v.non_negative("people", people)
    years = v.non_negative("years", years)
    ls = r.value("wellby.ls_per_swemwbs_point")
    scale = change * ls * people * years
    return {
        "value": scale * r.value("wellby.value_2019"),
        "low": scale * r.value("wellby.value_2019.low"),
        "high": scale * r.value("wellby.value_2019.high"),
        "per_point": ls * r.value("wellby.value_2019"),
        "caveat": (
            "Derived: SWEMWBS points x 0.26 life-satisfaction points per SWEMWBS point "
            "(WellWorth) x the HM Treasury WELLBY value (2019 prices), assuming the change "
            "lasts the stated years and was caused by the service, which a start-to-end "
            "measure cannot show."
        ).replace("0.26", f"{ls:g}"),
    }

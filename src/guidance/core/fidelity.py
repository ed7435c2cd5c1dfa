"""Fidelity reviews: score the IPS fidelity scale, find the weakest items, plan the reviews.

The IPS fidelity scale (IPS-25) has 25 items in three sections (staffing, organisation,
services), each scored from 1 to 5 :cite:`becker2019fidelity`. The total places a service
in a band: IPS Grow counts 100 or more as good fidelity :cite:`ipsgrowfidelity` and the UK
score sheet names 74 to 99 fair fidelity :cite:`cmhipsfidelity`. The exemplary (115) and
"not IPS" (73 and below) cut-points follow from that structure but were not directly
confirmed; the register notes say so and :func:`fidelity_bands` reports it.

For the Supported Employment Quality Framework (SEQF) no public scoring scale, level names
or thresholds were found, so :func:`seqf_profile` only records the element scores from an
assessment and shows the profile; the official levels come from BASE :cite:`baseseqf`.

Item names, sections and the "what to do" prompts are in ``guidance/data/fidelity_items.csv``
(no figures); every number comes from the evidence register.

Example
-------
>>> review = score_review(example_review())
>>> review.total, review.band
(95, 'Fair fidelity')
>>> review.weakest["key"].tolist()[:2]
['benefits_advice', 'employer_contact_frequency']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import pandas as pd

from . import validation as v
from .evidence import Register, as_register

__all__ = [
    "SCALES",
    "Band",
    "FidelityReview",
    "fidelity_items",
    "fidelity_bands",
    "fidelity_band",
    "score_review",
    "example_review",
    "seqf_profile",
    "example_seqf_scores",
    "next_reviews",
]

SCALES = ("IPS", "SEQF")
UNCONFIRMED = "NOT DIRECTLY CONFIRMED"


@lru_cache(maxsize=1)
def _items_table() -> pd.DataFrame:
    text = resources.files("guidance").joinpath("data/fidelity_items.csv").read_text("utf-8")
    import io

    return pd.read_csv(io.StringIO(text), dtype={"number": int})


def fidelity_items(scale: str = "IPS") -> pd.DataFrame:
    """The items (IPS) or stages (SEQF) with their section and what to do when weak.

    Returns
    -------
    pandas.DataFrame
        Columns ``section``, ``number``, ``key``, ``name``, ``what_to_do`` in scale order.

    Examples
    --------
    >>> items = fidelity_items()
    >>> len(items), items["section"].unique().tolist()
    (25, ['Staffing', 'Organisation', 'Services'])
    >>> fidelity_items("SEQF")["name"].iloc[0]
    'Client engagement'
    """
    scale = v.choice("scale", scale, SCALES)
    table = _items_table()
    out = table[table["scale"] == scale].drop(columns="scale").reset_index(drop=True)
    return out.copy()


@dataclass(frozen=True)
class Band:
    """A fidelity band: name, lowest and highest total, and where the cut-points come from.

    ``confirmed`` is False when a cut-point of the band was not directly confirmed in a
    public source. The band holds numbers only; the fidelity review calculator
    (:mod:`guidance.calculators.fidelity_review`) shows it in words.
    """

    name: str
    low: int
    high: int
    source: str
    confirmed: bool


def _int(register: Register, key: str) -> int:
    return int(register.value(key))


def fidelity_bands(register: Register | None = None) -> list[Band]:
    """The IPS fidelity bands from the register, best first.

    A band is marked ``confirmed=False`` when one of its cut-points carries the register
    note "NOT DIRECTLY CONFIRMED".

    Examples
    --------
    >>> [(b.name, b.low, b.high) for b in fidelity_bands()]  # doctest: +NORMALIZE_WHITESPACE
    [('Exemplary fidelity', 115, 125), ('Good fidelity', 100, 114),
     ('Fair fidelity', 74, 99), ('Not IPS supported employment', 25, 73)]
    """
    r = as_register(register)
    items = _int(r, "fidelity.ips.items")
    lowest = items * _int(r, "fidelity.ips.item_min")
    top = _int(r, "fidelity.ips.max_total")
    if top != items * _int(r, "fidelity.ips.item_max"):
        raise ValueError("fidelity.ips.max_total must equal items x item_max in the register")
    exemplary = r["fidelity.ips.band.exemplary.min"]
    good = r["fidelity.ips.band.good.min"]
    fair = r["fidelity.ips.band.fair.min"]
    not_ips = r["fidelity.ips.band.not_ips.max"]

    def ok(*rows) -> bool:
        return not any(UNCONFIRMED in row.note for row in rows)

    bands = [
        Band("Exemplary fidelity", int(exemplary.value), top, exemplary.source, ok(exemplary)),
        Band(
            "Good fidelity",
            int(good.value),
            int(exemplary.value) - 1,
            good.source,
            ok(good, exemplary),
        ),
        Band("Fair fidelity", int(fair.value), int(good.value) - 1, fair.source, ok(fair, good)),
        Band(
            "Not IPS supported employment", lowest, int(not_ips.value), not_ips.source, ok(not_ips)
        ),
    ]
    if int(not_ips.value) + 1 != int(fair.value):
        raise ValueError("fidelity bands in the register leave a gap between 'not IPS' and fair")
    if int(r.value("fidelity.ips.band.fair.max")) != int(good.value) - 1:
        raise ValueError("fidelity.ips.band.fair.max must be one below the good band")
    return bands


def fidelity_band(total: int, register: Register | None = None) -> str:
    """The band name for an IPS fidelity total.

    Raises
    ------
    ValueError
        If ``total`` is not a whole number between the lowest and highest possible totals.

    Examples
    --------
    >>> fidelity_band(100), fidelity_band(99), fidelity_band(73)
    ('Good fidelity', 'Fair fidelity', 'Not IPS supported employment')
    """
    bands = fidelity_bands(register)
    total = v.count("total", total)
    low, high = bands[-1].low, bands[0].high
    if not low <= total <= high:
        raise ValueError(f"total must be a fidelity total from {low} to {high}; got {total}")
    return next(b.name for b in bands if b.low <= total <= b.high)


@dataclass(frozen=True)
class FidelityReview:
    """A scored IPS fidelity review.

    Attributes
    ----------
    total, max_total : int
    band : str
    items : pandas.DataFrame
        One row per item: ``section``, ``number``, ``key``, ``name``, ``score``,
        ``what_to_do``.
    sections : pandas.DataFrame
        ``section``, ``items``, ``score``, ``max``, ``share`` (score / max).
    weakest : pandas.DataFrame
        The lowest-scoring items (below the top score), lowest first, then in scale order.
    next_band : str or None
        The band above, if any.
    points_to_next_band : int or None
        Points needed to reach it.
    """

    total: int
    max_total: int
    band: str
    items: pd.DataFrame
    sections: pd.DataFrame
    weakest: pd.DataFrame
    next_band: str | None
    points_to_next_band: int | None


def _score(name: str, value: object, low: int, high: int) -> int:
    return v.whole_between(name, value, low, high, noun="whole score")


def score_review(
    scores: Mapping[str, int] | Sequence[int],
    n_weakest: int = 5,
    register: Register | None = None,
) -> FidelityReview:
    """Score an IPS fidelity review: total, band, section totals and the weakest items.

    Parameters
    ----------
    scores : mapping or sequence
        Item key -> score (see :func:`fidelity_items` for the keys), or 25 scores in
        scale order. Each score is a whole number from 1 to 5.
    n_weakest : int, default 5
        How many of the lowest-scoring items to return (only items below the top score).

    Raises
    ------
    ValueError, TypeError
        Naming the item whose score is missing, unknown or out of range.

    Examples
    --------
    >>> review = score_review([4] * 25)
    >>> review.total, review.band, review.points_to_next_band
    (100, 'Good fidelity', 15)
    """
    r = as_register(register)
    items = fidelity_items("IPS")
    low, high = _int(r, "fidelity.ips.item_min"), _int(r, "fidelity.ips.item_max")
    n_items = _int(r, "fidelity.ips.items")
    if len(items) != n_items:
        raise ValueError(f"fidelity_items.csv has {len(items)} IPS items; expected {n_items}")
    keys = items["key"].tolist()
    if isinstance(scores, Mapping):
        unknown = [k for k in scores if k not in keys]
        if unknown:
            raise ValueError(
                f"scores has unknown item(s) {', '.join(map(str, unknown))}; "
                f"items are: {', '.join(keys)}"
            )
        missing = [k for k in keys if k not in scores]
        if missing:
            raise ValueError(f"scores is missing item(s): {', '.join(missing)}")
        values = [scores[k] for k in keys]
    elif isinstance(scores, Sequence) and not isinstance(scores, str):
        if len(scores) != n_items:
            raise ValueError(f"scores must hold {n_items} item scores; got {len(scores)}")
        values = list(scores)
    else:
        raise TypeError("scores must be a mapping of item key to score, or a list of 25 scores")
    n_weakest = v.count("n_weakest", n_weakest)
    checked = []
    for n, (k, s) in enumerate(zip(keys, values, strict=True)):
        with v.located(f"scores[{k!r}]" if isinstance(scores, Mapping) else f"scores[{n}]"):
            checked.append(_score(k, s, low, high))
    items["score"] = checked
    total = int(items["score"].sum())
    bands = fidelity_bands(r)
    band = fidelity_band(total, r)
    index = [b.name for b in bands].index(band)
    next_band = bands[index - 1] if index > 0 else None
    sections = (
        items.groupby("section", sort=False)["score"]
        .agg(["count", "sum"])
        .reset_index()
        .rename(columns={"count": "items", "sum": "score"})
    )
    sections["max"] = sections["items"] * high
    sections["share"] = sections["score"] / sections["max"]
    below = items[items["score"] < high]
    weakest = below.sort_values(["score", "number"], kind="stable").head(n_weakest)
    return FidelityReview(
        total=total,
        max_total=_int(r, "fidelity.ips.max_total"),
        band=band,
        items=items[["section", "number", "key", "name", "score", "what_to_do"]],
        sections=sections,
        weakest=weakest[["number", "key", "name", "section", "score", "what_to_do"]].reset_index(
            drop=True
        ),
        next_band=next_band.name if next_band else None,
        points_to_next_band=(next_band.low - total) if next_band else None,
    )


def example_review() -> dict[str, int]:
    """ILLUSTRATIVE item scores for a service in its first year (made up, not a real review).

    Used as the calculator's default so the book shows a worked result; replace them with
    the scores from your own review.

    Examples
    --------
    >>> sum(example_review().values())
    95
    """
    scores = dict.fromkeys(fidelity_items("IPS")["key"], 4)
    scores.update(
        {
            "caseload_size": 5,
            "vocational_generalists": 5,
            "zero_exclusion": 5,
            "competitive_jobs": 5,
            "integration_team_contact": 3,
            "executive_support": 3,
            "disclosure": 3,
            "benefits_advice": 2,
            "employer_contact_frequency": 2,
            "community_based": 3,
            "time_unlimited_support": 3,
        }
    )
    return scores


def example_seqf_scores() -> dict[str, float]:
    """ILLUSTRATIVE SEQF element scores (made up): replace them with your assessment's.

    Examples
    --------
    >>> list(example_seqf_scores())[:2]
    ['client_engagement', 'vocational_profiling']
    """
    return {
        "client_engagement": 3.0,
        "vocational_profiling": 4.0,
        "job_finding": 3.0,
        "employer_engagement": 2.0,
        "on_off_job_support": 4.0,
    }


def seqf_profile(scores: Mapping[str, float], max_score: float) -> pd.DataFrame:
    """The profile of SEQF element scores, weakest first, with prompts for known stages.

    No level names or thresholds are applied: BASE's SEQF assessment sets those
    :cite:`baseseqf`. Scores are on whatever scale your assessment report uses.

    Parameters
    ----------
    scores : mapping
        Element name or key -> score (zero or more). The five stage keys of
        :func:`fidelity_items` ("SEQF") get a "what to look at" prompt.
    max_score : float
        The highest score an element can get in your assessment (greater than zero).

    Returns
    -------
    pandas.DataFrame
        ``element``, ``score``, ``share_of_max``, ``rank`` (1 = weakest), ``what_to_look_at``.

    Examples
    --------
    >>> seqf_profile({"job_finding": 2, "client_engagement": 4}, 5)["element"].tolist()
    ['Job finding', 'Client engagement']
    """
    if not isinstance(scores, Mapping) or not scores:
        raise TypeError("scores must be a non-empty mapping of element to score")
    max_score = v.positive("max_score", max_score)
    stages = fidelity_items("SEQF").set_index("key")
    rows = []
    for element, score in scores.items():
        if not isinstance(element, str) or not element.strip():
            raise ValueError(
                f"each SEQF element must be named (a non-empty text); scores has {element!r}"
            )
        with v.located(f"scores[{element!r}]"):
            score = v.non_negative(element, score)
            if score > max_score:
                raise ValueError(
                    f"{element} must be at most max_score ({max_score:g}); got {score:g}"
                )
        known = element in stages.index
        rows.append(
            {
                "element": stages.loc[element, "name"] if known else element,
                "score": score,
                "share_of_max": score / max_score,
                "what_to_look_at": stages.loc[element, "what_to_do"] if known else "",
                "order": len(rows),
            }
        )
    table = pd.DataFrame(rows).sort_values(["score", "order"], kind="stable")
    table["rank"] = range(1, len(table) + 1)
    return table[["element", "score", "share_of_max", "rank", "what_to_look_at"]].reset_index(
        drop=True
    )


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # clamp the day to the end of the month (e.g. 31 January + 1 month -> 28/29 February)
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return date(year, month, min(day.day, last))


def next_reviews(
    service_start: date,
    model: str = "IPS",
    last_external: date | None = None,
    last_band: str | None = None,
    register: Register | None = None,
) -> pd.DataFrame:
    """When the next external fidelity review and self-assessment are due.

    Follows the Whitworth guide's suggested frequencies :cite:`whitworth2024guide`: an
    external review within the first months of a new service, then at least every few years
    while the service holds Good or better, and a scored self-assessment with an action
    plan every year in between (all intervals from the register, keys
    ``kpi.<model>.fidelity_first_review.months`` and so on).

    Parameters
    ----------
    service_start : datetime.date
        When the service started.
    model : {"IPS", "SEQF"}
    last_external : datetime.date, optional
        Date of the last external review (none yet if omitted).
    last_band : str, optional
        Its result. For IPS one of the :func:`fidelity_bands` names; for SEQF the level
        BASE awarded (Good or better is written "Good" or "Excellent").

    Returns
    -------
    pandas.DataFrame
        ``activity``, ``due_by`` (a date, or None when the guide sets no interval) and ``rule``.

    Examples
    --------
    >>> next_reviews(date(2024, 4, 1))["due_by"].tolist()
    [datetime.date(2025, 4, 1), datetime.date(2025, 4, 1)]
    >>> next_reviews(date(2024, 4, 1), last_external=date(2025, 3, 1),
    ...              last_band="Good fidelity")["due_by"].tolist()
    [datetime.date(2028, 3, 1), datetime.date(2026, 3, 1)]
    """
    model = v.choice("model", model, SCALES)
    r = as_register(register)
    m = model.lower()
    if not isinstance(service_start, date):
        raise TypeError("service_start must be a date")
    first = _int(r, f"kpi.{m}.fidelity_first_review.months")
    interval_years = _int(r, f"kpi.{m}.fidelity_review_interval.years")
    self_months = _int(r, f"kpi.{m}.self_assessment_interval.months")
    rows = []
    if last_external is None:
        if last_band is not None:
            raise ValueError("last_band needs last_external (the date of that review)")
        due = _add_months(service_start, first)
        rows.append(
            ("External fidelity review", due, f"within {first} months of the service starting")
        )
        rows.append(
            (
                "Scored self-assessment with an action plan",
                due,
                "before the first external review, to prepare for it",
            )
        )
        return pd.DataFrame(rows, columns=["activity", "due_by", "rule"])
    if not isinstance(last_external, date):
        raise TypeError("last_external must be a date")
    if last_external < service_start:
        raise ValueError("last_external must be on or after service_start")
    if model == "IPS":
        names = [b.name for b in fidelity_bands(r)]
        last_band = v.choice("last_band", last_band, tuple(names))
        good_or_better = names.index(last_band) <= 1
    else:
        if not isinstance(last_band, str) or not last_band.strip():
            raise ValueError("last_band must be the level BASE awarded, e.g. 'Good'")
        good_or_better = last_band.strip().lower() in ("good", "excellent")
    if good_or_better:
        rows.append(
            (
                "External fidelity review",
                _add_months(last_external, 12 * interval_years),
                f"at least every {interval_years} years while Good or better",
            )
        )
    else:
        rows.append(
            (
                "External fidelity review",
                None,
                "below Good: the guide sets no interval; agree an earlier re-review in "
                "the action plan",
            )
        )
    rows.append(
        (
            "Scored self-assessment with an action plan",
            _add_months(last_external, self_months),
            f"every {self_months} months between external reviews",
        )
    )
    return pd.DataFrame(rows, columns=["activity", "due_by", "rule"])

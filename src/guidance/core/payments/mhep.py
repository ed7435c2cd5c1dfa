"""The MHEP worked examples: funnel rates, unit costs and what the evaluation's tables imply.

Figures come from the evaluation of the Mental Health and Employment Partnership
:cite:`gadenne2020` through the evidence register.

Example
-------
>>> int(mhep_providers()["engagements"].sum())
1926
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import validation as v
from ..evidence import Register, as_register
from .mechanisms import OUTCOMES, _items

__all__ = [
    "conversion_rates",
    "unit_costs",
    "implied_from_unit_costs",
    "consistent_spend_range",
    "consistent_counts",
    "mhep_providers",
    "mhep_spend_tables",
    "between_provider_sd",
    "volume_forecast_sd",
    "targets_met_ratio",
]


def _unit_cost_map(name: str, values: object) -> Mapping:
    """A non-empty mapping of outcome name to unit cost, else an error naming ``name``."""
    if not isinstance(values, Mapping):
        raise TypeError(
            f"{name} must be a mapping of outcome name to unit cost; got {type(values).__name__}"
        )
    if not values:
        raise ValueError(f"{name} must name at least one outcome")
    return values


def conversion_rates(engagements: float, job_starts: float, sustainments: float) -> dict:
    """Job-start and sustainment rates of a funnel.

    Examples
    --------
    >>> r = conversion_rates(1926, 590, 415)
    >>> round(r["job_start_rate"], 3), round(r["sustain_of_starts"], 3)
    (0.306, 0.703)
    """
    e = v.positive("engagements", engagements)
    j = v.non_negative("job_starts", job_starts)
    s = v.non_negative("sustainments", sustainments)
    if j > e:
        raise ValueError(f"job_starts ({j:g}) cannot exceed engagements ({e:g})")
    if s > j:
        raise ValueError(f"sustainments ({s:g}) cannot exceed job_starts ({j:g})")
    return {
        "job_start_rate": j / e,
        "sustain_of_starts": s / j if j else math.nan,
        "sustain_of_engagements": s / e,
    }


def unit_costs(
    total_cost: float, outcomes: Mapping[str, float], central_costs: float = 0.0
) -> dict[str, float]:
    """Cost per outcome, optionally with central (programme) costs added to the total.

    Examples
    --------
    >>> unit_costs(1000, {"job_start": 4}, central_costs=200)
    {'job_start': 300.0}
    """
    total = v.non_negative("total_cost", total_cost) + v.non_negative(
        "central_costs", central_costs
    )
    if not isinstance(outcomes, Mapping) or not outcomes:
        raise TypeError("outcomes must be a non-empty mapping of outcome name to count")
    return {k: total / v.positive(f"outcomes[{k!r}]", n) for k, n in outcomes.items()}


def implied_from_unit_costs(
    unit_excluding: Mapping[str, float],
    unit_including: Mapping[str, float],
    central_costs: float,
    precision: float = 100.0,
) -> pd.DataFrame:
    """Work back from published unit costs to the totals behind them.

    When a report gives unit costs with and without a known central cost ``C`` but not the
    totals, each pair implies the outcome count (``C / (with - without)``) and the
    provider spend (``without x count``). Because published figures are rounded (to
    ``precision``), each pair only pins spend down to a range; the ranges from all pairs
    must overlap if the table is consistent (see :func:`consistent_spend_range`).

    Returns
    -------
    pandas.DataFrame
        One row per outcome: ``outcome``, ``without``, ``with``, ``implied_count``,
        ``implied_spend``, ``spend_low``, ``spend_high``.

    Examples
    --------
    >>> df = implied_from_unit_costs({"job_start": 4400}, {"job_start": 5500}, 319_000)
    >>> round(df.loc[0, "implied_count"]), round(df.loc[0, "implied_spend"])
    (290, 1276000)
    """
    central = v.positive("central_costs", central_costs)
    half = v.non_negative("precision", precision) / 2
    unit_excluding = _unit_cost_map("unit_excluding", unit_excluding)
    unit_including = _unit_cost_map("unit_including", unit_including)
    if set(unit_excluding) != set(unit_including):
        raise ValueError("unit_excluding and unit_including must name the same outcomes")
    rows = []
    for k in unit_excluding:
        ex = v.positive(f"unit_excluding[{k!r}]", unit_excluding[k])
        inc = v.positive(f"unit_including[{k!r}]", unit_including[k])
        if inc <= ex:
            raise ValueError(f"unit_including[{k!r}] must be more than unit_excluding[{k!r}]")
        count = central / (inc - ex)
        low_ratio, high_ratio = (ex - half) / (inc + half), (ex + half) / (inc - half)
        high = central * high_ratio / (1 - high_ratio) if high_ratio < 1 else math.inf
        rows.append(
            {
                "outcome": k,
                "without": ex,
                "with": inc,
                "implied_count": count,
                "implied_spend": ex * count,
                "spend_low": central * low_ratio / (1 - low_ratio),
                "spend_high": high,
            }
        )
    return pd.DataFrame(rows)


def consistent_spend_range(implied: pd.DataFrame) -> tuple[float, float]:
    """The provider spend consistent with every row of :func:`implied_from_unit_costs`.

    Raises ValueError if the rows do not overlap (the published table is inconsistent).

    Examples
    --------
    >>> df = implied_from_unit_costs({"a": 1300, "b": 4400}, {"a": 1600, "b": 5500}, 319_000)
    >>> [round(x) for x in consistent_spend_range(df)]
    [1156375, 1419550]
    """
    if not isinstance(implied, pd.DataFrame):
        raise TypeError(
            f"implied must be the table from implied_from_unit_costs; got {type(implied).__name__}"
        )
    missing = [c for c in ("spend_low", "spend_high") if c not in implied.columns]
    if missing:
        raise ValueError(
            f"implied must have the columns spend_low and spend_high (from "
            f"implied_from_unit_costs); missing {', '.join(missing)}"
        )
    if implied.empty:
        raise ValueError("implied must have at least one row")
    low, high = float(implied["spend_low"].max()), float(implied["spend_high"].min())
    if low > high:
        raise ValueError("the unit costs do not imply one consistent total spend")
    return low, high


def consistent_counts(
    spend: float,
    unit_excluding: Mapping[str, float],
    unit_including: Mapping[str, float],
    central_costs: float,
    precision: float = 100.0,
) -> dict[str, tuple[int, int]]:
    """Whole outcome counts that reproduce both rounded unit costs at this total spend.

    A count ``N`` works if ``spend / N`` rounds to the published cost without central
    costs and ``(spend + central) / N`` to the published cost with them (each published
    to the nearest ``precision``, halves rounded up).

    Returns
    -------
    dict
        Outcome -> (fewest, most) whole counts that work.

    Raises
    ------
    ValueError
        If no whole count reproduces both figures for an outcome.

    Examples
    --------
    >>> consistent_counts(1_366_000, {"job_start": 4400}, {"job_start": 5500}, 319_000)
    {'job_start': (307, 309)}
    """
    spend = v.positive("spend", spend)
    central = v.non_negative("central_costs", central_costs)
    half = v.positive("precision", precision) / 2
    unit_excluding = _unit_cost_map("unit_excluding", unit_excluding)
    unit_including = _unit_cost_map("unit_including", unit_including)
    if set(unit_excluding) != set(unit_including):
        raise ValueError("unit_excluding and unit_including must name the same outcomes")
    out = {}
    for k in unit_excluding:
        ex = v.positive(f"unit_excluding[{k!r}]", unit_excluding[k])
        inc = v.positive(f"unit_including[{k!r}]", unit_including[k])
        # spend / N in [ex - half, ex + half)  <=>  N in (spend / (ex + half), spend / (ex - half)]
        low = max(spend / (ex + half), (spend + central) / (inc + half))
        high = min(
            spend / (ex - half) if ex > half else math.inf,
            (spend + central) / (inc - half) if inc > half else math.inf,
        )
        fewest, most = math.floor(low) + 1, math.floor(high)
        if fewest > most:
            raise ValueError(f"no whole number of {k} outcomes reproduces both unit costs")
        out[k] = (fewest, most)
    return out


def mhep_providers(register: Register | None = None) -> pd.DataFrame:
    """The MHEP funnel by provider (Table 4.1) with engagements per specialist (Table 4.2).

    Examples
    --------
    >>> int(mhep_providers()["engagements"].sum())
    1926
    """
    r = as_register(register)
    rows = []
    for i in range(1, 6):
        k = f"mhep.provider{i}"
        six_month = f"{k}.six_month"
        rows.append(
            {
                "provider": f"Provider {i}",
                "engagements": int(r.value(f"{k}.engagements")),
                "job_starts": int(r.value(f"{k}.job_starts")),
                "six_week": int(r.value(f"{k}.six_week")),
                "six_month": int(r.value(six_month)) if six_month in r else None,
                "engagements_per_es": r.value(f"{k}.engagements_per_es"),
            }
        )
    return pd.DataFrame(rows)


def volume_forecast_sd(register: Register | None = None) -> float:
    """Relative spread of actual engagements around their targets across MHEP providers.

    Table 6.1 of the evaluation gives each provider's spend per engagement actually made
    and per engagement had the target been met; on the same spend, their ratio
    (target unit cost / actual unit cost) is actual engagements / target engagements.
    Returns the standard deviation of that ratio divided by its mean (derived).

    Examples
    --------
    >>> round(volume_forecast_sd(), 3)
    0.344
    """
    r = as_register(register)
    ratios = np.array(
        [
            r.value(f"mhep.provider{i}.unit_cost.engaged.target")
            / r.value(f"mhep.provider{i}.unit_cost.engaged.actual")
            for i in range(1, 5)
        ]
    )
    return float(ratios.std(ddof=1) / ratios.mean())


def targets_met_ratio(outcome: str, register: Register | None = None) -> float:
    """Average actual outcomes as a share of target across MHEP providers (derived).

    From the average row of Table 6.1: spend per outcome had targets been met divided by
    spend per actual outcome.

    Examples
    --------
    >>> round(targets_met_ratio("job_start"), 3)
    0.705
    """
    r = as_register(register)
    key = {"engagement": "engagement", "job_start": "job_start", "sustainment": "six_week"}[
        v.choice("outcome", outcome, OUTCOMES)
    ]
    return r.value(f"mhep.unit_cost.spend.{key}.target") / r.value(
        f"mhep.unit_cost.spend.{key}.actual"
    )


def between_provider_sd(numerator: Sequence[float], denominator: Sequence[float]) -> float:
    """Sample standard deviation of a rate across providers (e.g. job starts / engagements).

    Examples
    --------
    >>> round(between_provider_sd([68, 196, 149, 31, 146], [156, 566, 535, 142, 527]), 3)
    0.083
    """
    num_items = _items("numerator", numerator)
    den_items = _items("denominator", denominator)
    if len(num_items) != len(den_items) or len(num_items) < 2:
        raise ValueError("numerator and denominator must be equal-length, with 2 or more items")
    num = np.array([v.non_negative(f"numerator[{i}]", x) for i, x in enumerate(num_items)])
    den = np.array([v.number(f"denominator[{i}]", x) for i, x in enumerate(den_items)])
    for i, x in enumerate(den):
        if x <= 0:
            raise ValueError(
                "denominator must be greater than zero for every provider; "
                f"denominator[{i}] is {x:g}"
            )
    return float(np.std(num / den, ddof=1))


def mhep_spend_tables(register: Register | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables 8 and 9 of the MHEP evaluation: spend against the funding set aside.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Co-commissioners by provider, and national top-up funders; columns ``funder``,
        ``spend``, ``contract_value``, ``share_spent`` (calculated).

    Examples
    --------
    >>> local, national = mhep_spend_tables()
    >>> round(float(local["spend"].sum() / local["contract_value"].sum()), 3)
    0.911
    """
    r = as_register(register)
    local = pd.DataFrame(
        [
            {
                "funder": f"Provider {i}",
                "spend": r.value(f"mhep.provider{i}.commissioner_spend"),
                "contract_value": r.value(f"mhep.provider{i}.contract_value"),
            }
            for i in range(1, 5)
        ]
    )
    national = pd.DataFrame(
        [
            {
                "funder": label,
                "spend": r.value(f"mhep.{key}.spend"),
                "contract_value": r.value(f"mhep.{key}.contract_value"),
            }
            for key, label in (
                ("sof", "Social Outcomes Fund"),
                ("cbo", "Commissioning Better Outcomes Fund"),
            )
        ]
    )
    for df in (local, national):
        df["share_spent"] = df["spend"] / df["contract_value"]
    return local, national

"""MHEP Table 4.2: outcomes per employment specialist by provider :cite:`gadenne2020`.

Examples
--------
>>> list(mhep_per_es().columns)
['Engagements', 'Job starts', 'Six-week outcomes', 'Six-month outcomes']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from .. import validation as v
from ..evidence import Register, as_register

__all__ = ["mhep_per_es", "average_per_specialist"]


MHEP_STAGES = (
    ("engagements", "Engagements"),
    ("job_starts", "Job starts"),
    ("six_week", "Six-week outcomes"),
    ("six_month", "Six-month outcomes"),
)


def mhep_per_es(register: Register | None = None) -> pd.DataFrame:
    """MHEP Table 4.2: average participants per specialist at each stage, by provider.

    Missing values (providers that did not record six-month outcomes) are NaN.

    Examples
    --------
    >>> float(mhep_per_es().loc["Provider 3", "Job starts"])
    27.0
    """
    r = as_register(register)
    table = {}
    for n in range(1, 6):
        row = {}
        for key, label in MHEP_STAGES:
            k = f"monitoring.mhep_per_es.provider_{n}.{key}"
            row[label] = r.value(k) if k in r else math.nan
        table[f"Provider {n}"] = row
    table["All providers (published)"] = {
        label: r.value(f"monitoring.mhep_per_es.all.{key}_published") for key, label in MHEP_STAGES
    }
    return pd.DataFrame(table).T


def average_per_specialist(values: Sequence[float]) -> float:
    """The simple average of providers' per-specialist figures, ignoring missing ones.

    This is how MHEP's "All providers" row is formed: the mean of the five providers'
    figures (of three for six-month outcomes).

    Examples
    --------
    >>> round(average_per_specialist([18, 54, 87, 28, 42]), 1)
    45.8
    """
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__iter__"):
        raise TypeError(f"values must be a list of figures; got {values!r}")
    kept = []
    for i, x in enumerate(values):
        if not (isinstance(x, float) and math.isnan(x)):
            with v.located(f"values[{i}]"):
                kept.append(v.non_negative("values", x))
    if not kept:
        raise ValueError("values must hold at least one figure")
    return sum(kept) / len(kept)

"""Suggested KPI ranges per fidelity model, and a check that flags values outside them.

The ranges are the Whitworth commissioning guide's suggested values for SEQF and for
IPS in population groups beyond severe mental illness :cite:`whitworth2024guide`,
held in the evidence register under keys ``kpi.<model>.<kpi>.<min|max>``.

Example
-------
>>> ranges = kpi_ranges("IPS")
>>> ranges["unit_cost"].low, ranges["unit_cost"].high
(2000.0, 2500.0)
>>> check_kpis({"job_entry": 0.31}, "IPS")["status"].tolist()
['below']
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from . import validation as v
from .evidence import Register, as_register

__all__ = ["KPIS", "KpiRange", "kpi_ranges", "check_kpis", "sizing_kpis"]

KPIS: dict[str, tuple[str, str]] = {
    "unit_cost": ("Cost per participant (unit cost)", "GBP"),
    "access": ("Access: referrals who start", "share"),
    "caseload": ("Active caseload per specialist", "clients"),
    "job_entry": ("Paid work entry: starters into paid work", "share"),
    "sustain": ("Sustained employment: job entries sustained", "share"),
}
"""KPI name -> (label, unit) for the numeric KPIs the guide suggests."""

MODELS = ("IPS", "SEQF")


@dataclass(frozen=True)
class KpiRange:
    """A suggested range; ``low`` or ``high`` is ``None`` when open-ended.

    It holds numbers only: :func:`guidance.presentation.words.range_in_words` writes it in
    words ("at least 70%"), and a calculator shows it as
    :func:`guidance.calculators.ranges.range_text`.
    """

    kpi: str
    label: str
    unit: str
    model: str
    low: float | None
    high: float | None
    source: str

    def status(self, value: float) -> str:
        """'below', 'above' or 'within' the range ('not computed' for NaN).

        Examples
        --------
        >>> kpi_ranges("SEQF")["caseload"].status(18)
        'above'
        """
        value = v.number(self.kpi, value) if not _is_nan(value) else math.nan
        if math.isnan(value):
            return "not computed"
        if self.low is not None and value < self.low - 1e-9:
            return "below"
        if self.high is not None and value > self.high + 1e-9:
            return "above"
        return "within"


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def kpi_ranges(model: str, register: Register | None = None) -> dict[str, KpiRange]:
    """The suggested numeric KPI ranges for ``model`` ('IPS' or 'SEQF').

    Examples
    --------
    >>> kpi_ranges("SEQF")["sustain"].low
    0.7
    """
    model = v.choice("model", model, MODELS)
    r = as_register(register)
    m = model.lower()
    out: dict[str, KpiRange] = {}
    for kpi, (label, unit) in KPIS.items():
        low_key, high_key = f"kpi.{m}.{kpi}.min", f"kpi.{m}.{kpi}.max"
        low = r.value(low_key) if low_key in r else None
        high = r.value(high_key) if high_key in r else None
        source = r[low_key if low is not None else high_key].source
        if kpi == "sustain":
            label = f"{label} to {int(r.value(f'kpi.{m}.sustain.weeks'))} weeks"
        out[kpi] = KpiRange(kpi, label, unit, model, low, high, source)
    return out


def check_kpis(
    values: Mapping[str, float], model: str, register: Register | None = None
) -> pd.DataFrame:
    """Place each computed KPI against the model's suggested range.

    Parameters
    ----------
    values : mapping
        KPI name (a key of :data:`KPIS`) -> computed value (shares as 0-1).
    model : {"IPS", "SEQF"}

    Returns
    -------
    pandas.DataFrame
        Columns ``kpi``, ``label``, ``value``, ``unit`` (an evidence-register unit),
        ``low`` and ``high`` (the suggested range; None where open-ended), ``status``
        ('within', 'below', 'above' or 'not computed').

    Examples
    --------
    >>> check_kpis({"unit_cost": 2600}, "IPS")[["kpi", "status"]].values.tolist()
    [['unit_cost', 'above']]
    """
    if not isinstance(values, Mapping):
        raise TypeError("values must be a mapping of KPI name to value")
    ranges = kpi_ranges(model, register)
    rows = []
    for kpi, value in values.items():
        if kpi not in ranges:
            raise ValueError(f"values has unknown KPI {kpi!r}; allowed: {', '.join(KPIS)}")
        rng = ranges[kpi]
        rows.append(
            {
                "kpi": kpi,
                "label": rng.label,
                "value": value,
                "unit": rng.unit,
                "low": rng.low,
                "high": rng.high,
                "status": _status(rng, kpi, value),
            }
        )
    columns = ["kpi", "label", "value", "unit", "low", "high", "status"]
    return pd.DataFrame(rows, columns=columns)


def _status(rng: KpiRange, kpi: str, value: object) -> str:
    with v.located(f"values[{kpi!r}]"):
        return rng.status(value)


def sizing_kpis(result, register: Register | None = None) -> pd.DataFrame:
    """Check a :class:`guidance.core.sizing.SizingResult` against its model's KPI ranges.

    The caseload is only checked when the service was sized from a caseload; with the
    clients-a-year method it is reported as not computed.

    Examples
    --------
    >>> from guidance.calculators.service_sizing import sizing_inputs
    >>> from guidance.core.sizing import size_service
    >>> sizing_kpis(size_service(sizing_inputs()))["status"].tolist()
    ['within', 'within', 'not computed', 'within', 'within']
    """
    from .sizing import SizingResult

    if not isinstance(result, SizingResult):
        raise TypeError(f"result must be a SizingResult from size_service; got {result!r}")
    i = result.inputs
    values = {
        "unit_cost": result.cost_per_starter,
        "access": i.access_rate,
        "caseload": i.caseload if i.staffing_method == "caseload" else math.nan,
        "job_entry": i.job_entry_rate,
        "sustain": i.sustain_rate,
    }
    return check_kpis(values, i.model, register)

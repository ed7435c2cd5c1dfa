"""The KPI dashboard: each KPI of a return against its target, as a traffic light.

Targets come from the contract-parameters KPI ranges (:func:`guidance.core.kpis.kpi_ranges`)
and the evidence register; the volume check follows the ramp-up of
:func:`guidance.core.sizing.ramp_up`.

Examples
--------
>>> from guidance.core.monitoring import example_path, load_return
>>> kpi_dashboard(load_return(example_path()))["kpi"].tolist()[:3]
['access', 'job_entry', 'sustain']
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import validation as v
from ..evidence import Register, as_register
from ..kpis import kpi_ranges
from ..sizing import MAX_CONTRACT_MONTHS, ramp_up
from .returns import MonthlyReturn
from .trends import STAGES, _check_return, _ratio, _weeks, monthly_trends, specialist_productivity

__all__ = [
    "STATUS_WORDS",
    "STATUS_COLOURS",
    "TARGET_BASES",
    "traffic_light",
    "kpi_dashboard",
    "annual_capacity",
]


STATUS_WORDS = {
    "on": "On target",
    "near": "Near target",
    "off": "Off target",
    "none": "Not computed",
}
"""The word shown with each traffic-light colour (colour is never used alone)."""

STATUS_COLOURS = {"on": "#009E73", "near": "#E69F00", "off": "#D55E00", "none": "#595959"}
"""Okabe-Ito green, orange and vermillion, and grey."""

TARGET_BASES = ("suggested", "fidelity_top_score", "plan", "none")
"""Where a KPI's target comes from: the model's suggested range
(:func:`guidance.core.kpis.kpi_ranges`), the top score on an IPS fidelity item, a share of
the ramped plan, or no published target (``target_low`` and ``target_high`` are then
None)."""


def traffic_light(
    value: float, low: float | None = None, high: float | None = None, margin: float = 0.1
) -> str:
    """'on', 'near' or 'off' target ('none' for NaN), given a range and an amber margin.

    ``near`` means outside the range by no more than ``margin`` of the target (a share).

    Examples
    --------
    >>> traffic_light(0.4, low=0.4), traffic_light(0.37, low=0.4), traffic_light(0.3, low=0.4)
    ('on', 'near', 'off')
    >>> traffic_light(27, high=25)
    'near'
    """
    margin = v.share("amber_margin", margin)
    low = None if low is None else v.number("low", low)
    high = None if high is None else v.number("high", high)
    if low is not None and high is not None and low > high:
        raise ValueError(f"low ({low:g}) must not be above high ({high:g})")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "none"
    value = v.number("value", value)
    if low is not None and value < low - 1e-12:
        return "near" if value >= low * (1 - margin) - 1e-12 else "off"
    if high is not None and value > high + 1e-12:
        return "near" if value <= high * (1 + margin) + 1e-12 else "off"
    return "on"


def _sustain_lag(weeks: float) -> int:
    return max(1, math.ceil(weeks * 7 / (365.25 / 12) - 1e-9))


def kpi_dashboard(
    ret: MonthlyReturn,
    model: str = "IPS",
    *,
    last_months: int = 0,
    spend: float = 0.0,
    amber_margin: float = 0.1,
    annual_starters: float = 0.0,
    contract_start: str | pd.Period | None = None,
    ramp_months: int | None = None,
    register: Register | None = None,
) -> pd.DataFrame:
    """Each KPI over the months assessed, against its target, as a traffic light.

    Outcome KPIs (access, job entry, sustainment) and process KPIs (caseload, employer
    contacts) are checked against the model's suggested ranges (chapter 3, from the
    Whitworth guide) and the fidelity scale. Unit cost needs ``spend``; the volume check
    needs ``annual_starters`` and follows the ramp-up as the service embeds.

    Parameters
    ----------
    ret : MonthlyReturn
    model : {"IPS", "SEQF"}
    last_months : int, default 0
        Assess only the last months (0 = all).
    spend : float, default 0
        Money spent over those months, GBP (0 = not given; unit cost not computed).
    amber_margin : float, default 0.1
        How far outside a target still counts as "near target" (a share of the target).
        This is a presentation choice, not a published figure.
    annual_starters : float, default 0
        Contracted starters a year at full performance (0 = no volume check).
    contract_start : str or Period, optional
        First month of the contract ("2023-04"); the return's first month if omitted.
    ramp_months : int, optional
        Months to full performance; the register's upper value (18) if omitted.

    Returns
    -------
    pandas.DataFrame
        ``kpi``, ``kind`` (outcome/process/volume), ``label``, ``value``, ``unit`` (an
        evidence-register unit, of the value and of its target), ``target_low`` and
        ``target_high`` (the target's ends, None where open or where there is no
        target), ``target_basis`` (where the target comes from, one of ``TARGET_BASES``:
        suggested/fidelity_top_score/plan/none), ``status`` (on/near/off/none),
        ``status_word``, ``how``.

    Examples
    --------
    >>> from guidance.core.monitoring import example_path, load_return
    >>> k = kpi_dashboard(load_return(example_path()))
    >>> k["kpi"].tolist()[:3]
    ['access', 'job_entry', 'sustain']
    """
    r = as_register(register)
    model = v.choice("model", model, ("IPS", "SEQF"))
    spend = v.non_negative("spend", spend)
    margin = v.share("amber_margin", amber_margin)
    annual_starters = v.non_negative("annual_starters", annual_starters)
    window = _check_return(ret).last(last_months)
    data = window.data
    ranges = kpi_ranges(model, r)
    m = model.lower()
    rows = []

    def add(kpi, kind, label, value, unit, basis, low=None, high=None, how=""):
        status = "none" if basis == "none" else traffic_light(value, low, high, margin)
        rows.append(
            {
                "kpi": kpi,
                "kind": kind,
                "label": label,
                "value": value,
                "unit": unit,
                "target_low": low,
                "target_high": high,
                "target_basis": basis,
                "status": status,
                "status_word": STATUS_WORDS[status],
                "how": how,
            }
        )

    total = {c: int(data[c].sum()) for _, c in STAGES}
    rng = ranges["access"]
    add(
        "access",
        "outcome",
        "Access: referrals who start",
        _ratio(total["starts"], total["referrals"]),
        "share",
        "suggested",
        rng.low,
        rng.high,
        "starts / referrals over the months assessed",
    )
    rng = ranges["job_entry"]
    add(
        "job_entry",
        "outcome",
        "Paid work entry: starters into paid work",
        _ratio(total["job_entries"], total["starts"]),
        "share",
        "suggested",
        rng.low,
        rng.high,
        "job entries / starts over the months assessed (a cohort measure in the "
        "guide: read it over a year or more)",
    )
    weeks = r.value(f"kpi.{m}.sustain.weeks")
    lag = _sustain_lag(weeks)
    months = ret.months
    in_window = window.months
    first_pos = months.index(in_window[0])
    trends = monthly_trends(ret)
    sustained = dict(zip(trends["month"], trends["sustained"], strict=True))
    entries = dict(zip(trends["month"], trends["job_entries"], strict=True))
    sustain_value = math.nan
    how = f"sustained / job entries {lag} months earlier ({weeks:.0f} weeks)"
    if first_pos >= lag or len(in_window) > lag:
        start = max(first_pos, lag)
        sustained_months = months[start : months.index(in_window[-1]) + 1]
        entry_months = [months[months.index(p) - lag] for p in sustained_months]
        sustain_value = _ratio(
            sum(sustained[p] for p in sustained_months),
            sum(entries[p] for p in entry_months),
        )
    else:
        how += "; not enough months in the return yet"
    rng = ranges["sustain"]
    add(
        "sustain",
        "outcome",
        rng.label,
        sustain_value,
        "share",
        "suggested",
        rng.low,
        rng.high,
        how,
    )
    caseload = float((data["active_caseload"].sum()) / data["fte"].sum())
    rng = ranges["caseload"]
    per_fte = specialist_productivity(window, 0)["caseload_per_fte"]
    n_over = int((per_fte > (rng.high or math.inf)).sum())
    add(
        "caseload",
        "process",
        "Active caseload per full-time specialist",
        caseload,
        "clients",
        "suggested",
        rng.low,
        rng.high,
        f"average month-end caseload per FTE; {n_over} specialist(s) above the maximum",
    )
    if "employer_contacts" in data and data["employer_contacts"].notna().any():
        contacts = data["employer_contacts"].to_numpy(dtype=float)
        known = ~np.isnan(contacts)
        weeks = np.array([_weeks(p) for p in data["month"]])
        weeks_worked = float((data["fte"].to_numpy(dtype=float) * weeks)[known].sum())
        value = _ratio(contacts[known].sum(), weeks_worked)
        if model == "IPS":
            low = r.value("fidelity.ips.employer_contacts_per_week")
            add(
                "employer_contacts",
                "process",
                "Face-to-face employer contacts per full-time specialist a week",
                value,
                "contacts per week",
                "fidelity_top_score",
                low,
                None,
                "employer contacts / (FTE x weeks in the month)",
            )
        else:
            add(
                "employer_contacts",
                "process",
                "Face-to-face employer contacts per full-time specialist a week",
                value,
                "contacts per week",
                "none",
                how="no SEQF benchmark was found",
            )
    if spend > 0:
        rng = ranges["unit_cost"]
        add(
            "unit_cost",
            "outcome",
            "Cost per starter",
            _ratio(spend, total["starts"]),
            "GBP",
            "suggested",
            rng.low,
            rng.high,
            "spend / starts over the months assessed",
        )
    else:
        rng = ranges["unit_cost"]
        add(
            "unit_cost",
            "outcome",
            "Cost per starter",
            math.nan,
            "GBP",
            "suggested",
            rng.low,
            rng.high,
            how="enter the spend for these months",
        )
    if annual_starters > 0:
        if contract_start is None:
            start_period = months[0]
        else:
            try:
                start_period = pd.Period(str(contract_start), freq="M")
            except (ValueError, TypeError):
                raise ValueError(
                    f"contract_start must be a month such as 2023-04; got {contract_start!r}"
                ) from None
            if (in_window[0] - start_period).n > MAX_CONTRACT_MONTHS:
                raise ValueError(
                    f"contract_start must be a month such as 2023-04, at most "
                    f"{MAX_CONTRACT_MONTHS} months before the first month assessed; got "
                    f"{contract_start!r} (read as {start_period})"
                )
        if start_period > in_window[0]:
            raise ValueError(
                f"contract_start ({start_period}) must not be after the first month assessed "
                f"({in_window[0]})"
            )
        ramp = (
            int(r.value("whitworth.ramp_months.max"))
            if ramp_months is None
            else v.positive_count("ramp_months", ramp_months)
        )
        last_index = (in_window[-1] - start_period).n + 1
        plan = ramp_up(annual_starters, last_index, ramp, ranges["job_entry"].low or 0.0)
        first_index = (in_window[0] - start_period).n + 1
        expected = float(plan.loc[plan["month"] >= first_index, "starters"].sum())
        add(
            "starters_vs_plan",
            "volume",
            "Starters against the ramped plan",
            _ratio(total["starts"], expected),
            "share",
            "plan",
            1.0,
            None,
            f"{total['starts']} starts vs {expected:.0f} planned (full performance after "
            f"{ramp} months)",
        )
    return pd.DataFrame(rows)


def annual_capacity(ret: MonthlyReturn, clients_per_es_per_year: float) -> float:
    """Starters a year the latest team could take: FTE x clients per specialist a year.

    Examples
    --------
    >>> from guidance.core.monitoring import example_path, load_return
    >>> annual_capacity(load_return(example_path()), 40) > 0
    True
    """
    _check_return(ret)
    per_es = v.positive("clients_per_es_per_year", clients_per_es_per_year)
    latest = ret.data[ret.data["month"] == ret.months[-1]]
    return float(latest["fte"].sum() * per_es)

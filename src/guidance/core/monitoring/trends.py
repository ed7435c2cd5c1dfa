"""What a loaded return shows: the funnel, monthly trends, each specialist's productivity
and the breakdowns (referral sources, seasonality, access by group, job sectors).

Examples
--------
>>> from guidance.core.monitoring import example_path, load_return
>>> funnel(load_return(example_path()))["stage"].tolist()
['Referrals', 'Starts', 'Job entries', 'Sustained jobs']
"""

from __future__ import annotations

import calendar
import math

import pandas as pd

from .returns import MonthlyReturn

__all__ = ["funnel", "monthly_trends", "specialist_productivity", "breakdowns"]

STAGES = (
    ("Referrals", "referrals"),
    ("Starts", "starts"),
    ("Job entries", "job_entries"),
    ("Sustained jobs", "sustained"),
)


def _check_return(ret: object) -> MonthlyReturn:
    if not isinstance(ret, MonthlyReturn):
        raise TypeError(f"ret must be a MonthlyReturn (from load_return); got {type(ret).__name__}")
    return ret


def _ratio(a: float, b: float) -> float:
    return float(a) / float(b) if b else math.nan


def funnel(ret: MonthlyReturn, last_months: int = 0) -> pd.DataFrame:
    """People at each stage, with the conversion from the stage before.

    Examples
    --------
    >>> from guidance.core.monitoring import example_path, load_return
    >>> f = funnel(load_return(example_path()))
    >>> int(f.loc[1, "people"]) == int(load_return(example_path()).data["starts"].sum())
    True
    """
    data = _check_return(ret).last(last_months).data
    people = [int(data[c].sum()) for _, c in STAGES]
    return pd.DataFrame(
        {
            "stage": [s for s, _ in STAGES],
            "people": people,
            "share_of_previous": [math.nan]
            + [_ratio(b, a) for a, b in zip(people, people[1:], strict=False)],
            "share_of_referrals": [_ratio(p, people[0]) for p in people],
        }
    )


def _weeks(period: pd.Period) -> float:
    return period.days_in_month / 7


def monthly_trends(ret: MonthlyReturn) -> pd.DataFrame:
    """Team totals by month, with caseload per FTE and, if reported, employer contacts.

    Examples
    --------
    >>> from guidance.core.monitoring import example_path, load_return
    >>> t = monthly_trends(load_return(example_path()))
    >>> list(t.columns)[:5]
    ['month', 'specialists', 'fte', 'referrals', 'starts']
    """
    return _check_return(ret)._remember("trends", lambda: _trends(ret.data)).copy()


def _trends(data: pd.DataFrame) -> pd.DataFrame:
    grouped = data.groupby("month", sort=True)
    # one plain sum over the columns: pandas' named aggregation is ten times slower
    sums = grouped[["fte", *(c for _, c in STAGES), "active_caseload"]].sum()
    sums.insert(0, "specialists", grouped["specialist"].nunique())
    out = sums.reset_index()
    out["caseload_per_fte"] = out["active_caseload"] / out["fte"]
    if "employer_contacts" in data:
        contacts = grouped["employer_contacts"].sum(min_count=1).to_numpy(dtype=float)
        weeks = out["month"].map(_weeks).to_numpy()
        out["employer_contacts_per_fte_week"] = contacts / (out["fte"].to_numpy() * weeks)
    return out


def specialist_productivity(ret: MonthlyReturn, last_months: int = 12) -> pd.DataFrame:
    """Each specialist's numbers over the last months, per full-time year (as MHEP Table 4.2).

    "Per FTE-year" divides by the full-time-equivalent years worked in the window, so a
    part-time specialist or one who joined mid-year is compared fairly.

    Examples
    --------
    >>> from guidance.core.monitoring import example_path, load_return
    >>> p = specialist_productivity(load_return(example_path()))
    >>> {"starts_per_fte_year", "job_entries_per_fte_year"} <= set(p.columns)
    True
    """
    window = _check_return(ret).last(last_months)
    return window._remember("productivity", lambda: _productivity(window.data)).copy()


def _productivity(data: pd.DataFrame) -> pd.DataFrame:
    grouped = data.groupby("specialist", sort=False)
    sums = grouped[["fte", "referrals", "starts", "job_entries", "sustained", "active_caseload"]]
    out = sums.sum().rename(columns={"fte": "fte_years", "active_caseload": "caseload"})
    out.insert(0, "months", grouped["month"].nunique())
    out = out.reset_index()
    out["fte_years"] = out["fte_years"] / 12
    fte_months = out["fte_years"] * 12
    out["caseload_per_fte"] = out["caseload"] / fte_months
    for column in ("starts", "job_entries", "sustained"):
        out[f"{column}_per_fte_year"] = out[column] / out["fte_years"]
    out["job_entry_rate"] = [
        _ratio(j, s) for j, s in zip(out["job_entries"], out["starts"], strict=True)
    ]
    return out.drop(columns="caseload")


def breakdowns(ret: MonthlyReturn, last_months: int = 0) -> dict[str, pd.DataFrame]:
    """Tables for a deep dive: referral sources, seasonality, access by group, job sectors.

    Returns
    -------
    dict
        ``referral_sources`` (source, referrals, share), ``seasonality`` (calendar month,
        average referrals a month, index against the average month), ``groups`` (group,
        referrals, starts, access, access for everyone else), ``sectors`` (sector, job entries,
        share). A table is empty when the return has no such columns.

    Examples
    --------
    >>> from guidance.core.monitoring import example_path, load_return
    >>> sorted(breakdowns(load_return(example_path())))
    ['groups', 'referral_sources', 'seasonality', 'sectors']
    """
    data = _check_return(ret).last(last_months).data
    total_ref = int(data["referrals"].sum())

    def label(column: str, prefix: str) -> str:
        return column[len(prefix) :].replace("_", " ")

    def split(prefix: str, name: str, measure: str, total: int) -> pd.DataFrame:
        """Totals of the ``prefix`` columns, the unrecorded rest, and each one's share."""
        cols = ret.columns_with(prefix)
        table = pd.DataFrame(
            {
                name: [label(c, prefix) for c in cols],
                measure: [int(data[c].sum()) for c in cols],
            }
        )
        if cols:
            recorded = int(table[measure].sum())
            if total > recorded:
                table.loc[len(table)] = [f"{name} not recorded", total - recorded]
            table = table.sort_values(measure, ascending=False, kind="stable")
            table["share"] = table[measure] / total if total else math.nan
            table = table.reset_index(drop=True)
        return table

    sources = split("referrals_from_", "source", "referrals", total_ref)
    monthly = data.groupby("month")["referrals"].sum().reset_index()
    monthly["calendar_month"] = monthly["month"].map(lambda p: p.month)
    season = monthly.groupby("calendar_month")["referrals"].agg(["mean", "count"]).reset_index()
    overall = monthly["referrals"].mean()
    season.insert(0, "month", season["calendar_month"].map(lambda m: calendar.month_abbr[m]))
    season = season.rename(columns={"mean": "average_referrals", "count": "years"})
    season["index"] = season["average_referrals"] / overall if overall else math.nan
    season = season.drop(columns="calendar_month")
    groups = []
    for column in ret.columns_with("referrals_group_"):
        name = column[len("referrals_group_") :]
        starts_col = "starts_group_" + name
        if starts_col not in data:
            continue
        g_ref, g_start = int(data[column].sum()), int(data[starts_col].sum())
        rest_ref = total_ref - g_ref
        rest_start = int(data["starts"].sum()) - g_start
        groups.append(
            {
                "group": name.replace("_", " "),
                "referrals": g_ref,
                "starts": g_start,
                "share_of_referrals": _ratio(g_ref, total_ref),
                "access": _ratio(g_start, g_ref),
                "access_everyone_else": _ratio(rest_start, rest_ref),
            }
        )
    sectors = split("job_entries_sector_", "sector", "job_entries", int(data["job_entries"].sum()))
    return {
        "referral_sources": sources,
        "seasonality": season,
        "groups": pd.DataFrame(
            groups,
            columns=[
                "group",
                "referrals",
                "starts",
                "share_of_referrals",
                "access",
                "access_everyone_else",
            ],
        ),
        "sectors": sectors,
    }

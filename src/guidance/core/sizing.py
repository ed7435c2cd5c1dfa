"""Service sizing: from a population to staff, budget and job outcomes.

The chain follows the Fair Start Scotland review's method :cite:`socialfinance2020`
with the KPI ranges of the Whitworth commissioning guide :cite:`whitworth2024guide`:

population in contact with services -> eligible (not already in work, interested in work)
-> reached (starters) per year -> referrals needed (access rate) -> employment
specialists (clients per specialist per year, or caseload and time on caseload) ->
team leaders -> budget (unit cost, or a staff cost build-up) -> job entries -> sustained
jobs -> cost per job outcome.

The functions take plain values and know no evidence-register keys: a calculator's
defaults (and where each comes from) are declared once, in its definition
(:mod:`guidance.calculators.service_sizing` for this chain).

Example
-------
>>> inputs = SizingInputs(
...     in_contact=60424, share_in_work=0.1, share_interested=0.3, reach_per_year=0.25,
...     access_rate=0.7, staffing_method="clients_per_year", clients_per_es_per_year=40,
...     caseload=25, months_on_caseload=16, es_per_team_leader=6, budget_method="unit_cost",
...     unit_cost=2000, salary_es=33437, salary_team_leader=40823, ni_rate=0.15,
...     ni_threshold_monthly=417, pension_rate=0.143, overheads_rate=0.2,
...     job_entry_rate=0.4, sustain_rate=0.65)
>>> result = size_service(inputs)
>>> round(result.eligible)
16314
>>> round(result.specialists, 1)
102.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

import pandas as pd

from . import validation as v
from .evidence import Register, as_register

__all__ = [
    "SizingInputs",
    "SizingResult",
    "size_service",
    "loaded_salary",
    "round_half_up",
    "size_regions",
    "region_totals",
    "fss_region_inputs",
    "ramp_up",
    "contract_year_targets",
]

STAFFING_METHODS = ("clients_per_year", "caseload")
BUDGET_METHODS = ("unit_cost", "staff_costs")
MODELS = ("IPS", "SEQF")
MAX_CONTRACT_MONTHS = 600
"""Longest contract :func:`ramp_up` plans, in months (a guard against typing errors)."""


def round_half_up(x: float) -> int:
    """Round to the nearest whole number, halves upwards (as spreadsheets do).

    Python's built-in :func:`round` rounds halves to the nearest even number,
    which would not reproduce published tables made in a spreadsheet.

    Examples
    --------
    >>> round_half_up(2.5), round(2.5)
    (3, 2)
    """
    return int(math.floor(v.number("x", x) + 0.5))


def loaded_salary(
    salary: float, ni_rate: float, ni_threshold_monthly: float, pension_rate: float
) -> float:
    """Annual employer cost of one post: salary + employer National Insurance + pension.

    Employer National Insurance is charged at ``ni_rate`` on earnings above
    12 x ``ni_threshold_monthly``; the pension contribution on the whole salary.

    Examples
    --------
    >>> round(loaded_salary(33437, 0.15, 417, 0.143))
    42483
    """
    salary = v.non_negative("salary", salary)
    ni_rate = v.share("ni_rate", ni_rate)
    threshold = v.non_negative("ni_threshold_monthly", ni_threshold_monthly) * 12
    pension_rate = v.share("pension_rate", pension_rate)
    return salary + ni_rate * max(0.0, salary - threshold) + pension_rate * salary


@dataclass(frozen=True)
class SizingInputs:
    """Validated inputs to :func:`size_service`.

    Shares are fractions between 0 and 1 (0.3 means 30%). The calculator's defaults (from
    the evidence register) are declared in its definition:
    :func:`guidance.calculators.service_sizing.sizing_inputs` builds one from them; change
    what is local with :meth:`with_changes`.

    Parameters
    ----------
    in_contact : int
        People in contact with the services the referrals come from.
    share_in_work : float
        Share of them already in work (not eligible).
    share_interested : float
        Share of those not in work who want to work in a given year.
    reach_per_year : float
        Share of the eligible population the service should reach (start) each year.
    access_rate : float
        Share of referrals that start on the service.
    staffing_method : {"clients_per_year", "caseload"}
        Size specialists from clients per specialist per year, or from caseload and
        the average months a client stays on a caseload.
    clients_per_es_per_year : float
        Clients one employment specialist works with in a year.
    caseload : float
        Active caseload per employment specialist (``caseload`` method).
    months_on_caseload : float
        Average months a client stays on a caseload (``caseload`` method).
    es_per_team_leader : float
        Employment specialists per team leader.
    budget_method : {"unit_cost", "staff_costs"}
        Budget from a cost per starter, or built up from salaries and overheads.
    unit_cost : float
        Cost per starter (``unit_cost`` method), GBP.
    salary_es, salary_team_leader : float
        Annual salaries, GBP (``staff_costs`` method).
    ni_rate, ni_threshold_monthly, pension_rate, overheads_rate : float
        Employer on-costs and non-staff overheads (``staff_costs`` method).
    job_entry_rate : float
        Share of starters who enter paid work.
    sustain_rate : float
        Share of job entries sustained to the sustainment point.
    model : {"IPS", "SEQF"}
        Fidelity model whose suggested KPI ranges the result is checked against.
    """

    in_contact: int
    share_in_work: float
    share_interested: float
    reach_per_year: float
    access_rate: float
    staffing_method: str
    clients_per_es_per_year: float
    caseload: float
    months_on_caseload: float
    es_per_team_leader: float
    budget_method: str
    unit_cost: float
    salary_es: float
    salary_team_leader: float
    ni_rate: float
    ni_threshold_monthly: float
    pension_rate: float
    overheads_rate: float
    job_entry_rate: float
    sustain_rate: float
    model: str = "IPS"

    def __post_init__(self) -> None:
        object.__setattr__(self, "in_contact", v.count("in_contact", self.in_contact))
        for name in (
            "share_in_work",
            "share_interested",
            "reach_per_year",
            "access_rate",
            "ni_rate",
            "pension_rate",
            "overheads_rate",
            "job_entry_rate",
            "sustain_rate",
        ):
            object.__setattr__(self, name, v.share(name, getattr(self, name)))
        for name in (
            "clients_per_es_per_year",
            "caseload",
            "months_on_caseload",
            "es_per_team_leader",
        ):
            object.__setattr__(self, name, v.positive(name, getattr(self, name)))
        for name in ("unit_cost", "salary_es", "salary_team_leader", "ni_threshold_monthly"):
            object.__setattr__(self, name, v.non_negative(name, getattr(self, name)))
        v.choice("staffing_method", self.staffing_method, STAFFING_METHODS)
        v.choice("budget_method", self.budget_method, BUDGET_METHODS)
        v.choice("model", self.model, MODELS)
        if self.access_rate == 0:
            raise ValueError("access_rate must be greater than zero (referrals = starters / rate)")

    def with_changes(self, **changes: object) -> SizingInputs:
        """Return a copy with some inputs changed (validated again).

        Examples
        --------
        >>> from guidance.calculators.service_sizing import sizing_inputs
        >>> sizing_inputs().with_changes(reach_per_year=0.5).reach_per_year
        0.5
        """
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unknown sizing input(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)

    def to_dict(self) -> dict[str, object]:
        """The inputs as a plain dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class SizingResult:
    """What :func:`size_service` computes, per year of a steady-state service."""

    inputs: SizingInputs
    eligible: float
    starters: float
    referrals: float
    clients_per_es_per_year: float
    specialists: float
    team_leaders: float
    budget: float
    job_entries: float
    sustained_jobs: float

    @property
    def cost_per_starter(self) -> float:
        """Budget divided by starters (the unit cost); NaN when nobody starts."""
        return self.budget / self.starters if self.starters else math.nan

    @property
    def cost_per_job(self) -> float:
        """Budget divided by job entries (cost per job outcome); NaN when there are none."""
        return self.budget / self.job_entries if self.job_entries else math.nan

    @property
    def cost_per_sustained_job(self) -> float:
        """Budget divided by sustained jobs; NaN when there are none."""
        return self.budget / self.sustained_jobs if self.sustained_jobs else math.nan

    @property
    def caseload(self) -> float:
        """Implied active caseload per specialist (clients a year x months on caseload / 12)."""
        return self.clients_per_es_per_year * self.inputs.months_on_caseload / 12

    def funnel(self) -> list[tuple[str, float]]:
        """The people at each stage, for a funnel chart."""
        return [
            ("In contact with services", float(self.inputs.in_contact)),
            ("Eligible (not in work, interested)", self.eligible),
            ("Referrals needed a year", self.referrals),
            ("Starters a year", self.starters),
            ("Job entries a year", self.job_entries),
            ("Sustained jobs a year", self.sustained_jobs),
        ]

    def table(self) -> pd.DataFrame:
        """The results as a two-column table (measure, value) with units in the names."""
        rows = [(label, value) for label, value in self.funnel()]
        rows += [
            ("Clients per specialist a year", self.clients_per_es_per_year),
            ("Employment specialists (FTE)", self.specialists),
            ("Team leaders (FTE)", self.team_leaders),
            ("Annual budget (GBP)", self.budget),
            ("Cost per starter (GBP)", self.cost_per_starter),
            ("Cost per job entry (GBP)", self.cost_per_job),
            ("Cost per sustained job (GBP)", self.cost_per_sustained_job),
        ]
        return pd.DataFrame(rows, columns=["measure", "value"])


def size_service(inputs: SizingInputs) -> SizingResult:
    """Size a Supported Employment service for one steady-state year.

    Parameters
    ----------
    inputs : SizingInputs
        Validated inputs (the calculator's defaults:
        :func:`guidance.calculators.service_sizing.sizing_inputs`).

    Returns
    -------
    SizingResult
        Unrounded figures: specialists and team leaders are full-time equivalents.

    Examples
    --------
    >>> from guidance.calculators.service_sizing import sizing_inputs
    >>> r = size_service(sizing_inputs(in_contact=1000))
    >>> r.eligible, r.starters, r.specialists
    (270.0, 67.5, 1.6875)
    """
    if not isinstance(inputs, SizingInputs):
        raise TypeError(f"inputs must be a SizingInputs; got {type(inputs).__name__}")
    i = inputs
    eligible = i.in_contact * (1 - i.share_in_work) * i.share_interested
    starters = eligible * i.reach_per_year
    referrals = starters / i.access_rate
    if i.staffing_method == "clients_per_year":
        per_es = i.clients_per_es_per_year
    else:
        per_es = i.caseload * 12 / i.months_on_caseload
    specialists = starters / per_es
    team_leaders = specialists / i.es_per_team_leader
    if i.budget_method == "unit_cost":
        budget = starters * i.unit_cost
    else:
        es_cost = loaded_salary(i.salary_es, i.ni_rate, i.ni_threshold_monthly, i.pension_rate)
        tl_cost = loaded_salary(
            i.salary_team_leader, i.ni_rate, i.ni_threshold_monthly, i.pension_rate
        )
        budget = (specialists * es_cost + team_leaders * tl_cost) * (1 + i.overheads_rate)
    job_entries = starters * i.job_entry_rate
    return SizingResult(
        inputs=i,
        eligible=eligible,
        starters=starters,
        referrals=referrals,
        clients_per_es_per_year=per_es,
        specialists=specialists,
        team_leaders=team_leaders,
        budget=budget,
        job_entries=job_entries,
        sustained_jobs=job_entries * i.sustain_rate,
    )


def fss_region_inputs(register: Register | None = None) -> pd.DataFrame:
    """The Fair Start Scotland region table's inputs and published results.

    Returns
    -------
    pandas.DataFrame
        Columns ``region``, ``in_contact``, ``eligible_published``, ``es_published``.

    Examples
    --------
    >>> int(fss_region_inputs()["in_contact"].sum())
    60424
    """
    r = as_register(register)
    rows = []
    for row in r.prefixed("fss.region."):
        slug, field = row.key.split(".")[2:4]
        if field == "in_contact":
            rows.append(
                {
                    "region": row.description.split(":")[0],
                    "in_contact": int(row.value),
                    "eligible_published": int(r.value(f"fss.region.{slug}.eligible_published")),
                    "es_published": int(r.value(f"fss.region.{slug}.es_published")),
                }
            )
    return pd.DataFrame(rows)


def size_regions(
    in_contact: Mapping[str, int],
    share_in_work: float,
    share_interested: float,
    reach_per_year: float,
    clients_per_es_per_year: float,
    minimum_es: int = 1,
) -> pd.DataFrame:
    """Eligible clients and employment specialists for each region, rounded as in FSS.

    Each region's eligible count is rounded to a whole person and its specialists to a
    whole post, with at least ``minimum_es`` per region, as in the Fair Start Scotland
    region table :cite:`socialfinance2020`.

    Parameters
    ----------
    in_contact : mapping of str to int
        People in contact with services, by region.
    share_in_work, share_interested, reach_per_year : float
        Shares between 0 and 1.
    clients_per_es_per_year : float
        Clients one specialist works with in a year (greater than zero).
    minimum_es : int, default 1
        Fewest specialists any region gets.

    Returns
    -------
    pandas.DataFrame
        Columns ``region``, ``in_contact``, ``eligible`` (unrounded), ``eligible_rounded``,
        ``es`` (unrounded) and ``es_rounded``.

    Examples
    --------
    >>> size_regions({"Orkney": 268}, 0.1, 0.3, 0.25, 40)[["eligible_rounded", "es_rounded"]]
       eligible_rounded  es_rounded
    0                72           1
    """
    if not isinstance(in_contact, Mapping) or not in_contact:
        raise TypeError("in_contact must be a non-empty mapping of region name to people")
    share_in_work = v.share("share_in_work", share_in_work)
    share_interested = v.share("share_interested", share_interested)
    reach_per_year = v.share("reach_per_year", reach_per_year)
    per_es = v.positive("clients_per_es_per_year", clients_per_es_per_year)
    minimum_es = v.count("minimum_es", minimum_es)
    rows = []
    for region, people in in_contact.items():
        people = v.count(f"in_contact[{region!r}]", people)
        eligible = people * (1 - share_in_work) * share_interested
        eligible_rounded = round_half_up(eligible)
        es = eligible_rounded * reach_per_year / per_es
        rows.append(
            {
                "region": str(region),
                "in_contact": people,
                "eligible": eligible,
                "eligible_rounded": eligible_rounded,
                "es": es,
                "es_rounded": max(minimum_es, round_half_up(es)),
            }
        )
    return pd.DataFrame(rows)


def region_totals(regions: pd.DataFrame) -> dict[str, float]:
    """Totals of a :func:`size_regions` table, under both rounding conventions.

    Returns
    -------
    dict
        ``in_contact``; ``eligible_total_rounded`` (round the unrounded total, as the
        source's eligible total does); ``eligible_sum_of_rounded``; ``es_sum_of_rounded``
        (add the rounded regions, as the source's specialist total does);
        ``es_total_rounded`` (round the unrounded total).

    Examples
    --------
    >>> t = region_totals(size_regions({"A": 224, "B": 268}, 0.1, 0.3, 0.25, 40))
    >>> t["es_sum_of_rounded"], t["es_total_rounded"]
    (2, 1)
    """
    if not isinstance(regions, pd.DataFrame):
        raise TypeError(f"regions must be a size_regions table; got {type(regions).__name__}")
    missing = {"in_contact", "eligible", "eligible_rounded", "es", "es_rounded"} - set(regions)
    if missing:
        raise ValueError(f"regions is missing column(s): {', '.join(sorted(missing))}")
    return {
        "in_contact": int(regions["in_contact"].sum()),
        "eligible_total_rounded": round_half_up(regions["eligible"].sum()),
        "eligible_sum_of_rounded": int(regions["eligible_rounded"].sum()),
        "es_sum_of_rounded": int(regions["es_rounded"].sum()),
        "es_total_rounded": round_half_up(regions["es"].sum()),
    }


def ramp_up(
    annual_starters: float,
    contract_months: int,
    ramp_months: int,
    job_entry_rate: float,
    start_share: float = 0.0,
) -> pd.DataFrame:
    """Monthly starters and job entries while a new service embeds.

    Capacity rises in a straight line from ``start_share`` of full performance in the
    first month to full performance at month ``ramp_months`` and stays there. The
    Whitworth guide reports that a new service takes 6 to 18 months to develop
    :cite:`whitworth2024guide`; the shape between is our simplifying assumption.

    Parameters
    ----------
    annual_starters : float
        Starters a year at full performance.
    contract_months : int
        Length of the contract in months (at least 1).
    ramp_months : int
        Month at which full performance is reached (at least 1).
    job_entry_rate : float
        Share of starters entering paid work at full performance.
    start_share : float, default 0
        Share of full performance in month 1.

    Returns
    -------
    pandas.DataFrame
        One row per month: ``month``, ``capacity`` (0-1), ``starters``,
        ``job_entries``, ``cumulative_starters``, ``cumulative_job_entries``.

    Examples
    --------
    >>> df = ramp_up(120, 24, 12, 0.4)
    >>> df["capacity"].iloc[[0, 5, 11, 23]].round(3).tolist()
    [0.083, 0.5, 1.0, 1.0]
    """
    annual = v.non_negative("annual_starters", annual_starters)
    months = v.positive_count("contract_months", contract_months)
    if months > MAX_CONTRACT_MONTHS:
        raise ValueError(
            f"contract_months must be at most {MAX_CONTRACT_MONTHS} (50 years); got {months}"
        )
    ramp = v.positive_count("ramp_months", ramp_months)
    rate = v.share("job_entry_rate", job_entry_rate)
    start = v.share("start_share", start_share)
    rows = []
    for month in range(1, months + 1):
        capacity = min(1.0, start + (1 - start) * month / ramp)
        starters = annual / 12 * capacity
        rows.append(
            {
                "month": month,
                "capacity": capacity,
                "starters": starters,
                "job_entries": starters * rate,
            }
        )
    df = pd.DataFrame(rows)
    df["cumulative_starters"] = df["starters"].cumsum()
    df["cumulative_job_entries"] = df["job_entries"].cumsum()
    return df


def contract_year_targets(monthly: pd.DataFrame) -> pd.DataFrame:
    """Starters and job entries per contract year from a :func:`ramp_up` table.

    A final part-year is labelled with its months.

    Examples
    --------
    >>> contract_year_targets(ramp_up(120, 24, 12, 0.5))["starters"].round(1).tolist()
    [65.0, 120.0]
    """
    if not isinstance(monthly, pd.DataFrame):
        raise TypeError(f"monthly must be a ramp_up table; got {type(monthly).__name__}")
    missing = {"month", "starters", "job_entries", "capacity"} - set(monthly)
    if missing:
        raise ValueError(f"monthly is missing column(s): {', '.join(sorted(missing))}")
    year = (monthly["month"] - 1) // 12 + 1
    grouped = monthly.groupby(year).agg(
        months=("month", "count"),
        capacity=("capacity", "mean"),
        starters=("starters", "sum"),
        job_entries=("job_entries", "sum"),
    )
    grouped.index.name = "contract_year"
    return grouped.reset_index()

"""Chapter 5: creaming and parking - what one easier and one harder client are worth.

Under each of the simulator's three mechanisms, the expected margin on one client who is
easier to help and one who is harder, and the graduated tariff (or flat supplement) that
removes the provider's incentive to pick the easier one.

Example
-------
>>> from guidance.presentation.render import text
>>> text(CREAMING_PARKING.run().summary)[:56]
'Under 100% outcomes an easier client is worth £1,631 mor'
"""

from __future__ import annotations

import math

from ..core import validation as v
from ..core.evidence import load_register
from ..core.payments import (
    ClientGroup,
    Targets,
    creaming_table,
    mhep_providers,
    standard_mechanisms,
    targets_from,
)
from .payment_simulator import default_contract_value, delivery_inputs, standard_block_shares
from .spec import Column, Default, Definition, Figure, Input, Output, Q, Table, Text

__all__ = ["CREAMING_PARKING", "creaming_output", "incentive_text"]

_NOTHING = "no tariffs to graduate"
_NOT_NEEDED = "not needed: no incentive to cream"


def _multiplier(gap: float, multiplier: float) -> Q | str:
    """The graduated-tariff cell: the multiplier, or why there is none."""
    if round(gap) <= 0:
        return _NOT_NEEDED
    return Q(float(multiplier), "number", 2) if math.isfinite(multiplier) else _NOTHING


def incentive_text(mechanism: str, gap: float, multiplier: float) -> Text:
    """The incentive to cream under one mechanism, worded for the sign of the gap.

    ``gap`` is the margin on an easier client minus that on a harder one;
    ``multiplier`` the graduated tariff for the harder group (NaN if none can work).

    Examples
    --------
    >>> incentive_text("A", 638.2, 1.5).plain()
    "Under A an easier client is worth 638.2 more to the provider than a harder one; \
multiplying the harder group's tariffs by 1.5 removes the difference."
    >>> incentive_text("A", -638.2, math.nan).plain()
    'Under A a harder client is worth 638.2 more to the provider than an easier one, so \
there is no incentive to cream.'
    >>> incentive_text("A", 0.0, math.nan).plain()
    'Under A both clients are worth the same to the provider, so there is no incentive to cream.'
    """
    if not isinstance(mechanism, str) or not mechanism.strip():
        raise TypeError(f"mechanism must be the mechanism's name (text); got {mechanism!r}")
    gap = v.number("gap", gap)
    if isinstance(multiplier, bool) or not isinstance(multiplier, (int, float)):
        raise TypeError(f"multiplier must be a number (NaN if none can work); got {multiplier!r}")
    rounded = round(gap)
    if rounded == 0:
        return Text(
            f"Under {mechanism} both clients are worth the same to the provider, so there is "
            "no incentive to cream."
        )
    if rounded < 0:
        return Text(
            f"Under {mechanism} a harder client is worth ",
            Q(-gap, "GBP"),
            " more to the provider than an easier one, so there is no incentive to cream.",
        )
    if math.isfinite(multiplier):
        return Text(
            f"Under {mechanism} an easier client is worth ",
            Q(gap, "GBP"),
            " more to the provider than a harder one; multiplying the harder group's tariffs by ",
            Q(multiplier, "number", 2),
            " removes the difference.",
        )
    return Text(
        f"Under {mechanism} an easier client is worth ",
        Q(gap, "GBP"),
        " more to the provider than a harder one; with no outcome tariffs to graduate, only "
        "a supplement per harder client removes the difference.",
    )


def creaming_output(
    contract_value: float,
    planned_clients: float,
    target_job_starts: float,
    target_sustainments: float,
    easier_job_rate: float,
    harder_job_rate: float,
    sustain_rate: float,
    easier_cost: float,
    harder_cost: float,
) -> Output:
    """Margin per client for an easier and a harder group under the three mechanisms.

    ``margin = block / planned clients + expected outcome payments - support cost``;
    the gap is the easier group's margin minus the harder group's (see
    :func:`guidance.core.payments.creaming_table`).

    Examples
    --------
    >>> out = creaming_output(400_000, 200, 60, 40, 0.44, 0.22, 0.7, 2000, 2500)
    >>> len(out.tables[0].rows)
    3
    """
    targets = Targets(planned_clients, target_job_starts, target_sustainments)
    mechanisms = standard_mechanisms(contract_value, targets, standard_block_shares())
    easier = ClientGroup("easier to help", easier_job_rate, sustain_rate, easier_cost)
    harder = ClientGroup("harder to help", harder_job_rate, sustain_rate, harder_cost)
    t = creaming_table(mechanisms, easier, harder, planned_clients)
    records = t.to_dict("records")
    rows = [
        (
            r["mechanism"],
            float(r["margin_easier"]),
            float(r["margin_harder"]),
            float(r["gap"]),
            _multiplier(r["gap"], r["multiplier"]),
            float(r["supplement"]),
        )
        for r in records
    ]
    table = Table(
        "Margin per client and the graduated tariff that removes the incentive to cream",
        (
            Column("mechanism"),
            Column("margin per easier client (£)", "GBP"),
            Column("margin per harder client (£)", "GBP"),
            Column("incentive to cream: easier minus harder (£)", "GBP"),
            Column("graduated tariff: multiply the harder group's tariffs by", "number"),
            Column("or a supplement per harder client of (£)", "GBP"),
        ),
        rows,
    )
    parts: list[str | Q] = ["Grouped bar chart of expected margin per client. "]
    for n, r in enumerate(records):
        parts += [
            ("; " if n else "") + f"{r['mechanism']}: easier ",
            Q(float(r["margin_easier"]), "GBP"),
            ", harder ",
            Q(float(r["margin_harder"]), "GBP"),
        ]
    alt = Text(*parts)
    first = records[0]
    return Output(
        summary=incentive_text(first["mechanism"], first["gap"], first["multiplier"]),
        tables=(table,),
        figures=(Figure("creaming_margins", t, alt=alt),),
    )


# -- defaults ------------------------------------------------------------------------------------
def _target(name: str) -> Default:
    def value(_values: object) -> float:
        return float(round(getattr(targets_from(delivery_inputs()), name)))

    return Default.calculated(
        value, f"expected {name.replace('_', ' ')} of the simulator's default contract"
    )


def _provider_rate(highest: bool) -> Default:
    def value(_values: object) -> float:
        p = mhep_providers(load_register())
        rates = p["job_starts"] / p["engagements"]
        return round(float(rates.max() if highest else rates.min()), 3)

    which = "highest" if highest else "lowest"
    return Default.calculated(
        value,
        f"the {which} job-start rate among the MHEP providers, as an illustration "
        "(gadenne2020, Table 4.1)",
    )


CREAMING_PARKING = Definition(
    name="creaming_parking",
    chapter=5,
    title="Creaming and parking",
    description="What an easier and a harder client are worth to a provider, and the fix.",
    compute=creaming_output,
    inputs=(
        Input(
            "contract_value",
            "Contract value",
            "number",
            Default.calculated(
                lambda _v: float(round(default_contract_value())),
                "as the payment simulator: expected engagements x fss.cost_per_engagement",
            ),
            unit="£",
            minimum=1,
            maximum=100_000_000,
        ),
        Input(
            "planned_clients",
            "Planned clients (engagement target)",
            "number",
            _target("engagements"),
            unit="people",
            minimum=1,
            maximum=1_000_000,
        ),
        Input(
            "target_job_starts",
            "Job-start target",
            "number",
            _target("job_starts"),
            unit="people",
            minimum=1,
            maximum=1_000_000,
        ),
        Input(
            "target_sustainments",
            "Sustainment target",
            "number",
            _target("sustainments"),
            unit="people",
            minimum=1,
            maximum=1_000_000,
        ),
        Input(
            "easier_job_rate",
            "Easier group: chance of a job start",
            "percent",
            _provider_rate(highest=True),
            help="Default: the highest job-start rate among MHEP providers, as an illustration.",
        ),
        Input(
            "harder_job_rate",
            "Harder group: chance of a job start",
            "percent",
            _provider_rate(highest=False),
            help="Default: the lowest job-start rate among MHEP providers, as an illustration.",
        ),
        Input(
            "sustain_rate",
            "Job starts sustained, both groups",
            "percent",
            Default.evidence("mhep.six_week_of_starts_published"),
        ),
        Input(
            "easier_cost",
            "Easier group: support cost per client",
            "number",
            Default.evidence("kpi.ips.unit_cost.min"),
            unit="£",
            minimum=0,
            maximum=100_000,
        ),
        Input(
            "harder_cost",
            "Harder group: support cost per client",
            "number",
            Default.evidence("kpi.ips.unit_cost.max"),
            unit="£",
            minimum=0,
            maximum=100_000,
        ),
    ),
)
"""The creaming and parking calculator."""

"""Creaming and parking as a workbook: under each of the payment simulator's three
mechanisms, the margin on one easier and one harder client, the incentive to cream (the
gap) and the graduated tariff or flat supplement that removes it
(:func:`guidance.core.payments.creaming_table`, as the calculator).

Each mechanism pays a block share of the contract value whatever happens; the rest is
split equally between engagements, job starts and sustainments, and each tariff is its
part divided by its target (:meth:`guidance.core.payments.PaymentMechanism.from_shares`).

Example
-------
>>> SPEC.sections[1].rows[0].cells[1].formula
'BlockPerClient1+EasierIncome1-EasierCost'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...calculators.creaming_parking import CREAMING_PARKING
from ...calculators.payment_simulator import standard_block_shares
from ...calculators.spec import Output
from ...core.payments import Targets, standard_mechanisms
from ._builder import Cell, Row, Section, WorkbookSpec
from ._read import Expected, cell

__all__ = ["SPEC"]

SHARES = (
    ("1-MhepCommissionerOutcomeShare", "All on outcomes (MHEP commissioners, as amended)"),
    ("PaymentsBasePocServiceFeeShare", "Service fee as the Supported Employment proof of concept"),
    ("1-MhepNhsOutcomeShareTypicalMax", "Block, with the top of the usual NHS outcome share"),
)
"""Each mechanism's block share (a formula on the Sources sheet) and its row label."""

_NOT_NEEDED = '"not needed: no incentive to cream"'
_NOTHING = '"no tariffs to graduate"'


def _tariff(k: int, attr: str, per_client: bool = False) -> Expected:
    """The package's value for mechanism ``k`` (0-based): a tariff, or the block per
    planned client."""

    def read(_out: Output, values: Mapping[str, Any]) -> float:
        targets = Targets(
            values["planned_clients"], values["target_job_starts"], values["target_sustainments"]
        )
        m = standard_mechanisms(values["contract_value"], targets, standard_block_shares())[k]
        value = float(getattr(m, attr))
        return value / values["planned_clients"] if per_client else value

    return read


def _name(share: str) -> str:
    """The mechanism's name from its block share, as the package words it."""
    return (
        f'IF({share}=0,"100% outcomes",IF({share}=1,"100% block",'
        f'TEXT({share}*100,"0")&"% block, "&TEXT((1-{share})*100,"0")&"% outcomes"))'
    )


def _income(k: int, group: str) -> str:
    """Expected outcome payments for one client of ``group`` (Easier or Harder)."""
    rate = f"{group}JobRate"
    return f"TariffEngagement{k}+TariffJobStart{k}*{rate}+TariffSustainment{k}*{rate}*SustainRate"


def _tariff_row(k: int, share: str, label: str) -> Row:
    pot = f"ContractValue*(1-BlockShare{k})"

    def tariff(which: str, target: str, attr: str) -> Cell:
        formula = f"IF({pot}>0,{pot}/3/{target},0)"
        return Cell(f"Tariff{which}{k}", formula, "GBP2", _tariff(k - 1, attr))

    return Row(
        label,
        (
            Cell(f"BlockShare{k}", share, "share", None),
            Cell(
                f"BlockPerClient{k}",
                f"ContractValue*BlockShare{k}/PlannedClients",
                "GBP2",
                _tariff(k - 1, "block_amount", per_client=True),
            ),
            tariff("Engagement", "PlannedClients", "tariff_engagement"),
            tariff("JobStart", "TargetJobStarts", "tariff_job_start"),
            tariff("Sustainment", "TargetSustainments", "tariff_sustainment"),
            Cell(f"EasierIncome{k}", _income(k, "Easier"), "GBP2", None),
            Cell(f"HarderIncome{k}", _income(k, "Harder"), "GBP2", None),
        ),
    )


def _margin_row(k: int, label: str) -> Row:
    i = k - 1
    gap = f"Gap{k}"
    multiplier = (
        f"IF({gap}<=0.5,{_NOT_NEEDED},IF(HarderIncome{k}<=0,{_NOTHING},"
        f"MAX(0,EasierIncome{k}-EasierCost+HarderCost)/HarderIncome{k}))"
    )
    return Row(
        label,
        (
            Cell(f"Mechanism{k}", _name(f"BlockShare{k}"), "text", cell(0, i, 0)),
            Cell(
                f"MarginEasier{k}",
                f"BlockPerClient{k}+EasierIncome{k}-EasierCost",
                "GBP",
                cell(0, i, 1),
            ),
            Cell(
                f"MarginHarder{k}",
                f"BlockPerClient{k}+HarderIncome{k}-HarderCost",
                "GBP",
                cell(0, i, 2),
            ),
            Cell(gap, f"MarginEasier{k}-MarginHarder{k}", "GBP", cell(0, i, 3)),
            Cell(f"Multiplier{k}", multiplier, "number", cell(0, i, 4)),
            Cell(f"Supplement{k}", f"MAX(0,{gap})", "GBP", cell(0, i, 5)),
        ),
    )


SPEC = WorkbookSpec(
    definition=CREAMING_PARKING,
    constants=(
        "mhep.commissioner_outcome_share",
        "payments.base_poc.service_fee_share",
        "mhep.nhs_outcome_share_typical.max",
    ),
    message=(
        'IF(TargetJobStarts>PlannedClients+1E-9,"The job-start target must not be more than '
        'the planned clients.",IF(TargetSustainments>TargetJobStarts+1E-9,"The sustainment '
        'target must not be more than the job-start target.",""))'
    ),
    notes=(
        "Each mechanism pays its block share of the contract value whatever happens; the rest "
        "is split equally between engagements, job starts and sustainments, and each tariff "
        "is its part divided by its target, as in the payment simulator.",
        "Margin per client = block per planned client + expected outcome payments - support "
        "cost. The incentive to cream is the easier client's margin minus the harder one's; "
        "50p or less counts as none, as in the app (which rounds it to whole pounds).",
    ),
    sections=(
        Section(
            "Tariffs set from the targets",
            (
                "share paid as a block",
                "block per planned client (£)",
                "engagement tariff (£)",
                "job-start tariff (£)",
                "sustainment tariff (£)",
                "expected outcome payments per easier client (£)",
                "expected outcome payments per harder client (£)",
            ),
            tuple(_tariff_row(k, s, label) for k, (s, label) in enumerate(SHARES, start=1)),
        ),
        Section(
            "Margin per client and the graduated tariff that removes the incentive to cream",
            (
                "mechanism",
                "margin per easier client (£)",
                "margin per harder client (£)",
                "incentive to cream: easier minus harder (£)",
                "graduated tariff: multiply the harder group's tariffs by",
                "or a supplement per harder client of (£)",
            ),
            tuple(_margin_row(k, label) for k, (_, label) in enumerate(SHARES, start=1)),
        ),
    ),
)
"""The creaming-and-parking workbook."""

"""The benefit ledger as a workbook: gains by agency and a cost split in proportion to the
public bodies' gains (:func:`guidance.core.ledger.benefit_ledger`).

Example
-------
>>> SPEC.cells()[0].formula
'JobOutcomes*NhsSavingPerJob'
"""

from __future__ import annotations

from ...calculators.benefit_ledger import BENEFIT_LEDGER
from ...core.ledger import AGENCIES, FUNDERS
from ._builder import Cell, Row, Section, WorkbookSpec, name_for
from ._read import cell

__all__ = ["SPEC"]

NA = '"not applicable"'
_GAIN = {
    "NHS": "JobOutcomes*NhsSavingPerJob",
    "DWP": "JobOutcomes*MonthsInWork*DwpSavingPerMonth",
    "HMRC": "JobOutcomes*MonthsInWork*HmrcGainPerMonth",
    "Local authority": "JobOutcomes*MonthsInWork*LaSavingPerMonth",
    "The person": "JobOutcomes*MonthsInWork*PersonGainPerMonth",
    "Wellbeing (social value)": (
        "JobOutcomes*MonthsInWork/12*SwemwbsGain*LsPerSwemwbsPoint*WellbyValue"
    ),
}


def _row(i: int, agency: str) -> Row:
    n = name_for(agency.split(" (")[0])
    gain = f"Gain{n}"
    cells = [Cell(gain, _GAIN[agency], "GBP", cell(0, i, 1))]
    if agency in FUNDERS:
        share = f"IF(PublicGains>0,{gain}/PublicGains,{NA})"
        contribution = f"IF(PublicGains>0,ProgrammeCost*{gain}/PublicGains,{NA})"
        paid = f"Contribution{n}"
        shared = f"IF(ISNUMBER({paid}),IF({paid}<>0,{gain}/{paid}*100,{NA}),{NA})"
        alone = f"IF(ProgrammeCost<>0,{gain}/ProgrammeCost*100,{NA})"
    else:
        share = contribution = shared = alone = NA
    cells += [
        Cell(f"Share{n}", share, "share", cell(0, i, 2), exact=agency not in FUNDERS),
        Cell(f"Contribution{n}", contribution, "GBP", cell(0, i, 3), exact=agency not in FUNDERS),
        Cell(f"ReturnShared{n}", shared, "count", cell(0, i, 4), exact=agency not in FUNDERS),
        Cell(f"ReturnAlone{n}", alone, "count", cell(0, i, 5), exact=agency not in FUNDERS),
    ]
    return Row(agency, tuple(cells))


def _public(out, values):
    i = values
    person_months = i["job_outcomes"] * i["months_in_work"]
    return (
        i["job_outcomes"] * i["nhs_saving_per_job"]
        + person_months * i["dwp_saving_per_month"]
        + person_months * i["hmrc_gain_per_month"]
        + person_months * i["la_saving_per_month"]
    )


SPEC = WorkbookSpec(
    definition=BENEFIT_LEDGER,
    notes=(
        "Gains over the period: NHS once per person; DWP, HMRC, local authority and the "
        "person per person-month in work; wellbeing per person-year x SWEMWBS gain x life "
        "satisfaction per point x the WELLBY value.",
        "Each public body's contribution = cost x its gain / all public gains.",
    ),
    sections=(
        Section(
            "Gains by agency and a contribution split in proportion to gains",
            (
                "gain (£)",
                "share of public gains",
                "contribution in proportion (£)",
                "return per £1 contributed (pence)",
                "return per £1 if it paid alone (pence)",
            ),
            tuple(_row(i, a) for i, a in enumerate(AGENCIES)),
        ),
        Section(
            "Totals",
            ("value",),
            (
                Row(
                    "Public bodies' gains (£)",
                    (
                        Cell(
                            "PublicGains",
                            "GainNHS+GainDWP+GainHMRC+GainLocalAuthority",
                            "GBP",
                            _public,
                        ),
                    ),
                ),
            ),
        ),
    ),
)
"""The benefit-ledger workbook."""

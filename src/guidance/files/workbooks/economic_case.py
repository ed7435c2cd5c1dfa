"""The economic case's central estimate as a workbook: net against gross (deadweight,
displacement, substitution, optimism bias), persistence in work, Green Book discounting
and the three points of view (:func:`guidance.core.economics.economic_case`). The
uncertainty analysis (simulation and tornado) stays in the app and the book.

Every present value is the number of people (net or gross) times a value per person:
the persistence shares, discount factors and per-person values are worked out year by
year below the headline table.

Example
-------
>>> _share(2)
'IF(2>Years,"",IF(2>EffectYears,0,(Boundary1+Boundary2)/2))'
"""

from __future__ import annotations

from ...calculators.economic_case import ECONOMIC_CASE
from ...core.ledger import FUNDERS
from ._builder import NOT_COMPUTED, Cell, Row, Section, WorkbookSpec, name_for, option
from ._read import cell

__all__ = ["SPEC"]

D = ECONOMIC_CASE
NC = f'"{NOT_COMPUTED}"'
YEARS = int(D.input("years").maximum)
SOURCE = D.input("effect_source")
RATES = f"EffectSource={option(SOURCE, 'rates')}"
SM = "(KpiIpsSustainWeeks/52)"
POPULATION = D.input("population")
_SMI = (
    f"OR(EffectSource={option(SOURCE, 'modini')},AND(EffectSource={option(SOURCE, 'population')},"
    f"Population={option(POPULATION, 'smi')}))"
)
_EFFECT = (
    f"IF(EffectSource={option(SOURCE, 'large_medium')},EvidenceWhitworthMetaLargeMediumOr,"
    f"IF(EffectSource={option(SOURCE, 'pooled')},EvidenceWhitworthMetaPooledOr,"
    f"IF({_SMI},EvidenceModiniRr,EvidenceWhitworthMetaLargeMediumOr)))"
)
_BAU = (
    f"IF({RATES},MIN(BauRate,ServiceRate),IF({_SMI},"
    f"ServiceRate/{_EFFECT},ServiceRate/(ServiceRate+{_EFFECT}*(1-ServiceRate))))"
)
_MEASURES = (
    "Job entries",
    "Deadweight (would have found work with business-as-usual support)",
    "Displaced, substituted or cut for optimism bias",
    "Net additional job entries",
    "Fiscal gains, present value",
    "Fiscal return per £1",
    "Fiscal payback",
    "Economic and social value, present value",
    "Net present value (economic and social)",
    "Benefit-cost ratio (economic and social)",
)


def _boundary(j: int) -> str:
    return f"SustainRate*(1-ExitRate)^MAX({j}-{SM},0)"


def _share(k: int) -> str:
    """Average share of the extra people in work in year k (trapezoids, as the package)."""
    if k == 1:
        body = f"{SM}*(1+SustainRate)/2+(1-{SM})*(SustainRate+Boundary1)/2"
    else:
        body = f"(Boundary{k - 1}+Boundary{k})/2"
    return f'IF({k}>Years,"",IF({k}>EffectYears,0,{body}))'


def _year_value(k: int, fiscal: bool) -> str:
    """Discounted gains in year k per extra person (year 1 holds the one-off NHS saving)."""
    per_month = (
        "(DwpSavingPerMonth+HmrcGainPerMonth+LaSavingPerMonth)"
        if fiscal
        else "(OutputPerMonth+LaSavingPerMonth)"
    )
    wellbeing = "" if fiscal else "+SwemwbsGain*WellbyLsPerSwemwbsPoint*WellbyValue"
    one_off = "NhsSavingPerJob+" if k == 1 else ""
    return f'IF({k}>Years,"",({one_off}Share{k}*(12*{per_month}{wellbeing}))*Discount{k})'


def _yearly(k: int, column: int):
    def read(out, _values):
        rows = out.tables[1].rows
        return "" if k > len(rows) else float(rows[k - 1][column])

    return read


def _year_rows() -> tuple[Row, ...]:
    rows = []
    for k in range(1, YEARS + 1):
        off = f'IF({k}>Years,"",'
        rows.append(
            Row(
                f"Year {k}",
                (
                    Cell(f"Boundary{k}", _boundary(k), "number", None),
                    Cell(f"Share{k}", _share(k), "number", None),
                    Cell(f"Discount{k}", f"{off}(1+DiscountRate)^-{k - 1})", "number", None),
                    Cell(f"ExtraInWork{k}", f"{off}Net*Share{k})", "count", _yearly(k, 1)),
                    Cell(f"MonthsInWork{k}", f"{off}12*ExtraInWork{k})", "count", _yearly(k, 2)),
                    Cell(f"FiscalPerPerson{k}", _year_value(k, True), "GBP2", None),
                    Cell(f"SocialPerPerson{k}", _year_value(k, False), "GBP2", None),
                    Cell(f"FiscalYear{k}", f"{off}Net*FiscalPerPerson{k})", "GBP", _yearly(k, 3)),
                    Cell(f"SocialYear{k}", f"{off}Net*SocialPerPerson{k})", "GBP", _yearly(k, 4)),
                    Cell(
                        f"PaybackGross{k}",
                        f'{off}IF(Gross*SUM(INDEX(FiscalPerPersonColumn,1):FiscalPerPerson{k})>=Cost-1E-9,{k},""))',
                        "count",
                        None,
                    ),
                    Cell(
                        f"PaybackNet{k}",
                        f'{off}IF(Net*SUM(INDEX(FiscalPerPersonColumn,1):FiscalPerPerson{k})>=Cost-1E-9,{k},""))',
                        "count",
                        None,
                    ),
                ),
            )
        )
    return tuple(rows)


def _case_cells(which: str, people: str, column: int) -> tuple[Cell, ...]:
    w = which
    pv = f"{people}*MonthsPvPerPerson"
    return (
        Cell(f"{w}JobEntries", "Gross", "count", cell(0, _MEASURES[0], column)),
        Cell(
            f"{w}Deadweight",
            "0" if w == "Gross" else "Deadweight",
            "count",
            cell(0, _MEASURES[1], column),
        ),
        Cell(
            f"{w}OtherCuts",
            "0" if w == "Gross" else "Gross-Deadweight-Net",
            "count",
            cell(0, _MEASURES[2], column),
        ),
        Cell(f"{w}NetEntries", people, "count", cell(0, _MEASURES[3], column)),
        Cell(
            f"{w}FiscalPv",
            f"{people}*NhsSavingPerJob+{pv}*DwpSavingPerMonth+{pv}*HmrcGainPerMonth+{pv}*LaSavingPerMonth",
            "GBP",
            cell(0, _MEASURES[4], column),
        ),
        Cell(
            f"{w}FiscalPerPound",
            f"IF(Cost=0,{NC},{w}FiscalPv/Cost)",
            "GBP2",
            cell(0, _MEASURES[5], column),
        ),
        Cell(
            f"{w}Payback",
            f'IF(COUNT(Payback{w}Column)=0,"not within the years appraised",'
            f'"year "&MIN(Payback{w}Column))',
            "text",
            cell(0, _MEASURES[6], column),
            exact=True,
        ),
        Cell(
            f"{w}SocialPv",
            f"{pv}*OutputPerMonth+{people}*NhsSavingPerJob+{pv}*LaSavingPerMonth"
            f"+{pv}/12*SwemwbsGain*WellbyLsPerSwemwbsPoint*WellbyValue",
            "GBP",
            cell(0, _MEASURES[7], column),
        ),
        Cell(f"{w}Npv", f"{w}SocialPv-Cost", "GBP", cell(0, _MEASURES[8], column)),
        Cell(
            f"{w}Bcr", f"IF(Cost=0,{NC},{w}SocialPv/Cost)", "number", cell(0, _MEASURES[9], column)
        ),
    )


def _funder_rows() -> tuple[Row, ...]:
    per_month = {
        "DWP": "DwpSavingPerMonth",
        "HMRC": "HmrcGainPerMonth",
        "Local authority": "LaSavingPerMonth",
    }
    rows = []
    for i, funder in enumerate(FUNDERS):
        n = name_for(funder)
        gain = (
            "Net*NhsSavingPerJob"
            if funder == "NHS"
            else f"Net*MonthsPvPerPerson*{per_month[funder]}"
        )
        rows.append(
            Row(
                funder,
                (
                    Cell(f"FunderGain{n}", gain, "GBP", cell(2, i, 1)),
                    Cell(
                        f"FunderPays{n}",
                        f"IF(NetFiscalPv>0,Cost*FunderGain{n}/NetFiscalPv,{NC})",
                        "GBP",
                        cell(2, i, 2),
                    ),
                    Cell(
                        f"FunderShared{n}",
                        f"IF(ISNUMBER(FunderPays{n}),IF(FunderPays{n}<>0,FunderGain{n}/FunderPays{n},{NC}),{NC})",
                        "GBP2",
                        cell(2, i, 3),
                    ),
                    Cell(
                        f"FunderAlone{n}",
                        f"IF(Cost=0,{NC},FunderGain{n}/Cost)",
                        "GBP2",
                        cell(2, i, 4),
                    ),
                ),
            )
        )
    return tuple(rows)


SPEC = WorkbookSpec(
    definition=D,
    constants=(
        "evidence.whitworth_meta.large_medium.or",
        "evidence.whitworth_meta.pooled.or",
        "evidence.modini.rr",
        "kpi.ips.sustain.weeks",
        "wellby.ls_per_swemwbs_point",
    ),
    message=(
        f'IF(AND({RATES},BauRate>ServiceRate),"The job rate without the service must not be '
        "above the rate with it: the service would then help fewer people into work than "
        'business as usual.","")'
    ),
    notes=(
        "The central estimate only: the uncertainty analysis (a simulation of 10,000 draws "
        "and the tornado of which inputs matter most) is in the app and the book.",
        "Gross counts every job entry; net takes out deadweight (business as usual), "
        "displacement, substitution and the optimism-bias cut.",
    ),
    sections=(
        Section(
            "Business as usual and the people counted",
            ("value",),
            (
                Row(
                    "Business-as-usual job rate",
                    (Cell("Bau", _BAU, "share", None),),
                    "From the effect size (odds ratio: s / (s + OR x (1 - s)); risk ratio: "
                    "s / RR) or the rate you enter.",
                ),
                Row(
                    "Job entries (gross)",
                    (Cell("Gross", "Starters*ServiceRate", "count", cell(0, _MEASURES[0], 1)),),
                ),
                Row(
                    "Deadweight",
                    (Cell("Deadweight", "Starters*Bau", "count", cell(0, _MEASURES[1], 2)),),
                ),
                Row(
                    "Net additional job entries",
                    (
                        Cell(
                            "Net",
                            "Starters*(ServiceRate-Bau)*((1-Displacement)*(1-Substitution)*(1-OptimismBias))",
                            "count",
                            cell(0, _MEASURES[3], 2),
                        ),
                    ),
                ),
                Row(
                    "Discounted months in work per extra person",
                    (
                        Cell(
                            "MonthsPvPerPerson",
                            "12*SUMPRODUCT(ShareColumn,DiscountColumn)",
                            "number",
                            None,
                        ),
                    ),
                    "Sum over the years of 12 x share in work x discount factor.",
                ),
            ),
        ),
        Section(
            "Gross against net",
            ("gross (every job counted)", "net"),
            tuple(
                Row(m, (g, n))
                for m, g, n in zip(
                    _MEASURES,
                    _case_cells("Gross", "Gross", 1),
                    _case_cells("Net", "Net", 2),
                    strict=True,
                )
            ),
        ),
        Section(
            "Each funder's discounted gain and a contribution split in proportion",
            (
                "gain (discounted)",
                "contribution in proportion",
                "return per £1, shared",
                "return per £1 if it paid alone",
            ),
            _funder_rows(),
        ),
        Section(
            "Year by year (persistence in work and discounting)",
            (
                "in work at the year's end",
                "share of extra people in work",
                "discount factor",
                "extra people in work",
                "months in work",
                "fiscal gains per person (discounted)",
                "economic and social value per person (discounted)",
                "fiscal gains (discounted)",
                "economic and social value (discounted)",
                "gross pays back",
                "net pays back",
            ),
            _year_rows(),
            ranges=(
                ("ShareColumn", 1),
                ("DiscountColumn", 2),
                ("FiscalPerPersonColumn", 5),
                ("PaybackGrossColumn", 9),
                ("PaybackNetColumn", 10),
            ),
        ),
    ),
)
"""The economic case's central-estimate workbook."""

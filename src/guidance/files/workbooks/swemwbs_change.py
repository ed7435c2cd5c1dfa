"""SWEMWBS at start and end as a workbook. In the app the scores come from a file; here
they go on a Scores sheet (paste a column of client codes, start and end raw scores), each
raw score is converted to its metric score by the published table (Sources sheet), and the
Results sheet summarises them as :func:`guidance.core.wellbeing.wellbeing_change` does.

Example
-------
>>> ROWS
200
"""

from __future__ import annotations

import math

from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ...calculators.swemwbs_change import SWEMWBS_CHANGE
from ...core.evidence import load_register
from ...core.wellbeing import wellby_value
from ._builder import NOT_COMPUTED, Cell, Row, Section, WorkbookSpec, option
from ._read import cell

__all__ = ["SPEC", "ROWS"]

ROWS = 200
"""People the Scores sheet has room for."""

D = SWEMWBS_CHANGE
NC = f'"{NOT_COMPUTED}"'
_R = load_register()
LOW, HIGH = int(_R.value("swemwbs.raw_min")), int(_R.value("swemwbs.raw_max"))
_METRIC = tuple(f"swemwbs.metric.r{raw:02d}" for raw in range(LOW, HIGH + 1))
_COLUMNS = (
    ("client_id", "A"),
    ("start_raw", "B"),
    ("end_raw", "C"),
    ("start metric", "D"),
    ("end metric", "E"),
    ("change", "F"),
    ("start metric, people with an end score", "G"),
    ("start metric, people without one", "H"),
)
_RANGES = {
    "StartRaw": "B",
    "StartMetric": "D",
    "EndMetric": "E",
    "Change": "F",
    "StartPaired": "G",
    "StartUnpaired": "H",
}


def _scores_sheet(wb, suffix, _values, data):
    """The Scores sheet: the people's raw scores (typed or pasted) and their conversion."""
    if data is None:
        data = D.upload.example()[0]
    title = f"Scores{suffix}"
    ws = wb.create_sheet(title)
    for col, (head, letter) in enumerate(_COLUMNS, start=1):
        c = ws.cell(1, col, head)
        c.data_type = "s"
        c.font = Font(bold=True)
        ws.column_dimensions[letter].width = 14 if col < 7 else 24
    ws.cell(1, 10).value = (
        f"Type or paste up to {ROWS:,} people: a client code (never a name) and raw scores "
        f"from {LOW} to {HIGH}; leave the end score empty where there is none. Columns D to "
        "H are worked out."
    )
    ws.cell(1, 10).data_type = "s"
    people = data.people
    if len(people) > ROWS:
        raise ValueError(f"the workbook has room for {ROWS:,} people; got {len(people):,}")
    fill = PatternFill("solid", fgColor="FFF2CC")
    for i in range(ROWS):
        r = i + 2
        if i < len(people):
            p = people.iloc[i]
            ws.cell(r, 1).value = str(p["client"])
            ws.cell(r, 1).data_type = "s"
            ws.cell(r, 2, int(p["start_raw"]))
            end = p["end_raw"]
            if (
                end is not None
                and not (isinstance(end, float) and math.isnan(end))
                and str(end) != "<NA>"
            ):
                ws.cell(r, 3, int(end))
        for col in (1, 2, 3):
            ws.cell(r, col).protection = Protection(locked=False)
            ws.cell(r, col).fill = fill
        ws.cell(r, 4, f'=IF(ISNUMBER(B{r}),INDEX(SwemwbsMetric,B{r}-SwemwbsRawMin+1),"")')
        ws.cell(
            r,
            5,
            f'=IF(AND(ISNUMBER(B{r}),ISNUMBER(C{r})),INDEX(SwemwbsMetric,C{r}-SwemwbsRawMin+1),"")',
        )
        ws.cell(r, 6, f'=IF(ISNUMBER(E{r}),E{r}-D{r},"")')
        ws.cell(r, 7, f'=IF(ISNUMBER(F{r}),D{r},"")')
        ws.cell(r, 8, f'=IF(AND(ISNUMBER(D{r}),NOT(ISNUMBER(F{r}))),D{r},"")')
    dv = DataValidation(type="whole", operator="between", formula1=str(LOW), formula2=str(HIGH))
    dv.allow_blank = True
    dv.showErrorMessage = dv.showInputMessage = True
    dv.errorTitle = "Score not allowed"
    dv.error = f"SWEMWBS raw scores are whole numbers from {LOW} to {HIGH}."
    dv.promptTitle = "SWEMWBS raw score"
    dv.prompt = f"A whole number from {LOW} to {HIGH} (the seven items added up)."
    ws.add_data_validation(dv)
    dv.add(f"B2:C{ROWS + 1}")
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    first = 5  # the metric table is the first of the Sources sheet's values, from row 5
    wb.defined_names["SwemwbsMetric"] = DefinedName(
        "SwemwbsMetric", attr_text=f"'Sources'!$A${first}:$A${first + len(_METRIC) - 1}"
    )
    return {name: f"'{title}'!${c}$2:${c}${ROWS + 1}" for name, c in _RANGES.items()}


def _money(which: str):
    def read(_out, values):
        # the package's value for the app's note (shown only when asked for)
        change = _out.tables[0].rows[7][1]
        mean = change.value if change.value is not None else math.nan
        if values["money"] != "yes" or math.isnan(mean):
            return ""
        n = _out.tables[0].rows[1][1].value
        return wellby_value(mean, n, values["years"])[which]

    return read


YES = f"Money={option(D.input('money'), 'yes')}"
_LABELS = (
    ("People with a start score", "NStart", "COUNT(StartRaw)", "count"),
    ("People with start and end scores", "NPaired", "COUNT(Change)", "count"),
    (
        "No end score (attrition)",
        "Attrition",
        f"IF(NStart=0,{NC},(NStart-NPaired)/NStart)",
        "share",
    ),
    (
        "Average start score, everyone (metric)",
        "MeanStartAll",
        f"IF(NStart=0,{NC},AVERAGE(StartMetric))",
        "number",
    ),
    (
        "Average start score, people with an end score",
        "MeanStartPaired",
        f"IF(NPaired=0,{NC},AVERAGE(StartPaired))",
        "number",
    ),
    (
        "Average start score, people without an end score",
        "MeanStartUnpaired",
        f"IF(NStart-NPaired=0,{NC},AVERAGE(StartUnpaired))",
        "number",
    ),
    ("Average end score (metric)", "MeanEnd", f"IF(NPaired=0,{NC},AVERAGE(EndMetric))", "number"),
    (
        "Average change (metric points)",
        "MeanChange",
        f"IF(NPaired=0,{NC},AVERAGE(Change))",
        "number",
    ),
    (
        "Approximate 95% range of the average change: low",
        "ChangeLow",
        f"IF(NPaired<2,{NC},MeanChange-NORMSINV(0.975)*STDEV(Change)/SQRT(NPaired))",
        "number",
    ),
    (
        "Approximate 95% range of the average change: high",
        "ChangeHigh",
        f"IF(NPaired<2,{NC},MeanChange+NORMSINV(0.975)*STDEV(Change)/SQRT(NPaired))",
        "number",
    ),
    (
        "Share whose score rose",
        "ShareRose",
        f'IF(NPaired=0,{NC},COUNTIF(Change,">0")/NPaired)',
        "share",
    ),
    (
        "Share whose score fell",
        "ShareFell",
        f'IF(NPaired=0,{NC},COUNTIF(Change,"<0")/NPaired)',
        "share",
    ),
)
_NOTES = {
    "ChangeLow": "Normal approximation, as the app: average +/- 1.96 (NORMSINV(0.975)) x "
    "standard deviation (STDEV, n - 1) / square root of n.",
}

SPEC = WorkbookSpec(
    definition=D,
    constants=_METRIC
    + (
        "swemwbs.raw_min",
        "wellby.ls_per_swemwbs_point",
        "wellby.value_2019",
        "wellby.value_2019.low",
        "wellby.value_2019.high",
    ),
    notes=(
        "In the app the scores come from a file; here they are on the Scores sheet: type or "
        "paste your own there (the shipped SYNTHETIC example is filled in).",
        "This describes the group; it does not show the service caused the change.",
    ),
    sheets=_scores_sheet,
    sections=(
        Section(
            "SWEMWBS at start and end (metric scores)",
            ("value",),
            tuple(
                Row(
                    label,
                    (Cell(name, formula, unit, cell(0, i, 1), exact=unit == "count"),),
                    _NOTES.get(name, ""),
                )
                for i, (label, name, formula, unit) in enumerate(_LABELS)
            ),
        ),
        Section(
            "Illustrative money value (derived; only when asked for on the Inputs sheet)",
            ("value",),
            (
                Row(
                    "Value (2019 prices)",
                    (
                        Cell(
                            "MoneyValue",
                            f'IF(AND({YES},ISNUMBER(MeanChange)),MeanChange*WellbyLsPerSwemwbsPoint*NPaired*Years*WellbyValue2019,"")',
                            "GBP",
                            _money("value"),
                        ),
                    ),
                ),
                Row(
                    "Range: low",
                    (
                        Cell(
                            "MoneyLow",
                            f'IF(AND({YES},ISNUMBER(MeanChange)),MeanChange*WellbyLsPerSwemwbsPoint*NPaired*Years*WellbyValue2019Low,"")',
                            "GBP",
                            _money("low"),
                        ),
                    ),
                ),
                Row(
                    "Range: high",
                    (
                        Cell(
                            "MoneyHigh",
                            f'IF(AND({YES},ISNUMBER(MeanChange)),MeanChange*WellbyLsPerSwemwbsPoint*NPaired*Years*WellbyValue2019High,"")',
                            "GBP",
                            _money("high"),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
"""The SWEMWBS change workbook."""

"""Provider monthly returns: load, check, and turn into a funnel, productivity and KPIs.

A monthly return has **one row per month and employment specialist** (the template is
``guidance/data/monthly_return_template.csv``; :func:`describe_template` documents each
column). Counts, not people's records, so no personal data leaves the provider, and the
rows add up to the per-specialist productivity figures of the MHEP evaluation's Table 4.2
:cite:`gadenne2020`.

Loading never changes the file and never shows a traceback: every problem is reported
with the spreadsheet **row** (the header is row 1) and the **column** it is in, e.g.
``row 7, column 'starts': 'twelve' is not a whole number``. What is unambiguous is
accepted (UTF-8 with or without a byte-order mark, UTF-16 "Unicode text", semicolon- or
tab-separated exports, dates such as ``Apr-24`` or ``01/04/2024``); what is not is refused
with a message saying how to fix it. Files above :data:`MAX_BYTES` or :data:`MAX_ROWS`
are refused before they are read.

Every target comes from the contract-parameters KPI ranges (:func:`guidance.kpis.kpi_ranges`)
and the evidence register.

Example
-------
>>> ret = load_return(example_path())
>>> ret.synthetic
True
>>> funnel(ret)["stage"].tolist()
['Referrals', 'Starts', 'Job entries', 'Sustained jobs']
"""

from __future__ import annotations

import calendar
import codecs
import csv
import difflib
import io
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import validation as v
from .evidence import Register, as_register
from .kpis import kpi_ranges

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "Column",
    "TEMPLATE_COLUMNS",
    "BREAKDOWN_PREFIXES",
    "Problem",
    "ReturnError",
    "MonthlyReturn",
    "describe_template",
    "template_path",
    "example_path",
    "read_table",
    "load_return",
    "funnel",
    "monthly_trends",
    "specialist_productivity",
    "kpi_dashboard",
    "traffic_light",
    "STATUS_WORDS",
    "STATUS_COLOURS",
    "breakdowns",
    "default_annual_starters",
    "mhep_per_es",
    "average_per_specialist",
]

MAX_BYTES = 10_000_000
"""Largest file the dashboard reads (10 MB): far above a real return, small enough to stay quick."""

MAX_ROWS = 50_000
"""Most data rows the dashboard reads: e.g. 200 specialists for over 20 years of months."""

MAX_PROBLEMS = 20
"""Problems listed in one message; the rest are counted."""

SYNTHETIC_MARK = "SYNTHETIC"


@dataclass(frozen=True)
class Column:
    """One column of the monthly return template."""

    name: str
    kind: str  # month, text, fte, count
    required: bool
    meaning: str


TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "month",
        "month",
        True,
        "The calendar month the row reports, written 2024-04 (Excel dates such as "
        "01/04/2024 or Apr-24 are read too).",
    ),
    Column(
        "specialist",
        "text",
        True,
        "The employment specialist: a name, initials or staff code, the same every month.",
    ),
    Column(
        "fte",
        "fte",
        True,
        "Their full-time equivalent that month, more than 0 and at most 1 (0.6 for three "
        "days a week).",
    ),
    Column("referrals", "count", True, "New referrals received in the month."),
    Column(
        "starts",
        "count",
        True,
        "People who started on the service in the month (first meeting after agreeing "
        "to take part).",
    ),
    Column(
        "active_caseload",
        "count",
        True,
        "People on the specialist's caseload at the end of the month (looking for work "
        "or in work and still supported).",
    ),
    Column("job_entries", "count", True, "People who started a paid job in the month."),
    Column(
        "sustained",
        "count",
        True,
        "People who reached the contract's sustainment point in the month ({ips_weeks} "
        "weeks in work for IPS, {seqf_weeks} for SEQF in the suggested KPIs).",
    ),
    Column(
        "employer_contacts",
        "count",
        False,
        "Face-to-face contacts with employers in the month (a process measure from the "
        "fidelity scale).",
    ),
    Column("note", "text", False, "Free text; not used in calculations."),
)
"""The template's columns, in order."""

BREAKDOWN_PREFIXES: dict[str, tuple[str, str, str]] = {
    "referrals_from_": (
        "referrals",
        "sum",
        "Referrals from one source, e.g. referrals_from_primary_care. Together "
        "they may not exceed referrals; the rest count as 'source not recorded'.",
    ),
    "referrals_group_": (
        "referrals",
        "each",
        "Referrals of people in a group you monitor for equal access, e.g. "
        "referrals_group_minority_ethnic. Each at most referrals.",
    ),
    "starts_group_": (
        "starts",
        "each",
        "Starts for the same group, e.g. starts_group_minority_ethnic. Each at most starts.",
    ),
    "job_entries_sector_": (
        "job_entries",
        "sum",
        "Job entries by employer sector, e.g. job_entries_sector_retail. "
        "Together they may not exceed job_entries.",
    ),
}
"""Optional breakdown columns: prefix -> (total column, rule, meaning)."""

KIND_TYPES = {
    "month": "month (YYYY-MM)",
    "text": "text",
    "fte": "number, more than 0 and at most 1",
    "count": "whole number, 0 or more",
}


def describe_template(register: Register | None = None) -> pd.DataFrame:
    """The monthly return's columns: name, type, whether required, and what to enter.

    Sustainment points are filled in from the register (``kpi.<model>.sustain.weeks``).

    Examples
    --------
    >>> describe_template()["column"].tolist()[:3]
    ['month', 'specialist', 'fte']
    """
    r = as_register(register)
    weeks = {
        "ips_weeks": f"{r.value('kpi.ips.sustain.weeks'):.0f}",
        "seqf_weeks": f"{r.value('kpi.seqf.sustain.weeks'):.0f}",
    }
    rows = [
        {
            "column": c.name,
            "type": KIND_TYPES[c.kind],
            "required": "yes" if c.required else "no",
            "what to enter": c.meaning.format(**weeks),
        }
        for c in TEMPLATE_COLUMNS
    ]
    rows += [
        {
            "column": prefix + "<name>",
            "type": KIND_TYPES["count"],
            "required": "no",
            "what to enter": meaning,
        }
        for prefix, (_, _, meaning) in BREAKDOWN_PREFIXES.items()
    ]
    return pd.DataFrame(rows)


def template_path() -> Traversable:
    """The shipped, empty template (header row only).

    Examples
    --------
    >>> template_path().read_text("utf-8").split(",")[0]
    'month'
    """
    return resources.files("guidance").joinpath("data/monthly_return_template.csv")


def example_path() -> Traversable:
    """The shipped SYNTHETIC example return, made by ``scripts/make-synthetic-returns``.

    Examples
    --------
    >>> "SYNTHETIC" in example_path().name
    True
    """
    return resources.files("guidance").joinpath("data/example_monthly_return_SYNTHETIC.csv")


# --- problems -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One problem in a file: the spreadsheet row (header = 1) and column, and what is wrong."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return (", ".join(where) + ": " if where else "") + self.message


class ReturnError(ValueError):
    """A file could not be used; ``problems`` lists each with its row and column."""

    def __init__(self, source: str, problems: Sequence[Problem], total: int | None = None):
        self.source = source
        self.problems = list(problems)
        total = len(self.problems) if total is None else total
        shown = "\n".join(f"- {p}" for p in self.problems[:MAX_PROBLEMS])
        more = f"\n- ... and {total - MAX_PROBLEMS} more" if total > MAX_PROBLEMS else ""
        noun = "problem" if total == 1 else "problems"
        super().__init__(
            f"{source} could not be used ({total} {noun}; rows are numbered as in a "
            f"spreadsheet, the header is row 1):\n{shown}{more}"
        )


class _Problems:
    def __init__(self, source: str):
        self.source = source
        self.items: list[Problem] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(row, column, message))

    def raise_if_any(self) -> None:
        if self.total:
            raise ReturnError(self.source, self.items, self.total)

    def fail(self, row: int | None, column: str | None, message: str) -> None:
        self.add(row, column, message)
        self.raise_if_any()


# --- reading any CSV-like source into a table of strings -----------------------------------
@dataclass(frozen=True)
class TableSpec:
    """What a table must contain: used for monthly returns and for SWEMWBS score files."""

    label: str
    columns: tuple[Column, ...]
    prefixes: tuple[str, ...] = ()

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def known(self, name: str) -> bool:
        return any(c.name == name for c in self.columns) or any(
            name.startswith(p) and len(name) > len(p) for p in self.prefixes
        )


@dataclass
class RawTable:
    """A table of stripped strings with known column names, and how it was read."""

    frame: pd.DataFrame
    rows: np.ndarray  # spreadsheet row number of each data row
    source: str
    notes: list[str] = field(default_factory=list)
    decimal_comma: bool = False


def _norm(header: str) -> str:
    text = header.replace("\ufeff", "").strip().strip('"').strip().lower()
    return re.sub(r"_+", "_", re.sub(r"[\s\-]+", "_", text)).strip("_")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _source_to_bytes(source: object) -> tuple[bytes | None, pd.DataFrame | None, str]:
    if isinstance(source, pd.DataFrame):
        return None, source, "the table"
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None, "the file"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = f"'{path.name}'"
        if not path.is_file():
            raise ReturnError(name, [Problem(None, None, f"no file found at {path}")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReturnError(name, [Problem(None, None, _too_big(size))])
        return path.read_bytes(), None, name
    if isinstance(source, Traversable):
        name = f"'{source.name}'"
        return source.read_bytes(), None, name
    if hasattr(source, "read"):
        data = source.read(MAX_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = f"'{getattr(source, 'name', 'the file')}'"
        if len(data) > MAX_BYTES:
            raise ReturnError(name, [Problem(None, None, _too_big(len(data)))])
        return bytes(data), None, name
    raise TypeError(
        "source must be a path to a CSV file, the file's bytes, an open file or a pandas "
        f"DataFrame; got {type(source).__name__}"
    )


def _too_big(size: int) -> str:
    return (
        f"the file is {_mb(size)}; the dashboard reads files up to {_mb(MAX_BYTES)} "
        f"(and {MAX_ROWS:,} rows). Split it, for example one file per year"
    )


def _decode(data: bytes, problems: _Problems) -> tuple[str, list[str], bool]:
    """Bytes to text. Returns text, notes, and whether undecodable bytes were replaced."""
    notes: list[str] = []
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        problems.fail(None, None, "the file is empty")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.fail(
            None,
            None,
            "this is an Excel workbook, not a CSV file. In Excel choose File > Save As > "
            "'CSV UTF-8 (Comma delimited)' and load that file",
        )
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            problems.fail(None, None, "the file says it is UTF-16 text but is not")
        notes.append("read as UTF-16 text (Excel 'Unicode text')")
        return text, notes, False
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        notes.append("read as UTF-8 with a byte-order mark (Excel 'CSV UTF-8')")
    try:
        return data.decode("utf-8"), notes, False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), notes, True


def _fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def _delimiter(text: str, spec: TableSpec, problems: _Problems) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\x00" in text:
        problems.fail(None, None, "the file holds binary data, not text")
    candidates = [d for d in (",", ";", "\t") if len(_fields(first, d)) > 1]
    if not candidates:
        problems.fail(
            1,
            None,
            "only one column found: the header must list the columns separated by commas "
            f"(expected {', '.join(spec.required)})",
        )
    if len(candidates) == 1:
        return candidates[0]
    scores = {d: sum(spec.known(_norm(h)) for h in _fields(first, d)) for d in candidates}
    best = max(scores.values())
    winners = [d for d, s in scores.items() if s == best]
    if best >= 2 and len(winners) == 1:
        return winners[0]
    names = {",": "commas", ";": "semicolons", "\t": "tabs"}
    problems.fail(
        1,
        None,
        "cannot tell whether the columns are separated by "
        + " or ".join(names[d] for d in candidates)
        + "; save the file again as 'CSV UTF-8 (Comma delimited)'",
    )
    return ","  # not reached


def _frame_from_text(
    text: str, spec: TableSpec, name: str, problems: _Problems, replaced: bool
) -> RawTable:
    delimiter = _delimiter(text, spec, problems)
    notes = []
    if delimiter == ";":
        notes.append("read as semicolon-separated (decimal commas such as 0,5 accepted)")
    elif delimiter == "\t":
        notes.append("read as tab-separated")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS + 1 + 1000:  # stop early on a huge file
                break
    except csv.Error as error:
        row, column = len(records) + 1, None
        lines = text.splitlines()
        if records and row <= len(lines):
            header = records[0]
            for i, cell in enumerate(lines[row - 1].split(delimiter)):
                if cell.count('"') % 2:
                    named = i < len(header) and header[i].strip()
                    column = _norm(header[i]) if named else f"{i + 1} (no header)"
                    break
        problems.fail(
            row,
            column,
            f"the file cannot be read as CSV ({error}): check for a "
            'quote mark (") that is not closed',
        )
    # drop leading blank lines, keep spreadsheet row numbers
    numbered = [(i + 1, r) for i, r in enumerate(records)]
    while numbered and not any(c.strip() for c in numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        problems.fail(None, None, "the file is empty")
    header_row, header = numbered[0]
    body = [(n, r) for n, r in numbered[1:]]
    blank = [n for n, r in body if not any(c.strip() for c in r)]
    body = [(n, r) for n, r in body if any(c.strip() for c in r)]
    if blank:
        notes.append(f"skipped {len(blank)} empty row(s)")
    if not body:
        problems.fail(None, None, "the file has a header row but no data rows")
    if len(body) > MAX_ROWS:
        problems.fail(
            None,
            None,
            f"the file has more than {MAX_ROWS:,} data rows; the dashboard reads up to "
            f"{MAX_ROWS:,}. Split it, for example one file per year",
        )
    width = len(header)
    for n, r in body:
        if len(r) > width and any(c.strip() for c in r[width:]):
            problems.add(
                n,
                f"{width + 1} (no header)",
                f"the row has {len(r)} cells but the header has {width}: put values that "
                "contain the separator in quotes, or add the missing column name",
            )
    problems.raise_if_any()
    rows = [r[:width] + [""] * (width - len(r)) for _, r in body]
    frame = pd.DataFrame(rows, columns=[f"c{i}" for i in range(width)], dtype=object)
    table = _name_columns(frame, header, header_row, spec, name, problems, notes)
    row_numbers = np.array([n for n, _ in body])
    if replaced:
        for column in table.columns:
            hit = table[column].str.contains("\ufffd", regex=False)
            if hit.any():
                problems.fail(
                    int(row_numbers[np.argmax(hit.to_numpy())]),
                    column,
                    "the file is not UTF-8 text (a character such as £ or é was saved in "
                    "another encoding). In Excel choose Save As > 'CSV UTF-8 (Comma "
                    "delimited)'",
                )
        problems.fail(None, None, "the file is not UTF-8 text; save it as 'CSV UTF-8'")
    return RawTable(table, row_numbers, name, notes, decimal_comma=delimiter == ";")


def _name_columns(
    frame: pd.DataFrame,
    header: Sequence[str],
    header_row: int,
    spec: TableSpec,
    name: str,
    problems: _Problems,
    notes: list[str],
) -> pd.DataFrame:
    normalised = [_norm(h) for h in header]
    seen: dict[str, int] = {}
    keep: dict[str, str] = {}
    ignored = []
    renamed = []
    for i, (raw, col) in enumerate(zip(header, normalised, strict=True)):
        if not col:
            if frame[f"c{i}"].str.strip().ne("").any():
                problems.add(
                    header_row,
                    f"{i + 1} (no header)",
                    "the column has values but no name in the header row",
                )
            continue
        if col in seen:
            problems.add(
                header_row,
                col,
                f"appears twice in the header (columns {seen[col] + 1} and {i + 1})",
            )
            continue
        seen[col] = i
        if spec.known(col):
            keep[f"c{i}"] = col
            if raw.strip() != col:
                renamed.append(f"'{raw.strip()}' as '{col}'")
        else:
            ignored.append(raw.strip())
    for required in spec.required:
        if required not in seen:
            close = difflib.get_close_matches(
                required, [n for n in normalised if n and not spec.known(n)], n=1, cutoff=0.6
            )
            hint = (
                f"; is '{close[0]}' meant to be '{required}'? Rename it in the header row"
                if close
                else "; add it to the header row (see the template)"
            )
            problems.add(header_row, required, f"this required column is missing{hint}")
    problems.raise_if_any()
    if renamed:
        notes.append("read column " + ", ".join(renamed))
    if ignored:
        notes.append("ignored column(s) not in the template: " + ", ".join(ignored))
    table = frame[list(keep)].rename(columns=keep)
    return table.apply(lambda s: s.astype(str).str.strip())


def _frame_from_dataframe(
    df: pd.DataFrame, spec: TableSpec, problems: _Problems, name: str
) -> RawTable:
    if len(df) == 0:
        problems.fail(None, None, "the table has no rows")
    if len(df) > MAX_ROWS:
        problems.fail(
            None, None, f"the table has {len(df):,} rows; the dashboard reads up to {MAX_ROWS:,}"
        )
    frame = pd.DataFrame(index=range(len(df)))
    header = [str(c) for c in df.columns]
    for i, column in enumerate(df.columns):
        values = df[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m").fillna("")
        elif isinstance(values.dtype, pd.PeriodDtype):
            text = values.astype(str).where(values.notna(), "")
        else:
            text = values.map(
                lambda x: (
                    "" if x is None or (isinstance(x, float) and math.isnan(x)) else _cell_text(x)
                )
            )
        frame[f"c{i}"] = text.to_numpy(dtype=object)
    notes: list[str] = []
    table = _name_columns(frame, header, 1, spec, name, problems, notes)
    return RawTable(table, np.arange(2, len(df) + 2), name, notes)


def _cell_text(x: object) -> str:
    if isinstance(x, pd.Period):
        return str(x)
    if isinstance(x, (pd.Timestamp, date)):
        return f"{x.year:04d}-{x.month:02d}"
    return str(x)


def read_table(source: object, spec: TableSpec, name: str | None = None) -> RawTable:
    """Read a CSV (path, bytes, open file) or DataFrame into strings with known column names.

    ``name`` is what to call the source in messages (the file's own name by default).

    Raises
    ------
    ReturnError
        For anything that stops the file being read, naming the row and column.
    """
    if not isinstance(spec, TableSpec):
        raise TypeError(f"spec must be a TableSpec; got {type(spec).__name__}")
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be text (what to call the file) or None; got {name!r}")
    data, df, found = _source_to_bytes(source)
    name = name or found
    problems = _Problems(name)
    if df is not None:
        return _frame_from_dataframe(df, spec, problems, name)
    if len(data) > MAX_BYTES:
        problems.fail(None, None, _too_big(len(data)))
    text, notes, replaced = _decode(data, problems)
    table = _frame_from_text(text, spec, name, problems, replaced)
    table.notes[:0] = notes
    return table


# --- cell parsing -----------------------------------------------------------------------------
def parse_numbers(
    raw: RawTable,
    column: str,
    problems: _Problems,
    *,
    kind: str = "count",
    low: float | None = None,
    high: float | None = None,
    allow_empty: bool = False,
    what: str = "",
) -> pd.Series:
    """Parse one column as numbers, adding a problem (row and column) for each bad cell."""
    text = raw.frame[column]
    if raw.decimal_comma:
        text = text.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True)
    empty = text.eq("")
    values = pd.to_numeric(text.where(~empty), errors="coerce").astype(float)
    bad_text = ~empty & (values.isna() | ~np.isfinite(values.fillna(0)))
    rows = raw.rows
    for i in np.flatnonzero(bad_text.to_numpy()):
        cell = raw.frame[column].iloc[i]
        if "," in cell and re.fullmatch(r"-?[\d,]+(\.\d+)?", cell):
            problems.add(
                int(rows[i]), column, f"'{cell}' has a comma: write numbers without separators"
            )
        else:
            problems.add(int(rows[i]), column, f"'{cell}' is not a number")
    if not allow_empty:
        fix = "; enter 0 if there were none" if kind == "count" else ""
        for i in np.flatnonzero(empty.to_numpy()):
            problems.add(int(rows[i]), column, f"the cell is empty{fix}")
    ok = ~empty & ~bad_text
    if kind == "count":
        negative = ok & (values < 0)
        for i in np.flatnonzero(negative.to_numpy()):
            problems.add(
                int(rows[i]),
                column,
                f"{_num(values.iloc[i])} is negative; counts must be zero or more",
            )
        fraction = ok & (values >= 0) & (values != np.floor(values))
        for i in np.flatnonzero(fraction.to_numpy()):
            problems.add(
                int(rows[i]), column, f"{_num(values.iloc[i])} is not a whole number{what}"
            )
        ok = ok & ~negative & ~fraction
    if low is not None or high is not None:
        outside = ok & (
            (values < low if low is not None else False)
            | (values > high if high is not None else False)
        )
        for i in np.flatnonzero(np.asarray(outside)):
            problems.add(
                int(rows[i]), column, f"{_num(values.iloc[i])} is outside the allowed range{what}"
            )
    return values


def _num(x: float) -> str:
    return f"{x:g}"


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_NAMED = re.compile(r"^([A-Za-z]{3,9})\.?[\s\-/]+(\d{2}|\d{4})$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def parse_months(raw: RawTable, column: str, problems: _Problems) -> pd.Series:
    """Parse a month column (YYYY-MM, YYYY-MM-DD, MM/YYYY, Apr-24, 01/04/2024 ...)."""
    text = raw.frame[column]
    uniques = pd.unique(text)
    parsed: dict[str, tuple[int, int] | None] = {}
    slashed: dict[str, tuple[int, int, int]] = {}
    for value in uniques:
        result = None
        if m := _ISO.match(value):
            year, month = int(m[1]), int(m[2])
            day = int(m[3]) if m[3] else 1
            result = (year, month) if _valid_day(year, month, day) else None
        elif m := _MY.match(value):
            result = (int(m[2]), int(m[1])) if 1 <= int(m[1]) <= 12 else None
        elif m := _NAMED.match(value):
            month = _MONTHS.get(m[1].lower())
            year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
            result = (year, month) if month else None
        elif m := _DMY.match(value):
            slashed[value] = (int(m[1]), int(m[2]), int(m[3]))
            continue
        parsed[value] = result
    if slashed:
        firsts = {a for a, _, _ in slashed.values()}
        seconds = {b for _, b, _ in slashed.values()}
        day_first = any(a > 12 for a in firsts)
        month_first = any(b > 12 for b in seconds)
        order = None
        if day_first and not month_first:
            order = "dmy"
        elif month_first and not day_first:
            order = "mdy"
        elif not day_first and not month_first:
            if firsts == {1}:
                order = "dmy"
            elif seconds == {1}:
                order = "mdy"
        if order is None:
            sample = next(iter(slashed))
            i = int(np.argmax(text.eq(sample).to_numpy()))
            a, b, y = slashed[sample]
            problems.add(
                int(raw.rows[i]),
                column,
                f"'{sample}' could be {a} {calendar.month_name[b] if b <= 12 else '?'} {y} or "
                f"{calendar.month_name[a] if a <= 12 else '?'} {b} {y}; write months as "
                "year-month (e.g. 2024-05 for May 2024) so the date is not ambiguous",
            )
            return pd.Series([None] * len(text), index=text.index, dtype=object)
        raw.notes.append(
            "read dates such as "
            + next(iter(slashed))
            + " as "
            + ("day/month/year" if order == "dmy" else "month/day/year")
        )
        for value, (a, b, y) in slashed.items():
            day, month = (a, b) if order == "dmy" else (b, a)
            parsed[value] = (y, month) if _valid_day(y, month, day) else None
    bad = text.map(lambda s: parsed.get(s) is None)
    for i in np.flatnonzero(bad.to_numpy()):
        cell = text.iloc[i]
        message = (
            "the cell is empty; enter the month as 2024-04"
            if cell == ""
            else f"'{cell}' is not a month; write it as 2024-04 (year-month)"
        )
        problems.add(int(raw.rows[i]), column, message)
    return text.map(
        lambda s: (
            None
            if parsed.get(s) is None
            else pd.Period(year=parsed[s][0], month=parsed[s][1], freq="M")
        )
    )


# --- the monthly return -------------------------------------------------------------------------
RETURN_SPEC = TableSpec("monthly return", TEMPLATE_COLUMNS, tuple(BREAKDOWN_PREFIXES))
COUNTS = ("referrals", "starts", "active_caseload", "job_entries", "sustained")


@dataclass(frozen=True)
class MonthlyReturn:
    """A checked monthly return.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per month and specialist: ``month`` (a monthly ``pandas.Period``),
        ``specialist``, ``fte``, the counts, any breakdown columns, and ``row`` (the row
        in the file).
    source : str
        Where it came from.
    notes : tuple of str
        What was accepted or ignored on the way in, and gaps worth checking.
    synthetic : bool
        True when the data are marked SYNTHETIC (in the file name or the note column).
    """

    data: pd.DataFrame
    source: str
    notes: tuple[str, ...] = ()
    synthetic: bool = False
    # What has been worked out from ``data`` already (months, windows, trends): a return is
    # read-only once loaded, and a live dashboard asks for the same things on every change.
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _remember(self, key: object, make: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @property
    def months(self) -> list[pd.Period]:
        """The months covered, in order."""
        return list(self._remember("months", lambda: sorted(self.data["month"].unique())))

    @property
    def specialists(self) -> list[str]:
        """The specialists, in order of first appearance."""
        return list(dict.fromkeys(self.data["specialist"]))

    def columns_with(self, prefix: str) -> list[str]:
        """Breakdown columns with this prefix, e.g. ``referrals_from_``."""
        return [c for c in self.data.columns if c.startswith(prefix)]

    def last(self, months: int) -> MonthlyReturn:
        """Only the last ``months`` months (all of them if ``months`` is 0).

        Examples
        --------
        >>> len(load_return(example_path()).last(3).months)
        3
        """
        months = v.count("last_months", months)
        if months == 0 or months >= len(self.months):
            return self

        def window() -> MonthlyReturn:
            keep = self.months[-months:]
            return MonthlyReturn(
                self.data[self.data["month"].isin(keep)].reset_index(drop=True),
                self.source,
                self.notes,
                self.synthetic,
            )

        return self._remember(("last", months), window)

    def describe(self) -> str:
        """One line: what the return covers.

        Examples
        --------
        >>> load_return(example_path()).describe()[:40]
        'SYNTHETIC example data: 24 months (2023-'
        """
        label = "SYNTHETIC example data" if self.synthetic else self.source
        return (
            f"{label}: {len(self.months)} months ({self.months[0]} to {self.months[-1]}), "
            f"{len(self.specialists)} employment specialists, {len(self.data):,} rows"
        )


def load_return(source: object, *, name: str | None = None) -> MonthlyReturn:
    """Load and check a provider's monthly return.

    Parameters
    ----------
    source : path, bytes, open file or pandas.DataFrame
        A CSV file laid out like :func:`template_path` (see :func:`describe_template`), or
        a DataFrame with the same columns. The file is only read, never changed.
    name : str, optional
        What to call the source in messages (e.g. the uploaded file's name).

    Returns
    -------
    MonthlyReturn

    Raises
    ------
    ReturnError
        A ``ValueError`` listing each problem with its row (as a spreadsheet numbers it,
        header = row 1) and column.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"month": ["2024-04"], "specialist": ["A"], "fte": [1],
    ...     "referrals": [5], "starts": [4], "active_caseload": [4], "job_entries": [1],
    ...     "sustained": [0]})
    >>> load_return(df).data["starts"].tolist()
    [4]
    >>> load_return(df.assign(starts=["four"]))
    Traceback (most recent call last):
    ...
    guidance.monitoring.ReturnError: the table could not be used (1 problem; rows are \
numbered as in a spreadsheet, the header is row 1):
    - row 2, column 'starts': 'four' is not a number
    """
    raw = read_table(source, RETURN_SPEC, name)
    source_name = raw.source
    problems = _Problems(source_name)
    out = pd.DataFrame({"row": raw.rows})
    out["month"] = parse_months(raw, "month", problems).to_numpy()
    specialist = raw.frame["specialist"]
    for i in np.flatnonzero(specialist.eq("").to_numpy()):
        problems.add(
            int(raw.rows[i]), "specialist", "the cell is empty; enter the specialist's name or code"
        )
    out["specialist"] = specialist.to_numpy()
    fte = parse_numbers(raw, "fte", problems, kind="fte")
    bad_fte = fte.notna() & ((fte <= 0) | (fte > 1))
    for i in np.flatnonzero(bad_fte.to_numpy()):
        problems.add(
            int(raw.rows[i]),
            "fte",
            f"{_num(fte.iloc[i])} must be more than 0 and at most 1 (one person's "
            "full-time equivalent)",
        )
    out["fte"] = fte.to_numpy()
    for column in COUNTS:
        out[column] = parse_numbers(raw, column, problems).to_numpy()
    optional = [
        c
        for c in raw.frame.columns
        if c == "employer_contacts" or any(c.startswith(p) for p in BREAKDOWN_PREFIXES)
    ]
    for column in optional:
        out[column] = parse_numbers(raw, column, problems, allow_empty=True).to_numpy()
    if "note" in raw.frame.columns:
        out["note"] = raw.frame["note"].to_numpy()
    problems.raise_if_any()
    for column in (*COUNTS, *optional):
        if out[column].isna().any():
            out[column] = out[column].astype("Int64")
        else:
            out[column] = out[column].astype("int64")
    notes = list(raw.notes)
    _check_consistency(out, optional, problems, notes)
    problems.raise_if_any()
    synthetic = SYNTHETIC_MARK.lower() in source_name.lower() or (
        "note" in out and out["note"].str.contains(SYNTHETIC_MARK, case=False).any()
    )
    return MonthlyReturn(out.reset_index(drop=True), source_name, tuple(notes), bool(synthetic))


def _check_consistency(
    out: pd.DataFrame, optional: list[str], problems: _Problems, notes: list[str]
) -> None:
    rows = out["row"].to_numpy()
    index = out["month"].map(lambda p: p.year * 12 + p.month - 1).to_numpy()
    # duplicated month and specialist
    key = out["specialist"].str.lower() + "|" + pd.Series(index).astype(str)
    first_row: dict[str, int] = {}
    for i, k in enumerate(key):
        if k in first_row:
            problems.add(
                int(rows[i]),
                "month",
                f"{out['month'].iloc[i]} for '{out['specialist'].iloc[i]}' is "
                f"already on row {first_row[k]}: each specialist has one row a month",
            )
        else:
            first_row[k] = int(rows[i])
    # months in order
    running = np.maximum.accumulate(index)
    for i in np.flatnonzero(index[1:] < running[:-1]) + 1:
        latest = int(np.argmax(index[:i] == running[i - 1]))
        problems.add(
            int(rows[i]),
            "month",
            f"{out['month'].iloc[i]} comes after {out['month'].iloc[latest]} (row "
            f"{rows[latest]}): rows must be in month order; sort the file by month, "
            "or check the month was typed correctly",
        )
    today = pd.Period(date.today(), freq="M")
    for i in np.flatnonzero((out["month"] > today).to_numpy()):
        problems.add(
            int(rows[i]),
            "month",
            f"{out['month'].iloc[i]} is in the future; a return reports past months",
        )
    # breakdowns within their totals
    for prefix, (total, rule, _) in BREAKDOWN_PREFIXES.items():
        columns = [c for c in optional if c.startswith(prefix)]
        if not columns:
            continue
        parts = out[columns].fillna(0)
        if rule == "sum":
            over = parts.sum(axis=1) > out[total]
            for i in np.flatnonzero(over.to_numpy()):
                problems.add(
                    int(rows[i]),
                    columns[0],
                    f"the {prefix}* columns add up to {int(parts.iloc[i].sum())}, more "
                    f"than {total} ({int(out[total].iloc[i])})",
                )
        else:
            for column in columns:
                over = out[column].fillna(0) > out[total]
                for i in np.flatnonzero(over.to_numpy()):
                    problems.add(
                        int(rows[i]),
                        column,
                        f"{int(out[column].iloc[i])} is more than {total} "
                        f"({int(out[total].iloc[i])})",
                    )
    if problems.total:
        return
    # cumulative flow per specialist: nobody enters a job without having started
    grouped = out.groupby("specialist", sort=False)
    cum = grouped[["referrals", "starts", "job_entries", "sustained"]].cumsum()
    for later, earlier, advice in (
        ("job_entries", "starts", "each job entry must be a person who started"),
        ("sustained", "job_entries", "each sustained job must follow a job entry"),
    ):
        over = cum[later] > cum[earlier]
        flagged = set()
        for i in np.flatnonzero(over.to_numpy()):
            who = out["specialist"].iloc[i]
            if who in flagged:
                continue
            flagged.add(who)
            problems.add(
                int(rows[i]),
                later,
                f"{who}'s {later.replace('_', ' ')} so far ({int(cum[later].iloc[i])}) exceed "
                f"their {earlier.replace('_', ' ')} so far ({int(cum[earlier].iloc[i])}): "
                f"{advice}. If people started before the first month in this file, include "
                "the earlier months",
            )
    if problems.total:
        return
    over = cum["starts"] > cum["referrals"]
    if over.any():
        who = sorted(set(out.loc[over, "specialist"]))
        notes.append(
            "starts so far exceed referrals so far for "
            + ", ".join(who)
            + " (fine if referrals arrived before the first month in the file)"
        )
    for who, group in grouped:
        idx = group["month"].map(lambda p: p.year * 12 + p.month - 1).to_numpy()
        if len(idx) and idx.max() - idx.min() + 1 > len(idx):
            have = set(idx)
            missing = [
                pd.Period(year=m // 12, month=m % 12 + 1, freq="M")
                for m in range(idx.min(), idx.max() + 1)
                if m not in have
            ]
            shown = ", ".join(str(p) for p in missing[:3]) + (" ..." if len(missing) > 3 else "")
            notes.append(f"{who} has no row for {shown}: absence, or a missing row?")


# --- analyses -------------------------------------------------------------------------------------
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


STATUS_WORDS = {
    "on": "On target",
    "near": "Near target",
    "off": "Off target",
    "none": "Not computed",
}
"""The word shown with each traffic-light colour (colour is never used alone)."""

STATUS_COLOURS = {"on": "#009E73", "near": "#E69F00", "off": "#D55E00", "none": "#595959"}
"""Okabe-Ito green, orange and vermillion, and grey."""


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
        ``kpi``, ``kind`` (outcome/process/volume), ``label``, ``value``, ``unit``,
        ``target``, ``status`` (on/near/off/none), ``status_word``, ``how``.

    Examples
    --------
    >>> k = kpi_dashboard(load_return(example_path()))
    >>> k["kpi"].tolist()[:3]
    ['access', 'job_entry', 'sustain']
    """
    from .sizing import MAX_CONTRACT_MONTHS, ramp_up

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

    def add(kpi, kind, label, value, unit, target, low=None, high=None, how=""):
        status = "none" if target is None else traffic_light(value, low, high, margin)
        rows.append(
            {
                "kpi": kpi,
                "kind": kind,
                "label": label,
                "value": value,
                "unit": unit,
                "target": target or "no published target",
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
        rng.describe(),
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
        rng.describe(),
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
        rng.describe(),
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
        rng.describe(),
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
                f"at least {low:.0f} (top score on the fidelity item)",
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
                None,
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
            rng.describe(),
            rng.low,
            rng.high,
            "spend / starts over the months assessed",
        )
    else:
        add(
            "unit_cost",
            "outcome",
            "Cost per starter",
            math.nan,
            "GBP",
            ranges["unit_cost"].describe(),
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
            "at least 100% of plan",
            1.0,
            None,
            f"{total['starts']} starts vs {expected:.0f} planned (full performance after "
            f"{ramp} months)",
        )
    return pd.DataFrame(rows)


def default_annual_starters(ret: MonthlyReturn, register: Register | None = None) -> float:
    """Starters a year the latest team could take: FTE x clients per specialist a year.

    Uses ``fss.clients_per_es_per_year`` from the register.

    Examples
    --------
    >>> default_annual_starters(load_return(example_path())) > 0
    True
    """
    r = as_register(register)
    _check_return(ret)
    latest = ret.data[ret.data["month"] == ret.months[-1]]
    return float(latest["fte"].sum() * r.value("fss.clients_per_es_per_year"))


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


# --- MHEP Table 4.2 (outcomes per employment specialist) --------------------------------------
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

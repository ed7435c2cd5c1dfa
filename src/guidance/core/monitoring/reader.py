r"""A careful reader for CSV files that people make in spreadsheets.

:func:`read_table` turns a path, bytes, an open file or a DataFrame into a table of stripped
strings whose columns are named as a :class:`TableSpec` expects. It is shared by every
loader (monthly returns, SWEMWBS scores): the file is only read, never changed; files above
:data:`MAX_BYTES`, :data:`MAX_ROWS` or :data:`MAX_COLUMNS` are refused before their cells
are parsed, so the cost of a load grows in step with the file and stays bounded; every
problem is reported with its spreadsheet row (the header is row 1) and column. Text is
decoded by :func:`guidance.core.monitoring.encoding.decode` (UTF-8, UTF-16, Windows-1252).

Examples
--------
>>> spec = TableSpec("scores", (Column("client_id", "text", True, "code"),
...     Column("start_raw", "count", True, "score")))
>>> table = read_table(b"client_id;start_raw\nA;14\n", spec)
>>> table.frame["start_raw"].tolist(), table.notes
(['14'], ['read as semicolon-separated'])
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.abc import Traversable
from pathlib import Path

import numpy as np
import pandas as pd

from ..safe_files import FileRefused, read_bytes
from .encoding import decode
from .problems import Problem, Problems, ReturnError

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_CELL",
    "Column",
    "TableSpec",
    "RawTable",
    "read_table",
]

MAX_BYTES = 5_000_000
"""Largest file the dashboard reads (5 MB): four times the largest return of MAX_ROWS rows,
small enough that a file of MAX_COLUMNS columns still loads within the 2 s bound
(``benchmarks/loaders.py``)."""

MAX_ROWS = 50_000
"""Most data rows the dashboard reads: e.g. 200 specialists for over 20 years of months."""

MAX_COLUMNS = 100
"""Most columns in the header: the template's 10 and up to 90 breakdown columns."""

MAX_CELL = 131_072
"""Most characters in one cell (the limit of Python's CSV reader): a long note fits easily."""

_INVISIBLE = (
    " \t\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u180e\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f"
    "\u2060\u3000\ufeff"
)
"""Spaces and invisible characters (zero-width space, byte-order mark) trimmed from cells."""


@dataclass(frozen=True)
class Column:
    """One column of the monthly return template."""

    name: str
    kind: str  # month, text, fte, count
    required: bool
    meaning: str


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
    delimiter: str | None = None  # None: read from a DataFrame (numbers are Python numbers)
    # each column as codes into its distinct cells: parsing looks at each distinct cell once
    coded: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict, repr=False)

    def distinct(self, column: str) -> tuple[np.ndarray, list[str]]:
        """``(codes, cells)``: the column is ``[cells[k] for k in codes]``."""
        if column not in self.coded:
            codes, cells = pd.factorize(self.frame[column].to_numpy(dtype=object))
            self.coded[column] = (codes, list(cells))
        return self.coded[column]


def _clean(cell: str) -> str:
    """A cell without the spaces and invisible characters around it.

    Examples
    --------
    >>> _clean("\u200b ES-A \u00a0")
    'ES-A'
    """
    return cell.strip(_INVISIBLE)


def _norm(header: str) -> str:
    text = _clean(_clean(header).strip('"')).lower()
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
        try:  # ordinary files only, opened without waiting, at most the limit + 1 byte read
            return read_bytes(path, MAX_BYTES), None, name
        except FileRefused as error:
            size = path.stat().st_size if error.too_large else 0
            why = _too_big(max(size, MAX_BYTES + 1)) if error.too_large else error.reason
            raise ReturnError(name, [Problem(None, None, why.rstrip("."))]) from None
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


def _fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def _delimiter(text: str, spec: TableSpec, problems: Problems) -> str:
    first = next((line for line in io.StringIO(text) if line.strip()), "")
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


def _unreadable(text: str, records: list, line_num: int, delimiter: str, error: Exception):
    """Row, column and message for a CSV error: an unclosed quote or a cell that is too long."""
    row, column = len(records) + 1, None
    header = records[0] if records else []
    lines = text.splitlines()
    line = lines[line_num - 1] if 0 < line_num <= len(lines) else ""
    cells = line.split(delimiter)
    if "field larger than field limit" in str(error):
        i = max(range(len(cells)), key=lambda k: len(cells[k])) if cells else 0
        if records and i < len(header) and _clean(header[i]):
            column = _norm(header[i])
        elif records:
            column = f"{i + 1} (no header)"
        longest = len(cells[i]) if cells else 0
        size = f"{longest:,} characters" if longest > MAX_CELL else "too many characters"
        return (
            row,
            column,
            (
                f"the cell holds {size}; a cell may hold up to {MAX_CELL:,}. Shorten it, or "
                'check for a quote mark (") that opens a cell and is never closed'
            ),
        )
    if records and row <= len(lines):
        for i, cell in enumerate(lines[row - 1].split(delimiter)):
            if cell.count('"') % 2:
                named = i < len(header) and _clean(header[i])
                column = _norm(header[i]) if named else f"{i + 1} (no header)"
                break
    return (
        row,
        column,
        (
            f"the file cannot be read as CSV ({error}): check for a quote mark "
            '(") that is not closed'
        ),
    )


def _records(text: str, delimiter: str, problems: Problems) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS + 1 + 1000:  # stop early on a huge file
                break
    except csv.Error as error:
        problems.fail(*_unreadable(text, records, reader.line_num, delimiter, error))
    return records


def _frame_from_text(text: str, spec: TableSpec, name: str, problems: Problems) -> RawTable:
    delimiter = _delimiter(text, spec, problems)
    notes = []
    if delimiter == ";":
        notes.append("read as semicolon-separated")
    elif delimiter == "\t":
        notes.append("read as tab-separated")
    records = _records(text, delimiter, problems)
    # drop leading blank lines, keep spreadsheet row numbers
    first = 0
    while first < len(records) and not any(_clean(c) for c in records[first]):
        first += 1
    if first == len(records):
        problems.fail(None, None, "the file is empty")
    header_row, header = first + 1, records[first]
    _check_width(header, header_row, problems)
    body = records[first + 1 :]
    keep = [k for k, r in enumerate(body) if "".join(r).strip(_INVISIBLE)]
    if len(keep) < len(body):
        notes.append(f"skipped {len(body) - len(keep)} empty row(s)")
    if not keep:
        problems.fail(None, None, "the file has a header row but no data rows")
    if len(keep) > MAX_ROWS:
        problems.fail(
            None,
            None,
            f"the file has more than {MAX_ROWS:,} data rows; the dashboard reads up to "
            f"{MAX_ROWS:,}. Split it, for example one file per year",
        )
    filled = [body[k] for k in keep]
    numbers = [k + first + 2 for k in keep]
    width = len(header)
    for n, r in zip(numbers, filled, strict=True):
        if len(r) > width and "".join(r[width:]).strip(_INVISIBLE):
            problems.add(
                n,
                f"{width + 1} (no header)",
                f"the row has {len(r)} cells but the header has {width}: put values that "
                "contain the separator in quotes, or add the missing column name",
            )
    problems.raise_if_any()
    if any(len(r) != width for r in filled):
        filled = [r[:width] + [""] * (width - len(r)) for r in filled]
    columns = list(zip(*filled, strict=True))

    def column(i: int) -> Sequence[str]:
        return columns[i]

    table, coded = _name_columns(column, header, header_row, spec, name, problems, notes)
    return RawTable(table, np.array(numbers), name, notes, delimiter, coded)


def _check_width(header: Sequence[str], header_row: int, problems: Problems) -> None:
    if len(header) > MAX_COLUMNS:
        problems.fail(
            header_row,
            None,
            f"the header has {len(header):,} columns; a file may have up to {MAX_COLUMNS} "
            "(the template's columns and the breakdowns you report). Remove the columns "
            "that are not needed",
        )


def _name_columns(
    column: Callable[[int], list[str]],
    header: Sequence[str],
    header_row: int,
    spec: TableSpec,
    name: str,
    problems: Problems,
    notes: list[str],
) -> tuple[pd.DataFrame, dict[str, tuple[np.ndarray, list[str]]]]:
    """The known columns, named as the spec names them, and each column's distinct cells.

    ``column(i)`` gives column i's cells; they are trimmed here (:func:`_clean`).
    """
    normalised = [_norm(h) for h in header]
    seen: dict[str, int] = {}
    keep: dict[str, int] = {}
    ignored = []
    renamed = []
    for i, (raw, col) in enumerate(zip(header, normalised, strict=True)):
        if not col:
            if any(_clean(c) for c in column(i)):
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
            keep[col] = i
            if _clean(raw) != col:
                renamed.append(f"'{_clean(raw)}' as '{col}'")
        else:
            ignored.append(_clean(raw))
    unknown = [n for n in normalised if n and not spec.known(n)]
    for required in spec.required:
        if required not in seen:
            close = difflib.get_close_matches(required, unknown, n=1, cutoff=0.6)
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
    coded = {}
    for col, i in keep.items():
        codes, cells = pd.factorize(np.array(column(i), dtype=object))
        coded[col] = (codes, [_clean(c) for c in cells])
    frame = pd.DataFrame(
        {col: np.array(cells, dtype=object)[codes] for col, (codes, cells) in coded.items()},
        dtype=object,
    )
    return frame, coded


def _frame_from_dataframe(
    df: pd.DataFrame, spec: TableSpec, problems: Problems, name: str
) -> RawTable:
    if len(df) == 0:
        problems.fail(None, None, "the table has no rows")
    if len(df) > MAX_ROWS:
        problems.fail(
            None, None, f"the table has {len(df):,} rows; the dashboard reads up to {MAX_ROWS:,}"
        )
    header = [str(c) for c in df.columns]
    _check_width(header, 1, problems)

    def column(i: int) -> list[str]:
        values = df.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m").fillna("")
        elif isinstance(values.dtype, pd.PeriodDtype):
            text = values.astype(str).where(values.notna(), "")
        else:
            return [_cell_text(x) for x in values.tolist()]
        return [str(x) for x in text]

    notes: list[str] = []
    table, coded = _name_columns(column, header, 1, spec, name, problems, notes)
    return RawTable(table, np.arange(2, len(df) + 2), name, notes, None, coded)


def _cell_text(x: object) -> str:
    """A DataFrame cell as a file would hold it: missing values (None, NaN, NA, NaT) empty."""
    if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, pd.Period):
        return str(x)
    if isinstance(x, (pd.Timestamp, date)):
        return f"{x.year:04d}-{x.month:02d}"
    return str(x)


def read_table(source: object, spec: TableSpec, name: str | None = None) -> RawTable:
    """Read a CSV (path, bytes, open file) or DataFrame into strings with known column names.

    ``name`` is what to call the source in messages (the file's own name by default).
    Cells are trimmed of spaces and invisible characters (a zero-width space, a byte-order
    mark), so a cell holding only those is empty.

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
    problems = Problems(name)
    if df is not None:
        return _frame_from_dataframe(df, spec, problems, name)
    if len(data) > MAX_BYTES:
        problems.fail(None, None, _too_big(len(data)))
    text, notes = decode(data, problems)
    table = _frame_from_text(text, spec, name, problems)
    table.notes[:0] = notes
    return table

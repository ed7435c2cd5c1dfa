r"""A careful reader for CSV files that people make in spreadsheets.

:func:`read_table` turns a path, bytes, an open file or a DataFrame into a table of stripped
strings whose columns are named as a :class:`TableSpec` expects. It is shared by every
loader (monthly returns, SWEMWBS scores): the file is only read, never changed; files above
:data:`MAX_BYTES` or :data:`MAX_ROWS` are refused before they are parsed; every problem is
reported with its spreadsheet row (the header is row 1) and column.

Examples
--------
>>> spec = TableSpec("scores", (Column("client_id", "text", True, "code"),
...     Column("start_raw", "count", True, "score")))
>>> table = read_table(b"client_id;start_raw\nA;14\n", spec)
>>> table.frame["start_raw"].tolist(), table.notes
(['14'], ['read as semicolon-separated (decimal commas such as 0,5 accepted)'])
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.abc import Traversable
from pathlib import Path

import numpy as np
import pandas as pd

from .problems import Problem, Problems, ReturnError

__all__ = ["MAX_BYTES", "MAX_ROWS", "Column", "TableSpec", "RawTable", "read_table"]

MAX_BYTES = 10_000_000
"""Largest file the dashboard reads (10 MB): far above a real return, small enough to stay quick."""

MAX_ROWS = 50_000
"""Most data rows the dashboard reads: e.g. 200 specialists for over 20 years of months."""


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


def _decode(data: bytes, problems: Problems) -> tuple[str, list[str], bool]:
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


def _delimiter(text: str, spec: TableSpec, problems: Problems) -> str:
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
    text: str, spec: TableSpec, name: str, problems: Problems, replaced: bool
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
    problems: Problems,
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
    df: pd.DataFrame, spec: TableSpec, problems: Problems, name: str
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
    problems = Problems(name)
    if df is not None:
        return _frame_from_dataframe(df, spec, problems, name)
    if len(data) > MAX_BYTES:
        problems.fail(None, None, _too_big(len(data)))
    text, notes, replaced = _decode(data, problems)
    table = _frame_from_text(text, spec, name, problems, replaced)
    table.notes[:0] = notes
    return table

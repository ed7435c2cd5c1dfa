"""The provider's monthly return: loading and checking one.

The columns are those of :mod:`guidance.core.monitoring.template`. :func:`load_return` reads
the file with the careful reader (:func:`guidance.core.monitoring.read_table`), parses
every cell and checks that the rows are consistent (one row per specialist a month, months
in order, nobody in a job who had not started, breakdowns within their totals).

Examples
--------
>>> from guidance.core.monitoring.template import example_path
>>> ret = load_return(example_path())
>>> ret.synthetic, len(ret.specialists)
(True, 6)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from .. import validation as v
from .cells import _num, decimal_mark, mark_note, parse_months, parse_numbers
from .problems import Problems
from .reader import RawTable, read_table
from .template import (
    BREAKDOWN_PREFIXES,
    COUNTS,
    RETURN_SPEC,
    SYNTHETIC_MARK,
)

__all__ = ["MIN_FTE", "MonthlyReturn", "load_return"]

MIN_FTE = 0.05
"""The smallest FTE a row may give: about two hours of a 37.5-hour week. The guide's own
plausibility bound (no source sets one): below it a caseload per FTE runs into the
thousands, like a count above the 100,000 cap, and is far more likely a typing slip."""


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
        >>> from guidance.core.monitoring.template import example_path
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
        >>> from guidance.core.monitoring.template import example_path
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
        A CSV file laid out like :func:`~guidance.core.monitoring.template_path` (see
        :func:`~guidance.core.monitoring.describe_template`), or
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
    guidance.core.monitoring.problems.ReturnError: the table could not be used (1 problem; \
rows are numbered as in a spreadsheet, the header is row 1):
    - row 2, column 'starts': 'four' is not a number
    """
    raw = read_table(source, RETURN_SPEC, name)
    source_name = raw.source
    problems = Problems(source_name)
    notes = list(raw.notes)
    optional = [
        c
        for c in raw.frame.columns
        if c == "employer_contacts" or any(c.startswith(p) for p in BREAKDOWN_PREFIXES)
    ]
    numeric = ["fte", *COUNTS, *optional]
    mark = decimal_mark(raw, numeric, problems)
    if note := mark_note(raw, numeric, mark):
        notes.append(note)
    columns: dict[str, Any] = {"row": raw.rows}
    columns["month"] = parse_months(raw, "month", problems).array
    columns["specialist"] = _specialists(raw, problems, notes)
    written = raw.frame["specialist"].tolist()
    fte = parse_numbers(raw, "fte", problems, kind="fte", mark=mark)
    bad_fte = fte.notna() & ((fte < MIN_FTE) | (fte > 1))
    for i in np.flatnonzero(bad_fte.to_numpy()):
        problems.add(
            int(raw.rows[i]),
            "fte",
            f"{_num(fte.iloc[i])} must be at least {MIN_FTE:g} (about two hours a week) and "
            "at most 1 (one person's full-time equivalent)",
        )
    columns["fte"] = fte.to_numpy()
    for column in COUNTS:
        columns[column] = parse_numbers(raw, column, problems, mark=mark).to_numpy()
    for column in optional:
        values = parse_numbers(raw, column, problems, allow_empty=True, mark=mark).to_numpy()
        columns[column] = values
    if "note" in raw.frame.columns:
        columns["note"] = raw.frame["note"].to_numpy()
    problems.raise_if_any()
    for column in (*COUNTS, *optional):
        values = columns[column]
        if np.isnan(values).any():
            columns[column] = pd.array(
                [None if np.isnan(x) else int(x) for x in values], dtype="Int64"
            )
        else:
            columns[column] = values.astype("int64")
    out = pd.DataFrame(columns)
    _check_consistency(out, optional, problems, notes, written)
    problems.raise_if_any()
    synthetic = SYNTHETIC_MARK.lower() in source_name.lower() or (
        "note" in out and out["note"].str.contains(SYNTHETIC_MARK, case=False).any()
    )
    return MonthlyReturn(out, source_name, tuple(notes), bool(synthetic))


def _same_name(name: str) -> str:
    """What two spellings of one specialist share: no capitals, invisible marks or extra spaces.

    Examples
    --------
    >>> _same_name("Es-A") == _same_name("ES-A\\u200b") == _same_name(" es-a ")
    True
    """
    visible = (
        name if name.isascii() else "".join(c for c in name if unicodedata.category(c) != "Cf")
    )
    return " ".join(visible.split()).casefold()


def _specialists(raw: RawTable, problems: Problems, notes: list[str]) -> np.ndarray:
    """The specialist column, each person under the spelling first used for them."""
    names = raw.frame["specialist"].tolist()
    first: dict[str, tuple[str, int]] = {}
    merged: dict[str, str] = {}
    keys = {name: _same_name(name) for name in dict.fromkeys(names)}
    for i, name in enumerate(names):
        if name == "":
            problems.add(
                int(raw.rows[i]),
                "specialist",
                "the cell is empty; enter the specialist's name or code",
            )
            continue
        key = keys[name]
        if key not in first:
            first[key] = (name, int(raw.rows[i]))
        elif first[key][0] != name:
            spelling, where = first[key]
            row = int(raw.rows[i])
            merged.setdefault(name, f"'{name}' (row {row}) as '{spelling}' (row {where})")
            names[i] = spelling
    if merged:
        shown = list(merged.values())
        notes.append(
            "read "
            + ", ".join(shown[:3])
            + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
            + ": names that differ only in capitals or spaces are taken as one specialist"
        )
    return np.array(names, dtype=object)


def _check_consistency(
    out: pd.DataFrame, optional: list[str], problems: Problems, notes: list[str], written: list
) -> None:
    """Rows that disagree with each other; ``written`` holds the names as the file spells them."""
    rows = out["row"].to_numpy()
    index = out["month"].array.asi8
    # duplicated month and specialist (spellings of one person were merged on the way in)
    key = zip(out["specialist"].tolist(), index.tolist(), strict=True)
    first_row: dict[tuple[str, int], int] = {}
    for i, k in enumerate(key):
        if k in first_row:
            j = int(np.flatnonzero(rows == first_row[k])[0])
            spelt = (
                ""
                if written[j] == written[i]
                else f" (as '{written[j]}': names that differ only in capitals or spaces are "
                "one specialist)"
            )
            problems.add(
                int(rows[i]),
                "month",
                f"{out['month'].iloc[i]} for '{written[i]}' is already on row "
                f"{first_row[k]}{spelt}: each specialist has one row a month",
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
    over = (cum["starts"] > cum["referrals"]).to_numpy()
    if over.any():
        notes.append(
            "starts so far exceed referrals so far for "
            + _some(sorted(set(out.loc[over, "specialist"])))
            + " (fine if referrals arrived before the first month in the file)"
        )
    _note_gaps(out["specialist"].to_numpy(), index, notes)


NAMED_IN_A_NOTE = 5
"""Specialists a note names before it counts the rest."""


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:NAMED_IN_A_NOTE])
    rest = len(names) - NAMED_IN_A_NOTE
    return shown + (f" and {rest:,} more" if rest > 0 else "")


def _note_gaps(specialists: np.ndarray, index: np.ndarray, notes: list[str]) -> None:
    """A note for each specialist with months missing between their first and last row."""
    codes, names = pd.factorize(specialists)
    if not len(names):
        return
    first = np.full(len(names), np.iinfo(np.int64).max)
    last = np.full(len(names), np.iinfo(np.int64).min)
    np.minimum.at(first, codes, index)
    np.maximum.at(last, codes, index)
    gaps = np.flatnonzero(last - first + 1 > np.bincount(codes, minlength=len(names)))
    for g in gaps[:NAMED_IN_A_NOTE]:
        have = set(index[codes == g].tolist())
        missing = [m for m in range(first[g], last[g] + 1) if m not in have]
        shown = ", ".join(str(pd.Period(ordinal=m, freq="M")) for m in missing[:3])
        shown += " ..." if len(missing) > 3 else ""
        notes.append(f"{names[g]} has no row for {shown}: absence, or a missing row?")
    if len(gaps) > NAMED_IN_A_NOTE:
        notes.append(f"{len(gaps) - NAMED_IN_A_NOTE:,} more specialists have months with no row")

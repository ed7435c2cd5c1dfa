"""Problems found in a file: where each is (spreadsheet row and column) and what is wrong.

Every loader in :mod:`guidance.core.monitoring` (and the SWEMWBS score loader in
:mod:`guidance.core.wellbeing`) collects problems in a :class:`Problems` list and raises one
:class:`ReturnError` listing them, so a person sees every cell to fix at once.

Examples
--------
>>> str(Problem(7, "starts", "'twelve' is not a whole number"))
"row 7, column 'starts': 'twelve' is not a whole number"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAX_PROBLEMS", "Problem", "ReturnError", "Problems"]

MAX_PROBLEMS = 20
"""Problems listed in one message; the rest are counted."""


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


class Problems:
    """Problems collected while a file is checked; :meth:`raise_if_any` reports them all."""

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

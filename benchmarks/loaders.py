"""Benchmark: load time of the largest files the loaders' limits allow.

Run from the repository root (after ``bash scripts/setup-env`` has made ``.venv``)::

    .venv/bin/python benchmarks/loaders.py           # every shape, best of 3
    .venv/bin/python benchmarks/loaders.py --runs 1  # quicker

Each line is one shape at the limits (:data:`guidance.core.monitoring.MAX_ROWS` rows,
:data:`~guidance.core.monitoring.MAX_COLUMNS` columns, :data:`~guidance.core.monitoring.MAX_BYTES`
bytes, :data:`~guidance.core.monitoring.MAX_CELL` characters in a cell), accepted or refused,
with its size, the best wall-clock time of the runs and that run's processor time (which
other programs on a shared machine do not inflate); the target is 2 seconds of wall-clock
time for every shape. The files are made here in memory (synthetic), never written to disk. This is
not part of the test suite: speed is measured here, not asserted in tests.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pandas as pd  # noqa: E402

from guidance.core import monitoring as mon  # noqa: E402
from guidance.core.wellbeing import load_scores  # noqa: E402

TARGET_SECONDS = 2.0
HEADER = "month,specialist,fte,referrals,starts,active_caseload,job_entries,sustained"


def _months(n: int) -> list[str]:
    """n consecutive months ending last year, so that none is in the future."""
    end = time.gmtime().tm_year - 1
    start = end * 12 + 11 - (n - 1)
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(start, start + n)]


def rows_file(specialists: int = 250, extra: str = "", extra_header: str = "") -> bytes:
    """MAX_ROWS rows: ``specialists`` people over as many months as that takes."""
    months = _months(-(-mon.MAX_ROWS // specialists))
    lines = [HEADER + extra_header]
    for i in range(mon.MAX_ROWS):
        month, who = divmod(i, specialists)
        lines.append(f"{months[month]},S{who},1,5,4,20,1,1{extra}")
    return ("\n".join(lines) + "\n").encode()


def wide_file() -> bytes:
    """MAX_COLUMNS columns (the template and referral sources), as many rows as bytes allow."""
    sources = mon.MAX_COLUMNS - 8
    header = HEADER + "".join(f",referrals_from_source_{i}" for i in range(sources))
    body = ",0" * sources
    row_bytes = len(f"2020-01,S000,1,5,4,20,1,1{body}\n")
    rows = min(mon.MAX_ROWS, (mon.MAX_BYTES - len(header) - 1) // row_bytes)
    specialists = 250
    months = _months(-(-rows // specialists))
    lines = [header] + [
        f"{months[i // specialists]},S{i % specialists:03d},1,5,4,20,1,1{body}" for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def long_cells_file() -> bytes:
    """Notes of MAX_CELL characters, as many rows as bytes allow."""
    note = "x" * mon.MAX_CELL
    rows = (mon.MAX_BYTES - 200) // (len(note) + 40)
    months = _months(rows)
    lines = [HEADER + ",note"] + [f"{months[i]},A,1,5,4,20,1,1,{note}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def shapes() -> list[tuple[str, Callable[[], object], Callable[[object], object]]]:
    """(description, make the input, load it)."""
    return [
        ("largest return: MAX_ROWS rows x 8 columns", rows_file, mon.load_return),
        (
            "MAX_ROWS rows x 10 columns, every specialist once (50,000 people)",
            lambda: rows_file(specialists=mon.MAX_ROWS),
            mon.load_return,
        ),
        (
            "MAX_ROWS rows, decimal commas, semicolons, thousands",
            lambda: rows_file().replace(b",", b";").replace(b";1;5;", b";0,5;1.005;"),
            mon.load_return,
        ),
        (
            "MAX_ROWS rows as Windows-1252, a pound sign in every note",
            lambda: (
                rows_file(extra=",\xa35 travel", extra_header=",note").decode().encode("cp1252")
            ),
            mon.load_return,
        ),
        ("MAX_COLUMNS columns, rows up to MAX_BYTES", wide_file, mon.load_return),
        ("notes of MAX_CELL characters up to MAX_BYTES", long_cells_file, mon.load_return),
        (
            "refused: MAX_ROWS rows, every count cell wrong",
            lambda: rows_file().replace(b",1,5,4,20,1,1", b",1,x,x,x,x,x"),
            mon.load_return,
        ),
        (
            "refused: more than MAX_COLUMNS columns (2,000)",
            lambda: (
                HEADER
                + "".join(f",referrals_from_{i}" for i in range(2000))
                + "\n2020-01,A,1,5,4,20,1,1"
                + ",0" * 2000
                + "\n"
            ).encode(),
            mon.load_return,
        ),
        (
            "a pandas DataFrame of MAX_ROWS rows",
            lambda: pd.read_csv(io.BytesIO(rows_file())),
            mon.load_return,
        ),
        (
            "SWEMWBS scores: MAX_ROWS clients",
            lambda: (
                "client_id,start_raw,end_raw\n"
                + "".join(f"C{i},{7 + i % 29},{7 + (i * 7) % 29}\n" for i in range(mon.MAX_ROWS))
            ).encode(),
            load_scores,
        ),
    ]


def _size(data: object) -> float:
    return len(data) / 1e6 if isinstance(data, bytes) else data.memory_usage(deep=True).sum() / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per shape (best is shown)")
    args = parser.parse_args(argv)
    print(
        f"limits: {mon.MAX_ROWS:,} rows, {mon.MAX_COLUMNS} columns, "
        f"{mon.MAX_BYTES / 1e6:.0f} MB, {mon.MAX_CELL:,} characters a cell"
    )
    print(f"{'shape':<66} {'MB':>5} {'outcome':>8} {'wall s':>7} {'cpu s':>6}  target")
    worst = 0.0
    for label, make, load in shapes():
        data = make()
        times = []
        outcome = "loaded"
        for _ in range(args.runs):
            started, cpu = time.perf_counter(), time.process_time()
            try:
                load(data)
            except mon.ReturnError:
                outcome = "refused"
            times.append((time.perf_counter() - started, time.process_time() - cpu))
        best, best_cpu = min(times)
        worst = max(worst, best)
        verdict = "PASS" if best <= TARGET_SECONDS else "FAIL"
        print(
            f"{label:<66} {_size(data):>5.1f} {outcome:>8} {best:>7.2f} {best_cpu:>6.2f}  {verdict}"
        )
    verdict = "PASS" if worst <= TARGET_SECONDS else "FAIL"
    print(f"worst load time: {worst:.2f} s (target {TARGET_SECONDS:.0f} s): {verdict}")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())

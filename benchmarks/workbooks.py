"""Benchmark: make every calculator's workbook at the defaults and recalculate them all in
one LibreOffice run, as the book build does; print the seconds and each file's size.

Run: ``.venv/bin/python benchmarks/workbooks.py``. The issue's budget: at most 30 s for all,
each file under 200 KB.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from guidance.files.workbooks import names, workbook
from guidance.files.workbooks.recalc import recalculate


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        paths = []
        for name in names():
            path = Path(tmp) / f"{name}.xlsx"
            book: Workbook = workbook(name)
            book.save(path)
            paths.append(path)
        made = time.perf_counter()
        recalculate(paths)
        done = time.perf_counter()
        print(f"made {len(paths)} workbooks in {made - started:.1f} s")
        print(f"recalculated them in one LibreOffice run in {done - made:.1f} s")
        print(f"total {done - started:.1f} s")
        for p in paths:
            print(f"  {p.name:28} {p.stat().st_size / 1000:6.1f} KB")


if __name__ == "__main__":
    main()

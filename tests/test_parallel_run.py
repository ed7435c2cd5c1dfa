"""The full run's parallel set-up works: tests that share an expensive fixture stay together.

``bash scripts/run-tests`` runs pytest-xdist with ``--dist loadgroup``: the checks of one
book page share one inspection of it, and the workbook tests share one LibreOffice run,
through the ``xdist_group`` mark. pytest 9.2 silently broke that grouping
(pytest-xdist#1386): the run still passed, only slower, with every page inspected twice.
This test runs a small suite the same way and fails if a group is split between workers.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

SUITE = """
import os
import pytest

def record(name):
    with open("ran.txt", "a", encoding="utf-8") as f:
        f.write(f"{name} {os.environ['PYTEST_XDIST_WORKER']}\\n")


PAGES = [pytest.param(n, marks=pytest.mark.xdist_group(n)) for n in ("a.html", "b.html", "c.html")]


@pytest.mark.parametrize("name", PAGES)
def test_first(name):
    record(name)


@pytest.mark.parametrize("name", PAGES)
def test_second(name):
    record(name)


def test_alone():
    pass
"""


def test_a_group_runs_on_one_worker(tmp_path):
    (tmp_path / "test_groups.py").write_text(SUITE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup",
         "--no-loadscope-reorder", "-p", "no:cacheprovider", "-q", "test_groups.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    workers = defaultdict(set)
    for line in (tmp_path / "ran.txt").read_text(encoding="utf-8").splitlines():
        name, worker = line.split()
        workers[name].add(worker)
    assert set(workers) == {"a.html", "b.html", "c.html"}
    split = {name: sorted(w) for name, w in workers.items() if len(w) > 1}
    assert not split, f"xdist_group did not keep these together: {split} (see the docstring)"

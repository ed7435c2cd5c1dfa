"""nbval over every chapter, and proof that a changed evidence value fails it.

The chapters are MyST Markdown notebooks. nbval collects only .ipynb, so each chapter is
converted with jupytext into a temporary folder and run there. Worked examples are
checked by hidden assertion cells (tagged remove-cell), so an error is a failed check.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(
    p for p in (ROOT / "book").glob("*.md") if "{code-cell}" in p.read_text(encoding="utf-8")
)


def run_nbval(chapter: Path, tmp_path: Path, env: dict | None = None):
    notebook = tmp_path / (chapter.stem + ".ipynb")
    jupytext.write(jupytext.read(chapter), notebook)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-q",
            notebook.name,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_passes_nbval(chapter, tmp_path):
    proc = run_nbval(chapter, tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


@pytest.mark.slow
def test_altered_evidence_value_fails_the_worked_example(tmp_path):
    """Change one figure in a copy of the register: chapter 3's worked example must fail."""
    source = ROOT / "src" / "guidance" / "data" / "evidence.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    altered = [
        line.replace("fss.clients_per_es_per_year,40,", "fss.clients_per_es_per_year,35,")
        for line in lines
    ]
    assert altered != lines, "the figure to alter was not found"
    register = tmp_path / "altered.csv"
    register.write_text("\n".join(altered) + "\n", encoding="utf-8")
    proc = run_nbval(
        ROOT / "book" / "ch3-contract-parameters.md",
        tmp_path,
        env={"GUIDANCE_EVIDENCE_FILE": str(register)},
    )
    assert proc.returncode != 0
    assert "AssertionError" in proc.stdout

"""Every chapter ran cleanly in the book build, and proof that a changed evidence value fails.

Worked examples are checked by hidden assertion cells (tagged remove-cell), so an error is a
failed check. The book build executes each chapter once, with errors not allowed and
warnings as errors; :func:`test_chapter_ran_cleanly_in_the_book_build` reads what it
executed from its execution cache (``_build/.jupyter_cache``, jupyter-cache's public API)
rather than running the chapters a second time. The cache holds only this package's runs:
``book/_ext/guidance_cache.py`` clears it whenever the package or the register changes.

:func:`test_altered_evidence_value_fails_the_worked_example` runs one chapter again, with
nbval, against a copy of the register with one figure changed: its worked example must fail.
The chapters are MyST Markdown notebooks and nbval collects only .ipynb, so the chapter is
converted with jupytext into a temporary folder and run there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from jupyter_cache import get_cache

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(
    p for p in (ROOT / "book").glob("*.md") if "{code-cell}" in p.read_text(encoding="utf-8")
)


# chapters without a worked example to check (their code cells only show things)
UNCHECKED = {"intro"}


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


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_ran_cleanly_in_the_book_build(chapter, built_html):
    """Every code cell of the chapter, hidden checks included, ran in this build without
    an error or anything written to stderr."""
    cache = get_cache(built_html.parent / ".jupyter_cache")
    source = jupytext.read(chapter)
    try:
        _, ran = cache.merge_match_into_notebook(source)
    except KeyError:
        pytest.fail(f"the book build has no run of {chapter.name}'s current code")
    code = [c for c in ran.cells if c.cell_type == "code"]
    checks = [c for c in code if "remove-cell" in c.metadata.get("tags", [])]
    assert any("assert" in c.source for c in checks) or chapter.stem in UNCHECKED, (
        f"{chapter.name} has no hidden assertion cell checking its worked examples"
    )
    for number, cell in enumerate(code, 1):
        assert cell.execution_count is not None, f"{chapter.name}: code cell {number} did not run"
        for out in cell.outputs:
            assert out.output_type != "error", f"{chapter.name}: code cell {number} failed"
            assert out.get("name") != "stderr", (
                f"{chapter.name}: code cell {number} wrote to stderr: {out.text[:500]}"
            )


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

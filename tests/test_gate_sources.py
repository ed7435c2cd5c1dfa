"""Source gate: chapters are reviewable MyST Markdown, and nothing else.

Chapters live in ``book/`` as MyST Markdown notebooks (plain text with a jupytext header),
so a pull request shows a readable diff of the prose and the code. Executed ``.ipynb``
copies are not kept at all - the book build executes the Markdown - so there is nothing
to keep in sync. If an ``.ipynb`` turns up (for example saved from JupyterLab), or a
chapter loses its header, these tests say the one command that fixes it.

This is fast and needs no build: ``pre-commit`` runs it on every commit that touches
``book/``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
JUPYTEXT = ".venv/bin/jupytext"
IGNORED_PARTS = {".ipynb_checkpoints", "_build", "_static", "_ext", "__pycache__"}


def _kept(path: Path) -> bool:
    return not IGNORED_PARTS & set(path.relative_to(ROOT).parts)


def notebooks_in_book() -> list[Path]:
    return sorted(p for p in BOOK.rglob("*.ipynb") if _kept(p))


def book_markdown() -> list[Path]:
    return sorted(p for p in BOOK.rglob("*.md") if _kept(p))


def front_matter(text: str) -> dict | None:
    """The YAML header of a Markdown file, or None if it has none."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def header_problem(text: str) -> str | None:
    """What is wrong with a notebook chapter's jupytext header, or None.

    >>> header_problem("# Title\\n")
    'has no jupytext header'
    """
    meta = front_matter(text)
    if meta is None or "jupytext" not in meta:
        return "has no jupytext header"
    representation = (meta.get("jupytext") or {}).get("text_representation") or {}
    if representation.get("format_name") != "myst":
        return f"is not in MyST format (format_name: {representation.get('format_name')!r})"
    kernel = meta.get("kernelspec") or {}
    if kernel.get("name") != "python3":
        return f"does not name the python3 kernel (kernelspec name: {kernel.get('name')!r})"
    formats = str((meta.get("jupytext") or {}).get("formats", ""))
    if "ipynb" in formats:
        return f"is paired with an .ipynb copy (formats: {formats})"
    return None


def is_notebook_chapter(path: Path, text: str) -> bool:
    """Chapters (``ch*.md``) and any page with a code cell are notebooks."""
    return path.name.startswith("ch") or "```{code-cell}" in text


@pytest.mark.parametrize("path", book_markdown(), ids=lambda p: p.name)
def test_notebook_pages_have_the_jupytext_header(path):
    text = path.read_text(encoding="utf-8")
    if not is_notebook_chapter(path, text):
        return
    problem = header_problem(text)
    rel = path.relative_to(ROOT)
    fix = f"{JUPYTEXT} --to myst --set-kernel python3 {rel}"
    if problem and "paired" in problem:
        fix = f"{JUPYTEXT} --set-formats md:myst {rel}"
    assert problem is None, (
        f"{rel} {problem}. Chapters are MyST Markdown notebooks; to fix it run:\n    {fix}\n"
        "(see CONTRIBUTING.md, 'Chapters are plain text')"
    )


def test_no_notebook_copies_in_book():
    found = notebooks_in_book()
    commands = "\n".join(
        f"    {JUPYTEXT} --to myst {p.relative_to(ROOT)} && rm {p.relative_to(ROOT)}"
        if not p.with_suffix(".md").exists()
        else f"    rm {p.relative_to(ROOT)}    # {p.with_suffix('.md').name} is the chapter"
        for p in found
    )
    assert not found, (
        "book/ keeps chapters as MyST Markdown only (no .ipynb copies to keep in sync). "
        f"Run:\n{commands}\n(see CONTRIBUTING.md, 'Chapters are plain text')"
    )


def test_every_toc_entry_is_a_markdown_file():
    from test_gate_integrity import toc_pages

    missing = [
        page[: -len(".html")] + ".md"
        for page in toc_pages()
        if not (ROOT / (page[: -len(".html")] + ".md")).is_file()
    ]
    assert not missing, f"_toc.yml names files that are not MyST Markdown in book/: {missing}"


def test_header_check_catches_problems():
    good = (BOOK / "ch3-contract-parameters.md").read_text(encoding="utf-8")
    assert header_problem(good) is None
    assert (
        header_problem("# Title\n\n```{code-cell} ipython3\n1\n```\n") == "has no jupytext header"
    )
    paired = good.replace("jupytext:\n", "jupytext:\n  formats: ipynb,md:myst\n", 1)
    assert "paired" in header_problem(paired)
    other_kernel = good.replace("name: python3", "name: ir")
    assert "kernel" in header_problem(other_kernel)
    assert "MyST" in header_problem(good.replace("format_name: myst", "format_name: markdown"))


def test_notebook_copy_check_names_the_command(tmp_path, monkeypatch):
    book = tmp_path / "book"
    (book / ".ipynb_checkpoints").mkdir(parents=True)
    (book / "ch9-new.ipynb").write_text("{}")
    (book / "ch3-contract-parameters.ipynb").write_text("{}")
    (book / "ch3-contract-parameters.md").write_text("# Contract parameters\n")
    (book / ".ipynb_checkpoints" / "ch9-new-checkpoint.ipynb").write_text("{}")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "BOOK", book)
    with pytest.raises(AssertionError) as failure:
        test_no_notebook_copies_in_book()
    message = str(failure.value)
    assert ".venv/bin/jupytext --to myst book/ch9-new.ipynb && rm book/ch9-new.ipynb" in message
    assert "rm book/ch3-contract-parameters.ipynb    # ch3-contract-parameters.md" in message
    assert "checkpoint" not in message

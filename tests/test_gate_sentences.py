"""Reviewable prose gate: chapter text is written one sentence per line.

A one-word edit to a chapter is then a one-line diff. ``scripts/one-sentence-per-line``
puts the prose of a chapter in that form; this gate fails when a chapter (or the chapter
template) is not in it, names the first line that is not, and says what to run. It also
checks that the tool leaves code cells, directive options, tables, maths, comments and
the contents of roles alone, keeps abbreviations and decimals inside a sentence, and
changes nothing when it runs on its own output.
"""

from __future__ import annotations

import doctest
import importlib.machinery
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "scripts" / "one-sentence-per-line"
CHAPTERS = sorted((ROOT / "book").glob("*.md")) + [ROOT / "templates" / "chapter-template.md"]


def _load_tool():
    loader = importlib.machinery.SourceFileLoader("one_sentence_per_line", str(TOOL))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


tool = _load_tool()

SAMPLE = """\
---
jupytext:
  formats: md:myst. Not prose. Never split.
---

# A title. With a stop

```{code-cell} ipython3
:tags: [remove-cell]
x = 1.5  # One. Two. Three.
```

This is one sentence that has been wrapped
over two lines. This is another, e.g. with an abbreviation, i.e. two of them. It costs
£1.5m a year (see Fig. 2 and p. 14 of No. 10's report) and 30.6% of starters stay.
Bond et al. 2012 found it. The sum is {glue:text}`fss.total.eligible_published`. The
role {cite:p}`a.b. C.d` and `code. With. Stops` stay whole. Done!

- **A list item.** With a second sentence
  wrapped onto the next line. And a third.
  1. A nested item. With two sentences.
- Another item.

```{admonition} A title. Left alone
:class: warning
Inside the box. Two sentences.
```

| a. B | c. D |
|---|---|
| 1. 2 | 3. 4 |

$$
a. B = c. D
$$

% A comment. With two sentences. Left alone.

(my-target)=
Term. With a stop
: A definition. With two sentences.
"""

EXPECTED = """\
---
jupytext:
  formats: md:myst. Not prose. Never split.
---

# A title. With a stop

```{code-cell} ipython3
:tags: [remove-cell]
x = 1.5  # One. Two. Three.
```

This is one sentence that has been wrapped over two lines.
This is another, e.g. with an abbreviation, i.e. two of them.
It costs £1.5m a year (see Fig. 2 and p. 14 of No. 10's report) and 30.6% of starters stay.
Bond et al. 2012 found it.
The sum is {glue:text}`fss.total.eligible_published`.
The role {cite:p}`a.b. C.d` and `code. With. Stops` stay whole.
Done!

- **A list item.**
  With a second sentence wrapped onto the next line.
  And a third.
  1. A nested item.
     With two sentences.
- Another item.

```{admonition} A title. Left alone
:class: warning
Inside the box.
Two sentences.
```

| a. B | c. D |
|---|---|
| 1. 2 | 3. 4 |

$$
a. B = c. D
$$

% A comment. With two sentences. Left alone.

(my-target)=
Term. With a stop
: A definition.
  With two sentences.
"""


EDGE_CASES = [
    # display maths and HTML blocks keep every line as written
    ("$$\nx. Y = 1. Z\n$$\n\nAfter. Two.\n", "$$\nx. Y = 1. Z\n$$\n\nAfter.\nTwo.\n"),
    ("<!-- a note. With\ntwo lines. Here -->\n", "<!-- a note. With\ntwo lines. Here -->\n"),
    ("<div>\nHTML. Block\n</div>\n", "<div>\nHTML. Block\n</div>\n"),
    # "2019." at a line start is text in a paragraph, a new item in a list
    ("It rose in\n2019. Then it fell.\n", "It rose in 2019.\nThen it fell.\n"),
    ("1. One. Two\n2. Three.\n", "1. One.\n   Two\n2. Three.\n"),
    # a new line never starts like a list item (it would become one)
    ("The list is long. 2. Not a list.\n", "The list is long. 2.\nNot a list.\n"),
    # a hard line break (two trailing spaces) is part of the text
    ("One.  \nTwo. Three.\n", "One.  \nTwo. Three.\n"),
    # a setext heading and a definition term are left alone
    ("A title. Two\n===\n", "A title. Two\n===\n"),
    # an indented code block is left alone
    ("    code. Not prose.\n", "    code. Not prose.\n"),
    # inline maths and link destinations keep their stops
    ("The rate $p. Q$ is. Next.\n", "The rate $p. Q$ is.\nNext.\n"),
    ("See [it](../a.b#c.D). Next.\n", "See [it](../a.b#c.D).\nNext.\n"),
]


@pytest.mark.parametrize("text, expected", EDGE_CASES)
def test_tool_edge_cases(text, expected):
    assert tool.reflow(text) == expected
    assert tool.reflow(expected) == expected


def test_tool_docstring_examples():
    assert doctest.testmod(tool).failed == 0


def test_tool_reflows_prose_and_nothing_else():
    assert tool.reflow(SAMPLE) == EXPECTED


def test_tool_is_idempotent_on_the_sample():
    assert tool.reflow(EXPECTED) == EXPECTED


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_tool_is_idempotent_on_each_chapter(path):
    once = tool.reflow(path.read_text(encoding="utf-8"))
    assert tool.reflow(once) == once


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_tool_changes_only_whitespace(path):
    text = path.read_text(encoding="utf-8")
    assert tool.reflow(text).split() == text.split()


@pytest.mark.parametrize(
    "text",
    [
        "Costs rose. They fell.",
        "Costs rose! They fell.",
        "Is it worth it? Yes.",
        "The review said so (2020). The guide agrees.",
        "It is “good”. The guide agrees.",
        "It costs {glue:text}`x`. The guide agrees.",
        "**Costs rose.** They fell.",
    ],
)
def test_gate_finds_two_sentences_on_a_line(text):
    assert tool.reflow(text + "\n") != text + "\n"
    assert len(tool.split_sentences(text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Use it, e.g. For Scotland.",
        "Use it, i.e. Scotland.",
        "See p. 12 and pp. 3-4.",
        "See Fig. 2 for the chart.",
        "See No. 10 for the rule.",
        "Whitworth et al. 2024 suggest it.",
        "It costs £1.5m a year.",
        "J. Smith found 30.6% in work.",
    ],
)
def test_abbreviations_and_decimals_do_not_end_a_sentence(text):
    assert tool.split_sentences(text) == [text]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_one_sentence_per_line(path):
    text = path.read_text(encoding="utf-8")
    new = tool.reflow(text)
    if new == text:
        return
    old_lines, new_lines = text.split("\n"), new.split("\n")
    first = next(
        (i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b),
        min(len(old_lines), len(new_lines)),
    )
    pytest.fail(
        f"{path.relative_to(ROOT)} line {first + 1} is not one sentence per line:\n"
        f"  {old_lines[first] if first < len(old_lines) else ''}\n"
        f"Run: python scripts/one-sentence-per-line {path.relative_to(ROOT)}"
    )


def test_check_option_reports_and_changes_nothing(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("One. Two.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check", str(page)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "one sentence per line" in done.stderr
    assert page.read_text(encoding="utf-8") == "One. Two.\n"
    done = subprocess.run([sys.executable, str(TOOL), str(page)], capture_output=True, text=True)
    assert done.returncode == 0
    assert page.read_text(encoding="utf-8") == "One.\nTwo.\n"
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check", str(page)], capture_output=True, text=True
    )
    assert done.returncode == 0


def test_unreadable_file_gets_a_message_not_a_traceback(tmp_path):
    page = tmp_path / "page.md"
    page.write_bytes(b"\xff\xfe not text")
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check", str(page), str(tmp_path / "missing.md")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Cannot read" in done.stderr and "Traceback" not in done.stderr


# The Markdown parser MyST uses, with the book's extensions (_config.yml).
MARKDOWN = (
    MarkdownIt("commonmark")
    .enable("table")
    .use(front_matter_plugin)
    .use(myst_block_plugin)
    .use(myst_role_plugin)
    .use(dollarmath_plugin)
    .use(colon_fence_plugin)
    .use(deflist_plugin)
)


def rendered(text: str) -> str:
    """The HTML a Markdown text renders to, whitespace runs counted as one space."""
    return re.sub(r"\s+", " ", MARKDOWN.render(text))


@pytest.mark.parametrize(
    "text",
    [SAMPLE, *(case[0] for case in EDGE_CASES)]
    + [path.read_text(encoding="utf-8") for path in CHAPTERS],
    ids=["sample"] + [f"edge{i}" for i in range(len(EDGE_CASES))] + [p.name for p in CHAPTERS],
)
def test_reflowed_text_renders_the_same(text):
    """Only line breaks move: the book shows the same words in the same blocks."""
    assert rendered(tool.reflow(text)) == rendered(text)

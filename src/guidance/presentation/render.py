"""A calculator's output as text and HTML: numbers become words only here.

Every front end shows a :class:`guidance.calculators.spec.Output` through these
functions, so the book, the live calculators, the command line and the Word drafts say
the same thing the same way.

Example
-------
>>> from guidance.calculators.spec import Q, Text
>>> text(Text("Costs ", Q(9788688.2, "GBP"), " for ", Q(0.306, "share", 1), "."))
'Costs £9,788,688 for 30.6%.'
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from ..calculators.spec import Check, Definition, Note, Output, Q, Table, Text
from .citations import cite_html
from .display import table_html
from .formatting import decimal, fte, gbp, pct, whole

__all__ = [
    "quantity",
    "text",
    "cell",
    "table_frame",
    "output_table_html",
    "checks_html",
    "notes_html",
    "output_text",
    "inputs_rows",
    "inputs_html",
    "input_value",
    "output_html",
    "STATUS_WORDS",
]

STATUS_WORDS = {"within": "within range", "below": "BELOW range", "above": "ABOVE range"}
"""A KPI check's status in words (colour is never the only signal)."""


def quantity(q: Q) -> str:
    """A number in words for its unit: £ whole pounds, a percentage, a count, posts.

    Examples
    --------
    >>> quantity(Q(2000, "GBP")), quantity(Q(0.3, "share")), quantity(Q(16314.4, "count"))
    ('£2,000', '30%', '16,314')
    >>> quantity(Q(None, "GBP")), quantity(Q(1.6875, "FTE")), quantity(Q(1.32, "number", 2))
    ('not computed', '1.7', '1.32')
    """
    value = q.value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not computed"
    if q.unit == "text":
        return str(value)
    if q.unit == "GBP":
        return gbp(value, q.decimals or 0)
    if q.unit == "share":
        return pct(value, q.decimals or 0)
    if q.unit == "count":
        return whole(value) if not q.decimals else decimal(value, q.decimals)
    if q.unit == "FTE":
        return fte(value) if q.decimals is None else decimal(value, q.decimals)
    return decimal(value, 1 if q.decimals is None else q.decimals)


def text(t: Text | str) -> str:
    """A :class:`Text` with its numbers formatted."""
    if isinstance(t, str):
        return t
    return "".join(p if isinstance(p, str) else quantity(p) for p in t.parts)


def cell(value: Any) -> str:
    """One table cell as text (a Q formatted, text as it is, nothing as empty)."""
    if value is None:
        return ""
    if isinstance(value, Q):
        return quantity(value)
    if isinstance(value, Text):
        return text(value)
    return str(value)


def table_frame(table: Table) -> pd.DataFrame:
    """The table with every cell formatted, for the screen (columns by label)."""
    data = {
        column.label: [cell(table.cell(r, c)) for r in range(len(table.rows))]
        for c, column in enumerate(table.columns)
    }
    return pd.DataFrame(data, columns=[c.label for c in table.columns])


def output_table_html(table: Table) -> str:
    """A table as accessible HTML (caption, column scope, scrollable region)."""
    return table_html(table_frame(table), text(table.caption))


def checks_html(checks: tuple[Check, ...]) -> str:
    """KPI checks as a list with a word for each status, coloured by the book's CSS classes."""
    if not checks:
        return ""
    items = []
    for c in checks:
        word = STATUS_WORDS.get(c.status, c.status)
        css = f" guidance-status-{c.status}" if c.status in STATUS_WORDS else ""
        items.append(
            f'<li><span class="guidance-status{css}">{html.escape(word)}</span>: '
            f"{html.escape(c.label)}: {html.escape(quantity(c.value))} "
            f"(suggested {html.escape(text(c.suggested))})</li>"
        )
    return f'<ul class="guidance-kpis" aria-label="KPI checks">{"".join(items)}</ul>'


def notes_html(notes: tuple[Note, ...]) -> str:
    """Each note as a heading and a list."""
    out = []
    for note in notes:
        items = "".join(f"<li>{html.escape(text(i))}</li>" for i in note.items)
        out.append(
            f'<div class="guidance-note"><p><strong>{html.escape(note.heading)}</strong></p>'
            f"<ul>{items}</ul></div>"
        )
    return "".join(out)


def output_text(output: Output) -> str:
    """The output as plain text: summary, checks, notes and tables (for nbval and the CLI)."""
    lines = [text(output.summary)]
    for c in output.checks:
        lines.append(
            f"- {STATUS_WORDS.get(c.status, c.status)}: {c.label}: {quantity(c.value)} "
            f"(suggested {text(c.suggested)})"
        )
    for note in output.notes:
        lines.append(note.heading)
        lines.extend(f"- {text(i)}" for i in note.items)
    for table in output.tables:
        lines.append(text(table.caption))
        lines.append(table_frame(table).to_string(index=False))
    return "\n".join(lines)


def input_value(definition: Definition, name: str, value: Any) -> str:
    """An input's value as a person reads it (a percent as 30%, a choice by its label)."""
    item = definition.input(name)
    if item.kind == "percent":
        return f"{value * 100:,.10g}%"
    if item.kind == "choice":
        return next((label for label, v in item.options if v == value), str(value))
    if isinstance(value, float):
        return f"{value:,.10g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def inputs_rows(definition: Definition, values: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(label with unit, value, source) for every input; a changed value is the user's own."""
    rows = []
    for item in definition.inputs:
        value = values[item.name]
        default = definition.default(item, values)
        own = value != default
        source = "your own figure" if own else definition.source(item.name, values)
        label = item.label + (f" ({item.unit})" if item.unit and item.unit != "%" else "")
        if item.kind == "percent":
            label += " (%)"
        rows.append((label, input_value(definition, item.name, value), source))
    return rows


def inputs_html(definition: Definition, values: Mapping[str, Any], caption: str) -> str:
    """The inputs used, their values and sources, as a collapsible table.

    Each source is a short citation linking to the book's reference list (the print
    edition opens the table, so every input and source reaches paper).
    """
    rows = "".join(
        f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td><td>{cite_html(c)}</td></tr>"
        for a, b, c in inputs_rows(definition, values)
    )
    return (
        '<details class="guidance-inputs"><summary>Inputs used for this result</summary>'
        f'<table><caption>{html.escape(caption)}</caption><thead><tr><th scope="col">Input</th>'
        '<th scope="col">Value</th><th scope="col">Source</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )


def output_html(output: Output, figure: Callable[[int], str]) -> str:
    """The whole output as static HTML; ``figure(i)`` returns figure ``i``'s HTML."""
    parts = [
        f'<p class="guidance-summary"><strong>{html.escape(text(output.summary))}</strong></p>'
    ]
    parts.extend(figure(i) for i in range(len(output.figures)))
    parts.append(checks_html(output.checks))
    parts.append(notes_html(output.notes))
    parts.extend(output_table_html(t) for t in output.tables)
    return "".join(parts)

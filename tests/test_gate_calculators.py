"""Accessibility gate for every calculator, live and in the book.

Found through ``guidance.frontends.widgets.all_calculators()``, so a new chapter's calculators are
checked as soon as its module defines ``CALCULATORS``. For each calculator:

* every input has a label a person can read (words, not the parameter's name), and a
  ``percent`` input says it is a percentage;
* every live control (what JupyterLab and the trainer app show) has a non-empty
  description - ipywidgets turns it into the control's ``<label>`` - and a button says
  what it does;
* the live figure is an ``<img>`` with the result's alt text, not an unlabelled picture;
* the static HTML in the book: every image has meaningful alt text, every table has a
  caption and column headers with ``scope``.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import ipywidgets as w
import pytest

from guidance.frontends.widgets import all_calculators
from guidance.presentation.render import text

try:
    FACTORIES = all_calculators()
    IMPORT_ERROR = None
except Exception as error:  # noqa: BLE001 - report a broken module as a failing test
    FACTORIES, IMPORT_ERROR = {}, error

NAMES = sorted(FACTORIES) or ["(no calculators)"]
TEXT_WIDGETS = (w.HTML, w.HTMLMath, w.Label)


def test_calculator_modules_import():
    assert IMPORT_ERROR is None, f"a calculator module failed to import: {IMPORT_ERROR!r}"
    assert FACTORIES, "no calculators found (each widget module defines CALCULATORS)"


@pytest.fixture(scope="module")
def built():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = FACTORIES[name]()
        return cache[name]

    return get


def widgets_in(widget) -> list:
    """The widget and everything inside it."""
    found = [widget]
    for child in getattr(widget, "children", ()) or ():
        found += widgets_in(child)
    return found


def label_problem(name: str, label: str, kind: str) -> str | None:
    """Why an input's label is not good enough, or None.

    >>> label_problem("reach_per_year", "reach_per_year", "percent")
    "label 'reach_per_year' is the parameter name, not words"
    >>> label_problem("reach", "Eligible people to reach a year (%)", "percent") is None
    True
    """
    if not isinstance(label, str) or not re.search(r"[A-Za-z]{2}", label):
        return f"label {label!r} has no words"
    if label.strip() == name or re.fullmatch(r"[a-z0-9_]+", label.strip()):
        return f"label {label!r} is the parameter name, not words"
    if kind == "percent" and "%" not in label and "percent" not in label.lower():
        return f"percentage input {label!r} does not say it is a percentage (add '(%)')"
    return None


@pytest.mark.parametrize("name", NAMES)
def test_every_input_has_a_readable_label(built, name):
    if not FACTORIES:
        pytest.fail(f"no calculators to check: {IMPORT_ERROR!r}")
    calc = built(name)
    # a definition's label is words without the unit; its control shows both ("... (%)")
    problems = [
        f"  {f.name}: {why}"
        for f in calc.fields.values()
        # the label as shown: a definition's renderer adds the unit, e.g. "(%)"
        if (why := label_problem(f.name, calc.controls[f.name].description, f.kind))
    ]
    assert not problems, f"{name}: inputs without a readable label:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_every_live_control_is_labelled(built, name):
    if not FACTORIES:
        pytest.fail(f"no calculators to check: {IMPORT_ERROR!r}")
    calc = built(name)
    unlabelled = []
    for widget in widgets_in(calc.widget):
        if isinstance(widget, TEXT_WIDGETS):
            continue
        if isinstance(widget, (w.ValueWidget, w.Button)):
            description = getattr(widget, "description", "") or ""
            tooltip = getattr(widget, "tooltip", "") or ""
            if not (description.strip() or tooltip.strip()):
                unlabelled.append(
                    f"  {type(widget).__name__} (value {widget.get_state().get('value')!r})"
                )
    for field_name, control in calc.controls.items():
        if not control.description.startswith(calc.fields[field_name].label):
            unlabelled.append(f"  {field_name}: description is not the field's label")
    assert not unlabelled, (
        f"{name}: live controls a screen reader cannot name:\n"
        + "\n".join(unlabelled)
        + "\nGive each control a description (its on-screen label)."
    )


@pytest.mark.parametrize("name", NAMES)
def test_live_figure_has_alt_text(built, name):
    if not FACTORIES:
        pytest.fail(f"no calculators to check: {IMPORT_ERROR!r}")
    calc = built(name)
    images = [x for x in widgets_in(calc.widget) if isinstance(x, w.Image)]
    assert not images, f"{name}: ipywidgets Image has no alt text; show figures as HTML"
    if calc.result is not None and hasattr(calc.result, "figures"):  # a definition's Output
        for figure in calc.result.figures:
            assert f'alt="{html.escape(text(figure.alt))}"' in calc._figures.value, (
                f"{name}: the live figure {figure.kind!r} has no alt text"
            )
    elif calc.result is not None and calc.result.alt:
        assert 'alt="' in calc._figure.value, f"{name}: the live figure has no alt text"


class StaticScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self.tables = 0
        self.captions = 0
        self.headers_without_scope: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(
                {
                    "alt": a.get("alt"),
                    "src": (a.get("src") or "")[:60],
                    "role": a.get("role") or "",
                    "hidden": False,
                    "inArticle": True,
                }
            )
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and not a.get("scope"):
            self.headers_without_scope.append("th")


@pytest.mark.parametrize("name", NAMES)
def test_static_result_is_accessible(built, name):
    if not FACTORIES:
        pytest.fail(f"no calculators to check: {IMPORT_ERROR!r}")
    from test_book_browser import alt_problem

    calc = built(name)
    html = calc._repr_mimebundle_()["text/html"]
    scan = StaticScan()
    scan.feed(html)
    problems = [f"  image: {why}" for img in scan.images if (why := alt_problem(img))]
    if scan.captions < scan.tables:
        problems.append(f"  {scan.tables - scan.captions} table(s) without a <caption>")
    if scan.headers_without_scope:
        problems.append(f"  {len(scan.headers_without_scope)} <th> without scope")
    assert not problems, (
        f"{name}: the book's static result:\n"
        + "\n".join(problems)
        + "\nBuild tables with guidance.presentation.display.table_html (caption, scope) "
        "and give every figure alt text that states its numbers."
    )

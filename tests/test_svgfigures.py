"""Figures as SVG for web pages (guidance.presentation.svgfigures).

Every calculator's figures are drawn for their default inputs and then for inputs changed
one at a time, by one kept :class:`SvgFigures` (which updates figures in place where their
frame is unchanged) and by a fresh one each time (drawn from nothing). Both must show the
same words, the same elements and the same shapes: a figure updated in place keeps the
layout solved when it was first drawn, so its coordinates may differ from a figure drawn
anew by a fraction of a point where words beside a bar overhang the axes (as
:class:`guidance.presentation.livefigure.LiveFigure`'s do), never more than
:data:`TOLERANCE_PT`. The markup must be well-formed SVG that scales (a viewBox, width
100%), is named for screen readers by its alt text, and can share a page with others (every
id starts with the prefix, every reference resolves).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from guidance.calculators import DEFINITIONS
from guidance.calculators.spec import Figure
from guidance.presentation.render import text
from guidance.presentation.svgfigures import SvgFigures, figure_svg

TOLERANCE_PT = 2.0
"""How far a coordinate of a figure updated in place may be from the figure drawn anew,
in points of a figure 432 points wide."""

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
FIGURED = [name for name, d in DEFINITIONS.items() if d.run().figures]


def changes(definition, count: int = 4) -> list[dict]:
    """``count`` changes, each from the defaults, spread over the inputs: numbers down 3%
    (whole numbers by 1), choices to the next option."""
    values = definition.defaults()
    out = []
    for item in definition.inputs:
        value = values[item.name]
        if item.kind == "choice" and len(item.options) > 1:
            options = [v for _, v in item.options]
            out.append({item.name: options[(options.index(value) + 1) % len(options)]})
        elif item.kind == "integer" and value - 1 >= item.minimum:
            out.append({item.name: value - 1})
        elif item.kind in ("number", "percent") and value and value * 0.97 >= item.minimum:
            out.append({item.name: value * 0.97})
    return out[:: max(1, len(out) // count)][:count]


def same_picture(kept: str, fresh: str) -> None:
    """The two markups show the same words and elements, coordinates within tolerance."""
    assert re.findall(r"<text[^>]*>([^<]*)</text>", kept) == re.findall(
        r"<text[^>]*>([^<]*)</text>", fresh
    )
    assert NUMBER.sub("#", kept) == NUMBER.sub("#", fresh)
    for a, b in zip(NUMBER.findall(kept), NUMBER.findall(fresh), strict=True):
        assert abs(float(a) - float(b)) <= TOLERANCE_PT, (a, b)


def check_markup(markup: str, prefix: str, alt: str) -> ET.Element:
    """Well-formed, scalable, titled by ``alt``, every id prefixed and every reference met."""
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%" and root.get("height") is None
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("role") == "img" and root.get("aria-label") == alt
    ids = [e.get("id") for e in root.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(prefix) for i in ids)
    references = re.findall(r"url\(#([^)]+)\)", markup) + re.findall(r'href="#([^"]+)"', markup)
    assert set(references) <= set(ids)
    return root


@pytest.mark.parametrize("name", FIGURED)
def test_updated_figures_show_what_figures_drawn_anew_show(name):
    definition = DEFINITIONS[name]
    figures = SvgFigures()
    for values in [{}, *changes(definition)]:
        output = definition.run(values)
        for i, spec in enumerate(output.figures):
            prefix = f"figure-{i}-"
            kept = figures.svg(spec, prefix)
            check_markup(kept, prefix, text(spec.alt))
            same_picture(kept, figure_svg(spec, prefix))


@pytest.mark.parametrize("name", FIGURED)
def test_figure_text_is_text_of_the_book_sizes(name):
    """Text stays text (measurable, sharp when zoomed) at the style's sizes: at least 12
    points in a figure 432 points (6 inches) wide, which the page shows at least 576 CSS
    pixels wide at 1280x720 (16 px text; the browser tests measure it)."""
    for i, spec in enumerate(DEFINITIONS[name].run().figures):
        root = check_markup(figure_svg(spec, "f-"), "f-", text(spec.alt))
        assert root.get("viewBox").split()[2] == "432"
        sizes = [
            float(re.search(r"font-size: ([\d.]+)px", t.get("style")).group(1))
            for t in root.iter(f"{SVG}text")
        ]
        assert sizes and min(sizes) >= 12, (name, i, sizes)


def small_bars(values, title="People") -> Figure:
    return Figure(
        "bars", {"labels": ["a", "b"], "values": values, "title": title, "unit": "people"}, "Bars"
    )


def test_a_small_change_redraws_only_the_parts_that_change():
    figures = SvgFigures()
    figures.svg(small_bars([10, 20]), "f-")
    assert figures.last_redraw == "anew"
    figures.svg(small_bars([10, 21]), "f-")
    assert figures.last_redraw == "in place"
    figures.svg(small_bars([10, 21]), "f-")
    assert figures.last_redraw == "kept"
    figures.svg(small_bars([10, 2000]), "f-")  # the axis changes
    assert figures.last_redraw == "anew"


def test_the_same_figure_gives_the_same_markup_whatever_was_drawn_before():
    spec = small_bars([10, 21])
    first = SvgFigures().svg(spec, "f-")
    busy = SvgFigures()
    for values in ([10, 20], [1, 2000], [3, 4]):
        busy.svg(small_bars(values), "f-")
    assert busy.svg(spec, "f-") == first
    assert busy.svg(spec, "g-") == re.sub(r'(id="|#)f-', r"\1g-", first)


def test_what_is_kept_is_bounded():
    figures = SvgFigures(figures=2, markups=2)
    for top in (10, 100, 1000):  # three frames (the axis ends at 15, 150, 1500)
        figures.svg(small_bars([1, top]), "f-")
    figures.svg(small_bars([1, 11]), "f-")  # its frame was the first, now dropped
    assert figures.last_redraw == "anew"
    figures.svg(small_bars([1, 1001]), "f-")
    assert figures.last_redraw == "in place"


def test_alt_text_and_words_in_figures_are_escaped():
    spec = small_bars([1, 2], title="<b>&</b>")
    spec = Figure(spec.kind, spec.data, alt='"<script>"')
    markup = figure_svg(spec, "f-")
    assert "<script>" not in markup and "<b>" not in markup
    check_markup(markup, "f-", '"<script>"')


@pytest.mark.parametrize("prefix", ["", "1a", "a b", 'a"', None])
def test_a_prefix_must_be_the_start_of_an_id(prefix):
    with pytest.raises(ValueError, match="prefix must start with a letter"):
        SvgFigures().svg(small_bars([1, 2]), prefix)


@pytest.mark.parametrize("size", [-1, 1.5, True, "2"])
def test_cache_sizes_are_whole_numbers(size):
    with pytest.raises(ValueError, match="must be a whole number"):
        SvgFigures(figures=size)

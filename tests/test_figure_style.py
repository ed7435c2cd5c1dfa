"""Figures legible from the back of a room (issue 17): every figure kind, drawn for its
calculator's default inputs, has text of at least 16 CSS px where the presenter layout
shows it at 1280x720, and no text is cut off at the figure's edge or runs into another
tick label. The browser test (tests/test_browser_presenter.py) measures the displayed
width that this test assumes."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from test_words import code_tokens

from guidance.calculators import DEFINITIONS, get
from guidance.presentation import style
from guidance.presentation.figures import KINDS, static_figure


def _default_figures() -> list[tuple[str, int, object]]:
    return [
        (name, i, spec) for name in DEFINITIONS for i, spec in enumerate(get(name).run().figures)
    ]


FIGURES = _default_figures()


def _drawn(spec):
    fig = static_figure(spec)
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig


def _undrawn_tick_labels(fig) -> set[int]:
    """Tick labels matplotlib keeps for ticks outside the axis' limits (it does not draw them)."""
    out = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            slack = (high - low) * 1e-9
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - slack <= tick.get_loc() <= high + slack:
                    out.update({id(tick.label1), id(tick.label2)})
    return out


def _texts(fig) -> list[Text]:
    """Every text the figure shows."""
    undrawn = _undrawn_tick_labels(fig)
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in undrawn
    ]


def displayed_scale(fig) -> float:
    """Displayed width over the image's own width in the presenter layout at 1280x720."""
    width = fig.get_size_inches()[0] * fig.dpi
    return min(1.0, style.PRESENTER_COLUMN_PX / width)


def test_every_figure_kind_is_drawn_by_some_calculators_default():
    assert {spec.kind for _n, _i, spec in FIGURES} == set(KINDS)


@pytest.mark.parametrize(("name", "index", "spec"), FIGURES, ids=lambda x: str(x)[:40])
def test_every_text_is_at_least_16px_in_the_presenter_layout(name, index, spec):
    fig = _drawn(spec)
    scale = displayed_scale(fig)
    texts = _texts(fig)
    assert texts, (name, index)
    small = [
        (t.get_text()[:30], t.get_fontsize())
        for t in texts
        if style.text_px(t.get_fontsize(), fig.dpi, scale) < style.MIN_TEXT_PX
    ]
    assert not small, (name, spec.kind, scale, small)


@pytest.mark.parametrize(("name", "index", "spec"), FIGURES, ids=lambda x: str(x)[:40])
def test_no_text_is_cut_off_and_tick_labels_do_not_overlap(name, index, spec):
    fig = _drawn(spec)
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    for t in _texts(fig):
        extent = t.get_window_extent(renderer)
        assert (
            extent.x0 >= box.x0 - 1
            and extent.x1 <= box.x1 + 1
            and extent.y0 >= box.y0 - 1
            and extent.y1 <= box.y1 + 1
        ), (name, spec.kind, t.get_text(), extent, box)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            shown = {id(t) for t in _texts(fig)}
            labels = [t for t in axis.get_ticklabels() if id(t) in shown]
            extents = [t.get_window_extent(renderer) for t in labels]
            for a, b, ta, tb in zip(extents, extents[1:], labels, labels[1:], strict=False):
                assert not a.overlaps(b), (name, spec.kind, ta.get_text(), tb.get_text())


def test_figures_are_no_wider_than_the_presenter_column():
    """Shown at their own size there, so no figure's text is scaled down."""
    for name, index, spec in FIGURES:
        fig = static_figure(spec)
        assert fig.get_size_inches()[0] * fig.dpi <= style.PRESENTER_COLUMN_PX, (name, index)


def test_short_money_tick_labels():
    assert [style.short_gbp(x) for x in (3_960_000, 150_000, -50_000, 8_000, 500)] == [
        "£3.96m",
        "£150k",
        "-£50k",
        "£8k",
        "£500",
    ]


@pytest.mark.parametrize(("name", "index", "spec"), FIGURES, ids=lambda x: str(x)[:40])
def test_figures_use_words_a_commissioner_uses(name, index, spec):
    """Titles, axis labels, ticks and legends hold no code names (the words test's scanner)."""
    fig = _drawn(spec)
    found = [(t.get_text(), code_tokens(t.get_text())) for t in _texts(fig)]
    assert not [f for f in found if f[1]], (name, spec.kind, found)

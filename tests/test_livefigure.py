"""Live figures: updating a figure in place gives the same picture as drawing it anew.

Every calculator figure given as a :class:`guidance.presentation.livefigure.Plot` is drawn for its
default inputs, then its inputs are changed one at a time; each time, the figure updated
in place must be pixel-for-pixel the figure drawn afresh for the new inputs (a figure
drawn anew on a layout kept from an earlier drawing may differ by a sub-pixel shift), and
it must look like the book's figure (drawn by matplotlib's own path) to within a few
pixels of text antialiasing.
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from guidance.calculators.spec import InputError
from guidance.frontends.widgets import all_calculators
from guidance.presentation.display import figure_png
from guidance.presentation.figures import plot as draw_figure
from guidance.presentation.livefigure import LiveFigure, Plot
from guidance.presentation.plots import bar_figure, new_figure
from guidance.presentation.render import text


def pixels(html: str) -> np.ndarray:
    data = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"), dtype=int)


def png_pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def plots_of(result) -> dict[object, tuple[Plot, str]]:
    found = {}
    if hasattr(result, "figures"):  # a definition's Output
        for i, spec in enumerate(result.figures):
            shown = draw_figure(spec)
            if isinstance(shown, Plot):
                found[i] = (shown, text(spec.alt))
        return found
    if isinstance(result.figure, Plot):
        found["figure"] = (result.figure, result.alt)
    for i, (source, alt) in enumerate(result.extra_figures):
        if isinstance(source, Plot):
            found[i] = (source, alt)
    return found


def changed_values(calc) -> list[dict]:
    """One change at a time (each from the defaults) to each input: numbers down 10% (or 1)
    and up 5% (or 1), choices to the next option."""
    changes = []
    for name, f in calc.fields.items():
        value = calc.values()[name]
        if f.kind == "integer":
            changes += [{name: value - 1}, {name: value + 1}]
        elif f.kind == "choice":
            options = [v for _, v in f.options]
            changes.append({name: options[(options.index(value) + 1) % len(options)]})
        elif f.kind in ("number", "percent") and value:
            changes += [
                {name: value * 0.9},
                {name: min(value * 1.05, 1) if f.kind == "percent" else value * 1.05},
            ]
    return changes[:: max(1, len(changes) // 10)]  # about ten, spread over the inputs


PLOTTED = sorted(name for name, make in all_calculators().items() if plots_of(make().result))


def test_the_heaviest_figures_are_live_plots():
    assert {"service_benchmark", "fidelity_review", "payment_simulator"} <= set(PLOTTED)


@pytest.mark.slow  # a sweep over every calculator's live widget: the full run
@pytest.mark.parametrize("name", PLOTTED)
def test_updating_in_place_gives_the_same_picture_as_drawing_anew(name):
    calc = all_calculators()[name]()
    live = {key: LiveFigure() for key in plots_of(calc.result)}
    for key, (plot, alt) in plots_of(calc.result).items():
        live[key].html(plot, alt)
    in_place = 0
    defaults = calc.values()
    for change in changed_values(calc):
        calc.set_values({k: v for k, v in defaults.items() if calc.fields[k].kind != "text"})
        for key, (plot, alt) in plots_of(calc.result).items():
            live[key].html(plot, alt)  # back to the defaults, as on screen
        try:
            calc.set_values(change)
        except InputError:  # a definition's input refuses it (a score above the scale's top)
            continue
        if calc.message:  # a value this input does not allow: nothing new is drawn
            continue
        for key, (plot, alt) in plots_of(calc.result).items():
            updated = pixels(live[key].html(plot, alt))
            in_place += live[key].last_redraw == "in place"
            fresh = pixels(LiveFigure().html(plot, alt))
            assert updated.shape == fresh.shape
            if live[key].last_redraw == "in place":
                differ = int((updated != fresh).any(axis=2).sum())
                assert not differ, f"{name} {key} after {change}: {differ} pixels differ"
            else:  # drawn anew, maybe on a layout kept from text of the same shape
                off = (np.abs(updated - fresh).max(axis=2) > 64).mean()
                assert off < 0.005, f"{name} {key} after {change}: {off:.2%} of pixels differ"
    assert in_place, f"{name}: no change was redrawn in place"


@pytest.mark.parametrize("name", PLOTTED)
def test_a_live_figure_looks_like_the_books(name):
    calc = all_calculators()[name]()
    for key, (plot, alt) in plots_of(calc.result).items():
        live = pixels(LiveFigure().html(plot, alt))
        book = png_pixels(figure_png(plot.figure()))
        assert live.shape == book.shape
        off = (np.abs(live - book).max(axis=2) > 64).mean()
        assert off < 0.03, f"{name} {key}: {off:.1%} of pixels differ from the book's figure"


def _half_bar(top):
    fig, ax = new_figure()
    (bar,) = ax.bar([0], [top / 2])
    ax.set_ylim(0, top)
    return fig, bar


def _set_half(bar, top):
    bar.set_height(top / 2)


def _same_frame(top):
    return "same"


def test_a_changed_frame_or_a_different_plot_draws_the_figure_anew():
    live = LiveFigure()
    live.html(Plot(_half_bar, _set_half, lambda top: top, 10), "a")
    live.html(Plot(_half_bar, _set_half, lambda top: top, 10), "a")
    assert live.last_redraw == "in place"
    live.html(Plot(_half_bar, _set_half, lambda top: top, 20), "a")
    assert live.last_redraw == "anew"
    live.html(Plot(_half_bar, lambda bar, top: None, lambda top: top, 20), "a")
    assert live.last_redraw == "anew"


def test_an_update_that_ignores_its_frame_shows_the_stale_scale():
    # The frame must name everything outside the parts: here the axis limit is left out,
    # so the update keeps the old axis (the test that Plots in the package get this right
    # is test_updating_in_place_gives_the_same_picture_as_drawing_anew).
    live = LiveFigure()
    live.html(Plot(_half_bar, _set_half, _same_frame, 10), "a")
    stale = pixels(live.html(Plot(_half_bar, _set_half, _same_frame, 20), "a"))
    fresh = pixels(LiveFigure().html(Plot(_half_bar, _set_half, _same_frame, 20), "a"))
    assert (stale != fresh).any()


def test_a_plain_figure_is_drawn_in_full_with_alt_text():
    live = LiveFigure()
    out = live.html(bar_figure(["a", "b"], [1, 2], title="t", unit="u"), 'Two "bars"')
    assert 'alt="Two &quot;bars&quot;"' in out and live.last_redraw == "anew"
    assert pixels(out).shape == (220, 600, 3)  # 6 x 2.2 inches at 100 dpi


def test_layouts_are_reused_only_for_text_of_the_same_shape():
    live = LiveFigure()
    first = bar_figure(["a"], [1], title="Total 12", unit="u")
    same_shape = bar_figure(["a"], [1], title="Total 34", unit="u")
    other_shape = bar_figure(["a much longer label"], [1], title="Total 34", unit="u")
    for fig in (first, same_shape, other_shape):
        live.html(fig, "x")
    assert len(live._layouts) == 2
    left = [f.axes[0].get_position().x0 for f in (first, same_shape, other_shape)]
    assert left[0] == left[1] < left[2]


# -- the live figure's PNG writer --------------------------------------------------------------
def test_live_png_holds_the_canvas_pixels_exactly():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from guidance.presentation.livefigure import _png

    fig = bar_figure(["a", "b"], [3, 1], title="t", unit="u")
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    decoded = np.asarray(Image.open(io.BytesIO(_png(rgba))).convert("RGBA"))
    assert decoded.shape == rgba.shape and (decoded == rgba).all()


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((2, 2, 3), dtype=np.uint8), "height x width x 4"),
        (np.zeros((0, 2, 4), dtype=np.uint8), "height x width x 4"),
        (np.zeros((2, 2, 4)), "8-bit"),
        ([[[0, 0, 0, 0]]], "8-bit"),
    ],
)
def test_live_png_names_what_it_takes(bad, message):
    from guidance.presentation.livefigure import _png

    with pytest.raises((TypeError, ValueError), match=message):
        _png(bad)


# -- frames that stay while values move --------------------------------------------------------
def test_coarse_limits_take_three_steps_a_decade():
    from guidance.presentation.plots import coarse_limit

    assert [coarse_limit(x) for x in (0.9, 1.0, 1.01, 2.0, 2.1, 4.99, 5.0, 5.1)] == [
        1.0,
        1.0,
        2.0,
        2.0,
        5.0,
        5.0,
        5.0,
        10.0,
    ]
    assert coarse_limit(0) == 1.0 and coarse_limit(3e-9) == pytest.approx(5e-9)
    with pytest.raises(ValueError, match="x must be zero or more"):
        coarse_limit(-1)


def test_live_histogram_counts_every_draw_on_its_side_of_the_threshold():
    from guidance.presentation.plots import histogram_plot

    values = np.random.default_rng(1).normal(size=5000)
    ax = histogram_plot(values, title="t", xlabel="x", money=False).figure().axes[0]
    below, above = ax.patches[:2]
    assert below.get_data().values.sum() == (values < 0).sum()
    assert above.get_data().values.sum() == (values >= 0).sum()


def test_live_histogram_redraws_its_count_axis_in_place():
    """Taller bars move the count axis's top: redrawn with the bars, as if drawn anew."""
    from guidance.presentation.plots import histogram_plot

    a = np.random.default_rng(0).normal(1e6, 3e6, 10_000)
    b = a * 0.4
    b[:2] = a.min(), a.max()  # the same range of values, more of them in the middle
    first, second = (histogram_plot(x, title="t", xlabel="x") for x in (a, b))
    assert first.data[2] != second.data[2]  # the tops differ
    live = LiveFigure()
    live.html(first, "first")
    shown = pixels(live.html(second, "second"))
    assert live.last_redraw == "in place"
    assert (shown == pixels(LiveFigure().html(second, "drawn anew"))).all()
    assert second.figure().axes[0].get_ylim()[1] == second.data[2]

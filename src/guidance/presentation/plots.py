"""Matplotlib figures in one accessible style.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot state), use
the Okabe-Ito colour-blind-safe palette, label their units, and come with alt text made
from the same numbers.

Example
-------
>>> fig = bar_figure(["A", "B"], [3, 1], title="Example", unit="people")
>>> fig.axes[0].get_xlabel()
'people'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..core import validation as v
from .formatting import gbp
from .livefigure import Plot
from .style import MAX_INCHES, TEXT_PT, TITLE_PT, WIDTH, money_axis, style_axes
from .style import figure as styled_figure  # noqa: E402
from .words import wrap_words  # noqa: E402

__all__ = [
    "PALETTE",
    "HBars",
    "hbar_plot",
    "bar_plot",
    "bar_figure",
    "line_plot",
    "line_figure",
    "new_figure",
    "nice_limit",
    "coarse_limit",
    "histogram_plot",
    "histogram_figure",
    "tornado_plot",
    "tornado_figure",
]

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Okabe-Ito palette: distinguishable with the common colour-vision deficiencies."""


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text; got {value!r}")
    return value


def _sequence(name: str, values: object) -> list:
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list; got {type(values).__name__}")
    out = list(values)
    if not out:
        raise ValueError(f"{name} must not be empty")
    return out


def _numbers(
    name: str, values: object, length: int | None, per: str = "", allow_nan: bool = False
) -> list:
    out = _sequence(name, values)
    if length is not None and len(out) != length:
        raise ValueError(f"{name} must hold one value per {per}; got {len(out)} and {length}")
    checked = []
    for i, x in enumerate(out):
        if allow_nan and isinstance(x, float) and math.isnan(x):
            checked.append(math.nan)
        else:
            checked.append(v.number(f"{name}[{i}]", x))
    return checked


def _thousands(x: float, _pos: object = None) -> str:
    if abs(x) >= 10 or float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.1f}"


thousands = FuncFormatter(_thousands)
"""Tick formatter writing numbers with a thousands comma (10,000), as GOV.UK style asks."""


_NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_limit(x: float) -> float:
    """The smallest round axis limit at least ``x``: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8
    times a power of ten (1 for zero).

    An axis that ends at a round number reads better, and it stays put while a value
    moves a little, so a live figure can redraw only the value (see :mod:`.livefigure`).

    Examples
    --------
    >>> nice_limit(263_132), nice_limit(0.47), nice_limit(1_000), nice_limit(0)
    (300000.0, 0.5, 1000.0, 1.0)
    """
    x = v.non_negative("x", x)
    if x == 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    return next(step * power for step in _NICE_STEPS if step * power >= x * (1 - 1e-12))


_COARSE_STEPS = (1.0, 2.0, 5.0, 10.0)


def coarse_limit(x: float) -> float:
    """The smallest axis limit at least ``x`` that is 1, 2 or 5 times a power of ten (1
    for zero).

    For the axes of figures a live calculator redraws as an input moves: three steps a
    decade (not :func:`nice_limit`'s ten), so a value has to double or more before its
    axis changes. While it stays, only the bars, lines and words are redrawn (see
    :mod:`.livefigure`); the axis may be up to about half empty.

    Examples
    --------
    >>> coarse_limit(263_132), coarse_limit(0.47), coarse_limit(1_000), coarse_limit(0)
    (500000.0, 0.5, 1000.0, 1.0)
    >>> coarse_limit(1_000.0000001), coarse_limit(2e-7)
    (2000.0, 2e-07)
    """
    x = v.non_negative("x", x)
    if x == 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    return next(step * power for step in _COARSE_STEPS if step * power >= x * (1 - 1e-12))


def new_figure(width: float = WIDTH, height: float = 3.8) -> tuple[Figure, object]:
    """A figure and one axes in the book's style (:mod:`guidance.presentation.style`).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> len(fig.axes)
    1
    """
    fig = styled_figure(width, height)
    ax = style_axes(fig.add_subplot())
    return fig, ax


def _texts(name: str, values: object, length: int) -> tuple[str, ...]:
    out = _sequence(name, values)
    if len(out) != length:
        raise ValueError(f"{name} must hold one entry per label; got {len(out)} and {length}")
    return tuple(_text(f"{name}[{i}]", x) for i, x in enumerate(out))


@dataclass(frozen=True)
class HBars:
    """Horizontal bars listed top to bottom, each with words beside it: what
    :func:`hbar_plot` draws.

    Parameters
    ----------
    labels : sequence of str
        The bars' names (the axis labels), top bar first.
    values : sequence of float
        Bar lengths; NaN draws no bar and no words.
    texts : sequence of str
        The words beside each bar (its value, or its value and meaning).
    title, xlabel : str
        Above the chart, and under the axis (with the unit).
    right : float
        Where the axis ends (above zero).
    colours : sequence of str
        One colour per bar.
    hatches : sequence of str, optional
        One hatch pattern per bar ("" for none), so colour is never the only cue.
    edgecolour : str, default "none"
        Outline of the bars (a hatch is drawn in this colour).
    gap : float, default 0
        Space between a bar's end and its words, in axis units.
    money : bool, default False
        Ticks in pounds (£1,000) instead of plain numbers with a thousands comma.
    xticks : sequence of float, optional
        Where the ticks go (matplotlib chooses if omitted).
    width, height : float
        Figure size in inches.

    Examples
    --------
    >>> bars = HBars(("a", "b"), (2.0, 1.0), ("2", "1"), title="t", xlabel="x", right=3,
    ...              colours=("#0072B2", "#E69F00"))
    >>> hbar_plot(bars).figure().axes[0].get_xlim()
    (np.float64(0.0), np.float64(3.0))
    """

    labels: Sequence[str]
    values: Sequence[float]
    texts: Sequence[str]
    title: str
    xlabel: str
    right: float
    colours: Sequence[str]
    hatches: Sequence[str] | None = None
    edgecolour: str = "none"
    gap: float = 0.0
    money: bool = False
    xticks: Sequence[float] | None = None
    width: float = WIDTH
    height: float = 3.0

    def __post_init__(self) -> None:
        labels = tuple(
            _text(f"labels[{i}]", x) for i, x in enumerate(_sequence("labels", self.labels))
        )
        n = len(labels)
        fields = {
            "labels": labels,
            "values": tuple(_numbers("values", self.values, n, "label", allow_nan=True)),
            "texts": _texts("texts", self.texts, n),
            "colours": _texts("colours", self.colours, n),
            "hatches": _texts("hatches", self.hatches, n)
            if self.hatches is not None
            else ("",) * n,
            "title": _text("title", self.title),
            "xlabel": _text("xlabel", self.xlabel),
            "edgecolour": _text("edgecolour", self.edgecolour),
            "right": v.positive("right", self.right),
            "gap": v.non_negative("gap", self.gap),
            "xticks": None if self.xticks is None else tuple(_numbers("xticks", self.xticks, None)),
        }
        if not isinstance(self.money, bool):
            raise TypeError(f"money must be True or False; got {self.money!r}")
        for name in ("width", "height"):
            if v.positive(name, getattr(self, name)) > MAX_INCHES:
                raise ValueError(
                    f"{name} must be at most {MAX_INCHES:g} inches; got {getattr(self, name)!r}"
                )
        for name, value in fields.items():
            object.__setattr__(self, name, value)


def _hbars_frame(bars: HBars) -> tuple:
    # everything but what a live update changes (the bars, their words and colours, the title)
    return (
        bars.labels,
        bars.xlabel,
        bars.right,
        bars.xticks,
        bars.money,
        bars.edgecolour,
        bars.width,
        bars.height,
    )


def _hbars_draw(bars: HBars) -> tuple[Figure, dict]:
    fig, ax = new_figure(width=bars.width, height=bars.height)
    ys = list(range(len(bars.labels)))[::-1]
    rects = ax.barh(ys, [0.0] * len(ys), color=list(bars.colours), edgecolor=bars.edgecolour)
    parts = {
        "bars": list(rects),
        "texts": [ax.text(0, y, "", va="center", fontsize=TEXT_PT) for y in ys],
        "title": ax.set_title("", fontsize=TITLE_PT, wrap=True, loc="left"),
    }
    ax.set_yticks(ys, list(bars.labels))
    ax.set_xlim(0, bars.right)
    if bars.money:
        money_axis(ax.xaxis)
    else:
        ax.xaxis.set_major_formatter(thousands)
    if bars.xticks is not None:
        ax.set_xticks(list(bars.xticks))
    ax.set_xlabel(bars.xlabel)
    _hbars_update(parts, bars)
    return fig, parts


def _hbars_update(parts: dict, bars: HBars) -> None:
    for rect, text, value, words, colour, hatch in zip(
        parts["bars"],
        parts["texts"],
        bars.values,
        bars.texts,
        bars.colours,
        bars.hatches,
        strict=True,
    ):
        shown = not math.isnan(value)
        rect.set_width(value if shown else 0.0)
        rect.set_visible(shown)
        rect.set_facecolor(colour)
        rect.set_hatch(hatch or None)
        text.set_x((value if shown else 0.0) + bars.gap)
        text.set_text(words if shown else "")
    parts["title"].set_text(bars.title)


def hbar_plot(bars: HBars) -> Plot:
    """Horizontal bars as a live :class:`~.livefigure.Plot`: while the labels and the
    axis stay the same, a live calculator redraws only the bars, their words and the title.

    Examples
    --------
    >>> bars = HBars(("a",), (1.0,), ("1",), title="t", xlabel="x", right=2, colours=("#000",))
    >>> len(hbar_plot(bars).figure().axes[0].patches)
    1
    """
    if not isinstance(bars, HBars):
        raise TypeError(f"bars must be an HBars; got {type(bars).__name__}")
    return Plot(_hbars_draw, _hbars_update, _hbars_frame, bars)


def bar_plot(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str,
    colours: Sequence[str] | None = None,
    value_format: str = "{:,.0f}",
) -> Plot:
    """Horizontal bars, largest stage at the top, each bar labelled with its value.

    Examples
    --------
    >>> bar_plot(["x"], [1.0], title="t", unit="u").figure().axes[0].get_title(loc="left")
    't'
    """
    labels = _sequence("labels", labels)
    values = _numbers("values", values, len(labels), "label in labels")
    _text("title", title)
    _text("unit", unit)
    _text("value_format", value_format)
    try:
        value_format.format(1.0)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise ValueError(
            f"value_format must format one number, e.g. '{{:,.0f}}'; got {value_format!r} ({error})"
        ) from None
    if colours is not None and (
        isinstance(colours, (str, bytes, Mapping)) or not hasattr(colours, "__iter__")
    ):
        raise TypeError(f"colours must be a list; got {type(colours).__name__}")
    if colours is not None and len(list(colours)) != len(labels):
        raise ValueError(f"colours must hold one colour per label ({len(labels)})")
    top = max([float(x) for x in values] + [1.0])
    return hbar_plot(
        HBars(
            labels,
            values,
            [value_format.format(x) for x in values],
            title=title,
            xlabel=unit,
            right=nice_limit(top * 1.18),
            colours=list(colours) if colours is not None else [PALETTE[0]] * len(labels),
            gap=top * 0.01,
            height=max(2.2, 0.45 * len(labels) + 1.2),
        )
    )


def bar_figure(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str,
    colours: Sequence[str] | None = None,
    value_format: str = "{:,.0f}",
) -> Figure:
    """The figure of :func:`bar_plot`, drawn once (for the book and exports).

    Examples
    --------
    >>> bar_figure(["x"], [1.0], title="t", unit="u").axes[0].get_title(loc="left")
    't'
    """
    return bar_plot(
        labels, values, title=title, unit=unit, colours=colours, value_format=value_format
    ).figure()


def _line_limits(series: dict[str, list[float]]) -> tuple[float, float]:
    finite = [y for ys in series.values() for y in ys if not math.isnan(y)] or [0.0]
    low, high = min(finite), max(finite)
    return (
        -nice_limit(-low * 1.05) if low < 0 else 0.0,
        nice_limit(high * 1.05) if high > 0 else 1.0,
    )


def _lines_frame(data: tuple) -> tuple:
    x, series, title, xlabel, ylabel = data
    return (tuple(x), tuple(series), title, xlabel, ylabel, _line_limits(series))


def _lines_draw(data: tuple) -> tuple[Figure, list]:
    x, series, title, xlabel, ylabel = data
    fig, ax = new_figure()
    styles = ("-", "--", ":", "-.")
    lines = []
    for n, (name, ys) in enumerate(series.items()):
        lines += ax.plot(
            list(x),
            list(ys),
            label=name,
            color=PALETTE[n % len(PALETTE)],
            linestyle=styles[n % len(styles)],
            linewidth=2,
        )
    ax.set_ylim(*_line_limits(series))
    ax.yaxis.set_major_formatter(thousands)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=TITLE_PT, wrap=True, loc="left")
    if len(series) > 1:
        # A fixed place (the lines start low and rise): "best" would move with the data,
        # and the legend is redrawn with the lines, so it stays on top of them live too.
        lines.append(ax.legend(frameon=False, fontsize=TEXT_PT, loc="upper left"))
    return fig, lines


def _lines_update(lines: list, data: tuple) -> None:
    for line, ys in zip(lines, data[1].values(), strict=False):  # the legend comes last
        line.set_ydata(list(ys))


def line_plot(
    x: Sequence[float],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
) -> Plot:
    """Lines sharing an x axis, distinguished by colour and line style; the y axis runs
    from zero (or a round number below the lowest value) to a round number above the
    highest, so a live calculator redraws only the lines while the axis stays put.

    Examples
    --------
    >>> plot = line_plot([1, 2], {"a": [1, 2]}, title="t", xlabel="x", ylabel="y")
    >>> len(plot.figure().axes[0].lines)
    1
    """
    x = _numbers("x", x, None)
    if not isinstance(series, Mapping) or not series:
        raise TypeError(f"series must be a non-empty dict of line name -> values; got {series!r}")
    series = {
        _text(f"series key {name!r}", name): _numbers(
            f"series[{name!r}]", ys, len(x), "x value", True
        )
        for name, ys in series.items()
    }
    _text("title", title)
    _text("xlabel", xlabel)
    _text("ylabel", ylabel)
    return Plot(_lines_draw, _lines_update, _lines_frame, (x, series, title, xlabel, ylabel))


def line_figure(
    x: Sequence[float],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
) -> Figure:
    """The figure of :func:`line_plot`, drawn once (for the book and exports).

    Examples
    --------
    >>> len(line_figure([1, 2], {"a": [1, 2]}, title="t", xlabel="x", ylabel="y").axes[0].lines)
    1
    """
    return line_plot(x, series, title=title, xlabel=xlabel, ylabel=ylabel).figure()


def _span(low: float, high: float) -> tuple[float, float]:
    """Round axis limits that hold ``low`` to ``high`` and zero (coarse steps: a live
    histogram or tornado keeps its axes while the values move)."""
    left = -coarse_limit(-low) if low < 0 else 0.0
    right = coarse_limit(high) if high > 0 else 0.0
    if left == right:
        right = left + 1.0
    return left, right


def _money_axis(ax, money: bool) -> None:
    if money:
        money_axis(ax.xaxis)
    else:
        ax.xaxis.set_major_formatter(thousands)


# -- histogram ---------------------------------------------------------------------------------
def _many_numbers(name: str, values: object) -> np.ndarray:
    """Many finite numbers at once (a simulation's draws); item messages as :func:`_numbers`."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu" and values.ndim == 1:
        items = values
    else:
        items = _sequence(name, values)
        if not all(type(x) in (float, int) for x in items):
            return np.asarray(_numbers(name, items, None), dtype=float)
    try:
        array = np.asarray(items, dtype=float)
    except OverflowError:
        array = None
    if array is None or array.size == 0 or not np.isfinite(array).all():
        return np.asarray(_numbers(name, list(items), None), dtype=float)
    return array


def _histogram_data(values, title, xlabel, threshold, money, bins) -> tuple:
    data = _many_numbers("values", values)
    _text("title", title)
    _text("xlabel", xlabel)
    threshold = v.number("threshold", threshold)
    if not isinstance(money, bool):
        raise TypeError(f"money must be True or False; got {money!r}")
    bins = v.whole_between("bins", bins, 2, 500, noun="whole number of bins")
    left, right = _span(float(data.min()) - threshold, float(data.max()) - threshold)
    width = nice_limit((right - left) / bins)  # changes only with the axis limits
    first, last = math.floor(left / width), math.ceil(right / width)
    edges = tuple(threshold + width * k for k in range(first, max(last, first + 1) + 1))
    # one bin edge sits on the threshold, so no bar straddles it
    index = np.clip(((data - edges[0]) // width).astype(int), 0, len(edges) - 2)
    counts = np.bincount(index, minlength=len(edges) - 1).tolist()
    top = coarse_limit(max(counts) * 1.1)
    return (edges, tuple(counts), top, title, xlabel, threshold, money)


def _histogram_frame(data: tuple) -> tuple:
    edges, _counts, top, title, xlabel, threshold, money = data
    # the count axis is redrawn with the bars (its top moves with the tallest bar); only
    # the room its labels take, the top's label being the widest, is in the frame
    return (
        edges,
        _thousands(top).translate(str.maketrans("123456789", "000000000")),
        title,
        xlabel,
        threshold,
        money,
    )


def _histogram_draw(data: tuple) -> tuple[Figure, dict]:
    edges, counts, top, title, xlabel, threshold, money = data
    fig, ax = new_figure(height=3.4)
    zero = np.zeros(len(counts))
    # two step outlines filled (bins below the threshold, orange and hatched; the rest,
    # blue), so a live update redraws two artists however many bins there are
    parts = {
        "below": ax.stairs(zero, edges, fill=True, facecolor=PALETTE[5], edgecolor="none"),
        "above": ax.stairs(zero, edges, fill=True, facecolor=PALETTE[0], edgecolor="none"),
        "counts": ax.yaxis,
    }
    parts["below"].set_hatch("//")
    parts["below"].set_hatchcolor("white")
    ax.axvline(threshold, color=PALETTE[7], linewidth=1, zorder=3)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0, top)
    _money_axis(ax, money)
    ax.yaxis.set_major_formatter(thousands)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("draws")
    ax.set_title(title, fontsize=TITLE_PT, wrap=True, loc="left")
    label = gbp(threshold) if money else f"{threshold:g}"
    ax.bar([0], [0], color=PALETTE[5], hatch="//", edgecolor="white", label=f"below {label}")
    ax.bar([0], [0], color=PALETTE[0], label=f"{label} or more")
    ax.legend(frameon=False, fontsize=TEXT_PT, loc="upper left")
    _histogram_update(parts, data)
    return fig, parts


def _histogram_update(parts: dict, data: tuple) -> None:
    edges, counts, threshold = data[0], np.asarray(data[1], dtype=float), data[5]
    below = np.asarray(edges[:-1]) < threshold
    parts["below"].set_data(np.where(below, counts, 0.0))
    parts["above"].set_data(np.where(below, 0.0, counts))
    parts["counts"].axes.set_ylim(0, data[2])


def histogram_plot(
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    threshold: float = 0.0,
    money: bool = True,
    bins: int = 40,
) -> Plot:
    """A histogram of simulated values as a live :class:`~.livefigure.Plot`.

    Bars below ``threshold`` (for example a net present value of zero) are orange and
    hatched, the rest blue; one bin edge sits on the threshold and a line marks it. The
    bins have a round width and the axes round limits, so small changes of the values
    redraw only the bars.

    Examples
    --------
    >>> plot = histogram_plot([-1.0, 1.0, 2.0], title="t", xlabel="x")
    >>> len(plot.figure().axes[0].lines)
    1
    """
    data = _histogram_data(values, title, xlabel, threshold, money, bins)
    return Plot(_histogram_draw, _histogram_update, _histogram_frame, data)


def histogram_figure(
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    threshold: float = 0.0,
    money: bool = True,
    bins: int = 40,
) -> Figure:
    """The figure of :func:`histogram_plot`, drawn once (for the book and exports).

    Examples
    --------
    >>> fig = histogram_figure([-1.0, 1.0, 2.0], title="t", xlabel="x")
    >>> len(fig.axes[0].lines)
    1
    """
    return histogram_plot(
        values, title=title, xlabel=xlabel, threshold=threshold, money=money, bins=bins
    ).figure()


# -- tornado -----------------------------------------------------------------------------------
def _tornado_data(labels, low, high, base, title, xlabel) -> tuple:
    labels = tuple(_text(f"labels[{i}]", x) for i, x in enumerate(_sequence("labels", labels)))
    lows = tuple(_numbers("low", low, len(labels), "label"))
    highs = tuple(_numbers("high", high, len(labels), "label"))
    base = v.number("base", base)
    _text("title", title)
    _text("xlabel", xlabel)
    low, high = _span(min(*lows, *highs, base), max(*lows, *highs, base))
    # gains and losses to one scale where the values change sign (and the axis stays
    # while the smaller side grows or shrinks, as it does when any input moves)
    span = (-max(-low, high), max(-low, high)) if low < 0 < high else (low, high)
    return (labels, lows, highs, base, span, title, xlabel)


def _tornado_frame(data: tuple) -> tuple:
    labels, _lows, _highs, _base, span, title, xlabel = data
    return (labels, span, title, xlabel)


def _tornado_draw(data: tuple) -> tuple[Figure, dict]:
    labels, _lows, _highs, _base, span, title, xlabel = data
    fig, ax = new_figure(height=max(2.4, 0.55 * len(labels) + 1.6))
    ys = list(range(len(labels)))[::-1]
    zero = [0.0] * len(ys)
    low = ax.barh(ys, zero, color=PALETTE[1], hatch="//", edgecolor="white", label="input low")
    high = ax.barh(ys, zero, color=PALETTE[0], label="input high")
    ax.set_yticks(ys, [wrap_words(label, 24) for label in labels])
    ax.set_xlim(*span)
    _money_axis(ax, True)
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False, fontsize=TEXT_PT, loc="lower right")
    parts = {
        "low": list(low),
        "high": list(high),
        "base": ax.axvline(0.0, color=PALETTE[7], linewidth=1),
    }
    ax.set_title(title, fontsize=TITLE_PT, wrap=True, loc="left")
    _tornado_update(parts, data)
    return fig, parts


def _tornado_update(parts: dict, data: tuple) -> None:
    _labels, lows, highs, base, _span_, _title, _xlabel = data
    for name, ends in (("low", lows), ("high", highs)):
        for rect, end in zip(parts[name], ends, strict=True):
            rect.set_x(min(base, end))
            rect.set_width(abs(end - base))
    parts["base"].set_xdata([base, base])


def tornado_plot(
    labels: Sequence[str],
    low: Sequence[float],
    high: Sequence[float],
    *,
    base: float,
    title: str,
    xlabel: str,
) -> Plot:
    """A tornado chart as a live :class:`~.livefigure.Plot`: for each input (top =
    largest swing) a bar from the base value to the result with the input low (orange,
    hatched) and high (blue), in pounds, with a line at the base value.

    Examples
    --------
    >>> plot = tornado_plot(["a", "b"], [1.0, 4.0], [5.0, 6.0], base=5.0, title="t", xlabel="x")
    >>> len(plot.figure().axes[0].patches)
    4
    """
    data = _tornado_data(labels, low, high, base, title, xlabel)
    return Plot(_tornado_draw, _tornado_update, _tornado_frame, data)


def tornado_figure(
    labels: Sequence[str],
    low: Sequence[float],
    high: Sequence[float],
    *,
    base: float,
    title: str,
    xlabel: str,
) -> Figure:
    """The figure of :func:`tornado_plot`, drawn once (for the book and exports).

    Examples
    --------
    >>> fig = tornado_figure(["a", "b"], [1.0, 4.0], [5.0, 6.0], base=5.0, title="t", xlabel="x")
    >>> len(fig.axes[0].patches)
    4
    """
    return tornado_plot(labels, low, high, base=base, title=title, xlabel=xlabel).figure()

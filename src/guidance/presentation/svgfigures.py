"""A definition's figures as inline SVG for web pages, redrawn only where they change.

Drawing a calculator's figure from nothing (building it, solving its layout, writing every
artist as SVG) takes tens of milliseconds, most of it for what does not change when an
input moves: the axes, ticks, labels and legend. :class:`SvgFigures` keeps, per worker
process, the figures it has drawn, keyed by what fixes their frame (the ``frame`` of a
:class:`~.livefigure.Plot`: axis limits, categories, labels), together with the SVG of
everything but the parts that change. A request whose figure has a frame seen before
updates those parts in place and writes only them as SVG, after the kept background: the
same live-figure approach as :class:`~.livefigure.LiveFigure`, in SVG instead of pixels.

The SVG keeps its text as text (``svg.fonttype`` ``none``), so it is small, sharp at any
zoom and measurable in a browser; it has a ``viewBox`` and ``width="100%"`` so it scales
down to a phone, its alt text is its accessible name, and its ids start with a prefix the
caller gives, so several figures can share a page. It uses public matplotlib APIs only:
figures built without pyplot, ``Figure.draw`` and ``Artist.draw`` on a
:class:`matplotlib.backends.backend_svg.RendererSVG`.

Matplotlib is not thread-safe: one :class:`SvgFigures` per worker process, called from one
thread (a lock inside makes calls from several threads wait for each other). The caches are
bounded; nothing outlives the object.

Example
-------
>>> from guidance.calculators.spec import Figure
>>> spec = Figure("bars", {"labels": ["a", "b"], "values": [1, 2], "title": "Two",
...                        "unit": "people"}, alt="Two bars")
>>> figures = SvgFigures()
>>> markup = figures.svg(spec, "fig-0-")
>>> markup.startswith("<svg") and 'viewBox="0 0 432 ' in markup and "Two bars" in markup
True
>>> figures.last_redraw
'anew'
>>> spec2 = Figure("bars", {"labels": ["a", "b"], "values": [1, 2.1], "title": "Two",
...                         "unit": "people"}, alt="Two bars")
>>> _ = figures.svg(spec2, "fig-0-"); figures.last_redraw
'in place'
>>> figures.svg(spec2, "fig-0-") == SvgFigures().svg(spec2, "fig-0-")
True
"""

from __future__ import annotations

import hashlib
import html
import io
import pickle
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.artist import Artist
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure as MplFigure

from ..calculators.spec import Figure
from .figures import plot
from .livefigure import Plot, layout_signature
from .render import text

__all__ = ["SvgFigures", "figure_svg", "drawn_svg"]

_RC = {"svg.fonttype": "none", "svg.hashsalt": "guidance"}
"""Text as SVG text; a fixed salt so clip-path ids do not depend on chance."""

_NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}

_LAYOUTS = 256
"""How many solved layouts an :class:`SvgFigures` keeps (each a few axes positions)."""

_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_HOLE = "\x00"  # stands for the caller's prefix in kept SVG
_ID = re.compile(r'(<[A-Za-z][^<>]*?) id="([^"]*)"')  # in a tag, never in text
_URL = re.compile(r"url\(#([^)]+)\)")
_HREF = re.compile(r'href="#([^"]+)"')
_DEFAULT_STYLE = re.compile(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>")
_OPEN = re.compile(r"<svg\b[^>]*>")


def _check_prefix(prefix: object) -> str:
    if not isinstance(prefix, str) or not _PREFIX.match(prefix):
        raise ValueError(
            "prefix must start with a letter and hold only letters, digits, - and _; "
            f"got {prefix!r}"
        )
    return prefix


def _body(document: str) -> str:
    """What is inside the ``<svg>`` element of an SVG document, without the default style
    (its stroke settings go on the outer element instead)."""
    start = _OPEN.search(document).end()
    end = document.rindex("</svg>")
    return _DEFAULT_STYLE.sub("", document[start:end], count=1).strip()


def _scoped(body: str, prefix: str) -> str:
    """``body`` with every referenced id renamed ``prefix`` + a number (in order of
    appearance) and every other id dropped, so figures can share a page.

    Examples
    --------
    >>> _scoped('<g id="a"><path clip-path="url(#c9)"/></g><clipPath id="c9"/>', "x-")
    '<g><path clip-path="url(#x-0)"/></g><clipPath id="x-0"/>'
    """
    used = set(_URL.findall(body)) | set(_HREF.findall(body))
    names: dict[str, str] = {}

    def rename(match: re.Match) -> str:
        tag, old = match.groups()
        if old not in used:
            return tag
        return f'{tag} id="{names.setdefault(old, f"{prefix}{len(names)}")}"'

    body = _ID.sub(rename, body)
    body = _URL.sub(lambda m: f"url(#{names.get(m.group(1), m.group(1))})", body)
    return _HREF.sub(lambda m: f'href="#{names.get(m.group(1), m.group(1))}"', body)


def _render(fig: MplFigure, draw: Callable[[RendererSVG], None]) -> str:
    """The SVG body ``draw(renderer)`` writes on a renderer the size of ``fig``."""
    width, height = fig.get_size_inches() * 72
    buffer = io.StringIO()
    with mpl.rc_context(_RC):
        renderer = RendererSVG(width, height, buffer, metadata=_NO_METADATA)
        draw(renderer)
        renderer.finalize()
    return _body(buffer.getvalue())


def _prepared(fig: MplFigure, layouts: OrderedDict | None = None, kind: Hashable = None):
    """The figure at SVG's 72 units an inch, its layout solved once and then kept.

    With ``layouts`` (kept per :class:`SvgFigures`), a layout solved before for a figure of
    this ``kind`` whose text has the same shape
    (:func:`~.livefigure.layout_signature`) is reused instead of solved again, as
    :class:`~.livefigure.LiveFigure` does.
    """
    if not isinstance(fig, MplFigure):
        raise TypeError(f"a figure kind must draw a matplotlib Figure; got {type(fig).__name__}")
    fig.set_dpi(72)
    engine = fig.get_layout_engine()
    if engine is None:
        return fig
    key = (kind, layout_signature(fig)) if layouts is not None else None
    positions = layouts.get(key) if key is not None else None
    # a figure-level legend outside the axes is placed by the layout too, and only the
    # axes' places are kept: such a figure always gets its layout solved
    if positions is not None and len(positions) == len(fig.axes) and not fig.legends:
        layouts.move_to_end(key)
        for ax, position in zip(fig.axes, positions, strict=True):
            ax.set_position(position)
    else:
        engine.execute(fig)
        if key is not None:
            layouts[key] = [ax.get_position() for ax in fig.axes]
            if len(layouts) > _LAYOUTS:
                layouts.popitem(last=False)
    fig.set_layout_engine(None)
    return fig


def _artists(parts: object) -> list[Artist]:
    """Every artist in ``parts`` (an artist, or lists, tuples and dicts of them)."""
    if isinstance(parts, Artist):
        return [parts]
    if isinstance(parts, dict):
        parts = list(parts.values())
    if isinstance(parts, (list, tuple)):
        return [a for p in parts for a in _artists(p)]
    raise TypeError(f"parts must be artists, or lists or dicts of them; got {parts!r}")


def _outer(fig: MplFigure, alt: str, inside: str) -> str:
    """The ``<svg>`` element: scales to its container, named by ``alt`` for screen readers."""
    width, height = (f"{x:.6g}" for x in fig.get_size_inches() * 72)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{html.escape(alt)}" class="guidance-svg-figure" focusable="false" '
        f'stroke-linejoin="round" stroke-linecap="butt">{inside}</svg>'
    )


@dataclass
class _Kept:
    """A figure kept for its frame: the parts that change and the SVG of the rest."""

    fig: MplFigure
    parts: object
    artists: list[Artist]
    background: str


def _fingerprint(figure: Figure) -> str | None:
    """A digest of the figure's kind, data and alt text (None if the data cannot be
    pickled): equal digests draw the same markup."""
    try:
        data = pickle.dumps((figure.kind, figure.data, figure.alt), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.sha256(data).hexdigest()


class SvgFigures:
    """Draws definitions' figures as inline SVG, keeping what it can for the next request.

    Parameters
    ----------
    figures : int, default 64
        How many figures (one per frame of a figure kind) are kept to be updated in place;
        the least recently used goes first. Each takes about 0.3 MB. Measured over 1,500
        pages of random calculators and inputs (as ``benchmarks/web.py`` asks for them):
        keeping 24 drew a third of the figures anew, 29 ms of CPU a page; 64 took 15 ms,
        and 128 no less.
    markups : int, default 256
        How many finished markups are kept for figures asked for again unchanged (the
        default inputs, a worked example, figures that are not live Plots): each is the
        figure's SVG text, tens of kB.

    Attributes
    ----------
    last_redraw : str
        How the last :meth:`svg` call drew: "kept" (the same figure as an earlier call),
        "in place" (only the changing parts redrawn) or "anew".
    """

    def __init__(self, figures: int = 64, markups: int = 256) -> None:
        for name, size in (("figures", figures), ("markups", markups)):
            if isinstance(size, bool) or not isinstance(size, int) or size < 0:
                raise ValueError(f"{name} must be a whole number, 0 or more; got {size!r}")
        self._sizes = (figures, markups)
        self._figures: OrderedDict[Hashable, _Kept] = OrderedDict()
        self._latest: dict[Hashable, Hashable] = {}  # frame -> key of its latest figure
        self._markups: OrderedDict[str, str] = OrderedDict()
        self._layouts: OrderedDict[Hashable, list] = OrderedDict()
        self._lock = threading.Lock()
        self.last_redraw = ""

    def svg(self, figure: Figure, prefix: str) -> str:
        """Figure ``figure`` as an ``<svg>`` element whose ids start with ``prefix``.

        Raises
        ------
        ValueError
            If no function draws the figure's kind, or the prefix is not a valid id start.
        """
        if not isinstance(figure, Figure):
            raise TypeError(f"figure must be a Figure; got {type(figure).__name__}")
        prefix = _check_prefix(prefix)
        with self._lock:
            return self._markup(figure).replace(_HOLE, prefix)

    def _markup(self, figure: Figure) -> str:
        fingerprint = _fingerprint(figure)
        if fingerprint is not None and fingerprint in self._markups:
            self._markups.move_to_end(fingerprint)
            self.last_redraw = "kept"
            return self._markups[fingerprint]
        shown = plot(figure)
        if isinstance(shown, Plot):
            markup = self._plot(shown, text(figure.alt))
        else:
            fig = _prepared(shown)
            markup = _outer(fig, text(figure.alt), _scoped(_render(fig, fig.draw), _HOLE))
            self.last_redraw = "anew"
        if fingerprint is not None and self._sizes[1]:
            self._markups[fingerprint] = markup
            if len(self._markups) > self._sizes[1]:
                self._markups.popitem(last=False)
        return markup

    def _plot(self, shown: Plot, alt: str) -> str:
        try:
            base: Hashable | None = (shown.draw, shown.update, shown.frame(shown.data))
            hash(base)
        except TypeError:  # a frame that cannot be a key: draw it every time
            base = None
        kept = self._updated(base, shown) if base is not None else None
        if kept is not None:
            self.last_redraw = "in place"
        else:
            kept = self._drawn(base, shown)
            self.last_redraw = "anew"

        def draw_parts(renderer: RendererSVG) -> None:
            for artist in kept.artists:
                artist.draw(renderer)

        changing = _scoped(_render(kept.fig, draw_parts), f"{_HOLE}u")
        return _outer(kept.fig, alt, kept.background + changing)

    def _updated(self, base: Hashable, shown: Plot) -> _Kept | None:
        """A kept figure of this frame updated for the data, whose layout suits the text
        it now shows (the layout of a figure drawn anew depends on the text's shape), or
        None."""
        latest = self._latest.get(base)
        if latest is None or latest not in self._figures:
            return None
        kept = self._figures[latest]
        shown.update(kept.parts, shown.data)
        key = (base, layout_signature(kept.fig))
        if key != latest:
            if key not in self._figures:
                return None
            kept = self._figures[key]
            shown.update(kept.parts, shown.data)
        self._figures.move_to_end(key)
        self._latest[base] = key
        return kept

    def _drawn(self, base: Hashable | None, shown: Plot) -> _Kept:
        """The figure drawn anew, and kept (if its frame can be a key)."""
        fig, parts = shown.draw(shown.data)
        fig = _prepared(fig, self._layouts if self._sizes[0] else None, shown.draw)
        artists = sorted(_artists(parts), key=lambda a: a.get_zorder())
        for artist in artists:
            artist.set_animated(True)  # Figure.draw leaves them out of the background
        kept = _Kept(fig, parts, artists, _scoped(_render(fig, fig.draw), f"{_HOLE}b"))
        if base is not None and self._sizes[0]:
            key = (base, layout_signature(fig))
            self._figures[key] = kept
            self._latest[base] = key
            while len(self._figures) > self._sizes[0]:
                self._figures.popitem(last=False)
            for stale in [b for b, k in self._latest.items() if k not in self._figures]:
                del self._latest[stale]
        return kept


def figure_svg(figure: Figure, prefix: str) -> str:
    """Figure ``figure`` drawn from nothing as an ``<svg>`` element (ids start ``prefix``).

    For one-off drawings; a server keeps one :class:`SvgFigures` per worker instead.

    Examples
    --------
    >>> from guidance.calculators.spec import Figure
    >>> spec = Figure("bars", {"labels": ["a"], "values": [1], "title": "t", "unit": "u"},
    ...               alt="One bar")
    >>> 'aria-label="One bar"' in figure_svg(spec, "f-")
    True
    """
    return SvgFigures(figures=0, markups=0).svg(figure, prefix)


def drawn_svg(fig: MplFigure, alt: str, prefix: str) -> str:
    """A matplotlib Figure already drawn (for example set to scales shared with others) as
    an ``<svg>`` element like :meth:`SvgFigures.svg` gives (ids start ``prefix``).

    Examples
    --------
    >>> from guidance.presentation.plots import bar_figure
    >>> fig = bar_figure(["a"], [1], title="t", unit="u")
    >>> 'aria-label="A bar"' in drawn_svg(fig, "A bar", "f-")
    True
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    prefix = _check_prefix(prefix)
    fig = _prepared(fig)
    return _outer(fig, alt, _scoped(_render(fig, fig.draw), _HOLE)).replace(_HOLE, prefix)

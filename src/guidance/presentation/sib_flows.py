"""Chapter 4's diagram of the MHEP social impact bond's money flows, as accessible SVG.

Each model's flows are drawn as numbered arrows between the five parties and listed in
words, so the diagram never relies on colour or on seeing it.

Example
-------
>>> "<title" in sib_flow_svg("co-commissioning")
True
"""

from __future__ import annotations

import html
import math

from ..core.ledger import SIB_ACTORS, SIB_FLOWS
from .display import Shown
from .plots import PALETTE

__all__ = ["sib_flow_svg", "sib_flows_text", "show_sib_flows"]

_POSITIONS = {
    "investors": (100, 45),
    "mhep": (350, 45),
    "payer": (600, 45),
    "commissioner": (130, 215),
    "provider": (450, 320),
}
_BOX = (170, 54)
_KIND_STYLE = {
    "block": (PALETTE[0], "", "block payment (solid blue)"),
    "outcome": ("#D55E00", "9 5", "outcome-based payment (dashed vermillion)"),
    "investment": ("#000000", "2 4", "investment or return (dotted black)"),
    "return": ("#000000", "2 4", "investment or return (dotted black)"),
}
_LABELS = {
    "investors": ("Social investors",),
    "mhep": ("MHEP", "(special purpose vehicle)"),
    "payer": ("National", "outcome payer"),
    "commissioner": ("Commissioner", "(local authority or CCG)"),
    "provider": ("IPS provider",),
}


def _edge(centre: tuple[float, float], towards: tuple[float, float]) -> tuple[float, float]:
    (cx, cy), (tx, ty) = centre, towards
    dx, dy = tx - cx, ty - cy
    hw, hh = _BOX[0] / 2 + 4, _BOX[1] / 2 + 4
    scale = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale


def _check_model(model: object) -> None:
    if not isinstance(model, str) or model not in SIB_FLOWS:
        raise ValueError(f"model must be one of {', '.join(map(repr, SIB_FLOWS))}; got {model!r}")


def sib_flow_svg(model: str, description: str | None = None) -> str:
    """The money flows of one MHEP SIB model as an inline SVG with a title and description.

    Each arrow is numbered; line style and colour both show the kind of payment, and the
    same flows are listed in words by :func:`sib_flows_text` (the default ``description``).

    Examples
    --------
    >>> svg = sib_flow_svg("single commissioning")
    >>> svg.count("<line") == len(SIB_FLOWS["single commissioning"])
    True
    """
    _check_model(model)
    if description is not None and not isinstance(description, str):
        raise TypeError(f"description must be text; got {description!r}")
    slug = model.replace(" ", "-")
    flows = SIB_FLOWS[model]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 355" role="img" '
        f'aria-labelledby="{slug}-title {slug}-desc" class="guidance-diagram" '
        'style="max-width:100%;height:auto" width="700" height="355">',
        f'<title id="{slug}-title">MHEP social impact bond: {html.escape(model)} model</title>',
        f'<desc id="{slug}-desc">{html.escape(description or sib_flows_text(model))}</desc>',
        "<defs>",
    ]
    for kind, (colour, _dash, _label) in _KIND_STYLE.items():
        parts.append(
            f'<marker id="{slug}-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    for actor, (x, y) in _POSITIONS.items():
        w, h = _BOX
        parts.append(
            f'<rect x="{x - w / 2}" y="{y - h / 2}" width="{w}" height="{h}" rx="6" '
            'fill="#ffffff" stroke="#333333" stroke-width="1.5"/>'
        )
        lines = _LABELS[actor]
        for i, text in enumerate(lines):
            dy = (i - (len(lines) - 1) / 2) * 16 + 5
            weight, size = ("bold", 14) if i == 0 else ("normal", 12)
            parts.append(
                f'<text x="{x}" y="{y + dy}" text-anchor="middle" font-size="{size}" '
                f'font-weight="{weight}" fill="#111111">{html.escape(text)}</text>'
            )
    # parallel flows between the same pair of actors are drawn side by side
    counts: dict[frozenset, int] = {}
    for f in flows:
        counts[frozenset((f.source, f.target))] = counts.get(frozenset((f.source, f.target)), 0) + 1
    seen: dict[frozenset, int] = {}
    for number, flow in enumerate(flows, start=1):
        pair = frozenset((flow.source, flow.target))
        index = seen.get(pair, 0)
        seen[pair] = index + 1
        first, second = sorted(pair)  # one orientation per pair, so offsets never collide
        (ax_, ay_), (bx_, by_) = _POSITIONS[first], _POSITIONS[second]
        length = math.hypot(bx_ - ax_, by_ - ay_)
        nx, ny = -(by_ - ay_) / length, (bx_ - ax_) / length
        shift = (index - (counts[pair] - 1) / 2) * 18
        (sx, sy), (tx, ty) = _POSITIONS[flow.source], _POSITIONS[flow.target]
        sx, sy, tx, ty = sx + nx * shift, sy + ny * shift, tx + nx * shift, ty + ny * shift
        x1, y1 = _edge((sx, sy), (tx, ty))
        x2, y2 = _edge((tx, ty), (sx, sy))
        colour, dash, _label = _KIND_STYLE[flow.kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr} '
            f'marker-end="url(#{slug}-arrow-{flow.kind})"/>'
        )
        where = 0.38 + 0.24 * index / max(1, counts[pair] - 1)  # stagger parallel badges
        if flow.source != first:  # measure along the pair's one orientation
            where = 1 - where
        mx, my = x1 + (x2 - x1) * where, y1 + (y2 - y1) * where
        parts.append(
            f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="10" fill="#ffffff" stroke="{colour}" '
            'stroke-width="1.5"/>'
            f'<text x="{mx:.1f}" y="{my + 4.5:.1f}" text-anchor="middle" font-size="12" '
            f'font-weight="bold" fill="#111111">{number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def sib_flows_text(model: str) -> str:
    """The flows of one model in words, numbered as in the diagram.

    Examples
    --------
    >>> sib_flows_text("co-commissioning").split(": ")[1]
    '1, Social investors to MHEP (special purpose vehicle)'
    """
    _check_model(model)
    items = [
        f"{n}, {SIB_ACTORS[f.source]} to {SIB_ACTORS[f.target]}: {f.description} "
        f"({_KIND_STYLE[f.kind][2].split(' (')[0]})"
        for n, f in enumerate(SIB_FLOWS[model], start=1)
    ]
    return f"In the {model} model: " + "; ".join(items) + "."


def show_sib_flows() -> Shown:
    """Both MHEP models side by side: SVG diagrams, a key and the flows listed in words.

    Examples
    --------
    >>> "co-commissioning" in repr(show_sib_flows())
    True
    """
    key = "".join(
        f'<li><svg width="46" height="12" aria-hidden="true" focusable="false">'
        f'<line x1="2" y1="6" x2="44" y2="6" stroke="{colour}" stroke-width="2.5"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + f"/></svg> {html.escape(label)}</li>"
        for kind, (colour, dash, label) in _KIND_STYLE.items()
        if kind != "return"
    )
    panels = []
    for model, flows in SIB_FLOWS.items():
        items = "".join(
            f"<li>{html.escape(SIB_ACTORS[f.source])} to {html.escape(SIB_ACTORS[f.target])}: "
            f"{html.escape(f.description)} ({html.escape(_KIND_STYLE[f.kind][2].split(' (')[0])})"
            "</li>"
            for f in flows
        )
        panels.append(
            '<figure class="guidance-figure guidance-sib">'
            + sib_flow_svg(
                model,
                "Diagram of the money flows between the five parties; each numbered flow is "
                "listed in words below the diagram.",
            )
            + f"<figcaption>The {html.escape(model)} model</figcaption></figure>"
            + f"<p>Numbered flows in the {html.escape(model)} model:</p><ol>{items}</ol>"
        )
    body = (
        '<div class="guidance-sib-flows">'
        f'<p><strong>Key</strong></p><ul class="guidance-key">{key}</ul>'
        + "".join(panels)
        + "</div>"
    )
    text = " ".join(sib_flows_text(m) for m in SIB_FLOWS)
    return Shown(body, text)

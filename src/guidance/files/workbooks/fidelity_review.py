"""The IPS fidelity review as a workbook: total, band, points to the next band, section
scores and the weakest items (:func:`guidance.core.fidelity.score_review`).

Example
-------
>>> SPEC.sections[0].rows[0].cells[0].formula.startswith("SUM(")
True
"""

from __future__ import annotations

from ...calculators.fidelity_review import FIDELITY_REVIEW
from ...core.evidence import load_register
from ...core.fidelity import fidelity_bands, fidelity_items, score_review
from ._builder import Cell, Row, Section, WorkbookSpec, name_for

__all__ = ["SPEC"]

ITEMS = fidelity_items("IPS")
N_WEAKEST = 5
BANDS = fidelity_bands()
_TOP = load_register().value("fidelity.ips.item_max")


def _review(what: str):
    def read(_out, values):
        return getattr(score_review(values), what)

    return read


def _section(i: int, what: str):
    def read(_out, values):
        return float(score_review(values).sections.iloc[i][what])

    return read


def _weak(k: int, what: str):
    def read(_out, values):
        weakest = score_review(values).weakest
        if k > len(weakest):
            return ""
        w = weakest.iloc[k - 1]
        return f"{w['number']}. {w['name']}" if what == "label" else float(w["score"])

    return read


_LOWS = (
    ("Exemplary fidelity", "FidelityIpsBandExemplaryMin"),
    ("Good fidelity", "FidelityIpsBandGoodMin"),
    ("Fair fidelity", "FidelityIpsBandFairMin"),
)
if [b.name for b in BANDS[:-1]] != [n for n, _ in _LOWS]:
    raise ValueError("the fidelity workbook's bands no longer match the register's")


def _band() -> str:
    expr = f'"{BANDS[-1].name}"'
    for band, low in reversed(_LOWS):
        expr = f'IF(Total>={low},"{band}",{expr})'
    return expr


def _to_next() -> str:
    expr = '""'
    for _, low in _LOWS:
        expr = f"IF(Total<{low},{low}-Total,{expr})"
    return expr


def _points(_out, values):
    p = score_review(values).points_to_next_band
    return "" if p is None else float(p)


_SECTIONS = list(dict.fromkeys(ITEMS["section"]))


def _section_row(i: int, section: str) -> Row:
    keys = [name_for(k) for k in ITEMS[ITEMS["section"] == section]["key"]]
    n = f"Section{i + 1}"
    return Row(
        section,
        (
            Cell(n + "Score", f"SUM({','.join(keys)})", "count", _section(i, "score"), exact=True),
            Cell(
                n + "Max",
                f"{len(keys)}*FidelityIpsItemMax",
                "count",
                _section(i, "max"),
                exact=True,
            ),
            Cell(n + "Share", f"{n}Score/{n}Max", "share", _section(i, "share")),
        ),
    )


def _item_row(row) -> Row:
    n = name_for(row.key)
    return Row(
        f"{row.number}. {row.name}",
        (
            Cell(
                f"Key{row.number}",
                f'IF({n}<FidelityIpsItemMax,{n}*100+{row.number},"")',
                "number",
                lambda _o, v, k=row.key, num=row.number: (
                    float(v[k] * 100 + num) if v[k] < _TOP else ""
                ),
            ),
        ),
    )


def _weak_row(k: int) -> Row:
    small = f"SMALL(ItemKeys,{k})"
    none = f"COUNT(ItemKeys)<{k}"
    return Row(
        f"Weakest {k}",
        (
            Cell(
                f"Weakest{k}Item",
                f'IF({none},"",INDEX(ItemLabels,MOD({small},100)))',
                "text",
                _weak(k, "label"),
                exact=True,
            ),
            Cell(
                f"Weakest{k}Score",
                f'IF({none},"",INT({small}/100))',
                "count",
                _weak(k, "score"),
                exact=True,
            ),
        ),
    )


SPEC = WorkbookSpec(
    definition=FIDELITY_REVIEW,
    constants=(
        "fidelity.ips.item_max",
        "fidelity.ips.max_total",
        "fidelity.ips.band.exemplary.min",
        "fidelity.ips.band.good.min",
        "fidelity.ips.band.fair.min",
        "fidelity.ips.band.not_ips.max",
    ),
    notes=(
        "The default scores are an illustrative example, not a real review: replace them "
        "with your review's.",
        "Bands from IPS Grow and the UK score sheet (see the Sources sheet).",
    ),
    sections=(
        Section(
            "Total and band",
            ("value",),
            (
                Row(
                    "Total",
                    (
                        Cell(
                            "Total",
                            f"SUM({','.join(name_for(k) for k in ITEMS['key'])})",
                            "count",
                            _review("total"),
                            exact=True,
                        ),
                    ),
                ),
                Row(
                    "Out of",
                    (
                        Cell(
                            "MaxTotal",
                            "FidelityIpsMaxTotal",
                            "count",
                            _review("max_total"),
                            exact=True,
                        ),
                    ),
                ),
                Row("Band", (Cell("Band", _band(), "text", _review("band"), exact=True),)),
                Row(
                    "Points to the next band",
                    (Cell("PointsToNextBand", _to_next(), "count", _points, exact=True),),
                ),
            ),
        ),
        Section(
            "By section",
            ("score", "of", "share"),
            tuple(_section_row(i, s) for i, s in enumerate(_SECTIONS)),
        ),
        Section(
            "Weakest items (lowest first, then in scale order; put these in the action plan)",
            ("item", "score"),
            tuple(_weak_row(k) for k in range(1, N_WEAKEST + 1)),
        ),
        Section(
            "Items below the top score, as sort keys (score x 100 + item number)",
            ("sort key",),
            tuple(_item_row(r) for r in ITEMS.itertuples()),
            ranges=(("ItemKeys", 0), ("ItemLabels", -1)),
        ),
    ),
)
"""The IPS fidelity review workbook."""

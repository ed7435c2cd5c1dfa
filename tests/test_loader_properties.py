"""Property tests: random well-formed files, written the ways a spreadsheet user would.

Each test generates a valid monthly return (or SWEMWBS score file), writes it with a
separator, decimal mark, thousands separator, encoding, byte-order mark, line ending, quoting
and date style drawn at random, loads it, and asserts that the loaded totals equal the
generated ones. Where the written file is ambiguous (thousands separators with no number
that shows the decimal mark, dates stored as spreadsheet serial numbers) a clear refusal,
naming the row and column, is the only other outcome allowed: never a different number.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidance.core import monitoring as mon
from guidance.core.monitoring import ReturnError, load_return
from guidance.core.wellbeing import load_scores, wellbeing_change

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow])

NAMES = ["ES-A", "José", "Zoë Ní", "O'Neil", "Smith, J", 'Kay "KJ"']
COUNTS = ("referrals", "starts", "active_caseload", "job_entries", "sustained")

# a refusal is allowed only for these reasons, and must say which
AMBIGUOUS = ("could be", "spreadsheet date number")


@st.composite
def returns(draw) -> list[dict]:
    """A consistent return: one row per specialist a month, jobs within starts so far."""
    months = draw(st.integers(1, 6))
    team = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    big = draw(st.booleans())  # counts in the thousands, so separators can appear
    top = 4000 if big else 12
    so_far = {who: [0, 0, 0] for who in team}
    rows = []
    for m in range(months):
        for who in team:
            t = so_far[who]
            starts = draw(st.integers(0, top))
            t[0] += starts
            jobs = draw(st.integers(0, t[0] - t[1]))
            t[1] += jobs
            sustained = draw(st.integers(0, t[1] - t[2]))
            t[2] += sustained
            referrals = draw(st.integers(0, top))
            source = draw(st.integers(0, referrals))
            rows.append(
                {
                    "month": (2022 + (3 + m) // 12, (3 + m) % 12 + 1),
                    "specialist": who,
                    "fte": draw(st.sampled_from([0.2, 0.5, 0.6, 0.8, 1.0])),
                    "referrals": referrals,
                    "starts": starts,
                    "active_caseload": draw(st.integers(0, top)),
                    "job_entries": jobs,
                    "sustained": sustained,
                    "referrals_from_gp": source,
                    "note": draw(st.sampled_from(["", "ok", "£20 travel", "café, à la carte"])),
                }
            )
    return rows


STYLES = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([",", ";", "\t"]),
        "decimal": st.sampled_from([".", ","]),
        "thousands": st.booleans(),
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
        "newline": st.sampled_from(["\n", "\r\n"]),
        "quote_all": st.booleans(),
        "dates": st.sampled_from(["iso", "named", "dmy", "first_of_month", "serial"]),
    }
)


def _style_ok(style: dict) -> dict:
    # a comma-separated file has decimal points: Excel switches to semicolons otherwise
    if style["delimiter"] == ",":
        style = {**style, "decimal": "."}
    return style


def _number(x: float | int, style: dict) -> str:
    if isinstance(x, float):
        text = f"{x:g}"
        return text.replace(".", style["decimal"])
    if style["thousands"] and x >= 1000:
        group = "," if style["decimal"] == "." else "."
        return f"{x:,}".replace(",", group)
    return str(x)


def _month(ym: tuple[int, int], style: dict) -> str:
    year, month = ym
    first = date(year, month, 1)
    return {
        "iso": f"{year}-{month:02d}",
        "named": first.strftime("%b-%y"),
        "dmy": f"01/{month:02d}/{year}",
        "first_of_month": f"{year}-{month:02d}-01",
        "serial": str((first - date(1899, 12, 30)).days),
    }[style["dates"]]


def write(header: list[str], rows: list[list[str]], style: dict) -> bytes:
    buffer = io.StringIO(newline="")
    quoting = csv.QUOTE_ALL if style["quote_all"] else csv.QUOTE_MINIMAL
    writer = csv.writer(
        buffer, delimiter=style["delimiter"], lineterminator=style["newline"], quoting=quoting
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(style["encoding"])


def check_refusal(error: ReturnError) -> None:
    text = str(error)
    assert error.problems and "Traceback" not in text
    assert any(words in text for words in AMBIGUOUS), text
    assert all(p.row is not None and p.column is not None for p in error.problems), text


@PROPERTY
@given(returns(), STYLES.map(_style_ok))
def test_monthly_return_loads_its_own_totals_or_is_refused_clearly(rows, style):
    header = ["month", "specialist", "fte", *COUNTS, "referrals_from_gp", "note"]
    cells = [
        [
            _month(r["month"], style),
            r["specialist"],
            _number(r["fte"], style),
            *(_number(r[c], style) for c in (*COUNTS, "referrals_from_gp")),
            r["note"],
        ]
        for r in rows
    ]
    data = write(header, cells, style)
    try:
        ret = load_return(data, name="upload.csv")
    except ReturnError as error:
        check_refusal(error)
        return
    assert style["dates"] != "serial"
    people = mon.funnel(ret)["people"].tolist()
    assert people == [sum(r[c] for r in rows) for c in ("referrals", "starts", "job_entries")] + [
        sum(r["sustained"] for r in rows)
    ]
    assert int(ret.data["active_caseload"].sum()) == sum(r["active_caseload"] for r in rows)
    assert int(ret.data["referrals_from_gp"].sum()) == sum(r["referrals_from_gp"] for r in rows)
    assert ret.data["fte"].sum() == pytest.approx(sum(r["fte"] for r in rows))
    assert [(p.year, p.month) for p in ret.months] == sorted({r["month"] for r in rows})
    assert sorted(ret.specialists) == sorted({r["specialist"] for r in rows})
    assert sorted(ret.data["note"]) == sorted(r["note"] for r in rows)
    per = mon.specialist_productivity(ret, 0).set_index("specialist")["starts"]
    for who in ret.specialists:
        assert per[who] == sum(r["starts"] for r in rows if r["specialist"] == who)


def test_the_plain_ways_always_load():
    """Comma-separated, decimal points, no thousands, ISO months: every encoding and ending."""
    rows = [["2024-04", "José", "0.6", "5", "4", "4", "1", "0", "3", "£5"]]
    header = ["month", "specialist", "fte", *COUNTS, "referrals_from_gp", "note"]
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
        for newline in ("\n", "\r\n"):
            style = {"delimiter": ",", "encoding": encoding, "newline": newline}
            ret = load_return(write(header, rows, {**style, "quote_all": False}))
            assert ret.data["starts"].tolist() == [4] and ret.data["note"].tolist() == ["£5"]


@st.composite
def scores(draw) -> list[tuple[str, int, int | None]]:
    n = draw(st.integers(1, 30))
    return [
        (
            f"C{i:03d}",
            draw(st.integers(7, 35)),
            draw(st.one_of(st.none(), st.integers(7, 35))),
        )
        for i in range(n)
    ]


@PROPERTY
@given(scores(), STYLES.map(_style_ok))
def test_score_file_loads_its_own_scores(people, style):
    header = ["client_id", "start_raw", "end_raw"]
    rows = [[c, str(s), "" if e is None else str(e)] for c, s, e in people]
    change = load_scores(write(header, rows, style), name="scores.csv")
    expected = wellbeing_change([s for _, s, _ in people], [e for _, _, e in people])
    assert (change.n_start, change.n_paired) == (expected.n_start, expected.n_paired)
    assert change.people["start_raw"].tolist() == [s for _, s, _ in people]
    assert change.people["client"].tolist() == [c for c, _, _ in people]
    if expected.n_paired:
        assert change.mean_change == pytest.approx(expected.mean_change)

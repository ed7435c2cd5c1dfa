"""The evidence register: every published figure the package and the book use.

The register is one CSV file, ``guidance/data/evidence.csv``. Each row is one figure
with its value, unit, what it describes, the year, the source document (a key in
``guidance/data/references.bib``), the table or section it comes from, whether it is
*derived* (our arithmetic on a published table rather than a published figure) and a note.

Defaults in every calculator are looked up here by key, so changing a figure in the CSV
changes every calculation, chapter and test that uses it.

A different register can be used (for example a commissioner's local figures) by setting
the environment variable ``GUIDANCE_EVIDENCE_FILE`` to the path of a CSV with the same
columns; :func:`load_register` reads it instead of the shipped file.

Example
-------
>>> register = load_register()
>>> register.value("fss.clients_per_es_per_year")
40.0
>>> register["fss.clients_per_es_per_year"].source
'socialfinance2020'
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = [
    "COLUMNS",
    "UNITS",
    "Evidence",
    "EvidenceError",
    "Register",
    "load_register",
    "parse_register",
    "bibliography_keys",
    "bibliography",
    "reference",
    "short_citation",
    "as_register",
]

COLUMNS = (
    "key",
    "value",
    "unit",
    "description",
    "model",
    "population",
    "year",
    "source",
    "location",
    "derived",
    "note",
)
"""The register's columns, in order."""

UNITS = (
    "share",
    "people",
    "clients",
    "count",
    "GBP",
    "GBP per year",
    "GBP per month",
    "pence per GBP",
    "months",
    "weeks",
    "years",
    "days",
    "hours per week",
    "ratio",
    "score",
    "percentage points",
    "clients per ES per year",
    "ES per team leader",
    "contacts per week",
    "yes or no",
)
"""Units a figure may carry. A ``share`` must lie between 0 and 1. A ``yes or no`` row
records a published choice rather than a figure (1 = the source says yes, 0 = no), so a
worked example can cite a yes/no answer as it cites a number."""

MODELS = ("IPS", "SEQF", "any")
ENV_VAR = "GUIDANCE_EVIDENCE_FILE"
_KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


class EvidenceError(ValueError):
    """Raised when the register is malformed or a key is missing."""


@dataclass(frozen=True)
class Evidence:
    """One figure in the register, with where it comes from.

    ``decimals`` is how many decimal places the register gives the value (the precision
    the source published it at: ``0.306`` has 3), so it can be shown without rounding.
    """

    key: str
    value: float
    unit: str
    description: str
    model: str
    population: str
    year: int
    source: str
    location: str
    derived: bool
    note: str
    decimals: int = 0

    def citation(self) -> str:
        """Short 'source, location' label for tables and captions.

        Examples
        --------
        >>> load_register()["fss.clients_per_es_per_year"].citation()
        'socialfinance2020, footnote 3 to the NHS Scotland region table'
        """
        label = f"{self.source}, {self.location}"
        return label + " (derived)" if self.derived else label


def bibliography_keys(text: str | None = None) -> frozenset[str]:
    """Return the citation keys defined in ``references.bib``.

    Parameters
    ----------
    text : str, optional
        BibTeX text; the shipped ``guidance/data/references.bib`` when omitted.

    Examples
    --------
    >>> "whitworth2024guide" in bibliography_keys()
    True
    """
    return frozenset(bibliography(text))


def bibliography(text: str | None = None) -> dict[str, dict[str, str]]:
    """Every entry of ``references.bib``: key -> its fields (lower-case names, braces
    removed, white space folded).

    Examples
    --------
    >>> bibliography()["socialfinance2020"]["year"]
    '2020'
    """
    if text is None:
        text = _bib_text()
    if not isinstance(text, str):
        raise TypeError(f"text must be BibTeX text (a str) or None; got {type(text).__name__}")
    entries: dict[str, dict[str, str]] = {}
    for match in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,", text):
        i = start = match.end()
        depth = 1
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[start : i - 1]
        fields: dict[str, str] = {}
        for m in re.finditer(r"(\w+)\s*=\s*", body):
            j = m.end()
            if j < len(body) and body[j] == "{":
                k, d = j + 1, 1
                while k < len(body) and d:
                    d += {"{": 1, "}": -1}.get(body[k], 0)
                    k += 1
                value = body[j + 1 : k - 1]
            elif j < len(body) and body[j] == '"':
                value = body[j + 1 : body.find('"', j + 1)]
            else:
                value = re.match(r"[^,\n]*", body[j:]).group(0)
            fields.setdefault(m.group(1).lower(), re.sub(r"[{}]", "", " ".join(value.split())))
        entries[match.group(1)] = fields
    return entries


def reference(key: str) -> str:
    """The full reference of a ``references.bib`` key, as a line of text.

    Examples
    --------
    >>> reference("socialfinance2020").startswith("Social Finance (2020)")
    True
    """
    entries = bibliography()
    if key not in entries:
        raise EvidenceError(f"references.bib has no entry {key!r}")
    f = entries[key]
    where = (
        f.get("institution")
        or f.get("organization")
        or f.get("journal")
        or f.get("howpublished", "")
    )
    parts = [f"{f.get('author', key)} ({f.get('year', 'n.d.')})", f.get("title", "")]
    if where:
        parts.append(where)
    if f.get("url"):
        parts.append(f["url"])
    return ". ".join(p for p in parts if p) + f". [{key}]"


def short_citation(key: str) -> str:
    """The author-year citation of a ``references.bib`` key, as the book's text cites it.

    One author: the surname; two: both surnames; three or more: the first and "et al.";
    an organisation as author keeps its whole name. Surnames are what comes before the
    comma of ``Surname, Given``.

    Examples
    --------
    >>> short_citation("socialfinance2020")
    'Social Finance, 2020'
    >>> short_citation("gadenne2020")
    'Gadenne et al., 2020'
    """
    entries = bibliography()
    if key not in entries:
        raise EvidenceError(f"references.bib has no entry {key!r}")
    fields = entries[key]
    names = [n.strip() for n in fields.get("author", key).split(" and ") if n.strip()]
    surnames = [n.split(",")[0].strip() if "," in n else n for n in names]
    if len(surnames) >= 3:
        who = f"{surnames[0]} et al."
    elif len(surnames) == 2:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = surnames[0] if surnames else key
    return f"{who}, {fields.get('year', 'n.d.')}"


@lru_cache(maxsize=1)
def _bib_text() -> str:
    return resources.files("guidance").joinpath("data/references.bib").read_text("utf-8")


def _row_error(line: int, column: str, message: str) -> EvidenceError:
    return EvidenceError(f"evidence register, line {line}, column '{column}': {message}")


def _parse_row(line: int, row: dict[str, str], sources: frozenset[str]) -> Evidence:
    def text(column: str, required: bool = True) -> str:
        value = (row.get(column) or "").strip()
        if required and not value:
            raise _row_error(line, column, "must not be empty")
        return value

    key = text("key")
    if not _KEY.match(key):
        raise _row_error(
            line, "key", f"{key!r} must be dotted lower-case words, e.g. 'fss.share_in_work'"
        )
    raw_value = text("value")
    try:
        value = float(raw_value.replace(",", ""))
    except ValueError:
        raise _row_error(line, "value", f"{raw_value!r} is not a number") from None
    if not math.isfinite(value):
        raise _row_error(line, "value", f"{raw_value!r} must be a finite number")
    unit = text("unit")
    if unit not in UNITS:
        raise _row_error(line, "unit", f"{unit!r} is not one of: {', '.join(UNITS)}")
    if unit == "share" and not 0 <= value <= 1:
        raise _row_error(line, "value", f"a share must lie between 0 and 1; got {value}")
    if value < 0:
        raise _row_error(line, "value", f"figures in the register are never negative; got {value}")
    if unit == "yes or no" and value not in (0, 1):
        raise _row_error(line, "value", f"a 'yes or no' row is 1 (yes) or 0 (no); got {raw_value}")
    model = text("model")
    if model not in MODELS:
        raise _row_error(line, "model", f"{model!r} is not one of: {', '.join(MODELS)}")
    raw_year = text("year")
    if not raw_year.isdigit() or not 1990 <= int(raw_year) <= 2100:
        raise _row_error(line, "year", f"{raw_year!r} must be a year such as 2020")
    source = text("source")
    if source not in sources:
        raise _row_error(
            line, "source", f"{source!r} is not a key in references.bib (add the reference first)"
        )
    derived = text("derived").lower()
    if derived not in ("yes", "no"):
        raise _row_error(line, "derived", f"{derived!r} must be 'yes' or 'no'")
    return Evidence(
        key=key,
        value=value,
        unit=unit,
        description=text("description"),
        model=model,
        population=text("population"),
        year=int(raw_year),
        source=source,
        location=text("location"),
        derived=derived == "yes",
        note=text("note", required=False),
        decimals=len(raw_value.partition(".")[2]),
    )


class Register:
    """A validated, read-only set of :class:`Evidence` rows, looked up by key.

    Examples
    --------
    >>> register = load_register()
    >>> register.value("fss.share_in_work")
    0.1
    >>> len(register.prefixed("fss.region.")) > 0
    True
    """

    def __init__(self, rows: list[Evidence]):
        if isinstance(rows, (str, bytes)) or not hasattr(rows, "__iter__"):
            raise TypeError(f"rows must be a list of Evidence rows; got {type(rows).__name__}")
        rows = list(rows)
        for n, row in enumerate(rows):
            if not isinstance(row, Evidence):
                raise TypeError(f"rows[{n}] must be an Evidence row; got {type(row).__name__}")
        self._rows = {row.key: row for row in rows}

    def __getitem__(self, key: str) -> Evidence:
        try:
            return self._rows[key]
        except KeyError:
            raise EvidenceError(f"no figure with key {key!r} in the evidence register") from None

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self):
        return iter(self._rows.values())

    def __len__(self) -> int:
        return len(self._rows)

    def value(self, key: str) -> float:
        """Return the value of the figure ``key``."""
        return self[key].value

    def prefixed(self, prefix: str) -> list[Evidence]:
        """Return the rows whose key starts with ``prefix``, in register order."""
        return [row for key, row in self._rows.items() if key.startswith(prefix)]

    def to_frame(self) -> pd.DataFrame:
        """Return the register as a DataFrame with one row per figure."""
        return pd.DataFrame([row.__dict__ for row in self._rows.values()], columns=list(COLUMNS))


def parse_register(text: str, sources: frozenset[str] | None = None) -> Register:
    """Parse and validate register CSV text.

    Parameters
    ----------
    text : str
        CSV text with a header row holding exactly :data:`COLUMNS`.
    sources : frozenset of str, optional
        Allowed source keys; those in the shipped ``references.bib`` when omitted.

    Returns
    -------
    Register

    Raises
    ------
    EvidenceError
        Naming the line and column of the first problem found.

    Examples
    --------
    >>> header = ",".join(COLUMNS)
    >>> row = "a.b,0.5,share,half,any,all,2020,ndti2014,slide 1,no,"
    >>> parse_register(header + "\\n" + row).value("a.b")
    0.5
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be the register's CSV text (a str); got {type(text).__name__}")
    if sources is None:
        sources = bibliography_keys()
    if not isinstance(sources, (set, frozenset)) or not all(isinstance(x, str) for x in sources):
        raise TypeError(f"sources must be a set of citation keys (str); got {sources!r}")
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        extra = [c for c in header if c not in COLUMNS]
        raise EvidenceError(
            "evidence register header must be "
            f"{','.join(COLUMNS)}; missing {missing or 'none'}, unexpected {extra or 'none'}"
        )
    rows: list[Evidence] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        if None in raw:
            raise _row_error(line, "note", "the row has more cells than the header")
        row = _parse_row(line, raw, sources)
        if row.key in seen:
            raise _row_error(line, "key", f"{row.key!r} already defined on line {seen[row.key]}")
        seen[row.key] = line
        rows.append(row)
    if not rows:
        raise EvidenceError("evidence register has no rows")
    return Register(rows)


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Register:
    return parse_register(Path(path).read_text(encoding="utf-8"))


def load_register(path: str | os.PathLike[str] | None = None) -> Register:
    """Load and validate the evidence register (cached until the file changes).

    Parameters
    ----------
    path : path-like, optional
        A register CSV. Defaults to ``$GUIDANCE_EVIDENCE_FILE`` if set, else the shipped file.

    Examples
    --------
    >>> load_register().value("fss.share_interested")
    0.3
    """
    if path is None:
        path = os.environ.get(ENV_VAR) or _shipped_register()
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a path to a register CSV; got {type(path).__name__}")
    # one stat call: a page of the web front end asks for the register about a hundred
    # times (every default and its source), so this stays cheap
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        raise EvidenceError(f"evidence register file not found: {Path(path)} (path)")
    return _load(os.fspath(path), info.st_mtime)


@lru_cache(maxsize=1)
def _shipped_register() -> str:
    """The path of the register shipped with the package."""
    return str(resources.files("guidance").joinpath("data/evidence.csv"))


def as_register(register: object = None) -> Register:
    """The register to use: ``register`` itself, or the shipped one when it is ``None``.

    Every function with a ``register=None`` parameter checks it with this, so passing
    something that is not a :class:`Register` is refused with a message naming
    ``register`` instead of failing somewhere deep inside.

    Examples
    --------
    >>> as_register() is load_register()
    True
    >>> as_register("evidence.csv")
    Traceback (most recent call last):
    ...
    TypeError: register must be an evidence Register (from load_register) or None; got str
    """
    if register is None:
        return load_register()
    if not isinstance(register, Register):
        raise TypeError(
            "register must be an evidence Register (from load_register) or None; got "
            f"{type(register).__name__}"
        )
    return register

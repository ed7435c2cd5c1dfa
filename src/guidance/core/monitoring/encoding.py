"""Bytes to text, the way spreadsheets save CSV files, or a clear refusal.

Read in this order, and said in the load summary when it is not plain UTF-8:

1. UTF-16 with a byte-order mark (Excel's "Unicode text"), or without one when every
   other byte is zero (plain text saved as UTF-16 by a program that writes no mark);
2. UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8");
3. Windows-1252, when the file is not valid UTF-8 but is valid Windows-1252 text (Excel's
   "CSV (Comma delimited)" on a UK PC: a pound sign is the byte A3);
4. anything else is refused: an Excel workbook, binary data, text in another encoding, or
   UTF-8 text with a character pasted in from another encoding (named by its line).

Examples
--------
>>> problems = Problems("the file")
>>> decode("month,note\\n2024-04,£5\\n".encode("cp1252"), problems)[1]
["read as Windows-1252 text (Excel's 'CSV (Comma delimited)'); characters such as £ are \
kept, but save as 'CSV UTF-8' to be sure"]
"""

from __future__ import annotations

import codecs
import re

from .problems import Problems

__all__ = ["decode"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters that plain text from a spreadsheet never holds (tab, CR, LF allowed)."""

SAVE_AS = "In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)' and load that file"


def _utf16_without_mark(data: bytes) -> str | None:
    """The text, if the bytes are UTF-16 without a byte-order mark (every other byte zero)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if _CONTROL.search(text) else text
    return None


def decode(data: bytes, problems: Problems) -> tuple[str, list[str]]:
    """Bytes to text, and notes on how they were read.

    Adds a problem and raises :class:`~guidance.core.monitoring.problems.ReturnError` for an
    empty file, a workbook, binary data, or text that is neither UTF-8 nor Windows-1252.
    """
    if not isinstance(problems, Problems):
        raise TypeError(f"problems must be a Problems list; got {type(problems).__name__}")
    if not isinstance(data, bytes):
        raise TypeError(f"data must be the file's bytes; got {type(data).__name__}")
    notes: list[str] = []
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        problems.fail(None, None, "the file is empty")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.fail(None, None, f"this is an Excel workbook, not a CSV file. {SAVE_AS}")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            problems.fail(None, None, "the file says it is UTF-16 text but is not")
        notes.append("read as UTF-16 text (Excel 'Unicode text')")
        return text.lstrip("\ufeff"), notes
    if b"\x00" in data:
        text = _utf16_without_mark(data)
        if text is None:
            problems.fail(None, None, f"the file holds binary data, not text. {SAVE_AS}")
        notes.append("read as UTF-16 text without a byte-order mark")
        return text, notes
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        notes.append("read as UTF-8 with a byte-order mark (Excel 'CSV UTF-8')")
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    mixed = data.decode("utf-8", errors="replace")
    if any(ord(c) > 127 and c != "\ufffd" for c in mixed):
        line = mixed[: mixed.index("\ufffd")].count("\n") + 1
        problems.fail(
            line,
            None,
            "the file is UTF-8 text except for a character on this line saved in another "
            f"encoding (a paste from another program?). Retype it, or {SAVE_AS[0].lower()}"
            f"{SAVE_AS[1:]}",
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or _CONTROL.search(text):
        problems.fail(
            None,
            None,
            "the file is neither UTF-8 nor Windows-1252 text (it may be binary data or "
            f"saved in another encoding). {SAVE_AS}",
        )
    notes.append(
        "read as Windows-1252 text (Excel's 'CSV (Comma delimited)'); characters such as £ "
        "are kept, but save as 'CSV UTF-8' to be sure"
    )
    return text, notes

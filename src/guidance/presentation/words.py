"""Words laid out for figures: labels wrapped onto lines.

Example
-------
>>> wrap_words("Be clear what is meant by work", 14)
'Be clear what\\nis meant by\\nwork'
"""

from __future__ import annotations

from .. import validation as v

__all__ = ["wrap_words"]


def wrap_words(text: str, width: int) -> str:
    """``text`` broken onto lines of at most ``width`` characters, at spaces.

    A word longer than ``width`` stays whole on a line of its own.

    Examples
    --------
    >>> wrap_words("one two three", 7)
    'one two\\nthree'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be text; got {text!r}")
    width = v.positive_count("width", width)
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)

"""Posted forms read in memory only: an uploaded file is never written to disk or logged.

Starlette's own form reader spools files over 1 MB to a temporary file on disk; the pages
promise that nothing uploaded touches the server's disk, so posted bodies are read here
with python-multipart's streaming parser into memory, up to a limit. A body over the
limit is not read further.

Example
-------
>>> body = (b'--B\\r\\nContent-Disposition: form-data; name="a"\\r\\n\\r\\n1\\r\\n'
...         b'--B\\r\\nContent-Disposition: form-data; name="f"; filename="x.csv"\\r\\n'
...         b'Content-Type: text/csv\\r\\n\\r\\nmonth\\n\\r\\n--B--\\r\\n')
>>> form = parse_multipart(body, "multipart/form-data; boundary=B")
>>> form.fields, form.files
([('a', '1')], {'f': ('x.csv', b'month\\n')})
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header

__all__ = ["Form", "TooLarge", "read_body", "parse_multipart", "parse_form"]


class TooLarge(ValueError):
    """A posted body over the limit (it was not read further)."""


@dataclass
class Form:
    """A posted form: text fields in order, and files by field name as (file name, bytes)."""

    fields: list[tuple[str, str]] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


async def read_body(chunks: AsyncIterator[bytes], limit: int) -> bytes:
    """The whole body, in memory; :class:`TooLarge` once it passes ``limit`` bytes."""
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the form sent is over {limit:,} bytes")
        parts.append(chunk)
    return b"".join(parts)


def parse_multipart(body: bytes, content_type: str) -> Form:
    """A ``multipart/form-data`` body as a :class:`Form` (a part without a name is skipped).

    Raises
    ------
    ValueError
        When the body is not a multipart form.
    """
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise ValueError("the form was not sent as multipart/form-data")
    form = Form()
    state: dict = {}

    def on_part_begin() -> None:
        state.update(headers={}, data=[], field=b"", value=b"")

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["field"].lower()] = state["value"]
        state["field"] = state["value"] = b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        state["data"].append(data[start:end])

    def on_part_end() -> None:
        _, disposition = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        if not name:
            return
        content = b"".join(state["data"])
        if b"filename" in disposition:
            filename = disposition[b"filename"].decode("utf-8", "replace")
            form.files[name] = (filename.replace("\\", "/").rsplit("/", 1)[-1], content)
        else:
            form.fields.append((name, content.decode("utf-8", "replace")))

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except Exception as error:  # noqa: BLE001 - the parser's own errors, in words
        raise ValueError("the form sent could not be read") from error
    return form


def parse_form(body: bytes, content_type: str) -> Form:
    """A posted body (multipart or URL-encoded) as a :class:`Form`."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        text = body.decode("utf-8", "replace")
        return Form(fields=parse_qsl(text, keep_blank_values=True))
    return parse_multipart(body, content_type)

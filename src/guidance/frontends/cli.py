"""The command line: every calculator, for analysts and scripts, from the same definitions.

Usage::

    python -m guidance list
    python -m guidance show service_sizing              # its inputs, defaults and sources
    python -m guidance run service_sizing --set in_contact=5000 --set reach_per_year=50%
    python -m guidance run ramp_up --scenario my-scenario.json --export targets.xlsx
    python -m guidance workbook service_sizing --set reach_per_year=50% sizing.xlsx
    guidance serve                                       # every calculator as web pages
    guidance serve --room                                # ... for a room, with a code
    guidance serve --public                              # ... as a public site

``guidance`` is the same command, installed with the package (pip or pipx).

``--set NAME=VALUE`` takes a value as a person types it, read as every front end reads it
(:mod:`guidance.calculators.typed`): ``5,000``; a percentage as ``50`` or ``50%`` (``0.5``
could be a share or a percentage, so it gets a message asking for ``0.5%`` or ``50%``); a
choice by its value or label.
``--scenario`` loads a saved scenario file first; ``--set`` then changes single inputs;
``--data FILE`` gives the file a calculator reads (a provider's return; a worked example
made with a file the guide ships reads that file without ``--data``); ``--export``
writes a CSV, XLSX or DOCX (by the file's ending); an existing file is replaced only with
``--force``, and the file appears whole or not at all. ``workbook`` writes the calculator as
an Excel workbook with live formulas for the inputs given (the same ``--set`` and
``--scenario``), its numbers put in by LibreOffice. Problems are reported in one line and
the command exits with status 2; it never prints a traceback.

Example
-------
>>> main(["run", "ramp_up", "--set", "annual_starters=400"])  # doctest: +ELLIPSIS
Ramp-up
Year 1 target: 144 starters and 58 job entries (36% of full performance on average).
...
0
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..calculators import DEFINITIONS, get
from ..calculators.spec import Definition, InputError
from ..calculators.typed import read
from ..core import safe_files
from ..files import exports, scenarios, workbooks
from ..presentation.render import input_value, output_text

__all__ = ["main", "parse_setting"]


class _Refused(Exception):
    """A problem to report on one line (exit status 2)."""


def parse_setting(definition: Definition, setting: str) -> tuple[str, Any]:
    """``NAME=VALUE`` as (name, value in package units), read by the one reader of typed
    values (:func:`guidance.calculators.typed.read`).

    Examples
    --------
    >>> parse_setting(get("service_sizing"), "reach_per_year=50%")
    ('reach_per_year', 0.5)
    >>> parse_setting(get("service_sizing"), "in_contact=5,000")
    ('in_contact', 5000)
    """
    if "=" not in setting:
        raise InputError(f"--set needs NAME=VALUE (for example in_contact=5000); got {setting!r}.")
    name, typed = (part.strip() for part in setting.split("=", 1))
    return name, read(definition.input(name), typed)


def _list() -> int:
    chapter = None
    for d in DEFINITIONS.values():
        if d.chapter != chapter:
            chapter = d.chapter
            print(f"Chapter {chapter}")
        print(f"  {d.name:28} {d.title}: {d.description}")
    return 0


def _show(name: str) -> int:
    d = get(name)
    values = d.defaults()
    print(f"{d.title} ({d.name}), chapter {d.chapter}: {d.description}")
    for item in d.inputs:
        shown = input_value(d, item.name, values[item.name])
        print(f"  {item.name:26} {item.label}: {shown} ({item.allowed}); {d.source(item.name)}")
    return 0


def _run(args: argparse.Namespace) -> int:
    d = get(args.calculator)
    values: dict[str, Any] = {}
    evidence: dict[str, str] = {}
    title = ""
    shipped, wanted = None, {}
    if args.scenario:
        scenario = scenarios.load_file(args.scenario, expected=d.name)
        shipped = scenarios.shipped_file(scenario)  # a worked example's own file
        wanted = scenario.data
        values, evidence, title = dict(scenario.inputs), dict(scenario.evidence), scenario.title
        for notice in scenario.notices:
            print(f"Note: {notice}", file=sys.stderr)
    for setting in args.set or []:
        name, value = parse_setting(d, setting)
        values[name] = value
        evidence.pop(name, None)
    data, data_name = None, ""
    if args.data:
        if d.upload is None:
            raise _Refused(f"{d.title} reads no file; leave out --data.")
        path = Path(args.data)  # the loader reads ordinary files only, up to its size limit
        data, data_name = d.upload.loader(str(path), name=f"'{path.name}'"), path.name
    elif shipped is not None:
        raw, data_name = shipped
        data = d.upload.loader(raw, name=f"'{data_name}'")
    elif d.upload is not None and wanted.get("sha256"):
        name = wanted.get("name") or "a file"
        raise _Refused(
            f"This scenario was made with the file '{name}' (fingerprint "
            f"{wanted['sha256'][:12]}); give it with --data so its results are not shown "
            "over other data."
        )
    report = exports.Report.of(
        d.name, values, title or (args.title or ""), evidence, data, data_name
    )
    print(d.title)
    print(output_text(report.output))
    if args.export:
        target = Path(args.export)
        kind = target.suffix.lower().lstrip(".")
        if kind not in exports.KINDS:
            raise _Refused(f"--export must end in .csv, .xlsx or .docx; got {target.name!r}.")
        writers = {"csv": exports.to_csv, "xlsx": exports.to_xlsx, "docx": exports.to_docx}
        if os.path.lexists(target) and not args.force:
            raise _Refused(
                f"{target} exists already; add --force to replace it, or choose another name."
            )
        try:  # a temporary file renamed into place: a failed write leaves the old file whole
            safe_files.write_bytes(target, writers[kind](report), replace=args.force)
        except OSError as error:
            raise _Refused(f"Could not write {target}: {error.strerror or error}.") from None
        print(f"Wrote {target}")
    return 0


def _workbook(args: argparse.Namespace) -> int:
    workbooks.spec(args.calculator)  # a clear message for a calculator without one
    d = get(args.calculator)
    values: dict[str, Any] = {}
    if args.scenario:
        scenario = scenarios.load_file(args.scenario, expected=d.name)
        values = dict(scenario.inputs)
        for notice in scenario.notices:
            print(f"Note: {notice}", file=sys.stderr)
    for setting in args.set or []:
        name, value = parse_setting(d, setting)
        values[name] = value
    target = Path(args.output)
    if target.suffix.lower() != ".xlsx":
        raise _Refused(f"The workbook's file name must end in .xlsx; got {target.name!r}.")
    d.check(values)
    if os.path.lexists(target) and not args.force:
        raise _Refused(
            f"{target} exists already; add --force to replace it, or choose another name."
        )
    try:  # made in a temporary folder, then written whole beside the target and renamed
        safe_files.write_bytes(target, workbooks.workbook_bytes(d.name, values), replace=args.force)
    except OSError as error:
        raise _Refused(f"Could not write {target}: {error.strerror}.") from None
    except RuntimeError as error:
        raise _Refused(str(error)) from None
    print(f"Wrote {target}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guidance",
        description="The calculators of the guide to commissioning Supported Employment.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list every calculator")
    show = commands.add_parser("show", help="a calculator's inputs, defaults and sources")
    show.add_argument("calculator")
    run = commands.add_parser("run", help="run a calculator and print (or export) its results")
    run.add_argument("calculator")
    run.add_argument("--set", action="append", metavar="NAME=VALUE", help="change one input")
    run.add_argument("--scenario", metavar="FILE", help="load a saved scenario first")
    run.add_argument("--data", metavar="FILE", help="the file the calculator reads")
    run.add_argument("--title", help="the scenario's name in exports")
    run.add_argument("--export", metavar="FILE", help="write FILE.csv, FILE.xlsx or FILE.docx")
    run.add_argument("--force", action="store_true", help="replace the --export file if it exists")
    book = commands.add_parser(
        "workbook", help="write the calculator as an Excel workbook with live formulas"
    )
    book.add_argument("calculator")
    book.add_argument("output", metavar="FILE.xlsx")
    book.add_argument("--set", action="append", metavar="NAME=VALUE", help="change one input")
    book.add_argument("--scenario", metavar="FILE", help="load a saved scenario first")
    book.add_argument("--force", action="store_true", help="replace FILE.xlsx if it exists")
    serve = commands.add_parser(
        "serve",
        help="every calculator as web pages: on this computer (127.0.0.1) only, for a room "
        "(--room) or as a public site (--public)",
    )
    where = serve.add_mutually_exclusive_group()
    where.add_argument(
        "--room",
        action="store_true",
        help="serve a room: on this computer's network and 127.0.0.1, behind an access "
        "code; prints the join address and a QR code",
    )
    where.add_argument(
        "--public",
        action="store_true",
        help="serve a public site (the container's command; settings from the environment, "
        "see docs/hosting.md)",
    )
    serve.add_argument(
        "--port", type=int, default=None, help="port (8866; a public site: $PORT or 8080)"
    )
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.add_argument(
        "--book-url",
        default=None,
        help="the published book's address, where calculators link their chapter "
        "(default: $GUIDANCE_BOOK_URL)",
    )
    serve.add_argument(
        "--code", default="", help="room: your own access code (default: a new random one)"
    )
    serve.add_argument(
        "--address",
        default="",
        help="room: the address participants use (default: this computer's network address; "
        "given, the room listens on it and 127.0.0.1 only)",
    )
    serve.add_argument(
        "--host", default="0.0.0.0", help="public site: the address to listen on (0.0.0.0)"
    )
    return parser


def _one_line(error: Exception) -> str:
    """The message on one line, starting with the input it is about (``--set NAME``)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    message = "; ".join(line[2:] if line.startswith("- ") else line for line in lines)
    name = getattr(error, "input", "")
    if name and name in ("title", "data_name"):
        return f"--title: {message}" if name == "title" else f"--data: {message}"
    if name and not message.startswith(name):
        return f"--set {name}: {message}"
    return message


def _serve(args: argparse.Namespace) -> int:
    """``guidance serve``: local mode, a room or a public site (the web server only now)."""
    if args.public:
        from .web.public import serve_public

        return serve_public(host=args.host, port=args.port)
    port = 8866 if args.port is None else args.port
    if args.room:
        from .web.room import serve_room

        return serve_room(port=port, code=args.code, address=args.address, book_url=args.book_url)
    if args.code or args.address:
        print("--code and --address are for a room (--room).", file=sys.stderr)
        return 2
    from .web.serve import serve

    return serve(port, open_browser=not args.no_browser, book_url=args.book_url)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, or 2 after a problem)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        if args.command == "list":
            return _list()
        if args.command == "show":
            return _show(args.calculator)
        if args.command == "workbook":
            return _workbook(args)
        if args.command == "serve":
            return _serve(args)
        return _run(args)
    except (InputError, scenarios.ScenarioError, _Refused, ValueError, TypeError) as error:
        print(f"Problem: {_one_line(error)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (``| head``): end quietly, as other command-line tools do.
        # Python's own advice: point stdout at devnull so the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # noqa: BLE001 - a fault of the guide, still one line
        print(
            f"Problem: the guide could not do this ({type(error).__name__}: "
            f"{_one_line(error)}). Please report it.",
            file=sys.stderr,
        )
        return 2

"""Trainer mode: every calculator as a live local web app, with scenarios and take-aways.

``scripts/trainer-app`` serves the notebooks in ``app/`` with Voila on 127.0.0.1 only, no
code shown. Each notebook is one line that calls a function here:

* :func:`landing` - the start page: every chapter's calculators with links;
* :func:`chapter_page` - all the calculators of one chapter;
* :func:`calculator_page` - one calculator (named in the address, ``?name=service_sizing``).

Every calculator is wrapped in a :class:`TrainerPanel`: pick a worked or saved scenario,
load a scenario file, save the inputs as a scenario, and export the results as CSV, XLSX
or DOCX. Files go to the trainer folder (``$GUIDANCE_TRAINER_FILES``, set by the script
to ``./trainer-files``), which lives outside the server's temporary space, so stopping
the app loses nothing saved. Each file is also offered as a download link in the page.

Calculators are found with :func:`guidance.frontends.widgets.all_calculators`, so a new chapter
module appears in the app without any change here.

Example
-------
>>> import tempfile
>>> from guidance.frontends.widgets import calculator
>>> panel = TrainerPanel(calculator("service_sizing"), folder=tempfile.mkdtemp())
>>> panel.choose("shipped:service_sizing-nhs-england-50-reach.json")
>>> panel.calc.values()["reach_per_year"]
0.5
>>> panel.status_text.startswith("Loaded")
True
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import html
import inspect
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote

import ipywidgets as w
import segno
from ipywidgets.widgets.widget_string import HTMLStyle

from ...calculators import DEFINITIONS
from ...core import validation as v
from ...files import exports, scenarios
from ...files.applink import parse_values
from ...files.scenarios import Scenario, ScenarioError
from ...presentation.display import Shown
from . import all_calculators, gate
from .base import Calculator
from .compare import CompareView

__all__ = [
    "ENV_FOLDER",
    "ENV_ROOM_FILES",
    "ENV_PARTICIPANT",
    "participant_folder",
    "CHAPTER_TITLES",
    "Entry",
    "trainer_folder",
    "catalogue",
    "TrainerPanel",
    "landing",
    "chapter_page",
    "calculator_page",
    "wait_for_address",
    "main",
]

ENV_FOLDER = "GUIDANCE_TRAINER_FILES"
"""Environment variable naming the folder for saved scenarios and exports."""

CHAPTER_TITLES = {
    0: "Introduction and how to use this book",
    1: "The right conditions",
    2: "Choosing the model",
    3: "Contract parameters",
    4: "Joint commissioning",
    5: "Avoiding payment-by-results pitfalls",
    6: "Managing performance and continual improvement",
}
"""Chapter number -> title, for the landing page (calculators say their chapter)."""

_MIME = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


ENV_ROOM_FILES = "GUIDANCE_ROOM_FILES"
"""Room and hosted modes: the folder holding one private folder per participant."""

ENV_PARTICIPANT = "HTTP_X_GUIDANCE_PARTICIPANT"
"""The participant's id, set by the room's gate (a header Voila passes to the kernel)."""


def participant_folder(root: str | os.PathLike, participant: str | None) -> Path:
    """One participant's own folder under ``root``; a fresh one when the id is missing.

    The id comes from the gate (32 hex digits, derived from the participant's cookie);
    anything else gets a new private folder, so nobody can reach another's saves.

    >>> import tempfile
    >>> root = tempfile.mkdtemp()
    >>> participant_folder(root, "a" * 32).name == "a" * 32
    True
    >>> participant_folder(root, "../trainer").name.startswith("session-")
    True
    """
    root = Path(root)
    if participant and re.fullmatch(r"[0-9a-f]{32}", participant):
        return root / participant
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="session-", dir=root))


def trainer_folder(folder: str | os.PathLike | None = None) -> Path:
    """The folder for saved scenarios and exports (created if missing).

    ``folder`` if given, else ``$GUIDANCE_TRAINER_FILES``, else ``./trainer-files``.
    """
    if folder is not None and (
        isinstance(folder, bool) or not isinstance(folder, (str, os.PathLike)) or not str(folder)
    ):
        raise TypeError(f"folder must be a folder path; got {folder!r}")
    if folder is None and os.environ.get(ENV_ROOM_FILES):
        path = participant_folder(os.environ[ENV_ROOM_FILES], os.environ.get(ENV_PARTICIPANT))
    else:
        path = Path(folder or os.environ.get(ENV_FOLDER) or Path.cwd() / "trainer-files")
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


# -- the catalogue of calculators ------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One calculator in the app: its name, a label, a line about it and its chapter."""

    name: str
    label: str
    about: str
    chapter: int | None
    factory: Callable


def catalogue() -> list[Entry]:
    """Every calculator, with its chapter, title and description from its definition.

    The landing page needs no calculator to be built.

    Examples
    --------
    >>> [e.name for e in catalogue() if e.chapter == 3]
    ['service_sizing', 'ramp_up']
    """
    out = []
    for name, factory in all_calculators().items():
        d = DEFINITIONS.get(name)
        if d is not None:
            out.append(Entry(name, d.title, d.description, d.chapter, factory))
            continue
        # TRANSITION: a calculator not yet converted to a definition
        module = sys.modules.get(getattr(factory, "__module__", ""))
        match = re.match(r"\s*Chapter (\d+)", (module.__doc__ if module else "") or "")
        doc = (inspect.getdoc(factory) or "").split("\n\n")[0].replace("\n", " ")
        label = name.replace("_", " ").capitalize()
        out.append(Entry(name, label, doc, int(match.group(1)) if match else None, factory))
    return out


# -- the trainer panel -----------------------------------------------------------------------
def _download_link(path: Path, data: bytes) -> str:
    kind = path.suffix.lstrip(".")
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="guidance-download" download="{html.escape(path.name)}" '
        f'style="color:#0b57d0;text-decoration:underline" '
        f'href="data:{_MIME.get(kind, "application/octet-stream")};base64,{encoded}">'
        f"Download {html.escape(path.name)}</a>"
    )


class TrainerPanel:
    """A calculator with Save scenario, Load scenario, a scenario picker and exports.

    Parameters
    ----------
    calc : Calculator
        The calculator to wrap.
    folder : path-like, optional
        Where scenarios and exports are written (see :func:`trainer_folder`).

    Attributes
    ----------
    status_text : str
        The last message shown (plain text), for tests.
    current : Scenario or None
        The scenario last loaded (its evidence is cited by exports while its values stand).
    """

    PLACEHOLDER = "Choose a scenario to load..."

    def __init__(self, calc, folder: str | os.PathLike | None = None):
        if not isinstance(calc, Calculator):
            raise TypeError(f"calc must be a calculator (Calculator); got {type(calc).__name__}")
        self.calc = calc
        self.folder = trainer_folder(folder)
        self.current: Scenario | None = None
        self.status_text = ""
        self._choosing = False
        layout = w.Layout(width="auto")
        button_style = w.ButtonStyle()  # one style model for every button of the panel
        self.picker = w.Dropdown(
            description="Scenario",
            options=self._picker_options(),
            value="",
            style={"description_width": "6em"},
            layout=w.Layout(width="36em"),
        )
        self.upload = w.FileUpload(
            accept=".json,application/json",
            multiple=False,
            description="Load scenario file",
            icon="",
            layout=layout,
        )
        self.title = w.Text(
            description="Scenario name",
            placeholder="e.g. Our area, half the eligible reached",
            style={"description_width": "8em"},
            layout=w.Layout(width="30em"),
        )
        self.save_button = w.Button(description="Save scenario", layout=layout, style=button_style)
        self.export_buttons = {
            kind: w.Button(description=f"Export {kind.upper()}", layout=layout, style=button_style)
            for kind in exports.KINDS
        }
        html_style = HTMLStyle()
        self.status = w.HTML(layout=w.Layout(min_height="1.6em"), style=html_style)
        self.links = w.HTML(layout=calc._plain, style=html_style)
        self.picker.observe(self._on_pick, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.save_button.on_click(lambda _b: self.save())
        for kind, button in self.export_buttons.items():
            button.on_click(lambda _b, kind=kind: self.export(kind))
        toolbar = w.VBox(
            [
                w.HBox([self.picker, self.upload], layout=w.Layout(flex_flow="row wrap")),
                w.HBox(
                    [self.title, self.save_button, *self.export_buttons.values()],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self.status,
                self.links,
            ],
            layout=w.Layout(border="1px solid #bbb", padding="0.4em", margin="0 0 0.6em 0"),
        )
        toolbar.add_class("guidance-trainer-toolbar")
        if self.problems:
            self._say(" ".join(self.problems), ok=False)
        self.comparison = CompareView(calc, self.folder)
        self.widget = w.VBox(
            [toolbar, calc.widget, self.comparison.widget], layout=w.Layout(margin="0 0 2em 0")
        )
        self.widget.add_class("guidance-trainer-panel")

    # -- messages ---------------------------------------------------------------------------
    def _say(self, text: str, ok: bool = True, link: str = "") -> None:
        self.status_text = text
        word = "Done:" if ok else "Problem:"
        colour = "#1b5e20" if ok else "#9a3412"
        border = "#009E73" if ok else "#D55E00"
        self.status.value = (
            f'<div role="status" aria-live="polite" class="guidance-trainer-status '
            f'{"ok" if ok else "problem"}" style="color:{colour};border-left:4px solid '
            f'{border};padding:0.3em 0.6em"><strong>{word}</strong> {html.escape(text)}</div>'
        )
        self.links.value = link

    # -- scenarios --------------------------------------------------------------------------
    def _picker_options(self) -> list[tuple[str, str]]:
        options = [(self.PLACEHOLDER, ""), ("Evidence defaults", "defaults")]
        problems: list[str] = []
        for file, s in scenarios.shipped_scenarios(self.calc.name, problems).items():
            options.append((f"Worked example: {s.title}", f"shipped:{file}"))
        self.problems = problems
        good, bad = scenarios.saved_scenarios(self.folder, self.calc.name)
        for path, s in good.items():
            options.append((f"Saved: {s.title} ({path.name})", f"saved:{path.name}"))
        for path in bad:  # listed, never hidden: choosing it says what is wrong
            options.append(
                (f"Broken file: {path.name} (choose it to see why)", f"saved:{path.name}")
            )
        return options

    def _refresh_picker(self) -> None:
        self._choosing = True
        try:
            self.picker.options = self._picker_options()
            self.picker.value = ""
        finally:
            self._choosing = False

    def _on_pick(self, change: dict) -> None:
        if self._choosing or not change["new"]:
            return
        self.choose(change["new"])

    def choose(self, key: str) -> None:
        """Load a scenario from the picker: ``defaults``, ``shipped:<file>`` or ``saved:<file>``."""
        try:
            if key == "defaults":
                scenario = scenarios.defaults_scenario(self.calc.name)
            elif key.startswith("shipped:"):
                shipped = scenarios.shipped_scenarios(self.calc.name, [])
                scenario = shipped[key[len("shipped:") :]]
            elif key.startswith("saved:"):
                name = Path(key[len("saved:") :]).name  # a file in the folder, nothing else
                scenario = scenarios.load_file(self.folder / name, expected=self.calc.name)
            else:
                raise ScenarioError(f"Unknown choice {key!r}.")
            self.load(scenario)
        except (ScenarioError, KeyError) as error:
            self._say(str(error).strip("'\""), ok=False)
        finally:
            self._refresh_picker()

    def load(self, scenario: Scenario) -> None:
        """Put a scenario's inputs into the calculator and say so."""
        self.calc.apply(scenario)
        self.current = scenario
        self.title.value = scenario.title
        note = f" {scenario.description}" if scenario.description else ""
        note += "".join(f" {n}" for n in scenario.notices)
        extra = f" The calculator says: {self.calc.message}" if self.calc.message else ""
        self._say(f"Loaded '{scenario.title}'.{note}{extra}", ok=not self.calc.message)

    def load_bytes(self, data: bytes, filename: str = "the file") -> None:
        """Load a scenario from a file's contents (as uploaded); a problem becomes a message."""
        try:
            scenario = scenarios.loads(data, expected=self.calc.name)
        except ScenarioError as error:
            self._say(f"Could not load {filename}: {error}", ok=False)
            return
        self.load(scenario)

    def load_query(self, query: str) -> None:
        """Load inputs from an address (a book's "use your own numbers" link).

        Every value is checked against its field (:func:`guidance.files.applink.parse_values`);
        the good ones are loaded, and each bad one is named in the panel's message.
        """
        values, problems = parse_values(query, self.calc.fields)
        good = {}
        for name, value in values.items():  # each value meets its input's range, or is named
            try:
                good[name] = self.calc.fields[name].check(value)
            except (ValueError, TypeError) as error:
                problems.append(str(error))
        values = good
        if values:
            self.calc.set_values(values)
        if problems:
            self._say("Some inputs in the address were not used: " + "; ".join(problems), False)
        elif values:
            extra = f" The calculator says: {self.calc.message}" if self.calc.message else ""
            self._say(f"Loaded the inputs from the link.{extra}", ok=not self.calc.message)

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self.load_bytes(bytes(item["content"]), item.get("name", "the file"))
        self.upload.value = ()

    def _evidence(self) -> dict[str, str]:
        """The loaded scenario's evidence keys for inputs still at the scenario's values."""
        if self.current is None:
            return {}
        values = self.calc.values()
        return {
            k: v
            for k, v in self.current.evidence.items()
            if k in values and values[k] == self.current.inputs.get(k)
        }

    def _title(self) -> str:
        text = self.title.value.strip()
        if text:
            return text
        if self.current is not None:
            return self.current.title
        return f"{self.calc.title} {time.strftime('%Y-%m-%d %H.%M')}"

    def save(self) -> Path | None:
        """Save the inputs on screen as a scenario file in the trainer folder."""
        problem = " ".join(self.calc.input_messages.values()) or self.calc.message
        if problem:
            self._say(f"Fix the input first, then save: {problem}", ok=False)
            return None
        try:
            scenario = self.calc.scenario(self._title(), evidence=self._evidence())
            path = scenarios.save_file(scenario, self.folder)
        except (ScenarioError, OSError) as error:
            self._say(f"Could not save the scenario: {error}", ok=False)
            return None
        self.current = scenario
        self._refresh_picker()
        self.comparison.refresh_choices()
        self._say(
            f"Saved '{scenario.title}' as {path}. It is in the scenario list now.",
            link=_download_link(path, path.read_bytes()),
        )
        return path

    def export(self, kind: str) -> Path | None:
        """Export the results (csv, xlsx or docx) to the trainer folder, with a download link."""
        try:
            path = self.calc.export(
                kind, self.folder, title=self._title(), evidence=self._evidence()
            )
        except (exports.ExportError, OSError, ValueError, TypeError) as error:
            self._say(f"Could not export: {error}", ok=False)
            return None
        link = _download_link(path, path.read_bytes())
        self._say(f"Exported {kind.upper()} to {path}.", link=link)
        return path

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget._repr_mimebundle_()


# -- pages -----------------------------------------------------------------------------------
_STYLE = """<style>
.guidance-app h1 {font-size: 1.8em; margin: 0.2em 0}
.guidance-app li {margin: 0.3em 0}
.guidance-app .about {color: #444}
.guidance-app a {color: #0b57d0}
</style>"""


def _html(body: str) -> w.HTML:
    return w.HTML(f'{_STYLE}<div class="guidance-app">{body}</div>')


def _back() -> str:
    return '<p><a href="index.ipynb">&larr; All calculators</a></p>'


def _chapter_name(n: int | None) -> str:
    if n is None:
        return "Other calculators"
    return f"Chapter {n}: {CHAPTER_TITLES.get(n, '')}".rstrip(": ")


def landing(app_dir: str | os.PathLike | None = None, room: bool = False) -> Shown:
    """The start page: every chapter's calculators, with links, and how to use the app.

    Parameters
    ----------
    app_dir : path-like, optional
        The folder of the app notebooks (the kernel's working directory under Voila); a
        chapter gets a link to its own page when ``chapter-<n>.ipynb`` is there.
    room : bool
        The page for a room's participants (served by the gate): says that saves are
        each participant's own instead of naming the trainer's folder.
    """
    if app_dir is not None and not isinstance(app_dir, (str, os.PathLike)):
        raise TypeError(f"app_dir must be a folder path; got {app_dir!r}")
    app_dir = Path(app_dir or Path.cwd())
    if room:
        where = (
            "<p>The scenarios you save are yours alone: nobody else in the room sees them. "
            "Each save and export also offers a download to keep on your device.</p>"
        )
    else:
        folder = html.escape(str(trainer_folder()))
        where = (
            f"<p>Saved scenarios and exports are kept in <code>{folder}</code>; "
            "stopping the app loses nothing saved there.</p>"
        )
    groups: dict[int | None, list[Entry]] = {}
    for entry in catalogue():
        groups.setdefault(entry.chapter, []).append(entry)
    order = sorted(groups, key=lambda n: (n is None, n or 0))
    parts = [
        "<h1>Commissioning Supported Employment: trainer app</h1>",
        "<p>Every calculator in the guide, live. Open one, change its inputs and the "
        "results follow. Each calculator has a scenario list (worked examples from the "
        "guide and the scenarios you saved), <em>Save scenario</em>, <em>Load scenario "
        "file</em>, and exports to CSV, Excel and Word for people to take away.</p>",
        "<p>Each calculator (or a whole chapter's) opens in its own browser tab, so you can "
        "keep several open and switch between them during a session.</p>",
        where,
    ]
    for n in order:
        heading = html.escape(_chapter_name(n))
        page = app_dir / f"chapter-{n}.ipynb"
        if n is not None and page.exists():
            heading = f'<a href="chapter-{n}.ipynb" target="_blank" rel="noopener">{heading}</a>'
        items = "".join(
            f'<li><a href="calculator.ipynb?name={quote(e.name)}" target="_blank" '
            f'rel="noopener">{html.escape(e.label)}</a>'
            f' <span class="about">{html.escape(e.about)}</span></li>'
            for e in groups[n]
        )
        parts.append(f"<h2>{heading}</h2><ul>{items}</ul>")
    if not groups:
        parts.append("<p>No calculators were found in the package.</p>")
    text = "\n".join(f"{_chapter_name(n)}: {', '.join(e.label for e in groups[n])}" for n in order)
    return Shown(f'{_STYLE}<div class="guidance-app">{"".join(parts)}</div>', text)


def chapter_page(chapter: int, folder: str | os.PathLike | None = None) -> w.VBox:
    """Every calculator of one chapter, each in a :class:`TrainerPanel`."""
    if isinstance(chapter, bool) or not isinstance(chapter, int):
        raise TypeError(f"chapter must be a chapter number; got {chapter!r}")
    entries = [e for e in catalogue() if e.chapter == chapter]
    children: list[w.Widget] = [_html(f"{_back()}<h1>{html.escape(_chapter_name(chapter))}</h1>")]
    if not entries:
        children.append(_html("<p>This chapter has no calculators yet.</p>"))
    for entry in entries:
        children.append(TrainerPanel(entry.factory(), folder).widget)
    return w.VBox(children)


def wait_for_address(wait: Callable[[], object], tries: int = 3) -> bool:
    """In a kernel Voila preheats, wait until the page's address has arrived; True if it has.

    ``wait`` is Voila's ``voila.utils.wait_for_request``: it connects to the server and
    puts the request (``QUERY_STRING`` and the headers) into the environment. On a busy
    machine that connection can time out (Voila then only warns), which would leave the
    page without its calculator's name; so it is tried again (the server keeps the
    request for the kernel). Outside a preheated kernel the address is already there.

    >>> import os
    >>> calls = []
    >>> def slow_then_there():
    ...     calls.append(1)
    ...     if len(calls) == 2:
    ...         os.environ["QUERY_STRING"] = "name=ramp_up"
    >>> saved = os.environ.pop("QUERY_STRING", None)
    >>> wait_for_address(slow_then_there), len(calls)
    (True, 2)
    >>> _ = os.environ.pop("QUERY_STRING")
    >>> if saved is not None:
    ...     os.environ["QUERY_STRING"] = saved
    """
    if not callable(wait):
        raise TypeError(f"wait must be a function (Voila's wait_for_request); got {wait!r}")
    tries = v.whole_between("tries", tries, 1, 10, noun="whole number of tries")
    for _ in range(tries):
        wait()
        if "QUERY_STRING" in os.environ:
            return True
    return False


def calculator_page(name: str | None = None, folder: str | os.PathLike | None = None) -> w.VBox:
    """One calculator in a :class:`TrainerPanel`; ``name`` defaults to ``?name=`` in the address.

    An unknown or missing name shows a message and the link back, never an error.
    """
    query_values = ""
    if name is None:
        query_values = os.environ.get("QUERY_STRING", "")
        query = parse_qs(query_values)
        name = (query.get("name") or [""])[0]
    if not isinstance(name, str):
        raise TypeError(f"name must be a calculator's name (text); got {name!r}")
    entries = {e.name: e for e in catalogue()}
    if name not in entries:
        known = ", ".join(entries)
        return w.VBox(
            [
                _html(
                    f"{_back()}<p>There is no calculator called "
                    f"<code>{html.escape(name or '(none given)')}</code>. "
                    f"The calculators are: {html.escape(known)}.</p>"
                )
            ]
        )
    entry = entries[name]
    header = _html(f"{_back()}<p>{html.escape(_chapter_name(entry.chapter))}</p>")
    panel = TrainerPanel(entry.factory(), folder)
    if query_values:
        panel.load_query(query_values)
    return w.VBox([header, panel.widget])


# -- the launcher (used by scripts/trainer-app) ----------------------------------------------
def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _open_browser(url: str) -> None:
    """Open ``url`` in a browser if this machine has one; say nothing when it has none."""
    import shutil
    import webbrowser

    if not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or sys.platform in ("darwin", "win32")
    ):
        return
    try:
        if webbrowser.open(url):
            return
    except Exception:  # noqa: BLE001 - no browser is not an error
        pass
    opener = shutil.which("xdg-open")
    if opener:
        subprocess.Popen([opener, url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _voila_command(app_dir: Path, port: int, log_level: str = "ERROR") -> list[str]:
    return [
        sys.executable,
        "-m",
        "voila",
        str(app_dir),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=False",
        "--strip_sources=True",
        "--theme=light",
        "--Voila.port_retries=0",  # fail rather than serve on another port than printed
        f"--Voila.log_level={log_level}",  # keep the trainer's terminal to the address below
        "--template=trainer",  # app/jupyter/voila/templates/trainer: no CDN links
        # the page's widgets come from the kernel: the server need not keep their state,
        # which costs it time for every widget message while the page is sent
        "--VoilaExecutor.store_widget_state=False",
        # a busy machine can take longer than nbclient's 4 s to pass a page's widget
        # messages on; past that the page's output would be dropped (an empty page)
        "--VoilaExecutor.iopub_timeout=30",
        # only the widget manager: other JupyterLab extensions in the environment are not
        # needed and may not match Voila's JupyterLab version
        "--VoilaConfiguration.extension_allowlist=@jupyter-widgets/jupyterlab-manager",
        "--VoilaConfiguration.extension_allowlist=@voila-dashboards/widgets-manager8",
        # kernels talk to the server over local sockets, not TCP ports: no other program
        # can reach them, and ipykernel does not warn about unencrypted TCP for every tab
        *(["--KernelManager.transport=ipc"] if os.name == "posix" else []),
    ]


def _network_address() -> str:
    """This machine's address on its network (no packet is sent: UDP connect only routes)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.254.254.254", 9))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def refill_delay(pool: int, places: int) -> float:
    """Seconds Voila waits before it replaces a preheated kernel a page has taken.

    Preheating one kernel costs about 3 s of CPU. Started at once, the replacements of a
    room arriving together compete with the pages being opened; so when the pool has a
    kernel for every place, nobody needs a replacement soon and they wait a minute. A
    smaller pool is refilled at once: the next arrivals are waiting for those kernels.

    >>> refill_delay(30, 30), refill_delay(4, 30)
    (60.0, 0.0)
    """
    pool = v.whole_between("pool", pool, 0, 500, noun="whole number of kernels")
    places = v.whole_between("places", places, 1, 500, noun="whole number of places")
    return 60.0 if pool >= places else 0.0


def _room(args: argparse.Namespace, app_dir: Path, files: Path) -> int:
    """Room mode: Voila on a private loopback port behind the gate on every address."""
    if args.pool is None:
        args.pool = args.places  # a preheated calculator for every place in the room
    for name in ("places", "pool"):
        value = getattr(args, name)
        if not 0 <= value <= 500 or (name == "places" and value < 1):
            print(f"--{name} must be a whole number from 1 to 500; got {value}", file=sys.stderr)
            return 2
    code = args.code.strip().upper() or gate.access_code()
    if not re.fullmatch(r"[A-Z0-9-]{4,40}", code):
        print("--code must be 4 to 40 letters, digits or dashes", file=sys.stderr)
        return 2
    address = args.address or _network_address()
    inner = _free_loopback_port()
    token = secrets.token_hex(24)
    room_files = files / "room"
    room_files.mkdir(parents=True, exist_ok=True)
    jupyter_path = os.pathsep.join(
        p for p in (str(app_dir / "jupyter"), os.environ.get("JUPYTER_PATH", "")) if p
    )
    env = {
        **os.environ,
        ENV_ROOM_FILES: str(room_files),
        "MPLBACKEND": "Agg",
        "JUPYTER_PATH": jupyter_path,
        "PYTHONWARNINGS": "ignore",
    }
    env.pop(ENV_FOLDER, None)
    pools = {
        "default": {"pool_size": 0},
        "calculator.ipynb": {"pool_size": args.pool},
    }
    # the server's messages go to a log file, not the terminal: warnings are kept there
    command = _voila_command(app_dir, inner, log_level=args.server_log) + [
        f"--Voila.token={token}",
        # the log file says when: a slow page can be traced to the pool's events
        "--Voila.log_format=%(asctime)s.%(msecs)03d [%(name)s] %(levelname)s | %(message)s",
        "--Voila.log_datefmt=%H:%M:%S",
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
        f"--VoilaKernelManager.fill_delay={refill_delay(args.pool, args.places):g}",
        f"--VoilaConfiguration.http_header_envs={gate.PARTICIPANT_HEADER}",
        "--VoilaConfiguration.file_allowlist=",  # /voila/files serves nothing
        # the gate stops kernels of closed, unconnected and idle pages; pool kernels wait
        "--MappingKernelManager.cull_idle_timeout=0",
    ]
    log = (files / "room-server.log").open("a", encoding="utf-8")  # not on the terminal
    server = subprocess.Popen(command, env=env, cwd=app_dir, stdout=log, stderr=log)
    hosts = {f"{h}:{args.port}" for h in ("127.0.0.1", "localhost", address)}
    hosts.add(f"{socket.gethostname().lower()}:{args.port}")
    settings = gate.GateSettings(
        upstream=f"127.0.0.1:{inner}",
        upstream_token=token,
        code=code,
        hosts=frozenset(hosts),
        max_kernels=args.places,
        landing=landing(app_dir, room=True).html,
    )
    join = f"http://{address}:{args.port}/?code={code}"

    async def serve() -> None:
        app = gate.make_app(settings)
        app.listen(args.port, address="")  # every address: the room's network and loopback
        sweeper = asyncio.ensure_future(gate.run_sweeper(app.settings["room"]))
        local = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + 180
        while True:
            if server.poll() is not None:
                raise RuntimeError("The app stopped while starting.")
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{inner}/voila/static/voila.js",
                    headers={"Authorization": f"token {token}"},
                )
                await asyncio.to_thread(lambda r=request: local.open(r, timeout=2).close())
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError("The app did not start within three minutes.") from None
                await asyncio.sleep(0.3)
        print()
        print("The calculator room is open. Participants join at:")
        print(f"  {join}")
        print(f"or go to http://{address}:{args.port}/ and type the access code: {code}")
        print(segno.make(join, error="l").terminal(compact=True) or "", end="")
        print(
            f"Up to {args.places} pages at once; {args.pool} calculators kept ready "
            "(getting them all ready takes a minute or two)."
        )
        print(f"On this computer: http://127.0.0.1:{args.port}/?code={code}")
        print("Each participant's saves are their own (and download to their device).")
        print(f"The server's messages go to {files / 'room-server.log'}")
        print("Press Ctrl+C to close the room.", flush=True)
        while server.poll() is None:
            await asyncio.sleep(0.5)
        sweeper.cancel()

    def stop(*_args) -> None:
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, stop)
    try:
        asyncio.run(serve())
        return server.returncode or 0
    except RuntimeError as error:
        print(str(error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Closing the room...", flush=True)
        return 0
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    """Start Voila on 127.0.0.1 over the app notebooks; print the address; open a browser."""
    parser = argparse.ArgumentParser(
        prog="trainer-app",
        description="Every calculator of the guide as a local web app (no code shown).",
    )
    parser.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (8866)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument("--app-dir", default="app", help="folder of the app notebooks")
    parser.add_argument(
        "--files",
        default="trainer-files",
        help="folder for saved scenarios and exports (./trainer-files)",
    )
    parser.add_argument(
        "--room",
        action="store_true",
        help="serve a room: on this machine's network address (and 127.0.0.1), with an "
        "access code and a QR code to join",
    )
    parser.add_argument("--places", type=int, default=30, help="room: most pages open at once")
    parser.add_argument(
        "--pool",
        type=int,
        default=None,
        help="room: calculator kernels kept started and waiting (as many as --places; "
        "about 170 MB each)",
    )
    parser.add_argument("--address", default="", help="room: the address to print (detected)")
    parser.add_argument(
        "--server-log",
        default="WARN",
        choices=["ERROR", "WARN", "INFO", "DEBUG"],
        help="room: how much the server writes to its log file (WARN; INFO shows the pool)",
    )
    parser.add_argument("--code", default="", help="room: the access code (default: a new one)")
    args = parser.parse_args(argv)
    app_dir = Path(args.app_dir).resolve()
    if not (app_dir / "index.ipynb").is_file():
        print(f"No app notebooks in {app_dir} (index.ipynb is missing).", file=sys.stderr)
        return 2
    if not 1 <= args.port <= 65535:
        print(f"--port must be between 1 and 65535; got {args.port}", file=sys.stderr)
        return 2
    if not _port_free(args.port):
        print(
            f"Port {args.port} is in use on 127.0.0.1 (is the app already running?). "
            "Choose another with --port.",
            file=sys.stderr,
        )
        return 2
    files = trainer_folder(args.files)
    if args.room:
        return _room(args, app_dir, files)
    jupyter_path = os.pathsep.join(
        p for p in (str(app_dir / "jupyter"), os.environ.get("JUPYTER_PATH", "")) if p
    )
    env = {**os.environ, ENV_FOLDER: str(files), "MPLBACKEND": "Agg", "JUPYTER_PATH": jupyter_path}
    base = f"http://127.0.0.1:{args.port}"
    url = f"{base}/voila/render/index.ipynb"
    command = _voila_command(app_dir, args.port) + [
        # a page closed without saying goodbye leaves its kernel; stop it after 10 idle
        # minutes (kernels with an open page are never stopped)
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
    ]
    server = subprocess.Popen(command, env=env, cwd=app_dir)

    def stop(*_args) -> None:
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, stop)
    local = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                print("The app stopped while starting; see the messages above.", file=sys.stderr)
                return server.returncode or 1
            try:
                with local.open(f"{base}/", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    print("The app did not start within two minutes.", file=sys.stderr)
                    return 1
                time.sleep(0.2)
        print()
        print("The trainer app is running (only on this computer). Open:")
        print(f"  {url}")
        print(f"Saved scenarios and exports go to {files}")
        print("Press Ctrl+C to stop it; nothing saved is lost.", flush=True)
        if not args.no_browser:
            _open_browser(url)
        server.wait()
        return server.returncode
    except KeyboardInterrupt:
        print("Stopping the trainer app...", flush=True)
        return 0
    finally:
        if server.poll() is None:
            server.terminate()  # Voila shuts its kernels down on SIGTERM
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    raise SystemExit(main())

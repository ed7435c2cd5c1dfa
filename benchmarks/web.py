"""Benchmark of the calculators' web pages, beside today's Voila app measured in the same run.

Run from the repository root (after ``bash scripts/setup-env dev``: locust is in the dev
extra), at a low priority when the machine is shared::

    nice -n 5 .venv/bin/python benchmarks/web.py
    nice -n 5 .venv/bin/python benchmarks/web.py --no-voila --runs 3 --changes 10

It starts the web pages (``uvicorn --workers 2`` over
:func:`guidance.frontends.web.app.create_app`) and today's trainer app (Voila,
``python -m guidance.frontends.widgets.app``), each on 127.0.0.1 only, and prints:

* for every calculator, in Debian's Chromium at 1280x720, **usable after opening**: from
  the start of the navigation (a new browser context each time: nothing cached) until an
  input can be used and the result is shown (for the web pages, also once the script that
  updates the page in place has run), median of ``--runs``;
* **a change to the updated result on screen**: a new value in the first number box (a
  choice where there is none), committed as Enter or leaving the box commits it, until the
  result is updated and the browser has painted it; median and 95th percentile of
  ``--changes`` (every value is new, so no finished page or figure is reused). For Voila,
  as ``benchmarks/room_load.py`` counts it: Enter until the panel's first redraw;
* **the server's CPU time to draw a page's figures**, from scratch (matplotlib's SVG
  output of the figure drawn anew, as the pages first did) and kept
  (:class:`guidance.presentation.svgfigures.SvgFigures`, as the pages do now), median over
  the same kind of changes;
* **the server alone** (web pages only: Voila's updates go over each page's kernel
  websocket): result updates a second with locust (headless, ``FastHttpUser``, loopback
  only, ``--users`` people changing one input of a random calculator without pause, for
  ``--seconds``), with the median and 95th percentile of their times;
* **resident memory of the whole server** (every process of it: workers, or Voila and
  its kernels) at its peak, sampled every quarter second.

It prints the CPU count and the load average before and after, because the machine may be
shared, and checks issue 23's targets: usable within 0.5 s (median, every calculator); a
change within 80 ms median and 150 ms at the 95th percentile; at least 50 updates a second
with a 95th percentile within 500 ms; at most 400 MB. Speed is measured here, not asserted
in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}
TARGETS = {"usable_s": 0.5, "change_median_ms": 80, "change_p95_ms": 150}
LOAD_TARGETS = {"updates_per_s": 50, "p95_ms": 500, "rss_mb": 400}

FACTORY = """import os
from guidance.frontends.web.app import Settings, create_app


def make():
    return create_app(Settings(port=int(os.environ["GUIDANCE_BENCH_PORT"])))
"""

LOCUSTFILE = """import json, os, random
from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

CHANGES = json.loads(os.environ["GUIDANCE_BENCH_CHANGES"])


class Person(FastHttpUser):
    wait_time = constant(0)

    @task
    def change(self):
        name, field, low, high, whole = random.choice(CHANGES)
        if whole:
            value = random.randint(int(low), int(high))
        else:
            value = round(random.uniform(low, high), 5)
        self.client.get(f"/calculators/{name}?{field}={value}", name="update")
"""

USABLE_WEB = """() => {
  const box = document.querySelector(
    '#calculator-form input:not([type=hidden]), #calculator-form select');
  const shown = document.querySelector('#result .guidance-summary');
  return box && shown && document.body.classList.contains('js-enabled') ? performance.now() : false;
}"""
USABLE_VOILA = """() => {
  const box = document.querySelector('.jupyter-widgets input, .jupyter-widgets select');
  const shown = document.querySelector('.guidance-summary');
  return box && shown ? performance.now() : false;
}"""
CHANGE_WEB = """async ([id, value]) => {
  const box = document.getElementById(id);
  const done = new Promise(r => document.addEventListener('app:updated', r, {once: true}));
  box.value = value;
  const t0 = performance.now();
  box.dispatchEvent(new Event('change', {bubbles: true}));
  const late = new Promise((_, fail) => setTimeout(() => fail(new Error('no update in 60 s')),
                                                   60000));
  await Promise.race([done, late]);
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
}"""
ARM_VOILA = """(selector) => {
  window.__t0 = null; window.__t1 = null;
  const box = document.querySelector(selector);
  box.addEventListener('keydown', e => { if (e.key === 'Enter') window.__t0 = performance.now(); },
                       {once: true, capture: true});
  const panel = document.querySelector('.guidance-trainer-panel') || document.body;
  window.__watch && window.__watch.disconnect();
  window.__watch = new MutationObserver(() => {
    if (window.__t0 === null || window.__t1 !== null) return;
    window.__watch.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__t1 = performance.now(); }, 0));
  });
  window.__watch.observe(panel, {subtree: true, childList: true, characterData: true,
                                 attributes: true});
}"""
VOILA_BOX = ".guidance-live .guidance-input-row input[type=text]"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation (NaN for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- processes -------------------------------------------------------------------------------
def tree_rss(root: int) -> int:
    """Resident memory (bytes) of process ``root`` and every process below it."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry)] = int(line.split()[1]) * 1024
    members, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in members)


class PeakMemory(threading.Thread):
    """The highest resident memory of a process tree, sampled every quarter second."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak, self._done = root, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, tree_rss(self.root))
            self._done.wait(0.25)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def wait_until_answers(url: str, proc: subprocess.Popen, limit: float = 180) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + limit
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped while starting ({url})")
        try:
            with opener.open(url, timeout=30):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within {limit:.0f} s") from None
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the session this benchmark started
            proc.wait()


def start_web(port: int, folder: Path, workers: int) -> subprocess.Popen:
    (folder / "bench_app.py").write_text(FACTORY)
    command = [sys.executable, "-m", "uvicorn", "--factory", "bench_app:make",
               "--app-dir", str(folder), "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    env = {**os.environ, "GUIDANCE_BENCH_PORT": str(port), "MPLBACKEND": "Agg"}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wait_until_answers(f"http://127.0.0.1:{port}/", proc)
    return proc


def start_voila(port: int, folder: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "guidance.frontends.widgets.app", "--app-dir", "app",
               "--files", str(folder), "--port", str(port), "--no-browser"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    deadline = time.monotonic() + 300
    for line in proc.stdout:
        if "Press Ctrl+C" in line or time.monotonic() > deadline:
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc


# -- what to change --------------------------------------------------------------------------
def change_plan(name: str, count: int) -> tuple[str, list[str], str] | None:
    """(input name, ``count`` new values as typed, kind) for a calculator: the first number
    input with a non-zero default, swept down from it (every value new), else the first
    choice, cycled."""
    from guidance.calculators import get
    from guidance.files.applink import encode_value

    d = get(name)
    values = d.defaults()
    for item in d.inputs:
        value = values[item.name]
        if item.kind in ("number", "integer", "percent") and value:
            if item.kind == "integer":  # each value differs from the one before
                value = int(value)
                if value - count >= item.minimum:
                    new = [value - 1 - k for k in range(count)]
                elif value + count <= item.maximum:
                    new = [value + 1 + k for k in range(count)]
                else:
                    other = value - 1 if value - 1 >= item.minimum else value + 1
                    new = [other if k % 2 == 0 else value for k in range(count)]
            else:
                new = [max(item.minimum, value * (1 - 0.2 * (k + 1) / count)) for k in range(count)]
                new = [round(x, 6) for x in new]
            return item.name, [encode_value(x) for x in new], item.kind
    for item in d.inputs:
        if item.kind == "choice" and len(item.options) > 1:
            options = [encode_value(v) for _, v in item.options]
            start = options.index(encode_value(values[item.name]))
            new = [options[(start + 1 + k) % len(options)] for k in range(count)]
            return item.name, new, "choice"
    return None


def load_changes() -> list[list]:
    """What locust changes: (calculator, input, low, high, whole) for every calculator with a
    number input, within 20% of its default."""
    from guidance.calculators import DEFINITIONS

    out = []
    for name, d in DEFINITIONS.items():
        values = d.defaults()
        for item in d.inputs:
            value = values[item.name]
            if item.kind in ("number", "integer", "percent") and value:
                low = max(item.minimum, value * 0.8)
                high = min(item.maximum, value * 1.2)
                if item.kind == "integer":
                    low, high = math.ceil(low), math.floor(high)
                out.append([name, item.name, low, high, item.kind == "integer"])
                break
    return out


# -- in the browser --------------------------------------------------------------------------
async def usable(browser, url: str, script: str, limit: float) -> float:
    """Seconds from the start of the navigation until ``script`` finds the page usable."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="commit", timeout=limit * 1000)
        handle = await page.wait_for_function(script, polling="raf", timeout=limit * 1000)
        return float(await handle.json_value()) / 1000
    finally:
        await context.close()


async def web_changes(browser, url: str, plan) -> list[float]:
    field, values, _kind = plan
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.goto(url)
        await page.wait_for_function(USABLE_WEB, polling="raf")
        out = []
        for value in values:
            out.append(await page.evaluate(CHANGE_WEB, [f"in-{field}", value]) / 1000)
        return out
    finally:
        await context.close()


async def voila_changes(browser, url: str, plan, limit: float) -> list[float]:
    _field, values, kind = plan
    if kind == "choice":
        return []
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.goto(url, timeout=limit * 1000)
        await page.wait_for_function(USABLE_VOILA, polling="raf", timeout=limit * 1000)
        box = page.locator(VOILA_BOX).first
        if not await box.count():
            return []
        out = []
        for value in values:
            await box.fill(value)
            await page.evaluate(ARM_VOILA, VOILA_BOX)
            await box.press("Enter")
            await page.wait_for_function("() => window.__t1 !== null", timeout=limit * 1000)
            out.append(await page.evaluate("window.__t1 - window.__t0") / 1000)
        return out
    finally:
        await context.close()


async def measure_browser(base: str, kind: str, names: list[str], args) -> dict[str, dict]:
    from playwright.async_api import async_playwright

    out: dict[str, dict] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for name in names:
                record: dict = {"usable": [], "changes": [], "failure": ""}
                out[name] = record
                if kind == "web":
                    url, script, runs = f"{base}/calculators/{name}", USABLE_WEB, args.runs
                else:
                    url = f"{base}/voila/render/calculator.ipynb?name={name}"
                    script, runs = USABLE_VOILA, args.voila_runs
                plan = change_plan(name, args.changes if kind == "web" else args.voila_changes)
                try:
                    for _ in range(runs):
                        record["usable"].append(await usable(browser, url, script, args.limit))
                    if plan is not None and kind == "web":
                        record["changes"] = await web_changes(browser, url, plan)
                    elif plan is not None:
                        record["changes"] = await voila_changes(browser, url, plan, args.limit)
                except Exception as error:  # noqa: BLE001 - reported, not raised
                    record["failure"] = type(error).__name__ + ": " + str(error).splitlines()[0]
                print(f"  {kind:5s} {name}: done", file=sys.stderr, flush=True)
        finally:
            await browser.close()
    return out


# -- the server alone ------------------------------------------------------------------------
def figure_cpu(names: list[str], count: int) -> dict[str, tuple[float, float]]:
    """Per calculator: median CPU ms to draw a page's figures from scratch and kept."""
    from guidance.calculators import get
    from guidance.presentation.figures import static_figure
    from guidance.presentation.svgfigures import SvgFigures

    out = {}
    for name in names:
        d = get(name)
        if not d.run().figures:
            continue
        figures = SvgFigures()
        for i, spec in enumerate(d.run().figures):
            figures.svg(spec, f"f{i}-")
        plan = change_plan(name, count)
        scratch, kept = [], []
        for value in plan[1] if plan else []:
            try:
                output = d.run({plan[0]: _value(d, plan[0], value)})
            except ValueError:
                continue
            began = time.process_time()
            for spec in output.figures:
                static_figure(spec).savefig(io.StringIO(), format="svg")
            scratch.append(time.process_time() - began)
            began = time.process_time()
            for i, spec in enumerate(output.figures):
                figures.svg(spec, f"f{i}-")
            kept.append(time.process_time() - began)
        out[name] = (median(scratch) * 1000, median(kept) * 1000)
    return out


def _value(definition, name: str, typed: str):
    item = definition.input(name)
    if item.kind == "choice":
        return next(v for _, v in item.options if str(v) == typed)
    return int(typed) if item.kind == "integer" else float(typed)


def load_test(base: str, folder: Path, args) -> dict:
    """Locust against the server: updates a second, median and 95th percentile (ms)."""
    locustfile = folder / "locustfile.py"
    locustfile.write_text(LOCUSTFILE)
    prefix = folder / "load"
    env = {**os.environ, "GUIDANCE_BENCH_CHANGES": json.dumps(load_changes())}
    locust = Path(sys.executable).parent / "locust"
    command = [str(locust), "-f", str(locustfile), "--headless", "-u", str(args.users),
               "-r", str(args.users), "-t", f"{args.seconds}s", "--host", base,
               "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
               "--stop-timeout", "5"]  # fmt: skip
    subprocess.run(command, env=env, cwd=folder, timeout=args.seconds + 120,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "per_s": float(row["Requests/s"]),
        "median_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
    }


# -- report ----------------------------------------------------------------------------------
def _fmt(x: float, scale: float = 1.0, digits: int = 0) -> str:
    return "-" if math.isnan(x) else f"{x * scale:.{digits}f}"


def report(names, web, voila, cpu, load, memory, args) -> int:
    voila = voila or {}
    print()
    print("Usable after opening (s, median), change to updated result on screen (ms, median and")
    print("95th percentile), server CPU to draw the page's figures (ms, median): web | Voila")
    head = (
        f"{'calculator':27s} {'usable web':>10s} {'Voila':>6s}  {'change web':>10s} {'p95':>5s}"
        f" {'Voila':>6s} {'p95':>5s}  {'figures scratch':>15s} {'kept':>5s}"
    )
    print(head)
    failures = []
    worst = {"usable": 0.0, "median": 0.0, "p95": 0.0}
    for name in names:
        w, v = web.get(name, {}), voila.get(name, {})
        wu, vu = median(w.get("usable", [])), median(v.get("usable", []))
        wc, vc = w.get("changes", []), v.get("changes", [])
        scratch, kept = cpu.get(name, (math.nan, math.nan))
        print(
            f"{name:27s} {_fmt(wu, 1, 2):>10s} {_fmt(vu, 1, 2):>6s}  "
            f"{_fmt(median(wc), 1000):>10s} {_fmt(percentile(wc, 95), 1000):>5s} "
            f"{_fmt(median(vc), 1000):>6s} {_fmt(percentile(vc, 95), 1000):>5s}  "
            f"{_fmt(scratch, 1, 1):>15s} {_fmt(kept, 1, 1):>5s}"
        )
        for kind, record in (("web", w), ("Voila", v)):
            if record.get("failure"):
                failures.append(f"{kind} {name}: {record['failure']}")
        worst["usable"] = max(worst["usable"], wu if not math.isnan(wu) else math.inf)
        if wc:
            worst["median"] = max(worst["median"], median(wc) * 1000)
            worst["p95"] = max(worst["p95"], percentile(wc, 95) * 1000)
    all_web = [x for n in names for x in web.get(n, {}).get("changes", [])]
    all_voila = [x for n in names for x in voila.get(n, {}).get("changes", [])]
    all_web_usable = [median(web[n]["usable"]) for n in names if web.get(n, {}).get("usable")]
    all_voila_usable = [median(voila[n]["usable"]) for n in names if voila.get(n, {}).get("usable")]
    print(
        f"{'all calculators':27s} {_fmt(median(all_web_usable), 1, 2):>10s} "
        f"{_fmt(median(all_voila_usable), 1, 2):>6s}  {_fmt(median(all_web), 1000):>10s} "
        f"{_fmt(percentile(all_web, 95), 1000):>5s} {_fmt(median(all_voila), 1000):>6s} "
        f"{_fmt(percentile(all_voila, 95), 1000):>5s}"
    )
    for failure in failures:
        print(f"  failed: {failure}")
    print()
    if load:
        print(
            f"Server alone (web, {args.workers} workers, locust {args.users} users without pause, "
            f"{args.seconds} s): {load['per_s']:.1f} updates/s, median {load['median_ms']:.0f} ms, "
            f"95th percentile {load['p95_ms']:.0f} ms, {load['requests']} requests, "
            f"{load['failures']} failed. Voila: not measured this way (updates go over each "
            "page's kernel websocket)."
        )
    mb = {k: v / 2**20 for k, v in memory.items()}
    print(
        "Resident memory of the whole server at its peak (MB): web "
        + ", ".join(f"{k} {v:.0f}" for k, v in mb.items() if k.startswith("web"))
        + (
            "; Voila (server and kernels, pages opened one at a time) "
            + ", ".join(f"{k} {v:.0f}" for k, v in mb.items() if k.startswith("voila"))
            if any(k.startswith("voila") for k in mb)
            else ""
        )
    )
    print()
    checks = [
        ("usable after opening, median, slowest calculator (s)", worst["usable"], 0.5),
        ("change, median, slowest calculator (ms)", worst["median"], 80),
        ("change, 95th percentile, slowest calculator (ms)", worst["p95"], 150),
    ]
    if load:
        checks += [
            ("server updates a second (at least)", -load["per_s"], -50),
            ("server update, 95th percentile (ms)", load["p95_ms"], 500),
        ]
    peak = max((v for k, v in mb.items() if k.startswith("web")), default=math.nan)
    checks.append(("resident memory of the web server, peak (MB)", peak, 400))
    bad = 0
    for label, value, target in checks:
        ok = value <= target
        bad += not ok
        shown = -value if target < 0 else value
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {shown:.2f} (target {abs(target):g})")
    return 1 if bad or failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=6, help="page openings per calculator (6)")
    parser.add_argument("--changes", type=int, default=20, help="changes per calculator (20)")
    parser.add_argument("--voila-runs", type=int, default=3, help="Voila openings (3)")
    parser.add_argument("--voila-changes", type=int, default=10, help="Voila changes (10)")
    parser.add_argument("--no-voila", action="store_true", help="measure the web pages only")
    parser.add_argument("--calculators", default="", help="comma-separated names (all)")
    parser.add_argument("--users", type=int, default=10, help="locust users (10)")
    parser.add_argument("--seconds", type=int, default=30, help="load test length (30)")
    parser.add_argument("--workers", type=int, default=2, help="web server workers (2)")
    parser.add_argument("--web-port", type=int, default=0, help="port (a free one)")
    parser.add_argument("--voila-port", type=int, default=0, help="port (a free one)")
    parser.add_argument("--limit", type=float, default=120, help="seconds for any one step")
    args = parser.parse_args(argv)

    from guidance.calculators import DEFINITIONS

    names = [n for n in args.calculators.split(",") if n] or list(DEFINITIONS)
    print(f"CPUs: {os.cpu_count()}; load average before: {os.getloadavg()}", flush=True)
    memory: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        web_port = args.web_port or free_port()
        web_server = start_web(web_port, folder, args.workers)
        base = f"http://127.0.0.1:{web_port}"
        try:
            sampler = PeakMemory(web_server.pid)
            sampler.start()
            web = asyncio.run(measure_browser(base, "web", names, args))
            memory["web, browser runs"] = sampler.stop()
            sampler = PeakMemory(web_server.pid)
            sampler.start()
            load = load_test(base, folder, args) if args.seconds > 0 else None
            memory["web, load test"] = sampler.stop()
        finally:
            stop(web_server)
        voila = None
        if not args.no_voila:
            voila_port = args.voila_port or free_port()
            files = folder / "trainer-files"
            files.mkdir()
            voila_server = start_voila(voila_port, files)
            try:
                sampler = PeakMemory(voila_server.pid)
                sampler.start()
                voila = asyncio.run(
                    measure_browser(f"http://127.0.0.1:{voila_port}", "voila", names, args)
                )
                memory["voila, browser runs"] = sampler.stop()
            finally:
                stop(voila_server)
    cpu = figure_cpu(names, 10)
    status = report(names, web, voila, cpu, load, memory, args)
    print(f"Load average after: {os.getloadavg()}")
    return status


if __name__ == "__main__":
    sys.exit(main())

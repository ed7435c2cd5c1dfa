"""Benchmark of the calculators' web pages: in Chromium end to end, the server alone, memory.

Run from the repository root (after ``bash scripts/setup-env dev``: locust is in the dev
extra), at a low priority when the machine is shared::

    nice -n 5 .venv/bin/python benchmarks/web.py
    nice -n 5 .venv/bin/python benchmarks/web.py --runs 3 --changes 10

It starts the web pages (``uvicorn --workers 1``, one process as ``guidance serve`` and the
container run them; ``--workers`` to try more, over
:func:`guidance.frontends.web.app.create_app`) on 127.0.0.1 only, and prints:

* for every calculator, in Debian's Chromium at 1280x720, **usable after opening**: from
  the start of the navigation (a new browser context each time: nothing cached) until an
  input can be used and the result is shown, and the script that updates the page in place
  has run, median of ``--runs``;
* **a change to the updated result on screen**: a new value in the first number box (a
  choice where there is none), committed as Enter or leaving the box commits it, until the
  result is updated and the browser has painted it; median and 95th percentile of
  ``--changes`` (every value is new, so no finished page or figure is reused);
* **the server's CPU time to draw a page's figures**, from scratch (matplotlib's SVG
  output of the figure drawn anew, as the pages first did) and kept
  (:class:`guidance.presentation.svgfigures.SvgFigures`, as the pages do now), median over
  the same kind of changes;
* **the server alone**: result updates a second with locust (headless, ``FastHttpUser``, loopback
  only, ``--users`` people changing one input of a random calculator without pause, for
  ``--seconds``), with the median and 95th percentile of their times;
* **memory of the whole server** (every process of it: the workers) at its peak, sampled
  every quarter second: the proportional set size (PSS, a page shared by the workers
  counted once in all), checked against the target, and beside it the sum of the resident
  sets (RSS, shared pages counted once per process, so more than the machine gives).

It prints the CPU count and the load average before and after, because the machine may be
shared, and checks issue 23's targets: usable within 0.5 s (median, every calculator); a
change within 80 ms median and 150 ms at the 95th percentile; at least 50 updates a second
with a 95th percentile within 500 ms; at most 400 MB. Speed is measured here, not asserted
in tests.

Historical figure, for comparison only (not measured by this script any more): the Voila
trainer app, retired since, measured by the earlier version of this script in the run of
2026-12-05 (on a shared machine) was usable after 6.99 s (median over calculators), showed a
change in 50 ms median and 261 ms at the 95th percentile, and used 5,159 MB of resident
memory with its kernels.
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
def tree_memory(root: int) -> tuple[int, int]:
    """Memory (bytes) of process ``root`` and every process below it: the sum of their
    resident sets (RSS, which counts a page shared by several processes, such as the
    libraries every worker maps, once for each) and of their proportional sets (PSS, which
    counts a shared page once in all, divided among the processes sharing it: the memory
    the server takes from the machine)."""
    parents: dict[int, int] = {}
    sizes: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            rollup = Path(f"/proc/{entry}/smaps_rollup").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        found = {}
        for line in rollup.splitlines():
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                found[key] = int(rest.split()[0]) * 1024
        sizes[int(entry)] = (found.get("Rss", 0), found.get("Pss", 0))
    members, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                grew = True
    return (
        sum(sizes.get(pid, (0, 0))[0] for pid in members),
        sum(sizes.get(pid, (0, 0))[1] for pid in members),
    )


class PeakMemory(threading.Thread):
    """The highest memory of a process tree (RSS and PSS sums, see :func:`tree_memory`),
    sampled every quarter second."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak, self._done = root, (0, 0), threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            rss, pss = tree_memory(self.root)
            self.peak = (max(self.peak[0], rss), max(self.peak[1], pss))
            self._done.wait(0.25)

    def stop(self) -> tuple[int, int]:
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


async def measure_browser(base: str, names: list[str], args) -> dict[str, dict]:
    from playwright.async_api import async_playwright

    out: dict[str, dict] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for name in names:
                record: dict = {"usable": [], "changes": [], "failure": ""}
                out[name] = record
                url = f"{base}/calculators/{name}"
                plan = change_plan(name, args.changes)
                try:
                    for _ in range(args.runs):
                        record["usable"].append(await usable(browser, url, USABLE_WEB, args.limit))
                    if plan is not None:
                        record["changes"] = await web_changes(browser, url, plan)
                except Exception as error:  # noqa: BLE001 - reported, not raised
                    record["failure"] = type(error).__name__ + ": " + str(error).splitlines()[0]
                print(f"  {name}: done", file=sys.stderr, flush=True)
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


def report(names, web, cpu, load, memory, args) -> int:
    print()
    print("Usable after opening (s, median), change to updated result on screen (ms, median and")
    print("95th percentile), server CPU to draw the page's figures (ms, median)")
    head = (
        f"{'calculator':27s} {'usable':>6s}  {'change':>6s} {'p95':>5s}"
        f"  {'figures scratch':>15s} {'kept':>5s}"
    )
    print(head)
    failures = []
    worst = {"usable": 0.0, "median": 0.0, "p95": 0.0}
    for name in names:
        w = web.get(name, {})
        wu, wc = median(w.get("usable", [])), w.get("changes", [])
        scratch, kept = cpu.get(name, (math.nan, math.nan))
        print(
            f"{name:27s} {_fmt(wu, 1, 2):>6s}  "
            f"{_fmt(median(wc), 1000):>6s} {_fmt(percentile(wc, 95), 1000):>5s}  "
            f"{_fmt(scratch, 1, 1):>15s} {_fmt(kept, 1, 1):>5s}"
        )
        if w.get("failure"):
            failures.append(f"{name}: {w['failure']}")
        worst["usable"] = max(worst["usable"], wu if not math.isnan(wu) else math.inf)
        if wc:
            worst["median"] = max(worst["median"], median(wc) * 1000)
            worst["p95"] = max(worst["p95"], percentile(wc, 95) * 1000)
    all_web = [x for n in names for x in web.get(n, {}).get("changes", [])]
    all_web_usable = [median(web[n]["usable"]) for n in names if web.get(n, {}).get("usable")]
    print(
        f"{'all calculators':27s} {_fmt(median(all_web_usable), 1, 2):>6s}  "
        f"{_fmt(median(all_web), 1000):>6s} {_fmt(percentile(all_web, 95), 1000):>5s}"
    )
    for failure in failures:
        print(f"  failed: {failure}")
    print()
    if load:
        print(
            f"Server alone (web, workers: {args.workers}, locust {args.users} users, no pause, "
            f"{args.seconds} s): {load['per_s']:.1f} updates/s, median {load['median_ms']:.0f} ms, "
            f"95th percentile {load['p95_ms']:.0f} ms, {load['requests']} requests, "
            f"{load['failures']} failed."
        )
    mb = {k: (rss / 2**20, pss / 2**20) for k, (rss, pss) in memory.items()}
    print(
        "Memory of the whole server at its peak (MB), proportional (PSS: shared pages once) "
        "and resident sum (RSS: shared pages once per process): "
        + ", ".join(f"{k} {pss:.0f} (RSS {rss:.0f})" for k, (rss, pss) in mb.items())
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
    peak = max((pss for _rss, pss in mb.values()), default=math.nan)
    checks.append(("memory of the web server (PSS), peak (MB)", peak, 400))
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
    parser.add_argument("--calculators", default="", help="comma-separated names (all)")
    parser.add_argument("--users", type=int, default=10, help="locust users (10)")
    parser.add_argument("--seconds", type=int, default=30, help="load test length (30)")
    parser.add_argument("--workers", type=int, default=1, help="web server workers (1)")
    parser.add_argument("--web-port", type=int, default=0, help="port (a free one)")
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
            web = asyncio.run(measure_browser(base, names, args))
            memory["browser runs"] = sampler.stop()
            sampler = PeakMemory(web_server.pid)
            sampler.start()
            load = load_test(base, folder, args) if args.seconds > 0 else None
            memory["load test"] = sampler.stop()
        finally:
            stop(web_server)
    cpu = figure_cpu(names, 10)
    status = report(names, web, cpu, load, memory, args)
    print(f"Load average after: {os.getloadavg()}")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Load test of the web pages: a room of participants, and a public site's readers.

Run from the repository root (after ``bash scripts/setup-env bench``)::

    .venv/bin/python benchmarks/room_load.py              # both parts (~6 min)
    .venv/bin/python benchmarks/room_load.py --part room
    .venv/bin/python benchmarks/room_load.py --part public

The server runs at the normal priority, as on a trainer's laptop or a container; the load
generator (locust) at a lower one (``nice``), so that it yields to what it measures.

**Room** (issue targets: usable after opening p95 <= 1 s, a change p95 <= 300 ms, 0
failures): the room's server as ``scripts/trainer-app --room --address 127.0.0.1`` starts
it (one process, an access code), then locust (headless, ``FastHttpUser``) brings
``--participants`` simulated participants (30) arriving within ``--arrival`` seconds (60),
each joining with the code, opening a calculator, making 10 changes 5 s apart and one
export (``benchmarks/locustfile.py``); at the same time 3 real Chromium participants join,
open a calculator and make 10 changes, measured end to end: usable (from asking for the
page to the input ready and the result on screen) and change (from Enter to the new
result on screen).

**Public** (targets: p95 <= 500 ms, 0 errors, server memory <= 400 MB): the public site as
the container runs it (``guidance serve --public``, one worker process as the Dockerfile's
``WEB_CONCURRENCY=1``: a platform scales by adding containers; ``--workers`` to try more;
the rate limits on), and ``--readers`` simulated readers (1,000) each changing an input every
20 s for ``--minutes`` (2), each from its own address (an ``X-Forwarded-For`` header).

Every request goes to 127.0.0.1; each part has a time limit and stops by itself. It prints
the machine's load average before and after, the load generator's own CPU share (it runs
on the same 2 cores), the server's CPU and peak memory (PSS, beside RSS: see
:class:`Sampler`), and every figure against its target. This is not part of the test
suite: speed is measured here, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
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

import psutil
from load_inputs import changing
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CODE = "LOADTEST-7Q3Z-K9"
BROWSER_CALCULATORS = ["service_sizing", "ramp_up", "payment_simulator"]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + seconds
    while True:
        try:
            with opener.open(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer at {url}") from None
            time.sleep(0.3)


class Sampler:
    """Peak memory and CPU seconds of a process and its children, sampled.

    Memory is the sum of the processes' proportional set sizes (PSS: a page the workers
    share is counted once in all, so this is what the server takes from the machine),
    beside the sum of their resident sets (RSS, which counts shared pages once per process).
    """

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.peak_mb = 0.0
        self.peak_rss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.cpu_start = self.cpu_seconds()
        self.last_cpu = self.cpu_start

    def tree(self) -> list[psutil.Process]:
        try:
            return [self.process, *self.process.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def cpu_seconds(self) -> float:
        total = 0.0
        for p in self.tree():
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            cpu = self.cpu_seconds()
            if cpu:
                self.last_cpu = cpu  # a process that has ended has no figure left to ask
            rss = pss = 0
            for p in self.tree():
                with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                    info = p.memory_full_info()
                    rss, pss = rss + info.rss, pss + info.pss
            self.peak_mb = max(self.peak_mb, pss / 2**20)
            self.peak_rss_mb = max(self.peak_rss_mb, rss / 2**20)

    def start(self) -> Sampler:
        self._thread.start()
        return self

    def stop(self) -> float:
        """Stop sampling; the CPU seconds used since the start (to the last sample)."""
        self._stop.set()
        self._thread.join()
        return max(self.cpu_seconds(), self.last_cpu) - self.cpu_start


def start_server(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "MPLBACKEND": "Agg", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # our own session only
            process.wait()


def run_locust(
    user_class: str, users: int, rate: float, seconds: int, host: str, env: dict[str, str]
) -> tuple[dict[str, dict[str, float]], float, float]:
    """Run locust headless; per request name its figures, its CPU seconds and wall seconds."""
    folder = Path(tempfile.mkdtemp(prefix="room-load-"))
    command = [
        "nice",  # the load generator yields to the server it measures
        "-n",
        "10",
        str(BIN / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        user_class,
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        f"{rate:g}",
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        host,
        "--csv",
        str(folder / "run"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    began = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = Sampler(process.pid).start()
    try:
        _, errors = process.communicate(timeout=seconds + 120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    cpu = sampler.stop()
    wall = time.monotonic() - began
    figures: dict[str, dict[str, float]] = {}
    stats = folder / "run_stats.csv"
    if not stats.is_file():
        raise RuntimeError(f"locust wrote no figures:\n{errors[-3000:]}")
    with stats.open() as f:
        for row in csv.DictReader(f):
            figures[row["Name"]] = {
                "requests": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "median": float(row["50%"] or "nan"),
                "p95": float(row["95%"] or "nan"),
                "max": float(row["Max Response Time"] or "nan"),
                "rps": float(row["Requests/s"] or "nan"),
            }
    failures = folder / "run_failures.csv"
    if failures.is_file():
        with failures.open() as f:
            for row in csv.DictReader(f):
                print(f"  failure: {row['Name']}: {row['Error'][:200]} x{row['Occurrences']}")
    return figures, cpu, wall


# -- real Chromium participants --------------------------------------------------------------
CHANGED = """([selector, before]) => {
  const el = document.querySelector(selector);
  return el !== null && el.textContent.trim() !== '' && el.textContent !== before;
}"""


async def chromium_participant(browser, base: str, name: str, changes: int, pause: float):
    """Join, open calculator ``name``, make ``changes`` changes; (usable s, [change s])."""
    field, values = changing(name)
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await context.new_page()
    try:
        await page.goto(f"{base}/code?code={CODE}")
        began = time.perf_counter()
        await page.goto(f"{base}/calculators/{name}", wait_until="commit")
        box = page.locator(f"#in-{field}")
        await box.wait_for(state="visible")
        await page.locator(".guidance-summary").first.wait_for(state="visible")
        await page.wait_for_function(
            "s => { const e = document.querySelector(s); return e && !e.disabled; }",
            arg=f"#in-{field}",
        )
        usable = time.perf_counter() - began
        timings = []
        for i in range(changes):
            await asyncio.sleep(pause)
            before = await page.locator(".guidance-summary").first.text_content()
            value = values[i % len(values)]
            await box.fill(value)
            began = time.perf_counter()
            await box.press("Enter")
            await page.wait_for_function(CHANGED, arg=[".guidance-summary", before], timeout=30000)
            timings.append(time.perf_counter() - began)
            box = page.locator(f"#in-{field}")
        return usable, timings, ""
    except Exception as error:  # noqa: BLE001 - counted as a failure, reported
        return None, [], f"{name}: {str(error).splitlines()[0][:200]}"
    finally:
        await context.close()


async def chromium_room(base: str, arrival: float, changes: int, pause: float):
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:

            async def one(i: int, name: str):
                await asyncio.sleep(arrival * (i + 1) / (len(BROWSER_CALCULATORS) + 1))
                return await chromium_participant(browser, base, name, changes, pause)

            return await asyncio.gather(*(one(i, n) for i, n in enumerate(BROWSER_CALCULATORS)))
        finally:
            await browser.close()


# -- the two parts ---------------------------------------------------------------------------
def load_line(label: str) -> None:
    one, five, fifteen = os.getloadavg()
    print(f"load average {label}: {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; 2 cores)")


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "FAIL"


def room(args) -> list[tuple[str, float, float]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(
        [str(BIN / "guidance"), "serve", "--room", "--address", "127.0.0.1",
         "--port", str(port), "--code", CODE],
        {},
    )  # fmt: skip
    try:
        wait_for(f"{base}/code")
        sampler = Sampler(server.pid).start()
        seconds = int(args.arrival + args.changes * args.pause + 40)
        results: dict[str, object] = {}

        def browsers() -> None:
            results["chromium"] = asyncio.run(
                chromium_room(base, args.arrival, args.changes, args.pause)
            )

        thread = threading.Thread(target=browsers)
        began = time.monotonic()
        thread.start()
        figures, locust_cpu, wall = run_locust(
            "RoomParticipant",
            args.participants,
            args.participants / args.arrival,
            seconds,
            base,
            {
                "ROOM_CODE": CODE,
                "ROOM_CHANGES": str(args.changes),
                "ROOM_PAUSE": str(args.pause),
                "EXPORT_PAGE": args.export,
            },
        )
        thread.join(timeout=300)
        elapsed = time.monotonic() - began
        server_cpu = sampler.stop()
    finally:
        stop(server)
    chromium = results.get("chromium") or []
    usable = [u for u, _, e in chromium if u is not None]
    changes = [c for _, cs, _ in chromium for c in cs]
    browser_failures = [e for _, _, e in chromium if e]
    print(f"\nRoom: {args.participants} simulated participants over {args.arrival:g} s "
          f"+ {len(BROWSER_CALCULATORS)} in Chromium; {elapsed:.0f} s")  # fmt: skip
    print(f"{'request':<10}{'count':>7}{'fail':>6}{'median ms':>11}{'p95 ms':>8}{'max ms':>8}")
    for name in ("join", "open", "change", "export", "Aggregated"):
        f = figures.get(name)
        if f:
            print(
                f"{name:<10}{f['requests']:>7.0f}{f['failures']:>6.0f}{f['median']:>11.0f}"
                f"{f['p95']:>8.0f}{f['max']:>8.0f}"
            )
    for error in browser_failures:
        print(f"  Chromium failure: {error}")
    print(
        f"Chromium: usable after opening {', '.join(f'{u:.2f}' for u in usable)} s; "
        f"changes ({len(changes)}) median {statistics.median(changes) * 1000 if changes else 0:.0f}"
        f" ms, p95 {percentile(changes, 95) * 1000:.0f} ms"
    )
    print(
        f"server: peak memory {sampler.peak_mb:.0f} MB PSS ({sampler.peak_rss_mb:.0f} MB RSS), "
        f"CPU {server_cpu:.1f} s "
        f"({100 * server_cpu / elapsed / 2:.0f}% of 2 cores); load generator (locust) CPU "
        f"{locust_cpu:.1f} s ({100 * locust_cpu / wall / 2:.1f}% of 2 cores)"
    )
    agg = figures.get("Aggregated", {})
    failures = agg.get("failures", 1) + len(browser_failures)
    return [
        ("room: usable after opening, p95 (s) [Chromium]", percentile(usable, 95), 1.0),
        ("room: change, p95 (ms) [Chromium]", percentile(changes, 95) * 1000, 300),
        ("room: change, p95 (ms) [HTTP]", figures.get("change", {}).get("p95", 1e9), 300),
        ("room: failures", failures, 0),
    ]


def public(args) -> list[tuple[str, float, float]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(
        [str(BIN / "guidance"), "serve", "--public", "--host", "127.0.0.1", "--port", str(port)],
        {"WEB_CONCURRENCY": str(args.workers), "GUIDANCE_ALLOWED_HOSTS": "127.0.0.1"},
    )
    try:
        wait_for(f"{base}/healthz")
        sampler = Sampler(server.pid).start()
        spawn = args.readers / 20  # all readers arrive within 20 s
        seconds = int(20 + args.minutes * 60)
        began = time.monotonic()
        figures, locust_cpu, wall = run_locust(
            "PublicReader", args.readers, spawn, seconds, base, {"READER_PAUSE": "20"}
        )
        elapsed = time.monotonic() - began
        server_cpu = sampler.stop()
    finally:
        stop(server)
    f = figures.get("change", {})
    print(f"\nPublic: {args.readers} readers, a change every 20 s each, {args.minutes:g} min, "
          f"{args.workers} worker processes; {elapsed:.0f} s")  # fmt: skip
    print(
        f"changes {f.get('requests', 0):.0f} ({f.get('rps', 0):.1f}/s), failures "
        f"{f.get('failures', 0):.0f}, median {f.get('median', 0):.0f} ms, p95 "
        f"{f.get('p95', 0):.0f} ms, max {f.get('max', 0):.0f} ms"
    )
    print(
        f"server: peak memory {sampler.peak_mb:.0f} MB PSS ({sampler.peak_rss_mb:.0f} MB RSS), "
        f"CPU {server_cpu:.1f} s "
        f"({100 * server_cpu / elapsed / 2:.0f}% of 2 cores); load generator (locust) CPU "
        f"{locust_cpu:.1f} s ({100 * locust_cpu / wall / 2:.1f}% of 2 cores)"
    )
    return [
        ("public: change p95 (ms)", f.get("p95", 1e9), 500),
        ("public: errors", f.get("failures", 1), 0),
        ("public: server memory, peak (MB)", sampler.peak_mb, 400),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["room", "public", "both"], default="both")
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--arrival", type=float, default=60.0)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--pause", type=float, default=5.0)
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="public server workers (1: one container as the Dockerfile runs it, "
        "WEB_CONCURRENCY=1; a platform adds containers)",
    )
    parser.add_argument(
        "--export", default="export.xlsx", help="the export each participant asks for ('' none)"
    )
    args = parser.parse_args(argv)
    print(f"CPUs: {os.cpu_count()}")
    load_line("before")
    rows = []
    if args.part in ("room", "both"):
        rows += room(args)
        load_line("after the room")
    if args.part in ("public", "both"):
        rows += public(args)
        load_line("after the public part")
    print("\nTargets")
    for label, value, target in rows:
        print(f"  {verdict(value, target)}  {label}: {value:.3g} (target <= {target:g})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

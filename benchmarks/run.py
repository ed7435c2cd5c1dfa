"""Benchmarks: print how fast every calculator, the simulator, the build and the tests are.

Run from the repository root (after ``bash scripts/build-book`` has made ``.venv``)::

    .venv/bin/python benchmarks/run.py            # everything (several minutes)
    .venv/bin/python benchmarks/run.py --quick    # calculators and simulator only

It prints one table per part and a list of targets with PASS or FAIL. Figures are wall-clock
times on this machine; the build is also timed beside the sample book that
``jupyter-book create`` makes, and the ratio reported, because absolute times on shared
machines are noisy. This is not part of the test suite: speed is measured here, not asserted
in tests.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {
    "calculation alone, median (ms)": 16,
    "input change to updated figure, median (ms)": 100,
    "input change to updated figure, 95th percentile (ms)": 200,
    "10,000 simulated contracts (ms)": 50,
    "10,000 economic-case draws (ms)": 50,
    "clean book build (s)": 90,
    "cached rebuild (s)": 15,
    "largest page (MB)": 1.5,
}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _input_to_change(calc):
    """The first numeric input with a non-zero default, else the first choice input."""
    values = calc.values()
    numeric = [
        f
        for f in calc.fields.values()
        if f.kind in ("number", "integer", "percent") and values[f.name]
    ]
    choices = [f for f in calc.fields.values() if f.kind == "choice" and len(f.options) > 1]
    return (numeric or choices or [None])[0]


def _new_values(f, value, changes: int) -> list:
    """``changes`` on-screen values for field ``f``, each different from the one before.

    Numbers sweep from 100% down to 80% of the default, so every change is a new value
    (figures, labels and tick labels really change; nothing is served from a cache of an
    earlier input), and the last change jumps back to the default. Whole numbers step down
    by about the same amount (small ones such as scores step down and back up), and
    choices cycle.
    """
    if f.kind == "choice":
        options = [v for _, v in f.options]
        start = options.index(value)
        return [options[(start + 1 + i) % len(options)] for i in range(changes)]
    if f.kind == "integer":
        step = max(1, round(abs(value) * 0.2 / changes))
        if value - step * changes >= 1:
            return [int(value) - step * (i + 1) for i in range(changes - 1)] + [int(value)]
        low = max(1, int(value) - 4) if value > 0 else int(value) - 4
        cycle = list(range(int(value), low - 1, -1)) or [int(value)]
        cycle = cycle + cycle[-2:0:-1]  # down and back up, never the same value twice running
        return [cycle[(i + 1) % len(cycle)] for i in range(changes)]
    shown = value * 100 if f.kind == "percent" else value
    sweep = [shown * (0.8 + 0.2 * i / max(1, changes - 1)) for i in range(changes)][::-1][1:]
    return [*sweep, shown]


# Inputs timed besides each calculator's first one: the payment simulator reuses its
# simulated outcomes while only the payment terms change, so a delivery input (which
# simulates them again) is timed too.
ALSO = {"payment_simulator": ["job_start_rate"]}


def bench_calculators(changes: int) -> list[dict]:
    """Latency of each calculator: calculation alone, and input change to updated figure."""
    from guidance.frontends.widgets import all_calculators

    rows = []
    runs = [(name, None) for name in all_calculators()]
    runs += [(name, field) for name, fields in ALSO.items() for field in fields]
    for name, field in runs:
        calc = all_calculators()[name]()
        f = calc.fields[field] if field else _input_to_change(calc)
        if f is None:
            rows.append({"calculator": name, "note": "no input to change"})
            continue
        sweep = _new_values(f, calc.values()[f.name], changes)
        interaction = []
        for value in sweep:
            typed = value if f.kind == "choice" else f"{value:.10g}"  # as a person types it
            start = time.perf_counter()
            calc.type_value(f.name, typed)
            interaction.append((time.perf_counter() - start) * 1000)
            if calc.message:
                break
        if calc.message:
            rows.append({"calculator": name, "note": f"message during benchmark: {calc.message}"})
            continue
        # The calculation alone, for the same new values in the same order (so a result
        # remembered from the sweep above is no more likely to be reused than on screen).
        alone = []
        for value in sweep:
            values = {**calc.values(), f.name: value / 100 if f.kind == "percent" else value}
            args = () if calc.definition.upload is None else (calc.data,)
            start = time.perf_counter()
            calc.definition.compute(*args, **values)
            alone.append((time.perf_counter() - start) * 1000)
        rows.append(
            {
                "calculator": name,
                "input": f.name,
                "calc median": statistics.median(alone),
                "calc p95": percentile(alone, 95),
                "change median": statistics.median(interaction),
                "change p95": percentile(interaction, 95),
            }
        )
    return rows


def bench_simulator(repeats: int = 15) -> float:
    """Median time (ms) to simulate 10,000 contracts under one payment mechanism."""
    from guidance.calculators.payment_simulator import delivery_inputs
    from guidance.core.payments import PaymentMechanism, simulate, targets_from

    delivery = delivery_inputs()
    mechanism = PaymentMechanism.from_shares("all outcomes", 400_000, 0, targets_from(delivery))
    simulate(delivery, mechanism, n=10_000, seed=0)  # warm up
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        simulate(delivery, mechanism, n=10_000, seed=seed)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_economics(repeats: int = 15) -> float:
    """Median time (ms) for 10,000 Monte Carlo draws of the default economic case."""
    from guidance.calculators.economic_case import economic_inputs
    from guidance.core.economics import simulate_case

    inputs = economic_inputs()
    simulate_case(inputs, draws=10_000, seed=0)  # warm up
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        simulate_case(inputs, draws=10_000, seed=seed)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def bench_build(work: Path) -> dict[str, float]:
    """Clean and cached build times of this book and of the jupyter-book sample book."""
    jb = str(BIN / "jupyter-book")
    book = work / "book"
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        target = book / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    sample = work / "sample"
    subprocess.run([jb, "create", str(sample)], check=True, capture_output=True)
    build = ["build", ".", "--warningiserror", "--nitpick", "--keep-going"]
    return {
        "book clean": _timed([jb, *build], book),
        "book cached": _timed([jb, *build], book),
        "sample clean": _timed([jb, "build", "."], sample),
        "sample cached": _timed([jb, "build", "."], sample),
        "html": book / "_build" / "html",
    }


def page_weights(html_dir: Path) -> list[tuple[str, int]]:
    """Bytes of each page: its HTML plus the local scripts, styles and images it loads."""
    weights = []
    pattern = re.compile(r'(?:src|href)="([^"#?]+)[^"]*"')
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        total = page.stat().st_size
        seen = set()
        for match in pattern.finditer(text):
            ref = match.group(1)
            if ref.startswith(("http:", "https:", "data:", "mailto:")) or ref.endswith(".html"):
                continue
            target = (page.parent / ref).resolve()
            if target in seen or not target.is_file():
                continue
            if target.suffix in (".js", ".css", ".png", ".svg", ".jpg", ".woff2", ".ico"):
                seen.add(target)
                total += target.stat().st_size
        weights.append((str(page.relative_to(html_dir)), total))
    return weights


def bench_tests() -> float:
    """Wall-clock time of the whole test suite (the README's test command, via pytest)."""
    return _timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="calculators and simulator only")
    parser.add_argument("--changes", type=int, default=60, help="input changes per calculator")
    args = parser.parse_args()
    results: dict[str, float] = {}

    print(f"\nCalculators ({args.changes} input changes each; times in ms)")
    print(
        f"{'calculator':<28}{'input':<26}{'calc med':>9}{'calc p95':>9}"
        f"{'change med':>11}{'change p95':>11}"
    )
    rows = bench_calculators(args.changes)
    for row in rows:
        if "note" in row:
            print(f"{row['calculator']:<28}{row['note']}")
            continue
        print(
            f"{row['calculator']:<28}{row['input']:<26}{row['calc median']:>9.1f}"
            f"{row['calc p95']:>9.1f}{row['change median']:>11.1f}{row['change p95']:>11.1f}"
        )
    timed = [r for r in rows if "note" not in r]
    if timed:
        results["calculation alone, median (ms)"] = max(r["calc median"] for r in timed)
        results["input change to updated figure, median (ms)"] = max(
            r["change median"] for r in timed
        )
        results["input change to updated figure, 95th percentile (ms)"] = max(
            r["change p95"] for r in timed
        )

    sim = bench_simulator()
    print(f"\nPayment-mechanism simulator, 10,000 contracts: {sim:.1f} ms (median of 15)")
    results["10,000 simulated contracts (ms)"] = sim
    econ = bench_economics()
    print(f"Economic case, 10,000 Monte Carlo draws: {econ:.1f} ms (median of 15)")
    results["10,000 economic-case draws (ms)"] = econ

    if not args.quick:
        with tempfile.TemporaryDirectory() as tmp:
            b = bench_build(Path(tmp))
            print("\nBook build (s)")
            print(f"{'':<16}{'clean':>8}{'cached':>8}")
            print(f"{'this book':<16}{b['book clean']:>8.1f}{b['book cached']:>8.1f}")
            print(f"{'sample book':<16}{b['sample clean']:>8.1f}{b['sample cached']:>8.1f}")
            print(
                f"{'ratio':<16}{b['book clean'] / b['sample clean']:>8.1f}"
                f"{b['book cached'] / b['sample cached']:>8.1f}"
            )
            results["clean book build (s)"] = b["book clean"]
            results["cached rebuild (s)"] = b["book cached"]
            weights = page_weights(b["html"])
            print("\nPage weight (HTML + local scripts, styles, images), kB")
            for name, size in sorted(weights, key=lambda x: -x[1]):
                print(f"{name:<48}{size / 1024:>9.1f}")
            results["largest page (MB)"] = max(size for _, size in weights) / 1024 / 1024
        suite = bench_tests()
        print(f"\nWhole test suite: {suite:.0f} s")

    print("\nTargets")
    failed = 0
    for name, limit in TARGETS.items():
        if name not in results:
            print(f"  {name:<56} not measured")
            continue
        ok = results[name] <= limit
        failed += not ok
        print(f"  {name:<56}{results[name]:>9.2f}  (at most {limit})  {'PASS' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

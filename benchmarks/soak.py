"""An hour on screen: a paced lab with the lab screen open, sampling memory and screen updates.

    python -m benchmarks.soak --minutes 60 --lab perceptron --preset spiral --speed 100 \
        --out soak.jsonl

The app runs headless (Textual's `run_test`, which lays out and renders every frame like a
terminal would, without writing the escape codes) at 120×40. Every `--every` seconds one line
of JSON is written: elapsed time, the app's and the training process's resident memory (RSS,
from /proc), the step reached, the screen updates drawn so far and since the last sample, the
points held by the line plots (bounded: they are thinned past a cap), and whether the picture
changed since the last sample (a hash of the exported screen). The summary at the end compares
the first and last thirds of the run, so a leak shows as growth and a wedged screen as zero
updates.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import sys
import time
from pathlib import Path


def rss_mib(pid: int | None = None) -> float:
    """Resident set size of a process in MiB (0 if it has gone)."""
    try:
        text = Path(f"/proc/{pid or 'self'}/status").read_text()
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def plot_points(screen) -> tuple[int, int]:
    """(points drawn, array capacity) summed over the screen's line plots."""
    from dltui.tui.widgets import LinePlot

    points = capacity = 0
    for plot in screen.query(LinePlot):
        for series in plot._series.values():
            points += len(series.buf.x)
            capacity += series.buf.capacity
    return points, capacity


async def soak(args: argparse.Namespace) -> list[dict]:
    from dltui.tui.app import DltuiApp

    app = DltuiApp(backend=args.backend)
    samples: list[dict] = []
    out = open(args.out, "w") if args.out else None  # noqa: SIM115 (kept open for the run)
    async with app.run_test(size=(args.width, args.height)) as pilot:
        app.open_lab(args.lab, args.preset)
        await pilot.pause()
        screen = app.screen
        screen.apply_change("speed", args.speed)
        screen.apply_change("steps", args.steps)  # a new run, long enough for the soak
        await pilot.pause()
        start = time.perf_counter()
        last_updates, last_hash = 0, ""
        while True:
            await pilot.pause(args.every)
            elapsed = time.perf_counter() - start
            status = screen.status
            runner = screen.runner
            picture = hashlib.sha1(app.export_screenshot().encode()).hexdigest()
            points, capacity = plot_points(screen)
            sample = {
                "t_s": round(elapsed, 1),
                "state": status.state,
                "step": status.step,
                "updates": status.updates,
                "updates_per_s": round((status.updates - last_updates) / args.every, 2),
                "rss_app_mib": round(rss_mib(), 1),
                "rss_child_mib": round(
                    rss_mib(runner.process.pid) if runner and runner.process.pid else 0.0, 1
                ),
                "plot_points": points,
                "plot_capacity": capacity,
                "picture_changed": picture != last_hash,
            }
            last_updates, last_hash = status.updates, picture
            samples.append(sample)
            line = json.dumps(sample)
            print(line, flush=True)
            if out:
                out.write(line + "\n")
                out.flush()
            if status.state in ("diverged", "error"):
                print(f"run ended: {status.state}: {status.message}", file=sys.stderr)
                break
            if elapsed >= args.minutes * 60:
                break
    if out:
        out.close()
    return samples


def summary(samples: list[dict]) -> str:
    """Memory and update rate over the first and last thirds (after a warm-up sample)."""
    body = samples[1:] or samples
    third = max(1, len(body) // 3)
    first, last = body[:third], body[-third:]

    def mean(rows: list[dict], key: str) -> float:
        return sum(r[key] for r in rows) / len(rows)

    changed = sum(r["picture_changed"] for r in body)
    lines = [
        f"samples {len(samples)}, {samples[-1]['t_s'] / 60:.1f} min, step {samples[-1]['step']}, "
        f"{samples[-1]['updates']} screen updates",
        f"app RSS   first third {mean(first, 'rss_app_mib'):.1f} MiB, last third "
        f"{mean(last, 'rss_app_mib'):.1f} MiB (max {max(r['rss_app_mib'] for r in body):.1f})",
        f"child RSS first third {mean(first, 'rss_child_mib'):.1f} MiB, last third "
        f"{mean(last, 'rss_child_mib'):.1f} MiB",
        f"updates/s first third {mean(first, 'updates_per_s'):.1f}, last third "
        f"{mean(last, 'updates_per_s'):.1f}; picture changed in {changed}/{len(body)} samples",
        f"plot points max {max(r['plot_points'] for r in body)}, "
        f"capacity max {max(r['plot_capacity'] for r in body)}",
    ]
    return "\n".join(lines)


def main() -> None:
    import dltui  # noqa: F401  (first: it pins BLAS threads before NumPy loads)

    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--lab", default="perceptron")
    parser.add_argument("--preset", default="spiral")
    parser.add_argument("--speed", type=float, default=100.0, help="steps per second")
    parser.add_argument("--steps", type=int, default=10_000_000, help="run length")
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--backend", default="numpy")
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    parser.add_argument("--out", default="", help="also write the samples here (JSON lines)")
    args = parser.parse_args()
    print(f"# soak: {args.lab} {args.preset} at {args.speed:g} steps/s, pid {os.getpid()}")
    samples = asyncio.run(soak(args))
    print(summary(samples))


if __name__ == "__main__":
    main()

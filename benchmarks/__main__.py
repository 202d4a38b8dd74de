"""`python -m benchmarks [--seconds S] [--skip-ui]`: the project's benchmark, printed as tables.

Not a test: it measures and reports ratios; the README records the latest figures.
"""

from __future__ import annotations

import argparse
import platform

import dltui  # noqa: F401  (first: it pins BLAS threads before NumPy loads)

from .models import HEADER, run_models


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    parser.add_argument("--skip-ui", action="store_true", help="models only")
    parser.add_argument("--only-ui", action="store_true", help="the UI's cost and frame rates only")
    args = parser.parse_args()
    print(f"# {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    if not args.only_ui:
        print("\n## Training steps per second (higher is better)\n")
        print(HEADER)
        run_models(args.seconds)
    if args.skip_ui:
        return
    from .ui import UI_CASES, headless_rate, plot_frame_rates, screen_rate

    print("\n## The UI's cost: steps/s with the lab screen open vs headless (target ≥ 80 %)\n")
    print(
        f"{'lab':<18} {'preset':<8} {'headless/s':>10} {'screen/s':>9} {'ratio':>6} {'updates/s':>9}"
    )
    for lab_id, preset, steps in UI_CASES:
        plain = headless_rate(lab_id, preset, steps)
        shown, updates = screen_rate(lab_id, preset, steps)
        ratio = shown / plain
        row = f"{lab_id:<18} {preset:<8} {plain:10.0f} {shown:9.0f} {ratio:6.0%} {updates:9.1f}"
        print(row, flush=True)
    print("\n## Plot frames per second at 120×40 (target ≥ 20)\n")
    for name, fps in plot_frame_rates().items():
        print(f"{name:<32} {fps:8.0f} frames/s")


if __name__ == "__main__":
    main()

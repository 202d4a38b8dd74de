"""Screenshots of labs and presets, as a learner would see them, for checking labels and colour.

    python -m benchmarks.shots --out /tmp/shots perceptron:course-xor rnn-gradients \
        --size 120x40 --size 80x24 --seconds 4

Each target is LAB or LAB:PRESET (LAB alone: every preset of the lab). The app runs headless at
each size, paced as the preset is, for `--seconds`; then the screen is saved as SVG (Textual's
`save_screenshot`) and as plain text (the same characters, for grepping). `--png` converts the
SVGs with rsvg-convert or ImageMagick when one is installed.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
from pathlib import Path


async def shoot(
    lab: str,
    preset: str | None,
    size: tuple[int, int],
    seconds: float,
    out: Path,
    keys: tuple[str, ...] = (),
    sets: tuple[str, ...] = (),
):
    from dltui.tui.app import DltuiApp

    app = DltuiApp(backend="numpy")
    tag = "_".join(s.replace("=", "-") for s in sets)
    name = f"{lab}_{preset or 'default'}{'_' + tag if tag else ''}_{size[0]}x{size[1]}"
    async with app.run_test(size=size) as pilot:
        app.open_lab(lab, preset)
        await pilot.pause()
        if sets:  # K=V: knobs set as a learner would (live ones apply to the running run)
            for item in sets:
                key, _, text = item.partition("=")
                if not app.screen.apply_change(key, text):
                    print(f"refused: {item}")
            await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause(seconds)
        app.save_screenshot(f"{name}.svg", path=str(out))
        text = "\n".join(
            "".join(seg.text for seg in line)
            for line in app.screen._compositor.render_update(full=True).strips
        )
        (out / f"{name}.txt").write_text(text + "\n")
        state = app.screen.status.state
    return out / f"{name}.svg", state


def to_png(svg: Path) -> None:
    png = svg.with_suffix(".png")
    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=False)
    elif shutil.which("convert"):
        subprocess.run(["convert", str(svg), str(png)], check=False)


def main() -> None:
    import dltui  # noqa: F401
    from dltui.content import presets

    parser = argparse.ArgumentParser(prog="python -m benchmarks.shots", description=__doc__)
    parser.add_argument("targets", nargs="+", help="LAB or LAB:PRESET")
    parser.add_argument("--out", default="shots")
    parser.add_argument("--size", action="append", default=[])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--png", action="store_true")
    parser.add_argument("--set", action="append", default=[], help="K=V, a knob's value")
    parser.add_argument("--keys", default="", help="keys pressed once the lab is open: 'space'")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(map(int, s.split("x"))) for s in args.size or ["120x40"]]
    for target in args.targets:
        lab, _, preset = target.partition(":")
        names = [preset] if preset else [None, *presets(lab)]
        for name in names:
            for size in sizes:
                svg, state = asyncio.run(
                    shoot(
                        lab,
                        name,
                        size,
                        args.seconds,
                        out,
                        tuple(args.keys.split()),
                        tuple(args.set),
                    )
                )
                if args.png:
                    to_png(svg)
                print(f"{svg} ({state})", flush=True)


if __name__ == "__main__":
    main()

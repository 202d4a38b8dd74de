"""`python -m benchmarks.pixels [--frames N]`: what one image update costs, half-blocks vs real
pixels (Kitty graphics, Sixel), for a 96×96 and a 28×28 picture filling 120×40.

One frame = set_image (a new picture each time) + refresh + render every line (as
`widgets/framebench.py`'s frames), timed in CPU time of this process, median of N frames. The pixel paths run headless here: the Kitty
painter's output goes to a counter instead of a terminal, so the figures are our side of the
cost (fit, PNG encoding, placeholders; or the Sixel encoding) plus the bytes each frame sends,
not the terminal's decoding. The cell size is fixed (10×20 pixels, textual-image's default,
and 20×40 as on a 2× display) so runs compare across terminals.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import numpy as np

import dltui  # noqa: F401  (first: it pins BLAS threads before NumPy loads)
from dltui.tui.widgets import ImageView, pixels
from dltui.tui.widgets.framebench import WidgetApp, render_all

SIZE = (120, 40)


class _Counter:
    def __init__(self) -> None:
        self.bytes = 0
        self.writes = 0

    def __call__(self, data: str) -> None:
        self.bytes += len(data)
        self.writes += 1


def frame_cost(path: str, shape: tuple[int, int], frames: int, cell=(10, 20)) -> tuple[float, int]:
    """(median CPU ms per frame, image bytes per frame) for "half-blocks", "kitty" or "sixel"."""
    return asyncio.run(_frame_cost(path, shape, frames, cell))


async def _frame_cost(path, shape, frames, cell) -> tuple[float, int]:
    rng = np.random.default_rng(0)
    pictures = [rng.random(shape) for _ in range(8)]  # a new picture every frame
    sink = _Counter()
    lib = pixels.load(cell) if path != "half-blocks" else None
    if path != "half-blocks" and lib is None:
        raise SystemExit("textual-image and Pillow are needed: pip install 'dltui[pixels]'")
    app = WidgetApp(ImageView)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.widget
        assert isinstance(view, ImageView)
        if lib is not None:
            view._painter = (
                pixels.KittyPainter(lib, sink, cell)
                if path == "kitty"
                else pixels.SixelPainter(lib, cell)
            )
        for i in range(frames + 1):
            start = time.process_time()  # CPU time: less distorted by other work on the machine
            view.set_image(pictures[i % len(pictures)])
            view.refresh()
            strips = render_all(view)
            if i:  # the first frame warms caches
                times.append(time.process_time() - start)
    sent = sink.bytes // sink.writes if sink.writes else 0
    if path == "sixel":  # the data rides in the frame's last line
        sent = sum(len(seg.text) for seg in strips[-1])
    return 1000 * float(np.median(times)), sent


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pixels")
    parser.add_argument("--frames", type=int, default=20, help="frames per measurement")
    args = parser.parse_args()
    print(f"# one image update at {SIZE[0]}×{SIZE[1]} (median CPU ms, lower is better)\n")
    print(f"{'picture':<8} {'path':<12} {'cell px':>8} {'ms/frame':>9} {'image bytes':>12}")
    for shape in ((96, 96), (28, 28)):
        for path, cell in (
            ("half-blocks", (10, 20)),
            ("kitty", (10, 20)),
            ("kitty", (20, 40)),
            ("sixel", (10, 20)),
        ):
            ms, sent = frame_cost(path, shape, args.frames, cell)
            cells = "-" if path == "half-blocks" else f"{cell[0]}×{cell[1]}"
            name = f"{shape[0]}×{shape[1]}"
            sent_text = f"{sent:,}" if sent else "-"
            print(f"{name:<8} {path:<12} {cells:>8} {ms:9.1f} {sent_text:>12}", flush=True)


if __name__ == "__main__":
    main()

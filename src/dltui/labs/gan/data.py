"""The GAN lab's real data: 2-D sets with named modes, and the vendored 8×8 digits.

Each 2-D set is a mixture whose pieces are the *modes* the coverage metric counts (literature's
definition, as in Srivastava et al. 2017 "VEEGAN" and Lin et al. 2018 "PacGAN"): a generated
sample is *good* when it lies within 3σ of its nearest mode, and a mode is *covered* when at
least one good sample falls to it. Ring and grid are Gaussian mixtures (modes are the centres);
moons and line are curves with Gaussian noise of std σ, cut into equal pieces that serve as
modes (a good sample lies within 3σ of the curve; it covers the piece it is nearest to).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data import digits

DATASETS = ("ring", "grid", "moons", "line")
EXTENTS = {  # (x0, x1, y0, y1) of the field and the plot
    "ring": (-3.0, 3.0, -3.0, 3.0),
    "grid": (-3.0, 3.0, -3.0, 3.0),
    "moons": (-1.75, 2.75, -1.5, 2.0),
    "line": (-3.0, 3.0, -3.0, 3.0),
}
PIECE_POINTS = 400  # points per curve that define the distance to the curve


@dataclass(frozen=True)
class Target:
    """A 2-D data set: its mode centres (M, 2), the curve points (P, 2) with their piece index
    (P,) for curve sets, and σ, the noise std that defines a good sample (3σ)."""

    name: str
    centres: np.ndarray  # (M, 2): Gaussian centres, or the mid-point of each curve piece
    sigma: float
    curve: np.ndarray | None = None  # (P, 2) dense points along the curve
    piece: np.ndarray | None = None  # (P,) which mode each curve point belongs to

    @property
    def modes(self) -> int:
        return len(self.centres)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n real points (n, 2) float32."""
        if self.curve is None:
            which = rng.integers(0, self.modes, n)
            base = self.centres[which]
        else:
            base = self.curve[rng.integers(0, len(self.curve), n)]
        return (base + self.sigma * rng.standard_normal((n, 2))).astype(np.float32)

    def assign(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(good (n,) bool, mode (n,) int) of points x (n, 2): nearest mode and within 3σ."""
        ref = self.centres if self.curve is None else self.curve
        d2 = ((x[:, None, :] - ref[None, :, :]) ** 2).sum(-1)  # (n, M or P)
        near = d2.argmin(1)
        dist = np.sqrt(d2[np.arange(len(x)), near])
        mode = near if self.piece is None else self.piece[near]
        return dist <= 3 * self.sigma, mode


def make_target(name: str) -> Target:
    if name == "ring":  # 8 Gaussians on a circle of radius 2
        a = 2 * np.pi * np.arange(8) / 8
        return Target(name, 2 * np.stack([np.cos(a), np.sin(a)], 1), 0.05)
    if name == "grid":  # 5 × 5 Gaussians at −2, −1, 0, 1, 2
        g = np.arange(-2.0, 2.5, 1.0)
        gx, gy = np.meshgrid(g, g)
        return Target(name, np.stack([gx.ravel(), gy.ravel()], 1), 0.05)
    if name == "moons":  # two interleaved half circles, each cut into 4 arcs
        t = np.linspace(0, np.pi, PIECE_POINTS // 2)
        upper = np.stack([np.cos(t), np.sin(t)], 1)
        lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1)
        return _curve(name, [upper, lower], 4, 0.05)
    if name == "line":  # a segment from (−2, −1) to (2, 1), cut into 5 pieces
        t = np.linspace(-1, 1, PIECE_POINTS)[:, None]
        return _curve(name, [t * np.array([[2.0, 1.0]])], 5, 0.05)
    raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")


def _curve(name: str, arcs: list[np.ndarray], pieces: int, sigma: float) -> Target:
    curve = np.concatenate(arcs)
    piece = np.concatenate(
        [i * pieces + np.arange(len(a)) * pieces // len(a) for i, a in enumerate(arcs)]
    )
    centres = np.stack([curve[piece == m].mean(0) for m in range(pieces * len(arcs))])
    return Target(name, centres, sigma, curve, piece)


def digit_images() -> np.ndarray:
    """The 1,797 vendored digits as (N, 64) float32 in [0, 1] (grey levels 0–16 divided by 16)."""
    images, _labels = digits()
    return (images.reshape(len(images), 64) / 16.0).astype(np.float32)


def tile(images: np.ndarray, cols: int, side: int = 8) -> np.ndarray:
    """(n, side·side) images into one (H, W) picture, a 1-pixel grey gap between them."""
    n = len(images)
    rows = -(-n // cols)
    step = side + 1
    out = np.full((rows * step - 1, cols * step - 1), 0.25, np.float32)
    for i, img in enumerate(images):
        r, c = divmod(i, cols)
        out[r * step : r * step + side, c * step : c * step + side] = img.reshape(side, side)
    return out  # row 0 at the top, as the Image view draws it

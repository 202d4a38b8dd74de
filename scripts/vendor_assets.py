"""Regenerate assets/ from public packages (scikit-learn 1.1.3, scikit-image 0.26.0).

Run by a maintainer, never by the app: `python scripts/vendor_assets.py` (needs pip and Pillow).
"""

import gzip
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def fetch(spec: str, tmp: Path) -> zipfile.ZipFile:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", spec, "-d", str(tmp)], check=True
    )
    wheel = next(tmp.glob(spec.split("==")[0].replace("-", "_") + "*.whl"))
    return zipfile.ZipFile(wheel)


def main() -> None:
    from PIL import Image

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        sk = fetch("scikit-learn==1.1.3", tmp)
        base = "sklearn/datasets/data/"
        with (
            sk.open(base + "boston_house_prices.csv") as src,
            open(ASSETS / "boston.csv", "wb") as dst,
        ):
            shutil.copyfileobj(src, dst)
        with sk.open(base + "iris.csv") as src, open(ASSETS / "iris.csv", "wb") as dst:
            shutil.copyfileobj(src, dst)
        with sk.open(base + "digits.csv.gz") as src:
            table = np.loadtxt(gzip.open(src), delimiter=",")
        np.savez_compressed(
            ASSETS / "digits8x8.npz",
            images=table[:, :64].reshape(-1, 8, 8).astype(np.uint8),
            labels=table[:, 64].astype(np.uint8),
        )
        ski = fetch("scikit-image==0.26.0", tmp)
        camera = Image.open(ski.open("skimage/data/camera.png")).convert("L")
        astronaut = Image.open(ski.open("skimage/data/astronaut.png")).convert("RGB")
        np.savez_compressed(
            ASSETS / "images.npz",
            camera=np.asarray(camera.resize((96, 96), Image.LANCZOS), dtype=np.uint8),
            astronaut=np.asarray(astronaut.resize((96, 96), Image.LANCZOS), dtype=np.uint8),
        )


if __name__ == "__main__":
    main()

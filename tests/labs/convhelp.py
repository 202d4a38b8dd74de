"""Shared by the convolution lab's tests: an independent loop convolution and the CLI runner."""

from __future__ import annotations

import numpy as np

from tests.labs.runlab import run_cli


def loop_conv(x, w, stride=(1, 1), padding=(0, 0)):
    """x (C, H, W) ⋆ w (O, C, KH, KW) -> (O, OH, OW), one multiply-add at a time."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    (sh, sw), (ph, pw) = stride, padding
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    o_n, c_n, kh, kw = w.shape
    oh, ow = (xp.shape[1] - kh) // sh + 1, (xp.shape[2] - kw) // sw + 1
    out = np.zeros((o_n, oh, ow))
    for o in range(o_n):
        for r in range(oh):
            for c in range(ow):
                for ch in range(c_n):
                    for i in range(kh):
                        for j in range(kw):
                            out[o, r, c] += xp[ch, r * sh + i, c * sw + j] * w[o, ch, i, j]
    return out


def run_conv(capsys, *argv: str) -> list[dict]:
    return run_cli(capsys, "convolution", *argv)


def final_record(records: list[dict]) -> dict:
    with_tensors = [r for r in records if "tensors" in r]
    assert with_tensors, "no record carries tensors"
    assert records[-1]["event"] == "end" and records[-1]["reason"] == "done"
    return with_tensors[-1]

"""Whole-sequence recurrences (simple RNN, LSTM, GRU) with hand-written backpropagation through time.

Each cell is ONE node of the autodiff graph, not T × (a dozen) small ones: the forward pass runs a
tight Python loop over time on raw arrays, and the backward pass walks the same steps in reverse.
That is what keeps the NumPy engine as fast as PyTorch on the CPU at lab sizes, where the cost is
the number of NumPy calls per time step rather than the arithmetic:

- the input projections of the whole sequence are one matmul, (B·T, D) @ (D, kH), before the loop;
- the gates share one fused matmul per step, h @ Wh with Wh (H, kH);
- sigmoid gates use σ(z) = ½·tanh(z/2) + ½, with the ½ folded into a scaled copy of the weights, so
  one `tanh` call activates all the gates of a step;
- the backward pass multiplies each step's upstream gradient by coefficients precomputed for all
  steps at once, and the weight gradients are one matmul over the whole sequence after the loop.

Layouts follow the backend API (batch first): x (B, T, D) → hs (B, T, H). Gate order along the kH
axis is Keras' (and PyTorch's for the LSTM): LSTM [input i, forget f, candidate g, output o];
GRU [update z, reset r, candidate n], with Keras' `reset_after=True` (PyTorch's) convention:
two bias vectors, and the reset gate applied after the recurrent matmul.

`probe` (B, T, H) or None is added to each hₜ inside the recurrence (before hₜ feeds step t+1 and
the output), so the gradient with respect to a zero probe is the TOTAL ∂L/∂hₜ through time — the
quantity the rnn-gradients lab plots.
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, data_of, make


def _time_major(a: np.ndarray) -> np.ndarray:
    """(B, T, …) → contiguous (T, B, …): each step's rows become one contiguous block."""
    return np.ascontiguousarray(np.swapaxes(a, 0, 1))


def _input_projection(X: np.ndarray, Wx: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    """All steps' x·Wx + b in one matmul. Returns (Xt (T, B, D), A (T, B, kH))."""
    Xt = _time_major(X)  # (T, B, D)
    T, Bn, D = Xt.shape
    A = (Xt.reshape(T * Bn, D) @ Wx + b).reshape(T, Bn, -1)  # (T, B, kH)
    return Xt, A


def _input_grads(x, Xt, Wx, dA) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Gradients of x, Wx and the input bias from dA (T, B, kH), the pre-activation gradient."""
    T, Bn, D = Xt.shape
    flat = dA.reshape(T * Bn, -1)  # (T·B, kH)
    dWx = Xt.reshape(T * Bn, D).T @ flat  # (D, kH)
    db = flat.sum(axis=0)  # (kH,)
    dx = np.swapaxes((flat @ Wx.T).reshape(T, Bn, D), 0, 1) if isinstance(x, Tensor) else None
    return dx, dWx, db


def _recurrent_grad(hs: np.ndarray, dZ: np.ndarray) -> np.ndarray:
    """Σₜ hₜ₋₁ᵀ dZₜ as one matmul: hs (T+1, B, H) holds h₀…h_T, dZ (T, B, kH)."""
    T, Bn, H = hs.shape[0] - 1, hs.shape[1], hs.shape[2]
    return hs[:-1].reshape(T * Bn, H).T @ dZ.reshape(T * Bn, -1)  # (H, kH)


def _dtype(*arrays) -> np.dtype:
    return np.result_type(*(a.dtype for a in arrays))


def rnn(x, h0, Wx, Wh, b, probe=None):
    """Simple (Elman) RNN over a whole sequence: hₜ = tanh(xₜ·Wx + hₜ₋₁·Wh + b).

    x (B, T, D), h0 (B, H), Wx (D, H), Wh (H, H), b (H,), probe (B, T, H) or None → hs (B, T, H).
    """
    X, H0, WX, WH, Bb = (data_of(a) for a in (x, h0, Wx, Wh, b))
    P = None if probe is None else _time_major(data_of(probe))  # (T, B, H)
    dt = _dtype(H0, WX, WH, Bb)  # weights decide: one-hot int inputs are cast
    X, H0, WX, WH, Bb = (a.astype(dt, copy=False) for a in (X, H0, WX, WH, Bb))
    Xt, A = _input_projection(X, WX, Bb)  # (T, B, D), (T, B, H)
    T, Bn, Hn = A.shape
    hs = np.empty((T + 1, Bn, Hn), dt)  # h₀…h_T, the probe included
    hs[0] = H0
    ys = hs[1:] if P is None else np.empty((T, Bn, Hn), dt)  # tanh outputs
    for t in range(T):
        a = A[t]
        a += hs[t] @ WH  # (B, H)
        np.tanh(a, out=ys[t])
        if P is not None:
            np.add(ys[t], P[t], out=hs[t + 1])

    def backward(g):
        G = _time_major(g)  # (T, B, H)
        D1 = 1 - ys * ys  # tanh' for every step at once
        WHT = np.ascontiguousarray(WH.T)
        dA = np.empty_like(D1)  # (T, B, H): ∂L/∂(pre-activation)
        DH = np.empty_like(D1)  # (T, B, H): total ∂L/∂hₜ
        dh = G[T - 1]
        for t in range(T - 1, -1, -1):
            DH[t] = dh
            np.multiply(dh, D1[t], out=dA[t])
            dh = dA[t] @ WHT
            if t:
                dh += G[t - 1]
        dx, dWx, db = _input_grads(x, Xt, WX, dA)
        dP = np.swapaxes(DH, 0, 1) if P is not None else None
        return dx, dh, dWx, _recurrent_grad(hs, dA), db, dP

    return make(np.swapaxes(hs[1:], 0, 1), (x, h0, Wx, Wh, b, probe), backward)


def _sigmoid_scale(H: int, blocks: str, dt) -> np.ndarray:
    """Per-column factor: ½ for sigmoid gates ('s'), 1 for tanh blocks ('t'), e.g. 'ssts'."""
    return np.concatenate([np.full(H, 0.5 if k == "s" else 1.0, dt) for k in blocks])


def lstm(x, h0, c0, Wx, Wh, b, probe=None):
    """LSTM over a whole sequence; gate order [i, f, g, o] along the 4H axis (Keras, PyTorch).

    zₜ = xₜ·Wx + hₜ₋₁·Wh + b;  i, f, o = σ(z_i), σ(z_f), σ(z_o);  g = tanh(z_g)
    cₜ = f·cₜ₋₁ + i·g;  hₜ = o·tanh(cₜ)

    x (B, T, D), h0, c0 (B, H), Wx (D, 4H), Wh (H, 4H), b (4H,), probe (B, T, H) or None
    → hs (B, T, H).
    """
    X, H0, C0, WX, WH, Bb = (data_of(a) for a in (x, h0, c0, Wx, Wh, b))
    P = None if probe is None else _time_major(data_of(probe))  # (T, B, H)
    dt = _dtype(H0, C0, WX, WH, Bb)
    X, H0, C0, WX, WH, Bb = (a.astype(dt, copy=False) for a in (X, H0, C0, WX, WH, Bb))
    Hn = WH.shape[0]
    scale = _sigmoid_scale(Hn, "ssts", dt)  # (4H,)
    Xt, A = _input_projection(X, WX * scale, Bb * scale)  # A (T, B, 4H), halved sigmoid columns
    WHs = WH * scale
    shift = 1 - scale  # σ = ½·tanh(z/2) + ½; tanh columns: ×1 + 0
    T, Bn = A.shape[:2]
    gates = A  # activated in place, step by step: (T, B, 4H) = [i, f, g, o]
    hs = np.empty((T + 1, Bn, Hn), dt)  # h₀…h_T, the probe included
    cs = np.empty((T + 1, Bn, Hn), dt)  # c₀…c_T
    tcs = np.empty((T, Bn, Hn), dt)  # tanh(cₜ)
    hs[0], cs[0] = H0, C0
    for t in range(T):
        z = gates[t]
        z += hs[t] @ WHs  # (B, 4H)
        np.tanh(z, out=z)
        z *= scale
        z += shift
        i, f, g, o = z[:, :Hn], z[:, Hn : 2 * Hn], z[:, 2 * Hn : 3 * Hn], z[:, 3 * Hn :]
        c = cs[t + 1]
        np.multiply(f, cs[t], out=c)
        c += i * g
        np.tanh(c, out=tcs[t])
        np.multiply(o, tcs[t], out=hs[t + 1])
        if P is not None:
            hs[t + 1] += P[t]

    def backward(gh):
        G = _time_major(gh)  # (T, B, H)
        I, F, Gc, O = (gates[..., k * Hn : (k + 1) * Hn] for k in range(4))  # (T, B, H) views
        K = O * (1 - tcs * tcs)  # ∂hₜ/∂cₜ
        # Partners of dc in ∂L/∂(i, f, g): (g, cₜ₋₁, i), stacked once for all steps.
        Q = np.stack((Gc, cs[:-1], I), axis=2)  # (T, B, 3, H)
        Dg = gates * (1 - gates)  # σ' for i, f, o
        Dg[..., 2 * Hn : 3 * Hn] = 1 - Gc * Gc  # tanh' for g
        WHT = np.ascontiguousarray(WH.T)
        dZ = np.empty_like(gates)  # (T, B, 4H): ∂L/∂z
        dZ3 = dZ[..., : 3 * Hn].reshape(T, Bn, 3, Hn)  # view on the i, f, g blocks
        DH = np.empty((T, Bn, Hn), dt)  # total ∂L/∂hₜ
        dh, dc = G[T - 1], np.zeros((Bn, Hn), dt)
        for t in range(T - 1, -1, -1):
            DH[t] = dh
            np.multiply(dh, tcs[t], out=dZ[t, :, 3 * Hn :])  # ∂L/∂o
            dc = dc + dh * K[t]  # (B, H)
            np.multiply(dc[:, None, :], Q[t], out=dZ3[t])  # ∂L/∂(i, f, g)
            dc *= F[t]  # carried to cₜ₋₁
            dZ[t] *= Dg[t]
            dh = dZ[t] @ WHT
            if t:
                dh += G[t - 1]
        dx, dWx, db = _input_grads(x, Xt, WX, dZ)
        dP = np.swapaxes(DH, 0, 1) if P is not None else None
        return dx, dh, dc, dWx, _recurrent_grad(hs, dZ), db, dP

    return make(np.swapaxes(hs[1:], 0, 1), (x, h0, c0, Wx, Wh, b, probe), backward)


def gru(x, h0, Wx, Wh, bx, bh, probe=None):
    """GRU over a whole sequence, Keras `reset_after=True` (PyTorch) form; gate order [z, r, n].

    aₜ = xₜ·Wx + bx,  uₜ = hₜ₋₁·Wh + bh  (both (B, 3H));  z, r = σ(a_z + u_z), σ(a_r + u_r)
    n = tanh(a_n + r·u_n);  hₜ = z·hₜ₋₁ + (1 − z)·n

    x (B, T, D), h0 (B, H), Wx (D, 3H), Wh (H, 3H), bx, bh (3H,), probe (B, T, H) or None
    → hs (B, T, H).
    """
    X, H0, WX, WH, BX, BH = (data_of(a) for a in (x, h0, Wx, Wh, bx, bh))
    P = None if probe is None else _time_major(data_of(probe))  # (T, B, H)
    dt = _dtype(H0, WX, WH, BX, BH)
    X, H0, WX, WH, BX, BH = (a.astype(dt, copy=False) for a in (X, H0, WX, WH, BX, BH))
    Hn = WH.shape[0]
    scale = _sigmoid_scale(Hn, "sst", dt)  # (3H,)
    Xt, A = _input_projection(X, WX * scale, BX * scale)  # (T, B, 3H), halved z, r columns
    WHs, BHs = WH * scale, BH * scale
    T, Bn = A.shape[:2]
    hs = np.empty((T + 1, Bn, Hn), dt)  # h₀…h_T, the probe included
    zr = np.empty((T, Bn, 2 * Hn), dt)  # [z, r]
    ns = np.empty((T, Bn, Hn), dt)  # candidates n
    un = np.empty((T, Bn, Hn), dt)  # u_n = hₜ₋₁·Wh_n + bh_n (needed by the reset gate's grad)
    hs[0] = H0
    for t in range(T):
        u = hs[t] @ WHs  # (B, 3H)
        u += BHs
        s = zr[t]
        np.add(A[t, :, : 2 * Hn], u[:, : 2 * Hn], out=s)
        np.tanh(s, out=s)
        s *= 0.5
        s += 0.5
        z, r = s[:, :Hn], s[:, Hn:]
        un[t] = u[:, 2 * Hn :]
        n = ns[t]
        np.multiply(r, un[t], out=n)
        n += A[t, :, 2 * Hn :]
        np.tanh(n, out=n)
        h = hs[t + 1]
        np.subtract(hs[t], n, out=h)
        h *= z
        h += n  # z·hₜ₋₁ + (1 − z)·n
        if P is not None:
            h += P[t]

    def backward(gh):
        G = _time_major(gh)  # (T, B, H)
        Z, R = zr[..., :Hn], zr[..., Hn:]
        dn = (1 - Z) * (1 - ns * ns)  # ∂hₜ/∂(a_n + r·u_n)
        # ∂hₜ/∂(pre-activations) for all steps: input side [z, r, n], recurrent side [z, r, n·r].
        Kx = np.stack((Z * (1 - Z) * (hs[:-1] - ns), dn * un * R * (1 - R), dn), axis=2)
        Kh = Kx.copy()
        Kh[:, :, 2] *= R  # (T, B, 3, H)
        dA = np.empty((T, Bn, 3, Hn), dt)
        dU = np.empty((T, Bn, 3, Hn), dt)
        WHT = np.ascontiguousarray(WH.T)
        DH = np.empty((T, Bn, Hn), dt)  # total ∂L/∂hₜ
        dh = G[T - 1]
        for t in range(T - 1, -1, -1):
            DH[t] = dh
            d3 = dh[:, None, :]
            np.multiply(d3, Kx[t], out=dA[t])
            np.multiply(d3, Kh[t], out=dU[t])
            dh = dh * Z[t]  # direct path through z·hₜ₋₁
            dh += dU[t].reshape(Bn, 3 * Hn) @ WHT
            if t:
                dh += G[t - 1]
        dA, dU = dA.reshape(T, Bn, 3 * Hn), dU.reshape(T, Bn, 3 * Hn)
        dx, dWx, dbx = _input_grads(x, Xt, WX, dA)
        dbh = dU.reshape(T * Bn, -1).sum(axis=0)
        dP = np.swapaxes(DH, 0, 1) if P is not None else None
        return dx, dh, dWx, _recurrent_grad(hs, dU), dbx, dbh, dP

    return make(np.swapaxes(hs[1:], 0, 1), (x, h0, Wx, Wh, bx, bh, probe), backward)

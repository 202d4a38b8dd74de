"""Whole-sequence recurrences (simple RNN, LSTM, GRU) with hand-written backpropagation through time.

Each cell is ONE node of the autodiff graph, not T × (a dozen) small ones: the forward pass runs a
tight Python loop over time on raw arrays and the backward pass walks the same steps in reverse.
At lab sizes (B = 32, H = 32) the cost is the number of NumPy calls per time step, not the
arithmetic, so everything is arranged to make few calls:

- one fused matmul per step: the step's input row is [xₜ, 1, hₜ₋₁] (kept in one buffer, the
  previous step writes hₜ₋₁ straight into it) against [Wx; b; Wh] (D + 1 + H, kH), which gives the
  input projection, the bias and the recurrent part of every gate at once;
- σ(z) = ½·tanh(z/2) + ½ with the ½ folded into a scaled copy of the weights, so one `tanh` call
  activates all the gates of a step;
- the RNN's and GRU's backward passes multiply each step's incoming gradient by coefficients
  precomputed for the whole sequence, and their weight gradients are one sum of GEMMs after the
  loop; the LSTM, which needs a dozen products per step, works feature-major instead (see lstm);
- no GEMM is big enough for OpenBLAS to thread it: a threaded GEMM stalls whenever another
  process holds a core, and that was measured to slow a whole step 3× on a 2-core machine.

Measured at the lab's sizes (B = 32, T = 50, H = 32, Adam step included) on 2 cores, both
single-threaded: 3.4× (RNN), 0.90–1.03× (LSTM, against PyTorch's fused kernel) and 2.3× (GRU)
PyTorch 2.13 CPU's steps/s. Tried for the LSTM and reverted (slower): coefficients precomputed
for the whole sequence and one weight-gradient GEMM after the loop — the per-step products
already run near the core's peak, and the extra full-sequence passes and large scratch arrays
(page faults on every call) cost more than the shorter loop saves.

Layouts follow the backend API (batch first): x (B, T, D) → hs (B, T, H). Gate order along the kH
axis is Keras' (and PyTorch's for the LSTM): LSTM [input i, forget f, candidate g, output o];
GRU [update z, reset r, candidate n], in Keras' `reset_after=True` form (PyTorch's): two bias
vectors, the reset gate applied after the recurrent matmul. Internally the LSTM's gates are
reordered [o, i, f, g] (sigmoids first); the GRU's are widened to [z, r, n_x, n_h] so the input
and recurrent parts of the candidate come out of the same matmul separately.

`probe` (B, T, H) or None is added to each hₜ inside the recurrence (before hₜ feeds step t + 1 and
the output), so the gradient with respect to a zero probe is the TOTAL ∂L/∂hₜ through time — the
quantity the rnn-gradients lab plots. A zero probe costs nothing in the forward pass.
"""

from __future__ import annotations

import numpy as np

from .tensor import Tensor, data_of, make


def _setup(x, h0, weights, probe):
    """Raw arrays in one dtype (the weights'), the time-major probe (None if absent or zero)."""
    arrays = [data_of(a) for a in (h0, *weights)]
    dt = np.result_type(*arrays)
    H0, *W = (a.astype(dt, copy=False) for a in arrays)
    X = data_of(x).astype(dt, copy=False)
    P = None
    if probe is not None:
        p = data_of(probe)
        P = np.ascontiguousarray(np.swapaxes(p, 0, 1), dtype=dt) if p.any() else None  # (T, B, H)
    return X, H0, W, P, dt


def _rows(X: np.ndarray, H0: np.ndarray, dt) -> np.ndarray:
    """Per-step matmul inputs xh (T + 1, B, D + 1 + H): row t is [xₜ, 1, hₜ₋₁]; row T holds h_T."""
    Bn, T, D = X.shape
    xh = np.empty((T + 1, Bn, D + 1 + H0.shape[1]), dt)
    xh[:T, :, :D] = np.swapaxes(X, 0, 1)
    xh[T, :, :D] = 0
    xh[:, :, D] = 1
    xh[0, :, D + 1 :] = H0
    return xh


# m·n·k at or below which OpenBLAS runs a GEMM on one thread (65536 × its default threshold 4).
_BLAS_SERIAL = 1 << 18


def _weight_grad(xh: np.ndarray, dZ: np.ndarray) -> np.ndarray:
    """Σₜ [xₜ, 1, hₜ₋₁]ᵀ dZₜ over all steps: (D + 1 + H, kH).

    Summed over row chunks small enough for OpenBLAS to keep each GEMM on one thread: a threaded
    GEMM stalls whenever another process holds a core (the app's own UI thread, say), which was
    measured to make a whole training step 3× slower on a 2-core machine.
    """
    T, Bn, K = xh.shape[0] - 1, xh.shape[1], xh.shape[2]
    X, G = xh[:T].reshape(T * Bn, K), dZ.reshape(T * Bn, -1)
    rows = max(1, _BLAS_SERIAL // (K * G.shape[1]))
    out = X[:rows].T @ G[:rows]
    for start in range(rows, T * Bn, rows):
        out += X[start : start + rows].T @ G[start : start + rows]
    return out


def _input_grad(x, dZ: np.ndarray, Wx: np.ndarray) -> np.ndarray | None:
    """∂L/∂x (B, T, D) from the pre-activation gradient dZ (T, B, kH), if x needs one."""
    if not isinstance(x, Tensor):
        return None
    T, Bn = dZ.shape[:2]
    flat, WxT = dZ.reshape(T * Bn, -1), Wx.T  # (T·B, kH), (kH, D)
    rows = max(1, _BLAS_SERIAL // (flat.shape[1] * WxT.shape[1]))
    dx = np.empty((T * Bn, WxT.shape[1]), flat.dtype)
    for start in range(0, T * Bn, rows):  # row blocks, one thread each (see _weight_grad)
        np.matmul(flat[start : start + rows], WxT, out=dx[start : start + rows])
    return np.swapaxes(dx.reshape(T, Bn, -1), 0, 1)


def _time_major_copy(g: np.ndarray, dt) -> np.ndarray:
    """A fresh (T, B, H) copy of the incoming (B, T, H) gradient: it is accumulated in place, and
    the caller's array may already be laid out time-major (then a plain view would alias it)."""
    return np.array(np.swapaxes(g, 0, 1), dtype=dt, order="C", copy=True)


def _outputs(xh: np.ndarray, D: int) -> np.ndarray:
    """The hidden states h₁…h_T as (B, T, H), a view on the step rows."""
    return np.swapaxes(xh[1:, :, D + 1 :], 0, 1)


def rnn(x, h0, Wx, Wh, b, probe=None):
    """Simple (Elman) RNN over a whole sequence: hₜ = tanh(xₜ·Wx + hₜ₋₁·Wh + b).

    x (B, T, D), h0 (B, H), Wx (D, H), Wh (H, H), b (H,), probe (B, T, H) or None → hs (B, T, H).
    """
    X, H0, (WX, WH, Bb), P, dt = _setup(x, h0, (Wx, Wh, b), probe)
    Bn, T, D = X.shape
    W = np.concatenate([WX, Bb[None], WH])  # (D + 1 + H, H)
    xh = _rows(X, H0, dt)
    hv = xh[:, :, D + 1 :]  # (T + 1, B, H) view: h₀…h_T
    a = np.empty_like(H0)
    for t in range(T):
        np.matmul(xh[t], W, out=a)
        np.tanh(a, out=hv[t + 1])
        if P is not None:
            hv[t + 1] += P[t]

    def backward(g):
        DH = _time_major_copy(g, dt)  # (T, B, H): becomes ∂L/∂hₜ
        y = hv[1:] if P is None else hv[1:] - P  # tanh outputs
        D1 = 1 - y * y
        WHT = np.ascontiguousarray(WH.T)
        dA = np.empty((T, Bn, WH.shape[0]), dt)  # ∂L/∂(pre-activation)
        for t in range(T - 1, 0, -1):
            np.multiply(DH[t], D1[t], out=dA[t])
            DH[t - 1] += dA[t] @ WHT
        np.multiply(DH[0], D1[0], out=dA[0])
        dW = _weight_grad(xh, dA)
        dP = np.swapaxes(DH, 0, 1) if isinstance(probe, Tensor) else None
        return _input_grad(x, dA, WX), dA[0] @ WHT, dW[:D], dW[D + 1 :], dW[D], dP

    return make(_outputs(xh, D), (x, h0, Wx, Wh, b, probe), backward)


def _blocks(H: int, order) -> np.ndarray:
    """Column indices taking H-wide blocks in `order`, e.g. (3, 0, 1, 2)."""
    return np.concatenate([np.arange(k * H, (k + 1) * H) for k in order])


def lstm(x, h0, c0, Wx, Wh, b, probe=None):
    """LSTM over a whole sequence; gate order [i, f, g, o] along the 4H axis (Keras, PyTorch).

    zₜ = xₜ·Wx + hₜ₋₁·Wh + b;  i, f, o = σ(z_i), σ(z_f), σ(z_o);  g = tanh(z_g)
    cₜ = f·cₜ₋₁ + i·g;  hₜ = o·tanh(cₜ)

    x (B, T, D), h0, c0 (B, H), Wx (D, 4H), Wh (H, 4H), b (4H,), probe (B, T, H) or None
    → hs (B, T, H).

    Unlike the RNN and GRU, the LSTM works feature-major — each step is (features, B) — because
    its backward pass does a dozen products per step on single gates, and a gate is then a
    contiguous block rather than a strided column slice (about 3× cheaper per NumPy call). The
    weight gradient is accumulated step by step, so no (T, B, 4H) gradient is ever stored.
    """
    X, H0, (C0, WX, WH, Bb), P, dt = _setup(x, h0, (c0, Wx, Wh, b), probe)
    Bn, T, D = X.shape
    H = WH.shape[0]
    K = D + 1 + H
    perm = _blocks(H, (3, 0, 1, 2))  # internal order [o, i, f, g]: the sigmoids first
    W = np.ascontiguousarray(np.concatenate([WX, Bb[None], WH])[:, perm])  # (K, 4H)
    WsT = W.T.copy()  # (4H, K)
    WsT[: 3 * H] *= 0.5  # σ(z) = ½·tanh(z/2) + ½
    xh = np.empty((T + 1, K, Bn), dt)  # step t's input column block [xₜ; 1; hₜ₋₁]
    xh[:T, :D] = np.transpose(X, (1, 2, 0))
    xh[T, :D] = 0
    xh[:, D] = 1
    xh[0, D + 1 :] = H0.T
    hv = xh[:, D + 1 :]  # (T + 1, H, B): h₀…h_T
    if P is not None:
        P = np.ascontiguousarray(np.swapaxes(P, 1, 2))  # (T, H, B)
    Z = np.empty((T, 4 * H, Bn), dt)  # activated gates [o; i; f; g]
    cs = np.empty((T + 1, H, Bn), dt)  # c₀…c_T
    tcs = np.empty((T, H, Bn), dt)  # tanh(cₜ)
    cs[0] = C0.T
    ig = np.empty((H, Bn), dt)
    for t in range(T):
        z = Z[t]
        np.matmul(WsT, xh[t], out=z)
        np.tanh(z, out=z)
        s = z[: 3 * H]
        s *= 0.5
        s += 0.5
        c = cs[t + 1]
        np.multiply(z[2 * H : 3 * H], cs[t], out=c)  # f·cₜ₋₁
        np.multiply(z[H : 2 * H], z[3 * H :], out=ig)
        c += ig  # + i·g
        np.tanh(c, out=tcs[t])
        np.multiply(z[:H], tcs[t], out=hv[t + 1])  # o·tanh(cₜ)
        if P is not None:
            hv[t + 1] += P[t]

    def backward(g):
        DH = np.array(np.transpose(g, (1, 2, 0)), dtype=dt, order="C", copy=True)  # (T, H, B)
        Kc = tcs * tcs
        np.subtract(1, Kc, out=Kc)  # tanh'(cₜ)
        O, I, F, G = (Z[:, k * H : (k + 1) * H] for k in range(4))  # (T, H, B) views
        WhI, WxI = np.ascontiguousarray(W[D + 1 :]), W[:D]  # (H, 4H), (D, 4H): unscaled
        dxT = np.empty((T, D, Bn), dt) if isinstance(x, Tensor) else None
        dWT, tmpW = np.zeros((4 * H, K), dt), np.empty((4 * H, K), dt)
        dz = np.empty((4 * H, Bn), dt)  # ∂L/∂z of one step, [o; i; f; g]
        dz_o, dz_i, dz_f, dz_g = (dz[k * H : (k + 1) * H] for k in range(4))
        dz_s = dz[: 3 * H]  # the sigmoid gates
        u = np.empty((3 * H, Bn), dt)
        tmp, dc, back = (np.empty((H, Bn), dt) for _ in range(3))
        dcn = np.zeros((H, Bn), dt)  # ∂L/∂cₜ carried back through f
        mul, sub, matmul = np.multiply, np.subtract, np.matmul
        for t in range(T - 1, -1, -1):
            dh, s, gc = DH[t], Z[t, : 3 * H], G[t]
            mul(dh, tcs[t], out=dz_o)  # o's, before σ'
            mul(Kc[t], O[t], out=tmp)
            tmp *= dh
            np.add(tmp, dcn, out=dc)  # ∂L/∂cₜ
            mul(dc, gc, out=dz_i)
            mul(dc, cs[t], out=dz_f)
            mul(gc, gc, out=tmp)
            sub(1, tmp, out=tmp)
            tmp *= I[t]
            mul(dc, tmp, out=dz_g)  # through tanh'
            sub(1, s, out=u)
            u *= s
            dz_s *= u  # through σ' = σ(1 − σ)
            mul(dc, F[t], out=dcn)
            matmul(dz, xh[t].T, out=tmpW)
            dWT += tmpW
            if dxT is not None:
                matmul(WxI, dz, out=dxT[t])
            matmul(WhI, dz, out=back)  # ∂L/∂hₜ₋₁ through the gates
            if t:
                DH[t - 1] += back
        dW = dWT.T[:, np.argsort(perm)]  # (K, 4H), back to [i, f, g, o]
        dx = None if dxT is None else np.transpose(dxT, (2, 0, 1))
        dP = np.transpose(DH, (2, 0, 1)) if isinstance(probe, Tensor) else None
        return dx, back.T.copy(), dcn.T.copy(), dW[:D], dW[D + 1 :], dW[D], dP

    return make(np.transpose(hv[1:], (2, 0, 1)), (x, h0, c0, Wx, Wh, b, probe), backward)


def gru(x, h0, Wx, Wh, bx, bh, probe=None):
    """GRU over a whole sequence, Keras `reset_after=True` (PyTorch) form; gate order [z, r, n].

    aₜ = xₜ·Wx + bx,  uₜ = hₜ₋₁·Wh + bh  (both (B, 3H));  z, r = σ(a_z + u_z), σ(a_r + u_r)
    n = tanh(a_n + r·u_n);  hₜ = z·hₜ₋₁ + (1 − z)·n

    x (B, T, D), h0 (B, H), Wx (D, 3H), Wh (H, 3H), bx, bh (3H,), probe (B, T, H) or None
    → hs (B, T, H).
    """
    X, H0, (WX, WH, BX, BH), P, dt = _setup(x, h0, (Wx, Wh, bx, bh), probe)
    Bn, T, D = X.shape
    H = WH.shape[0]
    # Widened weights, columns [z, r, n_x, n_h]: z and r sum their input and recurrent parts;
    # the candidate keeps a_n (input) and u_n (recurrent) apart because r multiplies u_n only.
    W = np.zeros((D + 1 + H, 4 * H), dt)
    W[:D, : 3 * H] = WX
    W[D, : 2 * H] = BX[: 2 * H] + BH[: 2 * H]
    W[D, 2 * H : 3 * H] = BX[2 * H :]
    W[D, 3 * H :] = BH[2 * H :]
    W[D + 1 :, : 2 * H] = WH[:, : 2 * H]
    W[D + 1 :, 3 * H :] = WH[:, 2 * H :]
    Ws = W.copy()
    Ws[:, : 2 * H] *= 0.5  # σ(z) = ½·tanh(z/2) + ½
    xh = _rows(X, H0, dt)
    hv = xh[:, :, D + 1 :]  # (T + 1, B, H) view: h₀…h_T
    Z = np.empty((T, Bn, 4 * H), dt)  # [z, r, a_n, u_n]
    ns = np.empty((T, Bn, H), dt)  # candidates n
    for t in range(T):
        zt = Z[t]
        np.matmul(xh[t], Ws, out=zt)
        s = zt[:, : 2 * H]
        np.tanh(s, out=s)
        s *= 0.5
        s += 0.5
        n = ns[t]
        np.multiply(zt[:, H : 2 * H], zt[:, 3 * H :], out=n)  # r·u_n
        n += zt[:, 2 * H : 3 * H]
        np.tanh(n, out=n)
        h = hv[t + 1]
        np.subtract(hv[t], n, out=h)
        h *= zt[:, :H]
        h += n  # z·hₜ₋₁ + (1 − z)·n
        if P is not None:
            h += P[t]

    def backward(g):
        DH = _time_major_copy(g, dt)  # (T, B, H): becomes ∂L/∂hₜ
        z, r, un = Z[..., :H], Z[..., H : 2 * H], Z[..., 3 * H :]
        dn = (1 - z) * (1 - ns * ns)  # ∂hₜ/∂(a_n + r·u_n)
        # dh·K = [∂L/∂ of the z, r, n_x, n_h pre-activations, the direct path to hₜ₋₁].
        K = np.empty((T, Bn, 5, H), dt)
        np.multiply(z * (1 - z), hv[:-1] - ns, out=K[:, :, 0])
        np.multiply(dn * un, r * (1 - r), out=K[:, :, 1])
        K[:, :, 2] = dn
        np.multiply(dn, r, out=K[:, :, 3])
        K[:, :, 4] = z
        WHT = np.ascontiguousarray(W[D + 1 :].T)  # (4H, H), unscaled
        S = np.empty((T, Bn, 5, H), dt)
        dh0 = None
        for t in range(T - 1, -1, -1):
            St = S[t]
            np.multiply(DH[t][:, None, :], K[t], out=St)
            back = St[:, :4].reshape(Bn, 4 * H) @ WHT
            back += St[:, 4]
            if t:
                DH[t - 1] += back
            else:
                dh0 = back
        dZ = S[:, :, :4].reshape(T, Bn, 4 * H)  # view
        dW = _weight_grad(xh, dZ)  # (D + 1 + H, 4H)
        zr = slice(0, 2 * H)
        dWx = np.concatenate([dW[:D, zr], dW[:D, 2 * H : 3 * H]], axis=1)
        dWh = np.concatenate([dW[D + 1 :, zr], dW[D + 1 :, 3 * H :]], axis=1)
        dbx = np.concatenate([dW[D, zr], dW[D, 2 * H : 3 * H]])
        dbh = np.concatenate([dW[D, zr], dW[D, 3 * H :]])
        dx = _input_grad(x, dZ, W[:D]) if isinstance(x, Tensor) else None
        dP = np.swapaxes(DH, 0, 1) if isinstance(probe, Tensor) else None
        return dx, dh0, dWx, dWh, dbx, dbh, dP

    return make(_outputs(xh, D), (x, h0, Wx, Wh, bx, bh, probe), backward)

"""Lab `backprop`: the chain rule, node by node (chapter 2).

Parts: `graph` (f(x, y) = x²y + y + 6 forward then backward, one node per step), `network` (the
course's XOR net, one sample's forward, backward and update per three steps) and `gradcheck`
(backprop against finite differences, weight by weight, on either backend). The math and views
of each part live in the module of the same name.
"""

from __future__ import annotations

from ...engine.lab import LabSpec, Part
from ...engine.params import Param
from . import gradcheck, graph, network

PARAMS = (
    Param("part", "graph", "graph: f = x²y + y + 6 | network: the XOR net | gradcheck",
          choices=("graph", "network", "gradcheck")),
    Param("x", 3.0, "graph: the input x", low=-100, high=100),
    Param("y", 4.0, "graph: the input y", low=-100, high=100),
    Param("lr", 0.1, "network: learning rate η of the update", low=0, high=10, live=True),
    Param("activation", "tanh", "gradcheck: the hidden activation (relu has a kink at 0)",
          choices=gradcheck.ACTIVATIONS),
    Param("hidden", 3, "gradcheck: hidden units", low=1, high=8),
    Param("eps", 1e-5, "gradcheck: finite-difference step ε", low=1e-12, high=1.0, live=True),
)  # fmt: skip

PARTS = (
    Part("graph", graph.run, graph.views, ("x", "y"), opens_paused=True),
    Part("network", network.run, network.views, ("lr",), opens_paused=True, steps=12),
    Part("gradcheck", gradcheck.run, gradcheck.views, ("activation", "hidden", "eps"),
         interactive=True),
)  # fmt: skip

LAB = LabSpec(
    id="backprop",
    title="Backpropagation, node by node",
    chapter="2. Neurons and networks",
    summary="the chain rule on a graph, then the XOR net's backward pass with every number",
    params=PARAMS,
    parts=PARTS,
    order=3,
    default_steps=graph.STAGES,
)

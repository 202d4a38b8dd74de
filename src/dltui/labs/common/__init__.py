"""What several labs share, written once (not a lab: the registry skips it).

- `activations`: the activation table (formulas, notes, backend functions, NumPy pairs);
- `batches`: shuffled mini-batches whose size may change live;
- `interactive`: `redraw_on_change`, the loop of a part where nothing trains;
- `numfmt`: numbers in worked steps (re-exported from `dltui.engine.numfmt`, the one formatter).

The divergence policy lives in the engine (`dltui.engine.divergence`), since the runner uses it.
"""

"""Flatten and rebuild nested parameter containers (dicts, lists, tuples of arrays)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def flatten(tree: Any) -> tuple[list[Any], Callable[[list[Any]], Any]]:
    """Return the leaves in a fixed order and a function that rebuilds the tree from new leaves."""
    leaves: list[Any] = []

    def walk(node):
        if isinstance(node, dict):
            keys = sorted(node)
            builders = [walk(node[k]) for k in keys]
            return lambda it: {k: b(it) for k, b in zip(keys, builders, strict=True)}
        if isinstance(node, list | tuple):
            builders = [walk(x) for x in node]
            kind = type(node)
            return lambda it: kind(b(it) for b in builders)
        leaves.append(node)
        return lambda it: next(it)

    build = walk(tree)
    return leaves, lambda new: build(iter(new))


def tree_map(fn: Callable[..., Any], tree: Any, *rest: Any) -> Any:
    leaves, rebuild = flatten(tree)
    others = [flatten(r)[0] for r in rest]
    return rebuild([fn(*xs) for xs in zip(leaves, *others, strict=True)])

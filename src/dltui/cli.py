"""Command line: `dltui` opens the app; `list`, `info` and `run` work headless.

Imports are lazy so `dltui list` never loads Textual, and bad arguments end with exit code 2
and one line on stderr saying what was wrong and what is allowed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not a usage dump
        print(f"dltui: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    from .backend import BACKEND_CHOICES

    p = _Parser(prog="dltui", description="Learn deep learning by watching real models train.")
    p.add_argument("--backend", default="auto", choices=BACKEND_CHOICES)
    p.add_argument("--lang", choices=("en", "fr"), default=None, help="lesson language")
    p.add_argument("--lab", default=None, help="open this lab directly")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("list", help="the labs, one per line: id<TAB>title")
    info = sub.add_parser("info", help="a lab's parameters and presets")
    info.add_argument("lab")
    info.add_argument("--format", choices=("text", "json"), default="text")
    run = sub.add_parser("run", help="run a lab headless and print its records")
    run.add_argument("lab")
    run.add_argument("--preset", default=None)
    run.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE")
    run.add_argument("--steps", default=None)
    run.add_argument("--seed", default="0")
    run.add_argument("--backend", dest="run_backend", default=None, choices=BACKEND_CHOICES)
    run.add_argument("--format", choices=("jsonl", "csv", "table"), default="jsonl")
    run.add_argument("--snapshot-every", default="10", help="steps between tensor records")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from .backend import BackendError
    from .engine.params import ParamError

    args = build_parser().parse_args(argv)
    try:
        if args.command == "list":
            return _list()
        if args.command == "info":
            return _info(args.lab, args.format)
        if args.command == "run":
            return _run(args)
        return _app(args)
    except (ParamError, BackendError) as exc:
        print(f"dltui: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `dltui run ... | head`: the reader left; stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _list() -> int:
    from .labs import all_labs

    for lab in all_labs().values():
        print(f"{lab.id}\t{lab.title}")
    return 0


def _info(lab_id: str, fmt: str) -> int:
    from .content import presets
    from .labs import get_lab

    lab = get_lab(lab_id)
    params = [
        {
            "name": p.name,
            "type": p.kind,
            "default": list(p.default) if isinstance(p.default, tuple) else p.default,
            "allowed": p.allowed(),
            **({"choices": list(p.choices)} if p.choices else {}),
            **({"min": p.low} if p.low is not None else {}),
            **({"max": p.high} if p.high is not None else {}),
            "live": p.live,
            "help": p.help,
        }
        for p in lab.params
    ]
    table = presets(lab.id)
    if fmt == "json":
        doc = {
            "id": lab.id,
            "title": lab.title,
            "chapter": lab.chapter,
            "summary": lab.summary,
            "default_steps": lab.default_steps,
            "params": params,
            "presets": {k: v.get("description", "") for k, v in table.items()},
        }
        print(json.dumps(doc, indent=2))
        return 0
    print(f"{lab.id} — {lab.title}\n{lab.summary}\n\nparameters (default; allowed):")
    rows = [
        (p.name, p.format(p.default), d["allowed"] + (" [live]" if p.live else ""), p.help)
        for p, d in zip(lab.params, params, strict=True)
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)] if rows else [0, 0, 0]
    for row in rows:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + row[3])
    print("\npresets:" if table else "\npresets: none")
    width = max(map(len, table), default=0)
    for name, values in table.items():
        print(f"  {name.ljust(width)}  {values.get('description', '')}")
    return 0


def _parse_count(flag: str, text: str, low: int) -> int:
    from .engine.params import ParamError

    try:
        value = int(text)
    except ValueError:
        raise ParamError(f"{flag}: {text!r} is not a whole number") from None
    if value < low:
        raise ParamError(f"{flag}: {value} is out of range; allowed: ≥ {low}")
    return value


def _run(args) -> int:
    from .backend import get_backend
    from .content import resolve_config
    from .engine.params import ParamError
    from .headless import run_headless
    from .labs import get_lab

    lab = get_lab(args.lab)
    overrides = {}
    for item in args.sets:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParamError(f"--set {item!r}: expected KEY=VALUE")
        overrides[key.strip()] = value
    config, preset_steps = resolve_config(lab, args.preset, overrides)
    steps = (
        _parse_count("--steps", args.steps, 1)
        if args.steps is not None
        else preset_steps or lab.default_steps
    )
    seed = _parse_count("--seed", args.seed, 0)
    every = _parse_count("--snapshot-every", args.snapshot_every, 1)
    backend = get_backend(args.run_backend or args.backend)
    print(f"{lab.id}: backend {backend.info.label()} — {backend.info.reason}", file=sys.stderr)
    finished = run_headless(
        lab, config, backend=backend, steps=steps, seed=seed, fmt=args.format, snapshot_every=every
    )
    return 1 if finished.reason == "error" else 0


def _app(args) -> int:
    from .backend import get_backend
    from .content import default_language
    from .labs import get_lab

    if args.lab is not None:
        get_lab(args.lab)  # exit 2 now rather than inside the app
    backend_name = args.backend
    get_backend(backend_name)  # fail fast on an unusable --backend
    from .tui.app import DltuiApp

    app = DltuiApp(backend=backend_name, lang=args.lang or default_language(), lab=args.lab)
    app.run()
    return app.return_code or 0

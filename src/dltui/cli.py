"""Command line: `dltui` opens the app; `list`, `info` and `run` work headless.

Imports are lazy so `dltui list` never loads Textual, and bad arguments end with exit code 2
and one line on stderr saying what was wrong and what is allowed. Every message, the help
included, is in the interface's language (`--lang`, before or after the subcommand, else
DLTUI_LANG or LANG): the language is found in argv before the parser is built.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .engine.i18n import LANGUAGES, tr


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not a usage dump
        print(f"dltui: {message}", file=sys.stderr)
        raise SystemExit(2)

    def format_help(self) -> str:  # argparse writes "options:"; French puts a space before ":"
        from .engine.i18n import french_typography, language

        text = super().format_help()
        return french_typography(text) if language() == "fr" else text


def build_parser() -> argparse.ArgumentParser:
    """The command line, its help in the current language (`main` sets it first: --lang, else
    DLTUI_LANG or LANG). argparse's own words ("usage:", "invalid choice") are translated while
    `_argparse_in_language` is active."""
    from .backend import BACKEND_CHOICES
    from .engine.numfmt import thousands

    p = _Parser(prog="dltui", description=tr("Learn deep learning by watching real models train."))
    p.add_argument(
        "--backend",
        default="auto",
        choices=BACKEND_CHOICES,
        help=tr("array backend: auto (MLX with a GPU, else NumPy; the default), mlx or numpy"),
    )
    _add_lang(p, default=None)
    p.add_argument("--lab", default=None, help=tr("open this lab directly"))
    p.add_argument(
        "--preset", dest="app_preset", default=None, help=tr("with --lab: open on this preset")
    )
    p.add_argument(
        "--set",
        dest="app_sets",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=tr("with --lab: set a parameter (repeatable; after the preset)"),
    )
    p.add_argument(
        "--screenshot-dir",
        default=".",
        metavar="DIR",
        help=tr("where ctrl+s saves screenshots (default: the current folder)"),
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    listing = sub.add_parser("list", help=tr("the labs, one per line: id<TAB>title"))
    info = sub.add_parser("info", help=tr("a lab's parameters and presets"))
    info.add_argument("lab", help=tr("a lab id (see `dltui list`)"))
    info.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=tr("text: aligned columns (default); json: one object for scripts"),
    )
    run = sub.add_parser(
        "run",
        help=tr("run a lab headless and print its records"),
        description=tr(
            "Run a lab without the screen: records to stdout, diagnostics to stderr. "
            "Exit 0 (done, stopped or diverged), 1 (the lab failed), 2 (bad arguments)."
        ),
    )
    run.add_argument("lab", help=tr("a lab id (see `dltui list`)"))
    run.add_argument(
        "--preset",
        default=None,
        help=tr("start from this preset's values and steps (`dltui info LAB`)"),
    )
    run.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=tr("set one parameter, after the preset; repeat for more (e.g. --set lr=0.01)"),
    )
    run.add_argument(
        "--steps",
        default=None,
        metavar="N",
        help=tr(
            "steps to run, 1 to {most} (default: the preset's, else the lab's)",
            most=thousands(MAX_STEPS),
        ),
    )
    run.add_argument(
        "--seed",
        default="0",
        metavar="N",
        help=tr("random seed, 0 to 2³²−1 (default 0): same seed and backend, same output"),
    )
    run.add_argument(
        "--backend",
        dest="run_backend",
        default=None,
        choices=BACKEND_CHOICES,
        help=tr("array backend for this run (default: dltui's --backend, auto)"),
    )
    run.add_argument(
        "--format",
        choices=("jsonl", "csv", "table"),
        default="jsonl",
        help=tr(
            "jsonl: one JSON object a line, tensors included, then an end event (default); "
            "csv: the metrics; table: aligned metric columns at the end"
        ),
    )
    run.add_argument(
        "--snapshot-every",
        default="10",
        metavar="N",
        help=tr("steps between records that carry tensors (jsonl), and the last (default 10)"),
    )
    run.add_argument(
        "--plot",
        action="store_true",
        help=tr(
            "after the records, print the run's curves as terminal charts (one per curve "
            "group the screen shows); stdout is then no longer only data"
        ),
    )
    run.add_argument(
        "--plot-out",
        default=None,
        metavar="FILE",
        help=tr("write those charts, as plain text, to FILE instead (stdout stays data)"),
    )
    serve = sub.add_parser(
        "serve",
        help=tr("serve the app in a browser (one dltui per tab)"),
        description=tr(
            "Serve dltui to web browsers with textual-serve: each tab gets its own app "
            "process. Loads nothing from outside this machine."
        ),
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help=tr("address to listen on (default: 127.0.0.1, this machine only)"),
    )
    serve.add_argument("--port", default="8000", metavar="N", help=tr("port (default 8000)"))
    serve.add_argument(
        "--lab", dest="serve_lab", default=None, help=tr("open this lab in each tab")
    )
    serve.add_argument(
        "--preset", dest="serve_preset", default=None, help=tr("with --lab: a preset")
    )
    serve.add_argument(
        "--max-sessions",
        default="8",
        metavar="N",
        help=tr("tabs served at once; more get a 'full' page (default 8)"),
    )
    for parser in (listing, info, run, serve):  # `dltui run LAB --lang fr` works too
        _add_lang(parser, default=argparse.SUPPRESS)
    return p


def _add_lang(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help=tr("the language of the interface and lessons (default: DLTUI_LANG, else LANG)"),
    )


def _lang_in(argv: Sequence[str]) -> str | None:
    """The language --lang names in `argv` (its last one, as argparse keeps), before parsing:
    the parser's help and refusals are written in it. None: not given, or not a language."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        flag, sep, value = arg.partition("=")
        if len(flag) >= 5 and "--lang".startswith(flag):  # argparse accepts --lan too
            found = value if sep else (argv[i + 1] if i + 1 < len(argv) else None)
    return found if found in LANGUAGES else None


# argparse's own words (usage, "invalid choice", its help option) are gettext messages of the
# `argparse` domain: looked up in our catalogues while the parser is built and used.
@contextmanager
def _argparse_in_language() -> Iterator[None]:
    from .engine.i18n import language

    if language() == "en":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda text: tr(text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: tr(one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    from .backend import BackendError
    from .engine.i18n import default_language, set_language
    from .engine.params import ParamError
    from .headless import backend_error

    argv = sys.argv[1:] if argv is None else list(argv)
    set_language(_lang_in(argv) or default_language())  # the parser's help and refusals
    with _argparse_in_language():
        args = build_parser().parse_args(argv)
    set_language(args.lang or default_language())  # messages, `info` and the app
    try:
        if args.command == "list":
            return _list()
        if args.command == "info":
            return _info(args.lab, args.format)
        if args.command == "run":
            return _run(args)
        if args.command == "serve":
            return _serve(args)
        return _app(args)
    except ParamError as exc:
        print(f"dltui: {exc}", file=sys.stderr)
        return 2
    except BackendError as exc:
        print(f"dltui: {backend_error(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `dltui run ... | head`: the reader left; stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _serve(args) -> int:
    from .content import resolve_config
    from .engine.params import ParamError
    from .labs import get_lab

    port = _parse_count("--port", args.port, 1, 65535)
    max_sessions = _parse_count("--max-sessions", args.max_sessions, 1, 256)
    if args.serve_preset and not args.serve_lab:
        raise ParamError(tr("--preset needs --lab"))
    if args.serve_lab:
        resolve_config(get_lab(args.serve_lab), args.serve_preset)  # refuse bad names now
    try:
        from .serve import serve
    except ImportError as exc:
        raise ParamError(
            tr("serve needs textual-serve ({why}); pip install textual-serve", why=exc)
        ) from None
    return serve(args.host, port, args.serve_lab, args.serve_preset, args.lang, max_sessions)


def _list() -> int:
    from .labs import all_labs

    for lab in all_labs().values():
        print(f"{lab.id}\t{tr(lab.title)}")
    return 0


def _info(lab_id: str, fmt: str) -> int:
    from .content import preset_description, presets
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
            "help": tr(p.help),
        }
        for p in lab.params
    ]
    table = presets(lab.id)
    if fmt == "json":
        doc = {
            "id": lab.id,
            "title": tr(lab.title),
            "chapter": tr(lab.chapter),
            "summary": tr(lab.summary),
            "default_steps": lab.default_steps,
            "params": params,
            "presets": {k: preset_description(v) for k, v in table.items()},
        }
        print(json.dumps(doc, indent=2))
        return 0
    print(f"{lab.id} — {tr(lab.title)}\n{tr(lab.summary)}\n")
    print(tr("parameters ([live]: applied while running):"))
    header = (tr("name"), tr("default"), tr("allowed"), tr("what it does"))
    live = " " + tr("[live]")
    rows = [header] + [
        (
            p.name,
            p.format(p.default) or tr("(empty)"),
            d["allowed"] + (live if p.live else ""),
            d["help"],
        )
        for p, d in zip(lab.params, params, strict=True)
    ]
    _print_table(rows, caps=(24, 16, 34))
    print("\n" + (tr("presets:") if table else tr("presets: none")))
    _print_table([(name, preset_description(v)) for name, v in table.items()], caps=(30,))
    return 0


def _print_table(rows: list[tuple[str, ...]], caps: tuple[int, ...]) -> None:
    """Columns two spaces apart, each as wide as its content up to its cap; a longer cell wraps
    inside its column. The last column takes the rest of the terminal (at least 24 characters;
    on a narrow one the middle columns give up room first)."""
    import shutil

    if not rows:
        return
    widths = [min(cap, max(len(r[i]) for r in rows)) for i, cap in enumerate(caps)]
    room = shutil.get_terminal_size((100, 24)).columns - 2 - 2 * len(caps)  # indent and gaps
    while sum(widths) + 24 > room and max(widths[1:], default=0) > 12:
        widths[max(range(1, len(widths)), key=widths.__getitem__)] -= 1
    widths.append(max(24, room - sum(widths)))
    for row in rows:
        cells = [_wrap(c, w) for c, w in zip(row, widths, strict=True)]
        for i in range(max(map(len, cells))):
            parts = [
                (c[i] if i < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)
            ]
            print(("  " + "  ".join(parts)).rstrip())


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width`; "≤ 100" and "n × n" are never split across two lines."""
    import textwrap

    for sign in ("≥", "≤", ">", "<", "=", "×"):
        text = text.replace(f"{sign} ", f"{sign}\xa0").replace(f" {sign}\xa0", f"\xa0{sign}\xa0")
    lines = textwrap.wrap(text, width, break_on_hyphens=False)
    return [line.replace("\xa0", " ") for line in lines] or [""]


MAX_STEPS = 10**7  # the app's steps knob has the same bound
MAX_SEED = 2**32 - 1


def _parse_count(flag: str, text: str, low: int, high: int) -> int:
    """A whole-number option, refused like a lab parameter (one line, the allowed range)."""
    from .engine.params import Param

    return Param(flag, low, low=low, high=high).parse(text)


def _run(args) -> int:
    import os

    from .backend import get_backend
    from .content import resolve_config
    from .engine.params import ParamError
    from .headless import backend_text, run_headless
    from .labs import get_lab

    lab = get_lab(args.lab)
    overrides = {}
    for item in args.sets:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParamError(tr("--set {item!r}: expected KEY=VALUE", item=item))
        overrides[key.strip()] = value
    config, preset_steps = resolve_config(lab, args.preset, overrides)
    steps = (
        _parse_count("--steps", args.steps, 1, MAX_STEPS)
        if args.steps is not None
        else preset_steps or lab.steps_for(config)
    )
    seed = _parse_count("--seed", args.seed, 0, MAX_SEED)
    every = _parse_count("--snapshot-every", args.snapshot_every, 1, MAX_STEPS)
    backend = get_backend(args.run_backend or args.backend)
    print(
        tr(
            "{lab}: backend {label} — {reason}",
            lab=lab.id,
            label=backend.info.label(),
            reason=backend_text(backend.info.reason),
        ),
        file=sys.stderr,
    )
    series: dict[str, tuple[list[int], list[float]]] = {}

    def collect(snap) -> None:
        for name, value in snap.metrics.items():
            steps_, values = series.setdefault(name, ([], []))
            steps_.append(snap.step)
            values.append(value)

    plotting = args.plot or args.plot_out is not None
    if args.plot_out is not None and not os.path.isdir(os.path.dirname(args.plot_out) or "."):
        raise ParamError(tr("--plot-out {path!r}: no such folder", path=args.plot_out))
    finished = run_headless(
        lab,
        config,
        backend=backend,
        steps=steps,
        seed=seed,
        fmt=args.format,
        snapshot_every=every,
        on_record=collect if plotting else None,
    )
    if plotting:
        _plot(lab, config, series, args.plot_out)
    return 1 if finished.reason == "error" else 0


def _plot(lab, config, series, path: str | None) -> None:
    from .plot import charts, curve_groups

    groups = curve_groups(lab.views(config))
    if path is None:
        sys.stdout.write(charts(groups, series, colour=sys.stdout.isatty()))
        return
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(charts(groups, series))
    except OSError as exc:
        from .engine.params import ParamError

        raise ParamError(tr("--plot-out {path!r}: {why}", path=path, why=exc.strerror)) from None
    print(tr("{lab}: curves written to {path}", lab=lab.id, path=path), file=sys.stderr)


def _app_overrides(items: list[str]) -> dict[str, str]:
    from .engine.params import ParamError

    overrides = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParamError(tr("--set {item!r}: expected KEY=VALUE", item=item))
        overrides[key.strip()] = value
    return overrides


def _app(args) -> int:
    import os

    from .backend import describe_backend
    from .content import resolve_config
    from .engine.i18n import default_language
    from .engine.params import ParamError
    from .labs import get_lab

    overrides = _app_overrides(args.app_sets)
    if args.lab is not None:  # exit 2 now (one line, as `dltui run`) rather than inside the app
        resolve_config(get_lab(args.lab), args.app_preset, overrides)
    elif args.app_preset is not None or overrides:
        raise ParamError(tr("--preset and --set need --lab LAB"))
    if not os.path.isdir(args.screenshot_dir):
        raise ParamError(tr("--screenshot-dir {path!r}: no such folder", path=args.screenshot_dir))
    backend_name = args.backend
    describe_backend(backend_name)  # fail fast on an unusable --backend, without loading MLX here
    from .tui.app import DltuiApp

    app = DltuiApp(
        backend=backend_name,
        lang=args.lang or default_language(),
        lab=args.lab,
        preset=args.app_preset,
        overrides=overrides,
        screenshot_dir=args.screenshot_dir,
    )
    app.run()
    return app.return_code or 0

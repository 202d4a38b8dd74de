"""A learner's own CSV file, read as data only, refused in one line a learner can act on.

Shared by the labs whose data-set knob takes a path (`gradient-descent --set data=FILE.csv`,
the perceptron playground's `dataset=FILE.csv`). The file is read with the `csv` module (no
pickle, no eval); every refusal is an `engine.params.ParamError` naming the knob, raised from
the lab's `check`, so the CLI exits 2 with that line and the app shows it inline.

`read` checks the file as a table (exists, UTF-8, a header, same number of cells in every row,
at least MIN_ROWS and at most MAX_ROWS rows); `numbers` turns chosen columns into floats (a
non-numeric cell is named by row and column, an empty or NaN cell by row; a constant input
column is refused); `classes` turns a target column into class indices (text is fine; one
class is refused). Rows are counted from 1 after the header, and the line in the file is given
too (the header is line 1).
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...engine.i18n import tr
from ...engine.numfmt import thousands
from ...engine.params import ParamError

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_BYTES = 50 * 1024 * 1024
MIN_ROWS = 10
_NAN = {"nan", "na", "n/a", "null", "none", "-nan", "+nan"}


@dataclass(frozen=True)
class Table:
    name: str  # the file's name, for the info panel
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # cells as text, stripped

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.header)

    def about(self) -> str:
        n, d = self.shape
        return tr("{name}: {n} rows × {d} columns", name=self.name, n=n, d=d)

    def index(self, knob: str, column: str) -> int:
        if column not in self.header:
            cols = ", ".join(self.header)
            cols = cols if len(cols) <= 80 else cols[:77] + "…"
            raise ParamError(
                tr(
                    "{knob}: {name} has no column {column!r}; columns: {columns}",
                    knob=knob,
                    name=self.name,
                    column=column,
                    columns=cols,
                )
            )
        return self.header.index(column)


def _short(text: str, n: int = 30) -> str:
    return repr(text if len(text) <= n else text[: n - 1] + "…")


def read(knob: str, path_text: str) -> Table:
    """The file at `path_text` as a checked table, or a one-line ParamError naming `knob`."""
    path = Path(os.path.expanduser(str(path_text).strip()))
    try:
        stat = path.stat()
    except (OSError, ValueError):
        raise ParamError(
            tr("{knob}: no file {path}", knob=knob, path=_short(str(path_text), 60))
        ) from None
    if not path.is_file():
        raise ParamError(
            tr("{knob}: {path} is not a file", knob=knob, path=_short(str(path_text), 60))
        )
    return _read(knob, str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)  # `check` runs on every knob change in the app: read a file once
def _read(knob: str, path: str, _mtime: int, size: int) -> Table:
    name = Path(path).name
    if size > MAX_BYTES:
        raise ParamError(
            tr(
                "{knob}: {name} is {mb:.0f} MB; at most 50 MB is read",
                knob=knob,
                name=name,
                mb=size / 2**20,
            )
        )
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ParamError(
            tr(
                "{knob}: {name} cannot be read ({why})",
                knob=knob,
                name=name,
                why=exc.strerror or tr("error"),
            )
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParamError(
            tr(
                "{knob}: {name} is not UTF-8 text (byte {byte}); save it as UTF-8 CSV",
                knob=knob,
                name=name,
                byte=exc.start,
            )
        ) from None
    if "\x00" in text:
        raise ParamError(
            tr("{knob}: {name} is not a text file (it holds NUL bytes)", knob=knob, name=name)
        )
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ParamError(
            tr("{knob}: {name} is not a CSV file ({why})", knob=knob, name=name, why=exc)
        ) from None
    numbered = [(i + 1, row) for i, row in enumerate(lines) if any(c.strip() for c in row)]
    if not numbered:
        raise ParamError(
            tr("{knob}: {name} is empty; a header line, then rows of numbers", knob=knob, name=name)
        )
    header = tuple(c.strip() for c in numbered[0][1])
    if all(_is_number(c) for c in header):
        raise ParamError(
            tr(
                "{knob}: {name} has no header; add a first line naming the columns (e.g. x,y)",
                knob=knob,
                name=name,
            )
        )
    if any(not c for c in header):
        raise ParamError(
            tr("{knob}: {name}'s header has an empty column name", knob=knob, name=name)
        )
    if len(set(header)) < len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise ParamError(
            tr(
                "{knob}: {name}'s header names column {column} twice",
                knob=knob,
                name=name,
                column=_short(twice),
            )
        )
    if len(header) > MAX_COLUMNS:
        raise ParamError(
            tr(
                "{knob}: {name} has {n} columns; at most {most}",
                knob=knob,
                name=name,
                n=len(header),
                most=MAX_COLUMNS,
            )
        )
    body = numbered[1:]
    if len(body) > MAX_ROWS:
        raise ParamError(
            tr(
                "{knob}: {name} has {n} rows; at most {most} are read",
                knob=knob,
                name=name,
                n=len(body),
                most=thousands(MAX_ROWS),
            )
        )
    if len(body) < MIN_ROWS:
        raise ParamError(
            tr(
                "{knob}: {name} has {n} rows; at least {least} are needed",
                knob=knob,
                name=name,
                n=len(body),
                least=MIN_ROWS,
            )
        )
    rows = []
    for r, (line, row) in enumerate(body, start=1):
        if len(row) != len(header):
            raise ParamError(
                tr(
                    "{knob}: {name} row {row} (line {line}) has {n} cells; the header has {cells}",
                    knob=knob,
                    name=name,
                    row=r,
                    line=line,
                    n=len(row),
                    cells=len(header),
                )
            )
        rows.append(tuple(c.strip() for c in row))
    return Table(name, header, tuple(rows))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def numbers(knob: str, table: Table, columns: tuple[str, ...], inputs: bool = True) -> np.ndarray:
    """The columns as floats (n, len(columns)); `inputs`: a constant column is refused too."""
    idx = [table.index(knob, c) for c in columns]
    out = np.empty((len(table.rows), len(idx)), np.float64)
    for r, row in enumerate(table.rows):
        for j, i in enumerate(idx):
            cell = row[i]
            if not cell or cell.lower() in _NAN:
                raise ParamError(
                    tr(
                        "{knob}: {name} row {row} (line {line}) has an empty or NaN cell in "
                        "column {column}; fill or delete that row",
                        knob=knob,
                        name=table.name,
                        row=r + 1,
                        line=r + 2,
                        column=_short(columns[j]),
                    )
                )
            try:
                value = float(cell)
            except ValueError:
                raise ParamError(
                    tr(
                        "{knob}: {name} row {row} (line {line}), column {column}: {cell} is not a "
                        "number",
                        knob=knob,
                        name=table.name,
                        row=r + 1,
                        line=r + 2,
                        column=_short(columns[j]),
                        cell=_short(cell, 20),
                    )
                ) from None
            if not math.isfinite(value):
                raise ParamError(
                    tr(
                        "{knob}: {name} row {row} (line {line}), column {column}: {cell} is not a "
                        "finite number",
                        knob=knob,
                        name=table.name,
                        row=r + 1,
                        line=r + 2,
                        column=_short(columns[j]),
                        cell=_short(cell, 20),
                    )
                )
            out[r, j] = value
    for j, c in enumerate(columns):
        col = out[:, j]
        if col.min() == col.max():
            values = {"knob": knob, "column": _short(c), "name": table.name, "value": col[0]}
            if inputs:
                raise ParamError(
                    tr(
                        "{knob}: column {column} of {name} is constant ({value:g}): it cannot be "
                        "an input; choose other columns",
                        **values,
                    )
                )
            raise ParamError(
                tr(
                    "{knob}: column {column} of {name} is constant ({value:g}): it cannot be a "
                    "target; choose other columns",
                    **values,
                )
            )
        if np.abs(col).max() > 1e12:
            raise ParamError(
                tr(
                    "{knob}: column {column} of {name} holds values past 1e12",
                    knob=knob,
                    column=_short(c),
                    name=table.name,
                )
            )
    return out


def classes(knob: str, table: Table, column: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """A target column as class indices (n,) int64 and the class names, sorted (text or numbers)."""
    i = table.index(knob, column)
    cells = [row[i] for row in table.rows]
    for r, cell in enumerate(cells):
        if not cell or cell.lower() in _NAN:
            raise ParamError(
                tr(
                    "{knob}: {name} row {row} (line {line}) has no class in column {column}; fill "
                    "or delete that row",
                    knob=knob,
                    name=table.name,
                    row=r + 1,
                    line=r + 2,
                    column=_short(column),
                )
            )
    names = sorted(
        set(cells), key=lambda c: (not _is_number(c), float(c) if _is_number(c) else 0, c)
    )
    if len(names) < 2:
        raise ParamError(
            tr(
                "{knob}: target column {column} of {name} has one class ({cls}); a classifier "
                "needs two",
                knob=knob,
                column=_short(column),
                name=table.name,
                cls=_short(names[0], 20),
            )
        )
    lookup = {c: k for k, c in enumerate(names)}
    return np.array([lookup[c] for c in cells], np.int64), tuple(names)


def columns(knob: str, table: Table, text: str) -> tuple[str, ...]:
    """A comma-separated column list, each a column of the table."""
    names = tuple(c.strip() for c in str(text).split(",") if c.strip())
    if not names:
        raise ParamError(tr("{knob}: give column names, comma-separated", knob=knob))
    if len(set(names)) < len(names):
        raise ParamError(tr("{knob}: a column is named twice", knob=knob))
    for c in names:
        table.index(knob, c)
    return names

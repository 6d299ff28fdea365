"""Read one CSV table into strings, with the physical line on which every row starts.

Why not `pandas.read_csv`: it pads a short row with empty cells without a word, turns a blank
line into a row of empty strings, and reports a ragged row by record number rather than by
physical line, so the line is wrong as soon as a quoted cell holds a newline. Python's `csv`
module (C-implemented) is strict about quoting and exposes `line_num`, which is exactly the
physical line a reviewer needs. Everything is read as text here; typing is a separate step
(`factgate.coerce`) so that a bad cell becomes a finding, not a slow or failed coercion.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from factgate.findings import Finding

#: The delimiters a spreadsheet export commonly uses instead of a comma.
_FOREIGN_DELIMITERS = (";", "\t", "|")


@dataclass
class LoadedTable:
    """A table read from disk: raw text cells, and the line each row starts on.

    `frame` has a RangeIndex; row `i` starts on physical line `lines[i]` of `file`.
    `usable` is False when the file could not be read far enough for checks to run on it.
    """

    name: str
    file: str
    frame: pd.DataFrame
    lines: npt.NDArray[np.int64]
    usable: bool = True
    findings: list[Finding] = field(default_factory=list)


def read_table(
    name: str, path: Path, display_path: str, expected_columns: Sequence[str]
) -> LoadedTable:
    """Read `path` as a table with `expected_columns`, reporting every structural problem.

    Never raises for bad content: a file that cannot be used comes back with `usable=False` and
    findings that say why, where, and what to do.
    """
    expected = list(expected_columns)

    def unusable(rule: str, message: str, line: int) -> LoadedTable:
        finding = Finding(rule, "error", message, display_path, line)
        return LoadedTable(
            name, display_path, _empty_frame(expected), _no_lines(), False, [finding]
        )

    if not path.is_file():
        return unusable(
            "csv-missing-file",
            f"`{display_path}` does not exist; the table `{name}` needs at least its header "
            f"line: {','.join(expected)}",
            0,
        )
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")  # a BOM is allowed, not content
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return unusable(
            "csv-encoding",
            f"byte 0x{raw[exc.start]:02X} at column {column} is not UTF-8; re-save the file "
            "as UTF-8 (in a spreadsheet: CSV UTF-8)",
            line,
        )
    if not text.strip():
        return unusable(
            "csv-empty-file",
            f"the file is empty; it needs at least the header line: {','.join(expected)}",
            1,
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return unusable("csv-encoding", "the file holds a NUL byte; it is not a text CSV", line)

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1  # the line the record being read starts on
    try:
        header = next(reader)
        header_end = reader.line_num
        header_problem = _check_header(header, expected, display_path)
        if header_problem is not None:
            return unusable("csv-header", header_problem, 1)
        rows: list[list[str]] = []
        lines: list[int] = []
        findings: list[Finding] = []
        start = header_end + 1
        width = len(header)
        for record in reader:
            if not record:
                pass  # a blank line carries nothing; skipping it keeps later lines right
            elif len(record) != width:
                findings.append(_ragged(record, width, start, display_path))
            else:
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        # The reader fails where it gave up, often many lines on; the culprit is the record it
        # was reading, which starts on `start`.
        return unusable(
            "csv-structure",
            f"the CSV cannot be parsed from here on ({exc}); look for a quote that is opened "
            'and never closed, or a quote inside an unquoted cell (write it as "")',
            start,
        )
    frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else _empty_frame(header)
    frame = frame[expected]
    return LoadedTable(name, display_path, frame, np.asarray(lines, dtype=np.int64), True, findings)


def _check_header(header: list[str], expected: list[str], display_path: str) -> str | None:
    """Say what is wrong with a header line, or None when it names exactly the expected columns.

    Column order is free (people reorder columns in spreadsheets); names are not.
    """
    if len(header) == 1:
        for delimiter in _FOREIGN_DELIMITERS:
            if delimiter in header[0] and set(header[0].split(delimiter)) & set(expected):
                shown = "tab" if delimiter == "\t" else f"`{delimiter}`"
                return (
                    f"the file is delimited by {shown}, factgate reads comma-separated files; "
                    "re-export it with `,` as the delimiter"
                )
    seen: set[str] = set()
    duplicates = [name for name in header if name in seen or seen.add(name)]  # type: ignore[func-returns-value]
    if duplicates:
        return f"the header names {_names(duplicates)} more than once; each column appears once"
    padded = [name for name in header if name != name.strip()]
    if padded:
        return f"header names {_names(padded)} have leading or trailing blanks; remove them"
    missing = [name for name in expected if name not in header]
    unknown = [name for name in header if name not in expected]
    problems = []
    if missing:
        problems.append(f"missing column {_names(missing)}")
    if unknown:
        problems.append(f"unknown column {_names(unknown)}")
    if problems:
        return (
            f"{' and '.join(problems)} in `{display_path}`; the header must name: "
            f"{','.join(expected)}"
        )
    return None


def _ragged(record: list[str], width: int, line: int, display_path: str) -> Finding:
    """A row with the wrong number of cells: say how many, and the usual cause."""
    if len(record) > width:
        message = (
            f"the row has {len(record)} cells, the header {width}; a cell holding a comma "
            'must be quoted ("..."), e.g. a German decimal like 1,5'
        )
    else:
        message = f"the row has {len(record)} cells, the header {width}; add the missing cells"
    return Finding("csv-ragged-row", "error", message, display_path, line)


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in columns})


def _no_lines() -> npt.NDArray[np.int64]:
    return np.zeros(0, dtype=np.int64)

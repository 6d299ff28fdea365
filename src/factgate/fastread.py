"""Read a CSV table with Arrow, exact to the physical line, or hand it to the exact reader.

`factgate.csvload` reads with Python's strict `csv` module: exact about quoting and lines, but
a Python loop over every record (about a second per 100,000 rows) and a frame of Python
strings. Arrow's reader is multi-threaded C++ and gives Arrow-backed strings, but it is more
lenient (text after a closing quote is kept, an unclosed quote at the end of a file swallows
the rest, blank lines vanish) and knows records, not lines. So this module takes Arrow's
result only when it can prove it is what the exact reader would give:

* the bytes are plain: UTF-8 (Arrow checks), no NUL, no lone carriage return;
* every `"` sits where strict quoting allows it: a quoted cell opens at the start of a cell
  and closes at its end, with `""` inside (checked on the positions of the quote bytes, with
  numpy, not per record);
* the header is the expected one (else the exact reader words the finding);
* each record's physical length is one line plus the newlines inside its cells, and these
  add up, with the header, to the file's own line count (a blank line, or anything else
  that Arrow skipped or merged, breaks the sum).

Any file failing a condition, or that Arrow refuses (a ragged row, bad UTF-8), goes to
`csvload.read_table`, which reports it with file and line as before. Same findings either
way; a malformed file is merely read twice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from factgate import csvload
from factgate.csvload import LoadedTable

_QUOTE, _COMMA, _LF, _CR = 0x22, 0x2C, 0x0A, 0x0D
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_table(
    name: str, path: Path, display_path: str, expected_columns: Sequence[str]
) -> LoadedTable:
    """`csvload.read_table`'s result, read with Arrow when the file is plain (see the module
    docstring), else by `csvload.read_table` itself."""
    fast = read_fast(name, path, display_path, expected_columns)
    if fast is not None:
        return fast
    return csvload.read_table(name, path, display_path, expected_columns)


def read_fast(
    name: str, path: Path, display_path: str, expected_columns: Sequence[str]
) -> LoadedTable | None:
    """The table read with Arrow, or None when the exact reader must read it."""
    try:
        data = path.read_bytes()
    except OSError:
        return None  # the exact reader words a missing or unreadable file
    if data.startswith(_UTF16_BOMS):
        return None
    data = data.removeprefix(_BOM)
    if not data or data.isspace() or b"\x00" in data or data.count(b"\r") != data.count(b"\r\n"):
        return None
    header = _header(data)
    if header is None:
        return None
    expected = list(expected_columns)
    judged = csvload.read_header(header, 1, expected, display_path)
    if judged.findings or judged.positions is None:
        return None
    quoting = _quoting(data)
    if quoting is None:
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            # Arrow parses in parallel blocks only while no cell holds a newline.
            parse_options=pacsv.ParseOptions(newlines_in_values=quoting.multiline),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None  # a ragged row, bad UTF-8, ...: the exact reader says where
    lines = _record_lines(table, header, data, quoting.multiline)
    if lines is None or _has_blank_row(table):
        return None
    if not table.num_rows:
        return LoadedTable(name, display_path, csvload._empty_frame(expected), lines, True, [])
    frame = table.select(expected).to_pandas()
    return LoadedTable(name, display_path, frame, lines, True, [])


def _has_blank_row(table: pa.Table) -> bool:
    """Whether a row holds nothing but empty or blank cells (the exact reader reports it)."""
    if not table.num_columns or not table.num_rows:
        return False
    blank: pa.Array | None = None
    for column in table.columns:
        empty = pc.equal(pc.utf8_trim_whitespace(column), "")
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():
            return False  # most rows have a filled first cell: decided after one column
    return True


def _header(data: bytes) -> list[str] | None:
    """The header record as the exact reader parses it (None when it cannot)."""
    end = data.find(b"\n")
    first = data if end < 0 else data[: end + 1]
    if b'"' in first:
        return None  # a quoted header name: rare, and the exact reader knows it best
    try:
        return next(csv.reader(io.StringIO(first.decode("utf-8"), newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None


@dataclass(frozen=True)
class _Quoting:
    """What the quote bytes of a file say: it is strictly quoted, and whether a quoted cell
    holds a newline."""

    multiline: bool


def _quoting(data: bytes) -> _Quoting | None:
    """`_Quoting` when every quote byte is where strict CSV quoting puts it, else None.

    Quotes pair up: the 1st, 3rd, ... open a cell (at its start, or right after a closing
    quote as the second half of `""`), the 2nd, 4th, ... close one (at its end, or right
    before the next quote as the first half of `""`). A quote anywhere else (text after a
    closing quote, a quote inside an unquoted cell) or an odd count (an unclosed quote)
    fails, and the exact reader reads the file."""
    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == _QUOTE)
    if quotes.size == 0:
        return _Quoting(multiline=False)
    if quotes.size % 2:
        return None
    size = raw.size
    opening, closing = quotes[0::2], quotes[1::2]
    # An opening quote: at the start of the file or a cell, or the second half of `""`.
    before = np.where(opening > 0, raw[np.maximum(opening - 1, 0)], _LF)
    at_start = np.isin(before, (_COMMA, _LF))
    escaped = np.zeros(opening.size, dtype=bool)
    escaped[1:] = opening[1:] == closing[:-1] + 1
    if not np.all(at_start | escaped):
        return None
    # A closing quote: at the end of the file or a cell, or the first half of `""`.
    after = np.where(closing + 1 < size, raw[np.minimum(closing + 1, size - 1)], _LF)
    at_end = np.isin(after, (_COMMA, _LF, _CR))
    doubled = np.zeros(closing.size, dtype=bool)
    doubled[:-1] = opening[1:] == closing[:-1] + 1
    if not np.all(at_end | doubled):
        return None
    # Cell text lies between an opening quote and the closing one after it.
    newlines = np.flatnonzero(raw == _LF)
    inside = np.searchsorted(newlines, closing) - np.searchsorted(newlines, opening)
    return _Quoting(multiline=bool(np.any(inside > 0)))


def _record_lines(
    table: pa.Table, header: list[str], data: bytes, multiline: bool
) -> npt.NDArray[np.int64] | None:
    """The physical line each record starts on, or None when the lines do not add up to the
    file's (a blank line, or a record Arrow read differently from the exact reader)."""
    rows = table.num_rows
    inner = np.zeros(rows, dtype=np.int64)
    for column in table.columns if multiline else ():
        counts = pc.count_substring(column, "\n")
        inner += np.asarray(counts.to_numpy(zero_copy_only=False), dtype=np.int64)
    spans = inner + 1
    header_lines = 1 + sum(name.count("\n") for name in header)
    # Empty lines at the end of a file are harmless (editors add them); Arrow skips them.
    file_lines = data.rstrip(b"\r\n").count(b"\n") + 1
    if header_lines + int(spans.sum()) != file_lines:
        return None
    starts = np.empty(rows, dtype=np.int64)
    if rows:
        starts[0] = header_lines + 1
        np.cumsum(spans[:-1], out=starts[1:])
        starts[1:] += header_lines + 1
    return starts

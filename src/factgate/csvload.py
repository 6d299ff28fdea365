"""Read one CSV table into strings, with the physical line on which every row starts.

Why not `pandas.read_csv`: it pads a short row with empty cells without a word, turns a blank
line into a row of empty strings, and reports a ragged row by record number rather than by
physical line, so the line is wrong as soon as a quoted cell holds a newline. Python's `csv`
module (C-implemented) is strict about quoting and exposes `line_num`, which is exactly the
physical line a reviewer needs. Everything is read as text here; typing is a separate step
(`factgate.coerce`) so that a bad cell becomes a finding, not a slow or failed coercion.

The reader reports every structural defect of a file in one run, each at its line: bytes that
are not UTF-8, NUL bytes, blank and empty rows, rows with too few or too many cells, quotes
that do not parse, and what is wrong with the header. A defect costs its own row, not the rest
of the file: after a quote the `csv` module cannot parse, reading resumes on the next line, and
a header defect stops the cells from being checked only where the columns can no longer be
told apart (a column missing or named twice); the rows are still checked for structure.

The steps are separate functions (`decode`, `PhysicalLines`, `records`, `read_header`, and
`read_table`, which joins them) so that a faster reader can sit in front of this one and fall
back to it for a file it cannot take as it is.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from factgate.findings import Finding

#: The delimiters a spreadsheet export commonly uses instead of a comma.
_FOREIGN_DELIMITERS = (";", "\t", "|")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: What does not belong in a text CSV after decoding: a NUL, or a lone surrogate, which is how
#: `surrogateescape` decoding keeps a byte that is not UTF-8 (U+DC80 + the byte).
_NOT_TEXT = re.compile("[\x00\udc80-\udcff]")
#: Shown in a cell in place of a byte that is not text, as any UTF-8 decoder does.
_REPLACEMENT = "\ufffd"
_NOT_TEXT_TO_REPLACEMENT = dict.fromkeys([0, *range(0xDC80, 0xDD00)], _REPLACEMENT)
_ADVICE_RESAVE = "re-save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"
_ADVICE_QUOTE = 'write a quote inside a cell as "" and quote the whole cell ("...")'


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

    Never raises for bad content: every defect is a finding at its line, and a row with a
    defect is left out of `frame`. A file whose columns cannot be told apart comes back with
    `usable=False` and an empty `frame`, but with the findings of all its rows.
    """
    expected = list(expected_columns)

    def unusable(rule: str, message: str, line: int, found: Sequence[Finding] = ()) -> LoadedTable:
        finding = Finding(rule, "error", message, display_path, line)
        empty = _empty_frame(expected)
        return LoadedTable(name, display_path, empty, _no_lines(), False, [*found, finding])

    if not path.is_file():
        return unusable(
            "csv-missing-file",
            f"`{display_path}` does not exist; the table `{name}` needs at least its header "
            f"line: {','.join(expected)}",
            0,
        )
    decoded = decode(path.read_bytes())
    text = decoded.text
    if text is None:
        return unusable("csv-encoding", f"{decoded.problem}; {_ADVICE_RESAVE}", 1)
    if not text.strip():
        return unusable(
            "csv-empty-file",
            f"the file is empty; it needs at least the header line: {','.join(expected)}",
            1,
        )
    lines = PhysicalLines(text)
    findings = [] if decoded.clean else not_text_findings(lines, display_path)
    if findings:
        lines = PhysicalLines(text.translate(_NOT_TEXT_TO_REPLACEMENT))

    body = _Body(display_path)
    items = records(lines.lines)
    header: Header | None = None
    for item in items:
        if isinstance(item, Record) and _is_blank(item.cells):
            findings += body.blank(item)
            continue
        findings += body.leading_blanks()
        if isinstance(item, Unparsable):
            findings += body.unparsable(item, header_line=True)
            break  # the header itself does not parse: no column can be told apart
        header = read_header(item.cells, item.line, expected, display_path)
        findings += header.findings
        break
    else:  # nothing but blank lines: as good as empty
        return unusable(
            "csv-empty-file",
            f"the file holds only blank lines; it needs at least the header line: "
            f"{','.join(expected)}",
            1,
            findings,
        )
    width = header.width if header is not None else None
    rows, row_lines = body.read(items, width)
    findings += body.findings
    if header is None or header.positions is None:
        return LoadedTable(name, display_path, _empty_frame(expected), _no_lines(), False, findings)
    frame = _frame(rows, header.positions, expected)
    return LoadedTable(
        name, display_path, frame, np.asarray(row_lines, dtype=np.int64), True, findings
    )


# --- bytes to text ---------------------------------------------------------------------------


class Decoded(NamedTuple):
    """A file's text, or why it is not text (then `text` is None).

    `clean` is True when the text holds no NUL and no byte that is not UTF-8, which is what
    nearly every file is: then nothing needs to be searched for them.
    """

    text: str | None
    problem: str = ""
    clean: bool = True


def decode(raw: bytes) -> Decoded:
    """The file's text, with any byte that is not UTF-8 kept as a lone surrogate.

    The file as a whole not being UTF-8 text (UTF-16, binary) is one problem, not one per line.
    A byte-order mark is allowed, not content.
    """
    if raw.startswith(_UTF16_BOMS):
        return Decoded(None, "the file is UTF-16 text (it starts with a UTF-16 byte-order mark)")
    raw = raw.removeprefix(_UTF8_BOM)
    try:
        text = raw.decode("utf-8")
        clean = True
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="surrogateescape")
        clean = False
    if "\x00" in text:
        if text.count("\x00") * 4 > len(text):
            problem = "the file holds a NUL byte between most characters, as UTF-16 text does"
            return Decoded(None, problem)
        clean = False
    return Decoded(text, "", clean)


def not_text_findings(lines: PhysicalLines, display_path: str) -> list[Finding]:
    """One `csv-encoding` finding per line holding a byte that is not UTF-8, or a NUL byte."""
    found: dict[tuple[int, bool], list[int]] = {}  # (line, is NUL) -> offsets
    for match in _NOT_TEXT.finditer(lines.text):
        offset = match.start()
        found.setdefault((lines.line_of(offset), match.group() == "\x00"), []).append(offset)
    findings = []
    for (line, nul), offsets in found.items():
        first = offsets[0]
        column = lines.column_of(first)
        more = f" (and {len(offsets) - 1} more on this line)" if len(offsets) > 1 else ""
        if nul:
            message = (
                f"a NUL byte at column {column}{more}; a CSV is plain text: delete it (a NUL "
                "comes from binary data pasted into a cell, or from a file saved as UTF-16)"
            )
        else:
            byte = ord(lines.text[first]) - 0xDC00
            message = f"byte 0x{byte:02X} at column {column} is not UTF-8{more}; {_ADVICE_RESAVE}"
        findings.append(Finding("csv-encoding", "error", message, display_path, line))
    return findings


class PhysicalLines:
    """A text cut into physical lines as an editor counts them: after LF, CRLF or a lone CR.

    That is how the `csv` module counts `line_num` when read from `io.StringIO(newline="")`,
    so a line reported from an offset and a line reported by the reader agree.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[str] = list(io.StringIO(text, newline=""))

    @functools.cached_property
    def _starts(self) -> list[int]:
        """The offset of each line's first character (only a file with a defect needs them)."""
        return [0, *itertools.accumulate(len(line) for line in self.lines)]

    def line_of(self, offset: int) -> int:
        """The 1-based line holding character `offset`."""
        return bisect.bisect_right(self._starts, offset)

    def column_of(self, offset: int) -> int:
        """The 1-based column of character `offset` within its line."""
        return offset - self._starts[self.line_of(offset) - 1] + 1


# --- text to records -------------------------------------------------------------------------


class Record(NamedTuple):
    """The cells of one record and the physical line it starts on (an empty line: no cells)."""

    line: int
    cells: list[str]


class Unparsable(NamedTuple):
    """A record the `csv` module gave up on: where it starts, where the reader stopped, why."""

    line: int
    until: int
    reason: str


def records(lines: Sequence[str]) -> Iterator[Record | Unparsable]:
    """Every record of the text, with the physical line it starts on.

    The `csv` module stops at a quote it cannot parse, often many lines after the culprit (an
    unclosed quote runs on to the next quote in the file). The record that was being read is
    reported, and reading starts afresh on the line after the one that record started on: the
    usual cause is one stray quote, and the rows after it are fine.
    """
    resume = 0  # index into `lines` of the line the current reader starts on
    while resume < len(lines):
        reader = csv.reader((lines[i] for i in range(resume, len(lines))), strict=True)
        start = resume + 1
        try:
            for cells in reader:
                yield Record(start, cells)
                start = resume + reader.line_num + 1
        except csv.Error as exc:
            yield Unparsable(start, resume + reader.line_num, str(exc))
            resume = start  # the index of the line after the record's first line
            continue
        return


# --- the header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """What the header line says about the rows under it.

    `width` is the number of cells each row must have (None when the file is not
    comma-separated, so cells cannot be counted). `positions` maps each expected column to its
    cell index in a row; it is None when some expected column is missing or named twice.
    """

    line: int
    width: int | None
    positions: dict[str, int] | None
    findings: list[Finding]


def read_header(cells: list[str], line: int, expected: Sequence[str], display_path: str) -> Header:
    """Read a header line: which cell holds which column, and one finding for all its defects.

    Column order is free (people reorder columns in spreadsheets); names are not. A name with
    blanks around it still tells its column apart, so does a header with an extra or unnamed
    column; a missing or doubled column does not, and then no cell of the table is checked.
    """

    def header(width: int | None, positions: dict[str, int] | None, *problems: str) -> Header:
        if not problems:
            return Header(line, width, positions, [])
        advice = f"the header must name each of these once: {','.join(expected)}"
        if positions is None:
            advice += "; until it does, the cells of this table are not checked"
        message = f"{'; '.join(problems)}; {advice}"
        return Header(
            line, width, positions, [Finding("csv-header", "error", message, display_path, line)]
        )

    delimiter = _foreign_delimiter(cells, expected)
    if delimiter is not None:
        shown = "tab" if delimiter == "\t" else f"`{delimiter}`"
        return header(
            None,
            None,
            f"the file is delimited by {shown}, factgate reads comma-separated files; "
            "re-export it with `,` as the delimiter",
        )
    labels = [cell.strip() for cell in cells]
    counts = Counter(label for label in labels if label)
    duplicates = [label for label, count in counts.items() if count > 1]
    unnamed = [str(index + 1) for index, label in enumerate(labels) if not label]
    padded = [cell for cell in cells if cell != cell.strip() and cell.strip()]
    missing = [name for name in expected if name not in counts]
    unknown = [label for label in counts if label not in expected]
    problems = []
    if duplicates:
        problems.append(f"the header names {_names(duplicates)} more than once")
    if unnamed:
        which = "columns " + ", ".join(unnamed) if len(unnamed) > 1 else f"column {unnamed[0]}"
        problems.append(f"{which} of the header {'have' if len(unnamed) > 1 else 'has'} no name")
    if padded:
        problems.append(
            f"header names {_names(padded)} have leading or trailing blanks (remove them)"
        )
    if missing:
        problems.append(f"missing column {_names(missing)}")
    if unknown:
        problems.append(f"unknown column {_names(unknown)} (its cells are not checked)")
    told_apart = not missing and not set(duplicates) & set(expected)
    positions = {name: labels.index(name) for name in expected} if told_apart else None
    return header(len(cells), positions, *problems)


def _foreign_delimiter(cells: list[str], expected: Sequence[str]) -> str | None:
    """The delimiter of a one-cell header that is really a `;`-, tab- or `|`-separated one."""
    if len(cells) != 1:
        return None
    for delimiter in _FOREIGN_DELIMITERS:
        if delimiter in cells[0] and {c.strip() for c in cells[0].split(delimiter)} & set(expected):
            return delimiter
    return None


# --- the rows --------------------------------------------------------------------------------


class _Body:
    """Reads the records under the header into rows, and every defect of a row into a finding.

    Empty lines are held back until something follows them: at the end of a file they are
    harmless (editors add them), between rows they are a finding each.
    """

    def __init__(self, display_path: str) -> None:
        self.display_path = display_path
        self.findings: list[Finding] = []
        self._blank_lines: list[int] = []

    def read(
        self, items: Iterator[Record | Unparsable], width: int | None
    ) -> tuple[list[list[str]], list[int]]:
        """The rows with `width` cells and the lines they start on; the rest become findings."""
        rows: list[list[str]] = []
        lines: list[int] = []
        findings = self.findings
        for item in items:
            if isinstance(item, Unparsable):
                findings += self.unparsable(item)
                continue
            cells = item.cells
            if _is_blank(cells):
                findings += self.blank(item)
                continue
            if self._blank_lines:
                findings += self._flush("an empty line between rows; delete it")
            if width is not None and len(cells) != width:
                findings.append(self._ragged(cells, width, item.line))
                continue
            rows.append(cells)
            lines.append(item.line)
        return rows, lines

    def blank(self, record: Record) -> list[Finding]:
        """An empty line is held back; a row of empty cells is a finding at once."""
        if not record.cells:
            self._blank_lines.append(record.line)
            return []
        if any(record.cells):
            message = "the row holds nothing but blanks; delete the line"
        else:
            message = (
                "every cell of the row is empty; delete the line (a spreadsheet leaves such "
                "rows behind when rows are cleared instead of deleted)"
            )
        return [self._finding("csv-blank-row", message, record.line)]

    def leading_blanks(self) -> list[Finding]:
        """Empty lines above the header: the header must be the first line."""
        return self._flush("an empty line above the header; delete it (the header comes first)")

    def unparsable(self, item: Unparsable, header_line: bool = False) -> list[Finding]:
        """A record whose quotes do not parse, reported where it starts, with the likely cause."""
        found = self._flush("an empty line between rows; delete it")
        reason = item.reason
        if "expected after" in reason and item.until == item.line:
            message = f"text follows the closing quote of a cell; {_ADVICE_QUOTE}"
        elif "expected after" in reason:
            message = (
                f"a quote opened in this row runs on to line {item.until}, where text follows "
                f"its closing quote; close the quote where the cell ends, or {_ADVICE_QUOTE}"
            )
        elif "end of data" in reason:
            message = (
                "a quote opened in this row is never closed, so the rest of the file would be "
                f"one cell; close it, or {_ADVICE_QUOTE}"
            )
        elif "field limit" in reason:
            message = (
                f"a cell starting in this row runs on past {csv.field_size_limit()} characters "
                f"(to line {item.until}); look for a quote that is opened and never closed"
            )
        else:
            message = (
                f"the CSV cannot be parsed here ({reason}); look for a quote that is opened "
                f"and never closed, or {_ADVICE_QUOTE}"
            )
        if header_line:
            message += "; this is the header line, so no column can be told apart"
        found.append(self._finding("csv-structure", message, item.line))
        return found

    def _flush(self, message: str) -> list[Finding]:
        found = [self._finding("csv-blank-row", message, line) for line in self._blank_lines]
        self._blank_lines.clear()
        return found

    def _ragged(self, cells: list[str], width: int, line: int) -> Finding:
        """A row with the wrong number of cells: say how many, and the usual cause."""
        if len(cells) > width and not any(cells[width:]):
            message = (
                f"the row has {len(cells)} cells, the header {width}; the extra cells are "
                "empty: remove the trailing commas"
            )
        elif len(cells) > width:
            message = (
                f"the row has {len(cells)} cells, the header {width}; a cell holding a comma "
                'must be quoted ("..."), e.g. a German decimal like 1,5'
            )
        else:
            message = f"the row has {len(cells)} cells, the header {width}; add the missing cells"
        return self._finding("csv-ragged-row", message, line)

    def _finding(self, rule: str, message: str, line: int) -> Finding:
        return Finding(rule, "error", message, self.display_path, line)


def _is_blank(cells: list[str]) -> bool:
    """True for an empty line and for a row whose every cell is empty or blanks."""
    # Most rows start with a filled key cell: decide on it before looking at the rest.
    if cells and cells[0] and not cells[0].isspace():
        return False
    return not "".join(cells).strip()


# --- helpers ---------------------------------------------------------------------------------


def _frame(rows: list[list[str]], positions: dict[str, int], expected: list[str]) -> pd.DataFrame:
    """The rows as a frame of the expected columns, in their expected order."""
    if not rows:
        return _empty_frame(expected)
    frame = pd.DataFrame(rows, dtype=object)
    frame = frame.iloc[:, [positions[name] for name in expected]]
    frame.columns = pd.Index(expected)
    return frame.reset_index(drop=True)


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in columns})


def _no_lines() -> npt.NDArray[np.int64]:
    return np.zeros(0, dtype=np.int64)

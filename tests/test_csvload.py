"""`factgate.csvload.read_table`: every row carries the physical line on which it starts.

A reviewer jumps to `file:line` from a report, so the line must be the one an editor shows:
quoted cells may span lines (LF or CRLF inside the quotes), files may use CRLF, start with a
byte-order mark, or hold blank lines, and none of that may shift the lines of later rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factgate.csvload import LoadedTable, read_table

COLUMNS = ("id", "value", "note")
DISPLAY = "data/sample.csv"


def load(tmp_path: Path, content: bytes, columns: tuple[str, ...] = COLUMNS) -> LoadedTable:
    """Write `content` as a CSV file and read it back as the table `sample`."""
    path = tmp_path / "sample.csv"
    path.write_bytes(content)
    return read_table("sample", path, DISPLAY, columns)


def lines_of(table: LoadedTable) -> list[int]:
    return [int(line) for line in table.lines]


def ids_of(table: LoadedTable) -> list[str]:
    return [str(value) for value in table.frame["id"]]


def test_plain_rows_start_on_consecutive_lines(tmp_path: Path) -> None:
    table = load(tmp_path, b"id,value,note\na,1,x\nb,2,y\nc,3,z\n")
    assert table.usable
    assert table.findings == []
    assert ids_of(table) == ["a", "b", "c"]
    assert lines_of(table) == [2, 3, 4]
    assert table.file == DISPLAY


def test_last_row_without_trailing_newline_is_read(tmp_path: Path) -> None:
    table = load(tmp_path, b"id,value,note\na,1,x\nb,2,y")
    assert ids_of(table) == ["a", "b"]
    assert lines_of(table) == [2, 3]


@pytest.mark.parametrize(
    ("content", "note", "expected_lines"),
    [
        pytest.param(
            b'id,value,note\na,1,"first\nsecond"\nb,2,y\n',
            "first\nsecond",
            [2, 4],
            id="lf-in-quotes",
        ),
        pytest.param(
            b'id,value,note\r\na,1,"first\r\nsecond"\r\nb,2,y\r\n',
            "first\r\nsecond",
            [2, 4],
            id="crlf-in-quotes",
        ),
        pytest.param(
            b'id,value,note\na,1,"one\ntwo\nthree"\nb,2,y\n',
            "one\ntwo\nthree",
            [2, 5],
            id="two-newlines-in-quotes",
        ),
        pytest.param(
            b'id,value,note\na,1,"para\n\npara"\nb,2,y\n',
            "para\n\npara",
            [2, 5],
            id="blank-line-in-quotes",
        ),
    ],
)
def test_row_after_a_multiline_cell_gets_its_physical_line(
    tmp_path: Path, content: bytes, note: str, expected_lines: list[int]
) -> None:
    table = load(tmp_path, content)
    assert table.usable
    assert table.findings == []
    assert ids_of(table) == ["a", "b"]
    assert table.frame["note"].iloc[0] == note
    assert lines_of(table) == expected_lines


def test_several_multiline_cells_accumulate(tmp_path: Path) -> None:
    content = b'id,value,note\na,1,"x\ny"\nb,2,plain\nc,3,"p\r\nq\r\nr"\nd,4,end\n'
    table = load(tmp_path, content)
    assert ids_of(table) == ["a", "b", "c", "d"]
    # a: lines 2-3, b: 4, c: 5-7, d: 8
    assert lines_of(table) == [2, 4, 5, 8]


def test_crlf_file(tmp_path: Path) -> None:
    table = load(tmp_path, b"id,value,note\r\na,1,x\r\nb,2,y\r\nc,3,z\r\n")
    assert table.usable
    assert ids_of(table) == ["a", "b", "c"]
    assert lines_of(table) == [2, 3, 4]
    # the line ending is not part of the last cell
    assert list(table.frame["note"]) == ["x", "y", "z"]


def test_byte_order_mark_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    table = load(tmp_path, b"\xef\xbb\xbfid,value,note\r\na,1,x\r\nb,2,y\r\n")
    assert table.usable
    assert table.findings == []
    assert list(table.frame.columns) == list(COLUMNS)
    assert ids_of(table) == ["a", "b"]
    assert lines_of(table) == [2, 3]


def test_encoding_error_after_a_byte_order_mark_names_the_right_line(tmp_path: Path) -> None:
    """Excel's "CSV UTF-8" writes a BOM; a Latin-1 "ä" pasted in later is on line 3, column 6."""
    table = load(tmp_path, b"\xef\xbb\xbfid,value,note\na,1,x\nb,2,S\xe4rge\n")
    assert not table.usable
    [finding] = table.findings
    assert finding.rule == "csv-encoding"
    assert finding.line == 3
    assert "0xE4" in finding.message
    assert "column 6" in finding.message


def test_encoding_error_without_bom(tmp_path: Path) -> None:
    table = load(tmp_path, b"id,value,note\na,1,x\nb,2,S\xe4rge\n")
    assert not table.usable
    [finding] = table.findings
    assert (finding.rule, finding.file, finding.line) == ("csv-encoding", DISPLAY, 3)
    assert "0xE4" in finding.message
    assert "UTF-8" in finding.message


@pytest.mark.parametrize(
    ("content", "expected_lines"),
    [
        pytest.param(b"id,value,note\n\na,1,x\n\n\nb,2,y\n\n", [3, 6], id="lf"),
        pytest.param(b"id,value,note\r\n\r\na,1,x\r\n\r\nb,2,y\r\n\r\n", [3, 5], id="crlf"),
        pytest.param(b'id,value,note\na,1,"x\ny"\n\nb,2,y\n', [2, 5], id="after-multiline-cell"),
    ],
)
def test_blank_lines_are_skipped_without_shifting_lines(
    tmp_path: Path, content: bytes, expected_lines: list[int]
) -> None:
    table = load(tmp_path, content)
    assert table.usable
    assert table.findings == []
    assert ids_of(table) == ["a", "b"]
    assert lines_of(table) == expected_lines


def test_header_in_another_column_order(tmp_path: Path) -> None:
    table = load(tmp_path, b"note,id,value\nx,a,1\ny,b,2\n")
    assert table.usable
    assert table.findings == []
    assert list(table.frame.columns) == list(COLUMNS)
    assert table.frame.to_dict("records") == [
        {"id": "a", "value": "1", "note": "x"},
        {"id": "b", "value": "2", "note": "y"},
    ]
    assert lines_of(table) == [2, 3]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"id,value,note\n", id="lf"),
        pytest.param(b"id,value,note", id="no-newline"),
        pytest.param(b"id,value,note\r\n\r\n", id="crlf-and-blank"),
    ],
)
def test_header_only_file_is_an_empty_usable_table(tmp_path: Path, content: bytes) -> None:
    table = load(tmp_path, content)
    assert table.usable
    assert table.findings == []
    assert len(table.frame) == 0
    assert list(table.frame.columns) == list(COLUMNS)
    assert lines_of(table) == []


def test_cells_are_kept_as_written(tmp_path: Path) -> None:
    """Typing is a later step: the loader neither strips nor converts anything."""
    table = load(tmp_path, b'id,value,note\na,6.000," padded "\nb,,\n')
    assert table.frame.to_dict("records") == [
        {"id": "a", "value": "6.000", "note": " padded "},
        {"id": "b", "value": "", "note": ""},
    ]


def test_ragged_rows_are_reported_on_their_line_and_later_lines_stay_right(
    tmp_path: Path,
) -> None:
    content = b'id,value,note\na,1,"x\ny"\nb,2\nc,3,z,extra\nd,4,w\n'
    table = load(tmp_path, content)
    assert table.usable
    assert sorted((f.rule, f.line) for f in table.findings) == [
        ("csv-ragged-row", 4),
        ("csv-ragged-row", 5),
    ]
    assert ids_of(table) == ["a", "d"]
    assert lines_of(table) == [2, 6]


@pytest.mark.parametrize(
    ("content", "row_line"),
    [
        pytest.param(b'id,value,note\na,1,x\nb,2,"open\nc,3,z\nd,4,w\n', 3, id="runs-to-end"),
        pytest.param(b'id,value,note\na,1,"open\nb,2,y\nc,3,"z"\n', 2, id="closed-lines-later"),
        pytest.param(b'id,value,note\na,1,x\nb,2,"open" z\n', 3, id="text-after-quote"),
    ],
)
def test_unclosed_quote_is_reported_where_its_row_starts(
    tmp_path: Path, content: bytes, row_line: int
) -> None:
    table = load(tmp_path, content)
    assert not table.usable
    [finding] = table.findings
    assert finding.rule == "csv-structure"
    assert finding.file == DISPLAY
    assert finding.line == row_line
    assert "quote" in finding.message

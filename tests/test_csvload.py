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
    [finding] = table.findings
    assert finding.rule == "csv-encoding"
    assert finding.line == 3
    assert "0xE4" in finding.message
    assert "column 6" in finding.message


def test_encoding_error_is_one_finding_per_line_and_the_rows_are_still_read(
    tmp_path: Path,
) -> None:
    """The byte is shown as U+FFFD in its cell; the row and every other row are still read."""
    table = load(tmp_path, b"id,value,note\na,1,x\nb,2,S\xe4rge \xfc\nc,3,\xe4\n")
    assert table.usable
    assert [(f.rule, f.file, f.line) for f in table.findings] == [
        ("csv-encoding", DISPLAY, 3),
        ("csv-encoding", DISPLAY, 4),
    ]
    assert "0xE4" in table.findings[0].message
    assert "1 more on this line" in table.findings[0].message
    assert "UTF-8" in table.findings[0].message
    assert ids_of(table) == ["a", "b", "c"]
    assert list(table.frame["note"]) == ["x", "S\ufffdrge \ufffd", "\ufffd"]


def test_nul_byte_is_a_finding_on_its_line(tmp_path: Path) -> None:
    table = load(tmp_path, b'id,value,note\na,1,"x\ny"\nb,2,S\x00rge\n')
    [finding] = table.findings
    assert (finding.rule, finding.line) == ("csv-encoding", 4)
    assert "NUL" in finding.message
    assert "column 6" in finding.message
    assert ids_of(table) == ["a", "b"]
    assert lines_of(table) == [2, 4]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("id,value,note\na,1,x\n".encode("utf-16"), id="utf-16-with-bom"),
        pytest.param("id,value,note\na,1,x\n".encode("utf-16-le"), id="utf-16-without-bom"),
    ],
)
def test_utf16_file_is_one_finding(tmp_path: Path, content: bytes) -> None:
    table = load(tmp_path, content)
    assert not table.usable
    [finding] = table.findings
    assert (finding.rule, finding.line) == ("csv-encoding", 1)
    assert "UTF-16" in finding.message
    assert "re-save the file as UTF-8" in finding.message


@pytest.mark.parametrize(
    ("content", "expected_lines", "blank_lines"),
    [
        pytest.param(b"id,value,note\n\na,1,x\n\n\nb,2,y\n\n", [3, 6], [2, 4, 5], id="lf"),
        pytest.param(b"id,value,note\r\n\r\na,1,x\r\n\r\nb,2,y\r\n\r\n", [3, 5], [2, 4], id="crlf"),
        pytest.param(
            b'id,value,note\na,1,"x\ny"\n\nb,2,y\n', [2, 5], [4], id="after-multiline-cell"
        ),
        pytest.param(b"id,value,note\na,1,x\nb,2,y\n\n\n\n", [2, 3], [], id="only-at-the-end"),
        pytest.param(b"\nid,value,note\na,1,x\nb,2,y\n", [3, 4], [1], id="above-the-header"),
    ],
)
def test_blank_lines_between_rows_are_findings_and_do_not_shift_lines(
    tmp_path: Path, content: bytes, expected_lines: list[int], blank_lines: list[int]
) -> None:
    """A blank line between rows is reported at its line; blank lines ending the file are not."""
    table = load(tmp_path, content)
    assert table.usable
    assert [(f.rule, f.line) for f in table.findings] == [
        ("csv-blank-row", line) for line in blank_lines
    ]
    assert all("delete it" in f.message for f in table.findings)
    assert ids_of(table) == ["a", "b"]
    assert lines_of(table) == expected_lines


@pytest.mark.parametrize(
    ("row", "advice"),
    [
        pytest.param(b",,", "every cell of the row is empty", id="all-empty"),
        pytest.param(b",,,,", "every cell of the row is empty", id="all-empty-and-ragged"),
        pytest.param(b'"","",""', "every cell of the row is empty", id="all-quoted-empty"),
        pytest.param(b"  ,\t, ", "nothing but blanks", id="blanks"),
        pytest.param(b"   ", "nothing but blanks", id="one-blank-cell"),
    ],
)
def test_row_of_empty_cells_is_one_finding_and_left_out(
    tmp_path: Path, row: bytes, advice: str
) -> None:
    """Left in, such a row would give one required-cell finding per column; it is one defect."""
    table = load(tmp_path, b'id,value,note\na,1,"x\ny"\n' + row + b"\nb,2,y\n" + row + b"\n")
    assert table.usable
    assert [(f.rule, f.line) for f in table.findings] == [
        ("csv-blank-row", 4),
        ("csv-blank-row", 6),
    ]
    assert advice in table.findings[0].message
    assert "delete the line" in table.findings[0].message
    assert ids_of(table) == ["a", "b"]
    assert lines_of(table) == [2, 5]


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
    ("content", "row_line", "advice", "later"),
    [
        pytest.param(
            b'id,value,note\na,1,x\nb,2,"open\nc,3,z\nd,4,w\n',
            3,
            "never closed",
            {"a": 2, "c": 4, "d": 5},
            id="runs-to-end",
        ),
        pytest.param(
            b'id,value,note\na,1,"open\nb,2,y\nc,3,"z"\n',
            2,
            "runs on to line 4",
            {"b": 3, "c": 4},
            id="closed-lines-later",
        ),
        pytest.param(
            b'id,value,note\na,1,x\nb,2,"open" z\nc,3,z\n',
            3,
            "text follows the closing quote",
            {"a": 2, "c": 4},
            id="text-after-quote",
        ),
        pytest.param(
            b'id,value,note\na,1,"x\ny"\nb,2,"open" z\nc,3,z\n',
            4,
            "text follows the closing quote",
            {"a": 2, "c": 5},
            id="text-after-quote-after-multiline-cell",
        ),
    ],
)
def test_unparsable_quote_is_reported_where_its_row_starts_and_reading_goes_on(
    tmp_path: Path, content: bytes, row_line: int, advice: str, later: dict[str, int]
) -> None:
    """Only the row with the stray quote is lost: reading resumes on the line after its start."""
    table = load(tmp_path, content)
    assert table.usable
    [finding] = table.findings
    assert finding.rule == "csv-structure"
    assert finding.file == DISPLAY
    assert finding.line == row_line
    assert advice in finding.message
    assert '""' in finding.message
    assert dict(zip(ids_of(table), lines_of(table), strict=True)) == later


# --- header defects: one finding, and the body is still read ---------------------------------

#: Rows with defects of their own: a blank line (4), a short row (5), a row of empty cells (7).
BODY_WITH_DEFECTS = b'a,1,"x\ny"\n\nb,2\nc,3,z\n,,\n'
THREE = [5]  # the rows that are ragged under a three-column header
FOUR = [2, 5, 6]  # ... under a four-column one
TWO = [2, 6]  # ... under a two-column one


@pytest.mark.parametrize(
    ("header", "advice", "ragged", "usable"),
    [
        pytest.param(b"id, value,note", ("` value`", "blanks", "remove them"), THREE, True,
                     id="padded"),
        pytest.param(b"id,value,note,", ("column 4", "no name"), FOUR, True, id="blank-extra"),
        pytest.param(b"id,value,note,remarks", ("unknown column `remarks`",), FOUR, True,
                     id="extra"),
        pytest.param(b"id,value,value", ("`value`", "more than once", "missing column `note`"),
                     THREE, False, id="duplicate"),
        pytest.param(b"id,,note", ("column 2", "no name", "missing column `value`"), THREE,
                     False, id="blank"),
        pytest.param(b"id,note", ("missing column `value`",), TWO, False, id="missing"),
    ],
)  # fmt: skip
def test_header_defect_is_one_finding_and_does_not_hide_the_body(
    tmp_path: Path, header: bytes, advice: tuple[str, ...], ragged: list[int], usable: bool
) -> None:
    """Where the columns can still be told apart the cells are read; the rows always are."""
    table = load(tmp_path, header + b"\n" + BODY_WITH_DEFECTS)

    [header_finding] = [f for f in table.findings if f.rule == "csv-header"]
    assert header_finding.line == 1
    for part in advice:
        assert part in header_finding.message
    assert "id,value,note" in header_finding.message  # what the header must name
    body = sorted((f.line, f.rule) for f in table.findings if f.rule != "csv-header")
    expected = [(4, "csv-blank-row"), (7, "csv-blank-row")]
    assert body == sorted(expected + [(line, "csv-ragged-row") for line in ragged])
    assert table.usable is usable
    if not usable:
        assert "not checked" in header_finding.message
        assert len(table.frame) == 0
    else:
        assert list(table.frame.columns) == list(COLUMNS)
        assert lines_of(table) == [line for line in (2, 6) if line not in ragged]


def test_header_after_blank_lines_is_found_and_the_lines_reported(tmp_path: Path) -> None:
    table = load(tmp_path, b"\n\nid,value,note\na,1,x\n")
    assert [(f.rule, f.line) for f in table.findings] == [
        ("csv-blank-row", 1),
        ("csv-blank-row", 2),
    ]
    assert "above the header" in table.findings[0].message
    assert ids_of(table) == ["a"]
    assert lines_of(table) == [4]


def test_header_that_does_not_parse_still_lets_the_body_be_scanned(tmp_path: Path) -> None:
    table = load(tmp_path, b'"id" x,value,note\na,1,x\n\nb,2,y\n')
    assert not table.usable
    assert [(f.rule, f.line) for f in table.findings] == [
        ("csv-structure", 1),
        ("csv-blank-row", 3),
    ]
    assert "header line" in table.findings[0].message


@pytest.mark.parametrize(
    "content",
    [pytest.param(b"", id="empty"), pytest.param(b"\n\r\n \n", id="blank-lines")],
)
def test_empty_file_is_one_finding(tmp_path: Path, content: bytes) -> None:
    table = load(tmp_path, content)
    assert not table.usable
    [finding] = table.findings
    assert (finding.rule, finding.line) == ("csv-empty-file", 1)
    assert "id,value,note" in finding.message


def test_semicolon_header_is_reported_once_not_per_row(tmp_path: Path) -> None:
    table = load(tmp_path, b"id;value;note\na;1;x\nb;1,5;y\n")
    assert not table.usable
    [finding] = table.findings
    assert (finding.rule, finding.line) == ("csv-header", 1)
    assert "delimited by `;`" in finding.message


def test_extra_cells_that_are_empty_get_their_own_advice(tmp_path: Path) -> None:
    table = load(tmp_path, b"id,value,note\na,1,x,,\nb,2,y\n")
    [finding] = table.findings
    assert (finding.rule, finding.line) == ("csv-ragged-row", 2)
    assert "remove the trailing commas" in finding.message
    assert ids_of(table) == ["b"]

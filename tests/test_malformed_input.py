"""Malformed input through the command line: a finding with file, line and advice, never a crash.

Each case damages one file of a private copy of the bundled project the way an editor or a
spreadsheet would, runs `factgate validate`, and asserts exit status 1, no traceback, and a
finding with the expected rule at `data/<table>.csv` on the line where the damage is, whose
message says what to do about it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

RunCli = Callable[..., tuple[int, str, str]]
BOM = b"\xef\xbb\xbf"


# --- editing helpers -------------------------------------------------------------------------


def line_of(text: str, offset: int) -> int:
    """The 1-based physical line holding character `offset` of `text`."""
    return text.count("\n", 0, offset) + 1


def row_line(path: Path, key: str) -> int:
    """The physical line on which the row whose first cell is `key` starts (found by search)."""
    text = path.read_bytes().decode("utf-8-sig")
    match = re.search(rf"^{re.escape(key)},", text, flags=re.MULTILINE)
    assert match is not None, f"no row {key!r} in {path}"
    return line_of(text, match.start())


def replace_bytes(path: Path, old: bytes, new: bytes) -> int:
    """Replace the single occurrence of `old` in the file; return the line it was on."""
    raw = path.read_bytes()
    assert raw.count(old) == 1, f"{old!r} occurs {raw.count(old)} times in {path}"
    offset = raw.index(old)
    path.write_bytes(raw.replace(old, new))
    return raw.count(b"\n", 0, offset) + 1


def set_cells(path: Path, key: str, changes: dict[str, str]) -> int:
    """Set cells of the row whose first cell is `key`; return the line where that row starts.

    The row is re-serialised with the csv module (so a value holding a comma or a quote is
    quoted properly) and spliced back in place; every other byte of the file stays as it was.
    """
    raw = path.read_bytes()
    bom = raw.startswith(BOM)
    text = raw.decode("utf-8-sig")
    lines = [part for part in re.split(r"(?<=\n)", text) if part]
    reader = csv.reader(lines, strict=True)
    header = next(reader)
    start = reader.line_num
    for record in reader:
        end = reader.line_num
        if record and record[0] == key:
            cells = dict(zip(header, record, strict=True))
            assert set(changes) <= set(cells), f"unknown columns {set(changes) - set(cells)}"
            cells.update(changes)
            ending = "\r\n" if lines[end - 1].endswith("\r\n") else "\n"
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator=ending).writerow([cells[name] for name in header])
            lines[start:end] = [buffer.getvalue()]
            path.write_bytes((BOM if bom else b"") + "".join(lines).encode("utf-8"))
            return start + 1
        start = end
    raise AssertionError(f"no row {key!r} in {path}")


# --- running ---------------------------------------------------------------------------------


def validate(run_cli: RunCli, root: Path) -> tuple[int, str, dict[str, Any]]:
    """Run the CLI on `root`; return exit status, stderr and the parsed report.json."""
    out = root / "out"
    status, _stdout, stderr = run_cli("validate", "--root", str(root), "--out", str(out))
    report_path = out / "report.json"
    assert report_path.is_file(), f"no report.json (exit {status}); stderr:\n{stderr}"
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    return status, stderr, report


# --- cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One way of damaging the project: `damage` edits a copy and returns the expected line."""

    rule: str
    file: str
    damage: Callable[[Path], int]
    advice: tuple[str, ...]
    #: The damage replaces or removes the whole file, so no row can come before it.
    whole_file: bool = False


def _latin1_umlaut(root: Path) -> int:
    return replace_bytes(
        root / "data" / "figures.csv",
        "nur sechs Särge".encode(),
        "nur sechs Särge".encode("latin-1"),
    )


def _nul_byte(root: Path) -> int:
    return replace_bytes(root / "data" / "actors.csv", b"Sergei Schoigu", b"Sergei\x00Schoigu")


def _too_many_cells(root: Path) -> int:
    # An unquoted comma inside the evidence splits it into two cells.
    return replace_bytes(root / "data" / "figures.csv", b",nur sechs S", b",nur sechs, S")


def _too_few_cells(root: Path) -> int:
    # One of the empty date cells of the hypothetical figure is deleted.
    return replace_bytes(root / "data" / "figures.csv", b"hypothetical,,,,", b"hypothetical,,,")


def _insert_line_before(path: Path, key: str, line_text: bytes) -> int:
    """Insert `line_text` as a line of its own above the row `key`; return its line."""
    raw = path.read_bytes()  # bytes, not text: the file may no longer be UTF-8
    offset = raw.index(b"\n" + key.encode() + b",") + 1
    path.write_bytes(raw[:offset] + line_text + b"\n" + raw[offset:])
    return raw.count(b"\n", 0, offset) + 1


def _blank_line_between_rows(root: Path) -> int:
    return _insert_line_before(root / "data" / "figures.csv", "coffins-shown-prk-media", b"")


def _row_of_empty_cells(root: Path) -> int:
    """What a spreadsheet leaves behind when a row's cells are cleared instead of deleted."""
    return _insert_line_before(root / "data" / "figures.csv", "coffins-shown-prk-media", b"," * 17)


def _empty_key(root: Path) -> int:
    return set_cells(root / "data" / "actors.csv", "nis", {"actor_id": ""})


def _text_after_closing_quote(root: Path) -> int:
    return replace_bytes(
        root / "data" / "actors.csv",
        b"nis,National Intelligence Service (NIS),",
        b'nis,"National Intelligence" Service (NIS),',
    )


def _header(root: Path, table: str, old: bytes, new: bytes) -> int:
    path = root / "data" / f"{table}.csv"
    raw = path.read_bytes()
    first_line = raw.split(b"\n", 1)[0]
    assert old in first_line
    path.write_bytes(raw.replace(first_line, first_line.replace(old, new, 1), 1))
    return 1


def _duplicate_header(root: Path) -> int:
    return _header(root, "figures", b"location,notes", b"location,location")


def _missing_column(root: Path) -> int:
    return _header(root, "figures", b",notes", b"")


def _unknown_column(root: Path) -> int:
    return _header(root, "figures", b"location,notes", b"location,notes,remarks")


def _blank_header_label(root: Path) -> int:
    return _header(root, "actors", b"name,kind", b",kind")


def _padded_header(root: Path) -> int:
    return _header(root, "actors", b"name,kind", b"name, kind")


def _empty_file(root: Path) -> int:
    (root / "data" / "figures.csv").write_bytes(b"")
    return 1


def _semicolon_export(root: Path) -> int:
    """A German spreadsheet's "CSV" export: `;` between cells, `,` inside them unquoted."""
    path = root / "data" / "actors.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return 1


def _thousands_separator(root: Path) -> int:
    return set_cells(
        root / "data" / "figures.csv", "casualties-kwc-western-intel", {"value_best": "6.000"}
    )


def _unclosed_quote_same_line(root: Path) -> int:
    # The quote closes at the start of the notes cell, then text follows it.
    return replace_bytes(root / "data" / "figures.csv", b",nur sechs S", b',"nur sechs S')


def _unclosed_quote_swallowing_rows(root: Path) -> int:
    # The opened quote runs on over the next rows until the next `"` in the file.
    return replace_bytes(
        root / "data" / "actors.csv", b"nis,National Intelligence", b'nis,"National Intelligence'
    )


def _missing_file(root: Path) -> int:
    (root / "data" / "events.csv").unlink()
    return 0  # the file as a whole: there is no line to point at


def _formula_cell(root: Path) -> int:
    return set_cells(
        root / "data" / "figures.csv",
        "workers-pledged-shoigu",
        {"location": '=HYPERLINK("http://example.org","click")'},
    )


def _leading_blank(root: Path) -> int:
    return set_cells(
        root / "data" / "actors.csv", "nis", {"name": " National Intelligence Service"}
    )


def _impossible_date(root: Path) -> int:
    return set_cells(
        root / "data" / "figures.csv", "troops-deployed-western-intel", {"date_start": "2025-02-30"}
    )


def _german_date(root: Path) -> int:
    return set_cells(
        root / "data" / "events.csv", "delegation-visits-moscow", {"date_start": "30.6.2025"}
    )


def _not_a_boolean(root: Path) -> int:
    return set_cells(
        root / "data" / "figures.csv", "munitions-delivered-nis", {"increment": "nein"}
    )


CASES = {
    "latin1-umlaut": Case("csv-encoding", "data/figures.csv", _latin1_umlaut, ("UTF-8", "0xE4")),
    "nul-byte": Case("csv-encoding", "data/actors.csv", _nul_byte, ("NUL",)),
    "too-many-cells": Case(
        "csv-ragged-row", "data/figures.csv", _too_many_cells, ("19 cells", "18", "quoted")
    ),
    "too-few-cells": Case(
        "csv-ragged-row", "data/figures.csv", _too_few_cells, ("17 cells", "18", "add the missing")
    ),
    "blank-line-between-rows": Case(
        "csv-blank-row", "data/figures.csv", _blank_line_between_rows, ("empty line", "delete it")
    ),
    "row-of-empty-cells": Case(
        "csv-blank-row",
        "data/figures.csv",
        _row_of_empty_cells,
        ("every cell of the row is empty", "delete the line"),
    ),
    "empty-key": Case(
        "required-cell", "data/actors.csv", _empty_key, ("`actor_id` is empty", "required")
    ),
    "blank-header-label": Case(
        "csv-header",
        "data/actors.csv",
        _blank_header_label,
        ("column 2 of the header has no name", "missing column `name`"),
    ),
    "text-after-closing-quote": Case(
        "csv-structure",
        "data/actors.csv",
        _text_after_closing_quote,
        ("text follows the closing quote", '""'),
    ),
    "duplicate-header": Case(
        "csv-header", "data/figures.csv", _duplicate_header, ("`location`", "more than once")
    ),
    "missing-column": Case(
        "csv-header", "data/figures.csv", _missing_column, ("missing column `notes`",)
    ),
    "unknown-column": Case(
        "csv-header", "data/figures.csv", _unknown_column, ("unknown column `remarks`",)
    ),
    "padded-header": Case("csv-header", "data/actors.csv", _padded_header, ("` kind`", "blanks")),
    "empty-file": Case(
        "csv-empty-file",
        "data/figures.csv",
        _empty_file,
        ("header line", "figure_id,source_id"),
        whole_file=True,
    ),
    "semicolon-export": Case(
        "csv-header",
        "data/actors.csv",
        _semicolon_export,
        ("delimited by `;`", "re-export"),
        whole_file=True,
    ),
    "thousands-separator": Case(
        "cell-type", "data/figures.csv", _thousands_separator, ("'6.000'", "write 6000")
    ),
    "unclosed-quote-same-line": Case(
        "csv-structure", "data/figures.csv", _unclosed_quote_same_line, ("quote",)
    ),
    "unclosed-quote-swallowing-rows": Case(
        "csv-structure", "data/actors.csv", _unclosed_quote_swallowing_rows, ("quote",)
    ),
    "missing-file": Case(
        "csv-missing-file",
        "data/events.csv",
        _missing_file,
        ("does not exist", "event_id"),
        whole_file=True,
    ),
    "formula-cell": Case(
        "no-formula-cell", "data/figures.csv", _formula_cell, ("formula", "=HYPERLINK")
    ),
    "leading-blank": Case(
        "clean-text", "data/actors.csv", _leading_blank, ("remove leading or trailing blanks",)
    ),
    "impossible-date": Case(
        "cell-type",
        "data/figures.csv",
        _impossible_date,
        ("'2025-02-30'", "not a date that exists"),
    ),
    "german-date": Case(
        "cell-type", "data/events.csv", _german_date, ("YYYY-MM-DD", "write 2025-06-30")
    ),
    "not-a-boolean": Case("cell-type", "data/figures.csv", _not_a_boolean, ("true or false",)),
}


MULTILINE = "first line\nsecond line"


def multiline_first_row(path: Path) -> None:
    """Make the last cell of the first row a quoted cell holding a newline.

    Every row after it then starts one physical line further down than its record number
    says, which is where a reader that counts records instead of lines goes wrong.
    """
    header, first = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[:2]
    set_cells(path, first[0], {header[-1]: MULTILINE})


#: The structural defects, each once more with a multi-line cell in a row above it.
AFTER_MULTILINE = [
    name
    for name, case in CASES.items()
    if not case.whole_file and (case.rule.startswith("csv-") or name == "empty-key")
]


@pytest.mark.parametrize(
    ("name", "after_multiline"),
    [pytest.param(name, False, id=name) for name in CASES]
    + [pytest.param(name, True, id=f"{name}-after-multiline-cell") for name in AFTER_MULTILINE],
)
def test_malformed_input_is_a_finding_on_the_right_line(
    project: Path, run_cli: RunCli, name: str, after_multiline: bool
) -> None:
    case = CASES[name]
    if after_multiline:
        multiline_first_row(project / case.file)
    expected_line = case.damage(project)
    if after_multiline and expected_line > 1:
        assert expected_line > 2, "the damage must come after the row with the newline"

    status, stderr, report = validate(run_cli, project)

    assert "Traceback" not in stderr
    assert status == 1, stderr
    assert report["verdict"] == "fail"
    matching = [f for f in report["findings"] if f["rule"] == case.rule]
    assert matching, f"no {case.rule} finding in {report['findings']}"
    where = [(f["file"], f["line"]) for f in matching]
    assert (case.file, expected_line) in where, f"expected {case.file}:{expected_line}, got {where}"
    finding = next(f for f in matching if (f["file"], f["line"]) == (case.file, expected_line))
    assert finding["severity"] == "error"
    for advice in case.advice:
        assert advice in finding["message"]
    for found in report["findings"]:
        assert isinstance(found["message"], str)
        assert found["row_id"] is None or isinstance(found["row_id"], str)
        assert all(v is None or isinstance(v, str) for v in found["columns"].values())
    assert (project / "out" / "findings.csv").is_file()


#: A few of the cases above (each gate run validates twice, base and change).
GATE_CASES = ["row-of-empty-cells", "empty-key", "duplicate-header", "unclosed-quote-same-line"]


@pytest.mark.parametrize("name", GATE_CASES)
def test_gate_on_a_malformed_change_is_a_finding_not_a_crash(
    project: Path, run_cli: RunCli, name: str
) -> None:
    """The gate reads the change (and the base) with the same reader: a verdict, never exit 2."""
    import subprocess

    def git(*args: str) -> None:
        command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args]
        subprocess.run(command, cwd=project, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    case = CASES[name]
    expected_line = case.damage(project)

    out = project / "out"
    status, _stdout, stderr = run_cli("gate", "--root", str(project), "--out", str(out), "main")

    assert "Traceback" not in stderr
    assert status == 1, stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    where = {(f["rule"], f["file"], f["line"]) for f in report["findings"]}
    assert (case.rule, case.file, expected_line) in where


def test_ragged_row_does_not_hide_problems_in_other_rows(project: Path, run_cli: RunCli) -> None:
    """A bad row is reported and dropped; the rows after it are still read and checked."""
    figures = project / "data" / "figures.csv"
    ragged = _too_many_cells(project)
    later = set_cells(figures, "troops-hypothetical-zinberg", {"hedge": "roughly"})
    assert later > ragged

    status, stderr, report = validate(run_cli, project)

    assert status == 1
    assert "Traceback" not in stderr
    found = {(f["rule"], f["file"], f["line"]) for f in report["findings"]}
    assert ("csv-ragged-row", "data/figures.csv", ragged) in found
    assert ("value-vocabulary", "data/figures.csv", later) in found


def test_every_defect_of_a_file_is_reported_in_one_run(project: Path, run_cli: RunCli) -> None:
    """Structural defects cost their own row only: the rest is read, typed and checked."""
    figures = project / "data" / "figures.csv"
    multiline_first_row(figures)
    vocabulary = set_cells(figures, "munitions-delivered-nis", {"hedge": "roughly"})
    # From here on the file no longer parses as CSV, so the edits are made on its bytes, from
    # the top down: a line inserted must not shift a row whose line is already taken.
    expected = {
        ("value-vocabulary", vocabulary),
        ("csv-encoding", replace_bytes(figures, b"Tote und", b"Tote \xfcnd")),
        ("csv-blank-row", _blank_line_between_rows(project)),
        ("csv-ragged-row", _too_many_cells(project)),
        ("csv-structure", replace_bytes(figures, b',"rund 11.000', b',"rund" 11.000')),
        ("csv-blank-row", _insert_line_before(figures, "troops-hypothetical-zinberg", b",,,")),
    }
    assert len({line for _, line in expected}) == len(expected)

    status, stderr, report = validate(run_cli, project)

    assert "Traceback" not in stderr
    assert status == 1, stderr
    found = {(f["rule"], f["line"]) for f in report["findings"] if f["file"] == "data/figures.csv"}
    assert expected <= found, f"missing {expected - found}"


@pytest.mark.parametrize(
    ("header", "width", "usable"),
    [
        pytest.param(b"location, notes", 18, True, id="padded-label"),
        pytest.param(b"location,notes,", 19, True, id="blank-extra-label"),
        pytest.param(b"location,location", 18, False, id="duplicate-label"),
        pytest.param(b"location,", 18, False, id="blank-label"),
    ],
)
def test_header_defect_does_not_hide_the_defects_of_the_rows(
    project: Path, run_cli: RunCli, header: bytes, width: int, usable: bool
) -> None:
    """The rows' defects come in the same run; their cells too where the columns are known."""
    figures = project / "data" / "figures.csv"
    multiline_first_row(figures)
    vocabulary = set_cells(figures, "munitions-delivered-nis", {"hedge": "roughly"})
    _header(project, "figures", b"location,notes", header)
    blank = _blank_line_between_rows(project)
    short = _too_few_cells(project)

    status, stderr, report = validate(run_cli, project)

    assert "Traceback" not in stderr
    assert status == 1, stderr
    found = {(f["rule"], f["line"]) for f in report["findings"] if f["file"] == "data/figures.csv"}
    assert {("csv-header", 1), ("csv-blank-row", blank), ("csv-ragged-row", short)} <= found
    if width == 18:
        assert (("value-vocabulary", vocabulary) in found) is usable
    else:  # the header has one cell more than the rows: each row is ragged, none is checked
        assert ("csv-ragged-row", vocabulary) in found


def test_one_unreadable_table_does_not_stop_the_others(project: Path, run_cli: RunCli) -> None:
    """Without its `notes` column the figures' cells cannot be checked; the actors' can."""
    header_line = _missing_column(project)
    formula_line = set_cells(project / "data" / "actors.csv", "zinberg", {"role": "@SUM(A1)"})

    status, stderr, report = validate(run_cli, project)

    assert status == 1
    assert "Traceback" not in stderr
    found = {(f["rule"], f["file"], f["line"]) for f in report["findings"]}
    assert ("csv-header", "data/figures.csv", header_line) in found
    assert ("no-formula-cell", "data/actors.csv", formula_line) in found
    # checks that need the unreadable table are skipped with a reason, not run on nothing
    for rule in report["rules"]:
        if "figures" in rule["tables"] and rule["origin"] == "check":
            assert rule["status"] == "skipped"
            assert rule["skipped_reason"]


def _break_json(root: Path) -> int:
    """Drop the comma after the descriptor's `profile`: the parser stops on the next line."""
    path = root / "data" / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    match = re.search(r'"profile": "tabular-data-package",\n', text)
    assert match is not None
    path.write_text(text[: match.end() - 2] + "\n" + text[match.end() :], encoding="utf-8")
    return line_of(text, match.end())


def _no_resources(root: Path) -> int:
    path = root / "data" / "datapackage.json"
    path.write_text('{"name": "x", "resources": [{"name": "figures"}]}\n', encoding="utf-8")
    return 1


def _latin1_descriptor(root: Path) -> int:
    path = root / "data" / "datapackage.json"
    return replace_bytes(
        path, b'"title": "Figures reported', b'"title": "Zahlen \xfcber Figures reported'
    )


@pytest.mark.parametrize(
    ("damage", "advice"),
    [
        pytest.param(_break_json, "JSON", id="invalid-json"),
        pytest.param(_no_resources, "schema", id="resource-without-schema"),
        pytest.param(_latin1_descriptor, "UTF-8", id="not-utf8"),
    ],
)
def test_malformed_datapackage_is_a_finding(
    project: Path, run_cli: RunCli, damage: Callable[[Path], int], advice: str
) -> None:
    expected_line = damage(project)

    status, stderr, report = validate(run_cli, project)

    assert status == 1, stderr
    assert "Traceback" not in stderr
    assert report["verdict"] == "fail"
    [finding] = [f for f in report["findings"] if f["rule"] == "datapackage"]
    assert finding["file"] == "data/datapackage.json"
    assert finding["line"] == expected_line
    assert finding["severity"] == "error"
    assert advice in finding["message"]


def test_hostile_cells_are_reported_with_their_values(project: Path, run_cli: RunCli) -> None:
    """Formula starts (= + - @) and control characters each become a finding on their row."""
    figures = project / "data" / "figures.csv"
    lines = {
        "+": set_cells(figures, "munitions-delivered-nis", {"location": "+49 30 1234"}),
        "-": set_cells(figures, "casualties-kw-russia-zinberg", {"location": "-Front"}),
        "@": set_cells(figures, "coffins-shown-prk-media", {"location": "@Pjöngjang"}),
    }
    bell = set_cells(figures, "troops-deployed-western-intel", {"location": "Kursk\x07"})

    status, stderr, report = validate(run_cli, project)

    assert status == 1
    assert "Traceback" not in stderr
    formula = {f["line"]: f for f in report["findings"] if f["rule"] == "no-formula-cell"}
    for start, line in lines.items():
        assert line in formula, f"a cell starting with {start!r} was not reported"
        assert formula[line]["columns"]["location"].startswith(start)
        assert formula[line]["file"] == "data/figures.csv"
    clean = [f for f in report["findings"] if f["rule"] == "clean-text"]
    assert [(f["file"], f["line"]) for f in clean] == [("data/figures.csv", bell)]
    assert clean[0]["columns"] == {"location": "Kursk\x07"}


# --- a descriptor that parses but does not fit the tables ------------------------------------


def edit_descriptor(root: Path, table: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply `change` to the resource `table` of the copy's datapackage.json."""
    path = root / "data" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    [resource] = [r for r in descriptor["resources"] if r["name"] == table]
    change(resource)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fk_to_unknown_field(resource: dict[str, Any]) -> None:
    resource["schema"]["foreignKeys"][0]["reference"]["fields"] = "source_key"


def _fk_to_unknown_resource(resource: dict[str, Any]) -> None:
    resource["schema"]["foreignKeys"][0]["reference"]["resource"] = "source"


def _fk_from_unknown_field(resource: dict[str, Any]) -> None:
    resource["schema"]["foreignKeys"][0]["fields"] = "source"


def _pk_unknown_field(resource: dict[str, Any]) -> None:
    resource["schema"]["primaryKey"] = "figure"


def _path_outside_data(resource: dict[str, Any]) -> None:
    resource["path"] = "../../outside/figures.csv"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        pytest.param(_fk_to_unknown_field, "source_key", id="foreign-key-to-unknown-field"),
        pytest.param(_fk_to_unknown_resource, "source", id="foreign-key-to-unknown-resource"),
        pytest.param(_fk_from_unknown_field, "source", id="foreign-key-from-unknown-field"),
        pytest.param(_pk_unknown_field, "figure", id="primary-key-unknown-field"),
        pytest.param(_path_outside_data, "../../outside/figures.csv", id="path-outside-data"),
    ],
)
def test_descriptor_that_does_not_fit_is_a_datapackage_finding(
    project: Path, run_cli: RunCli, change: Callable[[dict[str, Any]], None], named: str
) -> None:
    """A typo in a key or path must not crash the run, nor silently switch a check off.

    One row is broken as well, so that every code path that names rows by key is exercised.
    """
    outside = project.parent / "outside"
    outside.mkdir()
    (outside / "figures.csv").write_bytes((project / "data" / "figures.csv").read_bytes())
    edit_descriptor(project, "figures", change)
    set_cells(project / "data" / "figures.csv", "munitions-delivered-nis", {"hedge": "roughly"})

    status, stderr, report = validate(run_cli, project)

    assert "Traceback" not in stderr
    assert status == 1, stderr
    hits = [f for f in report["findings"] if f["rule"] == "datapackage"]
    assert hits, f"no datapackage finding in {report['findings']}"
    assert hits[0]["file"] == "data/datapackage.json"
    assert hits[0]["severity"] == "error"
    assert named in hits[0]["message"]
    assert all(not f["file"].startswith(("/", "..")) for f in report["findings"])


# --- tables with no rows, numbers that do not fit --------------------------------------------


TABLES = ["sources", "actors", "figures", "events", "relations", "retractions", "exceptions"]
ROWS_REQUIRED = {"sources", "actors", "figures"}


@pytest.mark.parametrize("table", TABLES)
def test_header_only_table_is_checked_not_crashed(
    project: Path, run_cli: RunCli, table: str
) -> None:
    """A table emptied to its header is valid CSV: the run ends in a verdict, never exit 2.

    Tables the dataset cannot do without (marked `"rows": "required"` in the Data Package)
    get one `csv-no-rows` error at the header line; the others are simply empty."""
    path = project / "data" / f"{table}.csv"
    header = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(header + b"\n")

    status, stderr, report = validate(run_cli, project)

    assert "Traceback" not in stderr
    assert status in (0, 1), stderr
    assert report["summary"]["tables"][table] == 0
    on_file = [f for f in report["findings"] if f["file"] == f"data/{table}.csv"]
    if table in ROWS_REQUIRED:
        assert [(f["rule"], f["severity"], f["line"]) for f in on_file] == [
            ("csv-no-rows", "error", 1)
        ]
        assert "header but no rows" in on_file[0]["message"]
        assert status == 1
    else:
        assert on_file == []
    if table == "sources":  # every figure and event now names a source that does not exist
        broken = {(f["rule"], f["file"]) for f in report["findings"]}
        assert ("foreign-key", "data/figures.csv") in broken
        assert status == 1


def test_number_too_large_gets_honest_advice(project: Path, run_cli: RunCli) -> None:
    value = "12345678901234567890"  # 20 digits: more than a 64-bit count holds
    line = set_cells(
        project / "data" / "figures.csv", "troops-deployed-western-intel", {"value_best": value}
    )

    status, stderr, report = validate(run_cli, project)

    assert status == 1
    assert "Traceback" not in stderr
    [finding] = [f for f in report["findings"] if f["rule"] == "cell-type" and f["line"] == line]
    assert finding["columns"] == {"value_best": value}
    # the advice must not be to write the very same value, nor to remove blanks it does not have
    assert f"write {value}" not in finding["message"]
    assert "blank" not in finding["message"]


# --- a finding is text whatever the cells hold -----------------------------------------------


def test_empty_key_cell_is_a_finding_with_no_row_id(project: Path, run_cli: RunCli) -> None:
    """An empty key used to become a NaN row ID, and the report crashed slicing it."""
    line = set_cells(project / "data" / "actors.csv", "nis", {"actor_id": ""})

    status, stderr, report = validate(run_cli, project)

    assert "Traceback" not in stderr
    assert status == 1, stderr
    at_line = [f for f in report["findings"] if (f["file"], f["line"]) == ("data/actors.csv", line)]
    [key] = [f for f in at_line if f["rule"] == "required-cell" and "actor_id" in f["columns"]]
    assert key["row_id"] is None
    assert "`actor_id`" in key["message"]


@pytest.mark.parametrize("missing", [float("nan"), None], ids=["nan", "none"])
def test_a_missing_message_or_key_becomes_text_or_none(missing: object) -> None:
    """A check that concatenates a message with an empty cell hands in NaN, not text."""
    from factgate.findings import Finding

    finding = Finding("some-rule", "error", missing, "data/figures.csv", 3, missing)  # type: ignore[arg-type]

    data = finding.to_dict()
    assert isinstance(data["message"], str)
    assert "`some-rule`" in data["message"]
    assert data["row_id"] is None


def test_cells_of_any_type_become_text_in_a_finding() -> None:
    import numpy as np
    import pandas as pd

    from factgate.findings import Finding

    cells = {
        "a": pd.NA,
        "b": np.int64(6000),
        "c": pd.Timestamp("2025-07-02"),
        "d": float("nan"),
        "e": "as written",
    }
    finding = Finding(
        "some-rule",
        "error",
        "a message",
        "data/figures.csv",
        np.int64(3),  # type: ignore[arg-type]
        np.str_("key"),
        cells,  # type: ignore[arg-type]
    )

    data = finding.to_dict()
    assert data["message"] == "a message"
    assert data["row_id"] == "key"
    assert type(data["row_id"]) is str
    assert type(data["line"]) is int
    assert data["columns"] == {
        "a": None,
        "b": "6000",
        "c": "2025-07-02",
        "d": None,
        "e": "as written",
    }
    json.dumps(data)  # plain JSON, nothing left that needs a custom encoder

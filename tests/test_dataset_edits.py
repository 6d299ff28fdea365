"""One wrong edit to the dataset, and the finding points at exactly that file and line.

Each test copies the bundled project, changes ONE cell of one row (a value, a date, an ID, a
foreign key), runs `factgate validate`, and asserts that report.json has a finding of the
expected rule at that file and on the physical line where the edited row starts. The expected
line is found by searching the CSV text for the row, never hard-coded.

Every edit runs on three layouts of the same data: as shipped; with a quoted newline in the
notes of each table's first row (so every later row's line differs from its index + 2); and
with CRLF line endings.
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
LAYOUTS = ["as-shipped", "multiline-notes", "crlf"]


# --- reading and writing CSV text ------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def write_rows(path: Path, rows: list[list[str]], ending: str = "\n") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def line_of_row(path: Path, prefix: str) -> int:
    """The physical line where the row starting with `prefix` + "," begins: a text search."""
    text = path.read_bytes().decode("utf-8-sig")
    starts = [m.start() for m in re.finditer(rf"^{re.escape(prefix)},", text, flags=re.MULTILINE)]
    assert len(starts) == 1, f"{prefix!r} starts {len(starts)} rows of {path}"
    return text.count("\n", 0, starts[0]) + 1


def apply_layout(root: Path, layout: str) -> None:
    """Re-lay the copied data out without changing any cell that a rule looks at."""
    for path in sorted((root / "data").glob("*.csv")):
        rows = read_rows(path)
        if layout == "multiline-notes":
            header = rows[0]
            notes = next((c for c in ("notes", "note", "role", "reason") if c in header), None)
            if notes is not None and len(rows) > 1:
                column = header.index(notes)
                rows[1][column] = "Edited in a spreadsheet.\nSecond paragraph of the note."
            write_rows(path, rows)
        elif layout == "crlf":
            write_rows(path, rows, ending="\r\n")


def set_cell(path: Path, prefix: str, column: str, value: str) -> None:
    """Change one cell of the row whose leading cells read `prefix`, keeping the line ending."""
    raw = path.read_bytes()
    ending = "\r\n" if b"\r\n" in raw else "\n"
    rows = read_rows(path)
    header = rows[0]
    width = len(prefix.split(","))
    matches = [row for row in rows[1:] if ",".join(row[:width]) == prefix]
    assert len(matches) == 1, f"{prefix!r} matches {len(matches)} rows of {path}"
    assert matches[0][header.index(column)] != value, "the edit must change the cell"
    matches[0][header.index(column)] = value
    write_rows(path, rows, ending)


# --- the edits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Set `column` of the row `prefix` in `table` to `value`; expect `rule` on that row."""

    table: str
    prefix: str
    column: str
    value: str
    rule: str
    row_id: str | None = None  # the key the finding names, when the edit changes the key


EDITS = {
    "value-negative": Edit(
        "figures", "troops-deployed-western-intel", "value_best", "-5", "value-range"
    ),
    "value-german-thousands": Edit(
        "figures", "troops-deployed-western-intel", "value_best", "11.000", "cell-type"
    ),
    "value-words": Edit(
        "figures", "casualties-kwc-western-intel", "value_best", "sechstausend", "cell-type"
    ),
    "value-low-above-high": Edit(
        "figures", "coffins-shown-prk-media", "value_low", "60", "bounds-ordered"
    ),
    "date-impossible": Edit(
        "figures", "casualties-kwc-western-intel", "date_start", "2025-06-31", "cell-type"
    ),
    "date-end-before-start": Edit(
        "events", "prk-media-publish-footage", "date_end", "2025-06-29", "dates-ordered"
    ),
    "figure-date-end-before-start": Edit(
        "figures", "coffins-shown-prk-media", "date_end", "2025-06-01", "dates-ordered"
    ),
    "id-invalid-slug": Edit(
        "figures",
        "munitions-delivered-nis",
        "figure_id",
        "Munitions delivered (NIS)",
        "value-pattern",
        row_id="Munitions delivered (NIS)",
    ),
    "id-duplicate": Edit(
        "figures",
        "casualties-kw-russia-zinberg",
        "figure_id",
        "munitions-delivered-nis",
        "unique-value",
        row_id="munitions-delivered-nis",
    ),
    "event-id-invalid-slug": Edit(
        "events",
        "dw-publishes-article",
        "event_id",
        "dw_publishes_article",
        "value-pattern",
        row_id="dw_publishes_article",
    ),
    "claimant-unknown": Edit(
        "figures", "munitions-delivered-nis", "claimant_id", "nis-korea", "foreign-key"
    ),
    "figure-source-unknown": Edit(
        "figures", "coffins-shown-prk-media", "source_id", "dw-2025-07-03", "foreign-key"
    ),
    "event-actor-unknown": Edit(
        "events", "shoigu-announces-pledge", "actor_id", "schoigu", "foreign-key"
    ),
    "relation-other-unknown": Edit(
        "relations",
        "coffins-shown-prk-media,subset_of,casualties-kwc-western-intel",
        "other_id",
        "casualties-kwc-western-intelligence",
        "foreign-key",
        row_id="coffins-shown-prk-media|subset_of|casualties-kwc-western-intelligence",
    ),
    "relation-figure-unknown": Edit(
        "relations",
        "troops-hypothetical-zinberg,alternative_claim_of,workers-pledged-shoigu",
        "figure_id",
        "troops-hypothetical",
        "foreign-key",
        row_id="troops-hypothetical|alternative_claim_of|workers-pledged-shoigu",
    ),
}


def run(run_cli: RunCli, root: Path) -> tuple[int, dict[str, Any]]:
    out = root / "out"
    status, _, stderr = run_cli("validate", "--root", str(root), "--out", str(out))
    assert "Traceback" not in stderr
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return status, report


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_alone_keeps_the_dataset_valid(project: Path, run_cli: RunCli, layout: str) -> None:
    apply_layout(project, layout)
    status, report = run(run_cli, project)
    assert status == 0, [f for f in report["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", list(EDITS))
def test_one_cell_edit_is_reported_at_its_file_and_line(
    project: Path, run_cli: RunCli, name: str, layout: str
) -> None:
    edit = EDITS[name]
    apply_layout(project, layout)
    path = project / "data" / f"{edit.table}.csv"
    expected_line = line_of_row(path, edit.prefix)
    if layout == "multiline-notes":
        position = next(
            i for i, row in enumerate(read_rows(path)[1:]) if ",".join(row).startswith(edit.prefix)
        )
        if position > 0:  # a row after the one with the two-line note
            assert expected_line == position + 3
    set_cell(path, edit.prefix, edit.column, edit.value)

    status, report = run(run_cli, project)

    assert status == 1
    assert report["verdict"] == "fail"
    hits = [f for f in report["findings"] if f["rule"] == edit.rule]
    where = [(f["file"], f["line"]) for f in hits]
    assert (f"data/{edit.table}.csv", expected_line) in where, (
        f"expected {edit.rule} at data/{edit.table}.csv:{expected_line}, got {where}"
    )
    finding = hits[where.index((f"data/{edit.table}.csv", expected_line))]
    assert finding["severity"] == "error"
    expected_id = edit.row_id or edit.prefix.replace(",", "|")
    assert finding["row_id"] == expected_id
    assert finding["columns"].get(edit.column) == edit.value


def test_duplicate_id_names_both_lines(project: Path, run_cli: RunCli) -> None:
    apply_layout(project, "multiline-notes")
    path = project / "data" / "figures.csv"
    original = line_of_row(path, "munitions-delivered-nis")
    edited = line_of_row(path, "troops-hypothetical-zinberg")
    set_cell(path, "troops-hypothetical-zinberg", "figure_id", "munitions-delivered-nis")

    status, report = run(run_cli, project)

    assert status == 1
    hits = [f for f in report["findings"] if f["rule"] == "unique-value"]
    assert sorted(f["line"] for f in hits) == sorted([original, edited])
    for finding in hits:
        assert f"lines {min(original, edited)}, {max(original, edited)}" in finding["message"]


def test_untouched_rows_have_no_findings(project: Path, run_cli: RunCli) -> None:
    """Row-level rules report the edited row and no other row of that table."""
    apply_layout(project, "multiline-notes")
    path = project / "data" / "figures.csv"
    line = line_of_row(path, "casualties-kw-russia-zinberg")
    set_cell(path, "casualties-kw-russia-zinberg", "value_low", "-100000")

    status, report = run(run_cli, project)

    assert status == 1
    row_level = {r["id"] for r in report["rules"] if r["origin"] in ("schema", "engine")}
    in_figures = {
        (f["rule"], f["line"])
        for f in report["findings"]
        if f["file"] == "data/figures.csv" and f["rule"] in row_level
    }
    assert ("value-range", line) in in_figures
    assert {found_line for _, found_line in in_figures} == {line}

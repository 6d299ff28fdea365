"""The Pandera models in `schemas/`: the bundled data passes, each kind of wrong row fails.

Two levels. Directly, each model validates a frame typed the way the engine types it
(`factgate.coerce.type_columns`), and a broken frame raises `SchemaErrors` naming the check.
Through the command line, a broken cell in a copy of the project becomes a finding with the
rule ID (the check's method name in kebab-case) on the line of the row in report.json.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest

from factgate.coerce import column_kind, type_columns
from factgate.csvload import read_table
from factgate.project import Project, load_project
from factgate.schema import rule_id_of
from factgate.testing import copy_project

RunCli = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parents[1]
BOM = b"\xef\xbb\xbf"


#: The tests' own project data (a frozen copy of the DW article's rows).
FIXTURE_DATA = REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The fixture project (its data, this repository's schemas), loaded once."""
    return load_project(copy_project(REPO, tmp_path_factory.mktemp("fixture"), FIXTURE_DATA))


def typed_frame(project: Project, table: str) -> pd.DataFrame:
    """The bundled CSV of `table`, read and typed as the engine does before Pandera runs."""
    spec = project.tables[table]
    model = project.schemas[table]
    loaded = read_table(table, project.data_dir / spec.path, spec.path, spec.fields)
    assert loaded.usable, loaded.findings
    kinds = {name: column_kind(col.dtype) for name, col in model.to_schema().columns.items()}
    frame, bad = type_columns(loaded.frame, kinds)
    assert not any(mask.any() for mask in bad.values())
    return frame


def failed_checks(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> set[str]:
    """Validate lazily; return the names of the checks that failed (Pandera's names)."""
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        model.validate(frame, lazy=True)
    return {str(getattr(error.check, "name", error.check)) for error in caught.value.schema_errors}


def put(frame: pd.DataFrame, position: int, column: str | list[str], value: object) -> None:
    """`frame.loc[position, column] = value` (pandas-stubs types `.loc` too narrowly for this)."""
    loc: Any = frame.loc
    loc[position, column] = value


def row_position(frame: pd.DataFrame, column: str, key: str) -> int:
    positions = frame.index[frame[column] == key].tolist()
    assert len(positions) == 1, f"{key!r} is on {len(positions)} rows"
    return int(positions[0])


# --- direct model tests ----------------------------------------------------------------------


TABLES = sorted(p.stem for p in (REPO / "schemas").glob("[!_]*.py"))


def test_every_declared_table_has_a_model(bundled: Project) -> None:
    assert sorted(bundled.schemas) == sorted(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_bundled_table_passes_its_model(bundled: Project, table: str) -> None:
    frame = typed_frame(bundled, table)
    model = bundled.schemas[table]
    validated = model.validate(frame, lazy=True)
    assert len(validated) == len(frame)


def test_bad_slug_fails_str_matches(bundled: Project) -> None:
    frame = typed_frame(bundled, "figures")
    put(frame, 0, "figure_id", "Troops_Deployed")
    assert failed_checks(bundled.schemas["figures"], frame) == {"str_matches"}


def test_duplicate_id_fails_field_uniqueness(bundled: Project) -> None:
    frame = typed_frame(bundled, "actors")
    put(frame, 1, "actor_id", frame.loc[0, "actor_id"])
    assert failed_checks(bundled.schemas["actors"], frame) == {"field_uniqueness"}


@pytest.mark.parametrize(
    ("table", "column", "word"),
    [
        pytest.param("figures", "hedge", "roughly", id="hedge"),
        pytest.param("stages", "kind", "rumour", id="stage-kind"),
        pytest.param("events", "weekday_stated", "Monday", id="weekday"),
    ],
)
def test_unknown_vocabulary_word_fails_isin(
    bundled: Project, table: str, column: str, word: str
) -> None:
    frame = typed_frame(bundled, table)
    put(frame, 0, column, word)
    assert failed_checks(bundled.schemas[table], frame) == {"isin"}


def test_negative_count_fails_greater_than_or_equal_to(bundled: Project) -> None:
    frame = typed_frame(bundled, "figures")
    position = row_position(frame, "figure_id", "troops-deployed-western-intel")
    put(frame, position, "value_best", -5)
    assert failed_checks(bundled.schemas["figures"], frame) == {"greater_than_or_equal_to"}


def test_low_above_best_fails_bounds_ordered(bundled: Project) -> None:
    frame = typed_frame(bundled, "figures")
    position = row_position(frame, "figure_id", "troops-deployed-western-intel")
    put(
        frame,
        position,
        ["hedge", "value_low", "value_best", "value_high"],
        [
            "range",
            12000,
            11000,
            13000,
        ],
    )
    failed = failed_checks(bundled.schemas["figures"], frame)
    assert failed == {"_bounds_ordered"}
    assert {rule_id_of(check) for check in bundled.schemas["figures"].to_schema().checks} >= {
        "bounds-ordered",
        "hedge-matches-bounds",
        "dates-ordered",
        "precision-matches-span",
        "dates-complete",
    }


def _figure_row(bundled: Project, **cells: Any) -> pd.DataFrame:
    """One valid figure (the first bundled row) with `cells` changed."""
    frame = typed_frame(bundled, "figures").iloc[[0]].reset_index(drop=True)
    for column, value in cells.items():
        frame[column] = pd.Series([value], dtype=frame[column].dtype)
    return frame


@pytest.mark.parametrize(
    ("hedge", "low", "best", "high"),
    [
        ("exact", 5, 5, 5),
        ("approx", None, 5, None),
        ("more_than", 5, None, None),
        ("at_least", 5, None, None),
        ("vague_plural", 5, None, None),
        ("up_to", None, None, 5),
        ("less_than", None, None, 5),
        ("just_under", None, None, 5),
        ("range", 1, None, 9),
        ("range", 1, 5, 9),
    ],
)
def test_each_hedge_passes_with_its_bounds(
    bundled: Project, hedge: str, low: int | None, best: int | None, high: int | None
) -> None:
    frame = _figure_row(bundled, hedge=hedge, value_low=low, value_best=best, value_high=high)
    bundled.schemas["figures"].validate(frame, lazy=True)


@pytest.mark.parametrize(
    ("hedge", "low", "best", "high"),
    [
        pytest.param("approx", 10000, 11000, None, id="approx-with-low"),
        pytest.param("exact", 5000, 6000, 6000, id="exact-low-not-best"),
        pytest.param("exact", None, 6000, None, id="exact-best-only"),
        pytest.param("more_than", 10, None, 20, id="more-than-with-high"),
        pytest.param("up_to", 10, None, 20, id="up-to-with-low"),
        pytest.param("vague_plural", None, 100000, None, id="vague-plural-with-best-only"),
        pytest.param("range", 10, None, None, id="range-without-high"),
    ],
)
def test_hedge_with_wrong_bounds_fails_hedge_matches_bounds(
    bundled: Project, hedge: str, low: int | None, best: int | None, high: int | None
) -> None:
    frame = _figure_row(bundled, hedge=hedge, value_low=low, value_best=best, value_high=high)
    assert failed_checks(bundled.schemas["figures"], frame) == {"_hedge_matches_bounds"}


def test_hypothetical_without_dates_passes(bundled: Project) -> None:
    frame = _figure_row(
        bundled, stage="hypothetical", date_start=pd.NaT, date_end=pd.NaT, date_precision=None
    )
    bundled.schemas["figures"].validate(frame, lazy=True)


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        pytest.param("2025-07-02", None, "day", id="no-end"),
        pytest.param(None, "2025-07-02", "day", id="no-start"),
        pytest.param("2025-07-02", "2025-07-02", None, id="no-precision"),
    ],
)
def test_partial_dates_fail_dates_complete(
    bundled: Project, start: str | None, end: str | None, precision: str | None
) -> None:
    """Whether a figure may have no date at all is the check `dates-present`'s (its stage's
    kind is data); that start, end and precision come together is the schema's."""
    frame = _figure_row(
        bundled, date_start=pd.Timestamp(start) if start else pd.NaT,
        date_end=pd.Timestamp(end) if end else pd.NaT, date_precision=precision,
    )  # fmt: skip
    failed = failed_checks(bundled.schemas["figures"], frame)
    assert "_dates_complete" in failed


def test_relation_to_itself_fails(bundled: Project) -> None:
    frame = typed_frame(bundled, "relations")
    put(frame, 0, "other_id", frame.loc[0, "figure_id"])
    assert failed_checks(bundled.schemas["relations"], frame) == {"_relation_not_reflexive"}


def test_duplicate_compound_key_fails(bundled: Project) -> None:
    frame = typed_frame(bundled, "relations")
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    put(frame, len(frame) - 1, "note", "the same relation, noted twice")
    assert failed_checks(bundled.schemas["relations"], frame) == {"multiple_fields_uniqueness"}


# --- through the command line ----------------------------------------------------------------


def row_line(path: Path, key: str) -> int:
    """The line where the row whose first cell(s) read `key` starts, found by searching."""
    text = path.read_bytes().decode("utf-8-sig")
    match = re.search(rf"^{re.escape(key)},", text, flags=re.MULTILINE)
    assert match is not None, f"no row {key!r} in {path}"
    return text.count("\n", 0, match.start()) + 1


def set_cells(path: Path, key: str, changes: dict[str, str]) -> None:
    """Change cells of the row whose first cell is `key`, rewriting the file with csv."""
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    [row] = [row for row in rows[1:] if row and row[0] == key]
    for column, value in changes.items():
        row[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def append_row(path: Path, row: list[str]) -> int:
    """Append a data row; return its line."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    path.write_text(text + buffer.getvalue(), encoding="utf-8")
    return text.count("\n") + 1


def findings_of(run_cli: RunCli, root: Path) -> tuple[int, dict[str, Any]]:
    out = root / "out"
    status, _, stderr = run_cli("validate", "--root", str(root), "--out", str(out))
    assert "Traceback" not in stderr
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return status, report


# table, row key, changes, expected rule
EDITS: dict[str, tuple[str, str, dict[str, str], str]] = {
    "bad-slug": (
        "figures",
        "munitions-delivered-nis",
        {"figure_id": "Munitions_NIS"},
        "value-pattern",
    ),
    "bad-country": ("actors", "dw", {"country": "DE"}, "value-pattern"),
    "bad-language": (
        "sources",
        "dw-2025-07-02-nordkorea-russland",
        {"language": "deu"},
        "value-pattern",
    ),
    "hedge-word": (
        "figures",
        "troops-deployed-western-intel",
        {"hedge": "roughly"},
        "value-vocabulary",
    ),
    "quantity-word": (
        "figures",
        "troops-deployed-western-intel",
        {"quantity": "soldiers"},
        "value-vocabulary",
    ),
    "actor-kind": ("actors", "zinberg", {"kind": "professor"}, "value-vocabulary"),
    "relation-word": (
        "relations",
        "casualties-kwc-western-intel",
        {"relation": "part_of"},
        "value-vocabulary",
    ),
    "negative-count": (
        "figures",
        "troops-deployed-western-intel",
        {"value_best": "-5"},
        "value-range",
    ),
    "bounds-ordered": (
        "figures",
        "troops-deployed-western-intel",
        {"hedge": "range", "value_low": "12000", "value_best": "", "value_high": "10000"},
        "bounds-ordered",
    ),
    "approx-with-low": (
        "figures",
        "troops-deployed-western-intel",
        {"value_low": "10000"},
        "hedge-matches-bounds",
    ),
    "exact-low-not-best": (
        "figures",
        "workers-pledged-shoigu",
        {"value_low": "5000"},
        "hedge-matches-bounds",
    ),
    "more-than-with-high": (
        "figures",
        "munitions-delivered-nis",
        {"value_high": "20000000"},
        "hedge-matches-bounds",
    ),
    "up-to-with-low": (
        "figures",
        "troops-deployed-western-intel",
        {"hedge": "up_to", "value_low": "1000", "value_best": "", "value_high": "11000"},
        "hedge-matches-bounds",
    ),
    "figure-end-before-start": (
        "figures",
        "workers-pledged-shoigu",
        {"date_start": "2025-05-31", "date_end": "2025-05-01", "date_precision": "range"},
        "dates-ordered",
    ),
    "event-end-before-start": (
        "events",
        "nis-confirms-pledge",
        {"date_start": "2025-07-02", "date_end": "2025-05-01"},
        "dates-ordered",
    ),
    "month-on-30-days": (
        "figures",
        "workers-pledged-shoigu",
        {"date_end": "2025-05-30"},
        "precision-matches-span",
    ),
    "week-tuesday-to-monday": (
        "figures",
        "troops-deployed-western-intel",
        {"date_start": "2025-06-24", "date_end": "2025-06-30", "date_precision": "week"},
        "precision-matches-span",
    ),
    "day-on-a-span": (
        "events",
        "prk-media-publish-footage",
        {"date_precision": "day"},
        "precision-matches-span",
    ),
    "claimed-without-dates": (
        "figures",
        "munitions-delivered-nis",
        {"date_start": "", "date_end": "", "date_precision": ""},
        "dates-present",
    ),
    "precision-missing": (
        "figures",
        "munitions-delivered-nis",
        {"date_precision": ""},
        "dates-complete",
    ),
    "translator-without-language": (
        "sources",
        "dw-2025-07-02-nordkorea-russland",
        {"adapted_from_language": ""},
        "adaptation-complete",
    ),
    "language-without-translator": (
        "sources",
        "dw-2025-07-02-nordkorea-russland",
        {"adapted_by": ""},
        "adaptation-complete",
    ),
    "relation-to-itself": (
        "relations",
        "coffins-shown-prk-media",
        {"other_id": "coffins-shown-prk-media"},
        "relation-not-reflexive",
    ),
    "evidence-too-long": (
        "events",
        "dw-publishes-article",
        {"evidence": "2. Juli 2025 " + "und so weiter " * 20},
        "value-length",
    ),
    "required-cell": ("actors", "nis", {"name": ""}, "required-cell"),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_schema_rule_is_reported_on_the_row_line(project: Path, run_cli: RunCli, name: str) -> None:
    table, key, changes, rule = EDITS[name]
    path = project / "data" / f"{table}.csv"
    line = row_line(path, key)
    set_cells(path, key, changes)

    status, report = findings_of(run_cli, project)

    assert status == 1
    hits = [f for f in report["findings"] if f["rule"] == rule]
    where = [(f["file"], f["line"]) for f in hits]
    assert (f"data/{table}.csv", line) in where, f"{rule} not at line {line}: {report['findings']}"
    finding = hits[where.index((f"data/{table}.csv", line))]
    assert finding["severity"] == "error"
    # the cells involved are shown as written
    for column, value in changes.items():
        if column in finding["columns"]:
            assert finding["columns"][column] == value
    assert set(finding["columns"]) & set(changes), finding
    [rule_entry] = [r for r in report["rules"] if r["id"] == rule]
    assert rule_entry["status"] == "fail"
    assert rule_entry["errors"] >= 1


def test_week_from_monday_to_sunday_passes(project: Path, run_cli: RunCli) -> None:
    path = project / "data" / "figures.csv"
    set_cells(
        path,
        "troops-deployed-western-intel",
        {"date_start": "2025-06-23", "date_end": "2025-06-29", "date_precision": "week"},
    )
    status, report = findings_of(run_cli, project)
    assert [f for f in report["findings"] if f["rule"] == "precision-matches-span"] == []
    assert status == 0


def test_bundled_hypothetical_figure_has_no_dates_and_passes(
    project: Path, run_cli: RunCli
) -> None:
    path = project / "data" / "figures.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    hypothetical = [r for r in rows if r["stage"] == "hypothetical"]
    assert hypothetical, "the bundled data has a hypothetical figure"
    assert all(r["date_start"] == r["date_end"] == r["date_precision"] == "" for r in hypothetical)

    status, report = findings_of(run_cli, project)

    assert status == 0
    assert [f for f in report["findings"] if f["rule"] == "dates-present"] == []


def test_duplicate_id_reports_both_rows(project: Path, run_cli: RunCli) -> None:
    path = project / "data" / "actors.csv"
    first = row_line(path, "western-intelligence")
    second = append_row(
        path, ["western-intelligence", "Westliche Dienste", "intelligence_service", "", ""]
    )

    status, report = findings_of(run_cli, project)

    assert status == 1
    hits = [f for f in report["findings"] if f["rule"] == "unique-value"]
    assert sorted((f["file"], f["line"]) for f in hits) == [
        ("data/actors.csv", first),
        ("data/actors.csv", second),
    ]
    assert {f["row_id"] for f in hits} == {"western-intelligence"}
    assert all(str(first) in f["message"] and str(second) in f["message"] for f in hits)


def test_duplicate_compound_key_in_relations(project: Path, run_cli: RunCli) -> None:
    path = project / "data" / "relations.csv"
    key = "casualties-kwc-western-intel,subset_of,troops-deployed-western-intel"
    first = row_line(path, key)
    second = append_row(path, [*key.split(","), "noted twice"])

    status, report = findings_of(run_cli, project)

    assert status == 1
    hits = [f for f in report["findings"] if f["rule"] == "unique-value"]
    assert sorted((f["file"], f["line"]) for f in hits) == [
        ("data/relations.csv", first),
        ("data/relations.csv", second),
    ]
    assert {f["row_id"] for f in hits} == {key.replace(",", "|")}

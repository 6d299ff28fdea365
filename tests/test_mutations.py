"""Every careless edit of every figure of the bundled dataset is caught where it was made.

Each mutation changes one figure (or one relation row) of a copy of the dataset in one way a
hurried editor might: its number, hedge, dates, claimant, unit or quantity, or a relation
it takes part in. The dataset must then fail with an error finding at the mutated row's file
and physical line.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factgate.csvload import read_table
from factgate.project import read_datapackage
from factgate.validate import validate

REPO = Path(__file__).resolve().parents[1]
Row = dict[str, str]
Mutation = Callable[[Row], Row | None]  # None: this mutation does not apply to that row


def _read(path: Path) -> tuple[list[str], list[Row]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _times_ten(row: Row) -> Row:
    for column in ("value_low", "value_best", "value_high"):
        if row[column]:
            row[column] = str(int(row[column]) * 10)
    return row


_OTHER_HEDGE = {
    "exact": "approx",
    "approx": "exact",
    "more_than": "at_least",
    "at_least": "more_than",
    "vague_plural": "at_least",
    "up_to": "less_than",
    "less_than": "up_to",
    "just_under": "up_to",
    "range": "approx",
}


def _other_hedge(row: Row) -> Row:
    row["hedge"] = _OTHER_HEDGE[row["hedge"]]
    return row


def _a_year_late(row: Row) -> Row | None:
    if not row["date_start"]:
        return None  # a hypothetical without dates has no date to get wrong
    for column in ("date_start", "date_end"):
        year, rest = row[column].split("-", 1)
        row[column] = f"{int(year) + 1}-{rest}"
    return row


def _claimant_typo(row: Row) -> Row:
    row["claimant_id"] += "s"
    return row


_UNFIT_UNIT = {"persons": "rounds", "items": "persons", "rounds": "persons"}


def _wrong_unit(row: Row) -> Row:
    row["unit"] = _UNFIT_UNIT[row["unit"]]
    return row


_OTHER_QUANTITY = {
    "troops_deployed": "casualties_kw",
    "workers_pledged": "troops_deployed",
    "casualties_kwc": "troops_deployed",
    "casualties_kw": "casualties_killed",
    "casualties_killed": "casualties_kw",
    "munitions_delivered": "coffins_shown",
    "coffins_shown": "munitions_delivered",
}


def _wrong_quantity(row: Row) -> Row:
    row["quantity"] = _OTHER_QUANTITY[row["quantity"]]
    return row


FIGURE_MUTATIONS: dict[str, Mutation] = {
    "number": _times_ten,
    "hedge": _other_hedge,
    "date": _a_year_late,
    "claimant": _claimant_typo,
    "unit": _wrong_unit,
    "quantity": _wrong_quantity,
}


def _retarget(row: Row) -> Row:
    row["other_id"] += "-old"
    return row


def _reverse(row: Row) -> Row | None:
    if row["relation"] != "subset_of":
        return None  # only a subset has a direction that numbers can contradict
    row["figure_id"], row["other_id"] = row["other_id"], row["figure_id"]
    return row


RELATION_MUTATIONS: dict[str, Mutation] = {"retargeted": _retarget, "reversed": _reverse}


def _cases() -> list[Any]:
    _, figures = _read(REPO / "data" / "figures.csv")
    _, relations = _read(REPO / "data" / "relations.csv")
    cases = []
    for index, row in enumerate(figures):
        for name, mutate in FIGURE_MUTATIONS.items():
            if mutate(dict(row)) is not None:
                cases.append(pytest.param("figures", index, name, id=f"{row['figure_id']}-{name}"))
    for index, row in enumerate(relations):
        for name, mutate in RELATION_MUTATIONS.items():
            if mutate(dict(row)) is not None:
                label = f"{row['figure_id']}-{row['relation']}-{name}"
                cases.append(pytest.param("relations", index, f"relation-{name}", id=label))
    return cases


@pytest.mark.parametrize(("table", "index", "mutation"), _cases())
def test_mutation_is_caught_at_its_row(
    project: Path, table: str, index: int, mutation: str
) -> None:
    path = project / "data" / f"{table}.csv"
    header, rows = _read(path)
    mutate = (
        RELATION_MUTATIONS[mutation.removeprefix("relation-")]
        if table == "relations"
        else FIGURE_MUTATIONS[mutation]
    )
    before = dict(rows[index])
    after = mutate(dict(rows[index]))
    assert after is not None
    assert after != before
    rows[index] = after
    _write(path, header, rows)
    spec = read_datapackage(project / "data" / "datapackage.json")[table]
    line = int(read_table(table, path, f"data/{table}.csv", spec.fields).lines[index])

    validation = validate(project)

    at_row = [
        f
        for f in validation.findings
        if f.severity == "error" and f.file == f"data/{table}.csv" and f.line == line
    ]
    assert at_row, (
        f"{mutation} of {table} row {index + 1} (line {line}) went unnoticed; findings: "
        + "; ".join(f"{f.rule} {f.file}:{f.line}" for f in validation.findings)
    )
    assert validation.verdict == "fail"


def test_the_bundled_dataset_passes_untouched(project: Path) -> None:
    """The control: without a mutation the same copy has no error."""
    validation = validate(project)
    assert validation.verdict == "pass", [f.message for f in validation.findings]


def test_mutation_catalogue_covers_every_figure() -> None:
    """Every figure gets every mutation that applies to it (only a dateless one skips dates)."""
    _, figures = _read(REPO / "data" / "figures.csv")
    ids = {str(param.id) for param in _cases()}
    for row in figures:
        for name in FIGURE_MUTATIONS:
            expected = f"{row['figure_id']}-{name}"
            if name == "date" and not row["date_start"]:
                continue
            assert expected in ids

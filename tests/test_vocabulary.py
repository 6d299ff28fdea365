"""Vocabulary is data: the tables under data/vocabulary/ are read one way everywhere, and a new
quantity, unit, stage or event kind is a row edit that the whole engine picks up."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from factgate.project import load_project
from factgate.validate import validate
from factgate.vocabulary import (
    evidence_patterns,
    flagged,
    kind_of_stage,
    read_quantities,
    stems_pattern,
    units_by_quantity,
)

REPO = Path(__file__).resolve().parents[1]


def append_row(path: Path, row: dict[str, str]) -> int:
    """Append a row to a CSV (columns by its header); return the row's physical line."""
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    lines = path.read_text(encoding="utf-8").count("\n")
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row.get(name, "") for name in header])
    return lines + 1


def test_stems_are_plain_text_not_regex() -> None:
    pattern = stems_pattern("soldat|(truppe|k.mpfer")
    assert pattern is not None
    assert re.search(pattern, "nordkoreanische soldaten")
    assert re.search(pattern, "(truppe")
    assert not re.search(pattern, "truppe")  # "(" is a character, not a group
    assert not re.search(pattern, "kämpfer")  # "." is a dot, not any character
    assert stems_pattern("") is None
    assert stems_pattern(None) is None


def test_frames_are_interpreted_from_their_columns() -> None:
    quantities = pd.DataFrame(
        {
            "quantity": ["a", "b", "c"],
            "cumulative": pd.array([True, False, None], dtype="boolean"),
            "evidence_words": ["x|y", "z", None],
            "excluded_words": [None, "w", None],
        }
    )
    assert flagged(quantities, "cumulative") == ["a"]
    patterns = evidence_patterns(quantities)
    assert patterns == {"a": ("x|y", None), "b": ("z", "w"), "c": (None, None)}
    pairs = pd.DataFrame({"quantity": ["a", "a", "b"], "unit": ["persons", "items", "rounds"]})
    assert units_by_quantity(pairs) == {"a": ["persons", "items"], "b": ["rounds"]}
    stages = pd.DataFrame({"stage": ["claimed", "maybe"], "kind": ["report", "hypothetical"]})
    kinds = kind_of_stage(pd.Series(["maybe", "claimed", "unknown"]), stages)
    assert kinds.tolist()[:2] == ["hypothetical", "report"]
    assert pd.isna(kinds.iloc[2])


def test_read_quantities_joins_units(project: Path) -> None:
    terms = read_quantities(project)
    troops = terms["troops_deployed"]
    assert troops.units == ("persons",)
    assert troops.cumulative
    assert troops.deployment
    assert not troops.casualty
    assert "soldat" in troops.evidence_words
    assert set(terms["munitions_delivered"].units) == {"rounds", "items"}


def test_every_vocabulary_table_is_a_declared_vocabulary() -> None:
    specs = load_project(REPO).tables
    on_disk = {p.stem for p in (REPO / "data" / "vocabulary").glob("*.csv")}
    declared = {spec.path.removeprefix("vocabulary/").removesuffix(".csv")
                for spec in specs.values() if spec.is_vocabulary}  # fmt: skip
    assert on_disk == declared
    assert all(spec.path.startswith("vocabulary/") for spec in specs.values() if spec.is_vocabulary)


def test_a_new_quantity_is_a_row_edit(project: Path) -> None:
    """Follow the README: a quantity row, its unit pairing, then a figure that uses it."""
    vocabulary = project / "data" / "vocabulary"
    append_row(vocabulary / "quantities.csv", {
        "quantity": "tanks_delivered", "description": "tanks handed over", "cumulative": "true",
        "casualty": "false", "deployment": "false", "evidence_words": "panzer",
    })  # fmt: skip
    append_row(vocabulary / "quantity_units.csv", {"quantity": "tanks_delivered", "unit": "items"})
    line = append_row(project / "data" / "figures.csv", {
        "figure_id": "tanks-nis", "source_id": "dw-2025-07-02-nordkorea-russland",
        "claimant_id": "nis", "subject": "PRK", "quantity": "tanks_delivered", "unit": "items",
        "value_best": "200", "hedge": "approx", "increment": "false", "stage": "delivered",
        "date_start": "2025-07-02", "date_end": "2025-07-02", "date_precision": "day",
        "evidence": "rund 200 Kampfpanzer",
    })  # fmt: skip
    validation = validate(project, project / "no-texts")
    assert [f for f in validation.findings if f.severity == "error"] == []

    # ... and a quote that does not name tanks is caught by the vocabulary's words.
    text = (project / "data" / "figures.csv").read_text(encoding="utf-8")
    (project / "data" / "figures.csv").write_text(
        text.replace("rund 200 Kampfpanzer", "rund 200 Soldaten"), encoding="utf-8"
    )
    validation = validate(project, project / "no-texts")
    hits = [(f.rule, f.line) for f in validation.findings if f.severity == "error"]
    assert hits == [("evidence-names-quantity", line)]


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [("figures", "quantity", "tanks"), ("figures", "unit", "tons"),
     ("figures", "stage", "rumoured"), ("events", "kind", "agreement"),
     ("actors", "kind", "ngo"), ("relations", "relation", "contradicts")],
)  # fmt: skip
def test_an_unknown_term_names_its_vocabulary_file(
    project: Path, table: str, column: str, value: str
) -> None:
    path = project / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    validation = validate(project, project / "no-texts")
    hits = [f for f in validation.findings if f.rule == "value-vocabulary" and f.line == 2]
    assert hits, [f.message for f in validation.findings]
    assert f"is '{value}', not a term of `data/vocabulary/" in hits[0].message
    assert hits[0].file == f"data/{table}.csv"


def test_an_unused_term_is_no_orphan(project: Path) -> None:
    append_row(project / "data" / "vocabulary" / "event_kinds.csv",
               {"kind": "agreement", "description": "a treaty is signed"})  # fmt: skip
    validation = validate(project, project / "no-texts")
    assert not [f for f in validation.findings if f.rule == "orphan-row"]

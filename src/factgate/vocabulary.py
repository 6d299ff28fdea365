"""The dataset's vocabularies, read from its own tables under `data/vocabulary/`.

Quantities, units, stages, event, actor and relation kinds are content: a desk adds a word by
adding a row, and every reader of the vocabulary (the schemas' foreign keys, the checks, the
Great Expectations translation, `factgate extract`, the report) reads the same rows. Checks
receive the tables as frames (a parameter named `quantities` or `stages`); this module holds
the few interpretations they share, so that "which quantities are running totals" or "what the
evidence of a quantity must say" is computed one way everywhere.

Evidence words are German word stems separated by `|` ("soldat|truppe|kämpfer"), matched
case-insensitively anywhere in the evidence, since German compounds put the stem mid-word
("Artilleriegeschosse" holds "geschoss"). They are plain text, not regular expressions: a
desk editor should not need to know regex syntax, and a stray "(" must not break a check.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factgate.errors import DATAPACKAGE

if TYPE_CHECKING:  # only annotations: `factgate extract` reads the vocabulary without pandas
    import pandas as pd

#: The kinds of stage the checks reason over (data/vocabulary/stages.csv `kind`).
REPORT, PLAN, HYPOTHETICAL = "report", "plan", "hypothetical"


def stems_pattern(stems: object) -> str | None:
    """A regex alternation matching any of the `|`-separated stems, or None for no stems."""
    if not isinstance(stems, str) or not stems.strip():
        return None
    words = [word.strip().lower() for word in stems.split("|") if word.strip()]
    return "|".join(re.escape(word) for word in words) or None


def evidence_patterns(quantities: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """quantity -> (pattern its evidence must match, pattern it must not), case-insensitive
    on lower-cased text. A quantity whose row is incomplete maps to what it has."""
    rows = quantities[["quantity", "evidence_words", "excluded_words"]].dropna(subset="quantity")
    return {
        str(quantity): (stems_pattern(wanted), stems_pattern(unwanted))
        for quantity, wanted, unwanted in rows.drop_duplicates("quantity").itertuples(index=False)
    }


def flagged(quantities: pd.DataFrame, column: str) -> list[str]:
    """The quantities whose boolean `column` (cumulative, casualty, deployment) is true."""
    marked = quantities[column].astype("boolean").fillna(False).astype(bool)
    return sorted(quantities.loc[marked, "quantity"].dropna().astype(str).unique())


def units_by_quantity(quantity_units: pd.DataFrame) -> dict[str, list[str]]:
    """quantity -> the units it may be counted in, in the table's order."""
    pairs = quantity_units[["quantity", "unit"]].dropna().astype(str).drop_duplicates()
    return {str(q): group["unit"].tolist() for q, group in pairs.groupby("quantity", sort=True)}


def stage_kinds(stages: pd.DataFrame) -> dict[str, str]:
    """stage -> its kind (report, plan or hypothetical)."""
    rows = stages[["stage", "kind"]].dropna().drop_duplicates("stage")
    return dict(zip(rows["stage"].astype(str), rows["kind"].astype(str), strict=True))


def kind_of_stage(stage: pd.Series, stages: pd.DataFrame) -> pd.Series:
    """Each row's stage kind (report, plan, hypothetical), missing for an unknown stage."""
    return stage.astype(object).map(stage_kinds(stages))


@dataclass(frozen=True)
class QuantityTerm:
    """One row of `quantities.csv`, with the units `quantity_units.csv` gives it."""

    quantity: str
    description: str
    cumulative: bool
    casualty: bool
    deployment: bool
    evidence_words: tuple[str, ...]
    excluded_words: tuple[str, ...]
    units: tuple[str, ...]


def read_quantities(root: Path) -> dict[str, QuantityTerm]:
    """The quantities of the project at `root`, read straight from their CSV files.

    For tools that need the vocabulary without validating the dataset (`factgate extract`);
    rows that do not read as terms are left out here and reported by `factgate validate`.
    """
    paths = _vocabulary_paths(root)
    units: dict[str, list[str]] = {}
    for row in _rows(paths.get("quantity_units")):
        units.setdefault(row.get("quantity", ""), []).append(row.get("unit", ""))
    terms: dict[str, QuantityTerm] = {}
    for row in _rows(paths.get("quantities")):
        name = row.get("quantity", "")
        if not name or name in terms:
            continue
        terms[name] = QuantityTerm(
            quantity=name,
            description=row.get("description", ""),
            cumulative=row.get("cumulative", "").lower() == "true",
            casualty=row.get("casualty", "").lower() == "true",
            deployment=row.get("deployment", "").lower() == "true",
            evidence_words=_stems(row.get("evidence_words")),
            excluded_words=_stems(row.get("excluded_words")),
            units=tuple(u for u in units.get(name, []) if u),
        )
    return terms


def read_stage_kinds(root: Path) -> dict[str, str]:
    """stage -> kind (report, plan, hypothetical) of the project at `root`, from its CSV."""
    rows = _rows(_vocabulary_paths(root).get("stages"))
    kinds: dict[str, str] = {}
    for row in rows:
        if row.get("stage"):
            kinds.setdefault(row["stage"], row.get("kind", ""))
    return kinds


def _stems(text: str | None) -> tuple[str, ...]:
    return tuple(word.strip().lower() for word in (text or "").split("|") if word.strip())


def _vocabulary_paths(root: Path) -> Mapping[str, Path]:
    from factgate.project import read_datapackage

    descriptor = root / DATAPACKAGE
    if not descriptor.is_file():
        return {}
    specs = read_datapackage(descriptor)
    return {name: root / "data" / spec.path for name, spec in specs.items()}


def _rows(path: Path | None) -> list[dict[str, str]]:
    if path is None or not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "") for k, v in row.items() if k} for row in csv.DictReader(handle)]

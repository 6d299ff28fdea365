"""What extraction knows about a project: its vocabulary, its actors, its columns, a source.

Everything here is the project's content, read from its CSV files (the same rows
`factgate validate` checks): a desk teaches `extract` a new quantity, stage or event kind by
adding a row under `data/vocabulary/`, and a new claimant by adding it to `actors.csv`. The
country words that suggest a figure's `subject` are the one list of the extractor's own
(`countries.csv` beside this module), since the dataset has no table of countries.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from factgate.extract.attribution import Actor, actors_from_rows
from factgate.vocabulary import QuantityTerm, read_quantities

__all__ = ["EVENT_COLUMNS", "FIGURE_COLUMNS", "Context", "Source", "Terms", "load_context"]

#: The tables' columns when no project says otherwise (docs/data-model.md).
FIGURE_COLUMNS: Final = (
    "figure_id", "source_id", "claimant_id", "subject", "quantity", "unit", "value_low",
    "value_best", "value_high", "hedge", "increment", "stage", "date_start", "date_end",
    "date_precision", "evidence", "location", "notes",
)  # fmt: skip
EVENT_COLUMNS: Final = (
    "event_id", "source_id", "kind", "actor_id", "date_start", "date_end", "date_precision",
    "weekday_stated", "location", "evidence", "notes",
)  # fmt: skip
IGNORED_COLUMNS: Final = ("source_id", "phrase", "sentence", "reason")
COUNTRIES: Final = Path(__file__).with_name("countries.csv")


@dataclass(frozen=True)
class Terms:
    """A vocabulary term and the word stems that suggest it."""

    term: str
    stems: tuple[str, ...]
    kind: str = ""


@dataclass(frozen=True)
class Source:
    """The row of `sources.csv` being extracted, as far as it is known."""

    source_id: str
    published: dt.date
    publisher: str = ""


@dataclass
class Context:
    """The vocabulary, actors and columns one extraction works with."""

    quantities: list[QuantityTerm] = field(default_factory=list)
    stages: list[Terms] = field(default_factory=list)
    event_kinds: list[Terms] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    countries: list[Terms] = field(default_factory=list)
    figure_columns: tuple[str, ...] = FIGURE_COLUMNS
    event_columns: tuple[str, ...] = EVENT_COLUMNS
    sources: dict[str, dict[str, str]] = field(default_factory=dict)


def _stems(text: str | None) -> tuple[str, ...]:
    return tuple(word.strip().lower() for word in (text or "").split("|") if word.strip())


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "") for k, v in row.items() if k} for row in csv.DictReader(handle)]


def read_countries() -> list[Terms]:
    """ISO 3166-1 alpha-3 codes and the German words that name the country or its people."""
    return [
        Terms(row["code"], _stems(row.get("words"))) for row in _rows(COUNTRIES) if row.get("code")
    ]


def load_context(root: Path | None) -> Context:
    """The context of the project at `root` (an empty vocabulary without one)."""
    context = Context(countries=read_countries())
    if root is None or not (root / "data" / "datapackage.json").is_file():
        return context
    from factgate.project import read_datapackage

    specs = read_datapackage(root / "data" / "datapackage.json")
    paths = {name: root / "data" / spec.path for name, spec in specs.items()}
    context.quantities = list(read_quantities(root).values())
    context.stages = [
        Terms(row["stage"], _stems(row.get("evidence_words")), row.get("kind", ""))
        for row in _rows(paths["stages"]) if row.get("stage")
    ] if "stages" in paths else []  # fmt: skip
    context.event_kinds = [
        Terms(row["kind"], _stems(row.get("evidence_words")))
        for row in _rows(paths["event_kinds"]) if row.get("kind")
    ] if "event_kinds" in paths else []  # fmt: skip
    if "actors" in paths:
        context.actors = actors_from_rows(_rows(paths["actors"]))
    if "sources" in paths:
        context.sources = {r["source_id"]: r for r in _rows(paths["sources"]) if r.get("source_id")}
    if "figures" in specs:
        context.figure_columns = specs["figures"].fields
    if "events" in specs:
        context.event_columns = specs["events"].fields
    return context

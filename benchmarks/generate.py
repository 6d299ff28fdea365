"""Generate a synthetic factgate dataset of any size, valid by construction.

Used by the benchmark (`nox -s bench`) and by scale tests. Every figure has a German evidence
phrase that parses to its own number and hedge; running totals grow over time; casualties stay
below deployments; so a clean dataset validates with no error and the timing measures the
engine, not the reporting of findings. `--bad-fraction` spoils that share of figure rows (bad
dates, "6.000"-style numbers, unknown claimants) to time the failing path too.

Why it holds at every size: a series (claimant, subject, quantity) gets at most `MAX_STEPS`
figures, one a day from `START`; more figures mean more series (more actors), never more days.
So every date lies before `PUBLISHED` and every value stays below its base plus
`MAX_STEPS` steps of growth, whatever the size.

    python benchmarks/generate.py OUT_DIR --figures 100000 [--bad-fraction 0.01] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: quantity -> (unit, base value, growth per step, German noun in the evidence)
QUANTITIES = {
    "troops_deployed": ("persons", 100_000, 100, "Soldaten"),
    "casualties_kwc": ("persons", 1_000, 10, "getötet, verwundet oder gefangen"),
    "munitions_delivered": ("items", 1_000_000, 1_000, "Artilleriegeschosse"),
    "casualties_kw": ("persons", 2_000, 10, "Tote und Verwundete"),
    "coffins_shown": ("items", 6, 0, "Särge"),
}
#: hedge -> (words before the number, which bounds it sets)
HEDGES = {
    "exact": ("", "low best high"),
    "approx": ("rund ", "best"),
    "more_than": ("mehr als ", "low"),
    "at_least": ("mindestens ", "low"),
    "up_to": ("bis zu ", "high"),
}
SUBJECTS = ["PRK", "RUS", "UKR", "KOR", "CHN"]
#: The first day of every series and the day every source is published.
START = date(2024, 1, 1)
PUBLISHED = date(2025, 12, 31)
#: Figures per series at most (one a day): the last one is dated the day before publication.
MAX_STEPS = (PUBLISHED - START).days
#: The fewest claimants a dataset has, so small datasets still mix claimants and subjects.
MIN_ACTORS = 50
FIGURE_FIELDS = [
    "figure_id",
    "source_id",
    "claimant_id",
    "subject",
    "quantity",
    "unit",
    "value_low",
    "value_best",
    "value_high",
    "hedge",
    "increment",
    "stage",
    "date_start",
    "date_end",
    "date_precision",
    "evidence",
    "location",
    "notes",
]


def german(number: int) -> str:
    """6000 -> "6.000", as a German article writes it."""
    return f"{number:,}".replace(",", ".")


def actor_count(figures: int, min_actors: int = MIN_ACTORS) -> int:
    """Claimants enough that no series needs more than `MAX_STEPS` figures."""
    per_actor = len(QUANTITIES) * len(SUBJECTS) * MAX_STEPS
    return max(min_actors, -(-figures // per_actor))


def series_and_step(index: int, series_count: int) -> tuple[int, int]:
    """Which series (claimant and subject) figure `index` belongs to, and its step in it.

    Figures go round the series one step at a time: with `actor_count` series the step stays
    below `MAX_STEPS`."""
    group = index // len(QUANTITIES)
    return group % series_count, group // series_count


def day_of(step: int) -> date:
    """The date of a series' `step`-th figure: one a day, always before `PUBLISHED`."""
    if not 0 <= step < MAX_STEPS:
        raise ValueError(f"step {step} outside 0..{MAX_STEPS - 1}: too few series")
    return START + timedelta(days=step)


def generate(
    out: Path, figures: int, bad_fraction: float = 0.0, seed: int = 1, min_actors: int = MIN_ACTORS
) -> Path:
    """Write a complete project (schemas, checks, data) with `figures` figure rows to `out`.

    `min_actors` below the default makes series long at small sizes (tests reach the last
    day without a million rows)."""
    rng = random.Random(seed)
    for folder in ("schemas", "checks"):
        shutil.copytree(
            REPO / folder,
            out / folder,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "data" / "datapackage.json", data / "datapackage.json")
    shutil.copytree(REPO / "data" / "vocabulary", data / "vocabulary", dirs_exist_ok=True)
    sources = [f"source-{n}" for n in range(max(1, figures // 1000))]
    actors = [f"actor-{n}" for n in range(actor_count(figures, min_actors))]
    _write(
        data / "sources.csv",
        [
            "source_id",
            "publisher",
            "title",
            "published_on",
            "language",
            "adapted_from_language",
            "adapted_by",
            "url",
        ],
        [
            [s, "Publisher", f"Article {s}", PUBLISHED.isoformat(), "de", "", "", ""]
            for s in sources
        ],
    )
    _write(
        data / "actors.csv",
        ["actor_id", "name", "kind", "country", "role"],
        [[a, f"Actor {a}", "intelligence_service", "", ""] for a in actors],
    )

    series_count = len(actors) * len(SUBJECTS)
    rows, relations, events = [], [], []
    for index in range(figures):
        quantity = list(QUANTITIES)[index % len(QUANTITIES)]
        series, step = series_and_step(index, series_count)
        claimant, subject = actors[series % len(actors)], SUBJECTS[series // len(actors)]
        unit, base, growth, noun = QUANTITIES[quantity]
        hedge = rng.choice(list(HEDGES)) if quantity != "coffins_shown" else "exact"
        # "mehr als N" excludes N: state one less, so all claims of a period stay compatible.
        value = base + growth * step - (hedge == "more_than")
        words, bounds = HEDGES[hedge]
        day = day_of(step).isoformat()
        figure_id = f"figure-{index}"
        # Each group of figures shares a source, and every source has figures (no orphans).
        source = sources[(index // len(QUANTITIES)) % len(sources)]
        rows.append(
            [
                figure_id,
                source,
                claimant,
                subject,
                quantity,
                unit,
                value if "low" in bounds else "",
                value if "best" in bounds else "",
                value if "high" in bounds else "",
                hedge,
                "false",
                "claimed",
                day,
                day,
                "day",
                f"{words}{german(value)} {noun}",
                "",
                "",
            ]
        )
        if quantity == "casualties_kwc":
            relations.append([figure_id, "subset_of", f"figure-{index - 1}", ""])
        if index % 4 == 0:
            events.append(
                [
                    f"event-{index}",
                    source,
                    "visit",
                    claimant,
                    day,
                    day,
                    "day",
                    "",
                    "",
                    "reiste nach Moskau",
                    "",
                ]
            )
    for index in rng.sample(range(figures), int(figures * bad_fraction)):
        row = rows[index]
        kind = index % 3
        if kind == 0:
            row[12] = "2025-02-30"  # a date that does not exist
        elif kind == 1:
            # "6.000" in a number column (at least four digits, so the dot is there).
            row[7] = german(max(int(row[7] or row[6] or row[8]), 6000))
        else:
            row[2] = "unknown-actor"
    _write(data / "figures.csv", FIGURE_FIELDS, rows)
    _write(data / "relations.csv", ["figure_id", "relation", "other_id", "note"], relations)
    _write(
        data / "events.csv",
        [
            "event_id",
            "source_id",
            "kind",
            "actor_id",
            "date_start",
            "date_end",
            "date_precision",
            "weekday_stated",
            "location",
            "evidence",
            "notes",
        ],
        events,
    )
    _write(data / "event_actors.csv", ["event_id", "actor_id", "role"], [])
    _write(data / "retractions.csv", ["figure_id", "retracted_on", "reason"], [])
    _write(data / "ignored_numbers.csv", ["source_id", "phrase", "sentence", "reason"], [])
    _write(
        data / "exceptions.csv",
        ["rule", "row_id", "reason", "reviewed_by", "expires_on", "row_hash"],
        [],
    )
    _write_empty_tables(data)
    return out


def _write_empty_tables(data: Path) -> None:
    """Every other table the Data Package declares, header only, so that a table added to the
    project later (e.g. `ignored_numbers`) never makes a generated dataset invalid."""
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        path = data / resource["path"]
        if not path.exists():
            fields = [field["name"] for field in resource["schema"]["fields"]]
            _write(path, fields, [])


def _write(path: Path, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--bad-fraction", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.figures, args.bad_fraction, args.seed)


if __name__ == "__main__":
    main()

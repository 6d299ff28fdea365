"""Generate a synthetic factgate dataset of any size, valid by construction.

Used by the benchmark (`nox -s bench`) and by scale tests. Every figure has a German evidence
phrase that parses to its own number and hedge; running totals grow over time; casualties stay
below deployments; so a clean dataset validates with no error and the timing measures the
engine, not the reporting of findings. `--bad-fraction` spoils that share of figure rows (bad
dates, "6.000"-style numbers, unknown claimants) to time the failing path too.

    python benchmarks/generate.py OUT_DIR --figures 100000 [--bad-fraction 0.01] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
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


def generate(out: Path, figures: int, bad_fraction: float = 0.0, seed: int = 1) -> Path:
    """Write a complete project (schemas, checks, data) with `figures` figure rows to `out`."""
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
    actors = [f"actor-{n}" for n in range(50)]
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
        [[s, "Publisher", f"Article {s}", "2025-12-31", "de", "", "", ""] for s in sources],
    )
    _write(
        data / "actors.csv",
        ["actor_id", "name", "kind", "country", "role"],
        [[a, f"Actor {a}", "intelligence_service", "", ""] for a in actors],
    )

    series_count = len(actors) * len(SUBJECTS)
    start = date(2024, 1, 1)
    rows, relations, events = [], [], []
    for index in range(figures):
        quantity = list(QUANTITIES)[index % len(QUANTITIES)]
        series = (index // len(QUANTITIES)) % series_count
        step = index // (len(QUANTITIES) * series_count)
        claimant, subject = actors[series % len(actors)], SUBJECTS[series // len(actors)]
        unit, base, growth, noun = QUANTITIES[quantity]
        hedge = rng.choice(list(HEDGES)) if quantity != "coffins_shown" else "exact"
        # "mehr als N" excludes N: state one less, so all claims of a period stay compatible.
        value = base + growth * step - (hedge == "more_than")
        words, bounds = HEDGES[hedge]
        day = (start + timedelta(days=step)).isoformat()
        figure_id = f"figure-{index}"
        rows.append(
            [
                figure_id,
                sources[series % len(sources)],
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
                    sources[series % len(sources)],
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
            row[7] = german(int(row[7] or row[6] or row[8]) or 6000)  # "6.000" in a number
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
    _write(
        data / "exceptions.csv",
        ["rule", "row_id", "reason", "reviewed_by", "expires_on", "row_hash"],
        [],
    )
    return out


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

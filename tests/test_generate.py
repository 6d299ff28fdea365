"""The benchmark's generator is valid by construction at every size: a clean dataset validates
with no error, a spoiled one gets a report and exit 1, never an internal error.

Sizes stay small; the boundaries that a million rows would reach (the last day before
publication, a second claimant once one claimant's series are full) are reached here by
making series long, and the arithmetic is checked for sizes nobody would generate."""

from __future__ import annotations

import csv
import importlib.util
import json
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from tests.conftest import RunCli

REPO = Path(__file__).resolve().parents[1]


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _figures(root: Path) -> list[dict[str, str]]:
    with (root / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_step_is_dated_before_publication() -> None:
    days = [gen.day_of(step) for step in range(gen.MAX_STEPS)]
    assert days[0] == gen.START
    assert max(days) < gen.PUBLISHED
    assert days == sorted(set(days))  # one a day, in order: running totals never fall
    with pytest.raises(ValueError, match="too few series"):
        gen.day_of(gen.MAX_STEPS)


@pytest.mark.parametrize("figures", [1, 1_000, 1_000_000, 10**9, 10**12])
def test_no_size_runs_out_of_days_or_grows_without_bound(figures: int) -> None:
    actors = gen.actor_count(figures)
    series, step = gen.series_and_step(figures - 1, actors * len(gen.SUBJECTS))
    assert step < gen.MAX_STEPS
    assert series < actors * len(gen.SUBJECTS)
    gen.day_of(step)  # raises if the last figure had no day left
    for _unit, base, growth, _noun in gen.QUANTITIES.values():
        # The largest value any size writes: what an Int64 column and a German phrase hold.
        assert base + growth * (gen.MAX_STEPS - 1) < 2**53


def test_long_series_reach_the_last_day_and_validate_clean(run_cli: RunCli, tmp_path: Path) -> None:
    """One claimant whose series are full: its last figures are dated the day before
    publication, and one figure more would need a second claimant."""
    per_actor = len(gen.QUANTITIES) * len(gen.SUBJECTS) * gen.MAX_STEPS
    assert gen.actor_count(per_actor + 1, min_actors=1) == 2
    root = gen.generate(tmp_path / "long", per_actor, min_actors=1)
    rows = _figures(root)
    assert {row["claimant_id"] for row in rows} == {"actor-0"}
    last = max(date.fromisoformat(row["date_end"]) for row in rows)
    assert last == date.fromordinal(gen.PUBLISHED.toordinal() - 1)
    status, _out, err = run_cli("validate", "--root", str(root), "--out", str(tmp_path / "out"))
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert (status, errors) == (0, []), err


def test_clean_2k_validates_with_no_finding(run_cli: RunCli, tmp_path: Path) -> None:
    root = gen.generate(tmp_path / "clean", 2_000)
    status, _out, err = run_cli("validate", "--root", str(root), "--out", str(tmp_path / "out"))
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert (status, report["verdict"], report["findings"]) == (0, "pass", []), err


def test_one_percent_bad_2k_exits_1_with_a_report(run_cli: RunCli, tmp_path: Path) -> None:
    clean = _figures(gen.generate(tmp_path / "clean", 2_000))
    root = gen.generate(tmp_path / "bad", 2_000, bad_fraction=0.01)
    spoiled = {
        line: row["figure_id"]
        for line, (row, before) in enumerate(zip(_figures(root), clean, strict=True), start=2)
        if row != before
    }
    assert len(spoiled) == 20
    status, _out, err = run_cli("validate", "--root", str(root), "--out", str(tmp_path / "out"))
    assert status == 1, err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "fail"
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    # Every spoiled row is reported at its own line, and no clean figure row is blamed.
    figure_lines = {f["line"] for f in errors if f["file"] == "data/figures.csv"}
    assert set(spoiled) <= figure_lines
    assert figure_lines <= set(spoiled)
    assert (tmp_path / "out" / "index.html").is_file()

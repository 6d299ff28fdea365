"""Time factgate on generated datasets, as whole processes (what a user waits for).

    python benchmarks/bench.py [--figures 10000 100000] [--runs 3] [--gate-edits 1000]

For each size: `factgate validate` on a clean dataset and on one with 1% bad rows; then
`factgate gate` on a git repository holding the dataset with `--gate-edits` figures edited.
Prints median, min and max wall seconds per case. Compare figures from one run as ratios:
shared machines vary by a third from run to run.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # type: ignore[import-not-found]  # a sibling script


def timed(command: list[str], cwd: Path, runs: int) -> list[float]:
    """Wall seconds of `runs` runs of `command` (after one untimed warm-up run)."""
    seconds = []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()[-2000:]}")
        if attempt:
            seconds.append(elapsed)
    return seconds


def edit_figures(root: Path, count: int) -> None:
    """Change the notes of `count` figures: a realistic edit that touches rows, not rules."""
    path = root / "data" / "figures.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    notes = rows[0].index("notes")
    step = max(1, (len(rows) - 1) // max(count, 1))
    for row in rows[1 : 1 + step * count : step]:
        row[notes] = "checked against the original"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def report(label: str, seconds: list[float]) -> None:
    print(
        f"{label:<44} median {statistics.median(seconds):6.2f} s   "
        f"min {min(seconds):6.2f}   max {max(seconds):6.2f}   ({len(seconds)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--figures", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gate-edits", type=int, default=1_000)
    args = parser.parse_args()
    factgate = [sys.executable, "-m", "factgate"]
    with tempfile.TemporaryDirectory(prefix="factgate-bench-") as folder:
        base = Path(folder)
        for size in args.figures:
            clean = generate(base / f"clean-{size}", size)
            bad = generate(base / f"bad-{size}", size, bad_fraction=0.01)
            for label, root in (("clean", clean), ("1% bad rows", bad)):
                seconds = timed([*factgate, "validate", "--root", str(root),
                                 "--out", str(base / "out")], root, args.runs)  # fmt: skip
                report(f"validate {size:>7} figures, {label}", seconds)
            git(clean, "init", "-q", "-b", "main")
            git(clean, "add", "-A")
            git(clean, "commit", "-qm", "base")
            edit_figures(clean, args.gate_edits)
            seconds = timed([*factgate, "gate", "--root", str(clean), "--out",
                             str(base / "out"), "main"], clean, args.runs)  # fmt: skip
            report(f"gate     {size:>7} figures, {args.gate_edits} edited", seconds)


if __name__ == "__main__":
    main()

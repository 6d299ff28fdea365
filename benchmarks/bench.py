"""Time factgate on generated datasets against the floor of just reading them, in one run.

    python benchmarks/bench.py [--large] [--runs 3] [--gate-edits 1000] [--json OUT.json]

Cases: `factgate validate` on 100k figures clean and with 1% bad rows, `factgate gate` on a
git repository of the 100k clean dataset with `--gate-edits` figures edited; `--large` adds
1M clean and 1% bad. The floor is a Python process that imports pandas and reads every table
under the dataset's `data/` with `pandas.read_csv(path, engine="pyarrow", dtype=str)` (for the
gate: both revisions). A shared machine's speed drifts by a third within minutes, so each run
times the floor and factgate back to back and the ratio is taken pair by pair; the table shows
medians. CPU seconds (user + system of the child) are printed too: on a machine shared with
other work they move less than wall time, though the floor's reader uses several threads.
Peak memory is the operating system's: each measured process runs under its own
small wrapper process that reports `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, the peak
resident size of its one child.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # type: ignore[import-not-found]  # a sibling script

FLOOR = (
    "import sys, pathlib, pandas\n"
    "for folder in sys.argv[1:]:\n"
    "    for path in sorted(pathlib.Path(folder).rglob('*.csv')):\n"
    "        pandas.read_csv(path, engine='pyarrow', dtype=str)\n"
)


@dataclass
class Sample:
    """One measured process: wall seconds, CPU seconds, peak resident MiB, exit status."""

    seconds: float
    cpu: float
    peak_mib: float
    returncode: int


@dataclass
class Case:
    """A case's pairs of floor and factgate samples, and what it reports."""

    label: str
    floor: list[Sample]
    factgate: list[Sample]

    def summary(self) -> dict[str, object]:
        """Medians of seconds, pairwise ratios and peak memory."""
        pairs = zip(self.factgate, self.floor, strict=True)
        ratios = [mine.seconds / floor.seconds for mine, floor in pairs]
        memory = [m.peak_mib / f.peak_mib for m, f in zip(self.factgate, self.floor, strict=True)]
        cpu = [m.cpu / f.cpu for m, f in zip(self.factgate, self.floor, strict=True)]
        return {
            "case": self.label,
            "factgate_s": statistics.median(s.seconds for s in self.factgate),
            "floor_s": statistics.median(s.seconds for s in self.floor),
            "ratio": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "factgate_cpu_s": statistics.median(s.cpu for s in self.factgate),
            "floor_cpu_s": statistics.median(s.cpu for s in self.floor),
            "cpu_ratio": statistics.median(cpu),
            "factgate_mib": statistics.median(s.peak_mib for s in self.factgate),
            "floor_mib": statistics.median(s.peak_mib for s in self.floor),
            "memory_ratio": statistics.median(memory),
            "exit": sorted({s.returncode for s in self.factgate}),
            "runs": len(ratios),
        }


def child_environment() -> dict[str, str]:
    """The environment of every measured process: as a user's shell has it, with bytecode.

    With PYTHONDONTWRITEBYTECODE set (some CI images and sandboxes set it) every run compiles
    every imported module again, about a second for pandas, pandera and matplotlib together:
    a cost no installed tool pays, so the benchmark lets the warm-up runs write bytecode."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def measure(command: list[str], cwd: Path) -> Sample:
    """Run `command` under a fresh wrapper process that reports its child's peak memory.

    `ru_maxrss` of RUSAGE_CHILDREN is the maximum over all children a process ever waited
    for, so one wrapper per measurement isolates it."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", "--", *command],
        cwd=cwd, capture_output=True, text=True, check=False, env=child_environment(),
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"measuring {command} failed:\n{done.stderr[-2000:]}")
    sample = Sample(**json.loads(done.stdout.splitlines()[-1]))
    if sample.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {sample.returncode}:\n{done.stderr[-3000:]}")
    return sample


def wrapper(command: list[str]) -> None:
    """The wrapper side of `measure`: run the child, print one JSON line."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    sys.stderr.write(done.stderr.decode(errors="replace")[-3000:])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss / 1024  # Linux reports ru_maxrss in KiB
    cpu = usage.ru_utime + usage.ru_stime
    result = {"seconds": seconds, "cpu": cpu, "peak_mib": peak, "returncode": done.returncode}
    print(json.dumps(result))


def run_case(label: str, command: list[str], floor_dirs: list[Path], cwd: Path, runs: int) -> Case:
    """`runs` pairs of floor then factgate, after one untimed floor run (warm page cache)."""
    floor_command = [sys.executable, "-c", FLOOR, *map(str, floor_dirs)]
    measure(floor_command, cwd)
    case = Case(label, [], [])
    for _ in range(runs):
        case.floor.append(measure(floor_command, cwd))
        case.factgate.append(measure(command, cwd))
        print(
            f"  {label}: factgate {case.factgate[-1].seconds:.2f} s, "
            f"floor {case.floor[-1].seconds:.2f} s",
            file=sys.stderr,
            flush=True,
        )
    return case


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
    """Run git in `root` with a fixed identity (the benchmark's commits are throwaway)."""
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def table(cases: list[Case]) -> str:
    """The medians as a Markdown table (what the README records)."""
    lines = [
        "| case | factgate | floor | ratio (min-max) | CPU s factgate / floor (ratio) "
        "| peak MiB factgate / floor | exit |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases:
        s = case.summary()
        lines.append(
            f"| {s['case']} | {s['factgate_s']:.2f} s | {s['floor_s']:.2f} s | "
            f"{s['ratio']:.1f}x ({s['ratio_min']:.1f}-{s['ratio_max']:.1f}) | "
            f"{s['factgate_cpu_s']:.2f} / {s['floor_cpu_s']:.2f} ({s['cpu_ratio']:.1f}x) | "
            f"{s['factgate_mib']:.0f} / {s['floor_mib']:.0f} ({s['memory_ratio']:.1f}x) | "
            f"{','.join(map(str, s['exit']))} |"  # type: ignore[call-overload]
        )
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        wrapper(sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--large", action="store_true", help="also 1M figures (minutes)")
    parser.add_argument("--figures", type=int, default=100_000, help="the small size")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gate-edits", type=int, default=1_000)
    parser.add_argument("--json", type=Path, help="also write the medians here")
    parser.add_argument("--no-gate", action="store_true", help="skip the gate case")
    args = parser.parse_args()
    factgate = [sys.executable, "-m", "factgate"]
    sizes = [args.figures] + ([1_000_000] if args.large else [])
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="factgate-bench-") as folder:
        base = Path(folder)
        # Compile factgate's modules once, so the first timed run does not pay for it.
        warm = generate(base / "warm", 1_000)
        subprocess.run([*factgate, "validate", "--root", str(warm), "--out", str(base / "o")],
                       capture_output=True, check=False, env=child_environment())  # fmt: skip
        for size in sizes:
            for label, bad in (("clean", 0.0), ("1% bad", 0.01)):
                root = generate(base / f"{size}-{bad}", size, bad_fraction=bad)
                command = [*factgate, "validate", "--root", str(root), "--out", str(base / "out")]
                name = f"validate {size:,} figures, {label}"
                cases.append(run_case(name, command, [root / "data"], root, args.runs))
                if bad or args.no_gate or size != args.figures:
                    shutil.rmtree(root)
                    continue
                git(root, "init", "-q", "-b", "main")
                git(root, "add", "-A")
                git(root, "commit", "-qm", "base")
                before = base / "base-data"
                shutil.copytree(root / "data", before)
                edit_figures(root, args.gate_edits)
                command = [*factgate, "gate", "--root", str(root), "--out", str(base / "out"),
                           "main"]  # fmt: skip
                name = f"gate {size:,} figures, {args.gate_edits:,} edited"
                cases.append(run_case(name, command, [before, root / "data"], root, args.runs))
                shutil.rmtree(root)
                shutil.rmtree(before)
    print(table(cases))
    if args.json:
        args.json.write_text(json.dumps([c.summary() for c in cases], indent=2) + "\n")


if __name__ == "__main__":
    main()

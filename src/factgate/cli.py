"""The `factgate` command line. Exit status (design section 6): 0 no error findings, 1 error
findings (the dataset is wrong, a CSV is malformed), 2 the tool could not run as asked."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from factgate.project import DATAPACKAGE, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors go through the same exit status 2 path as ours."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"factgate: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="factgate", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--root", type=Path, help="project root (default: nearest folder "
                         f"upwards holding {DATAPACKAGE})")
        sub.add_argument("--out", type=Path, help="report folder (default: ROOT/reports)")
        sub.add_argument("--texts", type=Path, help="folder of <source_id>.txt source texts "
                         "(default: ROOT/data/texts)")

    validate = commands.add_parser("validate", help="validate the dataset and write reports")
    common(validate)
    return parser


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds a Data Package (else `start`)."""
    for folder in (start, *start.parents):
        if (folder / DATAPACKAGE).is_file():
            return folder
    return start


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and `python -m factgate`."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
    except UsageError as exc:
        print(f"factgate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception:  # a bug in factgate, not bad data: say so, keep the trace for the report
        print("factgate: internal error (please report it with the trace below)", file=sys.stderr)
        traceback.print_exc()
        return EXIT_USAGE
    return EXIT_USAGE  # pragma: no cover - argparse requires a command


def _validate(args: argparse.Namespace) -> int:
    from factgate.report import write_reports
    from factgate.report.github import annotations, step_summary
    from factgate.terminal import print_summary
    from factgate.validate import validate

    root = (args.root or find_root(Path.cwd())).resolve()
    if not root.is_dir():
        raise UsageError(f"no such project root: {root}")
    if args.texts is not None and not args.texts.is_dir():
        raise UsageError(f"--texts {args.texts} is not a folder")
    validation = validate(root, args.texts)
    out = (args.out or root / "reports").resolve()
    write_reports(validation, out)
    print_summary(validation, out)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in annotations(validation.findings):
            print(line)
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with Path(summary_path).open("a", encoding="utf-8") as handle:
                handle.write(step_summary(validation))
    return EXIT_FINDINGS if validation.verdict == "fail" else EXIT_OK

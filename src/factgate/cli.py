"""The `factgate` command line. Exit status (docs/contracts.md): 0 no error findings, 1 error
findings (the dataset is wrong, a CSV is malformed), 2 the tool could not run as asked."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from factgate.errors import DATAPACKAGE, UsageError

if TYPE_CHECKING:
    from factgate.validate import Validation

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
        sub.add_argument(
            "--root",
            type=Path,
            help=f"project root (default: nearest folder upwards holding {DATAPACKAGE})",
        )
        sub.add_argument("--out", type=Path, help="report folder (default: ROOT/reports)")
        sub.add_argument(
            "--texts",
            type=Path,
            help="folder of <source_id>.txt source texts (default: ROOT/data/texts)",
        )

    validate = commands.add_parser("validate", help="validate the dataset and write reports")
    common(validate)

    gate = commands.add_parser(
        "gate", help="validate a change against a base revision and apply the edit policies"
    )
    common(gate)
    gate.add_argument(
        "base", nargs="?", metavar="BASE",
        help="git revision to compare with (default: origin/$GITHUB_BASE_REF, origin/main, main)",
    )  # fmt: skip
    gate.add_argument(
        "--upstream", action="store_true",
        help="compare with the branch's upstream (@{upstream}); without one, just validate "
        "(what the pre-commit hook runs)",
    )  # fmt: skip

    gx = commands.add_parser("gx", help="run the rules as a Great Expectations suite")
    gx.add_argument("--root", type=Path, help="project root")
    gx.add_argument("--out", type=Path, help="report folder (GX output goes to OUT/gx)")

    record = commands.add_parser(
        "except", help="record a reviewed exception: silence RULE on ROW_ID"
    )
    record.add_argument("rule", metavar="RULE")
    record.add_argument("row_id", metavar="ROW_ID")
    record.add_argument("--reason", required=True, help="why the finding is acceptable")
    record.add_argument("--by", required=True, dest="reviewed_by", help="who reviewed it")
    record.add_argument(
        "--expires", dest="expires_on", help="YYYY-MM-DD (default: one year from today)"
    )
    record.add_argument("--root", type=Path, help="project root")

    _add_extract(commands)
    return parser


def _add_extract(commands: argparse._SubParsersAction[Any]) -> None:
    """`factgate extract`'s arguments (run by factgate.extract.command)."""
    sub = commands.add_parser(
        "extract", help="propose draft figure and event rows from an article's text"
    )
    sub.add_argument("source_text", type=Path, metavar="SOURCE_TEXT", help="the article (.txt)")
    sub.add_argument("--source-id", required=True, help="the article's source_id (a slug)")
    sub.add_argument(
        "--published", help="YYYY-MM-DD (default: its published_on in data/sources.csv)"
    )
    sub.add_argument("--out", type=Path, help="folder for the drafts (default: drafts/ID)")
    sub.add_argument("--format", choices=("table", "json"), default="table")
    sub.add_argument("--root", type=Path, help="project whose vocabulary and actors to use")
    sub.add_argument("--force", action="store_true", help="overwrite drafts already there")


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds a Data Package (else `start`)."""
    for folder in (start, *start.parents):
        if (folder / DATAPACKAGE).is_file():
            return folder
    return start


class _QuietWhenClosed:
    """A standard stream that goes quiet when its reader has gone.

    `factgate validate | head -1` closes the pipe after one line; the next write fails with
    `BrokenPipeError`. The reports are written by then and the verdict is known, so the
    command carries on without output and ends with its usual exit status, rather than a
    traceback (and, at interpreter exit, status 120 from the failed final flush). The stream's
    file descriptor is pointed at the null device, so that final flush succeeds too.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._go_quiet()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._go_quiet()

    def _go_quiet(self) -> None:
        self.gone = True
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)
        except (OSError, ValueError):  # no file descriptor (a test's capture): nothing to do
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and `python -m factgate`."""
    streams = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _QuietWhenClosed(sys.stdout))
    sys.stderr = cast(TextIO, _QuietWhenClosed(sys.stderr))
    try:
        return _run(argv)
    finally:
        sys.stdout.flush()  # here, while a closed pipe is still handled quietly
        sys.stderr.flush()
        sys.stdout, sys.stderr = streams


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "gate":
            return _gate(args)
        if args.command == "gx":
            return _gx(args)
        if args.command == "except":
            return _record_exception(args)
        if args.command == "extract":
            return _extract(args)
    except UsageError as exc:
        print(f"factgate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception:  # a bug in factgate, not bad data: say so, keep the trace for the report
        print("factgate: internal error (please report it with the trace below)", file=sys.stderr)
        traceback.print_exc()
        return EXIT_USAGE
    return EXIT_USAGE  # pragma: no cover - argparse requires a command


def _root(args: argparse.Namespace) -> Path:
    root: Path = (args.root or find_root(Path.cwd())).resolve()
    if not root.is_dir():
        raise UsageError(f"no such project root: {root}")
    return root


def _texts(args: argparse.Namespace) -> Path | None:
    if args.texts is not None and not args.texts.is_dir():
        raise UsageError(f"--texts {args.texts} is not a folder")
    texts: Path | None = args.texts
    return texts


def _validate(args: argparse.Namespace) -> int:
    from factgate.validate import validate

    root = _root(args)
    validation = validate(root, _texts(args))
    return _publish(validation, (args.out or root / "reports").resolve())


def _gate(args: argparse.Namespace) -> int:
    from factgate.gate import run_gate
    from factgate.gitbase import upstream_branch

    root = _root(args)
    base = args.base
    if args.upstream:
        if base:
            raise UsageError("give either BASE or --upstream, not both")
        base = upstream_branch(root)
        if base is None:  # a new branch, or no remote: the edit policies need a base
            print("gate: the branch has no upstream; validating without edit policies")
            return _validate(args)
    validation = run_gate(root, base, _texts(args))
    return _publish(validation, (args.out or root / "reports").resolve())


def _gx(args: argparse.Namespace) -> int:
    try:
        from factgate.gx import run_gx
    except ImportError as exc:  # the optional extra is not installed
        raise UsageError(
            f"`factgate gx` needs Great Expectations: pip install 'factgate[gx]' ({exc})"
        ) from exc
    root = _root(args)
    return run_gx(root, (args.out or root / "reports").resolve())


def _record_exception(args: argparse.Namespace) -> int:
    from factgate.exceptions import record_exception

    root = _root(args)
    line = record_exception(
        root, args.rule, args.row_id, args.reason, args.reviewed_by, args.expires_on
    )
    print(f"recorded in data/exceptions.csv line {line}: {args.rule} on {args.row_id}")
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from factgate.extract.command import run

    root = (args.root or find_root(Path.cwd())).resolve()
    has_project = (root / DATAPACKAGE).is_file()
    if args.root is not None and not has_project:
        raise UsageError(f"no factgate project at {root}: {DATAPACKAGE} is missing")
    return run(args, root if has_project else None)


def _publish(validation: Validation, out: Path) -> int:
    """Write the reports, print the summary (and GitHub annotations); the exit status."""
    from factgate.ratchet import touched_rows
    from factgate.report import write_reports
    from factgate.report.github import annotation_lines, run_address, step_summary
    from factgate.terminal import print_summary

    context = write_reports(validation, out)
    print_summary(validation, out)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # Paths from the repository's root, as GitHub places annotations (and SARIF results).
        prefix = context.repo_prefix or ""
        touched = touched_rows(validation)
        for line in annotation_lines(validation.findings, touched, prefix):
            print(line)
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            text = step_summary(validation, prefix=prefix, run_url=run_address(os.environ))
            with Path(summary_path).open("a", encoding="utf-8") as handle:
                handle.write(text)
    return EXIT_FINDINGS if validation.verdict == "fail" else EXIT_OK

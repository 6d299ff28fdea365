"""`factgate extract SOURCE_TEXT --source-id ID`: run the extraction and write the drafts.

(The arguments are declared in `factgate.cli`, so that starting the command line imports
neither this package nor pandas.)

Exit statuses as everywhere (docs/contracts.md): 0 drafts written, 1 the text is unreadable
(not UTF-8: named with its line), 2 the command cannot run as asked (no such file, a bad
`--source-id` or `--published`, no publication date known, `--out` inside `data/`, drafts
already there without `--force`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path

from factgate.errors import UsageError

__all__ = ["run"]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _text(path: Path) -> str | None:
    """The article's text, or None after printing where it is not UTF-8."""
    if not path.is_file():
        raise UsageError(f"no such text file: {path}")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        print(f"{path}:{line}: the text is not UTF-8 (byte {exc.start}); save it as UTF-8",
              file=sys.stderr)  # fmt: skip
        return None


def _published(args: argparse.Namespace, known: dict[str, dict[str, str]]) -> dt.date:
    given = args.published or known.get(args.source_id, {}).get("published_on", "")
    if not given:
        raise UsageError(
            f"no publication date for `{args.source_id}`: it is not in data/sources.csv; "
            "give --published YYYY-MM-DD"
        )
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        raise UsageError(f"--published {given!r} is not a date YYYY-MM-DD") from None


def run(args: argparse.Namespace, root: Path | None) -> int:
    """Extract, write the drafts, print what was found; the exit status."""
    from factgate.extract import extract_text
    from factgate.extract.context import Source, load_context
    from factgate.extract.output import DRAFT_FILES, dump_json, print_table, write_drafts

    if not _SLUG.fullmatch(args.source_id):
        raise UsageError(f"--source-id {args.source_id!r} is not a lowercase slug")
    out: Path = (args.out or Path("drafts") / args.source_id).resolve()
    if root is not None and out.is_relative_to((root / "data").resolve()):
        raise UsageError(f"--out {out} is inside data/: drafts are written beside the dataset")
    existing = [name for name in DRAFT_FILES if (out / name).exists()]
    if existing and not args.force:
        raise UsageError(f"{out} already holds {', '.join(existing)}; --force overwrites")
    raw = _text(args.source_text)
    if raw is None:
        return 1
    context = load_context(root)
    row = context.sources.get(args.source_id, {})
    source = Source(args.source_id, _published(args, context.sources), row.get("publisher", ""))
    started = time.perf_counter()
    draft = extract_text(raw, source, context)
    elapsed = time.perf_counter() - started
    paths = write_drafts(draft, out, context.figure_columns, context.event_columns)
    if args.format == "json":
        dump_json(draft, sys.stdout)
    else:
        print_table(draft, paths, sys.stdout)
        print(f"extracted in {elapsed:.3f} s", file=sys.stdout)
    return 0

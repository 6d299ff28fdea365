"""Where a draft goes: CSV files in the project's columns, a terminal table, JSON.

The CSV files carry the table's own columns first, so confirmed rows paste below the rows of
`data/figures.csv` as they are, followed by `sentence`, `confidence` and `why`, which a person
deletes on pasting (`factgate validate` names any column left over). They are written beside
the dataset, never into `data/`: a draft is not data until someone has confirmed it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Final, TextIO

from factgate.extract import Draft
from factgate.extract.context import IGNORED_COLUMNS
from factgate.extract.rows import DraftRow
from factgate.terminal import one_line

__all__ = ["DRAFT_FILES", "as_json", "print_table", "write_drafts"]

EXTRA_COLUMNS: Final = ("sentence", "confidence", "why")
DRAFT_FILES: Final = ("figures.draft.csv", "events.draft.csv", "ignored_numbers.draft.csv")


def _row(row: DraftRow) -> dict[str, str]:
    return {**row.cells, "sentence": str(row.sentence), "confidence": row.confidence,
            "why": "; ".join(row.why)}  # fmt: skip


def _ignored(draft: Draft) -> list[dict[str, str]]:
    return [
        {
            "source_id": draft.source.source_id,
            "phrase": p.text,
            "sentence": str(p.sentence),
            "reason": p.reason,
        }
        for p in draft.unused()
    ]


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _write(path: Path, content: str) -> None:
    """Write whole or not at all, so an interrupted run leaves no half a draft."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(content)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_drafts(
    draft: Draft, out: Path, figure_columns: tuple[str, ...], event_columns: tuple[str, ...]
) -> list[Path]:
    """Write the three draft files under `out`; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    contents = (
        _csv((*figure_columns, *EXTRA_COLUMNS), [_row(r) for r in draft.figures]),
        _csv((*event_columns, *EXTRA_COLUMNS), [_row(r) for r in draft.events]),
        _csv(IGNORED_COLUMNS, _ignored(draft)),
    )
    paths = [out / name for name in DRAFT_FILES]
    for path, content in zip(paths, contents, strict=True):
        _write(path, content)
    return paths


def as_json(draft: Draft) -> dict[str, Any]:
    """The draft as plain data (`factgate extract --format json`)."""
    return {
        "source_id": draft.source.source_id,
        "published_on": str(draft.source.published),
        "sentences": len(draft.sentences),
        "number_phrases": len(draft.phrases),
        "figures": [_row(r) for r in draft.figures],
        "events": [_row(r) for r in draft.events],
        "ignored_numbers": _ignored(draft),
    }


def _bounds(cells: dict[str, str]) -> str:
    low, best, high = (
        cells.get("value_low", ""),
        cells.get("value_best", ""),
        cells.get("value_high", ""),
    )
    if low and low == best == high:
        return low
    if best:
        return f"~{best}"
    if low and high:
        return f"{low}–{high}"
    return f">{low}" if low else f"<{high}" if high else "?"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], stream: TextIO) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]  # fmt: skip
    for line in (header, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip(),
              file=stream)  # fmt: skip


def _cell(text: str, limit: int) -> str:
    return one_line(text, limit)


def print_table(draft: Draft, paths: list[Path] | None, stream: TextIO) -> None:
    """What was found, one line per draft row, as a person scans it before opening the CSV."""
    print(
        f"{draft.source.source_id} (published {draft.source.published}): "
        f"{len(draft.sentences)} sentences, {len(draft.phrases)} number phrases, "
        f"{len(draft.figures)} draft figures, {len(draft.events)} draft events",
        file=stream,
    )
    if draft.figures:
        print(file=stream)
        _table(
            ("sent", "value", "hedge", "quantity", "claimant", "date", "conf", "evidence"),
            [
                (str(r.sentence), _bounds(r.cells), r.cells.get("hedge", ""),
                 r.cells.get("quantity", "") or "?", r.cells.get("claimant_id", "") or "?",
                 _dates(r.cells), r.confidence, _cell(r.cells.get("evidence", ""), 60))
                for r in draft.figures
            ],
            stream,
        )  # fmt: skip
    if draft.events:
        print(file=stream)
        _table(
            ("sent", "kind", "actor", "date", "weekday", "conf", "evidence"),
            [
                (str(r.sentence), r.cells.get("kind", "") or "?",
                 r.cells.get("actor_id", "") or "?", _dates(r.cells),
                 r.cells.get("weekday_stated", ""), r.confidence,
                 _cell(r.cells.get("evidence", ""), 60))
                for r in draft.events
            ],
            stream,
        )  # fmt: skip
    unused = draft.unused()
    if unused:
        print(file=stream)
        print("number phrases no draft row quotes (see ignored_numbers.draft.csv):", file=stream)
        for phrase in unused:
            print(f"  sentence {phrase.sentence}: {_cell(phrase.text, 60)} ({phrase.reason})",
                  file=stream)  # fmt: skip
    if paths:
        print(file=stream)
        for path in paths:
            print(f"wrote {path}", file=stream)


def _dates(cells: dict[str, str]) -> str:
    start, end = cells.get("date_start", ""), cells.get("date_end", "")
    if not start:
        return "-"
    return start if start == end else f"{start}..{end}"


def dump_json(draft: Draft, stream: TextIO) -> None:
    """Print the draft as JSON."""
    json.dump(as_json(draft), stream, ensure_ascii=False, indent=2)
    print(file=stream)

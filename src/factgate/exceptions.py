"""Reviewed exceptions: `data/exceptions.csv` silences one rule on one row, until the row
changes or the exception expires (docs/gate.md).

An exception is bound to the row's content by `row_hash`, so an edit to the row brings the
finding back for a fresh review; `expires_on` brings it back after a while in any case. Either
way the stale exception is itself a finding, and an exception whose finding is gone is one too,
so the file never fills with dead entries.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from factgate.findings import Finding
from factgate.project import UsageError
from factgate.table import Table

TABLE = "exceptions"
STALE_DOC = """A reviewed exception still matches its row and has not expired.

Why: an exception is a reviewer's judgement about one version of one row; when the row changes
or the exception expires, the judgement must be made again. The silenced finding comes back
beside this one. Fails: the row's `row_hash` no longer matches after an edit, or `expires_on`
has passed. Passes: an exception recorded with `factgate except` on an unchanged row."""
UNUSED_DOC = """Every reviewed exception silences a finding that still occurs (warning).

Why: an exception whose finding is gone (the row was fixed, or the rule changed) is dead weight
that could silence a future, different problem. Fails: an exception for `weekday-matches-date`
on a row whose weekday was corrected. Passes: the finding still occurs and is silenced."""


def row_hash(cells: list[str]) -> str:
    """A short, stable digest of a row's cells as written (order as in the file's header)."""
    digest = hashlib.sha256("\x1f".join(cells).encode("utf-8")).hexdigest()
    return digest[:16]


def hash_of_row(table: Table, row_id: str) -> str | None:
    """The hash of the (first) row of `table` with this row ID, or None if there is none."""
    positions = (table.row_ids == row_id).to_numpy().nonzero()[0]
    if positions.size == 0:
        return None
    return row_hash([str(cell) for cell in table.raw.iloc[int(positions[0])].tolist()])


def apply_exceptions(
    findings: list[Finding], tables: dict[str, Table], today: date | None = None
) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (kept, silenced), adding stale and unused exception findings to kept."""
    exceptions = tables.get(TABLE)
    if exceptions is None or exceptions.frame.empty:
        return findings, []
    today = today or date.today()
    by_file = {table.file: table for table in tables.values()}
    frame = exceptions.frame
    kept: list[Finding] = []
    silenced: list[Finding] = []
    matched: set[int] = set()
    lookup: dict[tuple[str, str], int] = {}
    for position, (rule, row_id) in enumerate(zip(frame["rule"], frame["row_id"], strict=True)):
        if isinstance(rule, str) and isinstance(row_id, str):
            lookup.setdefault((rule, row_id), position)
    hashes: dict[tuple[str, str], str | None] = {}
    stale: dict[int, str] = {}
    for finding in findings:
        found = lookup.get((finding.rule, finding.row_id or ""))
        if found is None or finding.file not in by_file:
            kept.append(finding)
            continue
        position = found
        matched.add(position)
        key = (finding.file, finding.row_id or "")
        if key not in hashes:
            hashes[key] = hash_of_row(by_file[finding.file], key[1])
        now = hashes[key]
        expires = frame["expires_on"].iloc[position]
        if now != frame["row_hash"].iloc[position]:
            stale[position] = (
                f"the row changed since the review (hash {now}, recorded "
                f"{frame['row_hash'].iloc[position]}); review it again"
            )
            kept.append(finding)
        elif pd.notna(expires) and expires.date() < today:
            stale[position] = f"it expired on {expires.date().isoformat()}; review it again"
            kept.append(finding)
        else:
            silenced.append(finding)
    for position, reason in sorted(stale.items()):
        kept += exceptions.findings(
            "stale-exception", "error", [position],
            f"the exception for `{frame['rule'].iloc[position]}` on "
            f"`{frame['row_id'].iloc[position]}` is stale: {reason}",
            ["rule", "row_id", "row_hash", "expires_on"],
        )  # fmt: skip
    unused = [p for p in range(len(frame)) if p not in matched]
    if unused:
        kept += exceptions.findings(
            "exception-unused", "warning", unused,
            "no finding of `" + frame["rule"].astype(str) + "` on `"
            + frame["row_id"].astype(str) + "` occurs any more; delete the exception",
            ["rule", "row_id"],
        )  # fmt: skip
    return kept, silenced


def record_exception(
    root: Path, rule: str, row_id: str, reason: str, reviewed_by: str, expires_on: str | None
) -> int:
    """Append an exception for a finding that occurs now; return its line in exceptions.csv.

    The only write factgate makes to `data/`, and only to this file, atomically.
    """
    from factgate.validate import validate

    if not reason.strip() or not reviewed_by.strip():
        raise UsageError("--reason and --by must say something")
    expiry = _expiry(expires_on)
    validation = validate(root)
    occurring = [
        f for f in validation.findings + validation.silenced
        if f.rule == rule and f.row_id == row_id
    ]  # fmt: skip
    if not occurring:
        raise UsageError(
            f"no finding of `{rule}` on `{row_id}` occurs now; an exception silences a finding "
            "that `factgate validate` reports"
        )
    table = next(t for t in validation.tables.values() if t.file == occurring[0].file)
    digest = hash_of_row(table, row_id)
    path = root / "data" / "exceptions.csv"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0] if rows else ["rule", "row_id", "reason", "reviewed_by", "expires_on",
                                   "row_hash"]  # fmt: skip
    body = [r for r in rows[1:] if r and not (r[0] == rule and r[1] == row_id)]
    values = {
        "rule": rule, "row_id": row_id, "reason": reason.strip(),
        "reviewed_by": reviewed_by.strip(), "expires_on": expiry, "row_hash": digest,
    }  # fmt: skip
    body.append([values.get(name) or "" for name in header])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    _write_atomically(path, buffer.getvalue())
    return 1 + len(body)


def _expiry(expires_on: str | None) -> str:
    if expires_on is None:
        return (date.today() + timedelta(days=365)).isoformat()
    try:
        parsed = date.fromisoformat(expires_on)
    except ValueError as exc:
        raise UsageError(f"--expires {expires_on!r} is not a date as YYYY-MM-DD") from exc
    if parsed < date.today():
        raise UsageError(f"--expires {expires_on} is in the past")
    return parsed.isoformat()


def _write_atomically(path: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

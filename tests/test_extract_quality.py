"""How good `factgate extract` is, measured against articles entered by hand.

For each article, the drafts are compared with the rows a person entered: a draft row and an
entered row match when their evidence overlaps in the text. Then, per field, precision is the
share of the drafts' filled-in values that are right and recall the share of the entered
values that the drafts got right. The floors below are the values measured when they were
set (docs/extract.md has the table): a change to the extractor that makes a field worse fails
here, a change that makes it better should raise its floor.

Run `python tests/test_extract_quality.py` to print the table.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from factgate.extract import Draft, extract_text
from factgate.extract.context import Source, load_context
from factgate.testing import copy_project
from factgate.texts import normalise_text

REPO = Path(__file__).resolve().parents[1]
DW_ID = "dw-2025-07-02-nordkorea-russland"
KBS = REPO / "tests" / "fixtures" / "articles" / "kbs-2025-04-30"
KBS_ID = "kbs-2025-04-30-nordkorea-verluste"
FIXTURE_DATA = REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data"


def _article_texts() -> Path:
    """Where the bundled article's text is: the shared folder beside the checkout (as the other
    tests look for it), else `$FACTGATE_TEXTS` (as CI and `nox -s validate` pass it)."""
    beside = REPO.parent / "shared" / "sources"
    return beside if beside.is_dir() else Path(os.environ.get("FACTGATE_TEXTS", str(beside)))


#: The fields compared; a tuple of columns is one field (bounds and hedge go together).
FIGURE_FIELDS: dict[str, tuple[str, ...]] = {
    "bounds+hedge": ("value_low", "value_best", "value_high", "hedge"),
    "increment": ("increment",),
    "quantity": ("quantity",),
    "unit": ("unit",),
    "claimant": ("claimant_id",),
    "subject": ("subject",),
    "stage": ("stage",),
    "dates": ("date_start", "date_end", "date_precision"),
}
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "kind": ("kind",),
    "actor": ("actor_id",),
    "dates": ("date_start", "date_end", "date_precision"),
    "weekday": ("weekday_stated",),
}


@dataclass(frozen=True)
class Score:
    """Precision and recall of one field (or of the rows themselves)."""

    correct: int
    proposed: int
    expected: int

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def _rows(path: Path, source_id: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["source_id"] == source_id]


def _span(flat: str, evidence: str) -> tuple[int, int]:
    phrase = normalise_text(evidence)
    start = flat.find(phrase)
    return (start, start + len(phrase)) if start >= 0 else (-1, -1)


def _pairs(
    flat: str, drafts: list[dict[str, str]], spans: list[tuple[int, int]],
    entered: list[dict[str, str]],
) -> list[tuple[int, int]]:  # fmt: skip
    """(draft index, entered index) of rows whose evidence overlaps, best overlap first."""
    candidates = []
    for j, row in enumerate(entered):
        start, end = _span(flat, row["evidence"])
        for i, (s, e) in enumerate(spans):
            overlap = min(end, e) - max(start, s)
            if start >= 0 and overlap > 0:
                candidates.append((-overlap, i, j))
    used_d, used_e, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_d and j not in used_e:
            used_d.add(i)
            used_e.add(j)
            pairs.append((i, j))
    return pairs


def score(
    draft: Draft, entered: list[dict[str, str]], table: str, fields: dict[str, tuple[str, ...]]
) -> dict[str, Score]:
    """Row and field scores of one table of a draft against the entered rows."""
    rows = draft.figures if table == "figures" else draft.events
    drafts = [r.cells for r in rows]
    flat = draft.text.replace("\n", " ")
    pairs = _pairs(flat, drafts, [(r.start, r.end) for r in rows], entered)
    scores = {"rows": Score(len(pairs), len(drafts), len(entered))}
    matched = dict(pairs)
    for name, columns in fields.items():

        def value(row: dict[str, str], columns: tuple[str, ...] = columns) -> tuple[str, ...]:
            return tuple(row.get(c, "") for c in columns)

        def filled(row: dict[str, str]) -> bool:
            return any(value(row))

        proposed = sum(filled(d) for d in drafts)
        expected = sum(filled(e) for e in entered)
        correct = sum(
            filled(entered[j]) and value(drafts[i]) == value(entered[j]) for i, j in matched.items()
        )
        scores[name] = Score(correct, proposed, expected)
    return scores


def _dw() -> tuple[Draft, Path]:
    text = _article_texts() / f"{DW_ID}.txt"
    if not text.is_file():
        pytest.skip(f"the article text is not at {text} (CI provides it)")
    context = load_context(REPO)
    row = context.sources[DW_ID]
    source = Source(DW_ID, dt.date.fromisoformat(row["published_on"]), row["publisher"])
    return extract_text(text.read_text(encoding="utf-8"), source, context), REPO / "data"


def _append(rows_file: Path, table: Path) -> None:
    body = rows_file.read_text(encoding="utf-8").splitlines(keepends=True)[1:]
    existing = table.read_text(encoding="utf-8")
    table.write_text(existing + "".join(body), encoding="utf-8")


def _kbs(tmp: Path) -> tuple[Draft, Path]:
    """The second article, with its vocabulary and actors added as docs/adding-an-article.md
    says (tests/test_second_article.py does the same)."""
    root = copy_project(REPO, tmp / "kbs", FIXTURE_DATA)
    for rows_file in sorted((KBS / "rows").rglob("*.csv")):
        target = root / "data" / rows_file.relative_to(KBS / "rows")
        if target.exists():
            _append(rows_file, target)
        else:
            shutil.copy2(rows_file, target)
    context = load_context(root)
    row = context.sources[KBS_ID]
    source = Source(KBS_ID, dt.date.fromisoformat(row["published_on"]), row["publisher"])
    text = next((KBS / "texts").glob("*.txt")).read_text(encoding="utf-8")
    return extract_text(text, source, context), KBS / "rows"


def measure(draft: Draft, data: Path) -> dict[str, dict[str, Score]]:
    """Scores of both tables of one article."""
    sid = draft.source.source_id
    return {
        "figures": score(draft, _rows(data / "figures.csv", sid), "figures", FIGURE_FIELDS),
        "events": score(draft, _rows(data / "events.csv", sid), "events", EVENT_FIELDS),
    }


#: Floors: (precision, recall) as measured; see docs/extract.md.
DW_FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    "figures": {
        "rows": (1.0, 1.0), "bounds+hedge": (1.0, 1.0), "increment": (1.0, 1.0),
        "quantity": (1.0, 1.0), "unit": (0.85, 0.85), "claimant": (0.85, 0.85),
        "subject": (1.0, 1.0), "stage": (0.85, 0.85), "dates": (0.83, 0.83),
    },
    "events": {
        "rows": (1.0, 1.0), "kind": (1.0, 1.0), "actor": (1.0, 1.0), "dates": (1.0, 1.0),
        "weekday": (1.0, 1.0),
    },
}  # fmt: skip
KBS_FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    "figures": {
        "rows": (0.66, 1.0), "bounds+hedge": (0.66, 1.0), "increment": (0.66, 1.0),
        "quantity": (0.75, 0.75), "unit": (1.0, 1.0), "claimant": (0.66, 1.0),
        "subject": (0.75, 0.75), "stage": (0.33, 0.5), "dates": (0.66, 1.0),
    },
    "events": {
        "rows": (1.0, 1.0), "kind": (1.0, 1.0), "actor": (1.0, 1.0), "dates": (1.0, 1.0),
        "weekday": (1.0, 1.0),
    },
}  # fmt: skip


def _check(scores: dict[str, dict[str, Score]], floors: dict[str, dict[str, tuple[float, float]]]
           ) -> list[str]:  # fmt: skip
    worse = []
    for table, fields in floors.items():
        for name, (precision, recall) in fields.items():
            got = scores[table][name]
            if got.precision < precision - 1e-9 or got.recall < recall - 1e-9:
                worse.append(
                    f"{table}.{name}: precision {got.precision:.2f} (floor {precision}), "
                    f"recall {got.recall:.2f} (floor {recall})"
                )
    return worse


def test_bundled_article_every_number_and_date_is_proposed() -> None:
    """The requirement: every figure and event of data/ has a draft, with its bounds and hedge."""
    draft, data = _dw()
    scores = measure(draft, data)
    assert scores["figures"]["rows"].recall == 1.0
    assert scores["events"]["rows"].recall == 1.0
    assert scores["figures"]["bounds+hedge"].recall == 1.0
    assert scores["figures"]["increment"].recall == 1.0
    assert scores["figures"]["quantity"].recall > 0.5


def test_bundled_article_meets_its_floors() -> None:
    draft, data = _dw()
    assert _check(measure(draft, data), DW_FLOORS) == []


def test_second_article_meets_its_floors(tmp_path: Path) -> None:
    draft, data = _kbs(tmp_path)
    assert _check(measure(draft, data), KBS_FLOORS) == []


def test_every_draft_evidence_is_verbatim_and_short(tmp_path: Path) -> None:
    """What `evidence-verbatim` will ask of the confirmed rows already holds for the drafts."""
    articles = [_kbs(tmp_path)]
    if (_article_texts() / f"{DW_ID}.txt").is_file():
        articles.append(_dw())
    for draft, _ in articles:
        flat = draft.text.replace("\n", " ")
        for row in (*draft.figures, *draft.events):
            assert normalise_text(row.cells["evidence"]) in flat
            assert len(row.cells["evidence"].split()) <= 15


def table(scores: Iterable[tuple[str, dict[str, dict[str, Score]]]]) -> str:
    """The Markdown table of docs/extract.md."""
    lines = ["| article | table | field | precision | recall |", "|---|---|---|---|---|"]
    for article, by_table in scores:
        for name, fields in by_table.items():
            for field, got in fields.items():
                lines.append(
                    f"| {article} | {name} | {field} | {got.precision:.2f} "
                    f"({got.correct}/{got.proposed}) | {got.recall:.2f} "
                    f"({got.correct}/{got.expected}) |"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        measured = [
            ("DW 2025-07-02", measure(*_dw())),
            ("KBS 2025-04-30", measure(*_kbs(Path(folder)))),
        ]
        sys.stdout.write(table(measured) + "\n")

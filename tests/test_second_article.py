"""A second real article is data entry: its rows, appended to a copy of the project exactly as
docs/adding-an-article.md says, validate with exactly the findings the article deserves (none),
and no code changes.

The article is KBS World Radio's German report of 30 April 2025 on the South Korean
intelligence service's estimate of North Korean losses (see
tests/fixtures/articles/kbs-2025-04-30/README.md). Its sentences that hold a number or a date
are kept verbatim under the fixture's texts/, so `evidence-verbatim` proves every quote.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from factgate.numerals import find_counts
from factgate.testing import copy_project
from factgate.validate import Validation, validate

REPO = Path(__file__).resolve().parents[1]
FIXTURE_DATA = REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data"
ARTICLE = REPO / "tests" / "fixtures" / "articles" / "kbs-2025-04-30"
ROWS = ARTICLE / "rows"
SOURCE_ID = "kbs-2025-04-30-nordkorea-verluste"
#: The first article's full text, where the shared folder sits beside this checkout.
FIRST_TEXT = REPO.parent / "shared" / "sources" / "dw-2025-07-02-nordkorea-russland.txt"


def _row_files() -> list[Path]:
    return sorted(ROWS.rglob("*.csv"))


def _append_rows(rows_file: Path, table: Path) -> None:
    """Append a rows file's body below a table's rows, as a person would paste it."""
    body = rows_file.read_text(encoding="utf-8").splitlines(keepends=True)[1:]
    if not table.exists():
        shutil.copy2(rows_file, table)
        return
    existing = table.read_text(encoding="utf-8")
    separator = "" if existing.endswith("\n") or not existing else "\n"
    table.write_text(existing + separator + "".join(body), encoding="utf-8")


def _texts(tmp_path: Path, with_second: bool) -> Path:
    texts = tmp_path / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    if FIRST_TEXT.exists():
        shutil.copy2(FIRST_TEXT, texts / FIRST_TEXT.name)
    if with_second:
        for text in (ARTICLE / "texts").glob("*.txt"):
            shutil.copy2(text, texts / text.name)
    return texts


@pytest.fixture
def before(tmp_path: Path) -> Validation:
    root = copy_project(REPO, tmp_path / "before", FIXTURE_DATA)
    return validate(root, _texts(tmp_path / "t1", with_second=False))


@pytest.fixture
def after(tmp_path: Path) -> Validation:
    root = copy_project(REPO, tmp_path / "after", FIXTURE_DATA)
    for rows_file in _row_files():
        _append_rows(rows_file, root / "data" / rows_file.relative_to(ROWS))
    return validate(root, _texts(tmp_path / "t2", with_second=True))


def _identities(validation: Validation) -> set[tuple[str, str, str]]:
    return {(f.rule, f.file, f.row_id or "") for f in validation.findings}


@pytest.mark.parametrize("rows_file", _row_files(), ids=lambda p: str(p.relative_to(ROWS)))
def test_each_rows_file_has_its_tables_header(rows_file: Path) -> None:
    """The rows are pasted below the table's own header: the columns must be the same."""
    table = FIXTURE_DATA / rows_file.relative_to(ROWS)
    if not table.exists():  # a table the article introduces is copied whole
        table = REPO / "data" / rows_file.relative_to(ROWS)
    with rows_file.open(encoding="utf-8", newline="") as new, table.open(encoding="utf-8") as old:
        assert next(csv.reader(new)) == next(csv.reader(old))


def test_the_second_article_adds_no_finding(before: Validation, after: Validation) -> None:
    """The article's rows are right: they raise nothing, and change nothing about the first."""
    assert after.verdict == "pass"
    assert _identities(after) == _identities(before)
    assert not [f for f in after.findings if SOURCE_ID in str(f.columns) or f.row_id in _ids()]


def test_its_quotes_are_checked_against_its_text(after: Validation) -> None:
    """With its text under --texts, `evidence-verbatim` runs on the new source, not skipped."""
    verbatim = next(r for r in after.rules if r.id == "evidence-verbatim")
    assert SOURCE_ID not in (verbatim.skipped_reason or "")
    assert verbatim.status != "fail"


def test_the_checks_still_catch_a_wrong_row_of_it(tmp_path: Path) -> None:
    """A typo in the new rows is caught: the run above passes because the rows are right."""
    root = copy_project(REPO, tmp_path / "typo", FIXTURE_DATA)
    for rows_file in _row_files():
        table = root / "data" / rows_file.relative_to(ROWS)
        _append_rows(rows_file, table)
    figures = root / "data" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace(",600,600,600,exact,", ",6000,6000,6000,exact,"), "utf-8")
    found = validate(root, _texts(tmp_path, with_second=True)).findings
    rules = {f.rule for f in found if "casualties-killed-nis-2025-04" in (f.row_id or "")}
    assert {"evidence-holds-number", "subset-within-parent"} <= rules


def _ids() -> set[str]:
    with (ROWS / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return {row["figure_id"] for row in csv.DictReader(handle)}


def _figures() -> dict[str, dict[str, str]]:
    with (ROWS / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return {row["figure_id"]: row for row in csv.DictReader(handle)}


def test_the_rows_say_what_the_article_says() -> None:
    """What the article states, figure by figure (not a frozen list of findings)."""
    figures = _figures()
    expect = {
        "casualties-kw-nis-2025-04": ("casualties_kw", "", "4700", "", "approx"),
        "casualties-killed-nis-2025-04": ("casualties_killed", "600", "600", "600", "exact"),
        "troops-deployed-nis-2025-04": ("troops_deployed", "15000", "15000", "15000", "exact"),
        "workers-deployed-nis-2025-04": ("workers_deployed", "", "15000", "", "approx"),
    }
    for figure_id, (quantity, low, best, high, hedge) in expect.items():
        row = figures[figure_id]
        assert (row["quantity"], row["value_low"], row["value_best"], row["value_high"],
                row["hedge"]) == (quantity, low, best, high, hedge)  # fmt: skip
        assert row["claimant_id"] == "nis"
        assert row["date_end"] == "2025-04-30"


def test_every_number_of_the_text_is_entered_or_not_a_figure() -> None:
    """Each count the text states is a figure's value, except the two that count no figure:
    "zwei Abgeordnete" (who told the press) and "zwei Etappen" (how the troops went)."""
    text = next((ARTICLE / "texts").glob("*.txt")).read_text(encoding="utf-8")
    values = {int(v) for row in _figures().values() for v in (row["value_best"],) if v}
    stated = find_counts(text)
    not_figures = [c for c in stated if c.best not in values]
    assert sorted(c.best for c in not_figures if c.best is not None) == [2, 2]
    assert {4700, 600, 15000} <= {c.best for c in stated}

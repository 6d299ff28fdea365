"""The gate on real git repositories: a base commit of the bundled dataset, then an edit.

Each test makes one kind of edit (a policy broken or kept, a warning on an old or an edited
row, an exception going stale) and asserts the exit status and the finding's rule, file, line
and label, the way a reviewer would meet them in a pull request.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from factgate.cli import main
from factgate.testing import copy_project

REPO = Path(__file__).resolve().parents[1]


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose `main` holds the bundled dataset; the work tree is checked out."""
    root = tmp_path / "repo"
    root.mkdir()
    copy_project(REPO, root, REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    return root


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _save(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _edit(root: Path, table: str, key: str, value: str, **cells: str) -> None:
    path = root / "data" / f"{table}.csv"
    header, rows = _rows(path)
    for row in rows:
        if row[key] == value:
            row.update(cells)
    _save(path, header, rows)


def _remove(root: Path, table: str, key: str, value: str) -> None:
    path = root / "data" / f"{table}.csv"
    header, rows = _rows(path)
    _save(path, header, [row for row in rows if row[key] != value])


def _append(root: Path, table: str, **cells: str) -> None:
    path = root / "data" / f"{table}.csv"
    header, rows = _rows(path)
    _save(path, header, [*rows, {name: cells.get(name, "") for name in header}])


def _line(root: Path, table: str, text: str) -> int:
    """The physical line of the first row of `table` that starts with `text`."""
    for number, line in enumerate((root / "data" / f"{table}.csv").read_text("utf-8").splitlines()):
        if line.startswith(text):
            return number + 1
    raise AssertionError(f"{text!r} not in {table}.csv")


def _gate(root: Path, *extra: str, commit: bool = True) -> tuple[int, dict[str, Any]]:
    if commit:
        _git(root, "checkout", "-q", "-B", "edit")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "edit", "--allow-empty")
    status = main(["gate", "--root", str(root), "--out", str(root / "out"), *extra, "main"])
    report = json.loads((root / "out" / "report.json").read_text("utf-8"))
    return status, report


def _findings(report: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule"] == rule]


def test_unchanged_dataset_passes_and_labels_old_warnings_pre_existing(repo: Path) -> None:
    status, report = _gate(repo)
    assert status == 0
    gate = report["summary"]["gate"]
    assert (gate["added"], gate["changed"], gate["removed"]) == (0, 0, 0)
    assert gate["introduced_errors"] == 0
    assert {f["label"] for f in report["findings"]} == {"pre-existing"}


def test_number_changed_without_new_evidence_is_blocked(repo: Path) -> None:
    _edit(repo, "figures", "figure_id", "casualties-kwc-western-intel", value_best="7000")
    status, report = _gate(repo)
    assert status == 1
    [finding] = _findings(report, "changed-number-needs-evidence")
    assert finding["file"] == "data/figures.csv"
    assert finding["line"] == _line(repo, "figures", "casualties-kwc-western-intel")
    assert finding["label"] == "introduced"
    assert report["summary"]["gate"]["changed"] == 1


def test_number_changed_with_new_evidence_passes_the_policy(repo: Path) -> None:
    _edit(
        repo, "figures", "figure_id", "casualties-kwc-western-intel",
        value_best="7000", evidence="etwa 7.000 getötet, verwundet oder gefangen genommen",
    )  # fmt: skip
    status, report = _gate(repo)
    assert _findings(report, "changed-number-needs-evidence") == []
    assert status == 0, report["findings"]


def test_row_removed_without_retraction_is_blocked(repo: Path) -> None:
    base_line = _line(repo, "figures", "coffins-shown-prk-media")
    _remove(repo, "figures", "figure_id", "coffins-shown-prk-media")
    _remove(repo, "relations", "figure_id", "coffins-shown-prk-media")
    status, report = _gate(repo)
    assert status == 1
    [finding] = _findings(report, "removed-figure-needs-retraction")
    assert (finding["file"], finding["line"]) == ("data/figures.csv", base_line)
    assert finding["row_id"] == "coffins-shown-prk-media"


def test_row_removed_with_retraction_passes(repo: Path) -> None:
    _remove(repo, "figures", "figure_id", "coffins-shown-prk-media")
    _remove(repo, "relations", "figure_id", "coffins-shown-prk-media")
    _append(
        repo, "retractions", figure_id="coffins-shown-prk-media", retracted_on="2025-07-10",
        reason="the footage was staged",
    )  # fmt: skip
    status, report = _gate(repo)
    assert status == 0, report["findings"]
    assert report["summary"]["gate"]["removed"] == 2  # the figure and its relation
    assert report["summary"]["gate"]["added"] == 1  # the retraction


def test_retraction_of_a_figure_that_still_exists_is_an_error(repo: Path) -> None:
    _append(
        repo, "retractions", figure_id="troops-deployed-western-intel",
        retracted_on="2025-07-10", reason="oops",
    )  # fmt: skip
    status, report = _gate(repo)
    assert status == 1
    [finding] = _findings(report, "retraction-names-removed-figure")
    assert (finding["file"], finding["line"]) == ("data/retractions.csv", 2)


def test_retraction_of_an_unknown_figure_is_an_error(repo: Path) -> None:
    _append(repo, "retractions", figure_id="no-such-figure", retracted_on="2025-07-10", reason="x")
    status, report = _gate(repo)
    assert status == 1
    [finding] = _findings(report, "retraction-names-removed-figure")
    assert "no version" in finding["message"]


def test_id_reused_for_another_quantity_is_an_error(repo: Path) -> None:
    _edit(
        repo, "figures", "figure_id", "troops-deployed-western-intel",
        quantity="casualties_kwc", evidence="etwa 11.000 getötet, verwundet oder gefangen",
    )  # fmt: skip
    status, report = _gate(repo)
    assert status == 1
    [finding] = _findings(report, "id-keeps-meaning")
    assert finding["line"] == _line(repo, "figures", "troops-deployed-western-intel")


def test_warning_on_an_old_row_does_not_block(repo: Path) -> None:
    # An unrelated edit: a note on an event. The old alternative-claims warning stays.
    _edit(repo, "events", "event_id", "dw-publishes-article", notes="the dateline")
    status, report = _gate(repo)
    assert status == 0
    [warning] = _findings(report, "alternative-claims-agree")
    assert warning["label"] == "pre-existing"
    assert report["summary"]["gate"]["blocking_warnings"] == 0


def test_warning_on_an_edited_row_blocks(repo: Path) -> None:
    _edit(
        repo, "relations", "figure_id", "troops-hypothetical-zinberg",
        note="Zinberg's hypothetical, reworded",
    )  # fmt: skip
    status, report = _gate(repo)
    assert status == 1
    assert report["verdict"] == "fail"
    assert report["summary"]["gate"]["blocking_warnings"] == 1
    [warning] = _findings(report, "alternative-claims-agree")
    assert warning["severity"] == "warning"
    assert warning["line"] == _line(repo, "relations", "troops-hypothetical-zinberg")


def test_warning_on_a_row_referring_to_an_edited_figure_blocks(repo: Path) -> None:
    """A cross-table rule: editing the figure re-checks the relation that names it."""
    _edit(repo, "figures", "figure_id", "workers-pledged-shoigu", location="Region Kursk")
    status, report = _gate(repo)
    assert status == 1
    assert report["summary"]["gate"]["blocking_warnings"] == 1


def test_fixed_findings_are_counted(repo: Path) -> None:
    _edit(repo, "figures", "figure_id", "casualties-kwc-western-intel", value_best="7000")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a broken base")
    _edit(repo, "figures", "figure_id", "casualties-kwc-western-intel", value_best="6000")
    status, report = _gate(repo)
    assert report["summary"]["gate"]["fixed"] >= 1
    assert status == 1  # changing a number back still needs evidence: the policy holds


def _except(root: Path, rule: str, row_id: str, *extra: str) -> int:
    return main(["except", rule, row_id, "--reason", "reviewed", "--by", "desk",
                 "--root", str(root), *extra])  # fmt: skip


RELATION = "troops-hypothetical-zinberg|alternative_claim_of|workers-pledged-shoigu"


def test_exception_silences_its_finding(repo: Path) -> None:
    assert _except(repo, "alternative-claims-agree", RELATION) == 0
    status, report = _gate(repo)
    assert status == 0
    assert _findings(report, "alternative-claims-agree") == []
    assert report["summary"]["silenced"] == 1


def test_exception_goes_stale_when_its_row_is_edited(repo: Path) -> None:
    assert _except(repo, "alternative-claims-agree", RELATION) == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "reviewed exception")
    _edit(repo, "relations", "figure_id", "troops-hypothetical-zinberg", note="reworded")
    status, report = _gate(repo)
    assert status == 1
    [stale] = _findings(report, "stale-exception")
    assert (stale["file"], stale["line"]) == ("data/exceptions.csv", 2)
    assert "changed" in stale["message"]
    assert _findings(report, "alternative-claims-agree")  # the finding is back


def test_exception_goes_stale_when_it_expires(repo: Path) -> None:
    assert _except(repo, "alternative-claims-agree", RELATION) == 0
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    _edit(repo, "exceptions", "rule", "alternative-claims-agree", expires_on=yesterday)
    status, report = _gate(repo)
    assert status == 1
    [stale] = _findings(report, "stale-exception")
    assert "expired" in stale["message"]
    assert stale["line"] == 2


def test_except_refuses_a_finding_that_does_not_occur(repo: Path) -> None:
    before = (repo / "data" / "exceptions.csv").read_bytes()
    assert _except(repo, "weekday-matches-date", "delegation-visits-moscow") == 2
    assert (repo / "data" / "exceptions.csv").read_bytes() == before


def test_unknown_base_is_a_usage_error(repo: Path) -> None:
    status = main(["gate", "--root", str(repo), "--out", str(repo / "out"), "no-such-branch"])
    assert status == 2


def test_gate_reads_the_base_without_touching_the_work_tree(repo: Path) -> None:
    _edit(repo, "figures", "figure_id", "casualties-kwc-western-intel", notes="edited")
    before = (repo / "data" / "figures.csv").read_bytes()
    status, report = _gate(repo, commit=False)  # uncommitted work is the head
    assert (repo / "data" / "figures.csv").read_bytes() == before
    assert report["summary"]["gate"]["changed"] == 1
    assert status == 0
    assert _git(repo, "status", "--porcelain", "--", "data").strip() == "M data/figures.csv"

"""The report folder is written beside the old one and swapped in: a crash leaves the previous
report whole, nothing half-written is ever read, and git never sees the output."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import time
from pathlib import Path

import pytest

from factgate.findings import Finding
from factgate.project import UsageError
from factgate.report import writer
from factgate.report.writer import MARKER, render_findings_csv, write_reports
from factgate.testing import copy_project
from factgate.validate import Validation, validate

REPO = Path(__file__).resolve().parents[1]
FILES = {
    ".factgate-report", ".gitignore", "findings.csv", "index.html", "junit.xml", "report.json",
    "factgate.sarif",
}  # fmt: skip


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    root = tmp_path_factory.mktemp("bundled")
    copy_project(REPO, root, REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    return validate(root)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_writes_every_file_and_a_gitignore(bundled: Validation, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    write_reports(bundled, out)
    assert {p.name for p in out.iterdir()} == FILES
    ignore = (out / ".gitignore").read_text(encoding="utf-8").split("\n")
    assert "*" in ignore  # everything here is output...
    assert "!README.md" in ignore  # ...but the folder's README, kept in git
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]  # nothing left beside


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_crash_while_rendering_leaves_the_previous_report_whole(
    bundled: Validation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    out = tmp_path / "reports"
    write_reports(bundled, out)
    before = snapshot(out)
    if not exchange:
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False)

    def crash(validation: Validation) -> str:
        raise MemoryError("killed half-way")

    monkeypatch.setattr(writer, "render_junit", crash)
    broken = dataclasses.replace(bundled, findings=[])
    with pytest.raises(MemoryError):
        write_reports(broken, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_second_run_replaces_everything_at_once(
    bundled: Validation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    out = tmp_path / "reports"
    write_reports(bundled, out)
    (out / "old-extra.txt").write_text("from an earlier version\n")
    finding = Finding("value-range", "error", "new", "data/figures.csv", 3)
    write_reports(dataclasses.replace(bundled, findings=[finding]), out)
    assert {p.name for p in out.iterdir()} == FILES
    assert '"new"' in (out / "report.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_the_swap_is_one_step_on_linux(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not writer._exchange(a, b):
        pytest.skip("this system has no renameat2(RENAME_EXCHANGE); the fallback is tested above")
    assert ((a / "x").read_text(), (b / "x").read_text()) == ("b", "a")


def test_readme_and_gx_output_are_carried_across(bundled: Validation, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    write_reports(bundled, out)
    (out / "README.md").write_text("What appears here.\n")
    (out / "gx").mkdir()
    (out / "gx" / "index.html").write_text("data docs\n")
    write_reports(bundled, out)
    assert (out / "README.md").read_text() == "What appears here.\n"
    assert (out / "gx" / "index.html").read_text() == "data docs\n"


def test_leftovers_of_a_killed_run_are_cleared(bundled: Validation, tmp_path: Path) -> None:
    old = time.time() - 2 * 3600
    stale = tmp_path / ".reports-new-abc123"
    stale.mkdir()
    (stale / MARKER).write_text("")
    retired = tmp_path / ".reports-old-def456"
    retired.mkdir()
    (retired / MARKER).write_text("")
    fresh = tmp_path / ".reports-new-running"  # another run, still going
    fresh.mkdir()
    foreign = tmp_path / ".reports-old-mine"  # not ours: no marker, not empty
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    for path in (stale, retired, foreign):
        os.utime(path, (old, old))
    write_reports(bundled, tmp_path / "reports")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".reports-new-running", ".reports-old-mine", "reports"]


def test_a_folder_of_other_files_is_refused(bundled: Validation, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("keep")
    with pytest.raises(UsageError, match="holds files factgate did not write"):
        write_reports(bundled, out)
    assert (out / "thesis.tex").read_text() == "keep"


def test_findings_csv_defuses_formulas(bundled: Validation) -> None:
    findings = [
        Finding(
            "value-pattern", "error", '=HYPERLINK("http://x")', "data/figures.csv", 2, "@SUM(A1)"
        ),
        Finding(
            "value-pattern",
            "error",
            "-5 is negative",
            "data/figures.csv",
            3,
            "+1",
            label="introduced",
        ),
        Finding("value-pattern", "error", "plain", "data/figures.csv", 4, "ok-id"),
    ]
    rows = list(
        csv.DictReader(
            io.StringIO(render_findings_csv(dataclasses.replace(bundled, findings=findings)))
        )
    )
    assert [(r["row_id"], r["message"], r["label"]) for r in rows] == [
        ("'@SUM(A1)", '\'=HYPERLINK("http://x")', ""),
        ("'+1", "'-5 is negative", "introduced"),
        ("ok-id", "plain", ""),
    ]

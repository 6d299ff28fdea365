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

from factgate import ratchet
from factgate.cli import main
from factgate.findings import Finding, Label, Severity
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


def test_removal_leads_the_annotations(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A removed row is part of the change: its policy finding comes before an older error
    whose rule sorts first."""
    _edit(repo, "figures", "figure_id", "munitions-delivered-nis", value_low="20000000")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a base with an error")
    _remove(repo, "figures", "figure_id", "coffins-shown-prk-media")
    _remove(repo, "relations", "figure_id", "coffins-shown-prk-media")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    capsys.readouterr()
    status, report = _gate(repo)
    commands = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert status == 1
    assert _findings(report, "evidence-holds-number")[0]["standing"] == "pre-existing"
    assert "title=removed-figure-needs-retraction::" in commands[0]
    assert "title=evidence-holds-number::" in commands[1]


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


# --- the ratchet ---------------------------------------------------------------------------------

ZINBERG_RELATION_LINE = 4  # data/relations.csv: the alternative claim that warns at base


def _warning(report: dict[str, Any], rule: str = "alternative-claims-agree") -> dict[str, Any]:
    [warning] = [f for f in _findings(report, rule) if f["severity"] == "warning"]
    return warning


def test_notes_only_edit_of_a_row_with_a_pre_existing_warning_passes(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The relation naming the edited figure warns at base already: shown, never blocking,
    and said in the same words by the terminal, the step summary, report.json and the HTML."""
    summary_file = repo.parent / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    _, rows = _rows(repo / "data" / "figures.csv")
    [row] = [r for r in rows if r["figure_id"] == "troops-hypothetical-zinberg"]
    _edit(repo, "figures", "figure_id", row["figure_id"], notes=row["notes"] + " Reworded.")
    capsys.readouterr()
    status, report = _gate(repo)
    out = capsys.readouterr().out
    assert status == 0
    assert report["verdict"] == "pass"
    warning = _warning(report)
    assert (warning["file"], warning["line"]) == ("data/relations.csv", ZINBERG_RELATION_LINE)
    assert warning["label"] == "pre-existing"
    assert warning["standing"] == "pre-existing, on a row you touched"
    assert warning["blocks"] is False
    gate = report["summary"]["gate"]
    assert (gate["changed"], gate["blocking_warnings"], gate["blocking"]) == (1, 0, 0)
    assert gate["pre_existing_warnings_touched"] == 1
    sentence = "1 warning pre-existing, on a row you touched: shown, not blocking"
    assert sentence in gate["sentences"]
    assert gate["sentences"][-1] == "nothing blocks"
    assert f"  {sentence}" in out.splitlines()
    assert "warning (pre-existing, on a row you touched) [alternative-claims-agree]" in out
    assert sentence in summary_file.read_text("utf-8")
    html = (repo / "out" / "index.html").read_text("utf-8")
    assert sentence in html
    assert ">pre-existing, on a row you touched</span>" in html
    [csv_row] = [r for r in _findings_csv(repo) if r["rule"] == "alternative-claims-agree"]
    assert csv_row["standing"] == "pre-existing, on a row you touched"
    assert csv_row["blocks"] == "false"
    assert csv_row["columns"] == ";".join(warning["columns"])


def test_edit_of_the_warned_row_itself_passes_when_the_warning_is_old(repo: Path) -> None:
    _edit(
        repo, "relations", "figure_id", "troops-hypothetical-zinberg",
        note="Zinberg's hypothetical, reworded",
    )  # fmt: skip
    status, report = _gate(repo)
    assert status == 0
    assert _warning(report)["standing"] == "pre-existing, on a row you touched"


def test_added_row_that_introduces_a_warning_blocks(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(
        repo, "relations", figure_id="casualties-kw-russia-zinberg",
        relation="alternative_claim_of", other_id="casualties-kwc-western-intel",
        note="two counts of losses",
    )  # fmt: skip
    capsys.readouterr()
    status, report = _gate(repo)
    out = capsys.readouterr().out
    assert status == 1
    assert report["verdict"] == "fail"
    introduced = [f for f in _findings(report, "alternative-claims-agree") if f["blocks"]]
    [warning] = introduced
    assert warning["row_id"].startswith("casualties-kw-russia-zinberg|")
    assert (warning["label"], warning["standing"]) == ("introduced", "introduced")
    gate = report["summary"]["gate"]
    assert (gate["added"], gate["blocking_warnings"], gate["blocking"]) == (1, 1, 1)
    assert gate["sentences"][0].endswith("0 errors and, on rows it adds or edits, 1 warning; "
                                         "it fixes 0 findings")  # fmt: skip
    assert "warning (introduced; blocks) [alternative-claims-agree]" in out
    blocking_rows = [r for r in _findings_csv(repo) if r["blocks"] == "true"]
    assert [r["row_id"] for r in blocking_rows] == [warning["row_id"]]


def _findings_csv(repo: Path) -> list[dict[str, str]]:
    """findings.csv of the last gate run: the same standing and blocks as report.json."""
    text = (repo / "out" / "findings.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_edit_that_introduces_a_warning_on_a_row_referring_to_it_blocks(repo: Path) -> None:
    """A second claim of the pledge agrees at base; the edit changes the pledge's stage, so
    the relation naming it now warns: introduced by the change, on a row referring to an
    edited one. The old Zinberg warning on the other relation stays pre-existing."""
    _, rows = _rows(repo / "data" / "figures.csv")
    [pledge] = [r for r in rows if r["figure_id"] == "workers-pledged-shoigu"]
    _append(repo, "figures", **{**pledge, "figure_id": "workers-pledged-nis", "claimant_id": "nis"})
    _append(
        repo, "relations", figure_id="workers-pledged-nis", relation="alternative_claim_of",
        other_id="workers-pledged-shoigu", note="NIS confirms the pledge",
    )  # fmt: skip
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a second claim that agrees")
    status, report = _gate(repo, commit=False)
    assert status == 0, report["findings"]
    _edit(repo, "figures", "figure_id", "workers-pledged-shoigu", stage="claimed")
    status, report = _gate(repo)
    assert status == 1
    by_row = {f["row_id"].split("|")[0]: f for f in _findings(report, "alternative-claims-agree")}
    assert by_row["workers-pledged-nis"]["standing"] == "introduced"
    assert by_row["workers-pledged-nis"]["blocks"] is True
    assert by_row["troops-hypothetical-zinberg"]["standing"] == "pre-existing, on a row you touched"
    assert by_row["troops-hypothetical-zinberg"]["blocks"] is False
    gate = report["summary"]["gate"]
    assert (gate["blocking_warnings"], gate["pre_existing_warnings_touched"]) == (1, 1)


def test_warning_introduced_on_a_row_the_change_did_not_touch_does_not_block(repo: Path) -> None:
    """The article's publication event gets another actor: the actor `dw` is no longer
    referred to. The orphan warning is new, but on a row the author did not touch."""
    _edit(repo, "events", "event_id", "dw-publishes-article", actor_id="nis")
    status, report = _gate(repo)
    assert status == 0, report["findings"]
    orphan = _warning(report, "orphan-row")
    assert (orphan["file"], orphan["row_id"]) == ("data/actors.csv", "dw")
    assert (orphan["label"], orphan["blocks"]) == ("introduced", False)
    assert orphan["standing"] == "introduced, on a row you did not touch"
    gate = report["summary"]["gate"]
    assert (gate["introduced_warnings"], gate["introduced_warnings_elsewhere"]) == (1, 1)
    assert gate["blocking_warnings"] == 0


def test_pre_existing_error_blocks_any_change(repo: Path) -> None:
    _edit(repo, "figures", "figure_id", "coffins-shown-prk-media", value_best="-6")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a broken base")
    _edit(repo, "events", "event_id", "dw-publishes-article", notes="the dateline")
    status, report = _gate(repo)
    assert status == 1
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors
    assert all((f["standing"], f["blocks"]) == ("pre-existing", True) for f in errors)
    gate = report["summary"]["gate"]
    assert (gate["introduced_errors"], gate["pre_existing_errors"]) == (0, len(errors))
    assert any(s.endswith("(errors always do)") for s in gate["sentences"])


@pytest.mark.parametrize(
    ("severity", "label", "touched", "words", "blocking"),
    [
        ("error", "introduced", True, "introduced", True),
        ("error", "introduced", False, "introduced", True),
        ("error", "pre-existing", True, "pre-existing, on a row you touched", True),
        ("error", "pre-existing", False, "pre-existing", True),
        ("warning", "introduced", True, "introduced", True),
        ("warning", "introduced", False, "introduced, on a row you did not touch", False),
        ("warning", "pre-existing", True, "pre-existing, on a row you touched", False),
        ("warning", "pre-existing", False, "pre-existing", False),
        ("error", "fixed", True, "fixed", False),
        ("error", None, False, None, True),  # outside the gate: an error blocks, no words
        ("warning", None, True, None, False),
    ],
)
def test_ratchet_table(
    severity: Severity, label: Label | None, touched: bool, words: str | None, blocking: bool
) -> None:
    finding = Finding("r", severity, "m", "data/figures.csv", 2, "x", label=label)
    rows = frozenset({("data/figures.csv", "x")} if touched else set())
    assert ratchet.standing(finding, rows) == words
    assert ratchet.blocks(finding, rows) is blocking


def test_ratchet_never_counts_a_whole_file_finding_as_touched() -> None:
    finding = Finding("r", "warning", "m", "data/figures.csv", 0, None, label="introduced")
    rows = frozenset({("data/figures.csv", "x")})
    assert ratchet.standing(finding, rows) == "introduced, on a row you did not touch"
    assert ratchet.blocks(finding, rows) is False


# --- a project in a subfolder of its repository --------------------------------------------------


def test_subfolder_project_annotates_paths_from_the_repository_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "desk"
    root = top / "datasets" / "dw"
    copy_project(REPO, root, REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    (top / "README.md").write_text("other work of the desk\n", encoding="utf-8")
    _git(top, "init", "-q", "-b", "main")
    _git(top, "add", "-A")
    _git(top, "commit", "-qm", "base")
    _edit(root, "figures", "figure_id", "casualties-kwc-western-intel", value_best="7000")
    summary_file = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    capsys.readouterr()
    status, report = _gate(root, commit=False)
    out = capsys.readouterr().out
    assert status == 1
    [finding] = _findings(report, "changed-number-needs-evidence")
    assert finding["file"] == "data/figures.csv"  # report.json stays project-relative
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert commands[0].startswith(
        f"::error file=datasets/dw/data/figures.csv,line={finding['line']},"
        "title=changed-number-needs-evidence::"
    )  # the blocking finding on the edited row leads
    assert all("file=datasets/dw/data/" in line for line in commands)
    assert f"`datasets/dw/data/figures.csv:{finding['line']}`" in summary_file.read_text("utf-8")

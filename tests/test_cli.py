"""The `factgate validate` command line: exit status, where reports go, and CI output.

Exit status (docs/contracts.md): 0 no error findings, 1 error findings, 2 the tool could not run
as asked. A usage problem writes no report and prints a one-line reason, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

RunCli = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parents[1]
ANNOTATION = re.compile(
    r"^::(?P<severity>error|warning) file=(?P<file>[^,:]+),line=(?P<line>\d+),"
    r"title=(?P<title>[^,:]+)::(?P<message>.+)$"
)


def read_report(out: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def row_line(path: Path, key: str) -> int:
    text = path.read_text(encoding="utf-8-sig")
    match = re.search(rf"^{re.escape(key)},", text, flags=re.MULTILINE)
    assert match is not None, f"no row {key!r} in {path}"
    return text.count("\n", 0, match.start()) + 1


def break_hedge(root: Path, figure_id: str = "troops-deployed-western-intel") -> int:
    """Give one figure an unknown hedge word; return the line of its row."""
    path = root / "data" / "figures.csv"
    line = row_line(path, figure_id)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert ",approx," in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(",approx,", ",roughly,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return line


def add_unused_actor(root: Path) -> int:
    """Append an actor nobody refers to (an orphan-row warning); return its line."""
    path = root / "data" / "actors.csv"
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "unused-analyst,Jane Doe,person,GBR,an analyst nobody quotes\n")
    return text.count("\n") + 1


def csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


# --- exit 0 and 1 ----------------------------------------------------------------------------


def test_bundled_dataset_passes(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    status, stdout, stderr = run_cli("validate", "--root", str(REPO), "--out", str(out))

    assert status == 0, stdout + stderr
    report = read_report(out)
    assert report["verdict"] == "pass"
    assert report["summary"]["errors"] == 0
    assert [f for f in report["findings"] if f["severity"] == "error"] == []
    assert report["summary"]["tables"]["figures"] == csv_rows(REPO / "data" / "figures.csv")
    assert report["summary"]["tables"]["actors"] == csv_rows(REPO / "data" / "actors.csv")
    assert "PASS" in stdout


def test_broken_copy_fails_with_exit_1(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    line = break_hedge(project)
    out = tmp_path / "out"
    status, stdout, stderr = run_cli("validate", "--root", str(project), "--out", str(out))

    assert status == 1
    assert "Traceback" not in stderr
    report = read_report(out)
    assert report["verdict"] == "fail"
    assert any(
        (f["rule"], f["file"], f["line"]) == ("value-vocabulary", "data/figures.csv", line)
        for f in report["findings"]
    )
    assert "FAIL" in stdout
    assert f"data/figures.csv:{line}" in stdout


def test_warnings_alone_exit_0(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    line = add_unused_actor(project)
    out = tmp_path / "out"
    status, _, stderr = run_cli("validate", "--root", str(project), "--out", str(out))

    assert status == 0, stderr
    report = read_report(out)
    assert report["verdict"] == "pass"
    orphans = [f for f in report["findings"] if f["rule"] == "orphan-row"]
    assert [(f["severity"], f["file"], f["line"], f["row_id"]) for f in orphans] == [
        ("warning", "data/actors.csv", line, "unused-analyst")
    ]
    assert report["summary"]["warnings"] >= 1


def test_root_is_found_from_a_subfolder_and_reports_go_to_root_reports(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "data")
    status, _, stderr = run_cli("validate")

    assert status == 0, stderr
    report = read_report(project / "reports")
    assert report["verdict"] == "pass"


# --- exit 2 ----------------------------------------------------------------------------------


def _no_such_root(tmp_path: Path, project: Path) -> list[str]:
    return ["validate", "--root", str(tmp_path / "nowhere")]


def _root_is_a_file(tmp_path: Path, project: Path) -> list[str]:
    (tmp_path / "afile").write_text("x")
    return ["validate", "--root", str(tmp_path / "afile")]


def _not_a_project(tmp_path: Path, project: Path) -> list[str]:
    folder = tmp_path / "plain"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "figures.csv").write_text("figure_id\n")
    return ["validate", "--root", str(folder)]


def _no_schema(tmp_path: Path, project: Path) -> list[str]:
    (project / "schemas" / "figures.py").unlink()
    return ["validate", "--root", str(project)]


def _unknown_subcommand(tmp_path: Path, project: Path) -> list[str]:
    return ["inspect", "--root", str(project)]


def _unknown_option(tmp_path: Path, project: Path) -> list[str]:
    return ["validate", "--root", str(project), "--strict"]


def _no_subcommand(tmp_path: Path, project: Path) -> list[str]:
    return []


def _option_without_value(tmp_path: Path, project: Path) -> list[str]:
    return ["validate", "--root"]


def _texts_nowhere(tmp_path: Path, project: Path) -> list[str]:
    return ["validate", "--root", str(project), "--texts", str(tmp_path / "no-texts")]


def _out_is_a_file(tmp_path: Path, project: Path) -> list[str]:
    (tmp_path / "out").write_text("not a folder")
    return ["validate", "--root", str(project), "--out", str(tmp_path / "out")]


USAGE_ERRORS = {
    "no-such-root": (_no_such_root, "nowhere"),
    "root-is-a-file": (_root_is_a_file, "afile"),
    "not-a-project": (_not_a_project, "datapackage.json"),
    "table-without-schema": (_no_schema, "schemas/figures.py"),
    "unknown-subcommand": (_unknown_subcommand, "inspect"),
    "unknown-option": (_unknown_option, "--strict"),
    "no-subcommand": (_no_subcommand, "factgate"),
    "option-without-value": (_option_without_value, "--root"),
    "texts-nowhere": (_texts_nowhere, "no-texts"),
    "out-is-a-file": (_out_is_a_file, "out"),
}


@pytest.mark.parametrize("name", list(USAGE_ERRORS))
def test_usage_errors_exit_2_with_a_reason(
    project: Path, run_cli: RunCli, tmp_path: Path, name: str
) -> None:
    make_args, mentioned = USAGE_ERRORS[name]
    args = make_args(tmp_path, project)
    if "--out" not in args and args[:1] == ["validate"] and args[-1] != "--root":
        args += ["--out", str(tmp_path / "reports-out")]

    status, stdout, stderr = run_cli(*args)

    assert status == 2, stdout + stderr
    assert "Traceback" not in stderr
    assert "error" in stderr
    assert mentioned in stderr
    assert not (tmp_path / "reports-out").exists()
    assert not (project / "reports").exists()


# --- python -m factgate ----------------------------------------------------------------------


def _module_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")
    }
    return subprocess.run(
        [sys.executable, "-m", "factgate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )


def test_python_m_factgate_passes_and_fails(project: Path, tmp_path: Path) -> None:
    ok = _module_run("validate", "--root", str(project), "--out", str(tmp_path / "a"), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert read_report(tmp_path / "a")["verdict"] == "pass"

    line = break_hedge(project)
    bad = _module_run(
        "validate", "--root", str(project), "--out", str(tmp_path / "b"), cwd=tmp_path
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Traceback" not in bad.stderr
    assert f"data/figures.csv:{line}" in bad.stdout

    usage = _module_run("validate", "--root", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr
    assert "nowhere" in usage.stderr


# --- the report folder -----------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_out_folder_with_foreign_files_is_refused_and_left_untouched(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "mine"
    (out / "sub").mkdir(parents=True)
    (out / "thesis.tex").write_text("\\section{Do not delete}\n")
    (out / "sub" / "data.csv").write_text("a,b\n1,2\n")
    before = _snapshot(out)

    status, stdout, stderr = run_cli("validate", "--root", str(project), "--out", str(out))

    assert status == 2, stdout + stderr
    assert "Traceback" not in stderr
    assert "thesis.tex" in stderr
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "project"]


def test_second_run_replaces_the_report(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    figures = project / "data" / "figures.csv"
    pristine = figures.read_bytes()
    line = break_hedge(project)

    first, _, _ = run_cli("validate", "--root", str(project), "--out", str(out))
    assert first == 1
    failed = read_report(out)
    assert failed["verdict"] == "fail"
    assert any(f["line"] == line for f in failed["findings"])
    (out / "stale-extra.txt").write_text("left over from an earlier factgate version\n")

    figures.write_bytes(pristine)
    second, _, stderr = run_cli("validate", "--root", str(project), "--out", str(out))

    assert second == 0, stderr
    passed = read_report(out)
    assert passed["verdict"] == "pass"
    assert [f for f in passed["findings"] if f["severity"] == "error"] == []
    assert not (out / "stale-extra.txt").exists()
    for name in ("report.json", "index.html", "junit.xml"):
        assert (out / name).is_file()
    gitignore = (out / ".gitignore").read_text(encoding="utf-8")
    assert "*" in gitignore.split()
    # no staging or retired folders are left beside the reports
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "reports"]


def test_reports_readme_is_kept_across_runs(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "README.md").write_text("What appears here.\n")

    for _ in range(2):
        status, _, stderr = run_cli("validate", "--root", str(project), "--out", str(out))
        assert status == 0, stderr
        assert (out / "README.md").read_text() == "What appears here.\n"
        assert (out / ".gitignore").is_file()


# --- GitHub Actions --------------------------------------------------------------------------


def test_github_actions_annotations_and_step_summary(
    project: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = break_hedge(project)
    summary = tmp_path / "step-summary.md"
    summary.write_text("## an earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = tmp_path / "out"

    status, stdout, stderr = run_cli("validate", "--root", str(project), "--out", str(out))

    assert status == 1, stderr
    report = read_report(out)
    commands = [m for m in map(ANNOTATION.match, stdout.splitlines()) if m]
    assert len(commands) == len(report["findings"])
    assert {(m["severity"], m["file"], int(m["line"]), m["title"]) for m in commands} >= {
        ("error", "data/figures.csv", line, "value-vocabulary")
    }
    # One command per finding; the order is GitHub's priority (docs/gate.md), not the report's.
    assert sorted((m["severity"], m["file"], m["title"], int(m["line"])) for m in commands) == (
        sorted((f["severity"], f["file"], f["rule"], f["line"]) for f in report["findings"])
    )
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## an earlier step\n")
    appended = written.removeprefix("## an earlier step\n")
    assert "fail" in appended
    assert "value-vocabulary" in appended
    assert f"data/figures.csv:{line}" in appended


def test_annotation_message_keeps_to_one_line(
    project: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell with a newline and a percent sign must not break the workflow command."""
    path = project / "data" / "sources.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    rows[1][header.index("adapted_from_language")] = ""
    rows[1][header.index("adapted_by")] = "Dang 100%\nYuan"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = tmp_path / "o"

    status, stdout, _ = run_cli("validate", "--root", str(project), "--out", str(out))

    assert status == 1
    commands = [line for line in stdout.splitlines() if line.startswith("::")]
    assert len(commands) == len(read_report(out)["findings"])
    assert all(ANNOTATION.match(line) for line in commands), commands
    [command] = [line for line in commands if "title=adaptation-complete" in line]
    assert command.startswith("::error file=data/sources.csv,line=2,")
    assert "Dang 100%25%0AYuan" in command


def test_no_annotations_outside_github_actions(
    project: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_hedge(project)
    summary = tmp_path / "step-summary.md"
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    status, stdout, _ = run_cli("validate", "--root", str(project), "--out", str(tmp_path / "o"))

    assert status == 1
    assert "::error" not in stdout
    assert not summary.exists()

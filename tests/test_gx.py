"""`factgate gx`: the rules as Great Expectations suites, run, published, and kept out of
`factgate validate`.

What the command promises (issue 6): Data Docs in OUT/gx/index.html for the bundled dataset;
exit status 1 with the failing rows named when the dataset is broken; every rule either
translated or listed with its reason, in the GX output and the README; GX's context never in
the project; no progress bars off a terminal; `validate` never imports GX. The differential
tests (both engines fail the same rows) are in `test_gx_differential.py`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factgate.gx.translate import rule_catalogue, translate
from factgate.project import load_project

pytestmark = pytest.mark.gx

RunCli = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parents[1]


def set_cell(path: Path, key: str, column: str, value: str) -> int:
    """Set one cell of the row whose first cell is `key`; return that row's line."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    index = next(i for i, row in enumerate(rows) if row and row[0] == key)
    rows[index][header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    text = buffer.getvalue()
    return text.count("\n", 0, text.index(f"\n{key},") + 1) + 1


def run_gx(run_cli: RunCli, root: Path, out: Path) -> tuple[int, str, str, dict[str, Any]]:
    status, stdout, stderr = run_cli("gx", "--root", str(root), "--out", str(out))
    results = out / "gx" / "factgate-gx.json"
    report = json.loads(results.read_text(encoding="utf-8")) if results.is_file() else {}
    return status, stdout, stderr, report


# --- the published run -----------------------------------------------------------------------


def test_bundled_dataset_passes_and_publishes_data_docs(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    status, stdout, stderr, report = run_gx(run_cli, project, out)

    assert status == 0, stdout + stderr
    assert "Traceback" not in stderr
    docs = out / "gx" / "index.html"
    assert docs.is_file()
    page = docs.read_text(encoding="utf-8")
    assert "figures" in page
    assert report["verdict"] == "pass"
    assert report["summary"]["expectations"] > 100
    assert report["summary"]["expectations_failed"] == 0
    # Every table has its suite, and the suites are there for teams that run GX themselves.
    suites = {p.stem for p in (out / "gx" / "suites").glob("*.json")}
    assert {"sources", "actors", "figures", "events", "relations", "figures.cells"} <= suites
    suite = json.loads((out / "gx" / "suites" / "figures.json").read_text(encoding="utf-8"))
    rules = {e["meta"]["factgate_rule"] for e in suite["expectations"]}
    assert {"bounds-ordered", "hedge-matches-bounds", "dates-ordered", "value-vocabulary"} <= rules
    assert "Data Docs:" in stdout


def test_broken_dataset_exits_1_and_names_the_rows(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    figures = project / "data" / "figures.csv"
    low_line = set_cell(figures, "troops-deployed-western-intel", "value_low", "12000")
    date_line = set_cell(figures, "coffins-shown-prk-media", "date_end", "2025-06-01")
    claimant_line = set_cell(figures, "munitions-delivered-nis", "claimant_id", "nis-korea")

    status, stdout, _, report = run_gx(run_cli, project, tmp_path / "reports")

    assert status == 1
    assert report["verdict"] == "fail"
    named = {(f["rule"], f["line"], f["row_id"]) for f in report["findings"]}
    assert ("hedge-matches-bounds", low_line, "troops-deployed-western-intel") in named
    assert ("bounds-ordered", low_line, "troops-deployed-western-intel") in named
    assert ("dates-ordered", date_line, "coffins-shown-prk-media") in named
    assert ("foreign-key", claimant_line, "munitions-delivered-nis") in named
    assert f"data/figures.csv:{date_line}: error: [dates-ordered] coffins-shown-prk-media" in stdout
    # GX itself names the rows: by the primary key and the CSV line.
    failed = [e for e in report["expectations"] if not e["success"]]
    assert all(e["failing_lines"] for e in failed)
    assert (tmp_path / "reports" / "gx" / "index.html").is_file()


def test_unparsable_cells_are_gx_failures_too(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """`cell-type` is checked on the cells as written: "6.000" is no whole number for GX either."""
    figures = project / "data" / "figures.csv"
    line = set_cell(figures, "casualties-kwc-western-intel", "value_best", "6.000")
    set_cell(figures, "workers-pledged-shoigu", "date_start", "2025-02-30")
    set_cell(figures, "munitions-delivered-nis", "increment", "nein")

    status, _, _, report = run_gx(run_cli, project, tmp_path / "reports")

    assert status == 1
    cells = {(f["line"], next(iter(f["columns"]))) for f in report["findings"]
             if f["rule"] == "cell-type"}  # fmt: skip
    assert (line, "value_best") in cells
    assert {column for _, column in cells} == {"value_best", "date_start", "increment"}


def test_reviewed_exception_silences_the_gx_failure(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    set_cell(project / "data" / "actors.csv", "zinberg", "role", " Professor")
    status, _, _ = run_cli(
        "except", "clean-text", "zinberg", "--root", str(project),
        "--reason", "quoted as printed", "--by", "tester",
    )  # fmt: skip
    assert status == 0

    status, stdout, _, report = run_gx(run_cli, project, tmp_path / "reports")

    assert status == 0, stdout
    assert report["summary"]["silenced"] == 1
    assert [f["row_id"] for f in report["silenced"]] == ["zinberg"]


def test_a_table_that_cannot_be_read_fails_and_the_others_are_checked(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    events = project / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("evidence,", "evidnce,", 1))
    set_cell(project / "data" / "figures.csv", "munitions-delivered-nis", "unit", "tons")

    status, stdout, _, report = run_gx(run_cli, project, tmp_path / "reports")

    assert status == 1
    assert [f["rule"] for f in report["read_errors"]] == ["csv-header"]
    assert "data/events.csv:1: error: [csv-header]" in stdout
    skipped = {e["table"] for e in report["expectations"] if "skipped" in e}
    assert "events" in skipped
    assert any(f["rule"] == "value-vocabulary" for f in report["findings"])


def test_no_such_root_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    status, _, stderr = run_cli("gx", "--root", str(tmp_path / "nothing"))
    assert status == 2
    assert "no such project root" in stderr


def test_foreign_out_folder_is_refused(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("keep me", encoding="utf-8")
    status, _, stderr = run_cli("gx", "--root", str(project), "--out", str(out))
    assert status == 2
    assert "did not write" in stderr
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]


def test_missing_extra_is_a_usage_error_with_a_hint(
    run_cli: RunCli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "great_expectations", None)  # import raises ImportError
    status, _, stderr = run_cli("gx", "--root", str(project))
    assert status == 2
    assert "pip install 'factgate[gx]'" in stderr


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if "__pycache__" not in p.parts)


def test_gx_leaves_no_context_in_the_project_and_no_progress_bars(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    before = _files(project)
    out = tmp_path / "reports"
    status, stdout, stderr, _ = run_gx(run_cli, project, out)
    assert status == 0
    assert _files(project) == before
    assert not list((out / "gx").rglob("great_expectations.yml"))
    assert "Calculating Metrics" not in stderr + stdout
    assert sorted(p.name for p in out.iterdir()) == ["gx"]


def test_data_docs_do_not_report_to_gx_servers(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """GX's header logo is fetched from its servers with the context ID; ours is local."""
    out = tmp_path / "reports"
    assert run_gx(run_cli, project, out)[0] == 0
    pages = list((out / "gx").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "dataContextId" not in text, page
        assert "great-expectations-web-assets" not in text, page
        for logo in re.findall(r'src="([^"]*logo-long\.png)"', text):
            assert (page.parent / logo).resolve().is_file(), (page, logo)


def test_validate_never_imports_great_expectations(project: Path, tmp_path: Path) -> None:
    code = (
        "import sys\nfrom factgate.cli import main\n"
        f"status = main(['validate', '--root', {str(project)!r}, '--out', "
        f"{str(tmp_path / 'out')!r}])\n"
        "print(status, 'great_expectations' in sys.modules, 'factgate.gx' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-3:] == ["0", "False", "False"], done.stdout + done.stderr


# --- the translation -------------------------------------------------------------------------


def test_every_rule_is_translated_or_listed_with_a_reason() -> None:
    project = load_project(REPO)
    translation = translate(project)
    translated, reasons = translation.translated(), translation.reasons()
    for rule in rule_catalogue(project):
        assert rule in translated or rule in reasons, rule
    assert all(len(reason) > 20 for reason in reasons.values())
    # The rules whose GX form the issue asks for by name.
    assert {
        "required-cell", "unique-value", "value-vocabulary", "value-range", "value-pattern",
        "value-length", "bounds-ordered", "dates-ordered", "foreign-key", "cell-type",
    } <= set(translated)  # fmt: skip
    assert {"precision-matches-span", "subset-within-parent", "evidence-holds-number"} <= set(
        reasons
    )


def test_suite_follows_the_schema_and_the_vocabulary_not_a_copy_of_them(project: Path) -> None:
    """Change the schema's limits and the vocabulary's rows: the GX translation follows."""
    vocabulary = project / "schemas" / "_vocabulary.py"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(
        text.replace("EVIDENCE_MAX_CHARS = 160", "EVIDENCE_MAX_CHARS = 99"), encoding="utf-8"
    )
    with (project / "data" / "vocabulary" / "quantities.csv").open("a", encoding="utf-8") as f:
        f.write("drones_shown,drones in footage,false,false,false,drohne,\n")
    with (project / "data" / "vocabulary" / "quantity_units.csv").open("a", encoding="utf-8") as f:
        f.write("drones_shown,items\n")

    specs = translate(load_project(project)).expectations

    lengths = {s.kwargs.get("max_value") for s in specs if s.rule == "value-length"}
    assert lengths == {99}
    [units] = [
        s.kwargs["value_set"] for s in specs
        if s.rule == "unit-fits-quantity" and ("quantity", "==", "drones_shown") in s.condition
    ]  # fmt: skip
    assert units == ["items"]
    words = [
        s.kwargs["regex"] for s in specs
        if s.rule == "evidence-names-quantity" and ("quantity", "==", "drones_shown") in s.condition
    ]  # fmt: skip
    assert len(words) == 1
    assert "[d" in words[0]  # the stem, each letter made case-blind
    [quantity_key] = [
        s for s in specs if s.rule == "value-vocabulary" and s.kwargs["column"] == "quantity"
        and s.table == "figures"
    ]  # fmt: skip
    assert quantity_key.kwargs["value_set"].sources == (("quantities", "quantity"),)


def test_readme_lists_every_rule_as_the_translation_does() -> None:
    """The README's table of rules agrees with the translation, rule by rule."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Great Expectations", 1)[1]
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+) \|", section, flags=re.MULTILINE))
    project = load_project(REPO)
    translated = translate(project).translated()
    for rule in rule_catalogue(project):
        assert rule in rows, f"README's GX table lacks `{rule}`"
        said = rows[rule].strip()
        if rule in translated:
            assert not said.startswith("not translated"), rule
        else:
            assert said.startswith("not translated"), rule

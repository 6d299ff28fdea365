"""A bad import can produce thousands of findings and a desk's dataset a million rows: the HTML
must stay small enough to open from a CI artifact (under 2 MB, the first findings of each rule
listed, charts that summarise), while report.json and findings.csv hold every finding."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from factgate.findings import Finding, Severity, sort_findings
from factgate.numerals import Count, parse_count
from factgate.report import charts, write_reports
from factgate.testing import copy_project
from factgate.validate import Validation, validate

REPO = Path(__file__).resolve().parents[1]
MAX_HTML_BYTES = 2_000_000
MANY = 10_000


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    root = tmp_path_factory.mktemp("bundled")
    copy_project(REPO, root, REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    return validate(root)


def many_findings(
    validation: Validation, count: int, message_chars: int = 160, cell: str | None = None
) -> Validation:
    """`count` findings spread over every rule and every row of every table, with realistic
    cells (or every cell `cell`) and long messages, tallied into the rules as the engine would."""
    places = [
        (table.file, int(line), str(row_id), {str(k): v for k, v in table.raw.iloc[i].items()})
        for table in validation.tables.values()
        for i, (line, row_id) in enumerate(zip(table.lines, table.row_ids, strict=True))
    ]
    rule_ids = [rule.id for rule in validation.rules]
    findings = []
    for i in range(count):
        file, line, row_id, cells = places[i % len(places)]
        rule_id = rule_ids[i % len(rule_ids)]
        severity: Severity = "error" if i % 3 else "warning"
        message = f"finding {i}: `{rule_id}` says " + ("the value does not fit " * 20)
        if cell is not None:
            message = cell
            cells = dict.fromkeys(cells, cell)
        findings.append(
            Finding(
                rule_id,
                severity,
                message[:message_chars],
                file,
                line + i // len(places),
                f"{row_id}-{i}",
                dict(list(cells.items())[:4]),
                "point" if i % 2 else None,
            )
        )
    findings = sort_findings(findings)
    tallied = [dataclasses.replace(rule, errors=0, warnings=0) for rule in validation.rules]
    by_id = {rule.id: rule for rule in tallied}
    for finding in findings:
        rule = by_id[finding.rule]
        rule.status = "fail"
        if finding.severity == "error":
            rule.errors += 1
        else:
            rule.warnings += 1
    return dataclasses.replace(validation, findings=findings, rules=tallied)


def test_ten_thousand_findings(bundled: Validation, tmp_path: Path) -> None:
    validation = many_findings(bundled, MANY)
    started = time.perf_counter()
    write_reports(validation, tmp_path / "out")
    elapsed = time.perf_counter() - started

    page = (tmp_path / "out" / "index.html").read_bytes()
    assert len(page) < MAX_HTML_BYTES, f"{len(page):,} bytes"
    text = page.decode("utf-8")
    listed = text.count('<li class="finding finding-')
    assert 100 <= listed < MANY
    assert "more findings of" in text
    assert re.search(r"10,000 findings; this page lists [\d,]+ \(at most 100 per rule", text)

    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["findings"]) == MANY
    assert report["summary"]["errors"] + report["summary"]["warnings"] == MANY
    assert [f["message"] for f in report["findings"]] == [f.message for f in validation.findings]

    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "findings.csv").read_text("utf-8"))))
    assert len(rows) == MANY
    assert elapsed < 30, f"writing the reports took {elapsed:.1f} s"


def test_huge_cells_are_clipped_on_the_page_not_in_json(
    bundled: Validation, tmp_path: Path
) -> None:
    huge = "Soldaten " * 20_000  # 180,000 characters
    finding = Finding(
        "value-length",
        "error",
        f"`evidence` is too long: {huge}",
        "data/figures.csv",
        2,
        "workers-pledged-shoigu",
        {"evidence": huge},
    )
    validation = many_findings(bundled, 0)
    validation = dataclasses.replace(validation, findings=[finding])
    write_reports(validation, tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert len(page) < 400_000
    assert "more characters)" in page
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["findings"][0]["columns"]["evidence"] == huge


def test_ten_thousand_worst_case_findings_stay_under_the_limit(
    bundled: Validation, tmp_path: Path
) -> None:
    """Long messages and cells made of characters that grow when escaped: the page's budget
    counts escaped text, so it holds even here."""
    worst = '<"&>' * 500
    validation = many_findings(bundled, MANY, message_chars=len(worst), cell=worst)
    write_reports(validation, tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_bytes()
    assert len(page) < MAX_HTML_BYTES, f"{len(page):,} bytes"
    assert page.count(b'<li class="finding finding-') >= 50
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["findings"]) == MANY


# --- charts at any size: a bounded drawing that says what it summarised ---------------------


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    """A generated 3,000-figure project with 1% bad rows, validated."""
    root = _generator().generate(tmp_path_factory.mktemp("generated"), 3_000, bad_fraction=0.01)
    return validate(root)


def _scaled(validation: Validation, times: int) -> Validation:
    """The same tables, each row repeated `times` times: a large frame without a large file."""
    tables = {}
    for name, table in validation.tables.items():
        frame = pd.concat([table.frame] * times, ignore_index=True)
        raw = pd.concat([table.raw] * times, ignore_index=True)
        lines = np.arange(2, 2 + len(frame), dtype=np.int64)
        tables[name] = dataclasses.replace(table, frame=frame, raw=raw, lines=lines)
    return dataclasses.replace(validation, tables=tables)


def _drawn(svg: str) -> int:
    """Elements in a chart's SVG: what a browser lays out and paints."""
    return sum(1 for _ in ET.fromstring(svg).iter())


def test_chart_cost_is_bounded_by_its_caps(
    generated: Validation, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []

    def counting(text: str) -> Count | None:
        parsed.append(text)
        return parse_count(text)

    monkeypatch.setattr(charts, "parse_count", counting)
    drawn = {}
    for times in (1, 20):
        big = _scaled(generated, times)
        marks = charts.figure_marks(big.tables, big.findings)
        assert len(marks) == 3_000 * times
        parsed.clear()
        chosen = charts.select_rows(marks, charts.MAX_CHART_ROWS)
        # Only the chosen rows become marks: the evidence of the other rows is never parsed.
        assert len(parsed) == charts.MAX_CHART_ROWS
        svg = charts.draw_figures(chosen, charts.quantity_order(chosen), "")
        assert f"Summarised: {3_000 * times:,} figures" in svg
        rows, _undated = charts.timeline_marks(big.tables, big.findings)
        timeline = charts.draw_timeline(
            charts.select_rows(rows, charts.MAX_CHART_ROWS), charts.source_marks(big.tables), ""
        )
        assert f"Summarised: {len(rows):,} dated rows" in timeline
        drawn[times] = (_drawn(svg), _drawn(timeline))
    # Twenty times the rows, the same picture size (summaries and capped rows, not every row).
    for small, large in zip(drawn[1], drawn[20], strict=True):
        assert large <= small * 1.2, drawn


def test_summary_rows_span_every_row_of_their_group(generated: Validation) -> None:
    marks = charts.figure_marks(generated.tables, generated.findings)
    summaries = marks.summaries()
    assert sum(s.count for s in summaries) == len(marks)
    figures = generated.tables["figures"].frame
    troops = next(s for s in summaries if s.group == "troops_deployed")
    values = figures.loc[figures["quantity"] == "troops_deployed", ["value_low", "value_best"]]
    assert troops.low == values.min().min()
    assert troops.high == values.max().max()
    # The groups with errors come first: that is what a reviewer looks for.
    assert summaries[0].errors == max(s.errors for s in summaries) > 0


def test_a_small_chart_draws_every_row_and_no_summary(bundled: Validation) -> None:
    marks = charts.figure_marks(bundled.tables, bundled.findings)
    chosen = charts.select_rows(marks, charts.MAX_CHART_ROWS)
    assert len(chosen) == len(marks) < charts.MAX_CHART_ROWS
    assert charts.summary_caption(chosen, "figures") is None
    assert "Summarised" not in charts.draw_figures(chosen, charts.quantity_order(chosen), "")


def test_generated_dataset_report_stays_small_and_says_it_summarised(
    generated: Validation, tmp_path: Path
) -> None:
    write_reports(_scaled(generated, 10), tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_bytes()
    assert len(page) < MAX_HTML_BYTES, f"{len(page):,} bytes"
    assert b"Summarised: 30,000 figures" in page

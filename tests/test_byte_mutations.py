"""Random byte-level damage to the bundled tables never crashes `factgate validate`.

Hypothesis inserts, deletes, replaces and duplicates bytes of one table of a copy of the
project, favouring the bytes CSV parsing turns on (quotes, commas, line ends, NUL, bytes that
are not UTF-8, a byte-order mark). Whatever comes out, the run must end in a verdict: exit 0 or
1, a `report.json`, no traceback, and every finding on a line that exists in its file.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factgate.cli import main
from factgate.report import charts
from factgate.testing import copy_project

REPO = Path(__file__).resolve().parents[1]
TABLES = sorted(path.name for path in (REPO / "data").glob("*.csv"))

#: Bytes that matter to a CSV reader, and a few that are not text at all.
SPECIAL = [
    b'"', b",", b"\n", b"\r", b"\r\n", b'""', b'","', b"\x00", b"\xff", b"\xe4", b"\xc3",
    b"\xef\xbb\xbf", b" ", b";", b"\t", b"\n\n", b",,,,",
]  # fmt: skip


@st.composite
def mutation(draw: st.DrawFn, size: int) -> tuple[str, int, int, bytes]:
    """One edit: (kind, position, length, bytes), positions within a file of `size` bytes."""
    kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line"]))
    position = draw(st.integers(0, max(size, 0)))
    length = draw(st.integers(1, 40))
    data = draw(st.one_of(st.sampled_from(SPECIAL), st.binary(min_size=1, max_size=8)))
    return kind, position, length, data


def apply(raw: bytes, edit: tuple[str, int, int, bytes]) -> bytes:
    """Apply one edit; a position past the end (the file shrank) is clamped to it."""
    kind, position, length, data = edit
    position = min(position, len(raw))
    if kind == "insert":
        return raw[:position] + data + raw[position:]
    if kind == "delete":
        return raw[:position] + raw[position + length :]
    if kind == "replace":
        return raw[:position] + data + raw[position + len(data) :]
    start = raw.rfind(b"\n", 0, position) + 1  # duplicate the line holding `position`
    end = raw.find(b"\n", position)
    end = len(raw) if end < 0 else end + 1
    return raw[:end] + raw[start:end] + raw[end:]


@st.composite
def damaged_table(draw: st.DrawFn) -> tuple[str, bytes]:
    """A bundled table's name and its bytes after one to four random edits."""
    name = draw(st.sampled_from(TABLES))
    raw = (REPO / "data" / name).read_bytes()
    for edit in draw(st.lists(mutation(len(raw)), min_size=1, max_size=4)):
        raw = apply(raw, edit)
    return name, raw


def physical_lines(raw: bytes) -> int:
    """Lines as an editor counts them: ended by LF, CRLF or a lone CR."""
    return len(raw.splitlines())


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the project; each example damages one table and puts it back after."""
    return copy_project(REPO, tmp_path_factory.mktemp("mutated") / "project")


@pytest.fixture
def no_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Charts take most of a run's time and have tests of their own; here they say "not drawn"."""

    def unavailable(*_args: object, **_kwargs: object) -> str:
        raise charts.ChartUnavailable("not drawn in this test")

    monkeypatch.setattr(charts, "draw_figures", unavailable)
    monkeypatch.setattr(charts, "draw_timeline", unavailable)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(damaged=damaged_table())
def test_damaged_table_ends_in_a_verdict_with_findings_on_real_lines(
    copy: Path, no_charts: None, damaged: tuple[str, bytes]
) -> None:
    name, raw = damaged
    path = copy / "data" / name
    original = path.read_bytes()
    out = copy / "out"
    shutil.rmtree(out, ignore_errors=True)
    path.write_bytes(raw)
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            status = main(["validate", "--root", str(copy), "--out", str(out)])
    finally:
        path.write_bytes(original)

    assert "Traceback" not in stderr.getvalue(), stderr.getvalue()
    assert status in (0, 1), stderr.getvalue()
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == ("fail" if status == 1 else "pass")
    for finding in report["findings"]:
        file = copy / finding["file"]
        content = raw if file == path else file.read_bytes()
        assert 1 <= finding["line"] <= max(1, physical_lines(content)), finding
        assert isinstance(finding["message"], str)
        assert finding["message"]

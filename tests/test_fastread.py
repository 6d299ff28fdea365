"""The fast reader against the exact one: same cells, same lines, same findings, or a fallback.

`factgate.fastread` reads with Arrow and falls back to `factgate.csvload` for any file it
cannot prove plain. These tests run both readers over hand-made edge cases, over every way
`tests/test_malformed_input.py` damages a project (whole runs compared, finding by finding)
and over every table of every check case, and check that plain files really take the fast
path (else the differential would be vacuous).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.test_malformed_input import CASES as MALFORMED

from factgate import csvload, fastread
from factgate.csvload import LoadedTable
from factgate.project import load_project
from factgate.testing import build_project
from factgate.validate import validate

REPO = Path(__file__).resolve().parents[1]
CHECK_CASES = REPO / "tests" / "check_cases"
COLUMNS = ["a", "b"]

#: Files the fast path must read itself: quoting, multi-line cells, CRLF, a BOM, no final
#: newline, reordered columns, blanks kept as written.
PLAIN = {
    "simple": b"a,b\n1,2\n",
    "multiline-cell": b'a,b\n1,"x\ny"\n3,4\n',
    "several-multiline-cells": b'a,b\n"x\n\ny","z\nw"\n5,6\n',
    "crlf": b"a,b\r\n1,2\r\n",
    "crlf-inside-a-cell": b'a,b\r\n1,"a\r\nb"\r\n',
    "empty-quoted-cell": b'a,b\n1,""\n',
    "escaped-quotes": b'a,b\n1,"x""y"\n"""x",y\n',
    "no-final-newline": b"a,b\n1,2",
    "blanks-kept": b"a,b\n 1 , 2 \n",
    "leading-zeros": b"a,b\n001,2\n",
    "byte-order-mark": b"\xef\xbb\xbfa,b\n1,2\n",
    "columns-reordered": b"b,a\n1,2\n",
    "header-only": b"a,b\n",
    "empty-lines-at-the-end": b"a,b\n1,2\n\n\r\n\n",
    "one-empty-cell": b"a,b\n,2\n",
}
#: Files the exact reader must read (the fast one would read them differently or not at all).
FALLBACK = {
    "quote-inside-unquoted-cell": b'a,b\n1,b"c\n',
    "text-after-closing-quote": b'a,b\n1,"b"c\n',
    "blank-after-closing-quote": b'a,b\n"1" ,2\n',
    "unclosed-quote": b'a,b\n1,"unclosed\n3,4\n',
    "unclosed-quote-no-final-newline": b'a,b\n1,"unclosed\n3,4',
    "blank-line": b"a,b\n\n1,2\n",
    "row-of-empty-cells": b"a,b\n1,2\n,\n3,4\n",
    "row-of-blanks": b"a,b\n1,2\n , \n",
    "empty-line-above-the-header": b"\na,b\n1,2\n",
    "padded-header": b"a, b\n1,2\n",
    "utf16": "a,b\n1,2\n".encode("utf-16"),
    "too-many-cells": b"a,b\n1,2,3\n",
    "too-few-cells": b"a,b\n1\n",
    "lone-carriage-return": b"a,b\n1,\r2\n",
    "not-utf8": b"a,b\n\xe4,1\n",
    "nul-byte": b"a,b\n1,\x002\n",
    "empty": b"",
    "unknown-column": b"a,c\n1,2\n",
    "quoted-header": b'"a",b\n1,2\n',
}


def same(exact: LoadedTable, fast: LoadedTable) -> None:
    """The two results agree on everything the engine reads from them."""
    assert list(fast.frame.columns) == list(exact.frame.columns)
    assert fast.frame.astype(object).to_numpy().tolist() == exact.frame.to_numpy().tolist()
    assert fast.lines.tolist() == exact.lines.tolist()
    assert (fast.usable, fast.findings) == (exact.usable, exact.findings)


def both(path: Path, columns: list[str]) -> tuple[LoadedTable, LoadedTable]:
    exact = csvload.read_table("t", path, "data/t.csv", columns)
    return exact, fastread.read_table("t", path, "data/t.csv", columns)


@pytest.mark.parametrize("name", list(PLAIN))
def test_plain_files_take_the_fast_path_and_agree(name: str, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(PLAIN[name])
    assert fastread.read_fast("t", path, "data/t.csv", COLUMNS) is not None
    same(*both(path, COLUMNS))


@pytest.mark.parametrize("name", list(FALLBACK))
def test_other_files_fall_back_to_the_exact_reader(name: str, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FALLBACK[name])
    assert fastread.read_fast("t", path, "data/t.csv", COLUMNS) is None
    same(*both(path, COLUMNS))


def test_a_missing_file_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    assert fastread.read_fast("t", path, "data/t.csv", COLUMNS) is None
    same(*both(path, COLUMNS))


def test_lines_after_multiline_cells_are_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\n1,"two\nlines"\n2,x\n3,"three\n\nlines"\n4,y\n')
    fast = fastread.read_fast("t", path, "data/t.csv", COLUMNS)
    assert fast is not None
    assert fast.lines.tolist() == [2, 4, 5, 8]


def _runs(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any]]:
    """Findings of a whole validation with the fast reader, then with the exact one."""

    def key(validation: Any) -> list[Any]:
        return [(f.rule, f.severity, f.file, f.line, f.row_id, f.message, f.columns)
                for f in validation.findings]  # fmt: skip

    fast = key(validate(root))
    with monkeypatch.context() as patch:
        patch.setattr("factgate.validate.read_table", csvload.read_table)
        exact = key(validate(root))
    return fast, exact


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_input_gives_the_same_findings(
    name: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    MALFORMED[name].damage(project)
    fast, exact = _runs(project, monkeypatch)
    assert fast == exact
    assert any(f[0] == MALFORMED[name].rule for f in fast)


def test_the_bundled_fixture_gives_the_same_findings(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, exact = _runs(project, monkeypatch)
    assert fast == exact


def _check_cases() -> list[Any]:
    params = []
    for path in sorted(CHECK_CASES.glob("[!_]*.yml")):
        for name, case in yaml.safe_load(path.read_text("utf-8"))["cases"].items():
            params.append(pytest.param(case, id=f"{path.stem}::{name}"))
    return params


DEFAULTS: dict[str, Any] = yaml.safe_load((CHECK_CASES / "_defaults.yml").read_text("utf-8"))


@pytest.mark.parametrize("case", _check_cases())
def test_every_table_of_every_check_case_reads_the_same(
    case: dict[str, Any], tmp_path: Path
) -> None:
    tables = {key: value for key, value in case.items() if key not in ("expect", "texts")}
    root = build_project(REPO, tmp_path / "p", tables, DEFAULTS, case.get("texts"))
    project = load_project(root)
    for name, spec in project.tables.items():
        path = project.data_dir / spec.path
        shown = project.display_path(path)
        exact = csvload.read_table(name, path, shown, spec.fields)
        fast = fastread.read_fast(name, path, shown, spec.fields)
        assert fast is not None, f"{name} of a check case did not take the fast path"
        same(exact, fast)

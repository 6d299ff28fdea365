"""Dataset text is untrusted: an article quote, a claimant's name or an ID can hold markup.
Every text cell of a copy of the dataset gets `<script>`, an `<img onerror>` that breaks out of
an attribute, and a Jinja expression; every report must show them as text and run nothing.
(tests/test_browser.py opens the same kind of page in Chromium and watches it execute nothing.)
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import markupsafe
import pytest
from junitparser import JUnitXml

from factgate.testing import copy_project

RunCli = Callable[..., tuple[int, str, str]]
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '"><img src=x onerror="window.__pwned=2">'
TEMPLATE = "{{ 7*7*7*7*7*7 }}{% raw %}"
PAYLOAD = f"{SCRIPT}{IMG}{TEMPLATE}</title></svg>"


def inject_everywhere(root: Path) -> int:
    """Put PAYLOAD into every text cell of every table; return how many cells got it."""
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    cells = 0
    for resource in package["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        text = [f["name"] for f in resource["schema"]["fields"] if f.get("type") == "string"]
        path = root / "data" / resource["path"]
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        for row in rows:
            for name in text:
                row[name] = f"{row[name]} {PAYLOAD}" if row[name] else PAYLOAD
                cells += 1
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return cells


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The injected copy's report folder, and what the CLI printed (with GitHub annotations)."""
    from factgate.cli import main

    root = tmp_path_factory.mktemp("injected")
    repo = Path(__file__).resolve().parents[1]
    copy_project(repo, root, repo / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    assert inject_everywhere(root) > 50
    out = root / "out"
    summary = root / "summary.md"
    stdout = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(stdout):
        patch.setenv("GITHUB_ACTIONS", "true")
        patch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        status = main(["validate", "--root", str(root), "--out", str(out)])
    assert status == 1
    return out, stdout.getvalue(), summary.read_text(encoding="utf-8")


def test_html_shows_the_payload_as_text(injected: tuple[Path, str, str]) -> None:
    out, _, _ = injected
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert not re.search(r"<[^>]*\sonerror\s*=", page, flags=re.I)
    assert "{% raw %}" in page  # the template text arrives as written, not evaluated
    assert "{{ 7*7*7*7*7*7 }}" in page
    assert str(7**6) not in page
    # Jinja writes quotes as &#34;, ElementTree (the charts) leaves them in text nodes
    assert page.count(str(markupsafe.escape(PAYLOAD))) >= 20
    assert page.count(html.escape(PAYLOAD, quote=False)) >= 2
    # inside the charts' SVG (claimant names, figure labels) it is escaped text as well
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert len(svgs) == 2
    assert any("&lt;script&gt;window.__pwned=1&lt;/script&gt;" in svg for svg in svgs)
    # the page still has its structure: no payload closed a tag early
    assert page.count("</html>") == 1
    assert page.count("<svg") == page.count("</svg>") == 2


def test_json_csv_and_junit_keep_the_payload_verbatim(injected: tuple[Path, str, str]) -> None:
    out, _, _ = injected
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert any(PAYLOAD in (f["row_id"] or "") for f in report["findings"])
    rows = list(csv.DictReader(io.StringIO((out / "findings.csv").read_text("utf-8"))))
    assert len(rows) == len(report["findings"])
    assert any(PAYLOAD in row["message"] for row in rows)
    xml = JUnitXml.fromfile(str(out / "junit.xml"))
    bodies = [r.text or "" for suite in xml for case in suite for r in case.result]
    assert any(PAYLOAD in body for body in bodies)


def test_step_summary_shows_the_payload_inert(injected: tuple[Path, str, str]) -> None:
    _, _, summary = injected
    outside_code = re.sub(r"`[^`]*`", "", summary)
    assert not re.search(r"(?<!\\)[<>\[\]!]", outside_code)  # every one escaped: shown as text
    assert "\\<script\\>window" in summary
    for line in summary.splitlines():
        if line.startswith("| `data/"):
            assert line.count(" | ") == 3, line  # the payload added no table column


def test_log_lines_stay_lines(injected: tuple[Path, str, str]) -> None:
    _, stdout, _ = injected
    for line in stdout.splitlines():
        if line.startswith("::"):
            assert re.match(r"::(error|warning) file=[^:,]+,(line=\d+,)?title=[a-z-]+::", line)
        else:
            assert not line.lstrip().startswith("::"), line


def test_a_newline_in_a_cell_cannot_forge_a_workflow_command(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = project / "data" / "sources.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("adapted_by")] = "x\n::add-mask::secret\n::error::forged"
    rows[1][rows[0].index("adapted_from_language")] = ""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    status, stdout, _ = run_cli("validate", "--root", str(project), "--out", str(tmp_path / "o"))
    assert status == 1
    assert not any(line.startswith(("::add-mask", "::error::")) for line in stdout.splitlines())
    assert "x\\n::add-mask::secret" in stdout  # the terminal summary shows it escaped
    assert "x%0A::add-mask::secret%0A::error::forged" in stdout  # the annotation, encoded


# --- links to the row: a remote URL is configuration anyone can set ------------------------------


@pytest.mark.parametrize(
    ("remote", "base"),
    [
        ("https://github.com/desk/figures.git", "https://github.com/desk/figures"),
        ("https://github.com/desk/figures/", "https://github.com/desk/figures"),
        ("git@github.com:desk/figures.git", "https://github.com/desk/figures"),
        ("ssh://git@github.com:2222/desk/figures.git", "https://github.com/desk/figures"),
        ("https://x-access-token:ghp_secret@github.com/desk/figures", "https://github.com/desk/figures"),
        ("https://GitLab.Example.org:8443/group/sub/repo.git", "https://gitlab.example.org:8443/group/sub/repo"),
    ],
)  # fmt: skip
def test_repository_remotes_become_https_addresses(remote: str, base: str) -> None:
    from factgate.report.context import remote_base

    assert remote_base(remote) == base


@pytest.mark.parametrize(
    "remote",
    [
        "javascript:alert(1)",
        "javascript://github.com/%0aalert(document.domain)",
        "JavaScript:alert(1)//github.com/a/b",
        "data:text/html,<script>alert(1)</script>",
        "http://github.com/desk/figures",
        "file:///srv/git/figures.git",
        "/srv/git/figures.git",
        "../figures",
        "github.com/desk/figures",
        "https://github.com/desk",
        "https://github.com/desk/figures?tab=1",
        "https://github.com/desk/figures#x",
        'https://github.com/desk/figures"onmouseover="alert(1)',
        "https://github.com/desk/<script>",
        "https://github.com/desk/../figures",
        "git@github.com:desk/fig ures",
        "",
    ],
)
def test_anything_else_gives_no_link(remote: str) -> None:
    from factgate.report.context import remote_base

    assert remote_base(remote) is None


def test_hostile_ci_variables_give_no_link(tmp_path: Path) -> None:
    from factgate.report.context import web_address

    sha = "0123456789abcdef0123456789abcdef01234567"
    for server, repository, commit in [
        ("javascript:alert(1)//", "desk/figures", sha),
        ("https://github.com", 'desk/figures"><script>', sha),
        ("https://github.com", "desk/figures", 'HEAD"onclick=alert(1)'),
    ]:
        environ = {
            "GITHUB_SERVER_URL": server, "GITHUB_REPOSITORY": repository, "GITHUB_SHA": commit
        }  # fmt: skip
        assert web_address(tmp_path, environ) is None  # tmp_path is no git work tree


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_hostile_origin_never_becomes_a_link(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    repo = Path(__file__).resolve().parents[1]
    root = copy_project(
        repo, tmp_path / "repo", repo / "tests" / "fixtures" / "projects" / "dw-article" / "data"
    )
    figures = root / "data" / "figures.csv"
    figures.write_text(figures.read_text("utf-8").replace(",approx,", ",exact,", 1), "utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run(
        [*git, "remote", "add", "origin", "javascript:alert(1)//github.com/a/b"],
        cwd=root,
        check=True,
    )
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "data"], cwd=root, check=True)
    out = tmp_path / "out"
    status, _, _ = run_cli("validate", "--root", str(root), "--out", str(out))
    assert status == 1
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<code class="where">data/figures.csv:' in page  # the place, as plain text
    assert "where-link" not in page
    assert "javascript" not in page.lower()


def test_an_event_partys_role_is_escaped(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    with (project / "data" / "event_actors.csv").open("a", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["delegation-visits-moscow", "shoigu", PAYLOAD])
    out = tmp_path / "out"
    run_cli("validate", "--root", str(project), "--out", str(out))
    page = (out / "index.html").read_text(encoding="utf-8")
    events = page[page.index('id="events"') :]
    events = events[: events.index("</table>")]
    assert str(markupsafe.escape(PAYLOAD)) in events
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()

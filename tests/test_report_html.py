"""index.html: what the page says and shows, built from a real validation of the bundled dataset
(copied, then edited per test) and from hand-made pieces where the engine cannot be made to
produce them (a gate diff, ten thousand findings)."""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factgate.diff import CellChange, DatasetDiff, RowChange, RowRef, TableDiff
from factgate.findings import Finding
from factgate.report import charts
from factgate.report.context import ReportContext
from factgate.report.html import render_html
from factgate.report.view import Limits, clip, doc_paragraphs, split_evidence, visible
from factgate.testing import copy_project
from factgate.validate import Validation, validate

RunCli = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    """The bundled dataset, validated once for the module (tests copy it before changing it)."""
    root = tmp_path_factory.mktemp("bundled")
    copy_project(REPO, root, REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    return validate(root)


def page_of(validation: Validation, limits: Limits | None = None) -> str:
    return render_html(ReportContext(validation, "0123456789ab"), limits)


def text_of(page: str) -> str:
    """The page's text as a reader sees it (tags gone, entities decoded, spaces collapsed)."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.skip += tag in ("style", "title")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("style", "title")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def set_cell(root: Path, table: str, key: str, column: str, value: str) -> None:
    import csv
    import io

    path = root / "data" / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    [row] = [r for r in rows[1:] if r and r[0] == key]
    row[rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# --- verdict, rules, findings ------------------------------------------------------------------


def test_verdict_comes_first_with_counts_and_commit(bundled: Validation) -> None:
    page = page_of(bundled)
    body = page[page.index("<body>") :]
    verdict = body.index('id="verdict"')
    assert verdict < body.index('id="rules"') < body.index('id="findings"')
    header = text_of(body[verdict : body.index("</header>")])
    assert "✔ PASS" in header
    assert f"{bundled.summary()['errors']} errors" in header
    assert "0123456789ab" in header


def test_every_rule_is_in_the_table_with_status_count_and_doc(bundled: Validation) -> None:
    page = page_of(bundled)
    table = page[page.index('class="rules-table"') : page.index('id="findings"')]
    rows = [row for row in table.split("<tr")[1:] if "<summary>" in row]
    assert len(rows) == len(bundled.rules)
    for rule in bundled.rules:
        [row] = [r for r in rows if f"<summary><code>{rule.id}</code></summary>" in r]
        assert "<details>" in row
        first_words = rule.doc.split()[:3]
        assert " ".join(first_words).replace("`", "") in text_of(row).replace("`", "")
        shown = "warnings" if rule.status == "fail" and not rule.errors else rule.status
        assert shown in text_of(row)


def test_failing_rules_come_first_in_the_table(bundled: Validation) -> None:
    page = page_of(bundled)
    order = re.findall(r'class="status status-(\w+)"', page)
    rank = {"fail": 0, "warn": 0, "skipped": 1, "pass": 2}
    assert [rank[s] for s in order] == sorted(rank[s] for s in order)


def test_a_finding_shows_place_row_cells_and_highlighted_evidence(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    set_cell(project, "figures", "troops-deployed-western-intel", "hedge", "exact")
    set_cell(project, "figures", "troops-deployed-western-intel", "value_low", "11000")
    set_cell(project, "figures", "troops-deployed-western-intel", "value_high", "11000")
    run_cli("validate", "--root", str(project), "--out", str(tmp_path / "out"))
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    block = page[page.index('id="rule-evidence-hedge-agrees"') :]
    block = block[: block.index("</section>")]
    card = block[block.index('<li class="finding finding-error">') :]
    card = card[: card.index("</li>")]
    assert re.search(r'<code class="where">data/figures\.csv:\d+</code>', card)
    assert '<code class="row-id">troops-deployed-western-intel</code>' in card
    assert '<th scope="row"><code>hedge</code></th><td>exact</td>' in card
    # the number and its hedge word are marked inside the quoted evidence
    assert "<mark>rund 11.000</mark> nordkoreanischen Soldaten" in card
    assert "✘ error" in card


def test_message_names_in_backticks_are_code(bundled: Validation) -> None:
    finding = Finding(
        "value-range", "error", "`value_best` is -5, expected `>= 0`", "data/figures.csv", 5
    )
    page = page_of(dataclasses.replace(bundled, findings=[finding]))
    assert "<code>value_best</code> is -5, expected <code>&gt;= 0</code>" in page


def test_findings_beyond_the_limit_point_to_the_full_lists(bundled: Validation) -> None:
    findings = [
        Finding("value-range", "error", f"problem {i}", "data/figures.csv", i + 2)
        for i in range(30)
    ]
    page = page_of(dataclasses.replace(bundled, findings=findings), Limits(per_rule=7))
    assert page.count('<li class="finding finding-error">') == 7
    text = text_of(page)
    assert "… and 23 more findings of value-range (30 in all)" in text
    assert 'href="report.json"' in page
    assert 'href="findings.csv"' in page


# --- the dataset at a glance -------------------------------------------------------------------


def test_dataset_section_lists_tables_and_sources(bundled: Validation) -> None:
    page = page_of(bundled)
    section = text_of(page[page.index('id="dataset"') :])
    for name, table in bundled.tables.items():
        assert f"{name} {table.file} {len(table.frame)}" in section
    figures = len(bundled.tables["figures"].frame)
    events = len(bundled.tables["events"].frame)
    assert (
        f"dw-2025-07-02-nordkorea-russland Deutsche Welle (DW) Nordkorea: Prestigegewinn durch "
        f"Allianz mit Russland 2025-07-02 {figures} {events}"
    ) in section


# --- charts ------------------------------------------------------------------------------------


def test_two_charts_inline_as_svg_with_the_figures_words(bundled: Validation) -> None:
    page = page_of(bundled)
    pictures = page[page.index('id="pictures"') : page.index('id="dataset"')]
    svgs = re.findall(r"<svg\b.*?</svg>", pictures, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg
        assert "width=" not in svg.split(">", 1)[0]  # scaled by CSS, not fixed
    figure_svg, timeline_svg = svgs
    for words in ("rund 11.000", "etwa 6.000", "mehr als 10 Millionen", "Hunderttausende"):
        assert f">{words}" in figure_svg
    for quantity in ("troops_deployed (persons)", "casualties_kwc (persons)"):
        assert quantity in figure_svg
    assert "published 2025-07-02" in timeline_svg
    assert "delegation-visits-moscow" in timeline_svg


def test_ids_on_the_page_are_unique(bundled: Validation) -> None:
    page = page_of(bundled)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) > 50
    assert len(ids) == len(set(ids))
    for reference in re.findall(r'(?:href="#|url\(#)([^")]+)', page):
        assert reference in ids, reference


def test_rendering_twice_gives_the_same_bytes(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    pages = []
    for name in ("a", "b"):
        run_cli("validate", "--root", str(project), "--out", str(tmp_path / name))
        pages.append((tmp_path / name / "index.html").read_bytes())
    assert pages[0] == pages[1]
    assert b"<svg" in pages[0]


def test_without_matplotlib_the_page_says_so_and_shows_tables(
    bundled: Validation, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    page = page_of(bundled)
    assert "<svg" not in page
    text = text_of(page)
    assert text.count("Chart not drawn: matplotlib is not installed") == 2
    assert "<details open><summary>The figures as a table (7)</summary>" in page
    assert "<mark>rund 11.000</mark>" in page


def test_a_chart_that_fails_to_draw_does_not_take_the_page_down(
    bundled: Validation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("font cache is corrupt")

    monkeypatch.setattr(charts, "draw_timeline", broken)
    page = page_of(bundled)
    assert page.count("<svg") == 1
    assert "the chart could not be drawn (RuntimeError: font cache is corrupt)" in page


def test_a_project_without_figures_gets_no_chart_and_a_reason(bundled: Validation) -> None:
    tables = {k: v for k, v in bundled.tables.items() if k not in ("figures", "events")}
    page = page_of(dataclasses.replace(bundled, tables=tables))
    assert "Chart not drawn: no `figures` table with" in page
    assert "Chart not drawn: no `events` or `figures` table" in page


def test_a_chart_shows_at_most_its_row_limit(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    path = project / "data" / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    template = next(line for line in lines if line.startswith("workers-pledged-shoigu,"))
    extra = [
        template.replace("workers-pledged-shoigu,", f"workers-copy-{i},", 1) for i in range(90)
    ]
    path.write_text("".join(lines + extra), encoding="utf-8")
    run_cli("validate", "--root", str(project), "--out", str(tmp_path / "out"))
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    total = len(lines) - 1 + 90
    assert f"Showing {charts.MAX_CHART_ROWS} of {total} figures" in page
    figure_svg = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)[0]
    assert len(figure_svg) < 150_000


def test_quantities_related_by_relations_sit_together() -> None:
    def mark(figure_id: str, quantity: str) -> charts.FigureMark:
        return charts.FigureMark(
            figure_id,
            2,
            quantity,
            "persons",
            "c",
            "PRK",
            None,
            1,
            None,
            "approx",
            "claimed",
            "",
            None,
        )

    marks = [mark("a", "workers"), mark("b", "munitions"), mark("c", "troops"), mark("d", "kwc")]
    assert charts.quantity_order(marks) == ["workers", "munitions", "troops", "kwc"]
    related = charts.quantity_order(marks, [("d", "c"), ("c", "a")])
    assert related == ["workers", "troops", "kwc", "munitions"]


def test_chart_rows_with_findings_are_kept_first() -> None:
    def mark(i: int, severity: str | None) -> charts.FigureMark:
        return charts.FigureMark(
            f"f{i}", i, "q", "persons", "c", "", None, 1, None, "approx", "claimed", "", severity
        )

    marks = [mark(i, "error" if i in (7, 3) else "warning" if i == 9 else None) for i in range(10)]
    kept = charts.select_rows(marks, 4)
    assert [m.figure_id for m in kept] == ["f0", "f3", "f7", "f9"]


# --- the SVG a chart may put on the page --------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt" viewBox="0 0 10 10">{}</svg>'  # noqa: E501


def test_inline_svg_prefixes_ids_and_escapes_text() -> None:
    body = (
        '<defs><clipPath id="p1"><rect x="0" y="0" width="1" height="1"/></clipPath></defs>'
        '<g clip-path="url(#p1)"><use xlink:href="#m1"/></g>'
        "<text>&lt;script&gt;alert(1)&lt;/script&gt;</text>"
        '<style type="text/css">*{stroke:red}</style>'
    )
    svg = str(charts.inline_svg(SVG.format(body), "k", 'a "chart" & <more>'))
    assert 'id="k-p1"' in svg
    assert 'clip-path="url(#k-p1)"' in svg
    assert 'href="#k-m1"' in svg
    assert "&lt;script&gt;" in svg
    assert "<script" not in svg
    assert "<style" not in svg
    assert 'width="10pt"' not in svg
    assert '<title id="k-title">a "chart" &amp; &lt;more&gt;</title>' in svg


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
        '<g onload="alert(1)"/>',
        '<use xlink:href="https://example.com/sprite.svg#a"/>',
        '<image href="data:image/png;base64,AAAA"/>',
    ],
)
def test_inline_svg_refuses_anything_but_drawing(body: str) -> None:
    with pytest.raises(ValueError, match="chart SVG"):
        charts.inline_svg(SVG.format(body), "k", "chart")


# --- pieces of the view --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "parts"),
    [
        (
            "von den rund 11.000 nordkoreanischen Soldaten",
            ("von den ", "rund 11.000", " nordkoreanischen Soldaten"),
        ),
        (
            "mehr als 10 Millionen Artilleriegeschosse",
            ("", "mehr als 10 Millionen", " Artilleriegeschosse"),
        ),
        ("nur sechs Särge", ("", "nur sechs", " Särge")),
        ("Hunderttausende Tote", ("", "Hunderttausende", " Tote")),
        ("am Montag nach Moskau gereist", ("am Montag nach Moskau gereist", "", "")),
    ],
)
def test_evidence_is_split_around_number_and_hedge(phrase: str, parts: tuple[str, ...]) -> None:
    evidence = split_evidence(phrase, 300)
    assert (evidence.before, evidence.match, evidence.after) == parts
    assert evidence.found == bool(parts[1])


def test_invisible_characters_are_made_visible() -> None:
    assert visible("rund\t11.000\x00") == "rund␉11.000␀"
    assert visible("a\u202eb\u200bc") == "a⟨U+202E⟩b⟨U+200B⟩c"
    assert visible("two\nlines") == "two\nlines"
    assert visible("6\u00a0000") == "6 000"


def test_long_text_is_clipped_with_the_count() -> None:
    assert clip("x" * 10, 10) == "x" * 10
    assert clip("x" * 1010, 10) == "x" * 10 + "… (1,000 more characters)"


def test_docstrings_become_paragraphs() -> None:
    doc = """A weekday the article states is the weekday of the date.

Why: a wrong weekday means the
date was misread. Fails: `Montag` and 2025-07-01.
Passes: `Montag` and 2025-06-30."""
    paragraphs = ["".join(s.text for s in p) for p in doc_paragraphs(doc)]
    assert paragraphs == [
        "A weekday the article states is the weekday of the date.",
        "Why: a wrong weekday means the date was misread. Fails: Montag and 2025-07-01.",
        "Passes: Montag and 2025-06-30.",
    ]


# --- a change under review (the gate) -------------------------------------------------------------


def test_changes_show_old_and_new_mark_failing_cells_and_label_findings(
    bundled: Validation,
) -> None:
    figures = bundled.tables["figures"]
    line_of = dict(zip(figures.raw["figure_id"], figures.lines.tolist(), strict=True))
    changed_id = "casualties-kwc-western-intel"
    diff = DatasetDiff(
        base="origin/main",
        base_commit="feedc0ffee12",
        tables={
            "figures": TableDiff(
                "figures",
                figures.file,
                added=[
                    RowRef(
                        "troops-new-claim",
                        9,
                        {"figure_id": "troops-new-claim", "value_best": "12000"},
                    )
                ],
                changed=[
                    RowChange(
                        changed_id,
                        line_of[changed_id],
                        line_of[changed_id],
                        (
                            CellChange("value_best", "6000", "12000"),
                            CellChange("notes", "", "raised after a new report"),
                        ),
                    )
                ],
                removed=[
                    RowRef("coffins-old", 4, {"figure_id": "coffins-old", "value_best": "<b>6</b>"})
                ],
            ),
            "events": TableDiff("events", "data/events.csv"),
        },
    )
    introduced = Finding(
        "casualties-within-deployed",
        "error",
        "`value_best` 12000 of `casualties-kwc-western-intel` exceeds 11000",
        figures.file,
        line_of[changed_id],
        changed_id,
        {"value_best": "12000"},
        "point",
        "introduced",
    )
    old_warning = dataclasses.replace(bundled.findings[0], label="pre-existing")
    fixed = Finding(
        "value-range", "error", "`value_best` -5", figures.file, 3, "x", {}, None, "fixed"
    )
    validation = dataclasses.replace(
        bundled,
        findings=[introduced, old_warning],
        diff=diff,
        fixed=[fixed],
        blocking=[old_warning],
    )
    page = page_of(validation)
    text = text_of(page)
    assert "Change against origin/main ( feedc0ffee12 ): 1 added, 1 changed, 1 removed rows" in text
    assert "findings: 1 introduced, 1 pre-existing, 1 fixed" in text
    assert page.index('id="changes"') < page.index('id="findings"')  # what changed, then why
    changes = page[page.index('id="changes"') : page.index('id="findings"')]
    # old and new side by side, the failing cell marked, the other changed cell not
    assert (
        '<code class="failing-cell">value_best</code></td>\n'
        "<td><del>6000</del></td>\n<td><ins>12000</ins></td>" in changes
    )
    assert (
        '<code class="">notes</code></td>\n<td><del><span class="empty">empty</span></del></td>'
        in changes
    )
    assert "troops-new-claim" in changes
    assert "<dd>&lt;b&gt;6&lt;/b&gt;</dd>" in changes  # removed rows too are escaped text
    assert "events" not in text_of(changes)  # an unchanged table is not listed
    # the finding card shows the cell's old and new value, and its label
    card = page[page.index('id="rule-casualties-within-deployed"') :]
    card = card[: card.index("</li>")]
    assert '<del aria-label="before">6000</del> → <ins aria-label="after">12000</ins>' in card
    assert '<span class="tag label-introduced">introduced</span>' in card
    assert "blocks the change" in page
    assert "Fixed by this change (1)" in text


def test_no_changes_section_without_a_gate(bundled: Validation) -> None:
    assert 'id="changes"' not in page_of(bundled)


def test_silenced_findings_are_listed_apart(bundled: Validation) -> None:
    silenced = Finding(
        "alternative-claims-agree", "warning", "excused", "data/relations.csv", 4, "a|b|c"
    )
    page = page_of(dataclasses.replace(bundled, silenced=[silenced]))
    assert "Silenced by reviewed exceptions (1)" in text_of(page)


# --- links to the row, and the row itself ------------------------------------------------------

SHA = "0123456789abcdef0123456789abcdef01234567"


def _hedge_error(project: Path) -> Validation:
    set_cell(project, "figures", "troops-deployed-western-intel", "hedge", "exact")
    validation = validate(project)
    assert any(f.rule == "evidence-hedge-agrees" for f in validation.findings)
    return validation


def _card(page: str, rule: str) -> str:
    block = page[page.index(f'id="rule-{rule}"') :]
    card = block[block.index('<li class="finding') :]
    return card[: card.index("</li>")]


def test_a_finding_links_its_line_at_the_commit(project: Path) -> None:
    from factgate.report.context import ReportContext, WebAddress

    validation = _hedge_error(project)
    [finding] = [f for f in validation.findings if f.rule == "evidence-hedge-agrees"]
    web = WebAddress("https://github.com/desk/figures", SHA)
    page = render_html(ReportContext(validation, SHA[:12], "datasets/nk/", web))
    card = _card(page, "evidence-hedge-agrees")
    url = f"https://github.com/desk/figures/blob/{SHA}/datasets/nk/data/figures.csv#L{finding.line}"
    assert f'<a class="where-link" href="{url}"' in card
    assert f'<code class="where">data/figures.csv:{finding.line}</code></a>' in card


def test_without_a_web_address_the_place_stays_text(project: Path) -> None:
    from factgate.report.context import ReportContext

    page = render_html(ReportContext(_hedge_error(project), None))
    assert "where-link" not in page
    assert 'href="https://' not in page
    assert '<code class="where">data/figures.csv:' in _card(page, "evidence-hedge-agrees")


def test_ci_variables_give_the_address_and_the_commit(project: Path) -> None:
    from factgate.report.context import ReportContext

    environ = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "desk/figures",
        "GITHUB_SHA": SHA,
    }
    context = ReportContext.of(_hedge_error(project), environ)
    assert context.web is not None
    assert context.line_url("data/figures.csv", 7) == (
        f"https://github.com/desk/figures/blob/{SHA}/data/figures.csv#L7"
    )
    assert context.line_url("data/a b#c.csv", 2) == (
        f"https://github.com/desk/figures/blob/{SHA}/data/a%20b%23c.csv#L2"
    )


def test_a_finding_shows_its_row_with_the_failing_cells_marked(project: Path) -> None:
    import csv

    validation = _hedge_error(project)
    [finding] = [f for f in validation.findings if f.rule == "evidence-hedge-agrees"]
    card = _card(page_of(validation), "evidence-hedge-agrees")
    row = card[card.index('<details class="row">') :]
    with (project / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        [written] = [r for r in csv.DictReader(handle) if r["figure_id"] == finding.row_id]
    shown = re.findall(r'<code class="(failing-cell)?">([a-z_]+)</code></dt><dd>(.*?)</dd>', row)
    assert [name for _, name, _ in shown] == [name for name, value in written.items() if value]
    marked = {name for failing, name, _ in shown if failing}
    assert marked == set(finding.columns)
    assert "hedge" in marked
    assert f"{len(marked)} involved" in row


def test_each_event_lists_all_its_parties(project: Path) -> None:
    with (project / "data" / "event_actors.csv").open("a", encoding="utf-8") as handle:
        handle.write("delegation-visits-moscow,shoigu,host\n")
        handle.write("delegation-visits-moscow,nis,\n")
    validation = validate(project)
    assert not [f for f in validation.findings if f.file == "data/event_actors.csv"]
    page = page_of(validation)
    section = page[page.index('id="events"') :]
    section = section[: section.index("</table>")]
    rows = {
        re.search(r"<code>([a-z0-9-]+)</code>", row).group(1): text_of(row)  # type: ignore[union-attr]
        for row in section.split("<tr>")[2:]
    }
    events = validation.tables["events"].raw
    assert set(rows) == set(events["event_id"])
    visit = rows["delegation-visits-moscow"]
    assert (
        "Delegation hochrangiger nordkoreanischer Militärs prk-military-delegation (actor)" in visit
    )
    assert "Sergei Schoigu shoigu – host" in visit
    assert "National Intelligence Service (NIS) nis" in visit
    order = ["prk-military-delegation (actor)", "shoigu – host", "(NIS) nis"]
    assert [visit.index(part) for part in order] == sorted(visit.index(part) for part in order)
    # an event without further parties lists its own actor only
    assert rows["shoigu-announces-pledge"].count("(actor)") == 1


def test_figure_and_change_rows_link_their_lines_too(bundled: Validation) -> None:
    from factgate.report.context import ReportContext, WebAddress

    base_sha = "f" * 40
    diff = DatasetDiff(
        "main",
        base_sha,
        {
            "figures": TableDiff(
                "figures",
                "data/figures.csv",
                added=[RowRef("new-row", 9, {"figure_id": "new-row"})],
                changed=[RowChange("old-row", 3, 3, (CellChange("notes", "a", "b"),))],
                removed=[RowRef("gone-row", 7, {"figure_id": "gone-row"})],
            )
        },
    )
    validation = dataclasses.replace(bundled, diff=diff)
    web = WebAddress("https://github.com/desk/figures", SHA)
    page = render_html(ReportContext(validation, SHA[:12], "", web))
    head = f"https://github.com/desk/figures/blob/{SHA}/data/figures.csv"
    assert f'<a href="{head}#L9"><code class="where">data/figures.csv:9</code></a>' in page
    assert f'<a href="{head}#L3"><code>data/figures.csv:3</code></a>' in page
    base = f"https://github.com/desk/figures/blob/{base_sha}/data/figures.csv#L7"
    assert f'<a href="{base}"><code class="where">data/figures.csv:7</code></a>' in page
    figures = page[page.index('id="chart-figures"') :]
    assert f'<a href="{head}#L2"><code>data/figures.csv:2</code></a>' in figures


def test_the_page_says_where_links_point_and_warns_when_data_is_uncommitted(
    project: Path,
) -> None:
    from factgate.report.context import ReportContext, WebAddress

    validation = _hedge_error(project)
    web = WebAddress("https://github.com/desk/figures", SHA)
    clean = text_of(render_html(ReportContext(validation, SHA[:12], "", web)))
    assert (
        f"Each place links to its line in https://github.com/desk/figures at {SHA[:12]}." in clean
    )
    dirty = text_of(render_html(ReportContext(validation, f"{SHA[:12]}+dirty", "", web)))
    assert "data/ has uncommitted edits" in dirty
    assert "uncommitted" not in clean
    assert "links to its line" not in text_of(render_html(ReportContext(validation, None)))

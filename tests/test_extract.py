"""`factgate extract`, rule by rule: each case is named by the behaviour it pins down.

The vocabulary and actors are the tests' own project (tests/fixtures/projects/dw-article), so
a desk's edits to data/ never change what a case means. `pytest -k dates` runs one module's
rules. The quality on whole articles is measured in tests/test_extract_quality.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factgate.extract import extract_text, phrases_of_text
from factgate.extract.attribution import find_mentions, pick_claimant
from factgate.extract.context import Context, Source, load_context
from factgate.extract.dates import find_dates
from factgate.extract.sentences import prepare, split_sentences
from factgate.testing import copy_project

REPO = Path(__file__).resolve().parents[1]
FIXTURE_DATA = REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data"
PUBLISHED = dt.date(2025, 7, 2)  # a Wednesday
SOURCE = Source("src", PUBLISHED, "Deutsche Welle (DW)")
RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(REPO, tmp_path_factory.mktemp("extract") / "p", FIXTURE_DATA)


@pytest.fixture(scope="module")
def context(project: Path) -> Context:
    return load_context(project)


# --------------------------------------------------------------------------------------------
# sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Es kamen 600. Dann gingen sie.",
            ["Es kamen 600.", "Dann gingen sie."],
            id="sentences-end-at-a-full-stop-before-a-capital",
        ),
        pytest.param(
            "Am 2. Juli kamen sie.",
            ["Am 2. Juli kamen sie."],
            id="sentences-an-ordinal-date-ends-nothing",
        ),
        pytest.param(
            "Es waren ca. 500 Soldaten. Sie kamen.",
            ["Es waren ca. 500 Soldaten.", "Sie kamen."],
            id="sentences-an-abbreviation-ends-nothing",
        ),
        pytest.param(
            "Titel\n2. Juli 2025\nText hier.",
            ["Titel", "2. Juli 2025", "Text hier."],
            id="sentences-each-line-is-its-own",
        ),
        pytest.param(
            '"Wir wissen es." Er sagte das.',
            ['"Wir wissen es."', "Er sagte das."],
            id="sentences-a-closing-quote-belongs-to-its-sentence",
        ),
        pytest.param(
            "Um 15.30 Uhr kam er. Dann ging er.",
            ["Um 15.30 Uhr kam er.", "Dann ging er."],
            id="sentences-a-time-ends-nothing",
        ),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(prepare(text))] == expected


def test_sentences_are_numbered_from_one_with_offsets_into_the_text() -> None:
    text = prepare("Titel\nEins zwei. Drei vier.")
    sentences = split_sentences(text)
    assert [s.number for s in sentences] == [1, 2, 3]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [1, 2, 2]


# --------------------------------------------------------------------------------------------
# dates, against a publication on Wednesday 2 July 2025


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision", "weekday"),
    [
        pytest.param(
            "am 2. Juli 2025", "2025-07-02", "2025-07-02", "day", None, id="dates-explicit-day"
        ),
        pytest.param(
            "(30.6.25)", "2025-06-30", "2025-06-30", "day", None, id="dates-numeric-two-digit-year"
        ),
        pytest.param(
            "am Montag (30.6.25) gereist",
            "2025-06-30",
            "2025-06-30",
            "day",
            "Montag",
            id="dates-weekday-with-its-date",
        ),
        pytest.param(
            "am Dienstag",
            "2025-07-01",
            "2025-07-01",
            "day",
            "Dienstag",
            id="dates-weekday-is-the-latest-before-publication",
        ),
        pytest.param(
            "am Mittwoch",
            "2025-07-02",
            "2025-07-02",
            "day",
            "Mittwoch",
            id="dates-weekday-of-the-publication-day-is-that-day",
        ),
        pytest.param(
            "am 30. Juni",
            "2025-06-30",
            "2025-06-30",
            "day",
            None,
            id="dates-day-without-year-takes-the-latest",
        ),
        pytest.param(
            "schon im Mai", "2025-05-01", "2025-05-31", "month", None, id="dates-past-month"
        ),
        pytest.param("im April", "2025-04-01", "2025-04-30", "month", None, id="dates-im-april"),
        pytest.param(
            "im September",
            "2024-09-01",
            "2024-09-30",
            "month",
            None,
            id="dates-a-month-after-publication-is-last-years",
        ),
        pytest.param(
            "im Juli",
            "2025-07-01",
            "2025-07-02",
            "range",
            None,
            id="dates-the-current-month-runs-to-publication",
        ),
        pytest.param(
            "diese Woche",
            "2025-06-30",
            "2025-07-02",
            "range",
            None,
            id="dates-diese-woche-from-monday-to-publication",
        ),
        pytest.param(
            "vergangene Woche",
            "2025-06-23",
            "2025-06-29",
            "week",
            None,
            id="dates-vergangene-woche-is-the-week-before",
        ),
        pytest.param(
            "im vergangenen Jahr",
            "2024-01-01",
            "2024-12-31",
            "year",
            None,
            id="dates-im-vergangenen-jahr",
        ),
        pytest.param(
            "in diesem Jahr", "2025-01-01", "2025-07-02", "range", None, id="dates-this-year-so-far"
        ),
        pytest.param(
            "seit 2022", "2022-01-01", "2025-07-02", "range", None, id="dates-seit-a-year"
        ),
        pytest.param("gestern", "2025-07-01", "2025-07-01", "day", None, id="dates-gestern"),
        pytest.param(
            "die bisher eingesetzt",
            "2025-07-02",
            "2025-07-02",
            "day",
            None,
            id="dates-bisher-is-as-of-publication",
        ),
    ],
)
def test_dates(sentence: str, start: str, end: str, precision: str, weekday: str | None) -> None:
    (found,) = find_dates(sentence, PUBLISHED)
    assert (str(found.date_start), str(found.date_end), found.precision, found.weekday) == (
        start,
        end,
        precision,
        weekday,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("rund 6.000 Soldaten", id="dates-a-grouped-number-is-no-date"),
        pytest.param("1.5 Millionen", id="dates-a-decimal-point-is-no-date"),
        pytest.param("Frau Mai sagte", id="dates-a-bare-month-name-is-no-date"),
    ],
)
def test_no_dates(sentence: str) -> None:
    assert find_dates(sentence, PUBLISHED) == []


def test_dates_bisher_is_marked_as_of() -> None:
    (found,) = find_dates("bisher", PUBLISHED)
    assert found.kind == "as_of"


# --------------------------------------------------------------------------------------------
# number phrases


def _phrases(text: str) -> list[tuple[str, str]]:
    _, _, phrases = phrases_of_text(text, PUBLISHED)
    return [(p.kind, p.text) for p in phrases]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Es sind rund 11.000 Soldaten.",
            [("count", "rund 11.000")],
            id="phrases-a-count-with-its-hedge",
        ),
        pytest.param(
            "Am 2. Juli 2025 kamen sechs.",
            [("date", "Am 2. Juli 2025"), ("count", "sechs")],
            id="phrases-a-date-with-digits-and-a-spelled-count",
        ),
        pytest.param("2022 war es anders.", [("other", "2022")], id="phrases-a-year-is-a-number"),
        pytest.param("Es sind 5 Prozent.", [("other", "5 Prozent")], id="phrases-a-percentage"),
        pytest.param("Zwei Drittel blieben.", [("other", "Zwei")], id="phrases-a-fraction-word"),
        pytest.param("Eine F-16 und ein G7-Gipfel.", [], id="phrases-names-with-digits-are-none"),
        pytest.param("Ein wichtiger Verbündeter.", [], id="phrases-an-article-is-no-number"),
    ],
)
def test_phrases(text: str, expected: list[tuple[str, str]]) -> None:
    assert _phrases(text) == expected


def test_phrases_say_why_a_number_is_no_count() -> None:
    _, _, phrases = phrases_of_text("2022 war es anders. Es sind 5 Prozent.", PUBLISHED)
    assert [p.reason for p in phrases] == ["a year", "a percentage"]


# --------------------------------------------------------------------------------------------
# attribution


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        pytest.param("Laut NIS sind es 600.", "nis", id="attribution-laut"),
        pytest.param("Nach Angaben des NIS sind es 600.", "nis", id="attribution-nach-angaben"),
        pytest.param("Dem NIS zufolge sind es 600.", "nis", id="attribution-zufolge"),
        pytest.param('"Es sind 600", sagte Jakow Zinberg.', "zinberg", id="attribution-sagte"),
        pytest.param("Es sind 600, so Schoigu.", "shoigu", id="attribution-a-persons-surname"),
        pytest.param(
            "Westlichen Geheimdiensten zufolge sind es 600.",
            "western-intelligence",
            id="attribution-an-inflected-name",
        ),
        pytest.param(
            "Nach NIS-Informationen sind es 600.",
            "nis",
            id="attribution-a-short-form-in-a-compound",
        ),
        pytest.param(
            "Sergei Schoigu schwieg; laut NIS sind es 600.",
            "nis",
            id="attribution-the-actor-at-the-attribution-word-wins",
        ),
        pytest.param("Es sind 600.", None, id="attribution-nobody-named"),
        pytest.param("Die Geheimdienste sagen 600.", None, id="attribution-part-of-a-name-is-none"),
    ],
)
def test_attribution(sentence: str, claimant: str | None, context: Context) -> None:
    mentions = find_mentions(sentence, context.actors)
    mention, _ = pick_claimant(sentence, mentions, sentence.index("600"))
    assert (mention.actor.actor_id if mention else None) == claimant


def _figures(text: str, context: Context) -> list[dict[str, str]]:
    return [row.cells for row in extract_text(text, SOURCE, context).figures]


def test_attribution_an_unattributed_sentence_inherits_within_its_paragraph(
    context: Context,
) -> None:
    rows = _figures("Laut NIS sind es 600 Soldaten. Zudem kamen 300 Arbeiter.", context)
    assert [r["claimant_id"] for r in rows] == ["nis", "nis"]


def test_attribution_inheritance_stops_after_three_sentences_across_paragraphs(
    context: Context,
) -> None:
    text = "Laut NIS sind es 600 Soldaten.\nJa.\nNein.\nGut.\nEs kamen 300 Arbeiter."
    assert [r["claimant_id"] for r in _figures(text, context)] == ["nis", ""]


# --------------------------------------------------------------------------------------------
# draft figures


def _one(text: str, context: Context) -> dict[str, str]:
    rows = _figures(text, context)
    assert len(rows) == 1, rows
    return rows[0]


def _cells(row: dict[str, str], *names: str) -> tuple[str, ...]:
    return tuple(row[name] for name in names)


BOUNDS = ("value_low", "value_best", "value_high", "hedge", "increment")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Es sind rund 11.000 Soldaten.",
            ("", "11000", "", "approx", "false"),
            id="rows-rund-is-a-best-estimate-only",
        ),
        pytest.param(
            "Es sind mehr als 10 Millionen Geschosse.",
            ("10000000", "", "", "more_than", "false"),
            id="rows-mehr-als-is-a-floor-only",
        ),
        pytest.param(
            "Es gab Hunderttausende Tote.",
            ("100000", "", "", "vague_plural", "false"),
            id="rows-a-vague-plural-is-a-conservative-floor",
        ),
        pytest.param(
            "Es kommen weitere 6000 Arbeiter.",
            ("6000", "6000", "6000", "exact", "true"),
            id="rows-weitere-is-an-increment",
        ),
        pytest.param(
            "Es waren zwischen 2000 und 2500 Soldaten.",
            ("2000", "", "2500", "range", "false"),
            id="rows-a-range-keeps-both-bounds",
        ),
    ],
)
def test_rows_bounds_and_hedge(text: str, expected: tuple[str, ...], context: Context) -> None:
    assert _cells(_one(text, context), *BOUNDS) == expected


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [
        pytest.param(
            "Es sind 11.000 nordkoreanische Soldaten.",
            "troops_deployed",
            "persons",
            id="rows-quantity-from-the-words-after-the-number",
        ),
        pytest.param(
            "Es gibt 600 Tote.",
            "casualties_killed",
            "persons",
            id="rows-quantity-the-narrower-term-wins-a-tie",
        ),
        pytest.param(
            "Es sind 600 Tote und Verwundete.",
            "casualties_kw",
            "persons",
            id="rows-quantity-excluded-words-rule-a-term-out",
        ),
        pytest.param(
            "Es sind 6000 getötet, verwundet oder gefangen genommen.",
            "casualties_kwc",
            "persons",
            id="rows-quantity-across-a-comma",
        ),
        pytest.param(
            "Das sagten zwei Abgeordnete.", "", "", id="rows-quantity-none-without-its-word"
        ),
        pytest.param(
            "Es kamen 600 Soldaten und 300 Tote.",
            "troops_deployed",
            "persons",
            id="rows-quantity-stops-at-the-next-number",
        ),
    ],
)
def test_rows_quantity(text: str, quantity: str, unit: str, context: Context) -> None:
    assert _cells(_figures(text, context)[0], "quantity", "unit") == (quantity, unit)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        pytest.param(
            "Es sind mehr als 10 Millionen Artilleriegeschosse und Raketen an Russland.",
            "mehr als 10 Millionen Artilleriegeschosse und Raketen",
            id="rows-evidence-runs-to-the-last-word-naming-the-quantity",
        ),
        pytest.param(
            "Das sagten zwei Abgeordnete der Presse.",
            "zwei Abgeordnete",
            id="rows-evidence-without-a-quantity-runs-to-the-noun",
        ),
        pytest.param(
            "Es sind 6000 getötet, verwundet oder gefangen.",
            "6000 getötet, verwundet oder gefangen",
            id="rows-evidence-drops-trailing-punctuation",
        ),
    ],
)
def test_rows_evidence(text: str, evidence: str, context: Context) -> None:
    assert _one(text, context)["evidence"] == evidence


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        pytest.param(
            "Wenn Moskau ankündigt, weitere 6.000 Soldaten zu schicken, ist das so.",
            "hypothetical",
            id="rows-stage-hypothetical-before-the-number",
        ),
        pytest.param(
            "Es wurden mehr als 10 Millionen Geschosse geliefert.",
            "delivered",
            id="rows-stage-from-the-clause",
        ),
        pytest.param(
            "Das Video zeigte nur sechs Särge.", "visually_confirmed", id="rows-stage-video"
        ),
        pytest.param(
            "Es sind 600 Soldaten, die eingesetzt wurden.",
            "claimed",
            id="rows-stage-words-of-another-clause-do-not-count",
        ),
        pytest.param(
            "Es sind 600 Tote, weil er das könnte.",
            "claimed",
            id="rows-stage-hypothetical-after-the-number-does-not-count",
        ),
    ],
)
def test_rows_stage(text: str, stage: str, context: Context) -> None:
    assert _one(text, context)["stage"] == stage


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        pytest.param(
            "Es sind 11.000 nordkoreanische Soldaten in Russland.",
            "PRK",
            id="rows-subject-right-after-the-number",
        ),
        pytest.param(
            "Russland hat Hunderttausende Tote.", "RUS", id="rows-subject-before-the-number"
        ),
        pytest.param("Es sind 600 Tote.", "", id="rows-subject-none-named"),
    ],
)
def test_rows_subject(text: str, subject: str, context: Context) -> None:
    assert _one(text, context)["subject"] == subject


def test_rows_date_is_the_closest_date_phrase(context: Context) -> None:
    row = _one("Schoigu gab schon im Mai bekannt, dass 6000 Arbeiter kommen.", context)
    assert _cells(row, "date_start", "date_end", "date_precision") == (
        "2025-05-01",
        "2025-05-31",
        "month",
    )


def test_rows_without_a_date_hold_as_of_publication_with_low_confidence(context: Context) -> None:
    draft = extract_text("Laut NIS sind es 600 Soldaten.", SOURCE, context)
    (row,) = draft.figures
    assert _cells(row.cells, "date_start", "date_end", "date_precision") == (
        "2025-07-02",
        "2025-07-02",
        "day",
    )
    assert row.confidence == "low"
    assert "as of publication" in "; ".join(row.why)


def test_rows_a_hypothetical_has_no_dates(context: Context) -> None:
    row = _one("Wenn es im Mai käme, wären es weitere 6.000 Soldaten.", context)
    assert _cells(row, "stage", "date_start", "date_end") == ("hypothetical", "", "")


def test_rows_why_names_the_words_of_every_field(context: Context) -> None:
    (row,) = extract_text("Laut NIS sind es rund 600 Soldaten.", SOURCE, context).figures
    why = "; ".join(row.why)
    for words in ("'rund 600'", "'Soldaten'", "'NIS' with 'Laut'"):
        assert words in why
    assert row.confidence == "low"  # no date stated


def test_rows_ids_are_slugs_and_unique(context: Context) -> None:
    rows = _figures("Laut NIS sind es 600 Soldaten und 300 Soldaten.", context)
    assert [r["figure_id"] for r in rows] == ["troops-deployed-nis", "troops-deployed-nis-2"]


# --------------------------------------------------------------------------------------------
# draft events


def _events(text: str, context: Context) -> list[dict[str, str]]:
    return [row.cells for row in extract_text(text, SOURCE, context).events]


EVENT = ("kind", "actor_id", "date_start", "date_end", "date_precision", "weekday_stated")


def test_events_the_dateline_is_the_publication_by_the_publisher(context: Context) -> None:
    (row,) = _events("Titel\n2. Juli 2025\nText.", context)
    assert _cells(row, *EVENT, "evidence") == (
        "publication",
        "dw",
        "2025-07-02",
        "2025-07-02",
        "day",
        "",
        "2. Juli 2025",
    )


def test_events_a_dated_happening(context: Context) -> None:
    text = (
        "Eine Delegation hochrangiger nordkoreanischer Militärs ist am Montag (30.6.25) "
        "nach Moskau gereist."
    )
    (row,) = _events(text, context)
    assert _cells(row, *EVENT, "evidence") == (
        "visit",
        "prk-military-delegation",
        "2025-06-30",
        "2025-06-30",
        "day",
        "Montag",
        "am Montag (30.6.25) nach Moskau gereist",
    )


def test_events_an_undated_happening_runs_from_the_latest_date_to_publication(
    context: Context,
) -> None:
    text = "Schoigu gab schon im Mai bekannt, dass es so sei. Das wurde vom NIS bestätigt."
    rows = _events(text, context)
    assert [_cells(r, *EVENT) for r in rows] == [
        ("announcement", "shoigu", "2025-05-01", "2025-05-31", "month", ""),
        ("confirmation", "nis", "2025-05-01", "2025-07-02", "range", ""),
    ]


def test_events_a_figures_date_without_an_event_word_is_no_event(context: Context) -> None:
    assert _events("Im Mai starben 600 Soldaten.", context) == []


def test_events_bisher_is_no_event(context: Context) -> None:
    assert _events("Laut NIS wurde bisher nichts bestätigt.", context) == []


def test_unused_phrases_are_offered_as_ignored_numbers(context: Context) -> None:
    draft = extract_text("Seit 2022 sind es 5 Prozent.", SOURCE, context)
    assert [(p.text, p.reason) for p in draft.unused()] == [("5 Prozent", "a percentage")]


# --------------------------------------------------------------------------------------------
# the command


TEXT = "Titel\n2. Juli 2025\nLaut NIS sind es rund 11.000 Soldaten. Es sind 5 Prozent.\n"


def _article(tmp_path: Path, text: str | bytes = TEXT) -> Path:
    path = tmp_path / "article.txt"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_command_writes_three_drafts_in_the_projects_columns(
    project: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    out = tmp_path / "drafts"
    status, stdout, _ = run_cli(
        "extract",
        str(_article(tmp_path)),
        "--source-id",
        "src",
        "--published",
        "2025-07-02",
        "--root",
        str(project),
        "--out",
        str(out),
    )
    assert status == 0
    figures = (out / "figures.draft.csv").read_text(encoding="utf-8").splitlines()
    header = (project / "data" / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
    assert figures[0] == header + ",sentence,confidence,why"
    assert "rund 11.000 Soldaten" in figures[1]
    ignored = (out / "ignored_numbers.draft.csv").read_text(encoding="utf-8").splitlines()
    assert ignored == ["source_id,phrase,sentence,reason", "src,5 Prozent,4,a percentage"]
    assert "rund 11.000 Soldaten" in stdout
    assert "troops_deployed" in stdout


def test_command_json(project: Path, tmp_path: Path, run_cli: RunCli) -> None:
    status, stdout, _ = run_cli(
        "extract",
        str(_article(tmp_path)),
        "--source-id",
        "src",
        "--published",
        "2025-07-02",
        "--root",
        str(project),
        "--out",
        str(tmp_path / "d"),
        "--format",
        "json",
    )
    assert status == 0
    data = json.loads(stdout)
    assert [f["value_best"] for f in data["figures"]] == ["11000"]
    assert [e["kind"] for e in data["events"]] == ["publication"]


def test_command_takes_the_publication_date_from_sources(
    project: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    status, stdout, _ = run_cli(
        "extract",
        str(_article(tmp_path)),
        "--source-id",
        "dw-2025-07-02-nordkorea-russland",
        "--root",
        str(project),
        "--out",
        str(tmp_path / "d"),
    )
    assert status == 0
    assert "published 2025-07-02" in stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            ["--source-id", "src"], "give --published", id="command-unknown-source-needs-a-date"
        ),
        pytest.param(
            ["--source-id", "src", "--published", "2.7.2025"],
            "not a date",
            id="command-bad-published",
        ),
        pytest.param(
            ["--source-id", "Not A Slug", "--published", "2025-07-02"],
            "slug",
            id="command-bad-source-id",
        ),
    ],
)
def test_command_usage_errors_exit_2(
    extra: list[str], message: str, project: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    status, _, stderr = run_cli(
        "extract",
        str(_article(tmp_path)),
        *extra,
        "--root",
        str(project),
        "--out",
        str(tmp_path / "d"),
    )
    assert status == 2
    assert message in stderr


def test_command_never_writes_into_data(project: Path, tmp_path: Path, run_cli: RunCli) -> None:
    before = sorted(p.name for p in (project / "data").iterdir())
    status, _, stderr = run_cli(
        "extract",
        str(_article(tmp_path)),
        "--source-id",
        "src",
        "--published",
        "2025-07-02",
        "--root",
        str(project),
        "--out",
        str(project / "data" / "drafts"),
    )
    assert status == 2
    assert "inside data/" in stderr
    assert sorted(p.name for p in (project / "data").iterdir()) == before


def test_command_keeps_drafts_already_there_unless_forced(
    project: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    args = (
        "extract",
        str(_article(tmp_path)),
        "--source-id",
        "src",
        "--published",
        "2025-07-02",
        "--root",
        str(project),
        "--out",
        str(tmp_path / "d"),
    )
    assert run_cli(*args)[0] == 0
    status, _, stderr = run_cli(*args)
    assert status == 2
    assert "--force" in stderr
    assert run_cli(*args, "--force")[0] == 0


def test_command_a_text_not_in_utf8_is_named_with_its_line(
    project: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    path = _article(tmp_path, b"Titel\nEs sind 600 Tote.\n" + "Gr\xfc\xdfe".encode("latin-1"))
    status, _, stderr = run_cli(
        "extract",
        str(path),
        "--source-id",
        "src",
        "--published",
        "2025-07-02",
        "--root",
        str(project),
        "--out",
        str(tmp_path / "d"),
    )
    assert status == 1
    assert f"{path}:3:" in stderr
    assert "Traceback" not in stderr


def test_command_a_missing_text_exits_2(project: Path, tmp_path: Path, run_cli: RunCli) -> None:
    status, _, stderr = run_cli(
        "extract",
        str(tmp_path / "none.txt"),
        "--source-id",
        "src",
        "--published",
        "2025-07-02",
        "--root",
        str(project),
        "--out",
        str(tmp_path / "d"),
    )
    assert status == 2
    assert "no such text file" in stderr


# --------------------------------------------------------------------------------------------
# any text

_PIECES = st.sampled_from(
    [
        "rund",
        "mehr als",
        "weitere",
        "11.000",
        "6000",
        "sechs",
        "Hunderttausende",
        "Soldaten",
        "Tote",
        "laut",
        "NIS",
        "sagte",
        "Schoigu",
        "am",
        "Montag",
        "(30.6.25)",
        "im",
        "Mai",
        "diese Woche",
        "bisher",
        "2. Juli 2025",
        "2022",
        "5 Prozent",
        "F-16",
        "wenn",
        ".",
        ",",
        "\n",
        '"',
        "ca.",
        "Nr.",
        "zwischen",
        "und",
        "bis",
        "\u00a0",
        "1.5",
        "-",
        ":",
    ]
)


@settings(max_examples=60, deadline=None)
@given(text=st.lists(_PIECES, max_size=40).map(" ".join))
def test_any_text_gives_verbatim_short_evidence_and_a_row_per_count(
    text: str, context: Context
) -> None:
    """Whatever the text: no exception, every evidence is a quote of at most 15 words, and
    every count is some draft figure's evidence."""
    draft = extract_text(text, SOURCE, context)
    flat = draft.text.replace("\n", " ")
    for row in (*draft.figures, *draft.events):
        assert row.cells["evidence"] in flat
        assert len(row.cells["evidence"].split()) <= 15
    counts = [p for p in draft.phrases if p.kind == "count"]
    assert len(draft.figures) == len(counts)
    assert not [p for p in draft.unused() if p.kind == "count"]


# --------------------------------------------------------------------------------------------
# coverage (what the numbers-accounted-for check and the report compute)


def test_coverage_each_phrase_is_entered_ignored_or_missing() -> None:
    from factgate.extract.coverage import coverage_of

    text = "Es sind rund 11.000 Soldaten. Seit 2022 gibt es 600 Tote."
    coverage = coverage_of(text, PUBLISHED, ["rund 11.000 Soldaten"], [("k", "Seit 2022", 2)])
    assert [(p.text, status) for p, status in coverage.phrases] == [
        ("rund 11.000", "entered"),
        ("Seit 2022", "ignored"),
        ("600", "missing"),
    ]
    assert (coverage.count("entered"), coverage.count("ignored"), coverage.count("missing")) == (
        1,
        1,
        1,
    )
    assert coverage.stale == []


def test_coverage_an_ignored_phrase_in_another_sentence_is_stale() -> None:
    from factgate.extract.coverage import coverage_of

    coverage = coverage_of("Es gab 600 Tote. Gut.", PUBLISHED, [], [("k", "600 Tote", 2)])
    assert [key for key, _ in coverage.stale] == ["k"]
    assert [p.text for p in coverage.missing] == ["600"]


def test_coverage_excerpts_mark_the_missing_phrases_and_join_overlaps() -> None:
    from factgate.extract.coverage import Segment, coverage_of

    text = "Vorne steht viel Text ohne Zahl. Es gab 600 Tote und 300 Verletzte. " + "x " * 60
    (excerpt,) = coverage_of(text, PUBLISHED, [], []).excerpts(width=20)
    assert [s for s in excerpt if s.missing] == [Segment("600", True), Segment("300", True)]
    assert excerpt[0].text.startswith("…")
    assert excerpt[-1].text.endswith("…")

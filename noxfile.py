"""factgate's sessions. `nox` runs what CI needs: lint, typecheck, tests, validate."""

from __future__ import annotations

import os

import nox

nox.needs_version = ">=2025.02.09"
# uv when it is installed (fast, cached), else plain virtualenv.
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "typecheck", "tests", "validate"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
GROUPS = PYPROJECT["dependency-groups"]


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    session.install(*GROUPS["lint"])
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the engine, content, tests and this file with mypy."""
    session.install("-e", ".[charts]", *GROUPS["typecheck"], "nox")
    session.run("mypy", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (posargs go to pytest, e.g. `nox -s tests -- -k figures`)."""
    session.install("-e", ".[charts]", *GROUPS["test"])
    # The differential tests against Great Expectations take ~15 minutes: `nox -s gx` runs them.
    session.run("pytest", "-m", "not gx", *session.posargs)


@nox.session
def validate(session: nox.Session) -> None:
    """Validate the bundled dataset and write reports/ (posargs go to `factgate validate`)."""
    session.install("-e", ".[charts]")
    args = list(session.posargs)
    texts = os.environ.get("FACTGATE_TEXTS")
    if texts and "--texts" not in args:
        args += ["--texts", texts]
    session.run("factgate", "validate", *args)


@nox.session(default=False)
def gate(session: nox.Session) -> None:
    """Gate the working tree against a base revision: `nox -s gate -- BASE` (default main)."""
    session.install("-e", ".[charts]")
    session.run("factgate", "gate", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Time validate and gate against the floor of reading the files (posargs to bench.py)."""
    # Exactly what `validate` installs: the charts are part of what a user waits for.
    session.install("-e", ".[charts]")
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session(default=False)
def gx(session: nox.Session) -> None:
    """Run the rules as Great Expectations suites; Data Docs go to reports/gx/ (posargs go to
    `factgate gx`, e.g. `nox -s gx -- --root other/project`)."""
    session.install("-e", ".[gx,charts]", *GROUPS["test"])
    session.run("pytest", "-m", "gx")
    session.run("factgate", "gx", *session.posargs)

"""Heavy libraries stay out of paths that do not need them."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(done.stdout.split())


def test_the_command_line_starts_without_pandas() -> None:
    loaded = _modules_after("import factgate.cli\nfactgate.cli.build_parser()")
    assert "pandas" not in loaded
    assert "pandera" not in loaded


def test_content_can_still_import_the_public_names() -> None:
    loaded = _modules_after("from factgate import check, Failures, Finding, Skipped, SkipCheck")
    assert "factgate.checking" in loaded

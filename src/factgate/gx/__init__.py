"""`factgate gx`: the dataset's rules as a Great Expectations suite, run and published.

Great Expectations is an optional extra (`pip install 'factgate[gx]'`). Importing `run_gx`
from here raises ImportError without it, which the command line turns into an install hint;
`factgate.gx.translate` (the rules as plain data) needs no GX at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factgate.gx.run import run_gx

__all__ = ["run_gx"]


def __getattr__(name: str) -> Any:
    """Import GX only when `run_gx` is asked for (its import alone takes seconds)."""
    if name == "run_gx":
        import great_expectations  # noqa: F401  (ImportError here: the extra is missing)

        from factgate.gx.run import run_gx

        return run_gx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Source texts for the verbatim-evidence check.

The full text of an article is not part of the dataset; when a `<source_id>.txt` file is in the
texts directory the check can prove each evidence phrase is a real quote. A `source_id` reaches
the file system only if it is a lowercase slug, so no path from the data leaves the directory.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from factgate.schema import SLUG

_SLUG = re.compile(SLUG)


def normalise_text(text: str) -> str:
    """Fold what differs between a quote and its source without changing words: Unicode
    composition, typographic quotes and dashes, and runs of whitespace (line breaks included)."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_TYPOGRAPHY)
    return " ".join(text.split())


_TYPOGRAPHY = str.maketrans(
    {
        "\u201e": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u00bb": '"',
        "\u00ab": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


@dataclass
class SourceTexts:
    """Read-only access to `<source_id>.txt` files in one directory (absent directory = none)."""

    directory: Path | None
    _cache: dict[str, str | None] = field(default_factory=dict)

    def get(self, source_id: str) -> str | None:
        """The normalised text of a source, or None when there is no file for it."""
        if source_id in self._cache:
            return self._cache[source_id]
        text: str | None = None
        if self.directory is not None and _SLUG.fullmatch(source_id):
            path = self.directory / f"{source_id}.txt"
            if path.is_file():
                text = normalise_text(path.read_text(encoding="utf-8", errors="replace"))
        self._cache[source_id] = text
        return text

    def original(self, source_id: str) -> str | None:
        """The text as written (line breaks kept, for numbering sentences), or None."""
        if self.directory is None or not _SLUG.fullmatch(source_id):
            return None
        path = self.directory / f"{source_id}.txt"
        if not path.is_file():
            return None
        return path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff")

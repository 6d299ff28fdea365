"""What did not run, and why, as every report states it (terminal, JSON, JUnit, HTML, SARIF).

A rule is skipped as a whole when it cannot run here (no source texts were given, a table it
reads could not be read), or in part when it ran but left something out: `evidence-verbatim`
checks the sources whose text is at hand and skips the others, naming them. A partial skip
is easy to miss, since the rule still passes or fails on the rest; so each report lists both
kinds from this one function, and they agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from factgate.validate import Validation

Scope = Literal["rule", "part"]


@dataclass(frozen=True)
class Skip:
    """One thing that did not run: the whole `rule`, or a `part` of it, with the reason."""

    rule: str
    scope: Scope
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "scope": self.scope, "reason": self.reason}


def rule_skips(validation: Validation) -> list[Skip]:
    """Every skip, by rule ID; a rule skipped in part for several reasons gives one each.

    The engine joins the reasons a check gave with "; " (one per part it left out), so they
    are split back here.
    """
    skips: list[Skip] = []
    for rule in validation.rules:
        if rule.status == "skipped":
            skips.append(Skip(rule.id, "rule", rule.skipped_reason or "skipped"))
        elif rule.skipped_reason:
            for reason in rule.skipped_reason.split("; "):
                if reason.strip():
                    skips.append(Skip(rule.id, "part", reason.strip()))
    return skips


def partly_skipped(validation: Validation) -> list[str]:
    """IDs of the rules that ran but skipped a part, in catalogue order."""
    return list(dict.fromkeys(s.rule for s in rule_skips(validation) if s.scope == "part"))


def in_part_words(validation: Validation) -> str:
    """ ", 1 skipped in part": a rule that ran but left sources out is not a clean pass.

    Appended to "N skipped" by the terminal and the step summary alike."""
    count = len(partly_skipped(validation))
    return f", {count} skipped in part" if count else ""

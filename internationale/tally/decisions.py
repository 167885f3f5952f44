"""Single-option decisions: yes / no / abstain, with a majority rule and a quorum.

The result states which base the majority was measured against:
* simple: more yes than no among votes cast for or against (abstentions not counted);
* absolute: more yes than half of the members entitled to vote;
* two-thirds: at least two thirds of the yes and no votes;
* fraction: more than (or, ``inclusive``, at least) the given fraction of yes and no votes.
The quorum is a number of votes (abstentions included) that must take part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .arithmetic import format_value
from .records import JsonValue


class Choice(StrEnum):
    """A voter's answer to a single question."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Majority(StrEnum):
    """The majority a decision needs."""

    SIMPLE = "simple"
    ABSOLUTE = "absolute"
    TWO_THIRDS = "two-thirds"
    FRACTION = "fraction"


@dataclass(frozen=True, slots=True)
class DecisionVote:
    """One voter's (or ``count`` identical voters') answer, with its weight."""

    choice: Choice
    count: int = 1
    weight: Fraction = Fraction(1)


@dataclass(frozen=True, slots=True)
class DecisionRule:
    """A majority rule and a quorum."""

    majority: Majority = Majority.SIMPLE
    fraction: Fraction = Fraction(1, 2)
    inclusive: bool = False
    members_entitled: Fraction | None = None
    quorum: Fraction = Fraction(0)


@dataclass(frozen=True, slots=True)
class DecisionResult:
    """Totals, the base used, and whether the motion is carried."""

    yes: Fraction
    no: Fraction
    abstain: Fraction
    quorate: bool
    carried: bool
    base: str
    required: Fraction
    explanation: str

    def to_json(self) -> dict[str, JsonValue]:
        """A JSON-ready dict."""
        return {
            "yes": format_value(self.yes),
            "no": format_value(self.no),
            "abstain": format_value(self.abstain),
            "quorate": self.quorate,
            "carried": self.carried,
            "base": self.base,
            "required": format_value(self.required),
            "explanation": self.explanation,
        }


def decide(votes: Iterable[DecisionVote], rule: DecisionRule) -> DecisionResult:
    """Count yes/no/abstain and apply the majority rule and quorum."""
    totals = dict.fromkeys(Choice, Fraction(0))
    for vote in votes:
        totals[vote.choice] += vote.weight * vote.count
    yes, no, abstain = totals[Choice.YES], totals[Choice.NO], totals[Choice.ABSTAIN]
    quorate = yes + no + abstain >= rule.quorum
    if rule.majority is Majority.ABSOLUTE:
        if rule.members_entitled is None:
            raise ValueError("an absolute majority needs the number of members entitled")
        base, total = "members entitled to vote", rule.members_entitled
        required, strict = total / 2, True
    else:
        base, total = "votes cast for or against (abstentions not counted)", yes + no
        if rule.majority is Majority.SIMPLE:
            required, strict = total / 2, True
        elif rule.majority is Majority.TWO_THIRDS:
            required, strict = total * Fraction(2, 3), False
        else:
            required, strict = total * rule.fraction, not rule.inclusive
    passed = yes > required if strict else yes >= required
    if rule.majority is Majority.SIMPLE:
        passed = yes > no
    carried = quorate and passed
    verb = "more than" if strict else "at least"
    explanation = (
        f"{rule.majority.value} majority of {base}: yes needs {verb} {format_value(required)} "
        f"of {format_value(total)}; yes {format_value(yes)}, no {format_value(no)}, "
        f"abstain {format_value(abstain)}; "
        + ("quorum met" if quorate else f"quorum of {format_value(rule.quorum)} not met")
        + ("; carried" if carried else "; not carried")
    )
    return DecisionResult(yes, no, abstain, quorate, carried, base, required, explanation)

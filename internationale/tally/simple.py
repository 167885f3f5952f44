"""Plurality and approval voting: one round, the most-supported candidates win."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from .ballots import Ballot, Election
from .prepare import multiplicity, weight_scale
from .records import Decision, Result, Round, TieBreak
from .ties import TieBreaker, TieRule


def count_plurality(election: Election, *, seed: int = 0, method: str = "plurality") -> Result:
    """Each ballot counts for its first-ranked candidate; a first rank holding
    several candidates (or none) does not count."""

    def marks(ballot: Ballot) -> tuple[int, ...]:
        first = ballot.ranking[0] if ballot.ranking else ()
        return first if len(first) == 1 else ()

    return _single_round(election, marks, seed, method, "first preferences")


def count_approval(election: Election, *, seed: int = 0, method: str = "approval") -> Result:
    """Each ballot counts once for every candidate it marks, at any rank."""
    return _single_round(
        election, lambda b: tuple(sorted(b.candidates())), seed, method, "approvals"
    )


def _single_round(
    election: Election,
    marks: Callable[[Ballot], tuple[int, ...]],
    seed: int,
    method: str,
    action: str,
) -> Result:
    names = election.candidates
    counted = [c for c in range(len(names)) if c not in election.withdrawn]
    scale = weight_scale(election)
    sums = dict.fromkeys(counted, 0)
    unused = 0
    for ballot in election.ballots:
        m = ballot.count * multiplicity(ballot.weight, scale)
        marked = [c for c in marks(ballot) if c in sums]
        for c in marked:
            sums[c] += m
        if not marked:
            unused += m
    totals = {c: Fraction(v, scale) for c, v in sums.items()}
    ties = TieBreaker((TieRule.LOT,), seed, names)
    remaining = list(counted)
    elected: list[int] = []
    tie_records: list[TieBreak] = []
    while remaining and len(elected) < election.seats:
        best = max(totals[c] for c in remaining)
        tied = [c for c in remaining if totals[c] == best]
        if len(tied) > election.seats - len(elected):
            chosen, record = ties.pick(tied, "last seats", lowest=False)
            tie_records.append(record)
            tied = [chosen]
        for c in tied:
            elected.append(c)
            remaining.remove(c)
    round_ = Round(
        number=1,
        action=action,
        votes={names[c]: totals[c] for c in counted},
        exhausted=Fraction(unused, scale),
        elected=tuple(Decision(names[c], "most votes") for c in elected),
        tie_breaks=tuple(tie_records),
    )
    return Result(
        method=method,
        candidates=tuple(names[c] for c in counted),
        seats=election.seats,
        elected=tuple(names[c] for c in elected),
        rounds=(round_,),
        seed=seed,
        options={"tie-break": "lot"},
    )

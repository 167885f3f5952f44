"""Instant-runoff voting (single winner), with the ballot rules tabulators differ on.

Round ``r`` shows the totals after the transfers from the candidates eliminated at
the end of round ``r - 1`` (the layout of US round-by-round reports); the decisions
of a round are taken on its totals. Only the ballots of eliminated candidates move,
so the work per round is proportional to the distinct ballots that move.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .ballots import BallotError, Election, Ranking
from .prepare import Overvote, multiplicity, strict_ranking, weight_scale
from .records import Decision, Result, Round, TieBreak, Transfer
from .ties import TieBreaker, TieRule


class Duplicate(StrEnum):
    """What a candidate ranked alone again at a later rank means."""

    SKIP = "skip"
    EXHAUST = "exhaust"


@dataclass(frozen=True, slots=True)
class IrvOptions:
    """The rule options of an instant-runoff count."""

    overvote: Overvote = Overvote.EXHAUST
    first_overvote_invalid: bool = False
    max_skipped_ranks: int | None = None
    duplicate: Duplicate = Duplicate.SKIP
    batch_elimination: bool = False
    eliminate_first: frozenset[str] = frozenset()
    tie_rules: tuple[TieRule, ...] = (TieRule.BACKWARD, TieRule.LOT)

    def describe(self) -> dict[str, str]:
        """The options as named strings, for the result."""
        skipped = "unlimited" if self.max_skipped_ranks is None else str(self.max_skipped_ranks)
        return {
            "overvote": self.overvote.value,
            "overvote at first rank invalid": "yes" if self.first_overvote_invalid else "no",
            "skipped ranks allowed": skipped,
            "repeated candidate": self.duplicate.value,
            "batch elimination": "yes" if self.batch_elimination else "no",
            "eliminated first": ", ".join(sorted(self.eliminate_first)) or "none",
            "tie-break": ", then ".join(r.value for r in self.tie_rules),
        }


PRESETS: dict[str, IrvOptions] = {
    "irv": IrvOptions(),
    "irv-batch": IrvOptions(overvote=Overvote.SINGLE_CONTINUING, batch_elimination=True),
}


def next_choice(
    ranking: Ranking, start: int, hopeful: Sequence[bool], options: IrvOptions
) -> tuple[int, int]:
    """The (rank index, candidate) the ballot counts for from rank ``start`` on,
    or ``(len(ranking), -1)`` when it is exhausted."""
    skipped = 0
    end = len(ranking)
    for i in range(start, end):
        rank = ranking[i]
        if not rank:
            skipped += 1
            if options.max_skipped_ranks is not None and skipped > options.max_skipped_ranks:
                return end, -1
            continue
        skipped = 0
        if len(rank) > 1:
            if options.overvote is Overvote.EXHAUST:
                return end, -1
            if options.overvote is Overvote.SKIP:
                continue
            live = [c for c in rank if hopeful[c]]
            if len(live) > 1:
                return end, -1
            if live:
                return i, live[0]
            continue
        c = rank[0]
        if rank in ranking[:i]:
            if options.duplicate is Duplicate.EXHAUST:
                return end, -1
            continue
        if hopeful[c]:
            return i, c
    return end, -1


def count_irv(
    election: Election, options: IrvOptions = PRESETS["irv"], *, seed: int = 0, method: str = "irv"
) -> Result:
    """Count a single-winner instant-runoff election."""
    names = election.candidates
    n = len(names)
    scale = weight_scale(election)
    hopeful = [c not in election.withdrawn for c in range(n)]
    rankings: list[Ranking] = []
    mult: list[int] = []
    counts: list[int] = []
    invalid = 0
    for ballot in election.ballots:
        if options.first_overvote_invalid and _first_marked_is_overvote(ballot.ranking):
            invalid += ballot.count
            continue
        rankings.append(ballot.ranking)
        mult.append(ballot.count * multiplicity(ballot.weight, scale))
        counts.append(ballot.count)
    pos = [-1] * len(rankings)
    strict = [strict_ranking(r) for r in rankings]
    piles: list[list[int]] = [[] for _ in range(n)]
    totals = [0] * n
    exhausted = 0
    for b, c in enumerate(_advance(rankings, strict, pos, range(len(rankings)), hopeful, options)):
        if c < 0:
            exhausted += mult[b]
        else:
            piles[c].append(b)
            totals[c] += mult[b]
    ties = TieBreaker(options.tie_rules, seed, names)
    rounds: list[Round] = []
    transfers: list[Transfer] = []
    counted = [c for c in range(n) if hopeful[c]]
    winner = -1
    if not counted:
        raise BallotError("every candidate has withdrawn")
    while True:
        continuing = [c for c in range(n) if hopeful[c]]
        live_total = sum(totals[c] for c in continuing)
        tie_records: list[TieBreak] = []
        top = max(continuing, key=lambda c: totals[c], default=-1)
        cannot_win = [c for c in continuing if names[c] in options.eliminate_first]
        if not cannot_win and (2 * totals[top] > live_total or len(continuing) == 1):
            elected: tuple[Decision, ...] = (Decision(names[top], _win_reason(len(continuing))),)
            excluded: tuple[Decision, ...] = ()
            winner = top
        else:
            ties.record({c: Fraction(totals[c], scale) for c in counted})
            losers = cannot_win
            why = "cannot win (eliminated first)"
            if not losers:
                losers = _eliminate(continuing, totals, options, ties, tie_records)
                why = "batch elimination" if len(losers) > 1 else "fewest votes"
            excluded = tuple(Decision(names[c], why) for c in losers)
            left = [c for c in continuing if c not in losers]
            elected = ()
            if len(left) == 1:  # the last candidate standing wins in this round
                winner = left[0]
                elected = (Decision(names[winner], _win_reason(1)),)
        rounds.append(
            Round(
                number=len(rounds) + 1,
                action="first preferences" if not rounds else "transfers",
                votes={names[c]: Fraction(totals[c], scale) for c in counted},
                exhausted=Fraction(exhausted, scale),
                transfers=tuple(transfers),
                elected=elected,
                excluded=excluded,
                tie_breaks=tuple(tie_records),
            )
        )
        if winner >= 0:
            break
        for c in losers:
            hopeful[c] = False
        transfers = []
        for c in losers:
            moved: dict[int, list[int]] = {}
            pile = piles[c]
            for b, d in zip(
                pile, _advance(rankings, strict, pos, pile, hopeful, options), strict=True
            ):
                group = moved.get(d)
                if group is None:
                    moved[d] = [b]
                else:
                    group.append(b)
            for d, ballots in moved.items():
                amount = sum([mult[b] for b in ballots])
                target = None if d < 0 else names[d]
                if d < 0:
                    exhausted += amount
                else:
                    piles[d].extend(ballots)
                    totals[d] += amount
                transfers.append(
                    Transfer(
                        names[c],
                        target,
                        sum([counts[b] for b in ballots]),
                        Fraction(amount, scale),
                        Fraction(1),
                    )
                )
            piles[c] = []
            totals[c] = 0
    notes = (f"{invalid} ballots invalid (overvote at the first rank)",) if invalid else ()
    return Result(
        method=method,
        candidates=tuple(names[c] for c in counted),
        seats=1,
        elected=(names[winner],) if winner >= 0 else (),
        rounds=tuple(rounds),
        seed=seed,
        options=options.describe(),
        notes=notes,
    )


def _advance(
    rankings: Sequence[Ranking],
    strict: Sequence[tuple[int, ...] | None],
    pos: list[int],
    ballots: Iterable[int],
    hopeful: Sequence[bool],
    options: IrvOptions,
) -> list[int]:
    """Move each ballot past its current rank to the candidate it now counts for
    (-1: exhausted), updating ``pos``; strict rankings take the fast path."""
    found = []
    for b in ballots:
        flat = strict[b]
        if flat is None:
            pos[b], c = next_choice(rankings[b], pos[b] + 1, hopeful, options)
        else:
            i = pos[b] + 1
            end = len(flat)
            while i < end and not hopeful[flat[i]]:
                i += 1
            pos[b] = i
            c = flat[i] if i < end else -1
        found.append(c)
    return found


def _win_reason(continuing: int) -> str:
    if continuing == 1:
        return "last continuing candidate"
    return "majority of the continuing votes"


def _first_marked_is_overvote(ranking: Ranking) -> bool:
    for rank in ranking:
        if rank:
            return len(rank) > 1
    return False


def _eliminate(
    continuing: list[int],
    totals: list[int],
    options: IrvOptions,
    ties: TieBreaker,
    tie_records: list[TieBreak],
) -> list[int]:
    ordered = sorted(continuing, key=lambda c: totals[c])
    if options.batch_elimination:
        best = 0
        running = 0
        for k in range(1, len(ordered)):
            running += totals[ordered[k - 1]]
            if running < totals[ordered[k]]:
                best = k
        if best >= 2:
            return ordered[:best]
    low = totals[ordered[0]]
    tied = [c for c in ordered if totals[c] == low]
    if len(tied) == 1:
        return tied
    chosen, record = ties.pick(tied, "elimination", lowest=True)
    tie_records.append(record)
    return [chosen]

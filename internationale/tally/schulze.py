"""The Schulze method: pairwise matrix, strongest paths, a full ranking.

Unranked candidates count as ranked below every ranked one; candidates of one rank
are preferred to neither. Path strength is measured by winning votes (default) or
by margins. Candidates the relation leaves tied share a place in the ranking; seats
are then filled in ranking order, a tie at the cut drawn by lot.
"""

from __future__ import annotations

import math
from enum import StrEnum
from fractions import Fraction

from .arithmetic import format_value
from .ballots import Election
from .prepare import multiplicity, weight_scale
from .records import Decision, JsonValue, Result, Round, TieBreak
from .ties import TieBreaker, TieRule


class Strength(StrEnum):
    """How a pairwise defeat's strength is measured."""

    WINNING_VOTES = "winning-votes"
    MARGINS = "margins"


def pairwise_matrix(election: Election) -> list[list[Fraction]]:
    """d[i][j]: the value of ballots preferring candidate i to candidate j.

    Per distinct ballot only the pairs of ranked candidates are visited: with R[i] the
    value of ballots ranking i, B[i][j] of those ranking i above j and T[i][j] of those
    ranking them equal, d[i][j] = R[i] - B[j][i] - T[i][j] (an unranked j is below i).
    """
    n = len(election.candidates)
    withdrawn = election.withdrawn
    scale = weight_scale(election)
    merged: dict[tuple[tuple[int, ...], ...], int] = {}
    for ballot in election.ballots:
        seen: set[int] = set()
        ranks = []
        for rank in ballot.ranking:
            here = tuple(c for c in rank if c not in seen and c not in withdrawn)
            seen.update(here)
            if here:
                ranks.append(here)
        key = tuple(ranks)
        merged[key] = merged.get(key, 0) + ballot.count * multiplicity(ballot.weight, scale)
    ranked_value = [0] * n
    above = [0] * (n * n)
    equal = [0] * (n * n)
    for ranking, m in merged.items():
        earlier: list[int] = []
        for rank in ranking:
            for j in rank:
                ranked_value[j] += m
                for i in earlier:
                    above[i * n + j] += m
                for i in rank:
                    if i != j:
                        equal[i * n + j] += m
            earlier.extend(rank)
    return [
        [
            Fraction(ranked_value[i] - above[j * n + i] - equal[i * n + j], scale)
            if i != j
            else Fraction(0)
            for j in range(n)
        ]
        for i in range(n)
    ]


def strongest_paths(
    d: list[list[Fraction]], counted: list[int], strength: Strength
) -> list[list[Fraction]]:
    """p[i][j]: the strength of the strongest path from i to j (Floyd-Warshall, in
    integers over the matrix's common denominator)."""
    n = len(d)
    scale = math.lcm(*(x.denominator for row in d for x in row))
    w = [[int(x * scale) for x in row] for row in d]
    p = [[0] * n for _ in range(n)]
    for i in counted:
        for j in counted:
            if i != j and w[i][j] > w[j][i]:
                p[i][j] = w[i][j] if strength is Strength.WINNING_VOTES else w[i][j] - w[j][i]
    for k in counted:
        row_k = p[k]
        for i in counted:
            row_i = p[i]
            pik = row_i[k]
            if i == k or not pik:
                continue
            for j in counted:
                through = pik if pik < row_k[j] else row_k[j]
                if through > row_i[j] and j != i:
                    row_i[j] = through
    return [[Fraction(x, scale) for x in row] for row in p]


def count_schulze(
    election: Election,
    strength: Strength = Strength.WINNING_VOTES,
    *,
    seed: int = 0,
    method: str = "schulze",
) -> Result:
    """Rank every candidate by Schulze and elect the first ``seats``."""
    names = election.candidates
    counted = [c for c in range(len(names)) if c not in election.withdrawn]
    d = pairwise_matrix(election)
    p = strongest_paths(d, counted, strength)
    beats = {i: sum(1 for j in counted if p[i][j] > p[j][i]) for i in counted}
    levels = sorted(set(beats.values()), reverse=True)
    places = [[c for c in counted if beats[c] == level] for level in levels]
    ties = TieBreaker((TieRule.LOT,), seed, names)
    elected: list[int] = []
    tie_records: list[TieBreak] = []
    for group in places:
        group = list(group)
        while group and len(elected) < election.seats:
            if len(group) > election.seats - len(elected):
                chosen, record = ties.pick(group, "Schulze ranking tie", lowest=False)
                tie_records.append(record)
            else:
                chosen = group[0]
            group.remove(chosen)
            elected.append(chosen)
    details: dict[str, JsonValue] = {
        "ranking": [[names[c] for c in group] for group in places],
        "pairwise": {
            names[i]: {names[j]: format_value(d[i][j]) for j in counted if j != i} for i in counted
        },
        "strongest_paths": {
            names[i]: {names[j]: format_value(p[i][j]) for j in counted if j != i} for i in counted
        },
    }
    round_ = Round(
        number=1,
        action="pairwise comparison",
        votes={names[c]: Fraction(beats[c]) for c in counted},
        elected=tuple(Decision(names[c], "Schulze ranking") for c in elected),
        tie_breaks=tuple(tie_records),
    )
    return Result(
        method=method,
        candidates=tuple(names[c] for c in counted),
        seats=election.seats,
        elected=tuple(names[c] for c in elected),
        rounds=(round_,),
        seed=seed,
        options={"strength": strength.value, "tie-break": "lot"},
        notes=("votes column: number of candidates each one beats by strongest path",),
        details=details,
    )

"""Turning an election's ballots into the compact arrays the counting loops use.

Every count works per distinct ballot: rankings are cleaned by the rule's options,
identical cleaned rankings merged, and each distinct ballot carries an integer
multiplicity ``mult`` (count x weight x a common ``scale``), so that counting loops
add integers and divide once per parcel. (A prefix tree of rankings was tried: on
realistic truncated ballots it has about three nodes per distinct ballot, so building
it cost more than the transfers it saved.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import chain

from .ballots import Election, Ranking


class Overvote(StrEnum):
    """What a rank holding several candidates means for a rule without equal rankings."""

    EXHAUST = "exhaust"  # the ballot stops there
    SKIP = "skip"  # the rank is passed over
    SINGLE_CONTINUING = "single-continuing"  # counts if only one marked candidate continues


@dataclass(frozen=True, slots=True)
class Prepared:
    """Distinct cleaned rankings with integer multiplicities."""

    prefs: tuple[tuple[int, ...], ...]
    mult: tuple[int, ...]
    counts: tuple[int, ...]
    scale: int
    empty_mult: int  # multiplicity of ballots left with no usable preference
    empty_count: int
    adjusted: int  # ballots with skipped, repeated, withdrawn or equal rankings

    def value(self, mult: int) -> Fraction:
        """A multiplicity as a vote value."""
        return Fraction(mult, self.scale)


def multiplicity(weight: Fraction, scale: int) -> int:
    """A ballot weight as an integer multiple of ``1 / scale``."""
    return weight.numerator * (scale // weight.denominator)


def weight_scale(election: Election) -> int:
    """The least common multiple of every ballot weight's denominator."""
    scale = 1
    for ballot in election.ballots:
        scale = math.lcm(scale, ballot.weight.denominator)
    return scale


def strict_ranking(ranking: Ranking) -> tuple[int, ...] | None:
    """The ranking as a plain sequence when it holds one candidate per rank and none
    twice, else None (built from C-level calls: it runs once per distinct ballot)."""
    flat = tuple(chain.from_iterable(ranking))
    if len(flat) == len(ranking) and () not in ranking and len(set(flat)) == len(flat):
        return flat
    return None


def clean_ranking(
    ranking: Ranking,
    withdrawn: frozenset[int],
    overvote: Overvote,
    max_skipped: int | None = None,
) -> tuple[int, ...]:
    """A strict ranking without skipped ranks, repeats or withdrawn candidates; more
    than ``max_skipped`` consecutive skipped ranks end the ballot."""
    out: list[int] = []
    seen: set[int] = set()
    skipped = 0
    for rank in ranking:
        if not rank:
            skipped += 1
            if max_skipped is not None and skipped > max_skipped:
                break
            continue
        skipped = 0
        marks = [c for c in rank if c not in withdrawn]
        if len(marks) > 1 and overvote is Overvote.EXHAUST:
            break
        if len(marks) != 1 or marks[0] in seen:
            continue
        seen.add(marks[0])
        out.append(marks[0])
    return tuple(out)


def prepare(
    election: Election, overvote: Overvote = Overvote.EXHAUST, max_skipped: int | None = None
) -> Prepared:
    """Clean and merge an election's ballots for a strict-ranking count."""
    scale = weight_scale(election)
    merged: dict[tuple[int, ...], list[int]] = {}
    adjusted = 0
    withdrawn = election.withdrawn
    for ballot in election.ballots:
        ranking = ballot.ranking
        prefs = tuple(chain.from_iterable(ranking))
        strict = len(prefs) == len(ranking) and () not in ranking
        if not (strict and len(set(prefs)) == len(prefs) and withdrawn.isdisjoint(prefs)):
            prefs = clean_ranking(ranking, withdrawn, overvote, max_skipped)
            adjusted += ballot.count
        weight = ballot.weight
        mult = ballot.count * (
            scale if weight.denominator == weight.numerator == 1 else multiplicity(weight, scale)
        )
        slot = merged.get(prefs)
        if slot is None:
            merged[prefs] = [mult, ballot.count]
        else:
            slot[0] += mult
            slot[1] += ballot.count
    empty = merged.pop((), [0, 0])
    return Prepared(
        prefs=tuple(merged),
        mult=tuple(v[0] for v in merged.values()),
        counts=tuple(v[1] for v in merged.values()),
        scale=scale,
        empty_mult=empty[0],
        empty_count=empty[1],
        adjusted=adjusted,
    )

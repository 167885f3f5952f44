"""Turning an election's ballots into the compact arrays the counting loops use.

Every count works per distinct ballot: a ballot table's rows are taken as they are
(less withdrawn candidates), other ballots' rankings are cleaned by the rule's options,
and each distinct ballot is a row of an integer array carrying an integer multiplicity
``mult`` (count x weight x a common ``scale``), so that counting loops add integers and
divide once per parcel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .ballots import Ballot, BallotTable, Election, Ranking

_BIG = 2**62


class Overvote(StrEnum):
    """What a rank holding several candidates means for a rule without equal rankings."""

    EXHAUST = "exhaust"  # the ballot stops there
    SKIP = "skip"  # the rank is passed over
    SINGLE_CONTINUING = "single-continuing"  # counts if only one marked candidate continues


@dataclass(frozen=True, slots=True, eq=False)
class Prepared:
    """Distinct cleaned rankings as rows of an array, with integer multiplicities.

    Row ``b`` of ``prefs`` lists ballot ``b``'s candidates in order, then the sentinel
    ``end`` (the number of candidates) to the end of the row, so that a walk along a
    row always stops. ``mult`` and ``counts`` are int64 arrays, or arrays of Python
    integers when the totals could overflow 64 bits; ``float_exact`` says the totals are
    below 2**53, so that summing them through float64 (``numpy.bincount``) is exact."""

    prefs: NDArray[np.integer[Any]]
    mult: NDArray[Any]
    counts: NDArray[Any]
    scale: int
    end: int
    empty_mult: int  # multiplicity of ballots left with no usable preference
    empty_count: int
    adjusted: int  # ballots with skipped, repeated, withdrawn or equal rankings
    float_exact: bool

    def value(self, mult: int) -> Fraction:
        """A multiplicity as a vote value."""
        return Fraction(mult, self.scale)

    def total(self) -> int:
        """The summed multiplicity of every ballot with a usable preference."""
        return sum(self.mult.tolist())

    def sums(self, keys: NDArray[Any], values: NDArray[Any], size: int) -> list[int]:
        """``values`` summed by ``keys`` (integers below ``size``), exactly."""
        return group_sums(keys, values, size, self.float_exact)


def group_sums(keys: NDArray[Any], values: NDArray[Any], size: int, float_exact: bool) -> list[int]:
    """``values`` summed by ``keys`` as Python integers. Through float64 when every
    total is below 2**53 (each partial sum of non-negative integers is then exact),
    else by exact integer addition."""
    if float_exact:
        return [int(v) for v in np.bincount(keys, weights=values, minlength=size).tolist()]
    out = np.zeros(size, dtype=values.dtype)
    np.add.at(out, keys, values)
    return [int(v) for v in out.tolist()]


def multiplicity(weight: Fraction, scale: int) -> int:
    """A ballot weight as an integer multiple of ``1 / scale``."""
    return weight.numerator * (scale // weight.denominator)


def weight_scale(election: Election) -> int:
    """The least common multiple of every ballot weight's denominator."""
    scale = 1
    ballots = election.ballots
    for ballot in ballots.extra if isinstance(ballots, BallotTable) else ballots:
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


def _join(rows: NDArray[np.int64], more: list[int], bound: int) -> NDArray[Any]:
    """Row values then more values: int64, or Python integers when ``bound`` (a bound
    on any sum of them) does not fit 63 bits."""
    if bound < _BIG:
        return np.concatenate([rows, np.array(more, dtype=np.int64)])
    values = np.empty(len(rows) + len(more), dtype=object)
    values[:] = rows.tolist() + more
    return values


def _rows(
    election: Election,
) -> tuple[NDArray[np.int16], NDArray[np.int64], tuple[Ballot, ...], int]:
    """The table's rows (without withdrawn candidates, the later marks moved up) with
    their counts, the other ballots, and how many ballots lost a withdrawn mark."""
    ballots = election.ballots
    if not isinstance(ballots, BallotTable):
        return np.zeros((0, 1), dtype=np.int16), np.zeros(0, dtype=np.int64), tuple(ballots), 0
    rows, row_counts, withdrawn = ballots.prefs, ballots.counts, election.withdrawn
    if not (withdrawn and rows.size):
        return rows, row_counts, ballots.extra, 0
    gone = np.isin(rows, sorted(withdrawn))
    adjusted = int(row_counts[gone.any(axis=1)].sum())
    rows = np.where(gone, -1, rows)
    rows = np.take_along_axis(rows, np.argsort(rows < 0, axis=1, kind="stable"), axis=1)
    return rows, row_counts, ballots.extra, adjusted


def _merge_others(
    others: tuple[Ballot, ...],
    withdrawn: frozenset[int],
    scale: int,
    overvote: Overvote,
    max_skipped: int | None,
) -> tuple[dict[tuple[int, ...], list[int]], int]:
    """The ballots outside the table as strict rankings (through ``clean_ranking``
    where needed), each with its [multiplicity, count] summed; and how many ballots
    were cleaned."""
    merged: dict[tuple[int, ...], list[int]] = {}
    adjusted = 0
    for ballot in others:
        ranking = ballot.ranking
        prefs = tuple(chain.from_iterable(ranking))
        strict = len(prefs) == len(ranking) and () not in ranking
        if not (strict and len(set(prefs)) == len(prefs) and withdrawn.isdisjoint(prefs)):
            prefs = clean_ranking(ranking, withdrawn, overvote, max_skipped)
            adjusted += ballot.count
        mult = ballot.count * multiplicity(ballot.weight, scale)
        slot = merged.setdefault(prefs, [0, 0])
        slot[0] += mult
        slot[1] += ballot.count
    return merged, adjusted


def prepare(
    election: Election, overvote: Overvote = Overvote.EXHAUST, max_skipped: int | None = None
) -> Prepared:
    """Clean an election's ballots for a strict-ranking count: table rows as they are
    (less withdrawn candidates), every other ballot through ``clean_ranking``."""
    scale = weight_scale(election)
    end = len(election.candidates)
    rows, row_counts, others, adjusted = _rows(election)
    merged, cleaned = _merge_others(others, election.withdrawn, scale, overvote, max_skipped)
    adjusted += cleaned
    empty_mult, empty_count = merged.pop((), [0, 0])
    width = max(rows.shape[1], *(len(r) for r in merged), 0) + 1
    kind = np.int16 if end < 2**15 - 1 else np.int32  # int16 sorts by radix
    table = np.full((len(rows) + len(merged), width), -1, dtype=kind)
    table[: len(rows), : rows.shape[1]] = rows
    for k, prefs in enumerate(merged, len(rows)):
        table[k, : len(prefs)] = prefs
    row_total = sum(row_counts.tolist())
    total = row_total * scale + sum(v[0] for v in merged.values())
    total = max(total, row_total + sum(v[1] for v in merged.values()))
    counts = _join(row_counts, [v[1] for v in merged.values()], total)
    mults = _join(
        row_counts * scale if total < _BIG else row_counts, [v[0] for v in merged.values()], total
    )
    if total >= _BIG:
        mults[: len(rows)] *= scale
    voided = table[:, 0] < 0  # rows left empty by withdrawn candidates
    if voided.any():
        empty_mult += sum(mults[voided].tolist())
        empty_count += sum(counts[voided].tolist())
        table, counts, mults = table[~voided], counts[~voided], mults[~voided]
    table[table < 0] = end
    return Prepared(
        prefs=table,
        mult=mults,
        counts=counts,
        scale=scale,
        end=end,
        empty_mult=empty_mult,
        empty_count=empty_count,
        adjusted=adjusted,
        float_exact=total < 2**53,
    )

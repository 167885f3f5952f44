"""Ballots and elections: the immutable input of every count.

A ranked ballot is a tuple of ranks; each rank is a tuple of candidate indices
(0-based into ``Election.candidates``). An empty rank is a skipped ranking, a
rank holding several candidates is an equal ranking (or, where the rule does not
allow it, an overvote). Approval ballots are a single rank holding every approved
candidate. ``count`` says how many identical ballots the object stands for and
``weight`` is each ballot's value (a delegate's mandate); neither is ever a float.

A large election read from a file holds its ballots as a ``BallotTable``: the plain
ones (one candidate per rank, none repeated, unit weight) as rows of an integer array
with their counts, so that reading and counting allocate no object per ballot; the
table is a sequence of ``Ballot`` all the same, made on demand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import chain
from typing import overload

import numpy as np
from numpy.typing import NDArray

Rank = tuple[int, ...]
Ranking = tuple[Rank, ...]


class BallotError(ValueError):
    """Raised when ballots or an election are malformed."""


@dataclass(frozen=True, slots=True)
class Ballot:
    """One ballot (or ``count`` identical ones) with its ranks, weight and count."""

    ranking: Ranking
    count: int = 1
    weight: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        if self.count < 0:
            raise BallotError(f"ballot count must not be negative: {self.count}")
        if self.weight.numerator < 0:
            raise BallotError(f"ballot weight must not be negative: {self.weight}")

    @property
    def value(self) -> Fraction:
        """Total value of the ballots this object stands for (count x weight)."""
        return self.weight * self.count

    def candidates(self) -> frozenset[int]:
        """Every candidate marked anywhere on the ballot."""
        return frozenset(c for rank in self.ranking for c in rank)


def ranked(*prefs: int | Iterable[int], count: int = 1, weight: Fraction | int = 1) -> Ballot:
    """Build a ballot from preferences: ``ranked(0, (1, 2), 3)`` ranks 1 and 2 equal."""
    ranks: list[Rank] = []
    for pref in prefs:
        ranks.append((pref,) if isinstance(pref, int) else tuple(pref))
    return Ballot(tuple(ranks), count, Fraction(weight))


class BallotTable(Sequence[Ballot]):
    """Ballots as arrays: row ``i`` of ``prefs`` is a strict ranking (0-based candidate
    indices, padded with -1) cast ``counts[i]`` times at unit weight; ``extra`` holds
    every other ballot as an object. It reads as the sequence rows-then-extra."""

    __slots__ = ("counts", "extra", "prefs")

    def __init__(
        self,
        prefs: NDArray[np.int16],
        counts: NDArray[np.int64],
        extra: tuple[Ballot, ...] = (),
    ) -> None:
        if prefs.ndim != 2 or len(prefs) != len(counts):
            raise BallotError("a ballot table needs one count per row of preferences")
        self.prefs = prefs
        self.counts = counts
        self.extra = extra

    def __len__(self) -> int:
        return len(self.prefs) + len(self.extra)

    def _row(self, row: list[int], count: int) -> Ballot:
        return Ballot(tuple((c,) for c in row if c >= 0), count)

    @overload
    def __getitem__(self, index: int) -> Ballot: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Ballot, ...]: ...
    def __getitem__(self, index: int | slice) -> Ballot | tuple[Ballot, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        rows = len(self.prefs)
        if index < 0:
            index += len(self)
        if 0 <= index < rows:
            return self._row(self.prefs[index].tolist(), int(self.counts[index]))
        if 0 <= index - rows < len(self.extra):
            return self.extra[index - rows]
        raise IndexError("ballot index out of range")

    def __iter__(self) -> Iterator[Ballot]:
        for row, count in zip(self.prefs.tolist(), self.counts.tolist(), strict=True):
            yield self._row(row, count)
        yield from self.extra

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"BallotTable({len(self.prefs)} rows, {len(self.extra)} other ballots)"

    def marks(self) -> tuple[int, int]:
        """The lowest and highest candidate index marked (0, 0 when none is); -1 is
        the padding of a row, anything lower is reported as the lowest mark."""
        low, high = int(self.prefs.min(initial=-1)), int(self.prefs.max(initial=-1))
        found = [c for c in (low, high) if c != -1]
        found.extend(chain.from_iterable(chain.from_iterable(b.ranking for b in self.extra)))
        return (min(found), max(found)) if found else (0, 0)

    def total_value(self) -> Fraction:
        """Sum of every ballot's value."""
        rows = sum(self.counts.tolist())
        return Fraction(rows) + sum((b.value for b in self.extra), Fraction(0))


@dataclass(frozen=True, slots=True)
class Election:
    """Candidates, ballots, seats and withdrawn candidates: the input of a count."""

    candidates: tuple[str, ...]
    ballots: Sequence[Ballot]
    seats: int = 1
    title: str = ""
    withdrawn: frozenset[int] = field(default_factory=frozenset)
    tie_order: tuple[int, ...] = ()  # a predetermined tie-break order (BLT "[tie ...]")

    def __post_init__(self) -> None:
        n = len(self.candidates)
        if n == 0:
            raise BallotError("an election needs at least one candidate")
        if len(set(self.candidates)) != n:
            raise BallotError("candidate names must be unique")
        if self.seats < 1:
            raise BallotError(f"seats must be at least 1, not {self.seats}")
        if (c := _first_outside(self.withdrawn, n)) is not None:
            raise BallotError(f"withdrawn candidate {c + 1} does not exist")
        if (c := _first_outside(self.tie_order, n)) is not None:
            raise BallotError(f"the tie order names candidate {c + 1} of {n}")
        if (c := _first_outside(self._extreme_marks(), n)) is not None:
            raise BallotError(f"ballot names candidate {c + 1} of {n}")

    def _extreme_marks(self) -> tuple[int, int]:
        """The lowest and the highest candidate the ballots mark (0 for none)."""
        if isinstance(self.ballots, BallotTable):
            return self.ballots.marks()
        marks = set(chain.from_iterable(chain.from_iterable(b.ranking for b in self.ballots)))
        return min(marks, default=0), max(marks, default=0)

    def index(self, name: str) -> int:
        """The index of a candidate by name."""
        try:
            return self.candidates.index(name)
        except ValueError:
            raise BallotError(f"no candidate named {name!r}") from None

    def grouped(self) -> Election:
        """The same election with identical ballots (ranking and weight) merged."""
        return replace(self, ballots=group_ballots(self.ballots))

    def with_seats(self, seats: int) -> Election:
        """The same election with another number of seats."""
        return replace(self, seats=seats)

    def total_value(self) -> Fraction:
        """Sum of every ballot's value."""
        if isinstance(self.ballots, BallotTable):
            return self.ballots.total_value()
        return sum((b.value for b in self.ballots), Fraction(0))


def _first_outside(candidates: Iterable[int], n: int) -> int | None:
    """The first of ``candidates`` that is not one of ``n`` candidates, if any."""
    return next((c for c in candidates if not 0 <= c < n), None)


def group_ballots(ballots: Iterable[Ballot]) -> tuple[Ballot, ...]:
    """Merge identical ballots into one with the summed count; first-seen order kept."""
    counts: dict[tuple[Ranking, Fraction], int] = {}
    for ballot in ballots:
        key = (ballot.ranking, ballot.weight)
        counts[key] = counts.get(key, 0) + ballot.count
    return tuple(Ballot(r, n, w) for (r, w), n in counts.items() if n)

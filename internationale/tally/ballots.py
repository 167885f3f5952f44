"""Ballots and elections: the immutable input of every count.

A ranked ballot is a tuple of ranks; each rank is a tuple of candidate indices
(0-based into ``Election.candidates``). An empty rank is a skipped ranking, a
rank holding several candidates is an equal ranking (or, where the rule does not
allow it, an overvote). Approval ballots are a single rank holding every approved
candidate. ``count`` says how many identical ballots the object stands for and
``weight`` is each ballot's value (a delegate's mandate); neither is ever a float.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain

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


@dataclass(frozen=True, slots=True)
class Election:
    """Candidates, ballots, seats and withdrawn candidates: the input of a count."""

    candidates: tuple[str, ...]
    ballots: tuple[Ballot, ...]
    seats: int = 1
    title: str = ""
    withdrawn: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        n = len(self.candidates)
        if n == 0:
            raise BallotError("an election needs at least one candidate")
        if len(set(self.candidates)) != n:
            raise BallotError("candidate names must be unique")
        if self.seats < 1:
            raise BallotError(f"seats must be at least 1, not {self.seats}")
        for c in self.withdrawn:
            if not 0 <= c < n:
                raise BallotError(f"withdrawn candidate {c + 1} does not exist")
        marks = set(chain.from_iterable(chain.from_iterable(b.ranking for b in self.ballots)))
        for c in (min(marks, default=0), max(marks, default=0)):
            if not 0 <= c < n:
                raise BallotError(f"ballot names candidate {c + 1} of {n}")

    def index(self, name: str) -> int:
        """The index of a candidate by name."""
        try:
            return self.candidates.index(name)
        except ValueError:
            raise BallotError(f"no candidate named {name!r}") from None

    def grouped(self) -> Election:
        """The same election with identical ballots (ranking and weight) merged."""
        return Election(
            self.candidates, group_ballots(self.ballots), self.seats, self.title, self.withdrawn
        )

    def with_seats(self, seats: int) -> Election:
        """The same election with another number of seats."""
        return Election(self.candidates, self.ballots, seats, self.title, self.withdrawn)

    def total_value(self) -> Fraction:
        """Sum of every ballot's value."""
        return sum((b.value for b in self.ballots), Fraction(0))


def group_ballots(ballots: Iterable[Ballot]) -> tuple[Ballot, ...]:
    """Merge identical ballots into one with the summed count; first-seen order kept."""
    counts: dict[tuple[Ranking, Fraction], int] = {}
    for ballot in ballots:
        key = (ballot.ranking, ballot.weight)
        counts[key] = counts.get(key, 0) + ballot.count
    return tuple(Ballot(r, n, w) for (r, w), n in counts.items() if n)

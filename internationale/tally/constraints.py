"""Group constraints on the seats of an STV count: at least and at most N per group.

Groups may overlap (a candidate may belong to a national section and to the group of
women, say), so how many seats the minimums still need is not the sum of each group's
shortfall: one candidate can meet two minimums. ``seats_needed`` finds the fewest
further seats that meet every minimum from the candidates still in the count without
passing any maximum, exactly, by a search over candidates' group memberships (at most
2^groups kinds of candidate, whatever the number of candidates).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class GroupConstraint:
    """At least ``minimum`` and at most ``maximum`` seats for the group's candidates."""

    name: str
    members: frozenset[int]
    minimum: int = 0
    maximum: int | None = None


def seats_needed(
    groups: Sequence[GroupConstraint], elected: Collection[int], pool: Collection[int]
) -> int | None:
    """The fewest candidates of ``pool`` whose election, beside ``elected``, meets every
    group's minimum without passing a maximum; None when no choice does."""
    shortfall = tuple(max(0, g.minimum - sum(c in g.members for c in elected)) for g in groups)
    room = tuple(
        len(pool) if g.maximum is None else g.maximum - sum(c in g.members for c in elected)
        for g in groups
    )
    if min(room, default=0) < 0:
        return None
    kinds = Counter(tuple(c in g.members for g in groups) for c in pool)
    useful = [(kind, n) for kind, n in kinds.items() if any(kind)]

    @cache
    def fewest(k: int, short: tuple[int, ...], left: tuple[int, ...]) -> int | None:
        if not any(short):
            return 0
        if k == len(useful):
            return None
        kind, available = useful[k]
        best = fewest(k + 1, short, left)
        most = min(available, max((s for s, on in zip(short, kind, strict=True) if on), default=0))
        for take in range(1, most + 1):
            rest = tuple(r - take * on for r, on in zip(left, kind, strict=True))
            if min(rest) < 0:
                break
            after = tuple(max(0, s - take * on) for s, on in zip(short, kind, strict=True))
            found = fewest(k + 1, after, rest)
            if found is not None and (best is None or take + found < best):
                best = take + found
        return best

    return fewest(0, shortfall, room)

"""The order of a speakers' list and the timer's arithmetic: pure, no Django, no I/O.

Points of order come first, in their order. The others follow the congress's
standing orders: ``none``, one list in order of asking; ``women``, the women's
list and the others alternate, starting with the list that did not speak last
(women first when nobody has); ``first``, first-time speakers before the others.
Within a list, requests keep their rank (the order of asking unless the chair
moved one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

POINT_OF_ORDER = "order"
WOMEN = "women"
FIRST_TIME = "first"


@dataclass(frozen=True)
class Waiting:
    """One waiting request: its id, kind (order/for/against/on), list and rank."""

    id: int
    kind: str
    list: str
    rank: int


def speaking_order(
    waiting: Sequence[Waiting], alternation: str, *, last_list: str | None = None
) -> list[int]:
    """The ids of ``waiting`` in the order they will speak."""
    ranked = sorted(waiting, key=lambda w: (w.rank, w.id))
    order = [w for w in ranked if w.kind == POINT_OF_ORDER]
    rest = [w for w in ranked if w.kind != POINT_OF_ORDER]
    if alternation == WOMEN:
        women = [w for w in rest if w.list == WOMEN]
        others = [w for w in rest if w.list != WOMEN]
        first, second = (others, women) if last_list == WOMEN else (women, others)
        rest = [w for pair in zip_longest(first, second) for w in pair if w is not None]
    elif alternation == FIRST_TIME:
        rest = [w for w in rest if w.list == FIRST_TIME] + [w for w in rest if w.list != FIRST_TIME]
    return [w.id for w in order + rest]


def time_left(*, seconds_left: int, started_at: float | None, now: float) -> int:
    """Whole seconds left at ``now`` (negative past the time); ``started_at`` is None
    while the timer stands. Times are seconds since the epoch."""
    if started_at is None:
        return seconds_left
    elapsed = int(now - started_at)
    return seconds_left - elapsed

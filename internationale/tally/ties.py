"""Breaking ties: the rule's own provision first, then lot from a seeded generator.

The generator is a private ``random.Random(seed)``: no global random state, and the
seed is part of the input and printed in every result.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from fractions import Fraction

from .records import TieBreak


class TieRule(StrEnum):
    """One step of a tie-break provision."""

    BACKWARD = "backward"  # most recent earlier round at which the tied differed (Scottish 49/51)
    FORWARD = "forward"  # first round at which the tied differed
    PREVIOUS = "previous"  # the round before the tied one only
    CANDIDATE_ORDER = "candidate-order"  # the first of the tied in the election's tie order
    # (BLT "[tie ...]"), else the first listed (a tabulator's fallback)
    LOT = "lot"  # seeded lot


class TieBreaker:
    """Resolves ties using the vote history of earlier rounds, then lot."""

    def __init__(
        self,
        rules: Sequence[TieRule],
        seed: int,
        names: Sequence[str],
        order: Sequence[int] = (),
    ) -> None:
        self.rules = tuple(rules)
        self.order = tuple(order)
        self.seed = seed
        self.names = tuple(names)
        self._rng = random.Random(seed)  # noqa: S311 - a drawing of lots, not cryptography
        self.history: list[Mapping[int, Fraction]] = []

    def record(self, votes: Mapping[int, Fraction]) -> None:
        """Remember the totals at the end of a round, for later tie-breaks; the last
        round recorded is the one whose totals are tied."""
        self.history.append(dict(votes))

    def pick(self, tied: Sequence[int], purpose: str, lowest: bool) -> tuple[int, TieBreak]:
        """Choose one of ``tied``: the lowest (for exclusion) or the highest."""
        candidates = sorted(tied)
        method = "no tie-break rule applied"
        for rule in self.rules:
            if len(candidates) == 1:
                break
            candidates, method = self._apply(rule, candidates, lowest)
        chosen = candidates[0]
        record = TieBreak(
            purpose=purpose,
            tied=tuple(self.names[c] for c in sorted(tied)),
            chosen=self.names[chosen],
            method=method,
        )
        return chosen, record

    def _apply(self, rule: TieRule, tied: list[int], lowest: bool) -> tuple[list[int], str]:
        if rule is TieRule.LOT:
            return [self._rng.choice(tied)], f"lot (seed {self.seed})"
        if rule is TieRule.CANDIDATE_ORDER:
            if self.order:
                rank = {c: k for k, c in enumerate(self.order)}
                first = min(tied, key=lambda c: (rank.get(c, len(rank)), c))
                return [first], "the election's tie order"
            return [tied[0]], "candidate order (first listed)"
        rounds = range(len(self.history) - 1, -1, -1)
        if rule is TieRule.FORWARD:
            rounds = range(len(self.history))
        elif rule is TieRule.PREVIOUS:
            rounds = range(len(self.history) - 2, max(len(self.history) - 3, -1), -1)
        remaining = tied
        used: list[str] = []
        for i in rounds:
            remaining, changed = _narrow(remaining, self.history[i].get, lowest)
            if changed:
                used.append(str(i + 1))
            if len(remaining) == 1:
                break
        label = {"backward": "earlier rounds backwards", "forward": "earlier rounds forwards"}
        name = label.get(rule.value, "previous round")
        if not used:
            return remaining, f"{name}: no difference"
        return remaining, f"{name} (round {', '.join(used)})"


def _narrow(
    tied: list[int], votes_of: Callable[[int], Fraction | None], lowest: bool
) -> tuple[list[int], bool]:
    values = {c: votes_of(c) or Fraction(0) for c in tied}
    target = min(values.values()) if lowest else max(values.values())
    kept = [c for c in tied if values[c] == target]
    return kept, len(kept) != len(tied)

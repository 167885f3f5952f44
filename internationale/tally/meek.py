"""Meek STV: keep factors iterated until every elected candidate holds the quota.

Fixed-point arithmetic to ``places`` decimals as integers (keep factors rounded up,
votes rounded down, as in Hill, Wichmann and Woodall's algorithm 123). The quota is
(total - excess) / (seats + 1), recomputed at every iteration, so it falls as
ballots exhaust. Equal rankings split the weight equally among the candidates of
the rank that are not excluded. Each stage either converges the surpluses or excludes the weakest
hopeful candidate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .arithmetic import format_value
from .ballots import BallotTable, Election
from .prepare import group_sums, strict_ranking
from .records import Decision, JsonValue, Result, Round, RoundLog
from .ties import TieBreaker, TieRule

HOPEFUL, ELECTED, EXCLUDED = range(3)
ENDED = 3  # the sentinel after a ranking's last candidate


@dataclass(frozen=True, slots=True)
class MeekOptions:
    """The rule options of a Meek count."""

    places: int = 9
    tolerance_places: int = 5  # converged when the total surplus is below 10^-tolerance
    max_iterations: int = 1000
    tie_rules: tuple[TieRule, ...] = (TieRule.BACKWARD, TieRule.LOT)

    def describe(self) -> dict[str, str]:
        """The options as named strings, for the result."""
        return {
            "quota": "meek: (votes - excess) / (seats + 1), recomputed",
            "precision": f"{self.places} decimals, keep factors rounded up",
            "convergence": f"total surplus below 10^-{self.tolerance_places}",
            "tie-break": ", then ".join(r.value for r in self.tie_rules),
        }


MEEK = MeekOptions()


def count_meek(
    election: Election, options: MeekOptions = MEEK, *, seed: int = 0, method: str = "meek-stv"
) -> Result:
    """Count an STV election by Meek's method."""
    return _Meek(election, options, seed, method).run()


class _Meek:
    def __init__(self, election: Election, options: MeekOptions, seed: int, method: str) -> None:
        self.opt = options
        self.method = method
        self.names = election.candidates
        self.seats = election.seats
        self.one = 10**options.places
        n = len(self.names)
        self.counted = [c for c in range(n) if c not in election.withdrawn]
        self.status = [HOPEFUL if c in self.counted else EXCLUDED for c in range(n)]
        self.keep = [self.one if s == HOPEFUL else 0 for s in self.status]
        counted = set(self.counted)
        merged: dict[tuple[tuple[int, ...], ...], Fraction] = {}
        strict: list[tuple[tuple[int, ...], Fraction]] = []
        table = election.ballots if isinstance(election.ballots, BallotTable) else None
        for b in table.extra if table is not None else election.ballots:
            ranks = (tuple(c for c in rank if c in counted) for rank in b.ranking)
            ranking = tuple(r for r in ranks if r)
            flat = strict_ranking(ranking)
            if flat:
                strict.append((flat, b.value))
            elif ranking:
                merged[ranking] = merged.get(ranking, Fraction(0)) + b.value
        self.scale = 1
        for value in chain(merged.values(), (v for _, v in strict)):
            self.scale = math.lcm(self.scale, value.denominator)
        self._build_tree([(r, int(v * self.scale)) for r, v in merged.items()])
        self.rows = _Rows(table, strict, self.scale, n, self.one, election.withdrawn)
        self.votes = [0] * n
        self.excess = 0
        self.quota = 0
        self.rounds: list[Round] = []
        self.keep_history: list[JsonValue] = []
        self.ties = TieBreaker(options.tie_rules, seed, self.names, election.tie_order)
        self.elected: list[int] = []
        self._log = RoundLog()  # decisions and tie-breaks of the round in progress

    def run(self) -> Result:
        self._distribute()
        self._elect_reached()
        self._close("first preferences")
        settled = False  # the last iterations could not bring the surplus any lower
        while len(self.elected) < self.seats:
            hopefuls = [c for c in self.counted if self.status[c] == HOPEFUL]
            if len(hopefuls) <= self.seats - len(self.elected):
                for c in sorted(hopefuls, key=lambda c: -self.votes[c]):
                    self._elect(c, "remaining candidates fill the remaining seats")
                self.rounds[-1] = self._log.amend(self.rounds[-1])
                break
            if self._surplus() >= self._tolerance() and not settled:
                settled = self._converge()
                action = "surpluses distributed"
            else:
                settled = False
                low = self._pick(hopefuls, "exclusion", lowest=True)
                self.status[low] = EXCLUDED
                self.keep[low] = 0
                self._log.excluded(Decision(self.names[low], "fewest votes"))
                self._distribute()
                action = f"exclusion of {self.names[low]}"
            self._elect_reached()
            self._close(action)
        return Result(
            method=self.method,
            candidates=tuple(self.names[c] for c in self.counted),
            seats=self.seats,
            elected=tuple(self.names[c] for c in self.elected),
            rounds=tuple(self.rounds),
            seed=self.ties.seed,
            options=self.opt.describe(),
            places=self.opt.places,
            details={"keep_factors": self.keep_history},
        )

    def _tolerance(self) -> int:
        return int(10 ** (self.opt.places - self.opt.tolerance_places))

    def _surplus(self) -> int:
        return sum(max(0, self.votes[c] - self.quota) for c in self.elected)

    def _build_tree(self, ballots: list[tuple[tuple[tuple[int, ...], ...], int]]) -> None:
        """A prefix tree of the rankings: a ballot's weight at a rank depends only on the
        ranks before it, so each prefix is computed once for every ballot sharing it."""
        self.rank_of: list[tuple[int, ...]] = [()]
        self.through = [0]  # value of the ballots passing through the node
        self.ending = [0]  # value of the ballots whose ranking ends at the node
        self.children: list[list[int]] = [[]]
        index: dict[tuple[int, tuple[int, ...]], int] = {}
        for ranking, value in ballots:
            node = 0
            for rank in ranking:
                child = index.get((node, rank))
                if child is None:
                    child = len(self.rank_of)
                    index[(node, rank)] = child
                    self.rank_of.append(rank)
                    self.through.append(0)
                    self.ending.append(0)
                    self.children.append([])
                    self.children[node].append(child)
                self.through[child] += value
                node = child
            self.ending[node] += value

    def _distribute(self) -> None:
        one, keep = self.one, self.keep
        rank_of, through, ending, children = self.rank_of, self.through, self.ending, self.children
        totals, excess = self.rows.distribute(self.status, keep)
        stack = [(child, one) for child in children[0]]
        pop, push = stack.pop, stack.append
        while stack:
            node, w = pop()
            rank = rank_of[node]
            if len(rank) == 1:
                k = keep[rank[0]]
                if k == one:
                    totals[rank[0]] += w * through[node]
                    continue
                share = w * k // one
                totals[rank[0]] += share * through[node]
                w -= share
            else:
                live = [c for c in rank if keep[c]]
                if live:
                    part = w // len(live)
                    passed = w - part * len(live)
                    for c in live:
                        share = part * keep[c] // one
                        totals[c] += share * through[node]
                        passed += part - share
                    w = passed
            excess += w * ending[node]
            if w:
                for child in children[node]:
                    push((child, w))
        self.votes = [t // self.scale for t in totals]
        self.excess = excess // self.scale
        self.quota = sum(self.votes) // (self.seats + 1) + 1

    def _converge(self) -> bool:
        """Iterate keep factors until the surplus is within tolerance, stops falling,
        or a hopeful candidate reaches the quota (at most ``max_iterations`` times).
        True when no hopeful candidate reached the quota: the surplus is then as low as
        this precision can bring it, and the count goes on by exclusion (with a million
        ballots, 9 decimals cannot bring it below 10^-5)."""
        previous = -1
        reached = False
        for _ in range(self.opt.max_iterations):
            for c in self.elected:
                self.keep[c] = -(-self.keep[c] * self.quota // max(1, self.votes[c]))
            self._distribute()
            surplus = self._surplus()
            reached = any(
                self.votes[c] >= self.quota for c in self.counted if self.status[c] == HOPEFUL
            )
            if surplus < self._tolerance() or surplus == previous or reached:
                break
            previous = surplus
        return not reached

    def _elect_reached(self) -> None:
        reached = [
            c for c in self.counted if self.status[c] == HOPEFUL and self.votes[c] >= self.quota
        ]
        while reached and len(self.elected) < self.seats:
            c = self._pick(reached, "order of election", lowest=False)
            reached.remove(c)
            self._elect(c, "reached the quota")

    def _elect(self, c: int, reason: str) -> None:
        self.status[c] = ELECTED
        self.elected.append(c)
        self._log.elected(Decision(self.names[c], reason))

    def _pick(self, among: list[int], purpose: str, lowest: bool) -> int:
        best = min(self.votes[c] for c in among) if lowest else max(self.votes[c] for c in among)
        tied = [c for c in among if self.votes[c] == best]
        if len(tied) == 1:
            return tied[0]
        chosen, record = self.ties.pick(tied, purpose, lowest)
        self._log.tie(record)
        return chosen

    def _value(self, fixed: int) -> Fraction:
        return Fraction(fixed, self.one)

    def _close(self, action: str) -> None:
        self.rounds.append(
            Round(
                number=len(self.rounds) + 1,
                action=action,
                votes={self.names[c]: self._value(self.votes[c]) for c in self.counted},
                quota=self._value(self.quota),
                exhausted=self._value(self.excess),
                **self._log.take(),
            )
        )
        self.keep_history.append(
            {
                self.names[c]: format_value(self._value(self.keep[c]), self.opt.places)
                for c in self.counted
            }
        )
        self.ties.record({c: self._value(self.votes[c]) for c in self.counted})


class _Rows:
    """Strict rankings for Meek's iterations, as array rows.

    A row's weight at a candidate depends only on the elected candidates before it
    (excluded ones pass it on whole, the first hopeful one takes what is left), so
    rows are kept in a tree of the elected prefixes they have passed, each row held
    at the node of its prefix and its next hopeful candidate (``term``; the sentinel
    ``end`` once exhausted). An iteration then works per node, not per ballot, and
    only rows whose candidate was just elected or excluded move on in the tree."""

    def __init__(
        self,
        table: BallotTable | None,
        strict: list[tuple[tuple[int, ...], Fraction]],
        scale: int,
        n: int,
        one: int,
        withdrawn: frozenset[int],
    ) -> None:
        rows = table.prefs if table is not None else np.zeros((0, 1), dtype=np.int16)
        counts = table.counts.tolist() if table is not None else []
        width = max(rows.shape[1], *(len(r) for r, _ in strict), 0) + 1
        self.prefs = np.full((len(rows) + len(strict), width), n, dtype=np.int32)
        self.prefs[: len(rows), : rows.shape[1]] = rows
        self.prefs[self.prefs < 0] = n
        for k, (flat, _) in enumerate(strict, len(rows)):
            self.prefs[k, : len(flat)] = flat
        mult = [c * scale for c in counts] + [int(v * scale) for _, v in strict]
        if withdrawn and len(rows):  # a row naming only withdrawn candidates is no vote
            live = (rows >= 0) & ~np.isin(rows, sorted(withdrawn))
            for k in np.flatnonzero(~live.any(axis=1)).tolist():
                mult[k] = 0
        total = sum(mult)
        self.float_exact = one * total < 2**53
        self.kind: Any = np.int64 if one * max(one, total) < 2**62 else object
        self.mult = np.array([*mult, 0], dtype=self.kind)[:-1]
        self.n, self.one = n, one
        self.pos = np.zeros(len(mult), dtype=np.intp)  # where the row's term is
        self.term = np.full(len(mult), n, dtype=np.intp)
        self.node = np.zeros(len(mult), dtype=np.intp)
        self.parent, self.cand, self.depth = [0], [n], [0]
        self.index: dict[int, int] = {}
        self.through = np.zeros(8, dtype=self.kind)
        self.leaves = np.zeros((8, n + 1), dtype=self.kind)
        self.synced = [HOPEFUL] * n
        self.levels: list[tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]] = []
        self._walk(np.arange(len(mult), dtype=np.intp), [HOPEFUL] * n, first=True)

    def _grow(self, size: int) -> None:
        if size <= len(self.through):
            return
        capacity = max(size, 2 * len(self.through))
        through = np.zeros(capacity, dtype=self.kind)
        through[: len(self.through)] = self.through
        leaves = np.zeros((capacity, self.n + 1), dtype=self.kind)
        leaves[: len(self.leaves)] = self.leaves
        self.through, self.leaves = through, leaves

    def _children(self, parents: NDArray[np.intp], cands: NDArray[Any]) -> NDArray[np.intp]:
        """The tree nodes one elected candidate below the given ones (made if new)."""
        keys = parents * (self.n + 1) + cands
        unique, inverse = np.unique(keys, return_inverse=True)
        ids = []
        for key in unique.tolist():
            node = self.index.get(key)
            if node is None:
                node = self.index[key] = len(self.parent)
                parent = key // (self.n + 1)
                self.parent.append(parent)
                self.cand.append(key % (self.n + 1))
                self.depth.append(self.depth[parent] + 1)
            ids.append(node)
        self._grow(len(self.parent))
        return np.array(ids, dtype=np.intp)[inverse.reshape(-1)]

    def _walk(self, rows: NDArray[np.intp], status: list[int], first: bool = False) -> None:
        """Move rows past elected and excluded candidates to their next hopeful one."""
        if not first:
            np.subtract.at(self.leaves, (self.node[rows], self.term[rows]), self.mult[rows])
        states = np.array([*status, ENDED])
        at = self.pos[rows]  # the term, now elected or excluded, is passed
        node = self.node[rows]
        walking = np.arange(len(rows))
        while walking.size:
            cands = self.prefs[rows[walking], at[walking]]
            state = states[cands]
            elected = state == ELECTED
            if elected.any():
                going = walking[elected]
                ids = self._children(node[going], cands[elected])
                node[going] = ids
                np.add.at(self.through, ids, self.mult[rows[going]])
            passing = elected | (state == EXCLUDED)
            at[walking[passing]] += 1
            walking = walking[passing]
        self.pos[rows] = at
        self.node[rows] = node
        self.term[rows] = self.prefs[rows, at]
        np.add.at(self.leaves, (node, self.term[rows]), self.mult[rows])
        self.synced = list(status)
        depth = np.array(self.depth)
        parent, cand = np.array(self.parent), np.array(self.cand)
        self.levels = []
        for d in range(1, int(depth.max()) + 1):
            ids = np.flatnonzero(depth == d)
            self.levels.append((ids, parent[ids], cand[ids]))

    def distribute(self, status: list[int], keep: list[int]) -> tuple[list[int], int]:
        """Every candidate's total (times the scale, before rounding) and the excess."""
        changed = [c for c in range(self.n) if status[c] != self.synced[c]]
        if changed:
            self._walk(np.flatnonzero(np.isin(self.term, changed)), status)
        one, size = self.one, len(self.parent)
        factors = np.array([*keep, 0], dtype=self.kind)
        weight = np.zeros(size, dtype=self.kind)
        weight[0] = one
        totals = [0] * (self.n + 1)
        for ids, parents, cands in self.levels:
            reaching = weight[parents]
            share = reaching * factors[cands] // one
            weight[ids] = reaching - share
            given = group_sums(cands, share * self.through[ids], self.n + 1, self.float_exact)
            totals = [a + b for a, b in zip(totals, given, strict=True)]
        ending = (weight @ self.leaves[:size]).tolist()
        totals = [int(a) + int(b) for a, b in zip(totals, ending, strict=True)]
        return totals[: self.n], totals[self.n]

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

import numpy as np
from numpy.typing import NDArray

from .ballots import BallotError, BallotTable, Election, Rank, Ranking
from .prepare import Overvote, Prepared, multiplicity, strict_ranking, weight_scale
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
        if not ranking[i]:
            skipped += 1
            if options.max_skipped_ranks is not None and skipped > options.max_skipped_ranks:
                return end, -1
            continue
        skipped = 0
        c = _counts_for(ranking, i, hopeful, options)
        if c == _EXHAUST:
            return end, -1
        if c != _PASS:
            return i, c
    return end, -1


_PASS = -1  # the rank gives the ballot to no one: the next rank is read
_EXHAUST = -2  # the ballot is exhausted at this rank


def _counts_for(ranking: Ranking, i: int, hopeful: Sequence[bool], options: IrvOptions) -> int:
    """The candidate rank ``i`` (not empty) of a ballot counts for, or _PASS, or _EXHAUST."""
    rank = ranking[i]
    if len(rank) > 1:
        return _overvote(rank, hopeful, options)
    if rank in ranking[:i]:
        return _EXHAUST if options.duplicate is Duplicate.EXHAUST else _PASS
    return rank[0] if hopeful[rank[0]] else _PASS


def _overvote(rank: Rank, hopeful: Sequence[bool], options: IrvOptions) -> int:
    """The candidate a rank marking several counts for, or _PASS, or _EXHAUST."""
    if options.overvote is Overvote.EXHAUST:
        return _EXHAUST
    if options.overvote is Overvote.SKIP:
        return _PASS
    live = [c for c in rank if hopeful[c]]
    if len(live) > 1:
        return _EXHAUST
    return live[0] if live else _PASS


def count_irv(
    election: Election, options: IrvOptions = PRESETS["irv"], *, seed: int = 0, method: str = "irv"
) -> Result:
    """Count a single-winner instant-runoff election."""
    return _Irv(election, options, seed, method).run()


class _Irv:
    """The state of one instant-runoff count (private to ``count_irv``)."""

    def __init__(self, election: Election, options: IrvOptions, seed: int, method: str) -> None:
        self.opt = options
        self.method = method
        self.names = election.candidates
        n = len(self.names)
        self.scale = weight_scale(election)
        self.hopeful = [c not in election.withdrawn for c in range(n)]
        self.counted = [c for c in range(n) if self.hopeful[c]]
        if not self.counted:
            raise BallotError("every candidate has withdrawn")
        # strict rankings (table rows and strict ballots) as arrays; the others as objects
        self.rankings: list[Ranking] = []
        self.mult: list[int] = []
        self.counts: list[int] = []
        self.invalid = 0
        ballots = election.ballots
        table = ballots if isinstance(ballots, BallotTable) else None
        rows: list[tuple[int, ...]] = []
        row_mult: list[int] = []
        row_counts: list[int] = []
        for ballot in table.extra if table is not None else ballots:
            if options.first_overvote_invalid and _first_marked_is_overvote(ballot.ranking):
                self.invalid += ballot.count
                continue
            flat = strict_ranking(ballot.ranking)
            m = ballot.count * multiplicity(ballot.weight, self.scale)
            if flat:
                rows.append(flat)
                row_mult.append(m)
                row_counts.append(ballot.count)
                continue
            self.rankings.append(ballot.ranking)
            self.mult.append(m)
            self.counts.append(ballot.count)
        self.end = n
        self.arrays = _arrays(table, rows, row_mult, row_counts, n, self.scale)
        self.at = np.full(len(self.arrays.prefs), -1, dtype=np.intp)
        self.row_piles: list[list[NDArray[np.intp]]] = [[] for _ in range(n)]
        self.pos = [-1] * len(self.rankings)
        self.piles: list[list[int]] = [[] for _ in range(n)]
        self.totals = [0] * n
        self.exhausted = 0
        self.ties = TieBreaker(options.tie_rules, seed, self.names, election.tie_order)
        self.rounds: list[Round] = []
        self.winner = -1

    def run(self) -> Result:
        self._first_preferences()
        transfers: list[Transfer] = []
        while True:
            losers = self._close_round(transfers)
            if self.winner >= 0:
                break
            transfers = self._eliminate(losers)
        notes = (
            (f"{self.invalid} ballots invalid (overvote at the first rank)",)
            if self.invalid
            else ()
        )
        return Result(
            method=self.method,
            candidates=tuple(self.names[c] for c in self.counted),
            seats=1,
            elected=(self.names[self.winner],),
            rounds=tuple(self.rounds),
            seed=self.ties.seed,
            options=self.opt.describe(),
            notes=notes,
        )

    def _first_preferences(self) -> None:
        everyone = range(len(self.rankings))
        found = _advance(self.rankings, self.pos, everyone, self.hopeful, self.opt)
        for b, c in enumerate(found):
            if c < 0:
                self.exhausted += self.mult[b]
            else:
                self.piles[c].append(b)
                self.totals[c] += self.mult[b]
        rows = np.arange(len(self.arrays.prefs), dtype=np.intp)
        for d, (value, _) in self._walk_rows(rows).items():
            if d < 0:
                self.exhausted += value
            else:
                self.totals[d] += value

    def _walk_rows(self, rows: NDArray[np.intp]) -> dict[int, tuple[int, int]]:
        """Move table rows to their next hopeful candidate and onto that pile; the
        value and ballots moved per destination (-1: exhausted)."""
        arrays, end = self.arrays, self.end
        if not len(rows):
            return {}
        stop = np.array([*self.hopeful, True])
        at = self.at[rows] + 1
        dest = arrays.prefs[rows, at]
        walking = np.flatnonzero(~stop[dest])
        while walking.size:
            at[walking] += 1
            found = arrays.prefs[rows[walking], at[walking]]
            dest[walking] = found
            walking = walking[~stop[found]]
        self.at[rows] = at
        values = arrays.sums(dest, arrays.mult[rows], end + 1)
        tallies = arrays.sums(dest, arrays.counts[rows], end + 1)
        sizes = np.bincount(dest, minlength=end + 1)
        order = rows[np.argsort(dest, kind="stable")]
        bounds = np.cumsum(sizes).tolist()
        moved: dict[int, tuple[int, int]] = {}
        for d in np.flatnonzero(sizes).tolist():
            if d < end:
                self.row_piles[d].append(order[bounds[d] - int(sizes[d]) : bounds[d]])
            moved[d if d < end else -1] = (values[d], tallies[d])
        return moved

    def _value(self, mult: int) -> Fraction:
        return Fraction(mult, self.scale)

    def _close_round(self, transfers: list[Transfer]) -> list[int]:
        """Record the round on its totals, with its decisions; return who is eliminated."""
        names, totals = self.names, self.totals
        continuing = [c for c in self.counted if self.hopeful[c]]
        tie_records: list[TieBreak] = []
        top = max(continuing, key=lambda c: totals[c])
        cannot_win = [c for c in continuing if names[c] in self.opt.eliminate_first]
        if len(cannot_win) == len(continuing):  # nobody else stands: they compete normally
            cannot_win = []
        live_total = sum(totals[c] for c in continuing)
        losers: list[int] = []
        excluded: tuple[Decision, ...] = ()
        if not cannot_win and (2 * totals[top] > live_total or len(continuing) == 1):
            self.winner = top
        else:
            self.ties.record({c: self._value(totals[c]) for c in self.counted})
            losers = cannot_win
            why = "cannot win (eliminated first)"
            if not losers:
                losers = _lowest(continuing, totals, self.opt, self.ties, tie_records)
                why = "batch elimination" if len(losers) > 1 else "fewest votes"
            excluded = tuple(Decision(names[c], why) for c in losers)
            left = [c for c in continuing if c not in losers]
            if len(left) == 1:  # the last candidate standing wins in this round
                self.winner = left[0]
        elected: tuple[Decision, ...] = ()
        if self.winner >= 0:
            reason = _win_reason(len(continuing) - len(losers))
            elected = (Decision(names[self.winner], reason),)
        self.rounds.append(
            Round(
                number=len(self.rounds) + 1,
                action="first preferences" if not self.rounds else "transfers",
                votes={names[c]: self._value(totals[c]) for c in self.counted},
                exhausted=self._value(self.exhausted),
                transfers=tuple(transfers),
                elected=elected,
                excluded=excluded,
                tie_breaks=tuple(tie_records),
            )
        )
        return losers

    def _eliminate(self, losers: list[int]) -> list[Transfer]:
        """Move the losers' ballots on; return the transfers."""
        for c in losers:
            self.hopeful[c] = False
        transfers: list[Transfer] = []
        for c in losers:
            parts = self.row_piles[c]
            rows = parts[0] if len(parts) == 1 else np.concatenate([np.empty(0, np.intp), *parts])
            moved = {d: list(v) for d, v in self._walk_rows(rows).items()}
            pile = self.piles[c]
            found = _advance(self.rankings, self.pos, pile, self.hopeful, self.opt)
            for b, d in zip(pile, found, strict=True):
                if d >= 0:
                    self.piles[d].append(b)
                slot = moved.setdefault(d, [0, 0])
                slot[0] += self.mult[b]
                slot[1] += self.counts[b]
            for d in sorted(moved, key=lambda d: d if d >= 0 else self.end):
                amount, ballots = moved[d]
                if d < 0:
                    self.exhausted += amount
                else:
                    self.totals[d] += amount
                target = None if d < 0 else self.names[d]
                transfers.append(
                    Transfer(self.names[c], target, ballots, self._value(amount), Fraction(1))
                )
            self.row_piles[c] = []
            self.piles[c] = []
            self.totals[c] = 0
        return transfers


def _arrays(
    table: BallotTable | None,
    rows: list[tuple[int, ...]],
    mult: list[int],
    counts: list[int],
    end: int,
    scale: int,
) -> Prepared:
    """The strict rankings as padded rows ending in the sentinel ``end``."""
    table_rows = table.prefs if table is not None else np.zeros((0, 1), dtype=np.int16)
    table_counts = table.counts if table is not None else np.zeros(0, dtype=np.int64)
    width = max(table_rows.shape[1], *(len(r) for r in rows), 0) + 1
    kind = np.int16 if end < 2**15 - 1 else np.int32
    prefs = np.full((len(table_rows) + len(rows), width), end, dtype=kind)
    prefs[: len(table_rows), : table_rows.shape[1]] = table_rows
    prefs[prefs < 0] = end
    for k, flat in enumerate(rows, len(table_rows)):
        prefs[k, : len(flat)] = flat
    row_total = sum(table_counts.tolist())
    total = max(row_total * scale + sum(mult), row_total + sum(counts))
    if total < 2**62:
        all_counts = np.concatenate([table_counts, np.array(counts, dtype=np.int64)])
        all_mult = np.concatenate([table_counts * scale, np.array(mult, dtype=np.int64)])
    else:  # Python integers: a sum could overflow 64 bits
        all_counts = np.array([*table_counts.tolist(), *counts, None], dtype=object)[:-1]
        scaled = [c * scale for c in table_counts.tolist()]
        all_mult = np.array([*scaled, *mult, None], dtype=object)[:-1]
    return Prepared(prefs, all_mult, all_counts, scale, end, 0, 0, 0, total < 2**53)


def _advance(
    rankings: Sequence[Ranking],
    pos: list[int],
    ballots: Iterable[int],
    hopeful: Sequence[bool],
    options: IrvOptions,
) -> list[int]:
    """Move each ballot past its current rank to the candidate it now counts for
    (-1: exhausted), updating ``pos`` (ballots other than strict rankings, by the
    rule's options)."""
    found = []
    for b in ballots:
        pos[b], c = next_choice(rankings[b], pos[b] + 1, hopeful, options)
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


def _lowest(
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

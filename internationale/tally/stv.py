"""Single transferable vote by the weighted inclusive Gregory method (WIGM).

One engine, many rules: every difference between rules is a named option of
``StvOptions`` (in ``stv_options``) and each named method (Scottish STV, WIGM with
Droop or Hare quota) is a preset. Ballots are kept in parcels of equal value per
candidate, so a transfer costs integer work per distinct ballot and one exact
division per parcel.

Constrained seats (``GroupConstraint``, groups may overlap): a group's maximum
excludes its remaining candidates once reached; a candidate whose exclusion would
put the minimums out of reach is passed over for exclusion, one whose election would
is not elected; and when the remaining seats are all needed for the minimums, the
strongest continuing candidates who bring them nearer take them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from .ballots import Election
from .constraints import GroupConstraint, seats_needed
from .prepare import Prepared, prepare
from .records import Decision, Result, Round, RoundLog, Transfer
from .stv_options import (
    MINNEAPOLIS,
    PRESETS,
    SCOTTISH,
    WIGM_DROOP,
    WIGM_HARE,
    Quota,
    StvOptions,
    SurplusOrder,
    Threshold,
    TransferValue,
    compute_quota,
)
from .ties import TieBreaker

# the options are defined in stv_options and named here too, beside the count they rule
__all__ = [
    "MINNEAPOLIS",
    "PRESETS",
    "SCOTTISH",
    "WIGM_DROOP",
    "WIGM_HARE",
    "Quota",
    "StvOptions",
    "SurplusOrder",
    "Threshold",
    "TransferValue",
    "compute_quota",
    "count_stv",
]


HOPEFUL, ELECTED, EXCLUDED, WITHDRAWN = range(4)


def count_stv(
    election: Election,
    options: StvOptions = SCOTTISH,
    *,
    seed: int = 0,
    method: str = "stv",
    constraints: Sequence[GroupConstraint] = (),
) -> Result:
    """Count an STV election by WIGM under the given options."""
    prepared = prepare(election, options.overvote, options.max_skipped_ranks)
    result = _Count(election, prepared, options, seed, method, constraints).run()
    if not constraints:
        return result
    free = _Count(election, prepared, options, seed, method, ()).run()
    if set(free.elected) == set(result.elected):
        note = "the constraints did not change who was elected"
    else:
        gained = ", ".join(c for c in result.elected if c not in free.elected)
        lost = ", ".join(c for c in free.elected if c not in result.elected)
        note = f"the constraints changed the outcome: {gained} elected instead of {lost}"
    won = {election.index(name) for name in result.elected}
    short = [
        f"group {g.name} has {len(won & g.members)} seats, below its minimum of {g.minimum}"
        for g in constraints
        if len(won & g.members) < g.minimum
    ]
    return replace(result, notes=(*result.notes, *short, note))


class _Count:
    """The mutable state of one WIGM count (private to ``count_stv``)."""

    def __init__(
        self,
        election: Election,
        prepared: Prepared,
        options: StvOptions,
        seed: int,
        method: str,
        constraints: Sequence[GroupConstraint],
    ) -> None:
        self.election = election
        self.p = prepared
        self.opt = options
        self.method = method
        # a minimum larger than the group's candidates is met as far as it can be
        self.constraints = tuple(
            replace(g, minimum=min(g.minimum, len(g.members - election.withdrawn)))
            for g in constraints
        )
        self.names = election.candidates
        n = len(self.names)
        self.seats = election.seats
        self.status = [WITHDRAWN if c in election.withdrawn else HOPEFUL for c in range(n)]
        self.hopeful = [s == HOPEFUL for s in self.status]
        self.votes = [Fraction(0)] * n
        self.piles: list[dict[Fraction, list[NDArray[np.intp]]]] = [{} for _ in range(n)]
        self.pos = np.zeros(len(prepared.prefs), dtype=np.intp)
        self.exhausted = Fraction(0)
        self.loss = Fraction(0)
        self.elected: list[int] = []
        self.pending_surplus: list[int] = []
        self.pending_exclusion: list[int] = []
        self.rounds: list[Round] = []
        self.ties = TieBreaker(options.tie_rules, seed, self.names, election.tie_order)
        self.valid = prepared.value(prepared.total())
        self.quota = compute_quota(options, self.valid, self.seats)
        self.notes: list[str] = []
        self._log = RoundLog()  # decisions and tie-breaks of the round in progress

    # -- the count ---------------------------------------------------------

    def run(self) -> Result:
        self._first_preferences()
        while len(self.elected) < self.seats and any(self.hopeful):
            if self._guarantee_minimums() or self._fill_remaining():
                break
            if self.pending_exclusion:
                excluded = self.pending_exclusion
                self.pending_exclusion = []
                transfers = self._exclude(excluded)
                action = "exclusion of " + ", ".join(self.names[c] for c in excluded)
            elif self.pending_surplus:
                action, transfers = self._transfer_surpluses()
            else:
                action, transfers = self._exclude_lowest()
            self._elect_reached()
            self._close_round(action, transfers)
        if self.p.empty_count:
            self.notes.append(f"{self.p.empty_count} ballots without a usable preference set aside")
        if self.p.adjusted:
            self.notes.append(
                f"{self.p.adjusted} ballots had skipped, repeated, withdrawn or equal rankings "
                f"(overvote rule: {self.opt.overvote.value})"
            )
        return Result(
            method=self.method,
            candidates=tuple(n for c, n in enumerate(self.names) if self.status[c] != WITHDRAWN),
            seats=self.seats,
            elected=tuple(self.names[c] for c in self.elected),
            rounds=tuple(self.rounds),
            seed=self.ties.seed,
            options=self.opt.describe(),
            places=self.opt.precision.places,
            notes=tuple(self.notes),
        )

    def _first_preferences(self) -> None:
        n = len(self.names)
        first = self.p.prefs[:, 0]
        sums = self.p.sums(first, self.p.mult, n)
        order = np.argsort(first, kind="stable")
        bounds = np.cumsum(np.bincount(first, minlength=n)).tolist()
        one = Fraction(1)
        for c, (lo, hi) in enumerate(zip([0, *bounds], bounds, strict=False)):
            if hi > lo:
                self.piles[c][one] = [order[lo:hi]]
        self.votes = [self.p.value(s) for s in sums]
        self._elect_reached()
        self._close_round("first preferences", ())

    def _close_round(self, action: str, transfers: Sequence[Transfer]) -> None:
        votes = {self.names[c]: self.votes[c] for c in self._counted()}
        self.rounds.append(
            Round(
                number=len(self.rounds) + 1,
                action=action,
                votes=votes,
                quota=self.quota,
                exhausted=self.exhausted,
                loss=self.loss,
                transfers=tuple(transfers),
                **self._log.take(),
            )
        )
        self.ties.record({c: self.votes[c] for c in self._counted()})

    def _amend_last_round(self) -> None:
        self.rounds[-1] = self._log.amend(self.rounds[-1])

    def _counted(self) -> list[int]:
        return [c for c in range(len(self.names)) if self.status[c] != WITHDRAWN]

    def _hopefuls(self) -> list[int]:
        return [c for c in range(len(self.names)) if self.hopeful[c]]

    # -- electing ----------------------------------------------------------

    def _reached(self, c: int) -> bool:
        if self.names[c] in self.opt.eliminate_first:
            return False
        if self.opt.threshold is Threshold.REACH:
            return self.votes[c] >= self.quota
        return self.votes[c] > self.quota

    def _elect_reached(self) -> None:
        reached = [c for c in self._hopefuls() if self._reached(c)]
        while reached and len(self.elected) < self.seats:
            reached = [c for c in reached if self.hopeful[c]]
            if not reached:
                break
            c = self._pick(reached, "order of election", lowest=False)
            reached.remove(c)
            if not self._may_elect(c):
                continue
            reason = "reached the quota" if self.votes[c] == self.quota else "exceeded the quota"
            self._elect(c, reason)
            if self.votes[c] > self.quota:
                self.pending_surplus.append(c)
            if self.opt.elect_one_per_round:
                break

    def _elect(self, c: int, reason: str) -> None:
        self.status[c] = ELECTED
        self.hopeful[c] = False
        self.elected.append(c)
        self._log.elected(Decision(self.names[c], reason))
        self._enforce_maximums(c)

    def _fill_remaining(self) -> bool:
        hopefuls = self._hopefuls()
        if len(hopefuls) > self.seats - len(self.elected):
            return False
        while hopefuls:
            c = self._pick(hopefuls, "order of election", lowest=False)
            hopefuls.remove(c)
            self._elect(c, "remaining candidates fill the remaining seats")
        self._amend_last_round()
        return True

    def _pick(self, among: Sequence[int], purpose: str, lowest: bool) -> int:
        best = min(self.votes[c] for c in among) if lowest else max(self.votes[c] for c in among)
        tied = [c for c in among if self.votes[c] == best]
        if len(tied) == 1:
            return tied[0]
        chosen, record = self.ties.pick(tied, purpose, lowest)
        self._log.tie(record)
        return chosen

    # -- constraints -------------------------------------------------------

    def _in_group(self, g: GroupConstraint, state: int) -> int:
        return sum(1 for c in g.members if self.status[c] == state)

    def _need(self, elect: int = -1, drop: int = -1) -> int | None:
        """Seats the group minimums still need (None: they cannot all be met), with
        ``elect`` counted as elected or ``drop`` gone from the count."""
        elected = [*self.elected, elect] if elect >= 0 else self.elected
        pool = [c for c in self._hopefuls() if c not in (elect, drop)]
        return seats_needed(self.constraints, elected, pool)

    def _may_elect(self, c: int) -> bool:
        if not self.constraints:
            return True
        need = self._need(elect=c)
        left = self.seats - len(self.elected) - 1
        if self._need() is None or (need is not None and need <= left):
            return True  # (minimums already out of reach do not hold up the count)
        self._mark_excluded([c], "the remaining seats are reserved for group minimums")
        return False

    def _enforce_maximums(self, c: int) -> None:
        for g in self.constraints:
            full = g.maximum is not None and self._in_group(g, ELECTED) >= g.maximum
            if c in g.members and full:
                doomed = [h for h in sorted(g.members) if self.hopeful[h]]
                reason = f"group {g.name} has reached its maximum of {g.maximum}"
                self._mark_excluded(doomed, reason)

    def _mark_excluded(self, doomed: Sequence[int], reason: str) -> None:
        for h in doomed:
            self.status[h] = EXCLUDED
            self.hopeful[h] = False
            self.pending_exclusion.append(h)
            self._log.excluded(Decision(self.names[h], reason))

    def _guarantee_minimums(self) -> bool:
        """When the remaining seats are all needed for group minimums, fill them: each
        time the strongest continuing candidate whose election brings the minimums one
        seat nearer (with overlapping groups, one candidate may count for several)."""
        if not self.constraints:
            return False
        remaining = self.seats - len(self.elected)
        need = self._need()
        if need is None or need < remaining:
            return False
        while need:
            helping = [c for c in self._hopefuls() if self._need(elect=c) == need - 1]
            c = self._pick(helping, "guaranteed seat for a group minimum", lowest=False)
            groups = [
                g.name
                for g in self.constraints
                if c in g.members and self._in_group(g, ELECTED) < g.minimum
            ]
            self._elect(c, f"strongest continuing candidate of group {' and '.join(groups)}")
            need -= 1
        self._amend_last_round()
        return True

    def _protected(self, c: int) -> bool:
        """Whether excluding ``c`` would put the group minimums out of reach."""
        if not self.constraints or self._need() is None:
            return False
        need = self._need(drop=c)
        return need is None or need > self.seats - len(self.elected)

    # -- transfers ---------------------------------------------------------

    def _transfer_surpluses(self) -> tuple[str, list[Transfer]]:
        if self.opt.surplus_order is SurplusOrder.ALL_AT_ONCE:
            chosen = list(self.pending_surplus)
        else:
            surplus = {c: self.votes[c] for c in self.pending_surplus}
            chosen = [self._pick_surplus(surplus)]
        transfers: list[Transfer] = []
        for c in chosen:
            self.pending_surplus.remove(c)
            transfers.extend(self._transfer_surplus(c))
        return "surplus of " + ", ".join(self.names[c] for c in chosen), transfers

    def _pick_surplus(self, surplus: dict[int, Fraction]) -> int:
        return self._pick(list(surplus), "order of surpluses", lowest=False)

    def _transfer_surplus(self, c: int) -> list[Transfer]:
        total = self.votes[c]
        surplus = total - self.quota
        apply = self.opt.precision.apply
        if self.opt.transfer_value is TransferValue.PER_BALLOT:
            transfers, moved = self._move(c, lambda v: apply(v * surplus / total))
        else:
            factor = apply(surplus / total)
            transfers, moved = self._move(c, lambda v: v * factor)
        if self.opt.reset_to_quota:
            self.votes[c] = self.quota
            self.loss += surplus - moved
        else:
            self.votes[c] = total - moved
        return transfers

    def _exclude_lowest(self) -> tuple[str, list[Transfer]]:
        hopefuls = self._hopefuls()
        candidates = [c for c in hopefuls if not self._protected(c)] or hopefuls
        first = [c for c in hopefuls if self.names[c] in self.opt.eliminate_first]
        if len(hopefuls) - len(first) < self.seats - len(self.elected):
            first = []  # too few others to fill the seats: they compete normally
        batch = first or self._batch(candidates)
        if first:
            reason = "cannot win (eliminated first)"
            self._log.excluded(*(Decision(self.names[c], reason) for c in first))
        if batch:
            excluded = batch
        else:
            excluded = [self._pick(candidates, "exclusion", lowest=True)]
            self._log.excluded(Decision(self.names[excluded[0]], "fewest votes"))
        for c in excluded:
            self.status[c] = EXCLUDED
            self.hopeful[c] = False
        action = "exclusion of " + ", ".join(self.names[c] for c in excluded)
        return action, self._exclude(excluded)

    def _batch(self, candidates: list[int]) -> list[int]:
        room = len(self._hopefuls()) - (self.seats - len(self.elected))
        if self.opt.exclude_zero_first:
            zero = [c for c in candidates if self.votes[c] == 0][:room]
            if zero:
                self._log.excluded(*(Decision(self.names[c], "no votes") for c in zero))
                return zero
        if not self.opt.bulk_exclusion:
            return []
        ordered = sorted(candidates, key=lambda c: self.votes[c])
        pending = sum((self.votes[c] - self.quota for c in self.pending_surplus), Fraction(0))
        best = 0
        running = Fraction(0)
        for k in range(1, min(room, len(ordered) - 1) + 1):
            running += self.votes[ordered[k - 1]]
            if running + pending < self.votes[ordered[k]]:
                best = k
        if best < 2:
            return []
        batch = ordered[:best]
        reason = "bulk exclusion: together fewer votes than the next candidate"
        self._log.excluded(*(Decision(self.names[c], reason) for c in batch))
        return batch

    def _exclude(self, excluded: Sequence[int]) -> list[Transfer]:
        transfers: list[Transfer] = []
        for c in excluded:
            moved_transfers, _ = self._move(c, lambda v: v)
            transfers.extend(moved_transfers)
            self.votes[c] = Fraction(0)
        return transfers

    def _move(
        self, source: int, new_value: Callable[[Fraction], Fraction]
    ) -> tuple[list[Transfer], Fraction]:
        """Move every parcel of ``source`` to the next continuing preferences: each
        ballot walks its row to the next hopeful candidate (or the sentinel, exhausted);
        then one exact sum and one division per parcel and destination."""
        prefs, mult, counts, pos = self.p.prefs, self.p.mult, self.p.counts, self.pos
        end = self.p.end
        stop = np.array([*self.hopeful, True])
        name = self.names[source]
        transfers: list[Transfer] = []
        moved = Fraction(0)
        for value, parts in self.piles[source].items():
            nv = new_value(value)
            ballots = parts[0] if len(parts) == 1 else np.concatenate(parts)
            at = pos[ballots] + 1
            dest = prefs[ballots, at]
            walking = np.flatnonzero(~stop[dest])
            while walking.size:
                at[walking] += 1
                found = prefs[ballots[walking], at[walking]]
                dest[walking] = found
                walking = walking[~stop[found]]
            pos[ballots] = at
            sums = self.p.sums(dest, mult[ballots], end + 1)
            tallies = self.p.sums(dest, counts[ballots], end + 1)
            sizes = np.bincount(dest, minlength=end + 1)
            order = ballots[np.argsort(dest, kind="stable")]
            bounds = np.cumsum(sizes).tolist()
            for d in np.flatnonzero(sizes).tolist():
                amount = nv * self.p.value(sums[d])
                moved += amount
                if d == end:
                    self.exhausted += amount
                    transfers.append(Transfer(name, None, tallies[d], amount, nv))
                    continue
                lo = bounds[d] - int(sizes[d])
                self.piles[d].setdefault(nv, []).append(order[lo : bounds[d]])
                self.votes[d] += amount
                transfers.append(Transfer(name, self.names[d], tallies[d], amount, nv))
        self.piles[source] = {}
        return transfers, moved

"""The auditable result of a count: every round, transfer, decision and tie-break.

Results are frozen dataclasses. ``to_json`` gives a JSON-ready dict (values as exact
strings), ``to_rows`` a template-friendly table of strings, ``render_text`` the
round-by-round table people read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from .arithmetic import format_value

JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]
ELECTED, EXCLUDED, TIE = "elected", "excluded", "tie"


@dataclass(frozen=True, slots=True)
class Transfer:
    """Ballots moved from one candidate (or first preferences) to another or to exhaustion."""

    source: str
    target: str | None  # None: exhausted (non-transferable)
    ballots: int
    value: Fraction
    transfer_value: Fraction


@dataclass(frozen=True, slots=True)
class Decision:
    """A candidate elected or excluded, and why."""

    candidate: str
    reason: str


@dataclass(frozen=True, slots=True)
class TieBreak:
    """A tie and how the rule resolved it."""

    purpose: str
    tied: tuple[str, ...]
    chosen: str
    method: str


@dataclass(frozen=True, slots=True)
class Round:
    """One round (stage) of a count, as at its end."""

    number: int
    action: str
    votes: Mapping[str, Fraction]
    quota: Fraction | None = None
    exhausted: Fraction = Fraction(0)
    loss: Fraction = Fraction(0)
    transfers: tuple[Transfer, ...] = ()
    elected: tuple[Decision, ...] = ()
    excluded: tuple[Decision, ...] = ()
    tie_breaks: tuple[TieBreak, ...] = ()
    # the kinds (ELECTED, EXCLUDED, TIE) of the decisions above in the order they happened
    order: tuple[str, ...] = ()

    @property
    def non_transferable(self) -> Fraction:
        """Exhausted value plus what rounding lost (the Scottish reports' column)."""
        return self.exhausted + self.loss

    def events(self) -> list[tuple[str, Decision | TieBreak]]:
        """The round's decisions and tie-breaks in the order they happened: as the count
        recorded them, else tie-breaks, exclusions, then the elections they can cause."""
        order = self.order
        if sorted(order) != sorted(
            (ELECTED,) * len(self.elected)
            + (EXCLUDED,) * len(self.excluded)
            + (TIE,) * len(self.tie_breaks)
        ):
            order = (
                (TIE,) * len(self.tie_breaks)
                + (EXCLUDED,) * len(self.excluded)
                + (ELECTED,) * len(self.elected)
            )
        pools: dict[str, Iterator[Decision | TieBreak]] = {
            ELECTED: iter(self.elected),
            EXCLUDED: iter(self.excluded),
            TIE: iter(self.tie_breaks),
        }
        return [(kind, next(pools[kind])) for kind in order]


class RoundLog:
    """The decisions and tie-breaks of the round in progress, in the order they happen."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Decision | TieBreak]] = []

    def elected(self, decision: Decision) -> None:
        self.events.append((ELECTED, decision))

    def excluded(self, *decisions: Decision) -> None:
        self.events.extend((EXCLUDED, d) for d in decisions)

    def tie(self, record: TieBreak) -> None:
        self.events.append((TIE, record))

    def take(self) -> dict[str, Any]:
        """The logged events as ``Round`` fields (elected, excluded, tie_breaks, order);
        the log starts again empty."""
        events, self.events = self.events, []
        return {
            "elected": tuple(e for k, e in events if k == ELECTED),
            "excluded": tuple(e for k, e in events if k == EXCLUDED),
            "tie_breaks": tuple(e for k, e in events if k == TIE),
            "order": tuple(k for k, _ in events),
        }

    def amend(self, last: Round) -> Round:
        """``last`` with the logged events added after its own."""
        more = self.take()
        return replace(
            last,
            elected=last.elected + more["elected"],
            excluded=last.excluded + more["excluded"],
            tie_breaks=last.tie_breaks + more["tie_breaks"],
            order=(last.order or tuple(k for k, _ in last.events())) + more["order"],
        )


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of a count, with everything needed to audit it."""

    method: str
    candidates: tuple[str, ...]
    seats: int
    elected: tuple[str, ...]
    rounds: tuple[Round, ...]
    seed: int
    options: Mapping[str, str] = field(default_factory=dict)
    places: int | None = None
    notes: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)  # JSON-ready, per method

    def fmt(self, value: Fraction) -> str:
        """A value as this count's precision prints it."""
        return format_value(value, self.places)

    def to_json(self) -> dict[str, JsonValue]:
        """A JSON-ready dict: method, seats, elected, rounds, seed and the rest."""
        return {
            "method": self.method,
            "seats": self.seats,
            "seed": self.seed,
            "candidates": list(self.candidates),
            "elected": list(self.elected),
            "options": dict(self.options),
            "notes": list(self.notes),
            "rounds": [self._round_json(r) for r in self.rounds],
            **self.details,
        }

    def _round_json(self, r: Round) -> dict[str, JsonValue]:
        return {
            "number": r.number,
            "action": r.action,
            "quota": None if r.quota is None else self.fmt(r.quota),
            "votes": {name: self.fmt(v) for name, v in r.votes.items()},
            "exhausted": self.fmt(r.exhausted),
            "loss": self.fmt(r.loss),
            "non_transferable": self.fmt(r.non_transferable),
            "transfers": [
                {
                    "from": t.source,
                    "to": t.target,
                    "ballots": t.ballots,
                    "value": self.fmt(t.value),
                    "transfer_value": format_value(t.transfer_value),
                }
                for t in r.transfers
            ],
            "elected": [{"candidate": d.candidate, "reason": d.reason} for d in r.elected],
            "excluded": [{"candidate": d.candidate, "reason": d.reason} for d in r.excluded],
            "tie_breaks": [
                {"purpose": t.purpose, "tied": list(t.tied), "chosen": t.chosen, "method": t.method}
                for t in r.tie_breaks
            ],
            "events": [
                {"kind": kind, "candidate": e.candidate if isinstance(e, Decision) else e.chosen}
                for kind, e in r.events()
            ],
        }

    def to_rows(self) -> list[list[str]]:
        """The round-by-round table as rows of strings (header first), for templates."""
        header = ["", *(f"{r.number}" for r in self.rounds)]
        rows = [header, ["action", *(r.action for r in self.rounds)]]
        for name in self.candidates:
            row = [name]
            for r in self.rounds:
                v = r.votes.get(name)
                row.append("" if v is None else self.fmt(v))
            rows.append(row)
        if any(r.quota is not None for r in self.rounds):
            rows.append(
                ["quota", *("" if r.quota is None else self.fmt(r.quota) for r in self.rounds)]
            )
        rows.append(["non-transferable", *(self.fmt(r.non_transferable) for r in self.rounds)])
        rows.append(["elected", *(", ".join(d.candidate for d in r.elected) for r in self.rounds)])
        rows.append(
            ["excluded", *(", ".join(d.candidate for d in r.excluded) for r in self.rounds)]
        )
        return rows

    def render_text(self) -> str:
        """The result as a plain-text round-by-round table with decisions and tie-breaks."""
        lines = [f"method: {self.method}", f"seats: {self.seats}", f"seed: {self.seed}"]
        lines.extend(f"option {k}: {v}" for k, v in self.options.items())
        lines.extend(f"round {r.number}: {r.action}" for r in self.rounds)
        lines.append("")
        rows = self.to_rows()[:-2]
        del rows[1]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            cells = [row[0].ljust(widths[0])]
            cells.extend(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))
            lines.append("  ".join(cells).rstrip())
        lines.append("")
        for r in self.rounds:
            lines.extend(f"round {r.number}: {describe_event(k, e)}" for k, e in r.events())
        lines.extend(f"note: {note}" for note in self.notes)
        lines.append("elected: " + (", ".join(self.elected) if self.elected else "(none)"))
        return "\n".join(lines) + "\n"


def describe_event(kind: str, event: Decision | TieBreak) -> str:
    """One decision or tie-break in words: ``elected Ann (reached the quota)``."""
    if isinstance(event, TieBreak):
        return (
            f"tie for {event.purpose} between {', '.join(event.tied)}: "
            f"{event.chosen} chosen by {event.method}"
        )
    return f"{kind} {event.candidate} ({event.reason})"

"""Delegate apportionment: largest remainder (Hamilton), D'Hondt and Sainte-Lague.

Seats go to sections in proportion to their membership, within each section's
minimum and maximum; the result always sums to the house size, or says why it
cannot. Ties are drawn by lot from the seeded generator.

Beside the seats, an apportionment carries its calculation as typed data
(``Calculation``): for the largest remainder, the quota and each section's exact
share, whole part and remainder; for the divisor methods, the divisor series,
the quotient that won each seat and each section's last winning and first
losing quotient. Pages render it in their reader's language; ``steps`` and
``tie_breaks`` stay as the English log of the same story.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from .apportion_calculation import (
    Calculation,
    QuotientLine,
    SeatAward,
    ShareLine,
    json_int,
)
from .arithmetic import format_value
from .records import JsonValue

__all__ = [
    "THOUSANDTH",
    "ApportionMethod",
    "Apportionment",
    "Calculation",
    "Infeasible",
    "QuotientLine",
    "SeatAward",
    "Section",
    "ShareLine",
    "apportion",
    "split_votes",
]


THOUSANDTH = Decimal("0.001")


class ApportionMethod(StrEnum):
    """The apportionment methods."""

    HAMILTON = "hamilton"
    DHONDT = "dhondt"
    SAINTE_LAGUE = "sainte-lague"


@dataclass(frozen=True, slots=True)
class Section:
    """A section with its membership and its seat bounds."""

    name: str
    members: int
    minimum: int = 0
    maximum: int | None = None


class Infeasible(StrEnum):
    """Why a house cannot be filled (``Apportionment.reason`` says it in English)."""

    NO_SECTIONS = "no-sections"
    MINIMUMS = "minimums"
    MAXIMUMS = "maximums"
    NO_MEMBERS = "no-members"


@dataclass(frozen=True, slots=True)
class Apportionment:
    """Seats per section, with every step that led there."""

    method: str
    house_size: int
    seats: dict[str, int]
    seed: int
    feasible: bool = True
    reason: str = ""
    steps: tuple[str, ...] = ()
    tie_breaks: tuple[str, ...] = field(default=())
    calculation: Calculation | None = None
    infeasible: Infeasible | None = None

    def to_json(self) -> dict[str, JsonValue]:
        """A JSON-ready dict."""
        return {
            "method": self.method,
            "house_size": self.house_size,
            "seats": dict(self.seats),
            "seed": self.seed,
            "feasible": self.feasible,
            "reason": self.reason,
            "infeasible": None if self.infeasible is None else self.infeasible.value,
            "steps": list(self.steps),
            "tie_breaks": list(self.tie_breaks),
            "calculation": None if self.calculation is None else self.calculation.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, JsonValue]) -> Apportionment:
        """The apportionment ``to_json`` wrote."""
        seats = data["seats"]
        calculation = data.get("calculation")
        infeasible = data.get("infeasible")
        steps = data.get("steps") or []
        ties = data.get("tie_breaks") or []
        return cls(
            method=str(data["method"]),
            house_size=json_int(data["house_size"]),
            seats={
                str(k): json_int(v) for k, v in (seats.items() if isinstance(seats, dict) else [])
            },
            seed=json_int(data["seed"]),
            feasible=bool(data["feasible"]),
            reason=str(data.get("reason") or ""),
            steps=tuple(str(x) for x in (steps if isinstance(steps, list) else [])),
            tie_breaks=tuple(str(x) for x in (ties if isinstance(ties, list) else [])),
            calculation=Calculation.from_json(calculation)
            if isinstance(calculation, dict)
            else None,
            infeasible=Infeasible(infeasible) if isinstance(infeasible, str) else None,
        )

    def render_text(self) -> str:
        """A plain-text table of seats per section."""
        width = max((len(name) for name in self.seats), default=7)
        lines = [f"method: {self.method}", f"house size: {self.house_size}", f"seed: {self.seed}"]
        if not self.feasible:
            lines.append(f"not possible: {self.reason}")
        lines.extend(f"{name.ljust(width)}  {n:>5}" for name, n in self.seats.items())
        lines.extend(f"tie: {t}" for t in self.tie_breaks)
        return "\n".join(lines) + "\n"


def apportion(
    sections: Sequence[Section], house_size: int, method: ApportionMethod, *, seed: int = 0
) -> Apportionment:
    """Apportion ``house_size`` seats among ``sections``."""
    names = [s.name for s in sections]
    if len(set(names)) != len(names):
        raise ValueError("section names must be unique")
    if any(s.members < 0 for s in sections):
        raise ValueError("membership cannot be negative")
    low = sum(s.minimum for s in sections)
    high = sum(house_size if s.maximum is None else s.maximum for s in sections)
    empty = dict.fromkeys(names, 0)
    if not sections or low > house_size or high < house_size:
        if not sections:
            why, reason = Infeasible.NO_SECTIONS, "there are no sections"
        elif low > house_size:
            why = Infeasible.MINIMUMS
            reason = f"the minimums need {low} seats, more than the {house_size} available"
        else:
            why = Infeasible.MAXIMUMS
            reason = f"the maximums allow only {high} of the {house_size} seats"
        return Apportionment(method.value, house_size, empty, seed, False, reason, infeasible=why)
    rng = random.Random(seed)  # noqa: S311 - a drawing of lots, not cryptography
    if method is ApportionMethod.HAMILTON:
        return _hamilton(sections, house_size, rng, seed)
    return _divisor(sections, house_size, method, rng, seed)


def _cap(s: Section, house_size: int) -> int:
    return house_size if s.maximum is None else s.maximum


def _divisor(
    sections: Sequence[Section],
    house_size: int,
    method: ApportionMethod,
    rng: random.Random,
    seed: int,
) -> Apportionment:
    seats = {s.name: s.minimum for s in sections}
    steps = [f"{s.name} starts with its minimum of {s.minimum}" for s in sections if s.minimum]
    ties: list[str] = []
    awards: list[SeatAward] = []
    step = 2 if method is ApportionMethod.SAINTE_LAGUE else 1
    for seat in range(sum(seats.values()) + 1, house_size + 1):
        open_ = [s for s in sections if seats[s.name] < _cap(s, house_size)]
        quotient = {s.name: Fraction(s.members, step * seats[s.name] + 1) for s in open_}
        best = max(quotient.values())
        tied = [name for name, q in quotient.items() if q == best]
        name = tied[0]
        if len(tied) > 1:
            name = rng.choice(tied)
            ties.append(f"seat {seat}: {', '.join(tied)} tied at {best}; {name} by lot")
        awards.append(SeatAward(seat, name, best, step * seats[name] + 1, len(tied) > 1))
        seats[name] += 1
        steps.append(f"seat {seat} to {name} (quotient {format_value(best, 4)})")
    calculation = Calculation(
        total_members=sum(s.members for s in sections),
        divisors=tuple(step * k + 1 for k in range(max(seats.values()) + 1)),
        awards=tuple(awards),
        quotients=tuple(_quotient_line(s, seats[s.name], step, house_size) for s in sections),
    )
    return Apportionment(
        method.value,
        house_size,
        seats,
        seed,
        steps=tuple(steps),
        tie_breaks=tuple(ties),
        calculation=calculation,
    )


def _quotient_line(s: Section, seats: int, step: int, house_size: int) -> QuotientLine:
    won = seats > s.minimum
    return QuotientLine(
        name=s.name,
        members=s.members,
        minimum=s.minimum,
        seats=seats,
        last_won=Fraction(s.members, step * (seats - 1) + 1) if won else None,
        first_lost=Fraction(s.members, step * seats + 1) if seats < _cap(s, house_size) else None,
    )


def _shares(
    sections: Sequence[Section], house_size: int
) -> tuple[dict[str, Fraction], Fraction] | None:
    """Each section's exact share: members x lambda, clamped to its bounds, where the
    seats-per-member ratio lambda makes the shares sum to the house size (None if no
    ratio can); and lambda."""
    members = {s.name: s.members for s in sections}
    if not any(members.values()):
        members = dict.fromkeys(members, 1)

    def share(s: Section, ratio: Fraction) -> Fraction:
        return min(max(members[s.name] * ratio, Fraction(s.minimum)), Fraction(_cap(s, house_size)))

    def total(ratio: Fraction) -> Fraction:
        return sum((share(s, ratio) for s in sections), Fraction(0))

    points = sorted(
        {
            Fraction(b, members[s.name])
            for s in sections
            if members[s.name]
            for b in (s.minimum, _cap(s, house_size))
        }
    )
    low = Fraction(0)
    for high in points:
        if total(high) >= house_size:
            break
        low = high
    else:
        return None
    if total(low) >= house_size:
        return {s.name: share(s, low) for s in sections}, low
    slope = sum(
        members[s.name]
        for s in sections
        if s.minimum < share(s, (low + high) / 2) < _cap(s, house_size)
    )
    ratio = low + (house_size - total(low)) / slope
    return {s.name: share(s, ratio) for s in sections}, ratio


def _hamilton(
    sections: Sequence[Section], house_size: int, rng: random.Random, seed: int
) -> Apportionment:
    found = _shares(sections, house_size)
    if found is None:
        empty = {s.name: 0 for s in sections}
        reason = "sections without members cannot take the remaining seats"
        return Apportionment(
            ApportionMethod.HAMILTON.value,
            house_size,
            empty,
            seed,
            False,
            reason,
            infeasible=Infeasible.NO_MEMBERS,
        )
    shares, ratio = found
    steps = [f"{name}: exact share {format_value(q, 4)}" for name, q in shares.items()]
    seats = {name: int(q) for name, q in shares.items()}
    ties: list[str] = []
    drawn: set[str] = set()
    left = house_size - sum(seats.values())
    remainders = {name: q - int(q) for name, q in shares.items() if q - int(q)}
    while left:
        best = max(remainders.values())
        tied = sorted(name for name, r in remainders.items() if r == best)
        picked = tied
        if len(tied) > left:
            picked = sorted(rng.sample(tied, left))
            drawn.update(tied)
            ties.append(f"remainders of {', '.join(tied)} tied; {', '.join(picked)} by lot")
        for name in picked:
            seats[name] += 1
            del remainders[name]
            steps.append(f"one more seat to {name} for its remainder")
        for name in tied:
            remainders.pop(name, None)
        left -= len(picked)
    total_members = sum(s.members for s in sections)
    lines = _share_lines(sections, house_size, shares, ratio, seats, drawn)
    quota = 1 / ratio if ratio and total_members else None
    return Apportionment(
        ApportionMethod.HAMILTON.value,
        house_size,
        seats,
        seed,
        steps=tuple(steps),
        tie_breaks=tuple(ties),
        calculation=Calculation(total_members=total_members, quota=quota, shares=lines),
    )


def _share_lines(
    sections: Sequence[Section],
    house_size: int,
    shares: dict[str, Fraction],
    ratio: Fraction,
    seats: dict[str, int],
    drawn: set[str],
) -> tuple[ShareLine, ...]:
    counted = any(s.members for s in sections)
    return tuple(
        ShareLine(
            name=s.name,
            members=s.members,
            share=shares[s.name],
            whole=int(shares[s.name]),
            remainder=shares[s.name] - int(shares[s.name]),
            extra=seats[s.name] > int(shares[s.name]),
            seats=seats[s.name],
            at_minimum=counted and s.members * ratio < s.minimum,
            at_maximum=counted and s.members * ratio > _cap(s, house_size),
            lot=s.name in drawn,
        )
        for s in sections
    )


def split_votes(votes: Decimal, parts: int) -> list[Decimal]:
    """``votes`` split among ``parts`` delegates in thousandths, exactly.

    Each part is the even share rounded down to three places; the thousandths
    left over go one each to the first parts, so the parts sum to ``votes``.
    """
    if parts < 1:
        raise ValueError("there must be at least one part")
    if votes < 0:
        raise ValueError("votes cannot be negative")
    thousandths = votes * 1000
    if thousandths != thousandths.to_integral_value():
        raise ValueError("votes are counted in thousandths")
    base, left = divmod(int(thousandths), parts)
    return [
        (Decimal(base + (1 if i < left else 0)) / 1000).quantize(THOUSANDTH) for i in range(parts)
    ]

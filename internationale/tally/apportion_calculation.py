"""The calculation behind an apportionment, as typed data (see apportion.py).

Fractions go to JSON as [numerator, denominator] so a stored calculation reads
back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .records import JsonValue


def _fraction_json(value: Fraction | None) -> JsonValue:
    return None if value is None else [value.numerator, value.denominator]


def _fraction(value: JsonValue) -> Fraction | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("a fraction is [numerator, denominator]")
    numerator, denominator = value
    if not isinstance(numerator, int) or not isinstance(denominator, int):
        raise ValueError("a fraction is [numerator, denominator]")
    return Fraction(numerator, denominator)


def _required(value: JsonValue) -> Fraction:
    fraction = _fraction(value)
    if fraction is None:
        raise ValueError("a fraction is required here")
    return fraction


def json_int(value: JsonValue) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("an integer is required here")
    return value


@dataclass(frozen=True, slots=True)
class ShareLine:
    """One section in a largest-remainder count.

    ``share`` is its exact share of the house (members / quota, held within its
    bounds); it first takes ``whole`` seats, and one more (``extra``) if its
    ``remainder`` is among the largest. ``lot``: it was in a tie drawn by lot.
    """

    name: str
    members: int
    share: Fraction
    whole: int
    remainder: Fraction
    extra: bool
    seats: int
    at_minimum: bool = False
    at_maximum: bool = False
    lot: bool = False

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "name": self.name,
            "members": self.members,
            "share": _fraction_json(self.share),
            "whole": self.whole,
            "remainder": _fraction_json(self.remainder),
            "extra": self.extra,
            "seats": self.seats,
            "at_minimum": self.at_minimum,
            "at_maximum": self.at_maximum,
            "lot": self.lot,
        }

    @classmethod
    def from_json(cls, data: dict[str, JsonValue]) -> ShareLine:
        return cls(
            name=str(data["name"]),
            members=json_int(data["members"]),
            share=_required(data["share"]),
            whole=json_int(data["whole"]),
            remainder=_required(data["remainder"]),
            extra=bool(data["extra"]),
            seats=json_int(data["seats"]),
            at_minimum=bool(data.get("at_minimum")),
            at_maximum=bool(data.get("at_maximum")),
            lot=bool(data.get("lot")),
        )


@dataclass(frozen=True, slots=True)
class SeatAward:
    """A divisor count's seat: its number, the section that won it, with which quotient
    (members / divisor), and whether a tie for it was drawn by lot."""

    seat: int
    name: str
    quotient: Fraction
    divisor: int
    lot: bool = False

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "seat": self.seat,
            "name": self.name,
            "quotient": _fraction_json(self.quotient),
            "divisor": self.divisor,
            "lot": self.lot,
        }

    @classmethod
    def from_json(cls, data: dict[str, JsonValue]) -> SeatAward:
        return cls(
            seat=json_int(data["seat"]),
            name=str(data["name"]),
            quotient=_required(data["quotient"]),
            divisor=json_int(data["divisor"]),
            lot=bool(data.get("lot")),
        )


@dataclass(frozen=True, slots=True)
class QuotientLine:
    """One section in a divisor count: its seats (``minimum`` of them given before
    the count), the last quotient that won it a seat and the first that did not
    (None when it won none in the count, or could take no more)."""

    name: str
    members: int
    minimum: int
    seats: int
    last_won: Fraction | None
    first_lost: Fraction | None

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "name": self.name,
            "members": self.members,
            "minimum": self.minimum,
            "seats": self.seats,
            "last_won": _fraction_json(self.last_won),
            "first_lost": _fraction_json(self.first_lost),
        }

    @classmethod
    def from_json(cls, data: dict[str, JsonValue]) -> QuotientLine:
        return cls(
            name=str(data["name"]),
            members=json_int(data["members"]),
            minimum=json_int(data["minimum"]),
            seats=json_int(data["seats"]),
            last_won=_fraction(data["last_won"]),
            first_lost=_fraction(data["first_lost"]),
        )


@dataclass(frozen=True, slots=True)
class Calculation:
    """How the seats were found, as data a page can lay out in any language.

    Largest remainder: ``quota`` is the members per seat once the bounds are
    held (None when nobody has members or the minimums take every seat) and
    ``shares`` one line per section. Divisor methods: ``divisors`` is the start
    of the series (1, 2, 3, ... or 1, 3, 5, ...), ``awards`` the seats in the
    order they were won, ``quotients`` one line per section.
    """

    total_members: int
    quota: Fraction | None = None
    shares: tuple[ShareLine, ...] = ()
    divisors: tuple[int, ...] = ()
    awards: tuple[SeatAward, ...] = ()
    quotients: tuple[QuotientLine, ...] = ()

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "total_members": self.total_members,
            "quota": _fraction_json(self.quota),
            "shares": [line.to_json() for line in self.shares],
            "divisors": list(self.divisors),
            "awards": [award.to_json() for award in self.awards],
            "quotients": [line.to_json() for line in self.quotients],
        }

    @classmethod
    def from_json(cls, data: dict[str, JsonValue]) -> Calculation:
        def rows(key: str) -> list[dict[str, JsonValue]]:
            value = data.get(key) or []
            if not isinstance(value, list):
                raise ValueError(f"{key} is a list")
            return [row for row in value if isinstance(row, dict)]

        divisors = data.get("divisors") or []
        return cls(
            total_members=json_int(data["total_members"]),
            quota=_fraction(data.get("quota")),
            shares=tuple(ShareLine.from_json(r) for r in rows("shares")),
            divisors=tuple(json_int(d) for d in (divisors if isinstance(divisors, list) else [])),
            awards=tuple(SeatAward.from_json(r) for r in rows("awards")),
            quotients=tuple(QuotientLine.from_json(r) for r in rows("quotients")),
        )

"""Exact arithmetic: fractions, and fixed-point decimals where a rule prescribes them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Rounding(StrEnum):
    """How a value is brought to a rule's number of decimal places."""

    TRUNCATE = "truncate"  # any remainder ignored (Scottish rules)
    HALF_UP = "half-up"  # round to nearest, halves away from zero
    UP = "up"  # towards +infinity (Meek keep factors)


@dataclass(frozen=True, slots=True)
class Precision:
    """Decimal places and rounding of a rule; ``places=None`` is exact arithmetic."""

    places: int | None = None
    rounding: Rounding = Rounding.TRUNCATE

    def apply(self, value: Fraction) -> Fraction:
        """The value as the rule computes it."""
        if self.places is None:
            return value
        return quantize(value, self.places, self.rounding)

    def describe(self) -> str:
        """A short human label such as ``5 decimals, truncate``."""
        if self.places is None:
            return "exact fractions"
        return f"{self.places} decimals, {self.rounding.value}"


def quantize(value: Fraction, places: int, rounding: Rounding) -> Fraction:
    """The value brought to ``places`` decimal places with the given rounding."""
    scale = 10**places
    scaled = value * scale
    if rounding is Rounding.TRUNCATE:
        whole = scaled.numerator // scaled.denominator
    elif rounding is Rounding.UP:
        whole = -((-scaled.numerator) // scaled.denominator)
    else:
        whole = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    return Fraction(whole, scale)


def format_value(value: Fraction, places: int | None = None) -> str:
    """Exact text for a value: fixed decimals when ``places`` is given, else the
    shortest exact decimal, else ``p/q``."""
    if places is not None:
        q = quantize(value, places, Rounding.HALF_UP)
        sign = "-" if q < 0 else ""
        whole, frac = divmod(abs(q.numerator) * 10**places // q.denominator, 10**places)
        return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    return format_value(value, max(twos, fives))

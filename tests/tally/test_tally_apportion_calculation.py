"""The apportionment's calculation, as data: it agrees with the seats it explains,
reads back from JSON exactly, and a section's votes split among its delegates sum
exactly to them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internationale.tally.apportion import (
    Apportionment,
    ApportionMethod,
    Infeasible,
    Section,
    apportion,
    split_votes,
)

ROWS = st.lists(st.tuples(st.integers(0, 5_000), st.integers(0, 2)), min_size=1, max_size=10)


def _sections(rows: list[tuple[int, int]]) -> list[Section]:
    return [Section(f"s{i}", members, minimum) for i, (members, minimum) in enumerate(rows)]


@settings(max_examples=200, deadline=None)
@given(ROWS, st.integers(1, 80), st.integers(0, 1000))
def test_hamilton_calculation_explains_every_seat(rows, house, seed) -> None:
    sections = _sections(rows)
    result = apportion(sections, house, ApportionMethod.HAMILTON, seed=seed)
    if not result.feasible:
        return
    calc = result.calculation
    assert calc is not None
    assert sum(result.seats.values()) == house
    assert sum((line.share for line in calc.shares), Fraction(0)) == house
    assert calc.total_members == sum(s.members for s in sections)
    for section, line in zip(sections, calc.shares, strict=True):
        assert line.name == section.name
        assert line.whole + line.remainder == line.share
        assert 0 <= line.remainder < 1
        assert line.seats == line.whole + int(line.extra) == result.seats[section.name]
        assert line.seats >= section.minimum
        if line.at_minimum:
            assert line.share == section.minimum
        elif calc.quota is not None:
            assert line.share == Fraction(section.members) / calc.quota
    extras = [line for line in calc.shares if line.extra]
    assert len(extras) == house - sum(line.whole for line in calc.shares)
    missed = [line.remainder for line in calc.shares if not line.extra]
    if extras and missed:
        assert min(line.remainder for line in extras) >= max(missed)


@settings(max_examples=200, deadline=None)
@given(
    ROWS,
    st.integers(1, 80),
    st.sampled_from([ApportionMethod.DHONDT, ApportionMethod.SAINTE_LAGUE]),
)
def test_divisor_calculation_explains_every_seat(rows, house, method) -> None:
    sections = _sections(rows)
    result = apportion(sections, house, method)
    if not result.feasible:
        return
    calc = result.calculation
    assert calc is not None
    assert sum(result.seats.values()) == house
    step = 2 if method is ApportionMethod.SAINTE_LAGUE else 1
    assert calc.divisors[:2] == (1, 1 + step)[: len(calc.divisors)]
    assert [a.seat for a in calc.awards] == list(range(house - len(calc.awards) + 1, house + 1))
    won = {s.name: s.minimum for s in sections}
    for award in calc.awards:
        assert award.quotient == Fraction(
            next(s.members for s in sections if s.name == award.name), award.divisor
        )
        won[award.name] += 1
    assert won == result.seats
    quotients = [a.quotient for a in calc.awards]
    assert quotients == sorted(quotients, reverse=True)
    lowest_won = min(quotients, default=None)
    for line in calc.quotients:
        assert line.seats == result.seats[line.name]
        if line.first_lost is not None and lowest_won is not None:
            assert line.first_lost <= lowest_won
        if line.last_won is not None:
            assert line.last_won >= (line.first_lost or 0)


@settings(max_examples=100, deadline=None)
@given(ROWS, st.integers(1, 40), st.sampled_from(list(ApportionMethod)), st.integers(0, 99))
def test_apportionment_reads_back_from_json_exactly(rows, house, method, seed) -> None:
    result = apportion(_sections(rows), house, method, seed=seed)
    assert Apportionment.from_json(result.to_json()) == result


def test_the_hamilton_quota_is_members_per_delegate() -> None:
    result = apportion(
        [Section("a", 600, 1), Section("b", 300, 1), Section("c", 100, 1)],
        10,
        ApportionMethod.HAMILTON,
    )
    assert result.calculation is not None
    assert result.calculation.quota == 100
    assert [line.whole for line in result.calculation.shares] == [6, 3, 1]


def test_the_minimum_is_marked_where_it_applied() -> None:
    result = apportion(
        [Section("big", 990, 1), Section("small", 10, 1)], 10, ApportionMethod.HAMILTON
    )
    assert result.calculation is not None
    small = result.calculation.shares[1]
    assert small.at_minimum
    assert small.seats == 1
    assert result.calculation.quota == 110
    assert not result.calculation.shares[0].at_minimum


def test_dhondt_shows_last_won_and_first_lost_quotients() -> None:
    result = apportion([Section("a", 100), Section("b", 60)], 3, ApportionMethod.DHONDT)
    assert result.calculation is not None
    a, b = result.calculation.quotients
    assert (a.seats, b.seats) == (2, 1)
    assert (a.last_won, a.first_lost) == (Fraction(50), Fraction(100, 3))
    assert (b.last_won, b.first_lost) == (Fraction(60), Fraction(30))


def test_an_impossible_house_says_why_as_a_code() -> None:
    result = apportion([Section("a", 1, 3), Section("b", 1, 3)], 5, ApportionMethod.HAMILTON)
    assert result.infeasible is Infeasible.MINIMUMS
    assert apportion([], 5, ApportionMethod.DHONDT).infeasible is Infeasible.NO_SECTIONS


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000_000), st.integers(1, 200))
def test_votes_split_among_delegates_sum_exactly(thousandths, parts) -> None:
    votes = Decimal(thousandths) / 1000
    split = split_votes(votes, parts)
    assert len(split) == parts
    assert sum(split, Decimal(0)) == votes
    assert max(split) - min(split) <= Decimal("0.001")
    assert split == sorted(split, reverse=True)
    assert all(part.as_tuple().exponent == -3 for part in split)


def test_votes_split_gives_the_left_over_thousandths_to_the_first_delegates() -> None:
    assert split_votes(Decimal(10), 3) == [Decimal("3.334"), Decimal("3.333"), Decimal("3.333")]


def test_votes_split_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="at least one"):
        split_votes(Decimal(1), 0)
    with pytest.raises(ValueError, match="thousandths"):
        split_votes(Decimal("1.0005"), 2)
    with pytest.raises(ValueError, match="negative"):
        split_votes(Decimal(-1), 2)

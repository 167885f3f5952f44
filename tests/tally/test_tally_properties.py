"""Properties every count keeps, on generated elections (Hypothesis)."""

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from internationale.tally import Ballot, Election, count_irv, count_stv, parse_blt, write_blt
from internationale.tally.apportion import ApportionMethod, Section, apportion
from internationale.tally.meek import count_meek
from internationale.tally.stv import SCOTTISH, WIGM_DROOP, WIGM_HARE


@st.composite
def elections(draw: st.DrawFn, max_candidates: int = 6) -> Election:
    n = draw(st.integers(2, max_candidates))
    seats = draw(st.integers(1, n - 1))
    rankings = st.permutations(range(n)).flatmap(
        lambda order: st.integers(0, n).map(lambda k: tuple((c,) for c in order[:k]))
    )
    ballots = draw(st.lists(st.tuples(rankings, st.integers(1, 9)), min_size=1, max_size=25))
    names = tuple(f"C{i}" for i in range(n))
    return Election(names, tuple(Ballot(r, k) for r, k in ballots), seats)


STV_RULES = [SCOTTISH, WIGM_DROOP, WIGM_HARE]


@settings(max_examples=60, deadline=None)
@given(elections())
def test_every_stv_rule_fills_exactly_the_seats(election: Election) -> None:
    for options in STV_RULES:
        assert len(count_stv(election, options).elected) == election.seats
    assert len(count_meek(election).elected) == election.seats


@settings(max_examples=60, deadline=None)
@given(elections())
def test_no_one_is_elected_without_the_quota_unless_filling_the_last_seats(
    election: Election,
) -> None:
    for options in STV_RULES:
        result = count_stv(election, options)
        for round_ in result.rounds:
            assert round_.quota is not None
            for decision in round_.elected:
                if decision.reason != "remaining candidates fill the remaining seats":
                    assert round_.votes[decision.candidate] >= round_.quota
        fill = [
            d
            for r in result.rounds
            for d in r.elected
            if d.reason == "remaining candidates fill the remaining seats"
        ]
        assert all(d in result.rounds[-1].elected for d in fill)


@settings(max_examples=60, deadline=None)
@given(elections())
def test_ballot_value_is_conserved_across_transfers_up_to_what_rounding_discards(
    election: Election,
) -> None:
    valid = sum((b.value for b in election.ballots if b.ranking), Fraction(0))
    for options in STV_RULES:
        for round_ in count_stv(election, options).rounds:
            assert sum(round_.votes.values()) + round_.exhausted + round_.loss == valid
            if options.precision.places is None:
                assert round_.loss == 0
    for round_ in count_irv(election).rounds:
        assert sum(round_.votes.values()) + round_.exhausted == election.total_value()


@settings(max_examples=60, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_permuting_the_ballots_changes_nothing(election: Election, rnd: random.Random) -> None:
    shuffled = list(election.ballots)
    rnd.shuffle(shuffled)
    other = Election(election.candidates, tuple(shuffled), election.seats)
    for options in STV_RULES:
        a, b = count_stv(election, options), count_stv(other, options)
        assert a.elected == b.elected
        assert [r.votes for r in a.rounds] == [r.votes for r in b.rounds]
    assert count_irv(election).elected == count_irv(other).elected
    assert count_meek(election).elected == count_meek(other).elected


@settings(max_examples=40, deadline=None)
@given(elections())
def test_blt_round_trips(election: Election) -> None:
    again = parse_blt(write_blt(election))
    assert {b.ranking: b.count for b in again.ballots} == {
        b.ranking: b.count for b in election.grouped().ballots
    }


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 3), st.integers(0, 8)),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, 60),
    st.sampled_from(list(ApportionMethod)),
)
def test_apportionment_sums_to_the_house_and_respects_the_bounds(rows, house, method) -> None:
    sections = [
        Section(f"s{i}", m, lo, None if extra == 8 else lo + extra)
        for i, (m, lo, extra) in enumerate(rows)
    ]
    result = apportion(sections, house, method)
    if not result.feasible:
        return
    assert sum(result.seats.values()) == house
    for s in sections:
        assert result.seats[s.name] >= s.minimum
        assert s.maximum is None or result.seats[s.name] <= s.maximum

"""Ballots held as arrays (BallotTable), the BLT reader's array path, and counts whose
totals pass 2**53 or 2**63: the same results as ballots held as objects, exactly."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internationale.tally import (
    Ballot,
    BallotError,
    Election,
    IrvOptions,
    Result,
    count_irv,
    count_stv,
    parse_blt,
    ranked,
    write_blt,
)
from internationale.tally.ballots import BallotTable
from internationale.tally.meek import count_meek
from internationale.tally.stv import SCOTTISH, WIGM_DROOP


def table(rows: list[list[int]], counts: list[int], extra: tuple[Ballot, ...] = ()) -> BallotTable:
    width = max((len(r) for r in rows), default=1)
    prefs = np.full((len(rows), width), -1, dtype=np.int16)
    for k, row in enumerate(rows):
        prefs[k, : len(row)] = row
    return BallotTable(prefs, np.array(counts, dtype=np.int64), extra)


def test_a_ballot_table_reads_as_the_sequence_of_its_ballots() -> None:
    extra = (ranked((0, 1), 2),)
    ballots = table([[1, 0], [2], []], [3, 1, 2], extra)
    expected = (
        Ballot(((1,), (0,)), 3),
        Ballot(((2,),), 1),
        Ballot((), 2),
        ranked((0, 1), 2),
    )
    assert len(ballots) == 4
    assert tuple(ballots) == expected
    assert ballots == expected
    assert ballots[-1] == expected[-1]
    assert ballots[1] == expected[1]
    assert ballots[1:3] == expected[1:3]
    assert hash(ballots) == hash(expected)
    assert (ballots == 5) is False
    assert repr(ballots) == "BallotTable(3 rows, 1 other ballots)"
    with pytest.raises(IndexError):
        ballots[4]
    election = Election(("A", "B", "C"), ballots)
    assert election.total_value() == 7


def test_a_ballot_table_needs_a_count_per_row_and_known_candidates() -> None:
    with pytest.raises(BallotError, match="one count per row"):
        BallotTable(np.zeros((2, 1), dtype=np.int16), np.zeros(1, dtype=np.int64))
    with pytest.raises(BallotError, match="names candidate 3"):
        Election(("A", "B"), table([[0, 2]], [1]))
    with pytest.raises(BallotError, match="names candidate -1"):
        Election(("A", "B"), table([[0, -2]], [1]))
    assert Election(("A", "B"), table([[]], [4])).total_value() == 4


def reference_blt(text: str) -> dict[tuple[int, ...], int]:
    """Plain BLT ballot lines read the slow, obvious way: ranking -> total weight."""
    lines = text.splitlines()
    out: dict[tuple[int, ...], int] = {}
    for line in lines[1 : lines.index("0")]:
        numbers = [int(t) for t in line.split()]
        if not numbers:
            continue
        ranking: list[int] = []
        for c in numbers[1:]:
            if c == 0:
                break
            ranking.append(c - 1)
        out[tuple(ranking)] = out.get(tuple(ranking), 0) + numbers[0]
    return {r: w for r, w in out.items() if w}


plain_line = st.tuples(
    st.integers(0, 3),  # weight
    st.lists(st.integers(1, 4), max_size=5),  # ranking (repeats allowed)
    st.sampled_from([" ", "  "]),  # separator
    st.booleans(),  # final 0
    st.booleans(),  # a leading zero on the weight
    st.booleans(),  # a trailing space
)


@settings(max_examples=150, deadline=None)
@given(st.lists(plain_line, max_size=30))
def test_the_array_reader_reads_plain_lines_as_a_line_by_line_reader_does(
    lines: list[tuple[int, list[int], str, bool, bool, bool]],
) -> None:
    body = []
    for weight, ranking, sep, final, lead, trail in lines:
        tokens = [("0" if lead else "") + str(weight), *map(str, ranking)] + (
            ["0"] if final else []
        )
        line = sep.join(tokens) + (" " if trail else "")
        if line.strip() != "0":  # that line would end the ballots
            body.append(line)
    text = "4 2\n" + "\n".join(body) + "\n0\n" + "".join(f'"C{i}"\n' for i in range(4)) + '"t"\n'
    election = parse_blt(text)
    got: dict[tuple[int, ...], int] = {}
    for ballot in election.ballots:
        key = tuple(c for rank in ballot.ranking for c in rank)
        assert key not in got, "identical rankings are merged"
        got[key] = ballot.count
        assert ballot.weight == 1
    assert got == reference_blt(text)


def test_identical_rankings_become_one_row_each_in_order() -> None:
    election = parse_blt('3 1\n1 1 2 0\n1 2 0\n1 1 2 0\n1 3 1 2 0\n0\n"A"\n"B"\n"C"\n')
    assert isinstance(election.ballots, BallotTable)
    assert election.ballots.prefs.tolist() == [[0, 1, -1], [1, -1, -1], [2, 0, 1]]
    assert election.ballots.counts.tolist() == [2, 1, 1]


def test_the_reader_sends_unusual_plain_lines_to_the_line_reader() -> None:
    with pytest.raises(BallotError, match="preference 5 names no candidate"):
        parse_blt('3 1\n1 1 5 0\n0\n"A"\n"B"\n"C"\n')
    huge = 10**20
    election = parse_blt(f'2 1\n{huge} 1 2 0\n1 1 2 0\n0\n"A"\n"B"\n')
    assert {b.ranking: b.count for b in election.ballots} == {((0,), (1,)): huge + 1}
    heavy = parse_blt("2 1\n" + "\n".join(["100000000000000000 2 0"] * 100) + '\n0\n"A"\n"B"\n')
    assert tuple(heavy.ballots) == (Ballot(((1,),), 10**19),)


def test_the_reader_takes_elections_with_more_candidates_than_a_16_bit_row() -> None:
    n = 2**15
    names = "".join(f'"C{i}"\n' for i in range(n))
    election = parse_blt(f"{n} 1\n3 {n} 1 0\n0\n{names}")
    assert tuple(election.ballots) == (Ballot(((n - 1,), (0,)), 3),)


@st.composite
def elections(draw: st.DrawFn) -> Election:
    n = draw(st.integers(2, 6))
    seats = draw(st.integers(1, n - 1))
    rank = st.one_of(
        st.integers(0, n - 1).map(lambda c: (c,)),
        st.just(()),
        st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True).map(tuple),
    )
    strict = st.permutations(range(n)).flatmap(
        lambda order: st.integers(0, n).map(lambda k: tuple((c,) for c in order[:k]))
    )
    ranking = st.one_of(strict, strict, st.lists(rank, max_size=4).map(tuple))
    weight = st.sampled_from([Fraction(1), Fraction(1), Fraction(1, 2), Fraction(3)])
    ballots = draw(st.lists(st.tuples(ranking, st.integers(1, 9), weight), min_size=1, max_size=20))
    withdrawn = draw(st.sets(st.integers(0, n - 1), max_size=1))
    return Election(
        tuple(f"C{i}" for i in range(n)),
        tuple(Ballot(r, k, w) for r, k, w in ballots),
        seats,
        withdrawn=frozenset(withdrawn) if n - len(withdrawn) > seats else frozenset(),
    )


def as_table(election: Election) -> Election:
    """The same ballots, the plain ones as table rows (as the BLT reader gives them)."""
    plain = [
        b
        for b in election.ballots
        if b.weight == 1
        and b.count < 2**62  # as the reader does: larger counts stay objects
        and b.ranking
        and all(len(r) == 1 for r in b.ranking)
        and len({r[0] for r in b.ranking}) == len(b.ranking)
    ]
    others = tuple(b for b in election.ballots if b not in plain)
    rows = table([[r[0] for r in b.ranking] for b in plain], [b.count for b in plain], others)
    return Election(election.candidates, rows, election.seats, withdrawn=election.withdrawn)


def summary(result: Result) -> tuple[object, ...]:
    rounds = result.rounds
    return (
        result.elected,
        [(dict(r.votes), r.exhausted, r.loss, sorted(map(repr, r.transfers))) for r in rounds],
    )


@settings(max_examples=80, deadline=None)
@given(elections())
def test_ballots_as_table_rows_or_as_objects_count_the_same(election: Election) -> None:
    rows = as_table(election)
    for options in (SCOTTISH, WIGM_DROOP):
        assert summary(count_stv(rows, options)) == summary(count_stv(election, options))
    assert summary(count_irv(rows)) == summary(count_irv(election))
    assert summary(count_meek(rows)) == summary(count_meek(election))


def scaled(election: Election, factor: int) -> Election:
    ballots = tuple(Ballot(b.ranking, b.count * factor, b.weight) for b in election.ballots)
    return Election(election.candidates, ballots, election.seats)


EXAMPLE = Election(
    ("A", "B", "C", "D"),
    (
        ranked(0, 1, count=5),
        ranked(0, 2, count=3),
        ranked(1, 3, count=2),
        ranked(2, 1, count=3),
        ranked(3, count=2),
        ranked((0, 1), 2, count=1),
    ),
    seats=2,
)


@pytest.mark.parametrize("factor", [2**52, 2**61, 2**70])
def test_totals_beyond_float_and_64_bit_integers_stay_exact(factor: int) -> None:
    big = as_table(scaled(EXAMPLE, factor))
    small = count_stv(EXAMPLE, WIGM_DROOP)
    result = count_stv(big, WIGM_DROOP)
    assert result.elected == small.elected
    for got, expected in zip(result.rounds, small.rounds, strict=True):
        assert dict(got.votes) == {c: v * factor for c, v in expected.votes.items()}
    irv_small, irv_big = count_irv(EXAMPLE), count_irv(big)
    assert irv_big.elected == irv_small.elected
    assert dict(irv_big.rounds[-1].votes) == {
        c: v * factor for c, v in irv_small.rounds[-1].votes.items()
    }
    assert count_meek(big).elected == count_meek(EXAMPLE).elected


def test_irv_counts_a_ballot_without_any_mark_as_exhausted_not_invalid() -> None:
    election = Election(("A", "B"), (ranked(0, count=2), Ballot(((),), 1), ranked(1)))
    result = count_irv(election, IrvOptions(first_overvote_invalid=True))
    assert result.notes == ()
    assert result.rounds[0].exhausted == 1


def test_withdrawn_candidates_leave_table_rows_and_may_empty_them() -> None:
    text = '3 1\n-2\n4 2 0\n3 1 2 3 0\n2 3 0\n0\n"A"\n"B"\n"C"\n'
    election = parse_blt(text)
    assert isinstance(election.ballots, BallotTable)
    result = count_stv(election, WIGM_DROOP)
    assert dict(result.rounds[0].votes) == {"A": 3, "C": 2}
    assert "4 ballots without a usable preference set aside" in result.notes
    assert "7 ballots had skipped, repeated, withdrawn or equal rankings" in result.notes[1]
    assert dict(count_meek(election).rounds[0].votes) == {"A": 3, "C": 2}
    again = parse_blt(write_blt(election))
    assert count_stv(again, WIGM_DROOP).rounds == result.rounds


def test_a_comment_line_among_the_ballots_is_passed_over() -> None:
    election = parse_blt('2 1\n3 1 0\n# a note\n\t\n2 2 1 0\n0\n"A"\n"B"\n')
    assert {b.ranking: b.count for b in election.ballots} == {((0,),): 3, ((1,), (0,)): 2}


def test_meek_shares_the_prefix_of_equal_rankings_between_ballots() -> None:
    ballots = (ranked((0, 1), 2, count=4), ranked((0, 1), 3, count=2), ranked(2, count=3))
    election = Election(("A", "B", "C", "D"), ballots, seats=2)
    first = count_meek(election).rounds[0].votes
    assert first == {"A": 3, "B": 3, "C": 3, "D": 0}


def test_a_lone_zero_ends_the_ballots_only_when_it_reads_0() -> None:
    early = parse_blt('2 1\n2 1 0\n 0 \n"A"\n"B"\n')
    assert tuple(early.ballots) == (Ballot(((0,),), 2),)
    assert early.candidates == ("A", "B")
    kept = parse_blt('2 1\n00\n1 1 0\n0\n"A"\n"B"\n')
    assert tuple(kept.ballots) == (Ballot(((0,),), 1),)

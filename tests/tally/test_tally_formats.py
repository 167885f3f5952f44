"""Ballots, and reading and writing them: BLT, CSV cast-vote records, PrefLib."""

from fractions import Fraction
from typing import Any

import pytest

from internationale.tally import (
    Ballot,
    BallotError,
    Election,
    Quota,
    StvOptions,
    TieRule,
    count_stv,
    group_ballots,
    parse_blt,
    ranked,
    write_blt,
)
from internationale.tally.cvr import parse_csv_cvr
from internationale.tally.preflib import parse_preflib

BLT = "\n".join(
    [
        "# a comment line",
        "3 2",
        "-3",
        "[nick a b c]",
        "[tie 3 2 1]",
        "2 1 2 0",
        "1 b=c - a 0",
        "(id7) 1 3 1",
        "3 a b 0  # trailing comment",
        "0",
        '"Alice"',
        '"Bob ""the Builder"""',
        '"Carol"',
        '"A title"',
    ]
)


def test_ranked_builds_a_ballot_with_equal_rankings_weight_and_count() -> None:
    ballot = ranked(0, (1, 2), count=3, weight=Fraction(1, 2))
    assert ballot.ranking == ((0,), (1, 2))
    assert ballot.value == Fraction(3, 2)
    assert ballot.candidates() == frozenset({0, 1, 2})


def test_ballots_refuse_negative_counts_and_weights() -> None:
    with pytest.raises(BallotError):
        Ballot(((0,),), count=-1)
    with pytest.raises(BallotError):
        Ballot(((0,),), weight=Fraction(-1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"candidates": ()}, "at least one candidate"),
        ({"candidates": ("A", "A")}, "unique"),
        ({"seats": 0}, "seats"),
        ({"withdrawn": frozenset({5})}, "withdrawn"),
        ({"ballots": (ranked(7),)}, "names candidate 8"),
    ],
)
def test_an_election_refuses_malformed_input(kwargs: dict[str, Any], message: str) -> None:
    base: dict[str, Any] = {"candidates": ("A", "B"), "ballots": ()}
    with pytest.raises(BallotError, match=message):
        Election(**(base | kwargs))


def test_identical_ballots_are_grouped_with_summed_counts_in_first_seen_order() -> None:
    grouped = group_ballots([ranked(1), ranked(0), ranked(1, count=2), ranked(0, count=0)])
    assert grouped == (ranked(1, count=3), ranked(0))
    election = Election(("A", "B"), (ranked(1), ranked(1)))
    assert election.grouped().ballots == (ranked(1, count=2),)
    assert election.index("B") == 1
    with pytest.raises(BallotError, match="no candidate named"):
        election.index("Z")
    assert election.with_seats(2).seats == 2
    assert election.total_value() == 2


def test_blt_reads_comments_withdrawn_nicknames_skips_equal_ranks_and_labels() -> None:
    election = parse_blt(BLT)
    assert election.candidates == ("Alice", 'Bob "the Builder"', "Carol")
    assert election.seats == 2
    assert election.withdrawn == frozenset({2})
    assert election.title == "A title"
    assert {b.ranking: b.count for b in election.ballots} == {
        ((0,), (1,)): 5,
        ((1, 2), (), (0,)): 1,
        ((2,), (0,)): 1,
    }


def test_blt_reads_fractional_weights_and_lines_without_the_final_zero() -> None:
    election = parse_blt('2 1\n1.5 1 2\n1 1 2\n0.5 2\n0\n"A"\n"B"\n')
    values = {b.ranking: b.value for b in election.ballots}
    assert values == {((0,), (1,)): Fraction(5, 2), ((1,),): Fraction(1, 2)}
    assert election.title == ""


def test_blt_accepts_unquoted_names() -> None:
    assert parse_blt("2 1\n1 1 0\n0\nAnn\nBen\n").candidates == ("Ann", "Ben")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("3\n", "header"),
        ("a b\n", "header"),
        ("2 1\n1 1 0\n", "not terminated"),
        ('2 1\n1 1 0\n0\n"A"\n', "names 1 of 2"),
        ('2 1\nx 1 0\n0\n"A"\n"B"\n', "weight"),
        ('2 1\n1 q 0\n0\n"A"\n"B"\n', "preference"),
        ('2 1\n1 3 0\n0\n"A"\n"B"\n', "names no candidate"),
    ],
)
def test_blt_reports_malformed_files(text: str, message: str) -> None:
    with pytest.raises(BallotError, match=message):
        parse_blt(text)


def test_blt_written_out_reads_back_unchanged() -> None:
    election = Election(
        ("Ann", 'Ben "B"', "Cy"),
        (
            ranked(0, (1, 2), count=4),
            Ballot(((2,), (), (0,)), 1),
            Ballot((), 2),
            Ballot(((1,),), 1, Fraction(1, 4)),
        ),
        seats=2,
        title="Round trip",
        withdrawn=frozenset({2}),
    )
    text = write_blt(election)
    assert "-3" in text.splitlines()[1]
    assert "0.25 2 0" in text
    again = parse_blt(text)
    assert again.candidates == election.candidates
    assert again.withdrawn == election.withdrawn
    assert {b.ranking: b.value for b in again.ballots} == {
        b.ranking: b.value for b in election.ballots
    }


def test_blt_refuses_to_write_a_weight_it_cannot_hold_exactly() -> None:
    election = Election(("A",), (Ballot(((0,),), 1, Fraction(1, 3)),))
    with pytest.raises(BallotError, match="exactly"):
        write_blt(election)


def test_csv_cast_vote_records_read_ranks_counts_weights_and_labels() -> None:
    text = (
        "id,rank1,rank2,rank3,count,weight\n"
        "1,Ann,Ben,,2,\n"
        "2,Ben=Cy,undervote,Ann,1,1/2\n"
        "3,overvote,Ann,,1,\n"
        ",,,,,\n"
        "4,Ann,Ben\n"
    )
    election = parse_csv_cvr(text, seats=2, candidates=("Cy",))
    assert election.candidates == ("Cy", "Ann", "Ben")
    assert election.seats == 2
    got = {(b.ranking, b.weight): b.count for b in election.ballots}
    assert got == {
        (((1,), (2,)), Fraction(1)): 3,
        (((2, 0), (), (1,)), Fraction(1, 2)): 1,
        (((0, 1, 2), (1,)), Fraction(1)): 1,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("name,votes\nAnn,1\n", "rank columns"),
        ("rank1,count\nAnn,1.5\n", "whole"),
        ("rank1,count\nAnn,x\n", "not a number"),
    ],
)
def test_csv_cast_vote_records_report_malformed_input(text: str, message: str) -> None:
    with pytest.raises(BallotError, match=message):
        parse_csv_cvr(text)


def test_preflib_reads_strict_orders_ties_and_names() -> None:
    text = (
        "# TITLE: Test\n# ALTERNATIVE NAME 1: Ann\n# ALTERNATIVE NAME 2: Ben\n"
        "# ALTERNATIVE NAME 3: Cy\n# other comment\n\n3: 1,2,3\n2: {2,3},1\n1: 3\n"
    )
    election = parse_preflib(text, seats=2)
    assert election.candidates == ("Ann", "Ben", "Cy")
    assert election.title == "Test"
    assert {b.ranking: b.count for b in election.ballots} == {
        ((0,), (1,), (2,)): 3,
        ((1, 2), (0,)): 2,
        ((2,),): 1,
    }


@pytest.mark.parametrize(
    "text", ["# ALTERNATIVE NAME 1: A\nbad line\n", "# ALTERNATIVE NAME 2: B\n1: 1\n"]
)
def test_preflib_reports_malformed_files(text: str) -> None:
    with pytest.raises(BallotError):
        parse_preflib(text)


def test_blt_fractional_weights_that_add_up_to_a_whole_become_a_count() -> None:
    election = parse_blt('1 1\n0.5 1 0\n0.5 1 0\n0\n"A"\n')
    assert election.ballots == (Ballot(((0,),), 1),)


def test_blt_reads_equal_rankings_on_a_line_without_the_final_zero() -> None:
    election = parse_blt('2 1\n1 1=2 -\n0\n"A"\n"B"\n')
    assert election.ballots == (Ballot(((0, 1), ()), 1),)


def test_blt_allows_blank_lines_among_ballots_and_a_spaced_terminator() -> None:
    election = parse_blt('2 1\n1 1 0\n\n1 2 0\n 0 # end of ballots\n"A"\n"B"\n')
    assert election.candidates == ("A", "B")
    assert {b.ranking for b in election.ballots} == {((0,),), ((1,),)}


def test_blt_reads_and_writes_droops_tie_order_by_number_or_nickname() -> None:
    election = parse_blt(BLT)
    assert election.tie_order == (2, 1, 0)
    by_nick = parse_blt('2 1\n[tie b a]\n[nick a b]\n[droop rule=meek]\n1 1 0\n0\n"A"\n"B"\n')
    assert by_nick.tie_order == (1, 0)
    again = parse_blt(write_blt(election))
    assert again.tie_order == election.tie_order
    assert election.with_seats(1).tie_order == (2, 1, 0)
    with pytest.raises(BallotError, match="tie order names candidate 4"):
        Election(("A", "B", "C"), (), tie_order=(3,))


def test_the_candidate_order_tie_rule_follows_the_elections_tie_order() -> None:
    ballots = (ranked(0, count=4), ranked(1, count=2), ranked(2, count=2))
    plain = Election(("A", "B", "C"), ballots, seats=2)
    ordered = Election(("A", "B", "C"), ballots, seats=2, tie_order=(2, 1, 0))
    rule = StvOptions(quota=Quota.DROOP_EXACT, tie_rules=(TieRule.CANDIDATE_ORDER,))
    first = count_stv(plain, rule)
    second = count_stv(ordered, rule)
    assert first.elected == ("A", "C")  # B, first listed of the tied, is excluded
    assert second.elected == ("A", "B")  # C comes first in the tie order
    assert second.rounds[-1].tie_breaks[0].method == "the election's tie order"


def test_preflib_refuses_a_count_in_digits_that_are_not_ascii() -> None:
    with pytest.raises(BallotError, match="bad PrefLib line"):
        parse_preflib("# ALTERNATIVE NAME 1: Ann\n# ALTERNATIVE NAME 2: Ben\n²: 1,2\n")

"""The BLT reader's byte path (ballot lines read as bytes, a chunk at a time, rankings
packed into words) against a line-by-line reading of the same text, on generated
files that mix plain lines with everything real files hold."""

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internationale.tally import Ballot, BallotError, blt, blt_bytes, parse_blt
from internationale.tally.ballots import BallotTable, Ranking

NCAND = 4


def line_by_line(text: str) -> tuple[dict[Ranking, Fraction], frozenset[int]]:
    """Ballot values by ranking and the withdrawn candidates, each line read alone with
    the line reader's own functions (no arrays, no grouping)."""
    lines = [blt._clean(line) for line in text.splitlines()]
    start = next(k for k, line in enumerate(lines) if line)
    ncand = int(lines[start].split()[0])
    end = lines.index("0", start + 1)
    values: dict[Ranking, Fraction] = {}
    withdrawn: set[int] = set()
    for line in lines[start + 1 : end]:
        if not line or line[0] == "[":
            continue
        if line[0] == "-" and line[1:2].isdigit():
            withdrawn.update(-int(t) - 1 for t in line.split())
            continue
        if line[0] == "(":
            line = line.split(")", 1)[1].strip()
        weight, _, rest = line.partition(" ")
        ranking = blt._parse_ranking(rest, ncand, {})
        values[ranking] = values.get(ranking, Fraction(0)) + Fraction(weight)
    return {r: v for r, v in values.items() if v}, frozenset(withdrawn)


@contextmanager
def chunks_of(size: int, unusual: int = blt._UNUSUAL) -> Iterator[None]:
    """Lines read ``size`` bytes at a time; files with more than one unusual byte in
    ``unusual`` ballot lines read line by line."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blt_bytes, "_CHUNK", size)
        patch.setattr(blt, "_UNUSUAL", unusual)
        yield


def line_path_not_taken(*_: object) -> None:
    raise AssertionError("read line by line")


def read(text: str) -> tuple[dict[Ranking, Fraction], frozenset[int]]:
    """What parse_blt gives, checked for the table's form on the way."""
    election = parse_blt(text)
    ballots = election.ballots
    assert isinstance(ballots, BallotTable)
    rows = [tuple(row) for row in ballots.prefs.tolist()]
    assert len(set(rows)) == len(rows), "identical rankings are merged"
    assert rows == sorted(rows), "rows come out in order"
    assert all(ballots.counts > 0)
    assert ballots.prefs.flags.c_contiguous
    assert election.candidates == tuple(f"C{i}" for i in range(NCAND))
    values: dict[Ranking, Fraction] = {}
    for ballot in ballots:
        values[ballot.ranking] = values.get(ballot.ranking, Fraction(0)) + ballot.value
    return values, election.withdrawn


@st.composite
def plain_line(draw: st.DrawFn) -> str:
    """Digits and spaces: any weight, marks that may repeat, a 0 inside or at the end
    or missing, leading zeros, one or more spaces anywhere."""
    weight = draw(st.sampled_from([0, 1, 1, 1, 2, 3, 10, 100, 10**17]))
    marks = [str(m) for m in draw(st.lists(st.integers(1, NCAND), max_size=7))]
    if draw(st.booleans()) and marks:
        marks.insert(draw(st.integers(0, len(marks))), "0")  # what follows is not read
    if draw(st.booleans()):
        marks.append("0")
    tokens = ["0" * draw(st.integers(0, 2)) + str(weight), *marks]
    tokens = [("0" + t if draw(st.integers(0, 9)) == 0 else t) for t in tokens]
    gaps = [draw(st.sampled_from([" ", " ", " ", "  "])) for _ in tokens]
    line = "".join(gap + t for gap, t in zip(gaps, tokens, strict=True))[1:]
    line = draw(st.sampled_from(["", "", " ", "   "])) + line + draw(st.sampled_from(["", " "]))
    return line if line.strip() != "0" else "00"  # a line reading 0 would end the ballots


other_line = st.sampled_from(
    [
        "",
        "   ",
        "# a note",
        "1 2 1 0  # a ballot with a note",
        "2 1=2 3 0",
        "1 - 3 0",
        "(b7) 1 2 0",
        "1 3\t2 0",
        "0.5 2 4 0",
        "123456789012345678901 1 0",
        "1 1 0000000000000000000000004 0",
        "-2",
        "[title ignored]",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(plain_line(), plain_line(), plain_line(), other_line), max_size=40),
    st.sampled_from(["\n", "\n", "\r\n", "\r"]),
    st.sampled_from([1 << 18, 64, 5]),
    st.sampled_from([16, 0]),
    st.booleans(),
)
def test_the_byte_reader_reads_what_a_line_by_line_reader_reads(
    lines: list[str], newline: str, chunk: int, unusual: int, heading: bool
) -> None:
    names = [f'"C{i}"' for i in range(NCAND)]
    head = ["# generated", ""] if heading else []
    text = newline.join([*head, f"{NCAND} 2", *lines, "0", *names, '"title"']) + newline
    with chunks_of(chunk, unusual):
        assert read(text) == line_by_line(text)


def test_a_few_unusual_lines_leave_the_others_to_the_byte_reader() -> None:
    body = ["1 2 1 0", "# note", "2 1=2 0", "1 1 2 2 0", "-3", "(x) 1 3 0"] + ["1 3 2 0"] * 200
    text = "3 1\n" + "\n".join(body) + '\n0\n"C0"\n"C1"\n"C2"\n'
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blt, "_ballot_lines", line_path_not_taken)
        election = parse_blt(text)
    assert election.withdrawn == frozenset({2})
    assert {b.ranking: b.value for b in election.ballots} == line_by_line(text)[0]
    assert {b.ranking: b.count for b in election.ballots} == {
        ((1,), (0,)): 1,
        ((0, 1),): 2,
        ((0,), (1,), (1,)): 1,
        ((2,),): 1,
        ((2,), (1,)): 200,
    }


def test_rows_are_merged_across_chunks_and_spacing() -> None:
    body = ["1 2 1 0", " 1  2 1 0 ", "1 2 1", "01 2 01 0 3", "2 2 1 0", "1 3 0", "0 4 0"] * 50
    text = "4 1\n" + "\n".join(body) + '\n0\n"C0"\n"C1"\n"C2"\n"C3"\n'
    for size in (1 << 18, 16, 1):
        with chunks_of(size):
            election = parse_blt(text)
        assert isinstance(election.ballots, BallotTable)
        assert election.ballots.prefs.tolist() == [[1, 0], [2, -1]]
        assert election.ballots.counts.tolist() == [300, 50]


def test_rankings_longer_than_a_word_and_many_candidates() -> None:
    # 4 candidates: 3 bits a mark, 21 marks a word; these rankings repeat candidates
    text = "4 1\n1 1 2 3 4 1 2 3 4 1 2 3 4 1 2 3 4 1 2 3 4 1 2 0\n1 2 0\n1 " + "3 " * 30
    election = parse_blt(text + '\n0\n"A"\n"B"\n"C"\n"D"\n')
    ballots = election.ballots
    assert isinstance(ballots, BallotTable)
    assert ballots.prefs.tolist() == [[1]]
    assert len(ballots.extra) == 2
    assert ballots.extra[1].ranking == ((2,),) * 30
    assert ballots.extra[0].ranking[:5] == ((0,), (1,), (2,), (3,), (0,))
    # 70 candidates: 7 bits a mark, 9 marks a word; a repeat is found by sorting
    marks = " ".join(str(c) for c in range(70, 58, -1))
    names = "".join(f'"C{i}"\n' for i in range(70))
    text = f"70 3\n2 {marks} 0\n1 {marks}\n3 5 7 5 0\n1 9 8 0\n0\n{names}"
    election = parse_blt(text)
    ballots = election.ballots
    assert isinstance(ballots, BallotTable)
    assert ballots.prefs.tolist() == [
        [8, 7, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1],
        list(range(69, 57, -1)),
    ]
    assert ballots.counts.tolist() == [1, 3]
    assert ballots.extra == (Ballot(((4,), (6,), (4,)), 3),)


def test_unusual_files_are_read_line_by_line_with_the_same_result() -> None:
    ballots = ["2 1 2 0", "1 2 0", "# note", "1 2 0"]
    expected = {((0,), (1,)): 2, ((1,),): 2}
    for newline in ("\n", "\r\n", "\r", "\n\r"):
        text = newline.join(["2 1", *ballots, "0", '"A"', '"B"']) + newline
        assert {b.ranking: b.count for b in parse_blt(text).ballots} == expected, newline
    # a line break other than LF between the header and a ballot, or inside a ballot line
    for text in ("2 1\x0c2 1 2 0\n1 2 0\n1 2 0\n", "2 1\n2 1 2 0\x0c1 2 0\n1 2 0\n"):
        election = parse_blt(text + '0\n"A"\n"B"\n')
        assert {b.ranking: b.count for b in election.ballots} == expected
    # a lone 0 ends the ballots, before the last line that reads 0
    election = parse_blt('2 1\n2 1 2 0\n0\n"A"\n"B"\n1 2 0\n0\n"C"\n')
    assert tuple(election.ballots) == (Ballot(((0,), (1,)), 2),)
    assert election.title == "1 2 0"


def test_errors_are_the_line_readers() -> None:
    for line in ("1 1 5 0", "0 5 0", "1 1 2 5", "1 5=1 0", "00000000000000000000001 5 0"):
        with pytest.raises(BallotError, match="preference 5 names no candidate"):
            parse_blt(f'3 1\n1 1 2 0\n{line}\n0\n"A"\n"B"\n"C"\n')
    with pytest.raises(BallotError, match="bad preference 'x'"):
        parse_blt('3 1\n1 x 0\n0\n"A"\n"B"\n"C"\n')
    with pytest.raises(BallotError, match="not terminated"):
        parse_blt('3 1\n1 1 2 0\n"A"\n"B"\n"C"\n')
    with pytest.raises(BallotError, match="header must be"):
        parse_blt('3\n1 1 2 0\n0\n"A"\n"B"\n"C"\n')
    with pytest.raises(BallotError, match="empty BLT"):
        parse_blt("\n  \n# nothing\n")


def test_large_weights_merged_into_one_ranking_do_not_wrap_around() -> None:
    # eleven spellings of one ballot of weight 9 * 10**17: their sum passes 2**63
    spellings = [
        "900000000000000000 1 0",
        " 900000000000000000 1 0",
        "900000000000000000  1 0",
        "900000000000000000 1  0",
        "900000000000000000 1 0 ",
        "900000000000000000 1",
        "900000000000000000 01 0",
        "900000000000000000 1 00",
        "  900000000000000000 1 0",
        "900000000000000000   1 0",
        "900000000000000000 1 0  ",
    ]
    election = parse_blt("2 1\n" + "\n".join(spellings) + '\n0\n"A"\n"B"\n')
    assert tuple(election.ballots) == (Ballot(((0,),), 11 * 9 * 10**17),)


def test_a_digit_that_is_not_ascii_is_a_line_error_not_a_crash() -> None:
    # "²".isdigit() is true and int("²") raises ValueError.
    with pytest.raises(BallotError, match="header must be"):
        parse_blt('3 ²\n1 1 2 0\n0\n"A"\n"B"\n"C"\n')
    with pytest.raises(BallotError, match="bad ballot weight"):
        parse_blt('3 1\n² 1 2 0\n0\n"A"\n"B"\n"C"\n')
    with pytest.raises(BallotError):
        parse_blt('3 1\n-² \n1 1 2 0\n0\n"A"\n"B"\n"C"\n')

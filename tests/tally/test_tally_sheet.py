"""The tally command prints a result sheet an election officer can read: header, rounds
in causal order, the result, Schulze's tables, the rules at the end (reference data)."""

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from internationale.tally import (
    METHODS,
    Election,
    parse_blt,
    parse_preflib,
    ranked,
    run_method,
)
from internationale.tally.arithmetic import format_value
from internationale.tally.methods import DEFAULT_METHOD, DESCRIPTIONS
from internationale.tally.records import ELECTED, EXCLUDED, TIE, Decision, Round, TieBreak
from internationale.tally.schulze import Strength, pairwise_matrix, strongest_paths
from internationale.tally.sheet import render_sheet
from internationale.tallycli import main_tally
from tests.conftest import read_data

LINN = "scotland-glasgow-2007-linn"


def unpacked(refdata: Path, tmp_path: Path, relative: str) -> Path:
    """A reference ballot file decompressed where the command can read it."""
    source = refdata / relative
    target = tmp_path / source.name.removesuffix(".xz")
    target.write_text(read_data(source), encoding="utf-8")
    return target


def sheet_of(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main_tally(args) == 0
    return capsys.readouterr().out


def round_block(sheet: str, number: int) -> list[str]:
    """The lines of one round of a sheet, its heading first."""
    lines = sheet.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"Round {number}:"))
    end = lines.index("", start)
    return lines[start:end]


def test_help_explains_every_method_and_names_the_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main_tally(["--help"])
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert "(default: meek-stv" in text
    assert "meek-stv (default): Meek STV" in text
    for name in METHODS:
        assert f" {name}" in text
        assert " ".join(DESCRIPTIONS[name].split()[:6]) in text, name
    assert text.index("Proportional representation") < text.index("Meek STV")


def test_the_default_method_is_meek_and_counts_one_seat_as_a_runoff(
    refdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert DEFAULT_METHOD == "meek-stv"
    burlington = unpacked(refdata, tmp_path, "burlington-2009-mayor/2009-Burlington-Mayor.blt.xz")
    data = json.loads(sheet_of([str(burlington), "--format", "json"], capsys))
    assert data["method"] == "meek-stv"
    assert data["seats"] == 1
    assert data["elected"] == ["Bob Kiss"]  # the official instant-runoff winner
    assert "Method            Meek STV" in sheet_of([str(burlington)], capsys)


@pytest.fixture
def linn_sheet(refdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = unpacked(refdata, tmp_path, f"{LINN}/Linn-2007.droop.blt.xz")
    return sheet_of([str(path), "--method", "scottish-stv"], capsys)


def test_the_sheet_starts_with_a_header_and_ends_with_the_rules(linn_sheet: str) -> None:
    lines = linn_sheet.splitlines()
    assert lines[:2] == ["LINN", "===="]
    head = lines[: lines.index("")]
    assert "Method            Scottish STV (SSI 2007/42)" in head
    assert "Seats             4" in head
    assert "Candidates        11" in head
    assert "Ballots cast      9567" in head  # the official valid vote
    assert "Quota             1914.00000" in head
    assert "Non-transferable  1555.34398 by the last round" in head  # the official last stage
    assert not any(line.startswith("option") for line in head)
    assert lines.index("Result") < lines.index("Rules applied")
    rules = lines[lines.index("Rules applied") :]
    assert "  quota: droop" in rules
    assert "  transfer value rounded: per-ballot" in rules
    assert "  seed for ties drawn by lot: 0" in rules


def test_excluded_candidates_read_excluded_not_zero(linn_sheet: str) -> None:
    # Gordon Thomson is excluded at stage 3, Alan Stewart at stage 10
    assert round_block(linn_sheet, 2)[11].split()[:3] == ["Gordon", "Thomson", "156.82936"]
    for number in range(3, 11):
        block = round_block(linn_sheet, number)
        thomson = next(line for line in block if line.lstrip().startswith("Gordon Thomson"))
        assert "excluded" in thomson
        candidates = [line for line in block[2:] if not line.lstrip().startswith("Non-")]
        assert not any(re.search(r"\s0\.00000\b", line) for line in candidates), number
    alan = next(line for line in round_block(linn_sheet, 10) if line.startswith("  Alan"))
    assert alan.split()[2:] == ["excluded", "-1111.65708", "excluded"]
    ritchie = next(line for line in round_block(linn_sheet, 5) if "David Ritchie" in line)
    assert ritchie.split()[2:] == ["1914.00000", "elected", "in", "round", "1"]


def test_an_exclusion_comes_before_the_elections_it_caused(refdata: Path, linn_sheet: str) -> None:
    """Stage 10 of Linn: Alan Stewart's exclusion elects McKenzie and Margot Clark."""
    election = parse_blt(read_data(refdata / LINN / "Linn-2007.droop.blt.xz"))
    result = run_method("scottish-stv", election)
    tenth = result.rounds[9]
    assert [k for k, _ in tenth.events()] == [EXCLUDED, ELECTED, ELECTED]
    assert [k for k, _ in result.rounds[7].events()] == [EXCLUDED, ELECTED]
    block = round_block(linn_sheet, 10)
    events = block[block.index("  Events, in order:") + 1 :]
    assert events == [
        "    excluded Alan Stewart (fewest votes)",
        "    elected John McKenzie (exceeded the quota)",
        "    elected Margot Clark (exceeded the quota)",
    ]
    # the counts themselves are the official stage report's
    official = json.loads(read_data(refdata / LINN / "linn07_stages.json"))["stages"][9]
    for name, value in official["votes"].items():
        if value is not None:
            assert format_value(tenth.votes[name], 5) == value
    assert set(official["elected"]) == {d.candidate for d in tenth.elected}


def test_the_result_lists_the_elected_with_round_and_votes(linn_sheet: str) -> None:
    lines = linn_sheet.splitlines()
    start = lines.index("Elected, in order of election:") + 1
    rows = [line.split() for line in lines[start : start + 4]]
    assert rows == [
        ["1.", "David", "Ritchie", "round", "1", "2043.00000", "votes"],
        ["2.", "Sadie", "Docherty", "round", "8", "1947.35496", "votes"],
        ["3.", "John", "McKenzie", "round", "10", "2174.90506", "votes"],
        ["4.", "Margot", "Clark", "round", "10", "2008.75096", "votes"],
    ]


def test_an_instant_runoff_sheet_names_whose_ballots_moved(
    refdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = unpacked(refdata, tmp_path, "burlington-2009-mayor/2009-Burlington-Mayor.blt.xz")
    sheet = sheet_of([str(path), "--method", "irv-batch"], capsys)
    assert "To win            more than half of the votes for continuing candidates" in sheet
    assert round_block(sheet, 3)[0] == "Round 3: transfers from Andy Montroll"
    kiss = round_block(sheet, 3)[2].split()
    assert kiss == ["Bob", "Kiss", "4313", "+1332", "elected"]  # the official final round
    assert "  1. Bob Kiss  round 3   4313 votes" in sheet


def matrix(sheet: str, heading: str) -> dict[str, list[str]]:
    """A Schulze table of the sheet: row label ("1. name" as printed) -> cells."""
    lines = sheet.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading)) + 2
    rows = lines[start : lines.index("", start)]
    table = {}
    for line in rows:
        words = line.split()
        label, cells = words[: -len(rows)], words[-len(rows) :]
        table[" ".join(label)] = cells
    return table


@pytest.mark.parametrize("strength", [Strength.WINNING_VOTES, Strength.MARGINS])
def test_schulze_prints_the_core_pairwise_and_strongest_path_tables(
    refdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], strength: Strength
) -> None:
    path = unpacked(refdata, tmp_path, "debian-2007-dpl/00002-00000005.soi.xz")
    method = "schulze" if strength is Strength.WINNING_VOTES else "schulze-margins"
    sheet = sheet_of([str(path), "--method", method], capsys)
    election = parse_preflib(path.read_text(encoding="utf-8"))
    names = election.candidates
    d = pairwise_matrix(election)
    p = strongest_paths(d, list(range(len(names))), strength)
    result = run_method(method, election)
    order = [name for group in result.details["ranking"] for name in group]
    assert order[0] == "Sam Hocevar"
    for heading, table in (("Pairwise preferences", d), ("Strongest paths", p)):
        printed = matrix(sheet, heading)
        # rows in ranking order, names in full (up to 22 letters)
        assert list(printed) == [f"{k}. {name}" for k, name in enumerate(order, 1)]
        for (_, cells), a in zip(printed.items(), order, strict=True):
            i = names.index(a)
            expected = ["-" if b == a else format_value(table[i][names.index(b)]) for b in order]
            assert cells == expected, (heading, a)
    assert matrix(sheet, "Pairwise")["1. Sam Hocevar"][1] == "243"  # over McIntyre, officially
    assert "Ranking (candidates sharing a place are tied)\n  1. Sam Hocevar\n" in sheet


def test_schulze_tables_stay_narrow_with_fifteen_long_names() -> None:
    names = tuple(f"Candidate with a very long name number {k}" for k in range(15))
    ballots = tuple(
        ranked(*[(k + shift) % 15 for k in range(15)], count=shift + 1) for shift in range(15)
    )
    election = Election(names, ballots, seats=3, title="Fifteen")
    sheet = render_sheet(election, run_method("schulze", election))
    table = matrix(sheet, "Pairwise preferences")
    assert len(table) == 15  # the names stay told apart: their ends are kept
    assert "13. Candidate w… number 11" in table
    assert all(len(label.split(" ", 1)[1]) <= 22 for label in table)
    assert max(len(line) for line in sheet.splitlines()) <= 110


def test_verbose_adds_every_transfer(
    refdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = unpacked(refdata, tmp_path, f"{LINN}/Linn-2007.droop.blt.xz")
    plain = sheet_of([str(path), "--method", "scottish-stv"], capsys)
    verbose = sheet_of([str(path), "--method", "scottish-stv", "--verbose"], capsys)
    assert "Transfers:" not in plain
    block = round_block(verbose, 10)
    assert "    transfer Alan Stewart -> John McKenzie:" in "\n".join(block)


def test_json_keeps_its_keys_and_adds_the_order_of_events(
    refdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = unpacked(refdata, tmp_path, f"{LINN}/Linn-2007.droop.blt.xz")
    data = json.loads(sheet_of([str(path), "--method", "scottish-stv", "--format", "json"], capsys))
    tenth = data["rounds"][9]
    assert {"number", "action", "quota", "votes", "elected", "excluded", "tie_breaks"} <= set(tenth)
    assert tenth["events"] == [
        {"kind": "excluded", "candidate": "Alan Stewart"},
        {"kind": "elected", "candidate": "John McKenzie"},
        {"kind": "elected", "candidate": "Margot Clark"},
    ]


def test_a_round_without_a_recorded_order_puts_exclusions_before_elections() -> None:
    tie = TieBreak("exclusion", ("B", "C"), "C", "lot (seed 0)")
    r = Round(
        1,
        "transfers",
        {"A": Fraction(3)},
        elected=(Decision("A", "majority"),),
        excluded=(Decision("C", "fewest votes"),),
        tie_breaks=(tie,),
    )
    assert [k for k, _ in r.events()] == [TIE, EXCLUDED, ELECTED]

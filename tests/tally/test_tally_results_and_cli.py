"""Results render as text, JSON and rows; the command line prints them."""

import json
from fractions import Fraction
from pathlib import Path

import pytest

from internationale.tally import METHODS, Election, Result, ranked, run_method
from internationale.tally.arithmetic import Rounding, format_value, quantize
from internationale.tallycli import main_apportion, main_tally

BLT = '3 2\n4 1 2 0\n3 2 0\n2 3 1 0\n0\n"Ann"\n"Ben"\n"Cy"\n"Small"\n'


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Fraction(5), None, "5"),
        (Fraction(1, 4), None, "0.25"),
        (Fraction(1, 3), None, "1/3"),
        (Fraction(-7, 3), 2, "-2.33"),
        (Fraction(2, 3), 0, "1"),
        (Fraction(1914), 5, "1914.00000"),
    ],
)
def test_values_print_exactly(value: Fraction, places: int | None, text: str) -> None:
    assert format_value(value, places) == text


def test_quantize_truncates_rounds_half_up_or_up() -> None:
    x = Fraction(12345, 10_000)
    assert quantize(x, 2, Rounding.TRUNCATE) == Fraction(123, 100)
    assert quantize(x, 3, Rounding.HALF_UP) == Fraction(1235, 1000)
    assert quantize(Fraction(1201, 1000), 2, Rounding.UP) == Fraction(121, 100)


def small_result() -> Result:
    election = Election(
        ("Ann", "Ben", "Cy"), (ranked(0, 1, count=4), ranked(1, count=3), ranked(2, 0, count=2)), 2
    )
    return run_method("scottish-stv", election, seed=11)


def test_a_result_is_json_with_method_seats_elected_rounds_and_seed() -> None:
    data = json.loads(json.dumps(small_result().to_json()))
    assert data["method"] == "scottish-stv"
    assert data["seats"] == 2
    assert data["seed"] == 11
    assert data["elected"] == ["Ann", "Ben"]
    first = data["rounds"][0]
    assert first["quota"] == "4.00000"
    assert first["votes"] == {"Ann": "4.00000", "Ben": "3.00000", "Cy": "2.00000"}
    assert data["rounds"][1]["transfers"][0]["from"] == "Cy"


def test_a_result_renders_a_round_by_round_table_and_its_decisions() -> None:
    text = small_result().render_text()
    assert "method: scottish-stv" in text
    assert "seed: 11" in text
    assert "round 1: elected Ann (reached the quota)" in text
    assert "round 2: exclusion of Cy" in text
    assert "elected: Ann, Ben" in text
    rows = small_result().to_rows()
    assert rows[0] == ["", "1", "2"]
    assert rows[1][0] == "action"


def test_a_result_without_winners_says_none() -> None:
    result = run_method("approval", Election(("A",), (), withdrawn=frozenset({0})))
    assert "elected: (none)" in result.render_text()


def test_every_named_method_runs_from_the_registry() -> None:
    election = Election(
        ("A", "B", "C"), (ranked(0, 1, count=3), ranked(1, 2, count=2), ranked(2, 1, count=2)), 1
    )
    for name in METHODS:
        assert run_method(name, election).elected, name
    with pytest.raises(ValueError, match="unknown method"):
        run_method("borda", election)


def test_tally_command_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.blt"
    path.write_text(BLT)
    code = main_tally([str(path), "--method", "scottish-stv", "--seed", "4", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"method", "seats", "elected", "rounds", "seed"} <= set(data)
    assert data["seed"] == 4
    assert data["seats"] == 2


def test_tally_command_reads_csv_and_preflib_and_overrides_seats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cvr = tmp_path / "votes.csv"
    cvr.write_text("rank1,rank2\nAnn,Ben\nAnn,\nBen,Ann\n")
    assert main_tally([str(cvr), "--method", "irv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("votes\n")  # a CSV's title is its file name
    assert "Elected, in order of election:\n  1. Ann  round 1   2 votes\n" in out
    soi = tmp_path / "votes.soi"
    soi.write_text("# ALTERNATIVE NAME 1: Ann\n# ALTERNATIVE NAME 2: Ben\n3: 1,2\n1: 2,1\n")
    assert main_tally([str(soi), "--method", "schulze", "--seats", "2"]) == 0
    out = capsys.readouterr().out
    assert "\nSeats         2\n" in out
    assert "Elected, in ranking order:\n  1. Ann\n  2. Ben\n" in out


def test_tally_command_reports_unreadable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.blt"
    bad.write_text("not a blt\n")
    assert main_tally([str(bad), "--method", "irv"]) == 1
    assert main_tally([str(tmp_path / "missing.blt"), "--method", "irv"]) == 1
    assert "tally:" in capsys.readouterr().err


def test_apportion_command_prints_seats_per_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sections.csv"
    path.write_text("section,members\nA,53000\nB,24000\nC,23000\n")
    assert main_apportion([str(path), "--method", "dhondt", "--seats", "7"]) == 0
    assert json.loads(capsys.readouterr().out)["seats"] == {"A": 4, "B": 2, "C": 1}
    args = [str(path), "--method", "hamilton", "--seats", "7", "--min", "3", "--format", "text"]
    assert main_apportion(args) == 1
    assert "not possible" in capsys.readouterr().out
    path.write_text("section,count\nA,1\n")
    assert main_apportion([str(path), "--method", "dhondt", "--seats", "7"]) == 1
    assert "section,members" in capsys.readouterr().err


def test_decimal_fractions_with_fives_print_as_decimals() -> None:
    assert format_value(Fraction(1, 5)) == "0.2"
    assert format_value(Fraction(3, 40)) == "0.075"


def test_a_result_lists_its_tie_breaks_in_text() -> None:
    election = Election(
        ("A", "B", "C", "D"),
        (ranked(0, count=2), ranked(1, 0), ranked(2, 0), ranked(3, count=2)),
        1,
    )
    text = run_method("scottish-stv", election, seed=1).render_text()
    assert "round 2: tie for exclusion between B, C:" in text
    assert "by lot (seed 1)" in text

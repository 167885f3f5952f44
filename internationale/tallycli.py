"""The command-line front of the tally core: ``internationale tally`` and ``apportion``.

This module reads files and prints; ``internationale.tally`` itself does no I/O.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import textwrap
from pathlib import Path

from internationale.tally.apportion import ApportionMethod, Section, apportion
from internationale.tally.ballots import BallotError, Election
from internationale.tally.blt import parse_blt
from internationale.tally.cvr import parse_csv_cvr
from internationale.tally.methods import DEFAULT_METHOD, GROUPS, METHODS, run_method
from internationale.tally.preflib import parse_preflib
from internationale.tally.sheet import render_sheet


def _methods_help() -> str:
    """The counting methods in plain words, grouped, for ``--help``."""
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent=" " * 20)
    lines = ["counting methods (--method):"]
    for heading, group in GROUPS:
        lines += ["", f" {heading}:"]
        for name, text in group.items():
            label = f"{name} (default):" if name == DEFAULT_METHOD else f"{name}:"
            lines += wrap.wrap(f"{label:<17} {text}")
    return "\n".join(lines)


def _tally_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="internationale tally",
        description="Count ballots and print the result sheet: every round, the result, "
        "and the rules applied.",
        epilog=_methods_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "ballots",
        type=Path,
        help="a BLT file, a CSV cast-vote record (.csv) or a PrefLib file (.soi .soc .toi .toc)",
    )
    parser.add_argument(
        "--method",
        default=DEFAULT_METHOD,
        choices=sorted(METHODS),
        metavar="NAME",
        help=f"counting method, listed below (default: {DEFAULT_METHOD}, "
        "proportional representation; with one seat it counts as an instant runoff does)",
    )
    parser.add_argument("--seats", type=int, help="seats to fill (default: the file's)")
    parser.add_argument("--seed", type=int, default=0, help="seed for ties drawn by lot")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: the result sheet (default); json: every figure of every round, for programs",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="also list every transfer of every round"
    )
    return parser


def read_ballots(path: Path, seats: int | None) -> Election:
    """Read a BLT file or a CSV cast-vote record."""
    text = path.read_text(encoding="utf-8")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        election = parse_csv_cvr(text, seats=seats or 1, title=path.stem)
    elif suffix in {".soi", ".soc", ".toi", ".toc"}:
        election = parse_preflib(text, seats=seats or 1)
    else:
        election = parse_blt(text)
    return election.with_seats(seats) if seats else election


def main_tally(argv: list[str]) -> int:
    """``internationale tally BALLOTS [--method NAME] [--seats N] [--seed S] [--format F]
    [--verbose]``."""
    args = _tally_parser().parse_args(argv)
    try:
        election = read_ballots(args.ballots, args.seats)
        result = run_method(args.method, election, args.seed)
    except (OSError, BallotError, ValueError) as error:
        print(f"tally: {error}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render_sheet(election, result, verbose=args.verbose), end="")
    return 0


def _apportion_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="internationale apportion",
        description="Apportion delegate seats to sections by membership.",
    )
    parser.add_argument("file", type=Path, help="CSV with columns section,members")
    parser.add_argument("--method", required=True, choices=[m.value for m in ApportionMethod])
    parser.add_argument("--seats", type=int, required=True, help="house size")
    parser.add_argument("--min", type=int, default=0, help="minimum seats per section")
    parser.add_argument("--max", type=int, default=None, help="maximum seats per section")
    parser.add_argument("--seed", type=int, default=0, help="seed for ties drawn by lot")
    parser.add_argument("--format", choices=("text", "json"), default="json")
    return parser


def read_sections(text: str, minimum: int, maximum: int | None) -> list[Section]:
    """Sections from CSV text with a ``section,members`` header."""
    reader = csv.DictReader(io.StringIO(text))
    sections = []
    for row in reader:
        try:
            name, members = row["section"].strip(), int(row["members"])
        except (KeyError, ValueError, AttributeError):
            raise ValueError(f"bad row {row!r}: need columns section,members") from None
        sections.append(Section(name, members, minimum, maximum))
    return sections


def main_apportion(argv: list[str]) -> int:
    """``internationale apportion FILE.csv --method NAME --seats N [--min K] [--max K]``."""
    args = _apportion_parser().parse_args(argv)
    try:
        sections = read_sections(args.file.read_text(encoding="utf-8"), args.min, args.max)
        result = apportion(sections, args.seats, ApportionMethod(args.method), seed=args.seed)
    except (OSError, ValueError) as error:
        print(f"apportion: {error}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(result.render_text(), end="")
    return 0 if result.feasible else 1

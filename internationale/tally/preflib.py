"""PrefLib's SOI/SOC/TOI/TOC ordinal formats, read from text.

Lines ``count: a,b,{c,d},e`` (1-based alternatives; braces hold a tie); comment
lines ``# ALTERNATIVE NAME i: name`` give the candidates.
"""

from __future__ import annotations

import re

from .ballots import Ballot, BallotError, Election, Rank, group_ballots

_NAME = re.compile(r"#\s*ALTERNATIVE NAME (\d+):\s*(.*)")
_TOKEN = re.compile(r"\{[^}]*\}|[^,]+")


def parse_preflib(text: str, *, seats: int = 1) -> Election:
    """Parse a PrefLib ordinal file into an election."""
    names: dict[int, str] = {}
    ballots: list[Ballot] = []
    title = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            named = _NAME.match(line)
            if named:
                names[int(named.group(1))] = named.group(2).strip()
            elif line.startswith("# TITLE:"):
                title = line.split(":", 1)[1].strip()
            continue
        count, sep, order = line.partition(":")
        if not sep or not (count.strip().isascii() and count.strip().isdigit()):
            raise BallotError(f"bad PrefLib line {line!r}")
        ranks: list[Rank] = []
        for token in _TOKEN.findall(order.replace(" ", "")):
            ranks.append(tuple(int(t) - 1 for t in token.strip("{}").split(",") if t))
        ballots.append(Ballot(tuple(ranks), int(count)))
    if not names or sorted(names) != list(range(1, len(names) + 1)):
        raise BallotError("PrefLib file must name alternatives 1..n")
    candidates = tuple(names[i] for i in range(1, len(names) + 1))
    return Election(candidates, group_ballots(ballots), seats, title)

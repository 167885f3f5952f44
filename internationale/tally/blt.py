"""The BLT ballot format (ERS/OpenSTV), read from and written to text.

Accepted beyond the plain format, because real files use them: ``#`` comments,
ballot lines without the terminating ``0``, ``-`` for a skipped rank, ``a=b`` for
an equal ranking (or overvote), ``(id)`` ballot labels, a line of negative numbers
for withdrawn candidates, and Droop's ``[...]`` option lines: ``[nick a b c]`` names
the candidates by nickname, ``[tie 3 2 1]`` (numbers or nicknames) fixes the order in
which ties are broken (``Election.tie_order``, used by the ``candidate-order`` tie rule);
the others are ignored. Identical ballots are grouped while reading.

Plain lines (digits and spaces only, the common case) are read as bytes in arrays,
without a Python object per line, and become the rows of a ``BallotTable``
(``blt_bytes``). Every other line goes through the line-by-line reader below
(``_clean``, ``_parse_ranking``), once per distinct line. A file that is unusual enough (many
lines not plain, a line break other than LF or CRLF among the ballots) is split
into lines first and its identical lines counted, then read the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from .ballots import Ballot, BallotError, BallotTable, Election, Rank, Ranking
from .blt_bytes import BIG, PLAIN, Section, decode, read_section

_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
# a file with more than one byte other than digits, spaces and newlines in this many
# ballot lines is read line by line, identical lines counted first (as real files that
# mark skipped ranks with "-" on every other line: their lines repeat a lot)
_UNUSUAL = 16


def _merge_rows(
    prefs: NDArray[np.int16], counts: NDArray[np.int64]
) -> tuple[NDArray[np.int16], NDArray[np.int64]]:
    """Rows with the same ranking merged into one (their counts added)."""
    unique, inverse = np.unique(prefs, axis=0, return_inverse=True)
    merged = np.zeros(len(unique), dtype=np.int64)
    np.add.at(merged, inverse.reshape(-1), counts)
    return unique, merged


def _parse_weight(mark: str) -> Fraction:
    try:
        return Fraction(mark)
    except ValueError:
        raise BallotError(f"bad ballot weight {mark!r}") from None


def _parse_rank(mark: str, ncand: int, nicks: dict[str, int]) -> Rank:
    if mark == "-":
        return ()
    parts = [p for p in mark.split("=") if p != "-"]
    try:
        rank = tuple(nicks[p] if p in nicks else int(p) - 1 for p in parts)
    except ValueError:
        raise BallotError(f"bad preference {mark!r}") from None
    for c in rank:
        if not 0 <= c < ncand:
            raise BallotError(f"preference {c + 1} names no candidate (there are {ncand})")
    return rank


def _parse_ranking(
    text: str, ncand: int, nicks: dict[str, int], single: list[Rank] | None = None
) -> Ranking:
    """The ranking of a ballot line after its weight; plain numeric lines take a fast
    path made of C-level calls (``single[k]`` is the rank holding candidate k only)."""
    try:
        numbers = list(map(int, text.split()))
    except ValueError:
        return _parse_marks(text, ncand, nicks)
    if 0 in numbers:
        numbers = numbers[: numbers.index(0)]
    if numbers and (min(numbers) < 1 or max(numbers) > ncand):
        return _parse_marks(text, ncand, nicks)
    table = single or [(c - 1,) for c in range(ncand + 1)]
    return tuple(map(table.__getitem__, numbers))


def _parse_marks(text: str, ncand: int, nicks: dict[str, int]) -> Ranking:
    ranks: list[Rank] = []
    for mark in text.split():
        if mark == "0":
            break
        ranks.append(_parse_rank(mark, ncand, nicks))
    return tuple(ranks)


def _parse_names(lines: list[str]) -> list[str]:
    names: list[str] = []
    for line in lines:
        found = _QUOTED.findall(line)
        if found:
            names.extend(s.replace('""', '"') for s in found)
        else:
            names.append(line)
    return names


def _clean(raw: str) -> str:
    line = raw.strip()
    if "#" in line and '"' not in line:
        line = line.split("#", 1)[0].strip()
    return line


def _ascii_digits(text: str) -> bool:
    """Whether int() reads ``text`` as written: "²".isdigit() is true, int("²") fails."""
    return text.isascii() and text.isdigit()


def _header(line: str) -> tuple[int, int]:
    header = line.split()
    if len(header) != 2 or not all(_ascii_digits(t) for t in header):
        raise BallotError(f"BLT header must be 'candidates seats', not {line!r}")
    return int(header[0]), int(header[1])


def _ballot_lines(raw: list[str], start: int, ncand: int) -> tuple[int, Section]:
    """The index in ``raw`` of the line holding the 0 that ends the ballots (which
    start at ``start``), and the ballot lines before it, read."""
    try:
        end = raw.index("0", start)
    except ValueError:
        end = len(raw)
    for _ in range(2):
        counted = Counter(raw[start:end])  # at C speed: then each distinct line is read once
        section = ("\n".join(counted) + "\n").encode("utf-8", "surrogatepass")
        parsed = read_section(section, ncand, np.array(list(counted.values()), dtype=np.int64))
        if not (parsed[3] or any(_clean(line) == "0" for line, _ in parsed[2])):
            break
        # a line such as " 0  # end of ballots" comes before the first plain "0"
        end = next((k for k in range(start, end) if _clean(raw[k]) == "0"), end)
    if end == len(raw):
        raise BallotError("BLT ballots are not terminated by a line holding 0")
    return end, parsed


def _split(text: str) -> tuple[str, Section, list[str]]:
    """The header line, the ballot lines read, and the lines after the ballots."""
    fast = _split_bytes(text)
    if fast is not None:
        return fast
    raw = text.splitlines()
    start = next((k for k, line in enumerate(raw) if _clean(line)), None)
    if start is None:
        raise BallotError("empty BLT")
    header_line = _clean(raw[start])
    end, section = _ballot_lines(raw, start + 1, _header(header_line)[0])
    return header_line, section, raw[end + 1 :]


def _split_bytes(text: str) -> tuple[str, Section, list[str]] | None:
    """``_split`` without splitting the text into a string per line: the ballot lines
    are found and read as bytes. None when the file is unusual enough for the lines
    to be needed (a line break other than a newline or CRLF among the ballots, a lone
    0 among them, no header or no line "0"), and for errors: ``_split`` then reads it
    line by line, with the same result or error."""
    buf = _with_newlines(text.encode("utf-8", "surrogatepass"))
    header = None if buf is None else _header_bytes(buf)
    if buf is None or header is None:
        return None
    header_line, ncand, start = header
    end = buf.rfind(b"\n0\n", start - 1)  # the last: a lone 0 before it is found below
    if end < 0:
        return None
    # the bytes other than digits, spaces and newlines among the ballot lines (counted
    # without copying them out of the text)
    unusual = len(buf.translate(None, PLAIN)) - sum(
        len(part.translate(None, PLAIN)) for part in (buf[:start], buf[end + 1 :])
    )
    if unusual * _UNUSUAL > buf.count(b"\n", start, end + 1):  # many: count lines first
        return None
    section = read_section(buf, ncand, plain=not unusual, span=(start, end + 1))
    if section[3] or any(
        line.splitlines() != [line] or _clean(line) == "0" for line, _ in section[2]
    ):
        return None
    return header_line, section, decode(buf[end + 3 :]).splitlines()


def _with_newlines(buf: bytes) -> bytes | None:
    """The text with each line ending in a newline (CRLF read as one); None when
    another line break is among them."""
    if b"\r" in buf:
        if buf.count(b"\r") != buf.count(b"\r\n"):
            return None
        buf = buf.replace(b"\r\n", b"\n")
    return buf if buf.endswith(b"\n") else buf + b"\n"


def _header_bytes(buf: bytes) -> tuple[str, int, int] | None:
    """The header line, its number of candidates, and where the line after it starts;
    None for no header, a bad one, or a line break other than a newline before it."""
    start = 0
    while True:
        newline = buf.find(b"\n", start)
        if newline < 0:
            return None
        cleaned = [_clean(line) for line in decode(buf[start:newline]).splitlines()]
        start = newline + 1
        if any(cleaned):
            break
    header_line = cleaned[-1]
    if sum(map(bool, cleaned)) > 1 or not header_line:  # a line break other than \n
        return None
    try:
        return header_line, _header(header_line)[0], start
    except BallotError:
        return None


def parse_blt(text: str) -> Election:
    """Parse BLT text into an election with identical ballots grouped.

    The ballot lines are read as one buffer of bytes, in arrays: a million-line file
    allocates no object per line; the few lines that are not plain numbers go
    through the line reader."""
    header_line, (prefs, counts, odd, _), after = _split(text)
    ncand, seats = _header(header_line)
    other = _OtherLines.read(odd)
    names = _parse_names([line for line in map(_clean, after) if line])
    if len(names) < ncand:
        raise BallotError(f"BLT names {len(names)} of {ncand} candidates")
    weights = _line_weights(other.ballots, ncand, other.nicks)
    table = _table(prefs, counts, weights)
    title = names[ncand] if len(names) > ncand else ""
    tie_order = tuple(c for word in other.tie_words for c in _parse_rank(word, ncand, other.nicks))
    withdrawn = frozenset(other.withdrawn)
    return Election(tuple(names[:ncand]), table, seats, title, withdrawn, tie_order)


@dataclass
class _OtherLines:
    """The lines the byte path left for the line reader, sorted: withdrawn candidates,
    Droop's option lines (``nick`` and ``tie``; the others are ignored), and ballot
    lines with how often each occurs."""

    withdrawn: set[int] = field(default_factory=set)
    nicks: dict[str, int] = field(default_factory=dict)
    tie_words: list[str] = field(default_factory=list)
    ballots: list[tuple[str, int]] = field(default_factory=list)

    @classmethod
    def read(cls, odd: list[tuple[str, int]]) -> _OtherLines:
        other = cls()
        for raw_line, repeats in odd:
            line = _clean(raw_line)
            if line.startswith("["):
                other.option(line.strip("[]").split())
            elif line[:1] == "-" and _ascii_digits(line[1:2]):
                other.withdrawn.update(-int(t) - 1 for t in line.split())
            elif line:
                other.ballots.append((line, repeats))
        return other

    def option(self, words: list[str]) -> None:
        if words and words[0] == "nick":
            self.nicks.update((nick, i) for i, nick in enumerate(words[1:]))
        elif words and words[0] == "tie":
            self.tie_words = words[1:]


def _line_weights(
    lines: list[tuple[str, int]], ncand: int, nicks: dict[str, int]
) -> dict[Ranking, Fraction | int]:
    """The ballot lines read one by one: the total weight of each ranking."""
    weights: dict[Ranking, Fraction | int] = {}
    single: list[Rank] = [(c - 1,) for c in range(ncand + 1)]
    for text, repeats in lines:
        line = text.split(")", 1)[1].strip() if text[0] == "(" else text
        weight, _, rest = line.partition(" ")
        value = int(weight) if _ascii_digits(weight) else _parse_weight(weight)
        ranking = _parse_ranking(rest, ncand, nicks, single)
        weights[ranking] = weights.get(ranking, 0) + value * repeats
    return weights


def _table(
    prefs: NDArray[np.int16], counts: NDArray[np.int64], weights: dict[Ranking, Fraction | int]
) -> BallotTable:
    """The rows read as bytes and the ballots read line by line, in one table."""
    if len(prefs) and any(_strict(r) and not _whole(w) for r, w in weights.items()):
        # a fractional or huge weight may share a ranking with a row: merge them as values
        for row, count in zip(prefs.tolist(), counts.tolist(), strict=True):
            ranking = tuple((c,) for c in row if c >= 0)
            weights[ranking] = weights.get(ranking, 0) + count
        prefs, counts = prefs[:0], counts[:0]
    ballots = [_ballot(ranking, w) for ranking, w in weights.items() if w]
    plain = [b for b in ballots if _plain(b)]
    extra = tuple(b for b in ballots if not _plain(b))
    if plain:
        prefs, counts = _merge_rows(*_with_rows(prefs, counts, plain))
    return BallotTable(prefs, counts, extra)


def _strict(ranking: Ranking) -> bool:
    """One candidate per rank, none twice, at least one rank."""
    return (
        bool(ranking)
        and all(len(rank) == 1 for rank in ranking)
        and len({rank[0] for rank in ranking}) == len(ranking)
    )


def _whole(value: Fraction | int) -> bool:
    return isinstance(value, int) and value < BIG


def _plain(ballot: Ballot) -> bool:
    """Whether a ballot fits a table row: unit weight, a strict ranking."""
    return ballot.weight == 1 and ballot.count < BIG and _strict(ballot.ranking)


def _with_rows(
    prefs: NDArray[np.int16], counts: NDArray[np.int64], ballots: list[Ballot]
) -> tuple[NDArray[np.int16], NDArray[np.int64]]:
    """The table's rows with the plain ballots appended."""
    width = max(prefs.shape[1], *(len(b.ranking) for b in ballots))
    rows = np.full((len(prefs) + len(ballots), width), -1, dtype=np.int16)
    rows[: len(prefs), : prefs.shape[1]] = prefs
    for k, ballot in enumerate(ballots, len(prefs)):
        rows[k, : len(ballot.ranking)] = [rank[0] for rank in ballot.ranking]
    added = np.array([b.count for b in ballots], dtype=np.int64)
    return rows, np.concatenate([counts, added])


def _ballot(ranking: Ranking, weight: Fraction | int) -> Ballot:
    if isinstance(weight, int):
        return Ballot(ranking, weight)
    if weight.denominator == 1:
        return Ballot(ranking, weight.numerator)
    return Ballot(ranking, 1, weight)


def _format_number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    scaled = value * 10**12
    if scaled.denominator != 1:
        raise BallotError(f"BLT cannot hold the weight {value} exactly")
    whole, frac = divmod(scaled.numerator, 10**12)
    return f"{whole}.{frac:012d}".rstrip("0")


def _format_rank(rank: Rank) -> str:
    return "=".join(str(c + 1) for c in rank) if rank else "-"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_blt(election: Election) -> str:
    """Write an election as BLT text; ``parse_blt`` reads it back unchanged."""
    out = [f"{len(election.candidates)} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(str(-(c + 1)) for c in sorted(election.withdrawn)))
    if election.tie_order:
        out.append("[tie " + " ".join(str(c + 1) for c in election.tie_order) + "]")
    for ballot in election.ballots:
        prefs = " ".join(_format_rank(r) for r in ballot.ranking)
        value = _format_number(ballot.value)
        out.append(f"{value} {prefs} 0" if prefs else f"{value} 0")
    out.append("0")
    out.extend(_quote(name) for name in election.candidates)
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"

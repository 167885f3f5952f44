"""The BLT ballot format (ERS/OpenSTV), read from and written to text.

Accepted beyond the plain format, because real files use them: ``#`` comments,
ballot lines without the terminating ``0``, ``-`` for a skipped rank, ``a=b`` for
an equal ranking (or overvote), ``(id)`` ballot labels, a line of negative numbers
for withdrawn candidates, and Droop's ``[...]`` option lines: ``[nick a b c]`` names
the candidates by nickname, ``[tie 3 2 1]`` (numbers or nicknames) fixes the order in
which ties are broken (``Election.tie_order``, used by the ``candidate-order`` tie rule);
the others are ignored. Identical ballots are grouped while reading.

Plain lines (digits and spaces only, the common case) are read as bytes in arrays,
without a Python object per line, and become the rows of a ``BallotTable``: numbers
are found and read in byte arrays a chunk at a time, each line's ranking is packed
into 64-bit words, and identical rankings are merged by counting and sorting those
words. Every other line goes through the line-by-line reader below (``_clean``,
``_parse_ranking``), once per distinct line. A file that is unusual enough (many
lines not plain, a line break other than LF or CRLF among the ballots) is split
into lines first and its identical lines counted, then read the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from .ballots import Ballot, BallotError, BallotTable, Election, Rank, Ranking

_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_PLAIN = b"0123456789 \n"  # what plain ballot lines hold
_NOT_PLAIN = np.ones(256, dtype=bool)
_NOT_PLAIN[list(_PLAIN)] = False
_BIG = 2**62
_DIGITS = 18  # a number of more digits may not fit 64 bits: its line goes to the line reader
# the rows of strict rankings with their counts, the lines left for the line reader with
# how often each occurs, and whether a line holds a lone 0 (then it may end the ballots)
_Section = tuple[NDArray[np.int16], NDArray[np.int64], list[tuple[str, int]], bool]


def _read_section(
    buf: bytes,
    ncand: int,
    repeats: NDArray[np.int64] | None = None,
    plain: bool = False,
    span: tuple[int, int] | None = None,
) -> _Section:
    """Read the ballot lines of a BLT file at once, as bytes (every line ends in a
    newline; line k stands for ``repeats[k]`` lines when given): the rows of strict
    rankings (0-based, padded with -1) with their counts, identical rankings merged,
    and the lines left for the line reader: those with other characters than digits
    and spaces, a number of more than 18 digits, a repeated or unknown candidate, or
    weights large enough to pass 64 bits. ``plain``: the lines are known to hold only
    digits, spaces and newlines; ``span``: where in ``buf`` they are (not copied)."""
    odd: Counter[bytes] = Counter()
    start, stop = span or (0, len(buf))
    if ncand >= 2**15 - 1 or (not plain and buf[start:stop].translate(None, _PLAIN)):
        buf = buf[start:stop]
        start, stop = 0, len(buf)
        codes = np.frombuffer(buf, dtype=np.uint8)
        ends = np.flatnonzero(codes == 10)
        found = np.ones(len(ends), dtype=bool)
        if ncand < 2**15 - 1:  # else candidate numbers pass a 16-bit row: all go
            found[:] = False
            found[np.searchsorted(ends, np.flatnonzero(_NOT_PLAIN[codes]))] = True
        starts = np.concatenate(([0], ends[:-1] + 1))[found].tolist()
        stops = ends[found].tolist()
        times = [1] * len(stops) if repeats is None else repeats[found].tolist()
        for a, b, n in zip(starts, stops, times, strict=True):
            odd[buf[a:b]] += n
        kept = zip([0, *(b + 1 for b in stops)], [*starts, len(buf)], strict=True)
        buf = b"".join([buf[a:b] for a, b in kept])
        start, stop = 0, len(buf)
        repeats = None if repeats is None else repeats[~found]
    prefs, counts, stages, lone_zero = _plain_section(buf, start, stop, ncand, repeats)
    left = [odd, Counter(), Counter()]
    for lines, stage in zip(left[1:], stages, strict=True):
        for end, n in stage:
            lines[buf[buf.rfind(b"\n", 0, end) + 1 : end]] += n
    return (
        prefs,
        counts,
        [(_decode(line), n) for lines in left for line, n in lines.items()],
        lone_zero,
    )


_CHUNK = 1 << 18  # bytes of ballot lines read at a time: their arrays stay in the cache
# a file with more than one byte other than digits, spaces and newlines in this many
# ballot lines is read line by line, identical lines counted first (as real files that
# mark skipped ranks with "-" on every other line: their lines repeat a lot)
_UNUSUAL = 16
# a chunk's keys, weights and where its lines end (from its start)
_Keys = tuple[NDArray[np.uint64], NDArray[np.int64], NDArray[np.intp]]
_Lines = list[tuple[int, int]]  # where lines end, and how many each stands for


def _plain_section(
    buf: bytes, begin: int, end: int, ncand: int, repeats: NDArray[np.int64] | None
) -> tuple[NDArray[np.int16], NDArray[np.int64], tuple[_Lines, _Lines], bool]:
    """Lines of digits and spaces, each ending in a newline (``buf[begin:end]``; line k
    stands for ``repeats[k]`` lines when given) read into rows: the rows
    and their counts, the lines to read one by one (those with a long number, then
    those with a repeated or unknown candidate), and whether a line holds a lone 0.
    The lines are read a chunk at a time, each ranking packed into 64-bit words
    (``bits`` a mark); identical rankings are then found by sorting the words."""
    bits = (ncand + 1).bit_length()
    per_word = 64 // bits
    parts: list[tuple[NDArray[np.uint64], NDArray[np.int64], NDArray[np.intp], int]] = []
    long_parts: list[NDArray[np.intp]] = []
    lone_zero = False
    start = begin
    while start < end:
        stop = buf.find(b"\n", min(start + _CHUNK, end) - 1) + 1
        codes = np.frombuffer(buf, dtype=np.uint8, count=stop - start, offset=start)
        part, long_ends, lone = _chunk_keys(codes, ncand, bits, per_word)
        parts.append((*part, start))
        long_parts.append(long_ends + start)
        lone_zero |= lone
        start = stop
    words = max((p[0].shape[1] for p in parts), default=1)
    if words == 1:
        keys = np.concatenate([p[0][:, 0] for p in parts] or [np.zeros(0, np.uint64)])[:, None]
    else:
        keys = np.zeros((sum(len(p[0]) for p in parts), words), dtype=np.uint64)
        at = 0
        for part_keys, *_ in parts:
            keys[at : at + len(part_keys), : part_keys.shape[1]] = part_keys
            at += len(part_keys)
    newlines = (
        np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10) if repeats is not None else None
    )

    def lines(ends: NDArray[np.intp]) -> _Lines:
        """Where the lines ending at ``ends`` end, and how many each stands for."""
        if repeats is None or newlines is None:
            return [(end, 1) for end in ends.tolist()]
        return list(
            zip(ends.tolist(), repeats[np.searchsorted(newlines, ends)].tolist(), strict=True)
        )

    def ends() -> NDArray[np.intp]:
        """Where each line read into ``keys`` ends."""
        return np.concatenate([p[2] + p[3] for p in parts] or [np.zeros(0, dtype=np.intp)])

    long = lines(np.concatenate(long_parts or [np.zeros(0, dtype=np.intp)]))
    weights = None
    if repeats is not None or not all(
        p[1].min(initial=1) == 1 == p[1].max(initial=1) for p in parts
    ):
        weights = np.concatenate([p[1] for p in parts] or [np.zeros(0, dtype=np.int64)])
        line_ends = ends()
        times = (
            np.ones(len(line_ends), np.int64)
            if repeats is None or newlines is None
            else repeats[np.searchsorted(newlines, line_ends)]
        )
        if int(weights.max(initial=0)) * int(times.max(initial=0)) * len(weights) >= _BIG:
            # a count might pass 64 bits: the line reader counts in Python integers
            return (
                np.full((0, 0), -1, dtype=np.int16),
                weights[:0],
                (long, lines(line_ends)),
                lone_zero,
            )
        weights *= times
    unique, counts, inverse = _merge_keys(keys, weights, bits, per_word)
    rows = np.empty((len(unique), words * per_word), dtype=np.int16)
    repeated = np.zeros(len(unique), dtype=bool)
    seen = np.zeros(len(unique), dtype=np.uint64)
    for j in range(words * per_word):
        word, place = divmod(j, per_word)
        field = (unique[:, word] >> np.uint64(bits * (per_word - 1 - place))) & np.uint64(
            (1 << bits) - 1
        )
        rows[:, j] = field
        if ncand < 63:  # a bit a candidate (bit 0 for none): a repeat sets no new bit
            bit = np.left_shift(np.uint64(1), field)
            repeated |= (seen & bit) > 1
            seen |= bit
    rows -= 1
    if ncand >= 63:
        repeated = _repeats(rows)
    bad = repeated | (rows >= ncand).any(axis=1)  # the line reader says what is wrong
    bad_lines: _Lines = []
    if bad.any():
        if inverse is None:
            bad_lines = lines(ends()[np.isin(keys[:, 0], unique[bad, 0])])
        else:
            bad_lines = lines(ends()[bad[inverse]])
        rows, counts = rows[~bad], counts[~bad]
    if not counts.all():
        rows, counts = rows[counts > 0], counts[counts > 0]
    length = rows.shape[1]
    while length and not (rows[:, length - 1] >= 0).any():
        length -= 1
    return np.ascontiguousarray(rows[:, :length]), counts, (long, bad_lines), lone_zero


def _chunk_keys(
    codes: NDArray[np.uint8], ncand: int, bits: int, per_word: int
) -> tuple[_Keys, NDArray[np.intp], bool]:
    """Lines of digits and spaces, each ending in a newline: for each line that holds
    a number and no long one, its ranking packed into words (first mark highest, the
    candidate number in ``bits`` bits, 0 after the end, ncand + 1 for an unknown
    candidate), its weight and where it ends; where the lines with a long number end;
    and whether a line holds a lone 0."""
    digit = codes > 32
    begin = np.empty_like(digit)
    begin[:1] = digit[:1]
    np.greater(digit[1:], digit[:-1], out=begin[1:])
    begin |= codes == 10
    # where each number begins, and each newline (the last item of a line, read as 0)
    at = np.flatnonzero(begin)
    numbers = codes[at] - 48  # a newline reads 218
    newlines = np.flatnonzero(numbers == 218)
    following = np.empty(len(at), dtype=np.uint8)
    following[:-1] = codes[at[:-1] + 1]
    following[-1:] = 10
    two = (following > 32) & (numbers < 10)  # numbers of two digits or more
    values: NDArray[np.uint8] | NDArray[np.int64]
    long_lines = newlines[:0]
    if not (digit[2:] & digit[1:-1] & digit[:-2]).any():  # every number fits a byte
        values = np.where(two, numbers * 10 + (following - 48), numbers)
    else:
        values = np.where(two, numbers.astype(np.int64) * 10 + following - 48, numbers)
        longer = np.flatnonzero(two)
        longer = longer[digit[at[longer] + 2]]
        for k in range(2, _DIGITS):
            places = at[longer] + k
            values[longer] = values[longer] * 10 + codes[places] - 48
            longer = longer[digit[places + 1]]
        long_lines = np.unique(np.searchsorted(newlines, longer))  # more than 18 digits
    tokens = np.diff(newlines, prepend=-1) - 1  # numbers on each line
    lines = np.flatnonzero(tokens)  # blank lines hold no number
    if not len(lines):
        none = np.zeros((0, 1), dtype=np.uint64)
        return (none, np.zeros(0, dtype=np.int64), newlines[:0]), at[newlines[long_lines]], False
    first = newlines - tokens  # each line's first number: its weight
    weights = values[first].astype(np.int64)
    lone_zero = bool(((tokens == 1) & (weights == 0)).any())
    np.minimum(values, min(ncand + 1, np.iinfo(values.dtype).max), out=values)
    values[first] = 0
    values[newlines] = 0
    if (
        tokens.min() >= 2
        and np.count_nonzero(values) == len(values) - 3 * len(tokens)
        and not values[newlines - 1].any()
    ):  # every ranking ends with its only 0
        length = int(tokens.max()) - 2
        position = None
    else:  # the marks after a 0 are not read
        ended = np.cumsum(values == 0)
        ended -= np.repeat(ended[first], tokens + 1)
        values[ended > 0] = 0
        position = np.arange(len(values)) - np.repeat(first + 1, tokens + 1)
        length = int(np.where(values > 0, position, -1).max()) + 1
    words = max(1, -(-length // per_word))
    keys = np.empty((len(tokens), words), dtype=np.uint64)
    marks = values.astype(np.uint64)
    if words == 1:  # each mark shifted by bits * (per_word - 1 - its place in the ranking)
        shift = np.repeat(bits * (per_word + first), tokens + 1)
        shift -= bits * np.arange(len(values))  # below 0 or from 64 on: a 0 (weight, end)
        total = np.cumsum(marks << shift.view(np.uint64))
        keys[:, 0] = total[newlines] - total[first]  # a line's weight adds 0
    else:
        if position is None:
            position = np.arange(len(values)) - np.repeat(first + 1, tokens + 1)
        for word in range(words):
            place = position - word * per_word
            shift = np.clip(bits * (per_word - 1 - place), 0, 63).astype(np.uint64)
            inside = np.where((place >= 0) & (place < per_word), marks, 0)
            total = np.cumsum(inside << shift)
            keys[:, word] = total[newlines] - total[first]
    ends = at[newlines]
    if len(long_lines) or len(lines) < len(tokens):
        keep = np.zeros(len(tokens), dtype=bool)
        keep[lines] = True
        keep[long_lines] = False
        keys, weights, ends = keys[keep], weights[keep], ends[keep]
    return (keys, weights, ends), at[newlines[long_lines]], lone_zero


def _merge_keys(
    keys: NDArray[np.uint64], weights: NDArray[np.int64] | None, bits: int, per_word: int
) -> tuple[NDArray[np.uint64], NDArray[np.int64], NDArray[np.intp] | None]:
    """The distinct rows of ``keys`` in order, the sum of the weights of each (None:
    each weighs 1), and which distinct row each row is (None when one word holds every
    key: then ``numpy.isin`` finds them)."""
    if keys.shape[1] > 1:
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        counts = np.zeros(len(unique), dtype=np.int64)
        np.add.at(counts, inverse, 1 if weights is None else weights)
        return unique, counts, inverse
    column = keys[:, 0]
    if weights is not None:
        order = np.argsort(column)
        ordered = column[order]
        bounds = _bounds(ordered)
        return ordered[bounds][:, None], np.add.reduceat(weights[order], bounds), None
    # short rankings (the first ``marks`` marks, 16 bits at most) are counted by
    # np.bincount, the others sorted; the two sorted runs are then merged
    marks = min(16 // bits, per_word)
    low = bits * (per_word - marks)
    short = (column & np.uint64((1 << low) - 1)) == 0
    tally = np.bincount((column[short] >> np.uint64(low)).astype(np.intp), minlength=1)
    found = np.flatnonzero(tally)
    ordered = np.sort(column[~short])
    bounds = _bounds(ordered)
    unique = np.concatenate([found.astype(np.uint64) << np.uint64(low), ordered[bounds]])
    counts = np.concatenate([tally[found], np.diff(bounds, append=len(ordered))])
    order = np.argsort(unique, kind="stable")  # two sorted runs: one merge
    return unique[order][:, None], counts[order].astype(np.int64), None


def _bounds(ordered: NDArray[np.uint64]) -> NDArray[np.intp]:
    """Where each run of equal values starts in a sorted array."""
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return np.flatnonzero(new)


def _repeats(marks: NDArray[np.int16]) -> NDArray[np.bool_]:
    """Rows naming a candidate twice (-1 is padding)."""
    if marks.max(initial=-1) < 64:  # a bit a candidate: a repeat sets no new bit
        seen = np.zeros(len(marks), dtype=np.uint64)
        repeated = np.zeros(len(marks), dtype=bool)
        for column in marks.T:
            bit = np.left_shift(np.uint64(1), column.astype(np.uint64)) * (column >= 0)
            repeated |= (seen & bit) != 0
            seen |= bit
        return repeated
    ordered = np.sort(marks, axis=1)
    return np.asarray(((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)).any(axis=1))


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


def _ballot_lines(raw: list[str], start: int, ncand: int) -> tuple[int, _Section]:
    """The index in ``raw`` of the line holding the 0 that ends the ballots (which
    start at ``start``), and the ballot lines before it, read."""
    try:
        end = raw.index("0", start)
    except ValueError:
        end = len(raw)
    for _ in range(2):
        counted = Counter(raw[start:end])  # at C speed: then each distinct line is read once
        section = ("\n".join(counted) + "\n").encode("utf-8", "surrogatepass")
        parsed = _read_section(section, ncand, np.array(list(counted.values()), dtype=np.int64))
        if not (parsed[3] or any(_clean(line) == "0" for line, _ in parsed[2])):
            break
        # a line such as " 0  # end of ballots" comes before the first plain "0"
        end = next((k for k in range(start, end) if _clean(raw[k]) == "0"), end)
    if end == len(raw):
        raise BallotError("BLT ballots are not terminated by a line holding 0")
    return end, parsed


def _split(text: str) -> tuple[str, _Section, list[str]]:
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


def _split_bytes(text: str) -> tuple[str, _Section, list[str]] | None:
    """``_split`` without splitting the text into a string per line: the ballot lines
    are found and read as bytes. None when the file is unusual enough for the lines
    to be needed (a line break other than a newline or CRLF among the ballots, a lone
    0 among them, no header or no line "0"), and for errors: ``_split`` then reads it
    line by line, with the same result or error."""
    buf = text.encode("utf-8", "surrogatepass")
    if b"\r" in buf:
        if buf.count(b"\r") != buf.count(b"\r\n"):
            return None
        buf = buf.replace(b"\r\n", b"\n")
    if not buf.endswith(b"\n"):
        buf += b"\n"
    start = 0
    while True:
        newline = buf.find(b"\n", start)
        if newline < 0:
            return None
        cleaned = [_clean(line) for line in _decode(buf[start:newline]).splitlines()]
        start = newline + 1
        if any(cleaned):
            break
    header_line = cleaned[-1]
    if sum(map(bool, cleaned)) > 1 or not header_line:  # a line break other than \n
        return None
    try:
        ncand = _header(header_line)[0]
    except BallotError:
        return None
    end = buf.rfind(b"\n0\n", start - 1)  # the last: a lone 0 before it is found below
    if end < 0:
        return None
    # the bytes other than digits, spaces and newlines among the ballot lines (counted
    # without copying them out of the text)
    unusual = len(buf.translate(None, _PLAIN)) - sum(
        len(part.translate(None, _PLAIN)) for part in (buf[:start], buf[end + 1 :])
    )
    if unusual * _UNUSUAL > buf.count(b"\n", start, end + 1):  # many: count lines first
        return None
    section = _read_section(buf, ncand, plain=not unusual, span=(start, end + 1))
    if section[3] or any(
        line.splitlines() != [line] or _clean(line) == "0" for line, _ in section[2]
    ):
        return None
    return header_line, section, _decode(buf[end + 3 :]).splitlines()


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def parse_blt(text: str) -> Election:
    """Parse BLT text into an election with identical ballots grouped.

    The ballot lines are read as one buffer of bytes, in arrays: a million-line file
    allocates no object per line; the few lines that are not plain numbers go
    through the line reader."""
    header_line, (prefs, counts, odd, _), after = _split(text)
    ncand, seats = _header(header_line)
    withdrawn: set[int] = set()
    nicks: dict[str, int] = {}
    tie_words: list[str] = []
    lines: list[tuple[str, int]] = []
    for raw_line, repeats in odd:
        line = _clean(raw_line)
        if not line:
            continue
        first = line[0]
        if first == "[":
            words = line.strip("[]").split()
            if words and words[0] == "nick":
                nicks.update((nick, i) for i, nick in enumerate(words[1:]))
            elif words and words[0] == "tie":
                tie_words = words[1:]
        elif first == "-" and _ascii_digits(line[1:2]):
            withdrawn.update(-int(t) - 1 for t in line.split())
        else:
            lines.append((line, repeats))
    names = _parse_names([line for line in map(_clean, after) if line])
    if len(names) < ncand:
        raise BallotError(f"BLT names {len(names)} of {ncand} candidates")
    weights: dict[Ranking, Fraction | int] = {}
    single: list[Rank] = [(c - 1,) for c in range(ncand + 1)]
    for line, repeats in lines:
        if line[0] == "(":
            line = line.split(")", 1)[1].strip()
        weight, _, rest = line.partition(" ")
        value = int(weight) if _ascii_digits(weight) else _parse_weight(weight)
        ranking = _parse_ranking(rest, ncand, nicks, single)
        weights[ranking] = weights.get(ranking, 0) + value * repeats
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
    title = names[ncand] if len(names) > ncand else ""
    table = BallotTable(prefs, counts, extra)
    tie_order = tuple(c for word in tie_words for c in _parse_rank(word, ncand, nicks))
    return Election(tuple(names[:ncand]), table, seats, title, frozenset(withdrawn), tie_order)


def _strict(ranking: Ranking) -> bool:
    """One candidate per rank, none twice, at least one rank."""
    return (
        bool(ranking)
        and all(len(rank) == 1 for rank in ranking)
        and len({rank[0] for rank in ranking}) == len(ranking)
    )


def _whole(value: Fraction | int) -> bool:
    return isinstance(value, int) and value < _BIG


def _plain(ballot: Ballot) -> bool:
    """Whether a ballot fits a table row: unit weight, a strict ranking."""
    return ballot.weight == 1 and ballot.count < _BIG and _strict(ballot.ranking)


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

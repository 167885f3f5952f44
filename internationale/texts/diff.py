"""A word-level diff of two texts, for people comparing revisions.

``diff_words`` splits both texts into words, spaces and line breaks, aligns
them and returns the pieces in order, each marked equal, inserted or
deleted. A changed word shows as the old word deleted and the new one
inserted, the way an editor marks a proof.

The alignment is difflib's SequenceMatcher, which is cubic at worst (two
repetitive revisions at the body's length limit would hold a worker for
minutes), so it runs under a work budget (decision 0017):

1. SequenceMatcher on the whole texts, if it finishes within a small budget:
   small edits come out exactly as SequenceMatcher aligns them.
2. Otherwise the texts are compared line by line, then word by word inside
   the lines that changed. Each comparison strips the common start and end,
   tries SequenceMatcher within a budget, then anchors on the lines (words)
   that occur once on each side (patience diff), then an edit-distance search
   bounded in work (Myers) for repetitive texts.
3. When the whole call's budget is spent, or nothing above applies, the part
   left is shown coarsely: all of it deleted, then all of it inserted.

Every step only ever marks equal what is equal, and covers both texts in
order, so joining the pieces that are not inserted gives the old text and
joining those not deleted gives the new one, whatever the budget.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate, repeat
from typing import Any, Literal

Op = Literal["equal", "insert", "delete"]
Tag = Literal["equal", "insert", "delete", "replace"]
Opcode = tuple[Tag, int, int, int, int]

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

#: Work allowed for one whole diff, in steps of the inner loops: a bound on the time
#: any pair of texts takes (docs/benchmarks.md gives what a step costs).
BUDGET = 1_000_000
#: Work allowed for one SequenceMatcher run (the first, on the whole texts, included),
#: and the largest product of the two lengths it is tried on.
MATCHER_BUDGET = 100_000
MATCHER_AREA = 1_000_000
#: Work allowed for one Myers search (small edit distances in repetitive texts).
MYERS_BUDGET = 200_000
#: What steps cost, in the unit above: a pass over items to index them (difflib's
#: index of b, the table of steps, the lines, the anchors), the items compared for
#: one unit along a run of equal items (by slices), the visit of a diagonal (Myers).
INDEX_STEP = 2
SNAKE_ITEMS = 16
DIAGONAL_STEP = 10


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def diff_words(
    old: str, new: str, *, budget: int = BUDGET, matcher_budget: int = MATCHER_BUDGET
) -> list[Piece]:
    """Pieces that turn ``old`` into ``new``; joining the non-inserted ones gives ``old``.

    ``budget`` bounds the whole work, ``matcher_budget`` each SequenceMatcher run (tests
    lower them to reach the later and coarser steps).
    """
    a, b = tokens(old), tokens(new)
    work = _Budget(budget, matcher_budget)
    opcodes = _bounded_matcher(a, 0, len(a), b, 0, len(b), work)
    if opcodes is None:
        opcodes = _by_lines(a, b, work)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            _add(pieces, "equal", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _add(pieces, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _add(pieces, "insert", "".join(b[j1:j2]))
    return pieces


def _add(pieces: list[Piece], op: Op, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = Piece(op, pieces[-1].text + text)
    else:
        pieces.append(Piece(op, text))


def changed(pieces: list[Piece]) -> bool:
    return any(piece.op != "equal" for piece in pieces)


class _Budget:
    def __init__(self, left: int, matcher: int) -> None:
        self.left = left
        self.matcher = matcher

    def take(self, steps: int) -> bool:
        """Spend ``steps``; False once the budget is spent (then stay coarse)."""
        self.left -= steps
        return self.left >= 0


class _OverBudgetError(Exception):
    pass


class _Matcher(SequenceMatcher):  # type: ignore[type-arg]
    """SequenceMatcher that stops once its longest-match searches would do too much work.

    find_longest_match loops, for each item of ``a`` in range, over that item's
    positions in ``b``: the sum of those counts bounds the steps of one search.
    """

    def __init__(self, a: Sequence[Hashable], b: Sequence[Hashable], limit: int) -> None:
        super().__init__(None, a, b, autojunk=False)
        self._limit = limit
        self.spent = 0
        # Steps of a search over a[alo:ahi]: _steps[ahi] - _steps[alo] + ahi - alo.
        self._length = len(a)
        index: dict[Hashable, list[int]] = self.__dict__["b2j"]  # difflib's, not in its stubs
        found = map(index.get, a, repeat((), len(a)))
        self._steps = list(accumulate(map(len, found), initial=0))

    def find_longest_match(
        self, alo: int = 0, ahi: Any = None, blo: int = 0, bhi: Any = None
    ) -> Any:
        ahi = self._length if ahi is None else ahi
        steps = self._steps[ahi] - self._steps[alo] + ahi - alo
        if self.spent + steps > self._limit:
            raise _OverBudgetError  # before doing the work
        self.spent += steps
        return super().find_longest_match(alo, ahi, blo, bhi)


def _bounded_matcher(
    a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int,
    work: _Budget,
) -> list[Opcode] | None:  # fmt: skip
    """SequenceMatcher's opcodes for a[alo:ahi] and b[blo:bhi], or None if over budget."""
    limit = min(work.matcher, work.left)
    if limit <= 0 or (ahi - alo) * (bhi - blo) > MATCHER_AREA:
        return None  # too big: the tokens that repeat (spaces) would exceed the limit
    # Building the index of b costs its length; so does the table of steps over a.
    if not work.take((ahi - alo + bhi - blo) * INDEX_STEP):
        return None
    matcher = _Matcher(a[alo:ahi], b[blo:bhi], limit)
    try:
        opcodes = matcher.get_opcodes()
    except _OverBudgetError:
        work.take(matcher.spent)
        return None
    work.take(matcher.spent)
    return [(tag, i1 + alo, i2 + alo, j1 + blo, j2 + blo) for tag, i1, i2, j1, j2 in opcodes]


def _lines(items: list[str]) -> tuple[list[str], list[int]]:
    """Tokens grouped into lines (a line ends with a token holding a line break).

    Returns the lines' texts and their starts in the tokens, with the end last.
    """
    texts: list[str] = []
    starts = [0]
    for index, token in enumerate(items):
        if "\n" in token:
            texts.append("".join(items[starts[-1] : index + 1]))
            starts.append(index + 1)
    if starts[-1] < len(items):
        texts.append("".join(items[starts[-1] :]))
        starts.append(len(items))
    return texts, starts


def _by_lines(a: list[str], b: list[str], work: _Budget) -> list[Opcode]:
    """Align lines first, then the words inside each run of lines that changed."""
    lines_a, starts_a = _lines(a)
    lines_b, starts_b = _lines(b)
    work.take((len(a) + len(b)) * INDEX_STEP)
    opcodes: list[Opcode] = []
    by_line = _align(lines_a, 0, len(lines_a), lines_b, 0, len(lines_b), work, search=False)
    for tag, i1, i2, j1, j2 in by_line:
        a1, a2, b1, b2 = starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2]
        if tag == "equal":
            opcodes.append(("equal", a1, a2, b1, b2))
        else:
            opcodes.extend(_align(a, a1, a2, b, b1, b2, work))
    return opcodes


def _align(
    a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int,
    work: _Budget, *, search: bool = True,
) -> list[Opcode]:  # fmt: skip
    """Opcodes aligning a[alo:ahi] with b[blo:bhi], within the budget (see the module).

    ``search``: end with Myers' search before the coarse answer (words, not lines: lines
    left over go to the words, where the same search would be repeated).
    """
    opcodes: list[Opcode] = []
    # What is left to do, the next last: a range to align, or an opcode ready to go out.
    stack: list[tuple[int, int, int, int] | Opcode] = [(alo, ahi, blo, bhi)]
    while stack:
        task = stack.pop()
        if len(task) == 5:
            opcodes.append(task)
            continue
        i1, i2, j1, j2 = task
        # The common start and end first: most edits touch a small part of a text.
        start = _run(a, i1, i2, b, j1, j2)
        end = _run_back(a, i1 + start, i2, b, j1 + start, j2)
        work.take((start + end) // SNAKE_ITEMS + 1)
        if start:
            opcodes.append(("equal", i1, i1 + start, j1, j1 + start))
        if end:
            stack.append(("equal", i2 - end, i2, j2 - end, j2))
        i1, i2, j1, j2 = i1 + start, i2 - end, j1 + start, j2 - end
        if i1 == i2 or j1 == j2 or work.left <= 0:
            opcodes.extend(_coarse(i1, i2, j1, j2))
            continue
        matched = _bounded_matcher(a, i1, i2, b, j1, j2, work)
        if matched is not None:
            opcodes.extend(matched)
            continue
        anchors = (
            _unique_anchors(a, i1, i2, b, j1, j2)
            if work.take((i2 - i1 + j2 - j1) * INDEX_STEP)
            else []
        )
        if anchors:
            stack.extend(_between(anchors, (i1, i2, j1, j2)))
            continue
        searched = _myers(a, i1, i2, b, j1, j2, work) if search else None
        opcodes.extend(searched if searched is not None else _coarse(i1, i2, j1, j2))
    return _merge(opcodes)


def _between(
    anchors: list[tuple[int, int]], box: tuple[int, int, int, int]
) -> list[tuple[int, int, int, int] | Opcode]:
    """The tasks of a range split at its anchors, last first (to be pushed in this
    order): each anchor as an equal opcode, each gap between two as a range."""
    i1, i2, j1, j2 = box
    tasks: list[tuple[int, int, int, int] | Opcode] = []
    starts = [(i1 - 1, j1 - 1), *anchors]  # a gap runs from after one anchor
    ends = [*anchors, (i2, j2)]  # to the next
    for (gi, gj), (ni, nj) in zip(reversed(starts), reversed(ends), strict=True):
        if ni < i2:
            tasks.append(("equal", ni, ni + 1, nj, nj + 1))
        if gi + 1 < ni or gj + 1 < nj:
            tasks.append((gi + 1, ni, gj + 1, nj))
    return tasks


def _run(a: Sequence[Hashable], i: int, iend: int, b: Sequence[Hashable], j: int, jend: int) -> int:
    """How many items a[i:iend] and b[j:jend] have in common from their start.

    Compares slices (in C) of growing then shrinking size, not item by item.
    """
    run, size = 0, 1
    longest = min(iend - i, jend - j)
    while size and run < longest:
        size = min(size, longest - run)
        if a[i + run : i + run + size] == b[j + run : j + run + size]:
            run += size
            size *= 2
        else:
            size //= 2
    return run


def _run_back(
    a: Sequence[Hashable], istart: int, i: int, b: Sequence[Hashable], jstart: int, j: int
) -> int:
    """How many items a[istart:i] and b[jstart:j] have in common from their end."""
    run, size = 0, 1
    longest = min(i - istart, j - jstart)
    while size and run < longest:
        size = min(size, longest - run)
        if a[i - run - size : i - run] == b[j - run - size : j - run]:
            run += size
            size *= 2
        else:
            size //= 2
    return run


def _coarse(i1: int, i2: int, j1: int, j2: int) -> list[Opcode]:
    """All of a[i1:i2] deleted and all of b[j1:j2] inserted: always right, if coarse."""
    if i1 == i2 and j1 == j2:
        return []
    if i1 == i2:
        return [("insert", i1, i2, j1, j2)]
    if j1 == j2:
        return [("delete", i1, i2, j1, j2)]
    return [("replace", i1, i2, j1, j2)]


def _merge(opcodes: list[Opcode]) -> list[Opcode]:
    """Neighbours of one kind joined: equal with equal, any changes into one."""
    merged: list[Opcode] = []
    for opcode in opcodes:
        tag, i1, i2, j1, j2 = opcode
        if i1 == i2 and j1 == j2:
            continue
        if merged:
            last, k1, _, l1, _ = merged[-1]
            if last == tag == "equal":
                merged[-1] = ("equal", k1, i2, l1, j2)
                continue
            if last != "equal" and tag != "equal":
                merged[-1] = _coarse(k1, i2, l1, j2)[0]
                continue
        merged.append(opcode)
    return merged


def _myers(
    a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int,
    work: _Budget,
) -> list[Opcode] | None:  # fmt: skip
    """A shortest edit script (Myers 1986), or None if it costs more than the budget.

    Round d keeps, for each diagonal k = x - y, the furthest x reached with d edits;
    the rounds are kept to walk the path back. Cheap when few edits are needed,
    as in repetitive texts where nothing is unique ("a b a b" against "b a b a").
    """
    n, m = ahi - alo, bhi - blo
    limit = min(MYERS_BUDGET, work.left)
    spent = 0
    rounds: list[list[int]] = []
    previous: list[int] = []
    for d in range(n + m + 1):
        current = [-1] * (2 * d + 1)  # index k + d; -1: not reached
        for k in range(-d, d + 1, 2):
            x = 0 if d == 0 else _step(previous, d, k, n, m)[1]
            if x < 0:
                continue
            y = x - k
            if x < n and y < m and a[alo + x] == b[blo + y]:  # most snakes are empty
                run = _run(a, alo + x, ahi, b, blo + y, bhi)
                x, y = x + run, y + run
                spent += run // SNAKE_ITEMS
            spent += DIAGONAL_STEP
            current[k + d] = x
            if x == n and y == m:
                rounds.append(current)
                work.take(spent)
                return _walk_back(rounds, k, n, m, alo, blo)
        rounds.append(current)
        previous = current
        if spent > limit:
            work.take(spent)
            return None
    raise AssertionError("unreachable: n + m edits always suffice")


def _step(previous: list[int], d: int, k: int, n: int, m: int) -> tuple[int, int]:
    """How diagonal k is reached in round d: (diagonal it comes from, x after the edit).

    From k + 1 by an insertion (down) or from k - 1 by a deletion (right), whichever
    goes further, inside the grid; (0, -1) if neither is possible.
    """
    best = (0, -1)
    if k + 1 <= d - 1:
        x = previous[k + 1 + d - 1]
        if x >= 0 and x - (k + 1) < m:
            best = (k + 1, x)
    if k - 1 >= -(d - 1):
        x = previous[k - 1 + d - 1]
        if x >= 0 and x < n and x + 1 >= best[1]:
            best = (k - 1, x + 1)
    return best


def _walk_back(rounds: list[list[int]], k: int, n: int, m: int, alo: int, blo: int) -> list[Opcode]:
    """The opcodes of the path that reached (n, m) on diagonal k in the last round."""
    steps: list[Opcode] = []
    x = n
    for d in range(len(rounds) - 1, -1, -1):
        if d == 0:
            start = 0
            prev_k = k
        else:
            prev_k, start = _step(rounds[d - 1], d, k, n, m)
        if start < x:
            steps.append(("equal", alo + start, alo + x, blo + start - k, blo + x - k))
        if d == 0:
            break
        if prev_k == k + 1:  # an insertion: down from (start, y - 1)
            y = start - k
            steps.append(("insert", alo + start, alo + start, blo + y - 1, blo + y))
            x = start
        else:  # a deletion: right from (start - 1, y)
            y = start - k
            steps.append(("delete", alo + start - 1, alo + start, blo + y, blo + y))
            x = start - 1
        k = prev_k
    steps.reverse()
    return _merge(steps)


def _unique_anchors(
    a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Items found exactly once on each side, the longest run of them in the same order."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_a = {item: i for i, item in enumerate(a[alo:ahi], alo) if count_a[item] == 1}
    where_b = {item: j for j, item in enumerate(b[blo:bhi], blo) if count_b[item] == 1}
    pairs = sorted((i, where_b[item]) for item, i in where_a.items() if item in where_b)
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of pairs (sorted by first) increasing in second (patience)."""
    tails: list[int] = []  # second of the last pair of the best run of each length
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[length] = j
            tail_index[length] = index
        previous.append(tail_index[length - 1] if length else -1)
    run: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    run.reverse()
    return run

"""The revision diff: always right, bounded in time at the size limit, unchanged for small edits."""

from __future__ import annotations

import time
from difflib import SequenceMatcher
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internationale.texts.diff import BUDGET, MATCHER_BUDGET, Piece, changed, diff_words, tokens
from internationale.wire.forms import ReportForm
from tests.texts.pathological import diff_pairs

#: The longest body a report can have (the form refuses more; the model agrees).
LIMIT: int = ReportForm.base_fields["body"].max_length  # type: ignore[attr-defined]
assert LIMIT == 60_000


def old_and_new(pieces: list[Piece]) -> tuple[str, str]:
    old = "".join(piece.text for piece in pieces if piece.op != "insert")
    new = "".join(piece.text for piece in pieces if piece.op != "delete")
    return old, new


def assert_well_formed(pieces: list[Piece], old: str, new: str) -> None:
    assert old_and_new(pieces) == (old, new)
    assert all(piece.text for piece in pieces)
    assert all(one.op != two.op for one, two in pairwise(pieces))


def before(old: str, new: str) -> list[Piece]:
    """The diff as it was before decision 0017: SequenceMatcher on the whole token lists."""
    a, b = tokens(old), tokens(new)
    pieces: list[Piece] = []

    def add(op: str, text: str) -> None:
        if text and pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)  # type: ignore[arg-type]
        elif text:
            pieces.append(Piece(op, text))  # type: ignore[arg-type]

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        if tag in ("delete", "replace"):
            add("delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            add("insert", "".join(b[j1:j2]))
    return pieces


# Few distinct words and separators, so that texts repeat themselves as hostile ones do.
WORD = st.sampled_from(["a", "b", "c", "greve", "dia", "1", "2", "é"])
SEPARATOR = st.sampled_from([" ", " ", "\n", "\n\n", ", ", ".", "  "])
TEXT = st.lists(st.tuples(WORD, SEPARATOR), max_size=60).map(
    lambda parts: "".join(word + separator for word, separator in parts)
)
#: Budgets from none at all to the real one, to reach every step down to the coarsest.
BUDGETS = st.sampled_from([0, 1, 40, 300, 3_000, 30_000, BUDGET])
#: Without SequenceMatcher (0), small texts go through the anchors and Myers' search.
MATCHER_BUDGETS = st.sampled_from([0, 0, 50, MATCHER_BUDGET])


@settings(max_examples=600, deadline=None)
@given(old=TEXT, new=TEXT, budget=BUDGETS, matcher_budget=MATCHER_BUDGETS)
def test_joining_the_pieces_gives_both_texts_back_whatever_the_budget(
    old, new, budget, matcher_budget
) -> None:
    pieces = diff_words(old, new, budget=budget, matcher_budget=matcher_budget)
    assert_well_formed(pieces, old, new)


@settings(max_examples=300, deadline=None)
@given(old=TEXT, budget=BUDGETS, matcher_budget=MATCHER_BUDGETS, data=st.data())
def test_an_edited_text_gives_both_texts_back(old, budget, matcher_budget, data) -> None:
    """Small edits of one text: what revisions mostly are."""
    new = old
    for _ in range(data.draw(st.integers(0, 4))):
        at = data.draw(st.integers(0, len(new)))
        cut = data.draw(st.integers(0, 12))
        new = new[:at] + data.draw(TEXT.map(lambda text: text[:15])) + new[at + cut :]
    assert_well_formed(diff_words(old, new, budget=budget, matcher_budget=matcher_budget), old, new)


@settings(max_examples=300, deadline=None)
@given(old=st.text(max_size=300), new=st.text(max_size=300), budget=BUDGETS)
def test_any_unicode_text_gives_both_texts_back(old, new, budget) -> None:
    assert_well_formed(diff_words(old, new, budget=budget), old, new)


@settings(max_examples=400, deadline=None)
@given(
    old=st.lists(st.tuples(WORD, SEPARATOR), max_size=12).map(lambda p: "".join(map("".join, p))),
    new=st.lists(st.tuples(WORD, SEPARATOR), max_size=12).map(lambda p: "".join(map("".join, p))),
)
def test_short_texts_are_compared_exactly_as_before(old, new) -> None:
    """Up to 36 tokens a side, SequenceMatcher always fits its budget: the same pieces.

    Its searches at one depth cover each token of the old text once, each costing
    its occurrences in the new one plus one, and the depth is at most 37:
    37 * (36 * 36 + 36) = 49,284 steps, under MATCHER_BUDGET.
    """
    assert MATCHER_BUDGET > 37 * (36 * 36 + 36)
    assert diff_words(old, new) == before(old, new)


def test_a_changed_word_is_deleted_then_inserted() -> None:
    pieces = diff_words("A greve começou no dia 1.", "A greve começou no dia 2.")
    assert pieces == [
        Piece("equal", "A greve começou no dia "),
        Piece("delete", "1"),
        Piece("insert", "2"),
        Piece("equal", "."),
    ]
    assert changed(pieces)
    assert not changed(diff_words("igual", "igual"))


@pytest.mark.parametrize("name", list(diff_pairs(LIMIT)))
def test_hostile_texts_at_the_size_limit_are_compared_quickly_and_right(name) -> None:
    old, new = diff_pairs(LIMIT)[name]
    assert max(len(old), len(new)) <= LIMIT
    started = time.perf_counter()
    pieces = diff_words(old, new)
    elapsed = time.perf_counter() - started
    print(f"{name}: {elapsed:.3f} s, {len(pieces)} pieces")  # benchmarks/diff.py for figures
    assert_well_formed(pieces, old, new)
    assert elapsed < 2  # about 0.1 s on an idle machine, never near 0.5 s


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a b " * (LIMIT // 4), "b a " * (LIMIT // 4)),
        ("a\nb\n" * (LIMIT // 4), "b\na\n" * (LIMIT // 4)),
        (".," * (LIMIT // 2), ",." * (LIMIT // 2)),
    ],
)
def test_a_repetitive_text_shifted_by_one_shows_as_a_small_change(old, new) -> None:
    """Nothing in them is unique; the bounded edit-distance search finds the shift."""
    pieces = diff_words(old, new)
    assert_well_formed(pieces, old, new)
    assert sum(len(piece.text) for piece in pieces if piece.op != "equal") <= 4


def test_one_paragraph_changed_in_a_long_text_shows_only_that_paragraph() -> None:
    paragraphs = [f"Paragraph {number} says {number * 7} things.\n\n" for number in range(1500)]
    old = "".join(paragraphs)
    paragraphs[700] = "Paragraph 700 says nothing.\n\n"
    pieces = diff_words(old, "".join(paragraphs))
    assert_well_formed(pieces, old, "".join(paragraphs))
    assert [piece for piece in pieces if piece.op != "equal"] == [
        Piece("delete", "4900 things"),
        Piece("insert", "nothing"),
    ]


def test_without_difflib_a_small_edit_is_found_by_the_anchors_or_the_search() -> None:
    pieces = diff_words("x y x y x y x", "y x y x y x y x", matcher_budget=0)
    assert pieces == [Piece("insert", "y "), Piece("equal", "x y x y x y x")]
    pieces = diff_words("one two three two one", "one two four two one", matcher_budget=0)
    assert [piece for piece in pieces if piece.op != "equal"] == [
        Piece("delete", "three"),
        Piece("insert", "four"),
    ]


def test_with_no_budget_left_the_change_is_whole_but_right() -> None:
    old, new = "one two three four", "one TWO three FOUR"
    pieces = diff_words(old, new, budget=0)
    assert pieces == [
        Piece("equal", "one "),
        Piece("delete", "two three four"),
        Piece("insert", "TWO three FOUR"),
    ]

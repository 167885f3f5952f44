"""The order of a speakers' list and the timer's arithmetic, pure functions."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from internationale.congresses.services import floor_order
from internationale.congresses.services.floor_order import Waiting, speaking_order, time_left

KINDS = ("order", "for", "against", "on")
LISTS = ("general", "women", "first")
ALTERNATIONS = ("none", "women", "first")


@st.composite
def lists_of_speakers(draw: st.DrawFn) -> list[Waiting]:
    rows = draw(
        st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(LISTS), st.integers(0, 50)))
    )
    return [Waiting(i + 1, kind, list_, rank) for i, (kind, list_, rank) in enumerate(rows)]


@given(lists_of_speakers(), st.sampled_from(ALTERNATIONS), st.sampled_from((None, *LISTS)))
def test_everyone_waiting_appears_exactly_once(
    waiting: list[Waiting], alternation: str, last: str | None
) -> None:
    order = speaking_order(waiting, alternation, last_list=last)
    assert sorted(order) == sorted(w.id for w in waiting)


@given(lists_of_speakers(), st.sampled_from(ALTERNATIONS))
def test_points_of_order_come_first(waiting: list[Waiting], alternation: str) -> None:
    kinds = {w.id: w.kind for w in waiting}
    order = [kinds[i] == "order" for i in speaking_order(waiting, alternation)]
    assert order == sorted(order, reverse=True)


@given(lists_of_speakers(), st.sampled_from((None, *LISTS)))
def test_women_and_others_alternate_while_both_lists_wait(
    waiting: list[Waiting], last: str | None
) -> None:
    by_id = {w.id: w for w in waiting}
    rest = [by_id[i] for i in speaking_order(waiting, "women", last_list=last)]
    rest = [w for w in rest if w.kind != "order"]
    women = sum(w.list == "women" for w in rest)
    both = 2 * min(women, len(rest) - women)
    sides = [w.list == "women" for w in rest[:both]]
    assert all(a != b for a, b in itertools.pairwise(sides))
    if sides:
        assert sides[0] == (last != "women")


@given(lists_of_speakers())
def test_first_time_speakers_come_before_the_others(waiting: list[Waiting]) -> None:
    by_id = {w.id: w for w in waiting}
    rest = [by_id[i] for i in speaking_order(waiting, "first") if by_id[i].kind != "order"]
    firsts = [w.list == "first" for w in rest]
    assert firsts == sorted(firsts, reverse=True)


def test_one_list_keeps_the_order_of_asking() -> None:
    waiting = [
        Waiting(1, "for", "women", 3),
        Waiting(2, "on", "general", 1),
        Waiting(3, "order", "general", 9),
    ]
    assert speaking_order(waiting, "none") == [3, 2, 1]


def test_time_left_counts_down_while_running_and_stands_when_stopped() -> None:
    assert time_left(seconds_left=300, started_at=None, now=1_000.0) == 300
    assert time_left(seconds_left=300, started_at=1_000.0, now=1_090.5) == 210
    assert time_left(seconds_left=30, started_at=1_000.0, now=1_045.0) == -15


def test_the_order_module_imports_no_django() -> None:
    tree = ast.parse(Path(floor_order.__file__).read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert "django" not in imported
    assert "internationale" not in imported

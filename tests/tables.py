"""Permission tables written as text: a header of states, a row of marks per person."""

from __future__ import annotations


def read_table(text: str, states: list[str]) -> dict[tuple[str, str], bool]:
    """``{(person, state): allowed}`` from rows such as ``editor  Y  .  Y`` ("Y" or ".")."""
    header, *rows = text.strip().splitlines()
    assert header.split() == states
    cells = {}
    for row in rows:
        person, *marks = row.split()
        assert len(marks) == len(states), row
        assert set(marks) <= {"Y", "."}, row
        cells.update(
            {(person, state): mark == "Y" for state, mark in zip(states, marks, strict=True)}
        )
    return cells

"""A word-level diff of two texts, for people comparing revisions.

``diff_words`` splits both texts into words, spaces and line breaks, aligns
them with difflib's SequenceMatcher and returns the pieces in order, each
marked equal, inserted or deleted. A changed word shows as the old word
deleted and the new one inserted, the way an editor marks a proof.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "insert", "delete"]

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def diff_words(old: str, new: str) -> list[Piece]:
    """Pieces that turn ``old`` into ``new``; joining the non-inserted ones gives ``old``."""
    a, b = tokens(old), tokens(new)
    pieces: list[Piece] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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

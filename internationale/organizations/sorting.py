"""The order names are listed in: natural (No. 2 before No. 10), ignoring case and accents.

``natural_key`` turns a name into a string whose plain code-point order is that
order, so that the database can sort by it, and index it, without knowing any
language: a stored column (``SortKeyField``) keeps it beside the name.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import models

#: Longest key kept: names are at most 300 characters, and folding can lengthen them.
MAX_KEY = 600

_NUMBER = re.compile(r"[0-9]+", re.ASCII)
_TATWEEL = "\u0640"  # Arabic elongation: a way of drawing a word, not a letter


def _number(match: re.Match[str]) -> str:
    """Digits as a number: their count (two digits) first, so that 9 < 10 < 100."""
    digits = match.group().lstrip("0")[:99] or "0"
    return f"{len(digits):02d}{digits}"


def _folded(name: str) -> str:
    """Lower case, no accents or vowel marks, any script's digits as 0-9, punctuation as spaces."""
    kept = []
    for char in unicodedata.normalize("NFKD", name.casefold()):
        if unicodedata.combining(char) or char == _TATWEEL:
            continue
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            kept.append(str(digit))
        else:
            kept.append(char if char.isalnum() else " ")
    return " ".join("".join(kept).split())


def natural_key(name: str) -> str:
    """The key that sorts ``name`` naturally: "No. 2" before "No. 10", "é" with "e".

    Letters compare by code point after folding (case, accents, Arabic vowel
    marks and hamza seats removed), so each script keeps its alphabet's order
    and Latin names come before Arabic ones. A name of punctuation alone keeps
    its folded characters, so that no key is empty.
    """
    folded = _folded(name) or " ".join(name.casefold().split())
    return _NUMBER.sub(_number, folded)[:MAX_KEY]


class SortKeyField(models.CharField):  # type: ignore[type-arg]
    """A name's ``natural_key``, computed from the ``source`` field whenever a row is written.

    It is set in ``pre_save``, as ``auto_now`` sets a date: ``save()``,
    ``create()`` and ``bulk_create()`` all go through it; ``update()`` and
    ``bulk_update()`` do not, so a name is never changed that way. It is
    compared byte by byte on PostgreSQL (collation "C") as it is on SQLite,
    so both databases list names in the same order, whatever their locale.
    """

    def __init__(self, *args: Any, source: str = "name", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", MAX_KEY)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("max_length", MAX_KEY), ("editable", False), ("default", "")):
            if kwargs.get(key, value) == value:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = natural_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters

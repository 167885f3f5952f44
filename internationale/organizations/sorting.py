"""The order names are listed in: natural (No. 2 before No. 10), ignoring case and accents.

``natural_key`` turns a name into a string whose plain code-point order is that
order, so that the database can sort by it, and index it, without knowing any
language. ``directory_key`` puts the region's position and the country's name
before it: the directory's whole order in one string, which a stored column
(``SortKeyField``) keeps on each organization so that an index serves the
directory's pages.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import models

#: Longest name key kept: names are at most 300 characters, and folding can lengthen them.
MAX_KEY = 600
#: Longest directory key: region, country and name keys.
MAX_DIRECTORY_KEY = 800
#: Between the parts of a directory key: a space, the smallest character a key holds, so
#: that a shorter name comes first ("Guinea" before "Guinea-Bissau") and each region's and
#: country's organizations stay together (a country's code, in capitals, is never part of
#: a name key, which is in lower case).
SEPARATOR = " "
#: Where organizations without a region go: after every region.
NO_REGION = 99999

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


def directory_key(
    region: tuple[int, str] | None, country: tuple[str, str] | None, name: str
) -> str:
    """The key of an organization's place in the directory: region, then country, then name.

    ``region`` is its (position, slug), ``country`` its (name, code): the slug
    and the code keep two regions at one position, or two countries of one
    name, apart. Organizations without a country (networks) come first in
    their region, those without a region last.
    """
    position, slug = region if region is not None else (NO_REGION, "")
    country_name, code = country if country is not None else ("", "")
    parts = (f"{position:05d}", slug, natural_key(country_name) if country_name else "", code)
    return SEPARATOR.join((*parts, natural_key(name)))[:MAX_DIRECTORY_KEY]


class SortKeyField(models.CharField):  # type: ignore[type-arg]
    """A key computed by the model's method ``compute`` whenever a row is written.

    It is set in ``pre_save``, as ``auto_now`` sets a date: ``save()``,
    ``create()`` and ``bulk_create()`` all go through it; ``update()`` and
    ``bulk_update()`` do not, so what the key is made of is never changed
    that way. It is compared byte by byte on PostgreSQL (collation "C") as
    on SQLite, so both databases list names in the same order, whatever
    their locale.
    """

    def __init__(self, *args: Any, compute: str = "", **kwargs: Any) -> None:
        self.compute = compute
        kwargs.setdefault("max_length", MAX_DIRECTORY_KEY)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["compute"] = self.compute
        for key, value in (("max_length", MAX_DIRECTORY_KEY), ("editable", False), ("default", "")):
            if kwargs.get(key, value) == value:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        compute = getattr(model_instance, self.compute, None)
        if compute is None:  # a migration's historical model, which has no methods
            return str(getattr(model_instance, self.attname))
        value: str = compute()
        setattr(model_instance, self.attname, value)
        return value

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters

"""Reads about congresses as a whole: the list, one congress's call."""

from __future__ import annotations

from django.db.models import QuerySet

from internationale.congresses.models import Congress, CongressCall
from internationale.core.translations import Chosen, choose


def congresses() -> QuerySet[Congress]:
    """Every congress, the coming and latest first."""
    return Congress.objects.order_by("-opens_on", "title")


def call_in(congress: Congress, language: str) -> Chosen[CongressCall] | None:
    """The call in ``language``, else its original; None before the call is written."""
    return choose(congress.calls.all(), language)

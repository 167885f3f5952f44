"""Reads about congresses as a whole: the list, one congress's call, who is told of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet

from internationale.congresses.models import Congress, CongressCall, Phase
from internationale.core.translations import Chosen, LanguageVersion, choose, language_versions
from internationale.organizations.models import SECTION_STATUSES

#: The statuses whose organizations are sections of the international (told of a call).


def congresses() -> QuerySet[Congress]:
    """Every congress, the coming and latest first."""
    return Congress.objects.order_by("-opens_on", "title")


@dataclass(frozen=True)
class CongressList:
    coming: list[Congress]  # the next first; those without dates last
    past: list[Congress]  # the latest first


def coming_and_past(today: date) -> CongressList:
    """Congresses not yet over, soonest first, and those closed or over, latest first."""
    over = Q(phase=Phase.CLOSED) | Q(closes_on__lt=today) | Q(closes_on=None, opens_on__lt=today)
    coming = Congress.objects.exclude(over).order_by("opens_on", "title")
    past = Congress.objects.filter(over).order_by("-opens_on", "title")
    dated = [c for c in coming if c.opens_on is not None]
    return CongressList([*dated, *(c for c in coming if c.opens_on is None)], list(past))


def call_in(congress: Congress, language: str) -> Chosen[CongressCall] | None:
    """The call in ``language``, else its original; None before the call is written."""
    return choose(congress.calls.all(), language)


def call_languages(congress: Congress) -> list[LanguageVersion[CongressCall]]:
    """Each language of the site with the call in it, if written, and how it stands."""
    return language_versions(congress.calls.all())


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def call_recipients(congress: Congress) -> list[Recipient]:
    """Every representative of an official or sympathizing section, once, with a language.

    The mail door renders in the language it is given, else the current one; no
    account stores a language, so each is given their section's: the language its
    description was first written in, when the site has it, else the call's original.
    """
    from internationale.accounts.models import Role, RoleAssignment
    from internationale.organizations.models import Description

    rows = list(
        RoleAssignment.objects.filter(
            role=Role.REPRESENTATIVE,
            organization__status__in=SECTION_STATUSES,
            user__is_active=True,
        )
        .order_by("user__email", "organization__sort_key")
        .values_list("user__email", "organization_id")
    )
    spoken = dict(
        Description.objects.filter(
            organization_id__in={org for _email, org in rows}, is_original=True
        ).values_list("organization_id", "language")
    )
    shipped = {code for code, _name in settings.LANGUAGES}
    original = congress.calls.filter(is_original=True).values_list("language", flat=True).first()
    fallback = original or settings.LANGUAGE_CODE
    chosen: dict[str, str] = {}
    for email, org in rows:
        language = spoken.get(org, "")
        chosen.setdefault(email, language if language in shipped else fallback)
    return [Recipient(email, language) for email, language in chosen.items()]


def sections_told() -> tuple[int, int]:
    """How many representatives the call goes to, and of how many sections."""
    from internationale.accounts.models import Role, RoleAssignment

    held = RoleAssignment.objects.filter(
        role=Role.REPRESENTATIVE, organization__status__in=SECTION_STATUSES, user__is_active=True
    )
    people = held.values("user_id").distinct().count()
    return people, held.values("organization_id").distinct().count()

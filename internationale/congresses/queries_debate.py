"""Reads of the pre-congress debate, with their joins and prefetches built in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from internationale.accounts.models import User
from internationale.accounts.permissions import AnyUser, is_secretariat
from internationale.congresses.models import (
    Bulletin,
    Congress,
    Contribution,
    ContributionText,
    Endorsement,
    Tendency,
    TendencySignatory,
)
from internationale.core.translations import Chosen, choose
from internationale.organizations.models import Organization


@dataclass(frozen=True)
class Shown:
    """A contribution with its text as one reader sees it."""

    contribution: Contribution
    text: Chosen[ContributionText]


def _contributions() -> QuerySet[Contribution]:
    return (
        Contribution.objects.select_related("organization", "tendency", "submitted_by", "bulletin")
        .prefetch_related("texts")
        .annotate(endorsement_count=Count("endorsements", distinct=True))
        .order_by("submitted_at", "id")
    )


def shown(contributions: QuerySet[Contribution] | list[Contribution], language: str) -> list[Shown]:
    """Each contribution with its text in ``language``, else its original (a text-less one,
    which the services never make, is left out)."""
    result = []
    for contribution in contributions:
        text = choose(contribution.texts.all(), language)
        if text is not None:
            result.append(Shown(contribution, text))
    return result


def waiting(congress: Congress) -> QuerySet[Contribution]:
    """The contributions submitted and not yet in a bulletin, oldest first."""
    return _contributions().filter(congress=congress, state=Contribution.State.SUBMITTED)


def withdrawn_for(user: AnyUser, congress: Congress) -> QuerySet[Contribution]:
    """The withdrawn contributions ``user`` may still see: their own (all of them for the
    secretariat)."""
    rows = _contributions().filter(congress=congress, state=Contribution.State.WITHDRAWN)
    if is_secretariat(user):
        return rows
    if not user.is_authenticated:
        return rows.none()
    return rows.filter(submitted_by=user)


def contribution(congress: Congress, pk: int) -> Contribution | None:
    return _contributions().filter(congress=congress, pk=pk).first()


def endorsements(contribution: Contribution) -> QuerySet[Endorsement]:
    return contribution.endorsements.select_related("user", "organization").order_by(
        "endorsed_at", "id"
    )


def bulletins(congress: Congress) -> QuerySet[Bulletin]:
    return (
        Bulletin.objects.filter(congress=congress)
        .annotate(size=Count("contributions"))
        .order_by("number")
    )


def bulletin(congress: Congress, number: int) -> Bulletin | None:
    return Bulletin.objects.filter(congress=congress, number=number).first()


def in_bulletin(bulletin: Bulletin) -> QuerySet[Contribution]:
    return _contributions().filter(bulletin=bulletin).order_by("position")


def text_key(items: list[Shown]) -> str:
    """What a bulletin's PDF in one language is made from: each text shown and its version
    (and for a translation, the original's version it follows). A new translation or a
    changed one gives a new key."""
    parts = [
        f"{s.contribution.pk}:{s.text.item.pk}:{s.text.item.version}:"
        f"{s.text.item.translated_from_version}:{int(s.text.is_outdated)}"
        for s in items
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def tendencies(congress: Congress) -> QuerySet[Tendency]:
    """The registry: each tendency with its platforms, its signatories' number and its
    contributions (withdrawn ones left out)."""
    return (
        Tendency.objects.filter(congress=congress)
        .annotate(signatory_count=Count("signatories", distinct=True))
        .prefetch_related(
            "platforms",
            Prefetch(
                "contributions",
                queryset=Contribution.objects.exclude(
                    state=Contribution.State.WITHDRAWN
                ).prefetch_related("texts"),
            ),
        )
        .order_by("declared_at", "id")
    )


def tendency(congress: Congress, pk: int) -> Tendency | None:
    return tendencies(congress).filter(pk=pk).first()


def signatories(tendency: Tendency) -> QuerySet[TendencySignatory]:
    return tendency.signatories.select_related("user").order_by("signed_at", "id")


def signed(user: AnyUser, congress: Congress) -> TendencySignatory | None:
    if not isinstance(user, User):
        return None
    return TendencySignatory.objects.filter(congress=congress, user=user).first()


def sections(ids: frozenset[int]) -> list[Organization]:
    """The sections of these ids, by name (those a representative may act for)."""
    if not ids:
        return []
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


def next_bulletin_number(congress: Congress) -> int:
    """The number the next bulletin will have (the service decides under its lock)."""
    last = Bulletin.objects.filter(congress=congress).order_by("-number").first()
    return last.number + 1 if last else 1

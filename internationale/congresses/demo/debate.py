"""The demo congress's debate: two tendencies, seven contributions in five languages, two
published bulletins and two contributions awaiting the third. Idempotent: what exists
(by tendency name, by the original's title, by bulletin number) is left as it is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import transaction

from internationale.accounts.demo import demo_user
from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.demo.debate_texts import (
    CONTRIBUTIONS,
    ENDORSEMENTS,
    MEMBERS,
    TENDENCIES,
)
from internationale.congresses.models import (
    Bulletin,
    Congress,
    Contribution,
    ContributionText,
    Endorsement,
    Tendency,
    TendencyPlatform,
    TendencySignatory,
)
from internationale.organizations.models import Organization

#: The debate's first day in the demo; later rows follow a few days apart.
START = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)


@transaction.atomic
def load(congress: Congress) -> int:
    """Add the debate's demo data to ``congress``; return how many rows were made."""
    made = 0
    for email, name in MEMBERS:
        user, new = demo_user(email, name)
        assign_role(by=None, user=user, role=Role.MEMBER)
        made += new
    made += _tendencies(congress)
    made += _contributions(congress)
    return made


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _tendencies(congress: Congress) -> int:
    made = 0
    for number, (name, original, platforms, signatories) in enumerate(TENDENCIES):
        if Tendency.objects.filter(congress=congress, name__iexact=name).exists():
            continue
        declared_at = START + timedelta(days=2 * number)
        tendency = Tendency.objects.create(
            congress=congress, name=name, declared_by=_user(signatories[0]), declared_at=declared_at
        )
        for language, body in platforms.items():
            TendencyPlatform.objects.create(
                tendency=tendency,
                language=language,
                is_original=language == original,
                translated_from_version=None if language == original else 1,
                body=body,
            )
        for email in signatories:
            TendencySignatory.objects.get_or_create(
                congress=congress,
                user=_user(email),
                defaults={"tendency": tendency, "signed_at": declared_at},
            )
        made += 1
    return made


def _contributions(congress: Congress) -> int:
    made = 0
    keys: dict[str, Contribution] = {}
    for number, (key, kind, author, bulletin, original, texts) in enumerate(CONTRIBUTIONS):
        title = texts[original][0]
        existing = ContributionText.objects.filter(
            contribution__congress=congress, is_original=True, title=title
        ).first()
        if existing is not None:
            keys[key] = existing.contribution
            continue
        keys[key] = _contribution(congress, number, kind, author, bulletin, original, texts)
        made += 1
    for key, email in ENDORSEMENTS:
        _row, new = Endorsement.objects.get_or_create(contribution=keys[key], user=_user(email))
        made += new
    return made


def _contribution(
    congress: Congress,
    number: int,
    kind: str,
    author: str,
    bulletin_number: int | None,
    original: str,
    texts: dict[str, tuple[str, str]],
) -> Contribution:
    secretariat = User.objects.filter(email="secretariat@demo.invalid").first()
    submitted_at = START + timedelta(days=3 * number + 1)
    bulletin = None
    if bulletin_number is not None:
        bulletin, _new = Bulletin.objects.get_or_create(
            congress=congress,
            number=bulletin_number,
            defaults={
                "published_by": secretariat,
                "published_at": START + timedelta(days=10 * bulletin_number),
            },
        )
    organization = Organization.objects.get(name=author) if kind == "section" else None
    tendency = Tendency.objects.get(congress=congress, name=author) if kind == "tendency" else None
    submitted_by: User | None = secretariat
    if kind == "member":
        submitted_by = _user(author)
    elif kind == "section":
        submitted_by = User.objects.filter(email="section@demo.invalid").first()
    elif tendency is not None:
        submitted_by = tendency.declared_by
    contribution = Contribution.objects.create(
        congress=congress,
        author_kind=kind,
        organization=organization,
        tendency=tendency,
        submitted_by=submitted_by,
        submitted_at=submitted_at,
        state=Contribution.State.IN_BULLETIN if bulletin else Contribution.State.SUBMITTED,
        bulletin=bulletin,
        position=bulletin.contributions.count() + 1 if bulletin else None,
    )
    for language, (title, body) in texts.items():
        ContributionText.objects.create(
            contribution=contribution,
            language=language,
            is_original=language == original,
            translated_from_version=None if language == original else 1,
            title=title,
            body=body,
        )
    return contribution

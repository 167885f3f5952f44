"""A correspondent's byline: how their reports are signed."""

from __future__ import annotations

from django.db import transaction

from internationale.accounts.models import User
from internationale.wire.models import WAITING, WITH_CORRESPONDENT, Correspondent, Report


@transaction.atomic
def save_correspondent(
    *, user: User, pen_name: str, public_name: str, byline: str
) -> Correspondent:
    """Create or change the correspondent's byline; reports not yet published follow it."""
    profile, _created = Correspondent.objects.select_for_update().get_or_create(
        user=user,
        defaults={"pen_name": pen_name, "public_name": public_name, "byline": byline},
    )
    profile.pen_name, profile.public_name, profile.byline = pen_name, public_name, byline
    profile.save()
    Report.objects.filter(author=user, state__in=[*WITH_CORRESPONDENT, *WAITING]).update(
        byline=profile.signature
    )
    return profile


def byline_for(user: User) -> str:
    profile = Correspondent.objects.filter(user=user).first()
    return profile.signature if profile is not None else ""

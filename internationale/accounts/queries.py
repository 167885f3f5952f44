from __future__ import annotations

from django.db.models import QuerySet

from internationale.accounts.models import Invitation


def invitations() -> QuerySet[Invitation]:
    """Invitations, newest first, with who sent them."""
    return Invitation.objects.select_related("invited_by").order_by("-created_at", "-id")

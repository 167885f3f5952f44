"""The one gate views use: the logged-in user when a permission predicate allows, else 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from internationale.accounts.models import User


def allowed_user(request: HttpRequest, allowed: bool) -> User:
    """The request's user if ``allowed`` (the answer of a predicate in permissions.py); else 403."""
    user = request.user
    if not allowed or not isinstance(user, User):
        raise PermissionDenied
    return user

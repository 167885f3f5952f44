from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from internationale.accounts.permissions import is_secretariat


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "show_staff_link": user is not None and is_secretariat(user),
    }

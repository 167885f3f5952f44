from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.web.models import SitePage


@transaction.atomic
def save_site_page(*, by: User, slug: str, language: str, title: str, body: str) -> SitePage:
    """Create or replace one language version of a site page, and audit it."""
    page, created = SitePage.objects.select_for_update().get_or_create(
        slug=slug,
        language=language,
        defaults={"title": title, "body": body, "updated_by": by},
    )
    if not created:
        page.title, page.body = title, body
        page.updated_by, page.updated_at = by, timezone.now()
        page.save()
    record_audit(
        actor=by,
        action="page.create" if created else "page.update",
        target=page,
        details={"language": language},
    )
    return page

"""Declarations in the admin, to look only: they are written through the secretariat's pages.

The pages (views/manage.py, views/staff.py) go through the services, which keep the
texts' versions, the list's cache and the audit log right; an admin form
would not.
"""

from django.contrib import admin

from internationale.accounts.admin import ReadOnlyAdmin
from internationale.declarations.models import Declaration, DeclarationText, Signature


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ["slug", "state", "signers", "opens_at", "closes_at"]
    list_filter = ["state"]


@admin.register(DeclarationText)
class DeclarationTextAdmin(ReadOnlyAdmin):
    list_display = ["declaration", "language", "title", "is_original", "version"]
    list_filter = ["language"]
    # In the order of reading, not the model's (its versioning fields come from core first).
    fields = [
        "declaration", "language", "title", "body", "is_original", "version",
        "translated_from_version",
    ]  # fmt: skip


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "country", "state", "verified", "needs_moderation", "flagged"]
    list_filter = ["state", "kind", "needs_moderation", "verified"]
    search_fields = ["name", "acronym"]
    list_select_related = ["country"]
    exclude = ["email"]  # addresses leave the site only through the audited staff CSV

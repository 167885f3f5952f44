from django.contrib import admin

from internationale.core.admin import SecretariatAdmin
from internationale.declarations.models import Declaration, DeclarationText, Signature


class DeclarationTextInline(admin.StackedInline):  # type: ignore[type-arg]
    model = DeclarationText
    extra = 1
    fields = ["language", "title", "body", "is_original"]

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        from internationale.accounts.permissions import is_secretariat

        return is_secretariat(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Declaration)
class DeclarationAdmin(SecretariatAdmin):
    list_display = ["slug", "state", "signers", "opens_at", "closes_at"]
    list_filter = ["state"]
    prepopulated_fields = {"slug": []}
    inlines = [DeclarationTextInline]


@admin.register(Signature)
class SignatureAdmin(SecretariatAdmin):
    list_display = ["name", "kind", "country", "state", "verified", "needs_moderation", "flagged"]
    list_filter = ["state", "kind", "needs_moderation", "verified"]
    search_fields = ["name", "acronym"]
    list_select_related = ["country"]
    readonly_fields = ["email", "created_at", "confirmed_at", "state"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

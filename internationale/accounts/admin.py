from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from internationale.accounts.models import AuditEntry, Invitation, RoleAssignment, User
from internationale.accounts.permissions import is_secretariat
from internationale.core.admin import HostileInputSafe, ReadOnlyAdmin, SecretariatAdmin


class RoleAssignmentInline(HostileInputSafe, admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["region", "country", "organization", "congress"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_secretariat(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(SecretariatAdmin):
    list_display = ["email", "display_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "role_assignments__role"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    fields = ["email", "display_name", "is_active", "is_staff", "date_joined", "last_login"]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [RoleAssignmentInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        from internationale.accounts.services import acting_user, record_audit

        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects + [o for o, _ in formset.changed_objects]:
            record_audit(
                actor=acting_user(request),
                action="role.assign",
                target=obj.user,
                details={"role": str(obj)},
            )
        for obj in formset.deleted_objects:
            record_audit(
                actor=acting_user(request),
                action="role.revoke",
                target=obj.user,
                details={"role": str(obj)},
            )


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "invited_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_repr", "action"]
    date_hierarchy = "at"

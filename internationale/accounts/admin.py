"""The base of every admin page (open to the secretariat, every change audited) and the
accounts' own admin pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from internationale.accounts.models import AuditEntry, Invitation, RoleAssignment, User
from internationale.accounts.permissions import is_secretariat
from internationale.accounts.services import acting_user, record_audit
from internationale.core.admin import HostileInputSafe


class SecretariatAdmin(HostileInputSafe, admin.ModelAdmin):  # type: ignore[type-arg]
    """Open to the secretariat; records additions, changes and deletions in the audit log."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_secretariat(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_secretariat(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_secretariat(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_secretariat(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_secretariat(request.user)

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        record_audit(
            actor=acting_user(request),
            action=f"{obj._meta.model_name}.{'change' if change else 'add'}",
            target=obj,
            details={"fields": sorted(form.changed_data)} if change else {},
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        record_audit(
            actor=acting_user(request),
            action=f"{obj._meta.model_name}.delete",
            target=obj,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(SecretariatAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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

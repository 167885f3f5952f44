"""The base of every admin page: the secretariat may use it, and every change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from internationale.accounts.permissions import is_secretariat


class SecretariatAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
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
        from internationale.accounts.services import acting_user, record_audit

        super().save_model(request, obj, form, change)
        record_audit(
            actor=acting_user(request),
            action=f"{obj._meta.model_name}.{'change' if change else 'add'}",
            target=obj,
            details={"fields": sorted(form.changed_data)} if change else {},
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        from internationale.accounts.services import acting_user, record_audit

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

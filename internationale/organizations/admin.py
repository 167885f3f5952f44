from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from internationale.accounts.admin import ReadOnlyAdmin, SecretariatAdmin
from internationale.accounts.services import acting_user
from internationale.organizations import services
from internationale.organizations.models import (
    AgreementPoint,
    Application,
    Country,
    Organization,
    Region,
    StatusChange,
)


@admin.register(Region)
class RegionAdmin(SecretariatAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    ordering = ["position"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A region that moves takes its organizations' place in the directory with it."""
        super().save_model(request, obj, form, change)
        if change and {"position", "slug"} & set(form.changed_data):
            services.rekey_organizations(region=obj)


@admin.register(Country)
class CountryAdmin(SecretariatAdmin):
    list_display = ["name", "code", "region", "is_territory"]
    list_filter = ["region", "is_territory"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A renamed country keeps its organizations in its new place in the directory.

        (Moving a country to another region changes no organization's region:
        that is for its organizations' entries, as before.)
        """
        super().save_model(request, obj, form, change)
        if change and {"name", "code"} & set(form.changed_data):
            services.rekey_organizations(country=obj)


@admin.register(Organization)
class OrganizationAdmin(SecretariatAdmin):
    """Browse and search; edits go through the directory pages, which keep the rules."""

    list_display = ["name", "acronym", "country", "region", "status", "kind"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["name", "acronym", "search_text"]
    list_select_related = ["country", "region"]
    readonly_fields = ["status", "status_since", "created_at"]
    formfield_overrides = {
        **SecretariatAdmin.formfield_overrides,
        models.URLField: {"assume_scheme": "https"},
    }
    autocomplete_fields = ["country", "region_override"]
    exclude = ["logo"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Save through the services, which keep the region and the search text right."""
        data = services.organization_data(obj)
        if change:
            services.update_organization(by=acting_user(request), organization_id=obj.pk, data=data)
        else:
            created = services.create_organization(by=acting_user(request), data=data)
            obj.pk = created.pk


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["organization", "previous", "status", "effective_on", "changed_by"]
    list_select_related = ["organization", "changed_by"]


@admin.register(AgreementPoint)
class AgreementPointAdmin(SecretariatAdmin):
    list_display = ["position", "__str__"]
    ordering = ["position"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["organization", "requested", "state", "submitted_at"]
    list_filter = ["state"]
    list_select_related = ["organization"]

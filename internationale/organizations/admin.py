from django.contrib import admin

from internationale.core.admin import SecretariatAdmin
from internationale.organizations.models import Country, Organization, Region


@admin.register(Region)
class RegionAdmin(SecretariatAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    ordering = ["position"]


@admin.register(Country)
class CountryAdmin(SecretariatAdmin):
    list_display = ["name", "code", "region", "is_territory"]
    list_filter = ["region", "is_territory"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]


@admin.register(Organization)
class OrganizationAdmin(SecretariatAdmin):
    list_display = ["name", "acronym", "country"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["country", "region_override"]
    list_select_related = ["country"]

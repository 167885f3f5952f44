from django.contrib import admin

from internationale.congresses.models import Congress
from internationale.core.admin import SecretariatAdmin


@admin.register(Congress)
class CongressAdmin(SecretariatAdmin):
    list_display = ["title", "opens_on"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}

from django.contrib import admin

from internationale.accounts.admin import SecretariatAdmin
from internationale.congresses.models import Congress


@admin.register(Congress)
class CongressAdmin(SecretariatAdmin):
    list_display = ["title", "opens_on"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}

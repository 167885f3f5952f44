from django.contrib import admin

from internationale.accounts.admin import SecretariatAdmin
from internationale.web.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(SecretariatAdmin):
    list_display = ["slug", "language", "title", "updated_at"]

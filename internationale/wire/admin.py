"""The secretariat's admin for the wire: topics and correspondents' bylines.

Reports are edited on the desk (where every change is a revision), so the
admin shows them read-only.
"""

from django.contrib import admin

from internationale.accounts.admin import ReadOnlyAdmin, SecretariatAdmin
from internationale.wire.models import Correspondent, Report, Topic


@admin.register(Topic)
class TopicAdmin(SecretariatAdmin):
    list_display = ["slug", "name", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Correspondent)
class CorrespondentAdmin(SecretariatAdmin):
    list_display = ["pen_name", "public_name", "byline", "user"]
    search_fields = ["pen_name", "public_name", "user__email"]
    list_select_related = ["user"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "state", "language", "published_at", "pinned"]
    list_filter = ["state", "kind", "language", "pinned"]
    search_fields = ["title"]
    exclude = ["author"]

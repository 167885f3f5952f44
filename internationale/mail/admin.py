from django.contrib import admin

from internationale.accounts.admin import ReadOnlyAdmin
from internationale.mail.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state"]
    exclude = ["body", "alternatives"]  # confirmation links are for their recipient only

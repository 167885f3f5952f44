from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "internationale.mail"
    label = "mail"
    verbose_name = _("Mail outbox")

    def ready(self) -> None:
        from internationale.mail import checks  # noqa: F401  (registers the deploy check)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "internationale.declarations"
    label = "declarations"
    verbose_name = _("Declarations")

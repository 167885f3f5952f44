from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WireConfig(AppConfig):
    name = "internationale.wire"
    label = "wire"
    verbose_name = _("News wire")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressesConfig(AppConfig):
    name = "internationale.congresses"
    label = "congresses"
    verbose_name = _("Congresses")

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        from internationale.congresses.services.delegates import link_on_sign_up

        # A delegate nominated by e-mail is linked to the account their invitation made.
        user_signed_up.connect(link_on_sign_up, dispatch_uid="congresses.delegates.link_on_sign_up")

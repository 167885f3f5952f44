"""Production sends mail through an SMTP server, never to the worker's output."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


def delivery_problem() -> str | None:
    """Why the configured delivery may not be used here, or None when it may.

    Console mail prints every message, signers' addresses and working
    confirmation links included, to the worker's output: only the demo,
    DEBUG and the tests may use it (settings.CONSOLE_MAIL_ALLOWED).
    """
    backend = str(settings.OUTBOX_DELIVERY.get("EMAIL_BACKEND", ""))
    if backend.endswith("smtp.EmailBackend"):
        return None
    if backend.endswith("console.EmailBackend") and settings.CONSOLE_MAIL_ALLOWED:
        return None
    return (
        "no mail server is configured: set EMAIL_URL to your SMTP server, e.g. "
        "EMAIL_URL=smtp+tls://user@mail.example.org:587 (the password in EMAIL_PASSWORD "
        "or EMAIL_PASSWORD_FILE). Printing mail to the worker's output, addresses and "
        "confirmation links included, is only for `internationale serve --demo` and DEBUG=true."
    )


@register(deploy=True)
def check_mail_delivery(**kwargs: Any) -> list[CheckMessage]:
    problem = delivery_problem()
    if problem is None:
        return []
    return [Error(problem, hint="See docs/operators.md, Configuration.", id="mail.E001")]

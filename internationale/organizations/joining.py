"""Writes: an organization applies from the public page, and its account comes with it.

The public form (``views/applications.join``) stores the application as a
``PendingApplication`` and mails a link to the address given. Nothing else
happens until the link is followed: no account, no entry in the directory.
Following it (``confirm_join``) proves the address: a new account is opened
with the password chosen there, or, if the address already has an account,
the application is filed under it once its holder has logged in. The page
answers the same whether or not the address has an account, and so does the
mail's subject, so the form reveals nothing about who is registered.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import mark_email_verified, record_audit
from internationale.mail.services import send_email
from internationale.organizations import services
from internationale.organizations.models import Application, Country, PendingApplication

#: How long the mailed link works.
LINK_LIFETIME = timedelta(days=3)
#: The same address again within this time is the same click twice: nothing more is sent.
REPEAT_WINDOW = timedelta(minutes=2)


class JoinError(ValueError):
    """The link cannot be used; the message says why, in the reader's language."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def application_data(
    cleaned: dict[str, Any], answers: list[tuple[int, str, str]]
) -> dict[str, Any]:
    """What the application form gave, as JSON to keep until the address is confirmed."""
    country = cleaned.get("country")
    return {
        "organization": {
            "name": cleaned["name"],
            "acronym": cleaned.get("acronym") or "",
            "kind": cleaned.get("kind") or "other",
            "country": country.pk if isinstance(country, Country) else None,
            "founded": cleaned.get("founded"),
            "website": cleaned.get("website") or "",
        },
        "requested": cleaned["requested"],
        "membership_size": cleaned["membership_size"],
        "contacts": cleaned["contacts"],
        "answers": [list(answer) for answer in answers],
    }


def request_to_join(*, email: str, data: dict[str, Any], language: str, base_url: str) -> None:
    """Keep the application and mail the link that confirms it; the same for any address.

    A second request for the same address replaces the first (and its link),
    except within REPEAT_WINDOW, when it is a double submit and nothing is
    sent. The partial unique constraint on unconfirmed addresses settles two
    concurrent requests: the second finds the first's row and does nothing.
    """
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    fields = {
        "token_hash": _hash(token),
        "data": data,
        "language": language,
        "created_at": now,
        "expires_at": now + LINK_LIFETIME,
    }
    with transaction.atomic():
        # Links nobody followed are not kept past their time (least data).
        PendingApplication.objects.filter(confirmed_at__isnull=True, expires_at__lt=now).delete()
        pending = (
            PendingApplication.objects.select_for_update()
            .filter(email=email, confirmed_at__isnull=True)
            .first()
        )
        if pending is not None and pending.created_at >= now - REPEAT_WINDOW:
            return
        if pending is not None:
            PendingApplication.objects.filter(pk=pending.pk).update(**fields)
        else:
            try:
                with transaction.atomic():
                    PendingApplication.objects.create(email=email, **fields)
            except IntegrityError:
                return  # the same form sent twice at once: the first one mails
        link = base_url.rstrip("/") + reverse("organizations:join_confirm", args=[token])
        send_email(
            to=[email],
            template="organizations/email/join",
            context={
                "link": link,
                "days": LINK_LIFETIME.days,
                "organization": data["organization"]["name"],
            },
            language=language or None,
        )


def find_pending(token: str) -> PendingApplication | None:
    """The usable pending application behind ``token``, or None."""
    pending = PendingApplication.objects.filter(token_hash=_hash(token)).first()
    return pending if pending is not None and pending.is_usable else None


def account_exists(pending: PendingApplication) -> bool:
    """Asked only on the page the mailed link opens: its reader holds the address."""
    return User.objects.filter(email=pending.email).exists()


@dataclass(frozen=True)
class Joined:
    user: User
    application: Application
    new_account: bool


def confirm_join(*, token: str, password: str, applicant: User | None, base_url: str) -> Joined:
    """File the application behind ``token``: its address is proven by the link.

    A new address gets an account with ``password`` (already validated by the
    form) and a verified address. An address with an account files the
    application under it, and only for that account logged in (``applicant``).
    Locks the pending row: a double click confirms once, the second gets
    JoinError. ``submit_application``'s errors roll everything back.
    """
    with transaction.atomic():
        pending = (
            PendingApplication.objects.select_for_update().filter(token_hash=_hash(token)).first()
        )
        if pending is None or not pending.is_usable:
            raise JoinError(_("This link has expired or has already been used."))
        user = User.objects.filter(email=pending.email).first()
        new_account = user is None
        if user is None:
            user = User.objects.create_user(pending.email, password)
            mark_email_verified(user)
            record_audit(actor=user, action="account.join", target=user)
        elif applicant is None or applicant.pk != user.pk:
            raise JoinError(_("Please log in with the address this link was sent to."))
        try:
            application = submit_application_data(user, pending.data, base_url)
        except services.ApplicationError as error:
            raise JoinError(str(error)) from error
        PendingApplication.objects.filter(pk=pending.pk).update(
            confirmed_at=timezone.now(), data={}
        )
    return Joined(user=user, application=application, new_account=new_account)


def submit_application_data(user: User, data: dict[str, Any], base_url: str) -> Application:
    """File the application ``application_data`` made, for a new organization.

    The one way both forms (the public one, once confirmed, and the logged-in
    one) reach ``services.submit_application``; its ApplicationError passes through.
    """
    organization = data["organization"]
    country_pk = organization["country"]
    return services.submit_application(
        applicant=user,
        organization=None,
        organization_data=services.OrganizationData(
            name=organization["name"],
            acronym=organization["acronym"],
            kind=organization["kind"],
            country=Country.objects.filter(pk=country_pk).first() if country_pk else None,
            founded=organization["founded"],
            website=organization["website"],
        ),
        requested=data["requested"],
        membership_size=data["membership_size"],
        contacts=data["contacts"],
        answers=[
            services.AnswerData(point_id=point_id, choice=choice, comment=comment)
            for point_id, choice, comment in data["answers"]
        ],
        base_url=base_url,
    )

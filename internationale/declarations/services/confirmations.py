"""The confirmation mail of a signature: its links, and its sending by the worker.

A new signature is stored marked ``mail_due`` in one INSERT (and marked again
when its signer asks for the mail again); the worker stores the mails of the
marked signatures in the outbox and clears their marks in one transaction, so
each mark gives one mail. The mails are made by the one mail door's two halves
(``mail.services.render_email`` and ``store_messages``, which ``send_email``
chains), rendered before that transaction. A signature that stopped waiting
before the worker came (withdrawn, hidden) gets none.

Locking contract: ``send_due_confirmations`` takes the marked signatures a
batch at a time, locked with ``SKIP LOCKED`` on PostgreSQL so that several
workers share the work (on SQLite the one writer lock serialises them).
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.urls import reverse

from internationale.declarations.models import Signature
from internationale.mail.services import render_email, store_messages

CONFIRM_SALT = "internationale.declarations.confirm"
WITHDRAW_SALT = "internationale.declarations.withdraw"
CONFIRM_MAX_AGE = timedelta(days=14)
CONFIRMATION_TEMPLATE = "declarations/email/confirm"
#: Signatures mailed per transaction.
BATCH = 200


def confirmation_token(signature: Signature) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(signature.pk))


def withdrawal_token(signature: Signature) -> str:
    return signing.Signer(salt=WITHDRAW_SALT).sign(str(signature.pk))


#: The salt and the age limit of each kind of mailed link.
LINKS: dict[str, tuple[str, timedelta | None]] = {
    "confirm": (CONFIRM_SALT, CONFIRM_MAX_AGE),
    "withdraw": (WITHDRAW_SALT, None),
}


def signature_id(token: str, action: str) -> int | None:
    """The signature a mailed link of the kind ``action`` names; None if bad or expired."""
    salt, max_age = LINKS[action]
    try:
        if max_age is None:
            value = signing.Signer(salt=salt).unsign(token)
        else:
            value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    return int(value)


def confirmation_context(signature: Signature) -> dict[str, object]:
    """The confirmation mail's variables; its links are made from the signature's key."""
    return {
        "name": signature.name,
        "confirm_link": signature.link_base
        + reverse("declarations:confirm", args=[confirmation_token(signature)]),
        "withdraw_link": signature.link_base
        + reverse("declarations:withdraw", args=[withdrawal_token(signature)]),
        "days": CONFIRM_MAX_AGE.days,
    }


def send_due_confirmations(*, limit: int = 5_000) -> int:
    """Mail every signature marked ``mail_due`` (at most ``limit``); how many were done.

    A batch's mails are rendered first, outside any transaction (on SQLite a
    transaction holds the one write lock, and signers would wait behind the
    rendering); then one short transaction takes the batch's signatures still
    marked (``SKIP LOCKED`` on PostgreSQL: another worker's are skipped), stores
    the mails of those still waiting and clears the marks.
    """
    done = 0
    while done < limit:
        batch = list(
            Signature.objects.filter(mail_due=True).order_by("pk")[: min(BATCH, limit - done)]
        )
        if not batch:
            break
        mails = {signature.pk: _confirmation(signature) for signature in batch if signature.email}
        with transaction.atomic():
            still = Signature.objects.filter(pk__in=[s.pk for s in batch], mail_due=True)
            if connection.features.has_select_for_update_skip_locked:
                still = still.select_for_update(skip_locked=True)
            claimed = dict(still.values_list("pk", "state"))
            store_messages(
                [
                    mails[pk]
                    for pk, state in claimed.items()
                    if state == Signature.State.PENDING and pk in mails
                ]
            )
            Signature.objects.filter(pk__in=claimed).update(mail_due=False)
        if not claimed:
            break  # another worker has this batch
        done += len(claimed)
    return done


def _confirmation(signature: Signature) -> EmailMessage:
    """The confirmation mail of ``signature``, in the language it was signed in."""
    assert signature.email is not None
    return render_email(
        to=[signature.email],
        template=CONFIRMATION_TEMPLATE,
        context=confirmation_context(signature),
        language=signature.language,
    )


def confirmations_due() -> bool:
    return Signature.objects.filter(mail_due=True).exists()

"""Writes about signatures: signing, confirming by e-mail, withdrawing, the notices they send.

Locking contract: ``sign_declaration`` relies on the database's unique
(declaration, email) constraint, not on a lock: of two concurrent submits
with the same address one inserts and the other finds that row, so there is
one signature whatever the number of clicks. The signature is one INSERT,
marked as waiting for its confirmation mail, which the worker sends
(``confirmations``): an acknowledged signature always has its mail, and the
request writes one row. Confirming and withdrawing lock the signature row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from internationale.core.cache import local_cache
from internationale.core.tasks import Throttle, enqueue_after_commit
from internationale.declarations.models import (
    Declaration,
    Signature,
)
from internationale.declarations.services.confirmations import (
    signature_id,
    withdrawal_token,
)
from internationale.declarations.tasks import send_confirmations
from internationale.mail.services import send_email
from internationale.organizations.models import Country, Organization
from internationale.organizations.queries import directory_match

RESEND_EVERY = timedelta(minutes=2)
MAX_RESENDS = 5
#: More new signatures than this in one minute on one declaration are flagged for a look
#: (counted in the local cache: per server process on the embedded default,
#: across processes when CACHE_URL names a shared one).
BURST_PER_MINUTE = 3000


#: A burst of signatures in one process enqueues the confirmations task once a second at most.
CONFIRMATIONS_THROTTLE = Throttle(every=1.0)


class SignatureError(ValueError):
    """The signature cannot be taken; the message says why, for the signer."""


@dataclass(frozen=True)
class SignatureData:
    kind: str
    name: str
    email: str
    country: Country | None = None
    acronym: str = ""
    organization: Organization | None = None
    representative: str = ""
    show_name: bool = True
    message: str = ""
    # An organization not linked by the signer is matched to the directory by name,
    # unless the signer said it is none of the directory's.
    match_directory: bool = True


class Outcome:
    """What signing did, for the caller's records; never shown (decision 0020).

    The public answer is the same whatever the outcome: what the address's
    signature is doing goes to the address by mail.
    """

    CREATED = "created"  # a new signature: the worker mails its confirmation
    RESENT = "resent"  # already waiting: the worker mails its confirmation again
    WAITING = "waiting"  # already waiting: no mail now (one went a moment ago, or too many)
    ALREADY = "already"  # already confirmed: a notice with the withdrawal link, if allowed
    NOT_AGAIN = "not-again"  # withdrawn or set aside: a notice that it cannot sign again


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    outcome: str


def _check_allowed(declaration: Declaration, kind: str) -> None:
    if not declaration.is_open_at():
        raise SignatureError(_("This declaration is not open for signatures."))
    if kind == Signature.Kind.ORGANIZATION and not declaration.organizations_may_sign:
        raise SignatureError(_("Only people may sign this declaration."))
    if kind == Signature.Kind.PERSON and not declaration.people_may_sign:
        raise SignatureError(_("Only organizations may sign this declaration."))


def sign_declaration(
    *, declaration: Declaration, data: SignatureData, base_url: str, honeypot: str = ""
) -> SignResult:
    """Take a signature; it counts once the e-mailed link is opened.

    The same address on the same declaration always gives the one signature
    (whatever its letter case, however many concurrent submits); signing
    again mails the address what its signature is doing (``_existing``) and
    tells the caller nothing it may show (decision 0020). Nothing suspicious
    is dropped: a filled honeypot or a burst of signatures flags the
    signature for the secretariat instead.
    """
    _check_allowed(declaration, data.kind)
    email = data.email.strip().lower()
    flags = []
    if honeypot:
        flags.append("honeypot")
    if _burst(declaration.pk):
        flags.append("burst")
    organization = data.organization
    if data.kind == Signature.Kind.ORGANIZATION and organization is None and data.match_directory:
        organization = directory_match(data.name, data.acronym, data.country)
    is_organization = data.kind == Signature.Kind.ORGANIZATION
    signature = Signature(
        declaration=declaration,
        kind=data.kind,
        name=data.name,
        sort_name=Signature.sort_key(data.name),
        acronym=data.acronym if is_organization else "",
        country=data.country,
        organization=organization,
        representative=data.representative if is_organization else "",
        email=email,
        show_name=data.show_name or is_organization,
        message=data.message,
        needs_moderation=bool(flags) or (is_organization and declaration.moderate_organizations),
        flagged=",".join(flags),
        confirmation_sent_at=timezone.now(),
        confirmations_sent=1,
        mail_due=True,
        link_base=base_url.rstrip("/"),
        language=get_language() or settings.LANGUAGE_CODE,
    )
    try:
        _insert(signature)
        enqueue_after_commit(send_confirmations, CONFIRMATIONS_THROTTLE)
        return SignResult(signature, Outcome.CREATED)
    except IntegrityError:
        existing = _existing(declaration, email, base_url)
        if existing is None:
            raise  # not the address signing again: a real error
        return existing


def _insert(signature: Signature) -> None:
    """Store a new signature in one INSERT, its own transaction.

    On SQLite a transaction holds the one write lock from BEGIN to COMMIT, and
    a thread holding it between statements can wait for the interpreter while
    other signers sleep on the lock; a single statement holds it only while
    SQLite runs. Inside a caller's transaction, a savepoint, so that a
    duplicate address leaves the caller's transaction usable.
    """
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            signature.save(force_insert=True)
    else:
        signature.save(force_insert=True)


def _burst(declaration_id: int) -> bool:
    """Count this signature in its declaration's minute; True past BURST_PER_MINUTE."""
    key = f"declarations:burst:{declaration_id}:{int(timezone.now().timestamp() // 60)}"
    if local_cache.add(key, 1, timeout=120):
        return False
    try:
        return local_cache.incr(key) > BURST_PER_MINUTE
    except ValueError:  # expired between add and incr
        return False


def _existing(declaration: Declaration, email: str, base_url: str) -> SignResult | None:
    """What signing again does to an address's signature; None if the address did not sign.

    Whatever the state, the signer sees the same answer; the address is told
    by mail (decision 0020). A waiting signature gets its confirmation mail
    again; a confirmed one a notice with its withdrawal link; a withdrawn or
    set-aside one a notice that it cannot sign again. Every such mail counts
    against the signature's limits (one every RESEND_EVERY, MAX_RESENDS in
    all); past the last, a waiting signature is flagged for the secretariat,
    and any other gets no more mail (flagging a confirmed one would let
    anyone who knows an address hide its signature). A mail is stored in
    the outbox in this transaction, with the count that allowed it.
    """
    with transaction.atomic():
        signature = (
            Signature.objects.select_for_update()
            .filter(declaration=declaration, email=email)
            .first()
        )
        if signature is None:
            return None
        waiting = signature.state == Signature.State.PENDING
        sent = signature.confirmation_sent_at
        if sent is not None and timezone.now() - sent < RESEND_EVERY:
            return SignResult(signature, _quiet(signature))
        if signature.confirmations_sent >= MAX_RESENDS:
            if waiting and "resends" not in signature.flagged:
                signature.flagged = ",".join(filter(None, [signature.flagged, "resends"]))
                signature.needs_moderation = True
                signature.save(update_fields=["flagged", "needs_moderation"])
            return SignResult(signature, _quiet(signature))
        signature.confirmation_sent_at = timezone.now()
        signature.confirmations_sent += 1
        signature.link_base = base_url.rstrip("/")
        signature.language = get_language() or settings.LANGUAGE_CODE
        counted = ["confirmation_sent_at", "confirmations_sent", "link_base", "language"]
        signature.save(update_fields=counted)
        if not waiting:
            return SignResult(signature, _notify(signature, declaration))
        signature.mail_due = True  # the worker mails it again, with these links and words
        signature.save(update_fields=["mail_due"])
        enqueue_after_commit(send_confirmations, CONFIRMATIONS_THROTTLE)
        return SignResult(signature, Outcome.RESENT)


def _quiet(signature: Signature) -> str:
    """The outcome for a signature that gets no mail this time."""
    if signature.state == Signature.State.PENDING:
        return Outcome.WAITING
    if signature.state == Signature.State.CONFIRMED:
        return Outcome.ALREADY
    return Outcome.NOT_AGAIN


def _notify(signature: Signature, declaration: Declaration) -> str:
    """Tell the address of a signature no longer waiting that it signed, in its transaction."""
    assert signature.email is not None
    already = signature.state == Signature.State.CONFIRMED
    context = {
        "name": signature.name,
        "declaration_link": signature.link_base
        + reverse("declarations:detail", args=[declaration.slug]),
    }
    if already:
        context["withdraw_link"] = signature.link_base + reverse(
            "declarations:withdraw", args=[withdrawal_token(signature)]
        )
    send_email(
        to=[signature.email],
        template="declarations/email/already" if already else "declarations/email/not_again",
        context=context,
        language=signature.language,
    )
    return Outcome.ALREADY if already else Outcome.NOT_AGAIN


def _signature_from(token: str, action: str) -> Signature | None:
    found = signature_id(token, action)
    if found is None:
        return None
    return Signature.objects.select_for_update().filter(pk=found).first()


@transaction.atomic
def confirm_signature(*, token: str, base_url: str = "") -> Signature | None:
    """Confirm the signature behind an e-mailed link; None if the link is bad or expired.

    An organization's signature linked to the directory then goes to the
    organization's representatives to confirm (mailed links start with ``base_url``).
    """
    signature = _signature_from(token, "confirm")
    if signature is None:
        return None
    if signature.state == Signature.State.PENDING:
        signature.state = Signature.State.CONFIRMED
        signature.confirmed_at = timezone.now()
        signature.save(update_fields=["state", "confirmed_at"])
        mark_list_changed(signature.declaration_id)
        ask_representatives(signature, base_url)
    return signature


def ask_representatives(signature: Signature, base_url: str) -> int:
    """Ask the directory organization's representatives to confirm it signed; how many asked.

    In the caller's transaction: the mails go with the confirmation or not at all.
    """
    if (
        signature.organization_id is None
        or signature.verified
        or signature.verification_requested_at is not None
    ):
        return 0
    from internationale.accounts.models import Role, RoleAssignment

    addresses = sorted(
        set(
            RoleAssignment.objects.filter(
                role=Role.REPRESENTATIVE, organization_id=signature.organization_id
            ).values_list("user__email", flat=True)
        )
    )
    if not addresses:
        return 0
    for address in addresses:
        send_email(
            to=[address],
            template="declarations/email/verify",
            context={
                "organization": signature.organization.name if signature.organization else "",
                "name": signature.name,
                "representative": signature.representative,
                "link": base_url.rstrip("/") + reverse("declarations:verify"),
            },
        )
    signature.verification_requested_at = timezone.now()
    signature.save(update_fields=["verification_requested_at"])
    return len(addresses)


@transaction.atomic
def withdraw_signature(*, token: str) -> Signature | None:
    signature = _signature_from(token, "withdraw")
    if signature is None:
        return None
    if signature.state in (Signature.State.PENDING, Signature.State.CONFIRMED):
        signature.state = Signature.State.WITHDRAWN
        signature.save(update_fields=["state"])
        mark_list_changed(signature.declaration_id)
    return signature


def mark_list_changed(declaration_id: int) -> None:
    """Move the list's version on, in the caller's transaction: the cached list is stale."""
    Declaration.objects.filter(pk=declaration_id).update(list_changed_at=timezone.now())

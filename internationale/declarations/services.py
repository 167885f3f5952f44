"""Writes about declarations: signing, confirming by e-mail, withdrawing, moderating.

Locking contract: ``sign_declaration`` relies on the database's unique
(declaration, email) constraint, not on a lock: of two concurrent submits
with the same address one inserts and the other finds that row, so there is
one signature whatever the number of clicks. Confirming and withdrawing lock
the signature row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.core.translations import write_version
from internationale.declarations.models import (
    Declaration,
    DeclarationPdf,
    DeclarationText,
    Signature,
)
from internationale.mail.services import queue_mail
from internationale.organizations.models import Country, Organization

CONFIRM_SALT = "internationale.declarations.confirm"
WITHDRAW_SALT = "internationale.declarations.withdraw"
CONFIRM_MAX_AGE = timedelta(days=14)
RESEND_EVERY = timedelta(minutes=2)
MAX_RESENDS = 5
#: More new signatures than this in one minute on one declaration are flagged for a look
#: (counted in the cache: per server process with the default local-memory cache,
#: across processes when CACHE_URL names a shared one).
BURST_PER_MINUTE = 3000


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


class Outcome:
    CREATED = "created"  # a new signature: check your e-mail
    RESENT = "resent"  # already waiting: the link was sent again
    WAITING = "waiting"  # already waiting and the link went out a moment ago
    ALREADY = "already"  # already confirmed


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    outcome: str


def confirmation_token(signature: Signature) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(signature.pk))


def withdrawal_token(signature: Signature) -> str:
    return signing.Signer(salt=WITHDRAW_SALT).sign(str(signature.pk))


def _mail_confirmation(signature: Signature, base_url: str) -> None:
    """Queue the confirmation mail in the caller's transaction; the worker renders it."""
    base = base_url.rstrip("/")
    queue_mail(
        to=[signature.email],
        template="declarations/email/confirm",
        context={
            "name": signature.name,
            "confirm_link": base
            + reverse("declarations:confirm", args=[confirmation_token(signature)]),
            "withdraw_link": base
            + reverse("declarations:withdraw", args=[withdrawal_token(signature)]),
            "days": CONFIRM_MAX_AGE.days,
        },
        language=get_language() or settings.LANGUAGE_CODE,
    )


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
    (whatever its letter case, however many concurrent submits): a waiting
    one gets its link again (at most every RESEND_EVERY, MAX_RESENDS times),
    a confirmed one is reported as already there. Nothing suspicious is
    dropped: a filled honeypot or a burst of signatures flags the signature
    for the secretariat instead.
    """
    _check_allowed(declaration, data.kind)
    email = data.email.strip().lower()
    flags = []
    if honeypot:
        flags.append("honeypot")
    if _burst(declaration.pk):
        flags.append("burst")
    organization = data.organization
    if data.kind == Signature.Kind.ORGANIZATION and organization is None:
        organization = _directory_match(data.name, data.acronym, data.country)
    is_organization = data.kind == Signature.Kind.ORGANIZATION
    # Built before the transaction: on SQLite it holds the one write lock, so
    # only the two INSERTs happen inside it.
    signature = Signature(
        declaration=declaration,
        kind=data.kind,
        name=data.name,
        sort_name=Signature.sort_key(data.name),
        acronym=data.acronym if is_organization else "",
        country=data.country,
        organization=organization,
        representative=data.representative,
        email=email,
        show_name=data.show_name or is_organization,
        message=data.message,
        needs_moderation=bool(flags) or (is_organization and declaration.moderate_organizations),
        flagged=",".join(flags),
        confirmation_sent_at=timezone.now(),
        confirmations_sent=1,
    )
    try:
        with transaction.atomic():
            signature.save(force_insert=True)
            _mail_confirmation(signature, base_url)
        return SignResult(signature, Outcome.CREATED)
    except IntegrityError:
        pass
    return _existing(declaration, email, base_url)


def _burst(declaration_id: int) -> bool:
    """Count this signature in its declaration's minute; True past BURST_PER_MINUTE."""
    key = f"declarations:burst:{declaration_id}:{int(timezone.now().timestamp() // 60)}"
    if cache.add(key, 1, timeout=120):
        return False
    try:
        return cache.incr(key) > BURST_PER_MINUTE
    except ValueError:  # expired between add and incr
        return False


def _existing(declaration: Declaration, email: str, base_url: str) -> SignResult:
    with transaction.atomic():
        signature = Signature.objects.select_for_update().get(declaration=declaration, email=email)
        if signature.state == Signature.State.CONFIRMED:
            return SignResult(signature, Outcome.ALREADY)
        if signature.state != Signature.State.PENDING:
            raise SignatureError(_("This address cannot sign this declaration again."))
        sent = signature.confirmation_sent_at
        if sent is not None and timezone.now() - sent < RESEND_EVERY:
            return SignResult(signature, Outcome.WAITING)
        if signature.confirmations_sent >= MAX_RESENDS:
            if "resends" not in signature.flagged:
                signature.flagged = ",".join(filter(None, [signature.flagged, "resends"]))
                signature.needs_moderation = True
                signature.save(update_fields=["flagged", "needs_moderation"])
            return SignResult(signature, Outcome.WAITING)
        _mail_confirmation(signature, base_url)
        signature.confirmation_sent_at = timezone.now()
        signature.confirmations_sent += 1
        signature.save(update_fields=["confirmation_sent_at", "confirmations_sent"])
        return SignResult(signature, Outcome.RESENT)


def _directory_match(name: str, acronym: str, country: Country | None) -> Organization | None:
    """The directory organization this signature is, when name or acronym say so exactly.

    Same country, and the same name (ignoring case and accents) or the same
    acronym; two queries at most, so signing stays fast with a large directory.
    """
    from internationale.organizations.queries import organization_named

    named = organization_named(name, country)
    if named is not None:
        return named
    if acronym:
        matches = list(
            Organization.objects.filter(country=country, acronym__iexact=acronym.strip())[:2]
        )
        if len(matches) == 1:
            return matches[0]
    return None


def _signature_from(token: str, salt: str, max_age: timedelta | None) -> Signature | None:
    try:
        if max_age is None:
            value = signing.Signer(salt=salt).unsign(token)
        else:
            value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    return Signature.objects.select_for_update().filter(pk=int(value)).first()


@transaction.atomic
def confirm_signature(*, token: str) -> Signature | None:
    """Confirm the signature behind an e-mailed link; None if the link is bad or expired."""
    signature = _signature_from(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if signature is None:
        return None
    if signature.state == Signature.State.PENDING:
        signature.state = Signature.State.CONFIRMED
        signature.confirmed_at = timezone.now()
        signature.save(update_fields=["state", "confirmed_at"])
        _forget_list(signature.declaration_id)
    return signature


@transaction.atomic
def withdraw_signature(*, token: str) -> Signature | None:
    signature = _signature_from(token, WITHDRAW_SALT, None)
    if signature is None:
        return None
    if signature.state in (Signature.State.PENDING, Signature.State.CONFIRMED):
        signature.state = Signature.State.WITHDRAWN
        signature.save(update_fields=["state"])
        _forget_list(signature.declaration_id)
    return signature


@transaction.atomic
def moderate_signature(*, by: User, signature_id: int, action: str, reason: str = "") -> Signature:
    """Hide, reject, restore or verify a signature, with a reason; audited."""
    signature = Signature.objects.select_for_update().get(pk=signature_id)
    if action == "hide":
        signature.state = Signature.State.HIDDEN
    elif action == "reject":
        signature.state = Signature.State.REJECTED
    elif action == "restore":
        signature.state = (
            Signature.State.CONFIRMED if signature.confirmed_at else Signature.State.PENDING
        )
        signature.needs_moderation = False
    elif action == "verify":
        signature.verified = True
        signature.needs_moderation = False
    else:
        raise ValueError(action)
    signature.moderation_reason = reason[:500]
    signature.save()
    record_audit(
        actor=by, action=f"signature.{action}", target=signature, details={"reason": reason[:200]}
    )
    _forget_list(signature.declaration_id)
    return signature


def _forget_list(declaration_id: int) -> None:
    """Move the list's version on, in the caller's transaction: the cached list is stale."""
    Declaration.objects.filter(pk=declaration_id).update(list_changed_at=timezone.now())


#: A PDF requested this long ago and still not made is asked for again (its task was lost).
PDF_REQUEST_RETRY = timedelta(minutes=10)


def request_pdf(*, declaration: Declaration, language: str) -> bool:
    """Ask the worker to make the PDF in ``language``; True if a task was enqueued.

    Locks the PDF's row so that a crowd of readers asking at once enqueues
    one task; a request already waiting is not repeated.
    """
    from internationale.declarations.tasks import build_declaration_pdf

    with transaction.atomic():
        DeclarationPdf.objects.get_or_create(declaration=declaration, language=language)
        stored = DeclarationPdf.objects.select_for_update().get(
            declaration=declaration, language=language
        )
        now = timezone.now()
        if stored.requested_at is not None and now - stored.requested_at < PDF_REQUEST_RETRY:
            return False
        stored.requested_at = now
        stored.save(update_fields=["requested_at"])
        transaction.on_commit(lambda: build_declaration_pdf.enqueue(declaration.pk, language))
    return True


def build_pdf(*, declaration_id: int, language: str) -> DeclarationPdf:
    """Make the PDF in ``language`` and keep it; for the worker (it takes seconds).

    The list's version is read before the list itself: a signature confirmed
    while the PDF is made leaves it marked as older than the list, so it is
    made again at the next request.
    """
    from internationale.declarations import pdf

    declaration = Declaration.objects.get(pk=declaration_id)
    version = declaration.list_changed_at.timestamp()
    content, text_key = pdf.render_pdf(declaration, language)
    DeclarationPdf.objects.update_or_create(
        declaration=declaration,
        language=language,
        defaults={
            "content": content,
            "list_version": version,
            "text_key": text_key,
            "built_at": timezone.now(),
            "requested_at": None,
        },
    )
    return DeclarationPdf.objects.get(declaration=declaration, language=language)


@dataclass(frozen=True)
class DeclarationSettings:
    slug: str
    state: str
    signers: str
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    moderate_organizations: bool = False


class DeclarationError(ValueError):
    """The declaration cannot be saved so; the message says why, for the secretariat."""


@transaction.atomic
def create_declaration(
    *, by: User, values: DeclarationSettings, language: str, title: str, body: str
) -> Declaration:
    """A new declaration with its original text; audited."""
    if Declaration.objects.filter(slug=values.slug).exists():
        raise DeclarationError(_("Another declaration already has this address."))
    declaration = Declaration.objects.create(**vars(values))
    set_text(
        by=by, declaration_id=declaration.pk, language=language, title=title, body=body,
        original=True,
    )  # fmt: skip
    record_audit(actor=by, action="declaration.create", target=declaration)
    return declaration


@transaction.atomic
def update_declaration(
    *, by: User, declaration_id: int, values: DeclarationSettings
) -> Declaration:
    """Change a declaration's address, state, dates, who may sign and moderation; audited.

    Locks the declaration. Opening or closing it takes effect at once for
    new signatures; those already given stay.
    """
    declaration = Declaration.objects.select_for_update().get(pk=declaration_id)
    if Declaration.objects.filter(slug=values.slug).exclude(pk=declaration.pk).exists():
        raise DeclarationError(_("Another declaration already has this address."))
    before = {name: str(getattr(declaration, name)) for name in vars(values)}
    for name, value in vars(values).items():
        setattr(declaration, name, value)
    declaration.save()
    after = {name: str(getattr(declaration, name)) for name in vars(values)}
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changed:
        record_audit(actor=by, action="declaration.update", target=declaration, details=changed)
    return declaration


@transaction.atomic
def set_text(
    *,
    by: User,
    declaration_id: int,
    language: str,
    title: str,
    body: str,
    original: bool = False,
) -> DeclarationText:
    """Write the declaration in one language (see core.translations.write_version); audited.

    Editing the original makes every translation of it outdated until it is
    saved again. Locks the declaration.
    """
    declaration = Declaration.objects.select_for_update().get(pk=declaration_id)
    text, changed = write_version(
        DeclarationText.objects.filter(declaration=declaration),
        lambda: DeclarationText(declaration=declaration, language=language),
        language=language,
        values={"title": title, "body": body},
        original=original,
    )
    if changed:
        record_audit(
            actor=by,
            action="declaration.text",
            target=declaration,
            details={"language": language, "original": text.is_original, "version": text.version},
        )
    return text

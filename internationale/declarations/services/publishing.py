"""Writes about publishing declarations: their settings, their texts, their PDFs.

Locking contract: every write locks the declaration's row (texts' versions
are counted under it); a PDF request locks the PDF's row so that a crowd of
readers enqueues one task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.core.translations import write_version
from internationale.declarations import queries
from internationale.declarations.models import (
    Declaration,
    DeclarationPdf,
    DeclarationText,
    SignatoryImport,
    Signature,
)
from internationale.declarations.tasks import build_declaration_pdf
from internationale.organizations.models import Organization
from internationale.organizations.pasted import RowDecision

#: A PDF requested this long ago and still not made is asked for again (its task was lost).
PDF_REQUEST_RETRY = timedelta(minutes=10)


def request_pdf(*, declaration: Declaration, language: str) -> bool:
    """Ask the worker to make the PDF in ``language``; True if a task was enqueued.

    Locks the PDF's row so that a crowd of readers asking at once enqueues
    one task; a request already waiting is not repeated.
    """
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
    for slug in {declaration.slug, values.slug}:  # this process signs with the change at once
        transaction.on_commit(partial(queries.declaration_changed, slug))
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


def start_signatory_import(*, by: User, declaration_id: int, text: str) -> SignatoryImport:
    """Read a pasted list of organizations that signed, for the secretariat to check first.

    Nothing is written but the preview (the directory's parser and matcher).
    """
    from internationale.organizations import pasted

    with transaction.atomic():
        declaration = Declaration.objects.get(pk=declaration_id)
        batch = pasted.preview_list(by=by, text=text)
        return SignatoryImport.objects.create(declaration=declaration, list_import=batch)


@transaction.atomic
def confirm_signatory_import(
    *, by: User, import_id: int, decisions: dict[int, RowDecision]
) -> SignatoryImport:
    """Link or add every chosen line to the directory, and make each a signature; once.

    Locks the import: a second confirmation finds it done and changes
    nothing. An organization that has signed already (by the form, or an
    earlier list) is not added twice. Imported signatures carry no e-mail
    address, count at once, and are not verified until a representative
    confirms. Audited.
    """
    from internationale.organizations import pasted

    signatory_import = (
        SignatoryImport.objects.select_for_update().select_related("list_import").get(pk=import_id)
    )
    if signatory_import.result:
        return signatory_import
    batch = pasted.confirm_list(
        by=by, import_id=signatory_import.list_import_id, decisions=decisions
    )
    declaration_id = signatory_import.declaration_id
    wanted = set(batch.result.get("organizations", {}).values())
    signed = set(
        Signature.objects.filter(declaration_id=declaration_id, organization__in=wanted)
        .exclude(state__in=[Signature.State.REJECTED, Signature.State.WITHDRAWN])
        .values_list("organization_id", flat=True)
    )
    now = timezone.now()
    declaration = Declaration.objects.get(pk=declaration_id)
    added = [
        Signature.of_organization(
            declaration, organization, email=None, imported=True,
            state=Signature.State.CONFIRMED, confirmed_at=now,
        )
        for organization in Organization.objects.filter(pk__in=wanted - signed).order_by("pk")
    ]  # fmt: skip
    Signature.objects.bulk_create(added)
    signatory_import.result = {"added": len(added), "already": len(wanted & signed)}
    signatory_import.save(update_fields=["result"])
    Declaration.objects.filter(pk=declaration_id).update(list_changed_at=now)
    record_audit(
        actor=by,
        action="signatures.import",
        target=signatory_import.declaration,
        details=signatory_import.result,
    )
    return signatory_import

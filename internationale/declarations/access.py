"""Fetch a declaration, a signature or an import for the person asking, and authorize them,
in one call.

Views get their object here instead of fetching and then checking. A declaration
that is not published is a 404 to readers and signers. The secretariat's pages
refuse anyone else (403) before they look anything up, so they do not tell
whether a draft exists; then what is not found is a 404. A signature a
representative may not answer for is a 404 (it does not confirm the signature).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from internationale.accounts.access import allowed_user
from internationale.accounts.models import User
from internationale.core.numbers import parse_id
from internationale.declarations import permissions, queries
from internationale.declarations.models import Declaration, SignatoryImport, Signature
from internationale.declarations.services.confirmations import signature_id

#: The cookie by which a declaration's page knows that this browser has just confirmed a
#: signature on it: the signature's number, signed with a time, sent to that declaration's
#: pages only, for an hour (the page then shows the signature instead of the form).
OWN_COOKIE = "signed"
OWN_SALT = "internationale.declarations.own"
OWN_MAX_AGE = 3600


def published_declaration(slug: str, *, for_signing: bool = False) -> Declaration:
    """The published declaration with its texts; for signing, the row alone, kept a moment."""
    if for_signing:
        found = queries.declaration_for_signing(slug)
    else:
        found = queries.public_declarations().filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def linked_signature(token: str, action: str) -> Signature:
    """The signature a mailed link (``action``: "confirm" or "withdraw") names, with its
    declaration and texts, for the page that asks to press the button; 404 if the link is
    bad or expired."""
    found_id = signature_id(token, action)
    found = (
        Signature.objects.select_related("declaration")
        .prefetch_related("declaration__texts")
        .filter(pk=found_id)
        .first()
        if found_id is not None
        else None
    )
    if found is None:
        raise Http404
    return found


def own_signature(request: HttpRequest, declaration: Declaration) -> Signature | None:
    """The confirmed signature on ``declaration`` this browser has just confirmed, if any."""
    value = request.get_signed_cookie(OWN_COOKIE, default=None, salt=OWN_SALT, max_age=OWN_MAX_AGE)
    found_id = parse_id(value) if value else None
    if found_id is None:
        return None
    return Signature.objects.filter(
        pk=found_id, declaration=declaration, state=Signature.State.CONFIRMED
    ).first()


def _manager(request: HttpRequest) -> User:
    return allowed_user(request, permissions.can_manage_declarations(request.user))


def managed_declaration(request: HttpRequest, slug: str) -> tuple[User, Declaration]:
    """The user and any declaration (drafts too), with its texts, for the secretariat."""
    user = _manager(request)
    found = Declaration.objects.prefetch_related("texts").filter(slug=slug).first()
    if found is None:
        raise Http404
    return user, found


def managed_import(request: HttpRequest, slug: str, pk: int) -> tuple[User, SignatoryImport]:
    """The user and an import of signatories into the declaration at ``slug``, for the
    secretariat."""
    user = _manager(request)
    found = (
        SignatoryImport.objects.select_related("list_import", "declaration")
        .filter(pk=pk, declaration__slug=slug)
        .first()
    )
    if found is None:
        raise Http404
    return user, found


def moderated_signature(declaration: Declaration, posted: str) -> Signature:
    """The signature of ``declaration`` a moderation form names (the secretariat's page).

    A number the page did not write (not ASCII digits, or of no signature of
    this declaration) is not found: 404.
    """
    signature_id = parse_id(posted)
    if signature_id is None:
        raise Http404
    found = Signature.objects.filter(pk=signature_id, declaration=declaration).first()
    if found is None:
        raise Http404
    return found


def signature_to_verify(request: HttpRequest, pk: int) -> tuple[User, Signature]:
    """The user and a signature made in the name of an organization they represent, still
    waiting for their answer; else 404."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    found = queries.awaiting_verification(user.pk).filter(pk=pk).first()
    if (
        found is None
        or found.organization is None
        or not permissions.can_verify_signature_for(user, found.organization)
    ):
        raise Http404
    return user, found

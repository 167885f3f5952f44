from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.core.markdown import render_markdown
from internationale.declarations import access, queries
from internationale.declarations import pdf as pdf_module
from internationale.declarations.forms import SignatureForm
from internationale.declarations.models import Declaration, Signature
from internationale.declarations.services import publishing, signing
from internationale.declarations.services.confirmations import withdrawal_token
from internationale.organizations.models import Organization
from internationale.organizations.queries import directory_choice


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def declaration_list(request: HttpRequest) -> HttpResponse:
    declarations = [
        (d, queries.text_for(d, _language())) for d in queries.public_declarations()[:100]
    ]
    return render(request, "declarations/list.html", {"declarations": declarations})


def _kinds(declaration: Declaration) -> list[str]:
    kinds = []
    if declaration.people_may_sign:
        kinds.append("person")
    if declaration.organizations_may_sign:
        kinds.append("organization")
    return kinds


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    # A signature needs only the declaration row; its texts are read to show the page.
    declaration = access.published_declaration(slug, for_signing=request.method == "POST")
    if request.method == "GET" and (own := access.own_signature(request, declaration)):
        return _own_signature_page(request, declaration, own)
    form = SignatureForm(request.POST or None, kinds=_kinds(declaration))
    candidates: list[Organization] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization, candidates = None, []
        if data["kind"] == Signature.Kind.ORGANIZATION:
            organization, candidates = directory_choice(
                data["organization"], data["name"], data["acronym"], data["country"]
            )
        if not candidates and _sign(request, declaration, form, organization):
            # The same answer whatever the address's state: the facts go to it by
            # mail, the outcome to no one (decision 0020).
            return redirect("declarations:thanks", declaration.slug)
    return _detail_page(request, declaration, form, candidates)


def _sign(
    request: HttpRequest,
    declaration: Declaration,
    form: SignatureForm,
    organization: Organization | None,
) -> bool:
    """Sign with the form's data; False, with the reason on the form, if it was refused."""
    data = form.cleaned_data
    try:
        signing.sign_declaration(
            declaration=declaration,
            data=signing.SignatureData(
                kind=data["kind"],
                name=data["name"],
                acronym=data["acronym"],
                representative=data["representative"],
                country=data["country"],
                email=data["email"],
                show_name=data["show_name"],
                message=data["message"],
                organization=organization,
                match_directory=False,
            ),
            base_url=request.build_absolute_uri("/"),
            honeypot=data["website"],
        )
    except signing.SignatureError as error:
        form.add_error(None, str(error))
        return False
    return True


def _detail_page(
    request: HttpRequest,
    declaration: Declaration,
    form: SignatureForm | None,
    candidates: list[Organization],
    **more: object,
) -> HttpResponse:
    shown = queries.text_for(declaration, _language())
    return render(
        request,
        "declarations/detail.html",
        {
            "declaration": declaration,
            "shown": shown,
            "body": render_markdown(shown.item.body) if shown else "",
            "summary": _summary(shown.item.body) if shown else "",
            "pdf_languages": _pdf_languages(declaration),
            "counts": queries.counts(declaration, _language()),
            "form": form,
            "is_open": declaration.is_open_at(),
            "share_url": request.build_absolute_uri(
                reverse("declarations:detail", args=[declaration.slug])
            ),
            "candidates": candidates,
            **more,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _pdf_languages(declaration: Declaration) -> list[tuple[str, str]]:
    """(code, name in itself) of each language the declaration is written in."""
    return [
        (text.language, get_language_info(text.language)["name_local"])
        for text in declaration.texts.all()
    ]


def _own_signature_page(
    request: HttpRequest, declaration: Declaration, own: Signature
) -> HttpResponse:
    """The declaration as the browser that has just confirmed a signature sees it: that
    signature as the list shows it, ways to share, and its withdrawal link, not the form."""
    response = _detail_page(
        request,
        declaration,
        None,
        [],
        own=own,
        withdraw_url=reverse("declarations:withdraw", args=[withdrawal_token(own)]),
    )
    patch_cache_control(response, private=True, no_store=True)  # it holds a withdrawal link
    return response


def _summary(markdown: str, limit: int = 200) -> str:
    """The text's opening words, as plain text, for link previews."""
    words = strip_tags(render_markdown(markdown)).split()
    summary = ""
    for word in words:
        if len(summary) + len(word) + 1 > limit:
            return summary + "…"
        summary = f"{summary} {word}".strip()
    return summary


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """What everyone who signs is told, whatever their address had done before."""
    declaration = access.published_declaration(slug)
    return render(request, "declarations/thanks.html", {"declaration": declaration})


def signatories(request: HttpRequest, slug: str) -> HttpResponse:
    declaration = access.published_declaration(slug)
    language = _language()
    contents = queries.contents(declaration, language)
    page_obj = Paginator(range(contents.total_listed), queries.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "declarations/signatories.html",
        {
            "declaration": declaration,
            "shown": queries.text_for(declaration, language),
            "contents": contents,
            "counts": contents.counts,
            "groups": queries.signatories_page(declaration, language, page_obj.number),
            "page_obj": page_obj,
        },
    )


#: Seconds a reader is asked to wait while the worker makes a PDF.
PDF_RETRY_AFTER = 10


def pdf(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The PDF with its signatories; made by the worker, so a reader may be asked to wait.

    A PDF lists every signature confirmed before it was asked for: while the
    stored one is older, the reader waits for the new one (decision in
    docs/architecture.md, Declarations).
    """
    declaration = access.published_declaration(slug)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    shown = queries.text_for(declaration, language)
    if shown is None:
        raise Http404
    if not pdf_module.available():
        return render(request, "declarations/pdf_wait.html", {"unavailable": True}, status=503)
    since = _since(request, declaration)
    stored, fresh = queries.usable_pdf(declaration, language, shown, since=since)
    if not fresh:
        publishing.request_pdf(declaration=declaration, language=language)
    if stored is None:
        return _pdf_wait(request, declaration, since)
    response = HttpResponse(bytes(stored.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{declaration.slug}-{language}.pdf"'
    return response


#: A list's version as the waiting page writes it (a time in seconds), in ASCII digits.
_VERSION = re.compile(r"[0-9]{1,12}(\.[0-9]{1,9})?", re.ASCII)


def _since(request: HttpRequest, declaration: Declaration) -> float:
    """The list's version the PDF must reach: now's, or the earlier one a waiting reader was
    given (``?since=``, as the waiting page wrote it; anything else is ignored)."""
    now = declaration.list_changed_at.timestamp()
    given = request.GET.get("since", "")
    return min(float(given), now) if _VERSION.fullmatch(given) else now


def _pdf_wait(request: HttpRequest, declaration: Declaration, since: float) -> HttpResponse:
    """Ask the reader to wait for the PDF that lists the signatures up to ``since``."""
    response = render(
        request,
        "declarations/pdf_wait.html",
        {
            "declaration": declaration,
            "retry": PDF_RETRY_AFTER,
            "retry_url": f"{request.path}?{urlencode({'since': repr(since)})}",
        },
        status=503,
    )
    response["Retry-After"] = str(PDF_RETRY_AFTER)
    return response


def _act_on_link(
    request: HttpRequest, token: str, action: str, act: Callable[..., Signature | None], done: str
) -> HttpResponse:
    """A link from a signer's mail: GET asks for a click (mail scanners open links), POST acts.

    The page names the declaration and the signer as they signed (never the address).
    """
    if request.method == "POST":
        signature = act(token=token)
        if signature is None:
            return render(request, "declarations/bad_link.html", status=404)
        messages.success(request, done)
        response = redirect("declarations:detail", signature.declaration.slug)
        _remember(response, signature)
        return response
    try:
        signature = access.linked_signature(token, action)
    except Http404:
        return render(request, "declarations/bad_link.html", status=404)
    return render(
        request,
        "declarations/confirm.html",
        {
            "action": action,
            "signature": signature,
            "declaration": signature.declaration,
            "shown": queries.text_for(signature.declaration, _language()),
        },
    )


def _remember(response: HttpResponse, signature: Signature) -> None:
    """Tell the declaration's page, for a while, that this browser confirmed ``signature``;
    forget it once the signature no longer counts (withdrawn)."""
    path = reverse("declarations:detail", args=[signature.declaration.slug])
    if signature.state != Signature.State.CONFIRMED:
        response.delete_cookie(access.OWN_COOKIE, path=path, samesite="Lax")
        return
    response.set_signed_cookie(
        access.OWN_COOKIE,
        str(signature.pk),
        salt=access.OWN_SALT,
        max_age=access.OWN_MAX_AGE,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _act_on_link(
        request,
        token,
        "confirm",
        partial(signing.confirm_signature, base_url=request.build_absolute_uri("/")),
        _("Thank you: your signature is confirmed."),
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    return _act_on_link(
        request, token, "withdraw", signing.withdraw_signature, _("Your signature was withdrawn.")
    )

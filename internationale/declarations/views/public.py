from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import strip_tags
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.core.markdown import render_markdown
from internationale.declarations import pdf as pdf_module
from internationale.declarations import publishing, queries, services
from internationale.declarations.forms import SignatureForm
from internationale.declarations.models import Declaration, Signature
from internationale.organizations.models import Organization
from internationale.organizations.queries import directory_match, similar_organizations


def _declaration(slug: str, *, for_signing: bool = False) -> Declaration:
    """The published declaration with its texts; for signing, the row alone, kept a moment."""
    if for_signing:
        declaration = queries.declaration_for_signing(slug)
    else:
        declaration = queries.public_declarations().filter(slug=slug).first()
    if declaration is None:
        raise Http404
    return declaration


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
    declaration = _declaration(slug, for_signing=request.method == "POST")
    form = SignatureForm(request.POST or None, kinds=_kinds(declaration))
    candidates: list[Organization] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization, candidates = _directory_choice(data)
        if not candidates:
            try:
                services.sign_declaration(
                    declaration=declaration,
                    data=services.SignatureData(
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
            except services.SignatureError as error:
                form.add_error(None, str(error))
            else:
                # The same answer whatever the address's state: the facts go to it by
                # mail, the outcome to no one (decision 0020).
                return redirect("declarations:thanks", declaration.slug)
    shown = queries.text_for(declaration, _language())
    return render(
        request,
        "declarations/detail.html",
        {
            "declaration": declaration,
            "shown": shown,
            "body": render_markdown(shown.item.body) if shown else "",
            "summary": _summary(shown.item.body) if shown else "",
            "pdf_languages": [
                (text.language, get_language_info(text.language)["name_local"])
                for text in declaration.texts.all()
            ],
            "counts": queries.counts(declaration, _language()),
            "form": form,
            "is_open": declaration.is_open_at(),
            "share_url": request.build_absolute_uri(),
            "candidates": candidates,
        },
        status=400 if form.errors else 200,
    )


def _directory_choice(data: dict[str, Any]) -> tuple[Organization | None, list[Organization]]:
    """The directory organization an organization's signature belongs to, or ones to ask about.

    The signer's pick wins ("none": not in the directory); else an exact
    match by name or acronym; else close names are shown for the signer to
    choose from before anything is stored.
    """
    if data["kind"] != Signature.Kind.ORGANIZATION or data["organization"] == "none":
        return None, []
    if data["organization"]:  # a number: the form checked it
        picked = Organization.objects.filter(pk=data["organization"]).first()
        if picked is not None:
            return picked, []
    exact = directory_match(data["name"], data["acronym"], data["country"])
    if exact is not None:
        return exact, []
    return None, similar_organizations(data["name"], data["acronym"], data["country"])


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
    declaration = _declaration(slug)
    return render(request, "declarations/thanks.html", {"declaration": declaration})


def signatories(request: HttpRequest, slug: str) -> HttpResponse:
    declaration = _declaration(slug)
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
    """The PDF with its signatories; made by the worker, so at first a page asks to wait."""
    declaration = _declaration(slug)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    shown = queries.text_for(declaration, language)
    if shown is None:
        raise Http404
    if not pdf_module.available():
        return render(request, "declarations/pdf_wait.html", {"unavailable": True}, status=503)
    stored, fresh = queries.usable_pdf(declaration, language, shown)
    if not fresh:
        publishing.request_pdf(declaration=declaration, language=language)
    if stored is None:
        response = render(
            request,
            "declarations/pdf_wait.html",
            {"declaration": declaration, "retry": PDF_RETRY_AFTER},
            status=503,
        )
        response["Retry-After"] = str(PDF_RETRY_AFTER)
        return response
    response = HttpResponse(bytes(stored.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{declaration.slug}-{language}.pdf"'
    return response


def _act_on_link(
    request: HttpRequest, token: str, action: str, act: Callable[..., Signature | None], done: str
) -> HttpResponse:
    """A link from a signer's mail: GET asks for a click (mail scanners open links), POST acts."""
    if request.method == "POST":
        signature = act(token=token)
        if signature is None:
            return render(request, "declarations/bad_link.html", status=404)
        messages.success(request, done)
        return redirect("declarations:detail", signature.declaration.slug)
    return render(request, "declarations/confirm.html", {"token": token, "action": action})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _act_on_link(
        request,
        token,
        "confirm",
        partial(services.confirm_signature, base_url=request.build_absolute_uri("/")),
        _("Thank you: your signature is confirmed."),
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    return _act_on_link(
        request, token, "withdraw", services.withdraw_signature, _("Your signature was withdrawn.")
    )

"""The secretariat writes declarations: their settings and their text in each language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.accounts.permissions import is_secretariat
from internationale.core.markdown import render_markdown
from internationale.declarations import publishing, queries
from internationale.declarations.forms import (
    DeclarationSettingsForm,
    NewDeclarationForm,
    TranslationForm,
)
from internationale.declarations.models import Declaration, SignatoryImport
from internationale.organizations import pasted
from internationale.organizations.models import Country
from internationale.organizations.views.list_import import PasteForm


def _settings(data: dict[str, Any]) -> publishing.DeclarationSettings:
    return publishing.DeclarationSettings(
        slug=data["slug"],
        state=data["state"],
        signers=data["signers"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        moderate_organizations=data["moderate_organizations"],
    )


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    allowed_user(request, is_secretariat(request.user))
    return render(
        request, "declarations/manage_list.html", {"rows": queries.managed_declarations()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_new(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    form = NewDeclarationForm(
        request.POST or None,
        initial={"state": Declaration.State.DRAFT, "signers": Declaration.Signers.BOTH},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = publishing.create_declaration(
                by=user,
                values=_settings(data),
                language=data["language"],
                title=data["title"],
                body=data["body"],
            )
        except publishing.DeclarationError as error:
            form.add_error("slug", str(error))
        else:
            messages.success(request, _("The declaration was created."))
            return redirect("declarations:manage", declaration.slug)
    return render(
        request, "declarations/manage_new.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    declaration = get_object_or_404(Declaration.objects.prefetch_related("texts"), slug=slug)
    initial = {
        name: getattr(declaration, name)
        for name in ("slug", "state", "signers", "opens_at", "closes_at", "moderate_organizations")
    }
    form = DeclarationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = publishing.update_declaration(
                by=user, declaration_id=declaration.pk, values=_settings(form.cleaned_data)
            )
        except publishing.DeclarationError as error:
            form.add_error("slug", str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("declarations:manage", declaration.slug)
    return render(
        request,
        "declarations/manage.html",
        {
            "declaration": declaration,
            "shown": queries.text_for(declaration, (get_language() or "en").split("-")[0]),
            "form": form,
            "text_rows": queries.text_languages(declaration),
            "counts": queries.counts(declaration),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_text(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    if language not in dict(settings.LANGUAGES):
        raise Http404
    declaration = get_object_or_404(Declaration.objects.prefetch_related("texts"), slug=slug)
    texts = {text.language: text for text in declaration.texts.all()}
    text, original = texts.get(language), next((t for t in texts.values() if t.is_original), None)
    form = TranslationForm(
        request.POST or None,
        initial={"title": text.title, "body": text.body} if text else {},
    )
    if request.method == "POST" and form.is_valid():
        publishing.set_text(
            by=user,
            declaration_id=declaration.pk,
            language=language,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            original=form.cleaned_data["original"] or (text is not None and text.is_original),
        )
        messages.success(request, _("The text was saved."))
        return redirect("declarations:manage", declaration.slug)
    return render(
        request,
        "declarations/manage_text.html",
        {
            "declaration": declaration,
            "form": form,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "text": text,
            "original": original if original is not None and original != text else None,
            "original_body": render_markdown(original.body) if original else "",
            "is_outdated": bool(
                text
                and original
                and not text.is_original
                and (text.translated_from_version or 0) < original.version
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest, slug: str) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    declaration = get_object_or_404(Declaration, slug=slug)
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        started = publishing.start_signatory_import(
            by=user, declaration_id=declaration.pk, text=form.cleaned_data["text"]
        )
        return redirect("declarations:import_preview", declaration.slug, started.pk)
    return render(
        request,
        "declarations/import_paste.html",
        {"declaration": declaration, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    signatory_import = get_object_or_404(
        SignatoryImport.objects.select_related("list_import", "declaration"),
        pk=pk,
        declaration__slug=slug,
    )
    batch = signatory_import.list_import
    undecided: list[int] = []
    if request.method == "POST" and not signatory_import.result:
        decisions, undecided = pasted.decisions_from(request.POST, batch)
        if not undecided:
            publishing.confirm_signatory_import(
                by=user, import_id=signatory_import.pk, decisions=decisions
            )
            messages.success(request, _("The signatories were imported."))
            return redirect("declarations:import_preview", slug, signatory_import.pk)
        messages.error(
            request, _("Please choose what to do with every line marked in the list below.")
        )
    rows = pasted.preview_rows(batch, undecided)
    return render(
        request,
        "declarations/import_preview.html",
        {
            "declaration": signatory_import.declaration,
            "signatory_import": signatory_import,
            "batch": batch,
            "rows": rows,
            "countries": Country.objects.order_by("name").only("code", "name", "names"),
            "flagged": sum(1 for row in rows if row["flagged"]),
        },
        status=400 if undecided else 200,
    )

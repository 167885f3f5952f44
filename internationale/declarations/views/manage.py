"""The secretariat writes declarations: their settings and their text in each language."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.core.markdown import render_markdown
from internationale.core.translations import LanguageVersion
from internationale.declarations import access, queries
from internationale.declarations.forms import (
    DeclarationSettingsForm,
    NewDeclarationForm,
    TranslationForm,
)
from internationale.declarations.models import Declaration, DeclarationText
from internationale.declarations.permissions import can_manage_declarations
from internationale.declarations.services import publishing
from internationale.organizations import pasted
from internationale.organizations.forms import PasteForm
from internationale.organizations.queries import countries_by_name


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
    allowed_user(request, can_manage_declarations(request.user))
    return render(
        request, "declarations/manage_list.html", {"rows": queries.managed_declarations()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_new(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, can_manage_declarations(request.user))
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
    user, declaration = access.managed_declaration(request, slug)
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
    user, declaration = access.managed_declaration(request, slug)
    row = next((r for r in queries.text_languages(declaration) if r.code == language), None)
    if row is None:
        raise Http404
    text = row.item
    form = TranslationForm(
        request.POST or None, initial={"title": text.title, "body": text.body} if text else {}
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
    return _text_page(request, declaration, row, form)


def _text_page(
    request: HttpRequest,
    declaration: Declaration,
    row: LanguageVersion[DeclarationText],
    form: Form,
) -> HttpResponse:
    original = next((t for t in declaration.texts.all() if t.is_original), None)
    return render(
        request,
        "declarations/manage_text.html",
        {
            "declaration": declaration,
            "form": form,
            "language": row.code,
            "language_name": row.name,
            "text": row.item,
            "original": original if original is not None and original != row.item else None,
            "original_body": render_markdown(original.body) if original else "",
            "is_outdated": row.status == "outdated",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest, slug: str) -> HttpResponse:
    user, declaration = access.managed_declaration(request, slug)
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
    user, signatory_import = access.managed_import(request, slug, pk)
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
            "countries": countries_by_name(),
            "flagged": sum(1 for row in rows if row["flagged"]),
        },
        status=400 if undecided else 200,
    )

"""Paste-a-list import: paste, look at the preview, fix what is flagged, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.accounts.permissions import is_secretariat
from internationale.organizations import pasted
from internationale.organizations.forms import PasteForm
from internationale.organizations.models import ListImport
from internationale.organizations.queries import countries_by_name


@login_required
@require_http_methods(["GET", "POST"])
def paste(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = pasted.preview_list(by=user, text=form.cleaned_data["text"])
        return redirect("organizations:list_preview", batch.pk)
    return render(request, "organizations/paste.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    batch = get_object_or_404(ListImport, pk=pk)
    undecided: list[int] = []
    if request.method == "POST" and batch.state == ListImport.State.PREVIEW:
        decisions, undecided = pasted.decisions_from(request.POST, batch)
        if not undecided:
            batch = pasted.confirm_list(by=user, import_id=batch.pk, decisions=decisions)
            messages.success(request, _("The list was imported."))
            return redirect("organizations:list_preview", batch.pk)
        messages.error(
            request, _("Please choose what to do with every line marked in the list below.")
        )
    rows = pasted.preview_rows(batch, undecided)
    return render(
        request,
        "organizations/preview.html",
        {
            "batch": batch,
            "rows": rows,
            "countries": countries_by_name(),
            "flagged": sum(1 for row in rows if row["flagged"]),
            "posted": request.POST if request.method == "POST" else {},
        },
        status=400 if undecided else 200,
    )

"""The reference the signing benchmark compares with: a plain Django form-plus-insert view.

Served only by `benchmarks/sign.py --reference`, which starts the platform with
ROOT_URLCONF pointing here: the site's own URLs, plus /reference-sign/, where a
ModelForm of a signature's name and address is validated and saved, then the
reader is redirected. No confirmation mail, no duplicate handling, no limits:
what the issue's reference figures were measured with.
"""

from __future__ import annotations

import functools

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as site
from internationale.declarations.models import Declaration, Signature


class ReferenceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Signature
        fields = ["name", "email"]


@functools.cache
def _bench_declaration() -> int:
    return Declaration.objects.get(slug="bench").pk


@require_POST
def reference_sign(request: HttpRequest) -> HttpResponse:
    form = ReferenceForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    signature = form.save(commit=False)
    signature.declaration_id = _bench_declaration()
    signature.kind = "person"
    signature.save()
    return redirect("/healthz")


urlpatterns = [path("reference-sign/", reference_sign), *site]

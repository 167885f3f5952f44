"""Admin pieces that answer hostile input with the form, never with a 500.

The base of every admin page (open to the secretariat, every change audited)
is ``accounts.admin.SecretariatAdmin``: the secretariat and the audit log are
the accounts' own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest


class TolerantAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, re-showing a refused value without querying with it.

    Django's widget looks the submitted value up to show it again beside the
    form's error; a value that is not an id (``²``, text with a NUL) raised
    ValueError in that query: a 500 instead of the form with its error.
    """

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name or "pk")

        def is_key(item: Any) -> bool:
            try:
                target.to_python(item)
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [item for item in value if is_key(item)], attr)


class BoundedJSONField(forms.JSONField):
    """A JSON form field that refuses nesting too deep to read instead of failing with a 500."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except RecursionError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def bound_data(self, data: Any, initial: Any) -> Any:
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return forms.fields.InvalidJSONInput(data)


class HostileInputSafe:
    """Admin forms that answer any submitted value with the form, never with a 500."""

    formfield_overrides: ClassVar[Mapping[type[models.Field], Mapping[str, Any]]] = {  # type: ignore[type-arg]
        models.JSONField: {"form_class": BoundedJSONField}
    }

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = TolerantAutocompleteSelect(
                db_field,
                self.admin_site,  # type: ignore[attr-defined]
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

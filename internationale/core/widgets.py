"""Form widgets that give Django's HTML without a template per option."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A ``<select>`` of many plain options (the countries), written out in Python.

    Django renders each option through a template include, and the sign form
    offers 260 places on every view of a declaration's page. The HTML
    is the same as ``forms.Select`` gives (tests compare the two). Flat choices
    only: no groups.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        wanted = set(self.format_value(value))
        options = []
        chosen = False
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise TypeError("QuickSelect takes flat choices, not groups")
            text = str(option_value)
            selected = not chosen and text in wanted
            chosen = chosen or selected
            options.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    text,
                    mark_safe(" selected") if selected else "",
                    label,
                )
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            _attributes(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # noqa: S308 - each made by format_html
        )


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """``attrs`` as Django's widget template writes them: in order, True bare, False left out."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )

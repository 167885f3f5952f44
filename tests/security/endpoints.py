"""Every URL the project defines, read from the URL configuration and filled with real ids.

A new view is covered by the battery and the role table without anyone
adding it: ``endpoints()`` walks ``django.urls.get_resolver()``. Its path
parameters are filled with objects of the seeded data (``seed.seed()``'s
samples) where a rule below knows which object the parameter names, and
with a dummy otherwise (the endpoint is still requested; it answers 404).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security import congress

#: Parameters of the project's URLs, by URL name, as keys of the seed's samples.
BY_NAME: dict[str, dict[str, str]] = {
    "accounts:accept_invitation": {"token": "invitation_token"},
    "organizations:join_confirm": {"token": "join_token"},
    "declarations:confirm": {"token": "confirm_token"},
    "declarations:withdraw": {"token": "withdraw_token"},
    "declarations:import_preview": {"pk": "signatory_import"},
    "organizations:point_edit": {"pk": "point"},
    "organizations:list_preview": {"pk": "list_import"},
    "organizations:application": {"pk": "application"},
    "organizations:message": {"pk": "application"},
    "organizations:decide": {"pk": "application"},
    "wire:media": {"name": "media_name"},
    "logo": {"name": "logo_name"},
    "web:organization": {"pk": "organization"},
    "wire:remove_media": {"media_id": "media"},
    "admin:view_on_site": {"content_type_id": "content_type", "object_id": "organization"},
    **congress.BY_NAME,
}
#: Otherwise by the URL's namespace and the parameter's name.
BY_NAMESPACE: dict[tuple[str, str], str] = {
    ("declarations", "slug"): "declaration",
    ("congresses", "slug"): "congress",
    ("organizations", "pk"): "organization",
    ("wire", "pk"): "report",
    ("wire", "code"): "country",
    ("wire", "slug"): "region",
}
#: Otherwise fixed values by parameter name (a language, a page), then dummies.
FIXED: dict[str, str] = {
    "language": "en",
    "outcome": "created",
    "app_label": "organizations",
    "url": "no-such-page/",
}
#: The slug of a site page (web:edit_page).
SITE_PAGE = "about"

_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern: its name (or its route when unnamed) and the view's module."""

    key: str
    route: str
    namespace: str
    module: str
    parameters: tuple[str, ...]

    def path(self, samples: dict[str, Any]) -> str:
        """The URL of this endpoint with its parameters filled from ``samples``."""

        def value(match: re.Match[str]) -> str:
            name = match["name"] or match["group"]
            return str(self.value(name, samples))

        route = self.route.replace("^", "").replace("$", "")
        return "/" + _PARAMETER.sub(value, route)

    def value(self, name: str, samples: dict[str, Any]) -> Any:
        if self.key in BY_NAME and name in BY_NAME[self.key]:
            return samples[BY_NAME[self.key][name]]
        if self.namespace == "web" and name == "slug":
            return SITE_PAGE
        if self.namespace == "admin" and name == "object_id":
            model = re.match(r"admin/(\w+)/(\w+)/", self.route)
            if model:
                return samples["admin"].get(f"{model[1]}.{model[2]}", "1")
        if name == "code" and self.key.startswith("wire:language"):
            return samples["language"]
        if name == "slug" and self.key.startswith("wire:topic"):
            return samples["topic"]
        if (self.namespace, name) in BY_NAMESPACE:
            return samples[BY_NAMESPACE[self.namespace, name]]
        return FIXED.get(name, "1")


def endpoints() -> list[Endpoint]:
    """Every URL pattern of the project, in the order of the URL configuration."""
    found: list[Endpoint] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                walk(pattern, route, inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                parameters = tuple(m["name"] or m["group"] for m in _PARAMETER.finditer(route))
                found.append(
                    Endpoint(
                        key=name or route,
                        route=route,
                        namespace=namespace.split(":")[0],
                        module=pattern.lookup_str.rsplit(".", 1)[0],
                        parameters=parameters,
                    )
                )

    walk(get_resolver(), "", "")
    return found


_READ = re.compile(r"""request\.(?:GET|POST)(?:\.get|\.getlist|\.pop)?[\[(]\s*f?["']([\w-]+)""")


def parameters_read(endpoint: Endpoint) -> set[str]:
    """Names of the query or form parameters the endpoint's module reads by hand.

    Read from the module's source, so a new ``request.GET.get("x")`` is tried
    without anyone listing it. Form fields are found on the pages instead.
    """
    import importlib
    import inspect

    try:
        source = inspect.getsource(importlib.import_module(endpoint.module))
    except (ImportError, OSError, TypeError):
        return set()
    return set(_READ.findall(source))

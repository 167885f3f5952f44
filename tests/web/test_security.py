"""Nothing leaves the site, and the headers say so."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.test import Client

STATIC = Path(__file__).resolve().parents[2] / "internationale" / "web" / "static"
TEMPLATES = Path(__file__).resolve().parents[2] / "internationale"


def test_the_content_security_policy_allows_only_this_site(places) -> None:
    policy = Client().get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "http" not in policy


def test_security_headers_are_sent(places) -> None:
    headers = Client().get("/").headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_style(places) -> None:
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>", text):
            if "src=" not in match["attrs"] and "application/json" not in match["attrs"]:
                offenders.append(f"{template}: inline <script>")
        if re.search(r"\\sstyle=|<style", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(f"{template}: inline style or event handler")
    assert offenders == []


def test_no_page_or_asset_names_another_host() -> None:
    pattern = re.compile(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)
    url_in_css = re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.I)
    offenders = [
        str(path)
        for path in [*TEMPLATES.rglob("*.html"), *STATIC.rglob("*.css")]
        if pattern.search(path.read_text(encoding="utf-8"))
        or url_in_css.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_vendored_files_match_their_recorded_checksums() -> None:
    manifest = json.loads((STATIC / "vendor" / "VENDOR.json").read_text())
    assert manifest
    for name, record in manifest.items():
        digest = hashlib.sha256((STATIC / "vendor" / name).read_bytes()).hexdigest()
        assert digest == record["sha256"], name
    vendored = {p.name for p in (STATIC / "vendor").iterdir() if p.suffix == ".js"}
    assert vendored == set(manifest), "every vendored script is recorded in VENDOR.json"


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_render_in_the_site_layout(db, path) -> None:
    body = Client().get(path).content.decode()
    assert 'class="skip-link"' in body
    assert "<main" in body

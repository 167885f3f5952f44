"""The cast every test can call by name, and the real services tests need."""

from __future__ import annotations

import lzma
import os
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.models import Congress
from internationale.organizations.models import Country, Organization, Region

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"  # the facts the tests read; tests/data/README.md says whence
IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "a-long-test-password-42"


def require(condition: bool, reason: str) -> None:
    """Skip with ``reason`` on a developer's machine; fail under CI, where it must hold."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Test on an SQLite file, as the site runs (WAL, busy timeout, writers queueing).

    Django's in-memory test database is one shared cache whose table locks refuse
    a second writer at once instead of making it wait, so concurrent writes (two
    threads signing) could not be tested on it. SQLITE_TEST_NAME names another file.
    """
    from django.db import connection

    test = connection.settings_dict["TEST"]
    if connection.vendor == "sqlite" and not test["NAME"]:
        test["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Let the test runner empty the append-only audit table between tests.

    On SQLite the audit triggers stand aside while audit_purge_allowed has a
    row (see accounts migration 0002); the throw-away test database gets one.
    PostgreSQL empties tables with TRUNCATE, which the row triggers do not stop.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO audit_purge_allowed VALUES ('test database')")


def read_data(path: Path) -> str:
    """A file of tests/data as text, decompressed when it is ``.xz`` (the ballot files are)."""
    raw = path.read_bytes()
    return (lzma.decompress(raw) if path.suffix == ".xz" else raw).decode("utf-8")


@pytest.fixture
def signatories() -> str:
    """The real 2020 signatory list, as the declaration page listed it (241 lines)."""
    return read_data(DATA / "declaration-2020-signatories.txt")


def make_user(email: str, *, staff: bool = False) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email, PASSWORD, is_staff=staff)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def places(db: None) -> None:
    """The reference places, reloaded if a transactional test flushed the migration's copy."""
    if not Region.objects.exists():
        from internationale.organizations.places import sync_places

        sync_places(Region, Country)


@pytest.fixture
def region(places: None) -> Region:
    return Region.objects.get(slug="latin-america-caribbean")


@pytest.fixture
def other_region(places: None) -> Region:
    return Region.objects.get(slug="europe")


@pytest.fixture
def brazil(places: None) -> Country:
    return Country.objects.get(code="BR")


@pytest.fixture
def organization(brazil: Country) -> Organization:
    from internationale.organizations.services import search_text_for

    name, acronym = "Movimento dos Trabalhadores Rurais Sem Terra", "MST"
    return Organization.objects.create(
        name=name, acronym=acronym, country=brazil, search_text=search_text_for(name, acronym, [])
    )


@pytest.fixture
def congress(db: None) -> Congress:
    return Congress.objects.create(title="World Congress", slug="world-congress")


@pytest.fixture
def secretariat(db: None) -> User:
    user = make_user("sara.secretariat@example.org", staff=True)
    assign_role(by=None, user=user, role=Role.SECRETARIAT)
    return user


@pytest.fixture
def editor(db: None) -> User:
    user = make_user("elena.editor@example.org")
    assign_role(by=None, user=user, role=Role.EDITOR)
    return user


@pytest.fixture
def regional_editor(region: Region) -> User:
    user = make_user("rafael.regional@example.org")
    assign_role(by=None, user=user, role=Role.EDITOR, region=region)
    return user


@pytest.fixture
def correspondent(brazil: Country) -> User:
    user = make_user("carla.correspondent@example.org")
    assign_role(by=None, user=user, role=Role.CORRESPONDENT, country=brazil)
    return user


@pytest.fixture
def representative(organization: Organization) -> User:
    user = make_user("renata.representative@example.org")
    assign_role(by=None, user=user, role=Role.REPRESENTATIVE, organization=organization)
    return user


@pytest.fixture
def delegate(congress: Congress) -> User:
    user = make_user("diego.delegate@example.org")
    assign_role(by=None, user=user, role=Role.DELEGATE, congress=congress)
    return user


@pytest.fixture
def member(db: None) -> User:
    user = make_user("mona.member@example.org")
    assign_role(by=None, user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def outsider(db: None) -> User:
    return make_user("otto.outsider@example.org")


def enrol_totp(user: User) -> None:
    """Give ``user`` a TOTP authenticator, as if they had enrolled it."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def staff_client(secretariat: User) -> Client:
    """A browser session of the secretariat, second factor enrolled and passed."""
    enrol_totp(secretariat)
    client = Client()
    client.force_login(secretariat)
    return client


@dataclass
class Mailbox:
    """What a real SMTP server (aiosmtpd) received."""

    host: str
    port: int
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    # One per SMTP connection a message came over (aiosmtpd makes a session per connection).
    sessions: list[object] = field(default_factory=list)
    # Recipients the server refuses (550), as a server refuses an unknown mailbox.
    refused: set[str] = field(default_factory=set)


@pytest.fixture
def smtp_server(settings: object) -> Iterator[Mailbox]:
    """Start a real SMTP server on a free local port and route the outbox to it."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox("127.0.0.1", port)

    class Handler:
        async def handle_RCPT(  # noqa: N802
            self, server: object, session: object, envelope: object, address: str, options: object
        ) -> str:
            if address in mailbox.refused:
                return "550 5.1.1 No such mailbox"
            envelope.rcpt_tos.append(address)  # type: ignore[attr-defined]
            return "250 OK"

        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
            mailbox.messages.append(
                (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)  # type: ignore[attr-defined]
            )
            if not any(seen is session for seen in mailbox.sessions):
                mailbox.sessions.append(session)
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.OUTBOX_DELIVERY = {  # type: ignore[attr-defined]
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
    }
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    require(path is not None, "Debian's chromium is not installed (bootstrap.py test installs it)")
    assert path is not None
    return path


@pytest.fixture(autouse=True)
def _mail_goes_through_the_outbox(settings: object) -> None:
    """pytest-django swaps in the locmem mail backend; put the real outbox back.

    Each test starts as a fresh process would: its first commit enqueues delivery,
    its first signature the confirmations.
    """
    from internationale.declarations.services import signing
    from internationale.mail import services

    settings.EMAIL_BACKEND = "internationale.mail.backends.OutboxBackend"  # type: ignore[attr-defined]
    services.ENQUEUE_THROTTLE.reset()
    signing.CONFIRMATIONS_THROTTLE.reset()


@pytest.fixture(autouse=True)
def _lists_of_signatories_are_exact(settings: object) -> None:
    """Every read sees the last change (production lets a busy list lag a few seconds)."""
    settings.DECLARATION_LIST_MAX_AGE = 0  # type: ignore[attr-defined]


@pytest.fixture
def worker() -> Any:
    """Run the real worker once, as `internationale worker --batch` does: every task due."""

    def run() -> None:
        from internationale.cli import main

        assert main(["worker", "--batch"]) == 0

    return run


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest) -> None:
    """Each test starts with nothing cached, as a server just started would.

    The default cache is a database table (log-in counters, decision 0019): emptied
    for the tests that use the database (a transactional test's flush leaves it).
    """
    from django.core.cache import caches

    caches["local"].clear()
    if request.node.get_closest_marker("django_db") or "_django_db_helper" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _no_stale_search_index(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Start a transactional test with the wire's search index as empty as its reports.

    Django's flush after a transactional test empties the models' tables, not the
    index's (plain SQL tables): the next one would count matches of reports gone.
    """
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    from internationale.wire import search

    with django_db_blocker.unblock():
        search.clear()


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language() -> Iterator[None]:
    """A request through the test client leaves its language active in the thread, as
    the worker's rendering in a signer's language may: each test starts in English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()

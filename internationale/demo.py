"""Demonstration data: a small international to click through.

Each app owns its part (``<app>/demo.py``); this loads them in order, later
parts using earlier ones (the log-ins' roles name a demo organization and the
congress; the wire's editor is the demo secretariat), in one transaction.
``load_demo`` is idempotent: every part looks its data up before creating it,
so a second run creates nothing and changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from internationale.accounts import demo as accounts
from internationale.congresses import demo as congresses
from internationale.declarations import demo as declarations
from internationale.organizations import demo as organizations
from internationale.web import demo as web
from internationale.wire import demo as wire


@transaction.atomic
def load_demo(*, base_url: str = "http://127.0.0.1:8000/") -> str:
    """Load the demo international; return a one-line summary of what was created.

    Its mails link to ``base_url``: the address the demo is served at.
    """
    created = organizations.load_directory()
    created += organizations.load_points()
    created += congresses.load_congress()
    created += accounts.load_logins()
    created += congresses.load_parts()
    created += web.load_pages()
    created += declarations.load_declaration()
    secretariat, _ = accounts.demo_user("secretariat@demo.invalid", "Demo secretariat")
    created += wire.load_wire_demo(editor=secretariat, base_url=base_url)
    return f"Demo data loaded: {created} new objects."

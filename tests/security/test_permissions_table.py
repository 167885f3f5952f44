"""Every URL the project defines, requested by each role: the expected answers, in one table.

The answers come from the battery's first pass over the real server (every
endpoint as every role, before anything hostile is sent; see conftest.py),
with the seeded objects in the URLs (endpoints.py). A URL without a row fails,
and so does a row whose URL no longer exists: a new view gets its row, and
with it a decision about who may see it.

The last column is a staff member (here: a secretariat account) who has not
enrolled a second factor: every page sends them to the enrolment page, except
the pages they need to enrol, to log out and to choose a language.
"""

from __future__ import annotations

import pytest

from tests.security import congress
from tests.security.browser import Answer
from tests.security.endpoints import endpoints
from tests.security.seed import ROLES

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]

L = "login"  # a redirect to the log-in page
E = "enrol"  # a redirect to the second factor's enrolment page
A = "admin login"  # the admin's redirect to its own log-in page (which asks for the site's)
NOT_ADMIN = (A, A, A, A, A, A)  # every role but the secretariat, in the admin

# fmt: off
#: URL name (or route, when unnamed) -> expected answer for each role, in this order:
#: anonymous, member, representative, correspondent, editor, language editor,
#: secretariat, staff without TOTP.
EXPECTED: dict[str, tuple[int | str, ...]] = {
    "favicon.ico": (301, 301, 301, 301, 301, 301, 301, E),
    "set_language": (302, 302, 302, 302, 302, 302, 302, 302),
    "logo": (200, 200, 200, 200, 200, 200, 200, E),
    "accounts:invitations": (L, 403, 403, 403, 403, 403, 200, E),
    "accounts:accept_invitation": (302, 302, 302, 302, 302, 302, 302, E),
    "account_login": (200, 302, 302, 302, 302, 302, 302, E),
    "account_logout": (302, 200, 200, 200, 200, 200, 200, 200),
    "account_inactive": (200, 200, 200, 200, 200, 200, 200, E),
    "account_signup": (200, 302, 302, 302, 302, 302, 302, E),
    "account_reauthenticate": (L, 200, 200, 200, 200, 200, 200, 200),
    "account_request_reauthentication_code": (L, 200, 200, 200, 200, 200, 200, E),
    "account_confirm_reauthentication_code": (L, 302, 302, 302, 302, 302, 302, E),
    "account_email": (L, 200, 200, 200, 200, 200, 200, E),
    "account_email_verification_sent": (200, 200, 200, 200, 200, 200, 200, E),
    "account_change_password": (L, 200, 200, 200, 200, 200, 200, E),
    "account_set_password": (L, 302, 302, 302, 302, 302, 302, E),
    "account_reset_password": (200, 200, 200, 200, 200, 200, 200, E),
    "account_confirm_login_code": (L, 302, 302, 302, 302, 302, 302, E),
    "account_confirm_email": (200, 200, 200, 200, 200, 200, 200, E),
    "account_reset_password_from_key_done": (200, 200, 200, 200, 200, 200, 200, E),
    "account_reset_password_from_key": (200, 200, 200, 200, 200, 200, 200, E),
    "account_reset_password_done": (200, 200, 200, 200, 200, 200, 200, E),
    "mfa_index": (L, 200, 200, 200, 200, 200, 200, E),
    "mfa_authenticate": (L, 302, 302, 302, 302, 302, 302, E),
    "mfa_reauthenticate": (L, 302, 302, 302, 200, 200, 200, E),
    "mfa_activate_totp": (L, 200, 200, 200, 302, 302, 302, 200),
    "mfa_deactivate_totp": (L, 404, 404, 404, 200, 200, 200, E),
    "mfa_view_recovery_codes": (L, 404, 404, 404, 200, 200, 200, E),
    # The project's own enrolment and recovery-code views, at allauth's addresses.
    "accounts:activate_totp": (L, 200, 200, 200, 302, 302, 302, 200),
    "accounts:recovery_codes": (L, 404, 404, 404, 200, 200, 200, E),
    "mfa_generate_recovery_codes": (L, 200, 200, 200, 200, 200, 200, E),
    "mfa_download_recovery_codes": (L, 404, 404, 404, 200, 200, 200, E),
    "admin:index": (*NOT_ADMIN, 200, E),
    "admin:login": (L, 200, 200, 200, 200, 200, 302, E),
    "admin:logout": (302, 302, 302, 302, 302, 302, 405, E),
    "admin:password_change": (*NOT_ADMIN, 200, E),
    "admin:password_change_done": (*NOT_ADMIN, 200, E),
    "admin:autocomplete": (*NOT_ADMIN, 403, E),
    "admin:jsi18n": (*NOT_ADMIN, 200, E),
    "admin:view_on_site": (*NOT_ADMIN, 302, E),
    "admin:auth_group_changelist": (*NOT_ADMIN, 403, E),
    "admin:auth_group_add": (*NOT_ADMIN, 403, E),
    "admin:auth_group_history": (*NOT_ADMIN, 302, E),
    "admin:auth_group_delete": (*NOT_ADMIN, 403, E),
    "admin:auth_group_change": (*NOT_ADMIN, 403, E),
    "admin/auth/group/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:web_sitepage_changelist": (*NOT_ADMIN, 200, E),
    "admin:web_sitepage_add": (*NOT_ADMIN, 200, E),
    "admin:web_sitepage_history": (*NOT_ADMIN, 200, E),
    "admin:web_sitepage_delete": (*NOT_ADMIN, 200, E),
    "admin:web_sitepage_change": (*NOT_ADMIN, 200, E),
    "admin/web/sitepage/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:account_emailaddress_changelist": (*NOT_ADMIN, 403, E),
    "admin:account_emailaddress_add": (*NOT_ADMIN, 403, E),
    "admin:account_emailaddress_history": (*NOT_ADMIN, 403, E),
    "admin:account_emailaddress_delete": (*NOT_ADMIN, 403, E),
    "admin:account_emailaddress_change": (*NOT_ADMIN, 403, E),
    "admin/account/emailaddress/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:mfa_authenticator_changelist": (*NOT_ADMIN, 403, E),
    "admin:mfa_authenticator_add": (*NOT_ADMIN, 403, E),
    "admin:mfa_authenticator_history": (*NOT_ADMIN, 403, E),
    "admin:mfa_authenticator_delete": (*NOT_ADMIN, 403, E),
    "admin:mfa_authenticator_change": (*NOT_ADMIN, 403, E),
    "admin/mfa/authenticator/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:django_tasks_database_dbtaskresult_changelist": (*NOT_ADMIN, 403, E),
    "admin:django_tasks_database_dbtaskresult_add": (*NOT_ADMIN, 403, E),
    "admin:django_tasks_database_dbtaskresult_history": (*NOT_ADMIN, 403, E),
    "admin:django_tasks_database_dbtaskresult_delete": (*NOT_ADMIN, 403, E),
    "admin:django_tasks_database_dbtaskresult_change": (*NOT_ADMIN, 403, E),
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:accounts_user_changelist": (*NOT_ADMIN, 200, E),
    "admin:accounts_user_add": (*NOT_ADMIN, 200, E),
    "admin:accounts_user_history": (*NOT_ADMIN, 200, E),
    "admin:accounts_user_delete": (*NOT_ADMIN, 200, E),
    "admin:accounts_user_change": (*NOT_ADMIN, 200, E),
    "admin/accounts/user/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:accounts_invitation_changelist": (*NOT_ADMIN, 200, E),
    "admin:accounts_invitation_add": (*NOT_ADMIN, 403, E),
    "admin:accounts_invitation_history": (*NOT_ADMIN, 200, E),
    "admin:accounts_invitation_delete": (*NOT_ADMIN, 403, E),
    "admin:accounts_invitation_change": (*NOT_ADMIN, 200, E),
    "admin/accounts/invitation/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:accounts_auditentry_changelist": (*NOT_ADMIN, 200, E),
    "admin:accounts_auditentry_add": (*NOT_ADMIN, 403, E),
    "admin:accounts_auditentry_history": (*NOT_ADMIN, 200, E),
    "admin:accounts_auditentry_delete": (*NOT_ADMIN, 403, E),
    "admin:accounts_auditentry_change": (*NOT_ADMIN, 200, E),
    "admin/accounts/auditentry/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:organizations_region_changelist": (*NOT_ADMIN, 200, E),
    "admin:organizations_region_add": (*NOT_ADMIN, 200, E),
    "admin:organizations_region_history": (*NOT_ADMIN, 200, E),
    "admin:organizations_region_delete": (*NOT_ADMIN, 200, E),
    "admin:organizations_region_change": (*NOT_ADMIN, 200, E),
    "admin/organizations/region/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:organizations_country_changelist": (*NOT_ADMIN, 200, E),
    "admin:organizations_country_add": (*NOT_ADMIN, 200, E),
    "admin:organizations_country_history": (*NOT_ADMIN, 200, E),
    "admin:organizations_country_delete": (*NOT_ADMIN, 200, E),
    "admin:organizations_country_change": (*NOT_ADMIN, 200, E),
    "admin/organizations/country/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:organizations_organization_changelist": (*NOT_ADMIN, 200, E),
    "admin:organizations_organization_add": (*NOT_ADMIN, 200, E),
    "admin:organizations_organization_history": (*NOT_ADMIN, 200, E),
    "admin:organizations_organization_delete": (*NOT_ADMIN, 200, E),
    "admin:organizations_organization_change": (*NOT_ADMIN, 200, E),
    "admin/organizations/organization/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:organizations_statuschange_changelist": (*NOT_ADMIN, 200, E),
    "admin:organizations_statuschange_add": (*NOT_ADMIN, 403, E),
    "admin:organizations_statuschange_history": (*NOT_ADMIN, 302, E),
    "admin:organizations_statuschange_delete": (*NOT_ADMIN, 403, E),
    "admin:organizations_statuschange_change": (*NOT_ADMIN, 302, E),
    "admin/organizations/statuschange/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:organizations_agreementpoint_changelist": (*NOT_ADMIN, 200, E),
    "admin:organizations_agreementpoint_add": (*NOT_ADMIN, 200, E),
    "admin:organizations_agreementpoint_history": (*NOT_ADMIN, 200, E),
    "admin:organizations_agreementpoint_delete": (*NOT_ADMIN, 200, E),
    "admin:organizations_agreementpoint_change": (*NOT_ADMIN, 200, E),
    "admin/organizations/agreementpoint/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:organizations_application_changelist": (*NOT_ADMIN, 200, E),
    "admin:organizations_application_add": (*NOT_ADMIN, 403, E),
    "admin:organizations_application_history": (*NOT_ADMIN, 200, E),
    "admin:organizations_application_delete": (*NOT_ADMIN, 403, E),
    "admin:organizations_application_change": (*NOT_ADMIN, 200, E),
    "admin/organizations/application/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:declarations_declaration_changelist": (*NOT_ADMIN, 200, E),
    "admin:declarations_declaration_add": (*NOT_ADMIN, 403, E),
    "admin:declarations_declaration_history": (*NOT_ADMIN, 200, E),
    "admin:declarations_declaration_delete": (*NOT_ADMIN, 403, E),
    "admin:declarations_declaration_change": (*NOT_ADMIN, 200, E),
    "admin/declarations/declaration/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:declarations_declarationtext_changelist": (*NOT_ADMIN, 200, E),
    "admin:declarations_declarationtext_add": (*NOT_ADMIN, 403, E),
    "admin:declarations_declarationtext_history": (*NOT_ADMIN, 200, E),
    "admin:declarations_declarationtext_delete": (*NOT_ADMIN, 403, E),
    "admin:declarations_declarationtext_change": (*NOT_ADMIN, 200, E),
    "admin/declarations/declarationtext/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:declarations_signature_changelist": (*NOT_ADMIN, 200, E),
    "admin:declarations_signature_add": (*NOT_ADMIN, 403, E),
    "admin:declarations_signature_history": (*NOT_ADMIN, 200, E),
    "admin:declarations_signature_delete": (*NOT_ADMIN, 403, E),
    "admin:declarations_signature_change": (*NOT_ADMIN, 200, E),
    "admin/declarations/signature/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:wire_topic_changelist": (*NOT_ADMIN, 200, E),
    "admin:wire_topic_add": (*NOT_ADMIN, 200, E),
    "admin:wire_topic_history": (*NOT_ADMIN, 200, E),
    "admin:wire_topic_delete": (*NOT_ADMIN, 200, E),
    "admin:wire_topic_change": (*NOT_ADMIN, 200, E),
    "admin/wire/topic/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:wire_correspondent_changelist": (*NOT_ADMIN, 200, E),
    "admin:wire_correspondent_add": (*NOT_ADMIN, 200, E),
    "admin:wire_correspondent_history": (*NOT_ADMIN, 200, E),
    "admin:wire_correspondent_delete": (*NOT_ADMIN, 200, E),
    "admin:wire_correspondent_change": (*NOT_ADMIN, 200, E),
    "admin/wire/correspondent/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:wire_report_changelist": (*NOT_ADMIN, 200, E),
    "admin:wire_report_add": (*NOT_ADMIN, 403, E),
    "admin:wire_report_history": (*NOT_ADMIN, 200, E),
    "admin:wire_report_delete": (*NOT_ADMIN, 403, E),
    "admin:wire_report_change": (*NOT_ADMIN, 200, E),
    "admin/wire/report/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:congresses_congress_changelist": (*NOT_ADMIN, 200, E),
    "admin:congresses_congress_add": (*NOT_ADMIN, 200, E),
    "admin:congresses_congress_history": (*NOT_ADMIN, 200, E),
    "admin:congresses_congress_delete": (*NOT_ADMIN, 200, E),
    "admin:congresses_congress_change": (*NOT_ADMIN, 200, E),
    "admin/congresses/congress/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:mail_outboxmessage_changelist": (*NOT_ADMIN, 200, E),
    "admin:mail_outboxmessage_add": (*NOT_ADMIN, 403, E),
    "admin:mail_outboxmessage_history": (*NOT_ADMIN, 200, E),
    "admin:mail_outboxmessage_delete": (*NOT_ADMIN, 403, E),
    "admin:mail_outboxmessage_change": (*NOT_ADMIN, 200, E),
    "admin/mail/outboxmessage/<path:object_id>/": (*NOT_ADMIN, 302, E),
    "admin:app_list": (*NOT_ADMIN, 200, E),
    "admin/(?P<url>.*)$": (*NOT_ADMIN, 404, E),
    "organizations:directory": (200, 200, 200, 200, 200, 200, 200, E),
    "organizations:edit": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:status": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:points": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:point_new": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:point_edit": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:paste": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:list_preview": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:export_csv": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:import_csv": (L, 403, 403, 403, 403, 403, 200, E),
    "organizations:apply": (302, 200, 200, 200, 200, 200, 200, E),
    "organizations:join": (200, 302, 302, 302, 302, 302, 302, E),
    "organizations:join_sent": (200, 200, 200, 200, 200, 200, 200, E),
    "organizations:join_confirm": (200, 200, 200, 200, 200, 200, 200, E),
    "organizations:applications": (L, 200, 200, 200, 200, 200, 200, E),
    "organizations:application": (L, 200, 404, 404, 404, 404, 200, E),
    "organizations:message": (L, 405, 405, 405, 405, 405, 405, E),
    "organizations:decide": (L, 405, 405, 405, 405, 405, 405, E),
    "declarations:list": (200, 200, 200, 200, 200, 200, 200, E),
    "declarations:manage_list": (L, 403, 403, 403, 403, 403, 200, E),
    "declarations:manage_new": (L, 403, 403, 403, 403, 403, 200, E),
    "declarations:verify": (L, 200, 200, 200, 200, 200, 200, E),
    "declarations:confirm": (200, 200, 200, 200, 200, 200, 200, E),
    "declarations:withdraw": (200, 200, 200, 200, 200, 200, 200, E),
    "declarations:detail": (200, 200, 200, 200, 200, 200, 200, E),
    "declarations:signatories": (200, 200, 200, 200, 200, 200, 200, E),
    "declarations:pdf": (503, 503, 503, 503, 503, 503, 503, E),
    "declarations:thanks": (200, 200, 200, 200, 200, 200, 200, E),
    "declarations:staff": (L, 403, 403, 403, 403, 403, 200, E),
    "declarations:manage": (L, 403, 403, 403, 403, 403, 200, E),
    "declarations:manage_text": (L, 403, 403, 403, 403, 403, 200, E),
    "declarations:import_list": (L, 403, 403, 403, 403, 403, 200, E),
    "declarations:import_preview": (L, 403, 403, 403, 403, 403, 200, E),
    "declarations:export": (L, 403, 403, 403, 403, 403, 200, E),
    "wire:home": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:search": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:report": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:country": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:region": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:topic": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:language": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:media": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:feed": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:feed_rss": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:appeals_feed": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:appeals_feed_rss": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:country_feed": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:country_feed_rss": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:region_feed": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:region_feed_rss": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:topic_feed": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:topic_feed_rss": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:language_feed": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:language_feed_rss": (200, 200, 200, 200, 200, 200, 200, E),
    "wire:mine": (L, 403, 403, 200, 200, 200, 200, E),
    "wire:profile": (L, 403, 403, 200, 200, 200, 200, E),
    "wire:new": (L, 403, 403, 200, 302, 302, 302, E),
    "wire:queue": (L, 403, 403, 403, 200, 200, 200, E),
    "wire:desk_report": (L, 404, 404, 200, 200, 404, 200, E),
    "wire:edit": (L, 404, 404, 403, 200, 404, 200, E),
    "wire:diff": (L, 404, 404, 200, 200, 404, 200, E),
    "wire:unpublish": (L, 404, 404, 403, 200, 404, 200, E),
    "wire:translate": (L, 404, 404, 403, 200, 404, 200, E),
    "wire:add_media": (L, 405, 405, 405, 405, 405, 405, E),
    "wire:remove_media": (L, 404, 404, 404, 404, 200, 200, E),
    "web:home": (200, 200, 200, 200, 200, 200, 200, E),
    "web:about": (200, 200, 200, 200, 200, 200, 200, E),
    "web:organization": (200, 200, 200, 200, 200, 200, 200, E),
    "web:health": (200, 200, 200, 200, 200, 200, 200, E),
    "web:staff": (L, 403, 403, 403, 403, 403, 200, E),
    "web:audit_log": (L, 403, 403, 403, 403, 403, 200, E),
    "web:edit_page": (L, 403, 403, 403, 403, 403, 200, E),
}
# fmt: on
# The congress's URLs, part by part (tests/security/congress/).
EXPECTED.update(congress.ROWS)


def cell(answer: Answer) -> int | str:
    """The answer as the table writes it: a status, or where a redirect leads."""
    if answer.status in (301, 302):
        for prefix, name in (("/accounts/login/", L), ("/accounts/2fa/totp/activate/", E),
                             ("/admin/login/", A)):  # fmt: skip
            if answer.location.startswith(prefix):
                return name
    return answer.status if answer.status is not None else answer.error


def test_the_table_has_a_row_for_every_url_and_no_other() -> None:
    defined = [endpoint.key for endpoint in endpoints()]
    missing = [key for key in defined if key not in EXPECTED]
    gone = [key for key in EXPECTED if key not in defined]
    assert not missing, f"URLs without a row in EXPECTED: {missing}"
    assert not gone, f"rows of EXPECTED whose URL no longer exists: {gone}"
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


def test_every_role_gets_the_expected_answer_from_every_url(crawl, battery) -> None:
    wrong = []
    for endpoint in battery.endpoints:
        for role, expected in zip(ROLES, EXPECTED.get(endpoint.key, ()), strict=False):
            answer = crawl.answers.get((endpoint.key, role))
            got = cell(answer) if answer is not None else "not requested (an earlier role hung)"
            if got != expected:
                path = battery.paths[endpoint.key]
                wrong.append(f"{endpoint.key} ({path}) as {role}: expected {expected}, got {got}")
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(wrong)

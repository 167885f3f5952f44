from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from internationale.accounts.permissions import can_use_admin
from internationale.organizations.views.directory import logo
from internationale.web.views import favicon

# The admin logs in through allauth, so the second factor applies there too,
# and only the secretariat may use it.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.has_permission = lambda request: can_use_admin(request.user)  # type: ignore[method-assign]

urlpatterns = [
    # Browsers ask for /favicon.ico on pages (such as the admin's) that name no icon.
    path("favicon.ico", favicon),
    # The language switch is on every page and posts no CSRF token, so that reading
    # the site sets no cookie; a forged switch can only change the reader's language
    # (and send them to a page of this site). Decision 0018.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # No web server serves MEDIA_ROOT: the application serves logos at the URL
    # their field gives (MEDIA_URL + "logos/…"), the wire its media under /wire/media/.
    path("media/logos/<str:name>", logo, name="logo"),
    path("accounts/", include("internationale.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("directory/", include("internationale.organizations.urls")),
    path("declarations/", include("internationale.declarations.urls")),
    path("wire/", include("internationale.wire.urls")),
    path("congresses/", include("internationale.congresses.urls")),
    path("", include("internationale.web.urls")),
]

# A lost database connection answers 503 with Retry-After, not 500.
handler500 = "internationale.web.views.server_error"

from django.urls import URLPattern, path

from internationale.congresses.views import delegates, delegates_attendance, delegates_credentials

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/delegates/", delegates.board, name="delegates"),
    path("<slug:slug>/delegates/nominate/<int:pk>/", delegates.nominate, name="delegates_nominate"),
    path("<slug:slug>/delegates/withdraw/<int:pk>/", delegates.withdraw, name="delegates_withdraw"),
    path("<slug:slug>/credentials/", delegates_credentials.page, name="credentials"),
    path(
        "<slug:slug>/credentials/<int:pk>/", delegates_credentials.decide, name="credentials_decide"
    ),
    path(
        "<slug:slug>/credentials/replace/",
        delegates_credentials.replace,
        name="credentials_replace",
    ),
    path(
        "<slug:slug>/credentials/replace/<int:pk>/end/",
        delegates_credentials.end_replacement,
        name="credentials_end_replacement",
    ),
    path("<slug:slug>/proxy/", delegates_attendance.proxy, name="proxy"),
    path("<slug:slug>/attendance/", delegates_attendance.desk, name="attendance"),
    path("<slug:slug>/attendance/<int:pk>/", delegates_attendance.check, name="attendance_check"),
    path("<slug:slug>/attendance/code/", delegates_attendance.code, name="attendance_code"),
    path("<slug:slug>/attendance/self/", delegates_attendance.check_self, name="attendance_self"),
    path("<slug:slug>/attendance/summary/", delegates.summary, name="attendance_summary"),
]

from django.urls import URLPattern, path

from internationale.wire import feeds
from internationale.wire.views import desk, public

app_name = "wire"


def _feeds(prefix: str, kind: str, name: str) -> list[URLPattern]:
    """A feed as Atom (feed.atom, named ``name``) and RSS (feed.rss, ``name``_rss)."""
    return [
        path(
            f"{prefix}feed.{fmt}",
            feeds.feed,
            {"kind": kind, "fmt": fmt},
            name=name if fmt == "atom" else name + "_rss",
        )
        for fmt in ("atom", "rss")
    ]


urlpatterns = [
    path("", public.home, name="home"),
    path("search/", public.search_page, name="search"),
    path("report/<int:pk>/", public.report, name="report"),
    path("country/<str:code>/", public.country, name="country"),
    path("region/<slug:slug>/", public.region, name="region"),
    path("topic/<slug:slug>/", public.topic, name="topic"),
    path("language/<str:code>/", public.language, name="language"),
    path("media/<str:name>", public.media, name="media"),
    *_feeds("", "wire", "feed"),
    *_feeds("appeals/", "appeals", "appeals_feed"),
    *_feeds("country/<str:code>/", "country", "country_feed"),
    *_feeds("region/<slug:slug>/", "region", "region_feed"),
    *_feeds("topic/<slug:slug>/", "topic", "topic_feed"),
    *_feeds("language/<str:code>/", "language", "language_feed"),
    path("mine/", desk.my_reports, name="mine"),
    path("mine/byline/", desk.profile, name="profile"),
    path("mine/new/", desk.new_report, name="new"),
    path("desk/", desk.queue, name="queue"),
    path("desk/<int:pk>/", desk.desk_report, name="desk_report"),
    path("desk/<int:pk>/edit/", desk.edit_report, name="edit"),
    path("desk/<int:pk>/diff/", desk.diff, name="diff"),
    path("desk/<int:pk>/unpublish/", desk.unpublish, name="unpublish"),
    path("desk/<int:pk>/translate/", desk.translate, name="translate"),
    path("desk/<int:pk>/media/", desk.add_media, name="add_media"),
    path("desk/media/<int:media_id>/remove/", desk.remove_media, name="remove_media"),
]

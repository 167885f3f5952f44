from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from internationale.wire import feeds
from internationale.wire.views import desk, public

app_name = "wire"


def _feeds(prefix: str, view: Callable[..., HttpResponse], name: str) -> list[URLPattern]:
    """Each feed as Atom (feed.atom, named ``name``) and RSS (feed.rss, ``name``_rss)."""
    return [
        path(
            f"{prefix}feed.{fmt}", view, {"fmt": fmt}, name=name if fmt == "atom" else name + "_rss"
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
    *_feeds("", feeds.wire_feed, "feed"),
    *_feeds("appeals/", feeds.appeals_feed, "appeals_feed"),
    *_feeds("country/<str:code>/", feeds.country_feed, "country_feed"),
    *_feeds("region/<slug:slug>/", feeds.region_feed, "region_feed"),
    *_feeds("topic/<slug:slug>/", feeds.topic_feed, "topic_feed"),
    *_feeds("language/<str:code>/", feeds.language_feed, "language_feed"),
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

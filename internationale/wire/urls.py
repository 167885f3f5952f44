from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from internationale.wire import feeds, views, views_desk

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
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("report/<int:pk>/", views.report, name="report"),
    path("country/<str:code>/", views.country, name="country"),
    path("region/<slug:slug>/", views.region, name="region"),
    path("topic/<slug:slug>/", views.topic, name="topic"),
    path("language/<str:code>/", views.language, name="language"),
    path("media/<str:name>", views.media, name="media"),
    *_feeds("", feeds.wire_feed, "feed"),
    *_feeds("appeals/", feeds.appeals_feed, "appeals_feed"),
    *_feeds("country/<str:code>/", feeds.country_feed, "country_feed"),
    *_feeds("region/<slug:slug>/", feeds.region_feed, "region_feed"),
    *_feeds("topic/<slug:slug>/", feeds.topic_feed, "topic_feed"),
    *_feeds("language/<str:code>/", feeds.language_feed, "language_feed"),
    path("mine/", views_desk.my_reports, name="mine"),
    path("mine/byline/", views_desk.profile, name="profile"),
    path("mine/new/", views_desk.new_report, name="new"),
    path("desk/", views_desk.queue, name="queue"),
    path("desk/<int:pk>/", views_desk.desk_report, name="desk_report"),
    path("desk/<int:pk>/edit/", views_desk.edit_report, name="edit"),
    path("desk/<int:pk>/diff/", views_desk.diff, name="diff"),
    path("desk/<int:pk>/unpublish/", views_desk.unpublish, name="unpublish"),
    path("desk/<int:pk>/translate/", views_desk.translate, name="translate"),
    path("desk/<int:pk>/media/", views_desk.add_media, name="add_media"),
    path("desk/media/<int:media_id>/remove/", views_desk.remove_media, name="remove_media"),
]

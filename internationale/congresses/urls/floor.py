from django.urls import URLPattern, path

from internationale.congresses.views import floor, floor_agenda, floor_chair, floor_stream

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/agenda/", floor_agenda.agenda, name="agenda"),
    path("<slug:slug>/agenda/<int:item_id>/", floor_agenda.agenda_item, name="agenda_item"),
    path("<slug:slug>/agenda/<int:item_id>/move/", floor_agenda.agenda_move, name="agenda_move"),
    path(
        "<slug:slug>/agenda/<int:item_id>/current/",
        floor_agenda.agenda_current,
        name="agenda_current",
    ),
    path("<slug:slug>/floor/", floor.floor_page, name="floor"),
    path("<slug:slug>/floor/ask/", floor.floor_ask, name="floor_ask"),
    path("<slug:slug>/floor/withdraw/", floor.floor_withdraw, name="floor_withdraw"),
    path("<slug:slug>/floor/state/", floor.floor_state, name="floor_state"),
    path("<slug:slug>/floor/stream/", floor_stream.floor_stream, name="floor_stream"),
    path("<slug:slug>/floor/chair/", floor_chair.chair, name="floor_chair"),
    path("<slug:slug>/projector/", floor.projector, name="projector"),
]

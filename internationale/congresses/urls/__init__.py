"""The congress's addresses, one module per part, all under /congresses/."""

from internationale.congresses.urls import convening, debate, delegates, floor, sections

app_name = "congresses"
urlpatterns = [
    *convening.urlpatterns,
    *sections.urlpatterns,
    *delegates.urlpatterns,
    *debate.urlpatterns,
    *floor.urlpatterns,
]

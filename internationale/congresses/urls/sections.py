from django.urls import URLPattern, path

from internationale.congresses.views import sections

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/sections/", sections.section_list, name="sections"),
    path("<slug:slug>/sections/figures/", sections.figures, name="figures"),
    path("<slug:slug>/sections/<int:pk>/figure/", sections.section_figure, name="section_figure"),
]

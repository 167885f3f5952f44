from django.urls import URLPattern, path

from internationale.congresses.views import debate, debate_bulletins, debate_tendencies

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/debate/", debate.index, name="debate"),
    path("<slug:slug>/debate/new/", debate.new, name="debate_new"),
    path("<slug:slug>/debate/<int:pk>/", debate.detail, name="contribution"),
    path("<slug:slug>/debate/<int:pk>/endorse/", debate.endorse, name="contribution_endorse"),
    path("<slug:slug>/debate/<int:pk>/withdraw/", debate.withdraw, name="contribution_withdraw"),
    path("<slug:slug>/debate/<int:pk>/public/", debate.make_public, name="contribution_public"),
    path(
        "<slug:slug>/debate/<int:pk>/text/<str:language>/",
        debate.text,
        name="contribution_text",
    ),
    path("<slug:slug>/debate/bulletins/", debate_bulletins.bulletins, name="bulletins"),
    path("<slug:slug>/debate/bulletins/new/", debate_bulletins.publish, name="bulletin_publish"),
    path("<slug:slug>/debate/bulletins/<int:number>/", debate_bulletins.bulletin, name="bulletin"),
    path(
        "<slug:slug>/debate/bulletins/<int:number>/pdf/<str:language>/",
        debate_bulletins.pdf,
        name="bulletin_pdf",
    ),
    path("<slug:slug>/tendencies/", debate_tendencies.tendencies, name="tendencies"),
    path("<slug:slug>/tendencies/new/", debate_tendencies.new, name="tendency_new"),
    path("<slug:slug>/tendencies/<int:pk>/", debate_tendencies.tendency, name="tendency"),
    path("<slug:slug>/tendencies/<int:pk>/sign/", debate_tendencies.sign, name="tendency_sign"),
    path(
        "<slug:slug>/tendencies/<int:pk>/platform/<str:language>/",
        debate_tendencies.platform,
        name="tendency_platform",
    ),
]

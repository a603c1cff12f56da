from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from migis.api import api
from migis.core import views as core_views
from migis.dialogues import views as dialogue_views
from migis.documents import views as document_views
from migis.events import views as event_views
from migis.indicators import views as indicator_views
from migis.ingest import views as ingest_views
from migis.organisations import views as org_views
from migis.portal import views as portal_views
from migis.projects import views as project_views
from migis.search import views as search_views

# Pages carry the language in their address (`/fr/countries/MLT/`, `/ar/...`; the default language,
# English unless MIGIS_LANGUAGE says otherwise, at the root), so a French or Arabic link can be shared.
pages: list[URLPattern | URLResolver] = [
    path("", portal_views.home, name="home"),
    path("countries/", portal_views.country_list, name="country-list"),
    path("countries/<str:iso3>/", portal_views.country_detail, name="country-detail"),
    path("dialogues/", dialogue_views.dialogue_list, name="dialogue-list"),
    path("dialogues/<slug:slug>/", portal_views.dialogue_detail, name="dialogue-detail"),
    path("projects/", project_views.project_list, name="project-list"),
    path("projects/<slug:slug>/", project_views.project_detail, name="project-detail"),
    path("events/", event_views.event_list, name="event-list"),
    path("events/<slug:key>/", event_views.event_detail, name="event-detail"),
    path("organisations/", org_views.organisation_list, name="organisation-list"),
    path("organisations/<slug:slug>/", org_views.organisation_detail, name="organisation-detail"),
    path("indicators/", indicator_views.indicator_list, name="indicator-list"),
    path("indicators/import/", indicator_views.import_page, name="indicator-import"),
    path("indicators/quality/", indicator_views.quality_page, name="indicator-quality"),
    path("flows/", portal_views.flows_page, name="flows"),
    path("indicators/<slug:code>/", indicator_views.indicator_detail, name="indicator-detail"),
    path(
        "indicators/<slug:code>/forecast/<str:iso3>/",
        indicator_views.forecast_page,
        name="indicator-forecast",
    ),
    path("documents/", document_views.document_list, name="document-list"),
    path("news/", document_views.news_list, name="news"),
    path("documents/upload/", ingest_views.upload, name="document-upload"),
    path("documents/<slug:key>/", document_views.document_detail, name="document-detail"),
    path("documents/<slug:key>/original", document_views.document_original, name="document-original"),
    path("search/", search_views.search_page, name="search"),
    path("about/", core_views.about, name="about"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

# Machine-readable addresses stay the same in every language.
urlpatterns = [
    path("health", core_views.health, name="health"),
    path("api/", api.urls),
    path("", include("migis.feeds.urls")),
    *i18n_patterns(*pages, prefix_default_language=False),
]

handler404 = "migis.core.views.not_found"
handler500 = "migis.core.views.server_error"
handler403 = "migis.core.views.permission_denied"

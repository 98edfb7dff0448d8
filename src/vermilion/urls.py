from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from vermilion.api.urls import api
from vermilion.serving.health import healthz
from vermilion.serving.metrics import metrics_view
from vermilion.web.account_views import set_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("vermilion.web.urls")),
]

# Error pages in the site's frame (web/errors.py); the API keeps its JSON errors.
handler400 = "vermilion.web.errors.bad_request"
handler403 = "vermilion.web.errors.permission_denied"
handler404 = "vermilion.web.errors.page_not_found"
handler500 = "vermilion.web.errors.server_error"

if getattr(settings, "VERMILION_SERVE_MEDIA", False):
    # The embedded default serves uploaded media itself; production hands /media/ to nginx or a CDN.
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT}))

"""/api/v1: every app contributes its routes through its api/urls.py."""

from django.urls import include, path, re_path

from .views import not_found

urlpatterns = [
    path("", include("zicht.core.api.schema_urls")),
    path("", include("zicht.registry.api.urls")),
    path("", include("zicht.sdg.api.urls")),
    path("", include("zicht.procurement.api.urls")),
    path("", include("zicht.opportunities.api.urls")),
    # Last: anything else under /api/v1 is a problem+json 404.
    re_path(r"^.*$", not_found, name="api-not-found"),
]

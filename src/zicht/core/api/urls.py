"""/api/v1: every app contributes its routes through its api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("zicht.core.api.schema_urls")),
    path("", include("zicht.registry.api.urls")),
    path("", include("zicht.sdg.api.urls")),
    path("", include("zicht.procurement.api.urls")),
    path("", include("zicht.opportunities.api.urls")),
]

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("zicht.core.urls")),
    path("", include("zicht.accounts.urls")),
    path("", include("zicht.registry.urls")),
    path("", include("zicht.sdg.urls")),
    path("", include("zicht.spend.urls")),
    path("", include("zicht.procurement.urls")),
    path("", include("zicht.opportunities.urls")),
    path("api/v1/", include("zicht.core.api.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

from django.urls import path

from .views import SdgClassifyView

urlpatterns = [path("sdg/classify", SdgClassifyView.as_view(), name="sdg-classify")]

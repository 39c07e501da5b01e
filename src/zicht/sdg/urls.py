from django.urls import path

from . import views

app_name = "sdg"
urlpatterns = [
    path("sdg", views.index, name="index"),
    path("sdg/gemeenten/<str:code>", views.steering, name="steering"),
]

from django.urls import path

from . import views

app_name = "spend"
urlpatterns = [
    path("uitgaven/", views.index, name="index"),
    path("uitgaven/uploaden", views.upload, name="upload"),
    path("uitgaven/import/<int:pk>/kolommen", views.mapping, name="mapping"),
    path("uitgaven/import/<int:pk>/controle", views.validate, name="validate"),
    path("uitgaven/import/<int:pk>/status", views.import_status, name="import-status"),
    path("uitgaven/<str:code>/beoordelen", views.review, name="review"),
    path("uitgaven/<str:code>/rapport", views.report, name="report"),
    path(
        "uitgaven/<str:code>/rapport/grafiek/<str:name>.png",
        views.report_chart,
        name="report-chart",
    ),
    path("uitgaven/<str:code>/publiceren", views.publish, name="publish"),
    path("uitgaven/<str:code>/openbaar", views.public, name="public"),
]

from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("organisaties", views.directory, name="directory"),
    path("organisaties/export.csv", views.directory_export, name="export"),
    path("organisaties/sdg-tellingen", views.directory_sdg_counts, name="sdg-counts"),
    path("organisaties/nieuw", views.start, name="start"),
    path("organisaties/verificatie", views.queue, name="queue"),
    path("organisaties/<str:kvk>", views.organisation, name="organisation"),
    path("organisaties/<str:kvk>/bewerken/<slug:step>", views.edit, name="edit"),
    path("organisaties/<str:kvk>/beoordelen", views.review, name="review"),
    path("organisaties/<str:kvk>/bewijs/<int:pk>", views.evidence_file, name="evidence"),
]

from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("inkoop/advies", views.index, name="index"),
    path("inkoop/plannen/nieuw", views.plan_create, name="plan_create"),
    path("inkoop/plannen/<int:pk>", views.plan, name="plan"),
    path("inkoop/plannen/<int:pk>/export.<str:fmt>", views.plan_export, name="plan_export"),
    path("inkoop/plannen/<int:pk>/contract", views.contract_create, name="contract_create"),
    path("inkoop/contracten", views.overview, name="overview"),
    path("inkoop/contracten/<int:pk>", views.contract, name="contract"),
    path("inkoop/contracten/<int:pk>/ocds.json", views.contract_ocds, name="contract_ocds"),
    path(
        "inkoop/contracten/<int:pk>/leveringen/<slug:kind>",
        views.delivery_create,
        name="delivery_create",
    ),
    path("inkoop/leveringen/<int:pk>/beoordelen", views.delivery_review, name="delivery_review"),
    path("inkoop/leveringen/<int:pk>/bewijs", views.delivery_evidence, name="delivery_evidence"),
]

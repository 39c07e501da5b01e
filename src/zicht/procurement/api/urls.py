"""Routes of procurement under /api/v1. No trailing slashes (ADR /core/no-trailing-slash)."""

from django.urls import path

from . import views

app_name = "procurement_api"
urlpatterns = [
    path("procurement/advice", views.AdviceView.as_view(), name="advice"),
    path("procurement/plans/<int:id>/ocds", views.PlanOcdsView.as_view(), name="plan-ocds"),
]

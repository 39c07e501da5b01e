"""Routes of opportunities under /api/v1. No trailing slashes (ADR /core/no-trailing-slash)."""

from django.urls import path

from . import views

app_name = "opportunities_api"
urlpatterns = [
    path("opportunities", views.OpportunityList.as_view(), name="opportunities"),
    path("opportunities/<int:id>", views.OpportunityDetail.as_view(), name="opportunity"),
    path("opportunities/<int:id>/matches", views.OpportunityMatches.as_view(), name="matches"),
]

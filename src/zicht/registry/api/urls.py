"""Routes of the register under /api/v1. No trailing slashes (ADR /core/no-trailing-slash)."""

from django.urls import path

from . import views

app_name = "registry_api"
urlpatterns = [
    path("organisations", views.OrganisationList.as_view(), name="organisations"),
    path("organisations/<str:kvk>", views.OrganisationDetail.as_view(), name="organisation"),
    path(
        "organisations/<str:kvk>/audit-trail",
        views.OrganisationAuditTrail.as_view(),
        name="organisation-audit-trail",
    ),
    path(
        "verification-requests",
        views.VerificationRequestList.as_view(),
        name="verification-requests",
    ),
    path(
        "verification-requests/<str:kvk>",
        views.VerificationRequestDetail.as_view(),
        name="verification-request",
    ),
]

from django.urls import path

from . import views

app_name = "opportunities"
urlpatterns = [
    path("kansen", views.opportunity_list, name="list"),
    path("kansen/nieuw", views.opportunity_edit, name="create"),
    path("kansen/mijn", views.my_matches, name="mine"),
    path("kansen/inbox", views.inbox, name="inbox"),
    path("kansen/meldingen", views.preferences, name="preferences"),
    path("kansen/afmelden/<str:token>", views.unsubscribe, name="unsubscribe"),
    path("kansen/rapport", views.report, name="report"),
    path("kansen/<int:pk>", views.opportunity_detail, name="detail"),
    path("kansen/<int:pk>/bewerken", views.opportunity_edit, name="edit"),
    path("kansen/<int:pk>/status", views.opportunity_state, name="state"),
    path("kansen/<int:pk>/sdgs", views.opportunity_confirm_sdgs, name="confirm_sdgs"),
    path("kansen/<int:pk>/volgen", views.opportunity_follow, name="follow"),
    path("kansen/<int:pk>/uitnodigen", views.opportunity_invite, name="invite"),
    path("kansen/<int:pk>/beoordelen", views.opportunity_feedback, name="feedback"),
    path("kansen/<int:pk>/consortium", views.opportunity_consortium, name="consortium"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("account/aanmelden", views.signup, name="signup"),
    path("account/bevestigen/<str:token>", views.confirm_email, name="confirm"),
    path("account/inloggen", views.LoginView.as_view(), name="login"),
    path("account/uitloggen", auth_views.LogoutView.as_view(), name="logout"),
    path("account", views.dashboard, name="dashboard"),
    path("account/claims/<int:pk>", views.decide_claim, name="decide-claim"),
]

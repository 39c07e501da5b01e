from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import LoginForm, SignupForm
from .roles import roles_for
from .services import confirm, send_confirmation


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        send_confirmation(user, request)
        return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form})


def confirm_email(request, token):
    user = confirm(token)
    if user is None:
        return render(request, "accounts/confirm_failed.html", status=400)
    messages.success(request, _("Your e-mail address is confirmed. You can log in now."))
    return redirect("accounts:login")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def dashboard(request):
    roles = roles_for(request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "roles": roles,
            "memberships": roles.memberships,
            "pending": request.user.memberships.filter(state="pending").select_related(
                "organisation"
            ),
        },
    )

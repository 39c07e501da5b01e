from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import LoginForm, SignupForm
from .models import Membership
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


def claims_to_decide(roles):
    """Pending claims this user may approve: on organisations they own, or, as municipal
    staff, on organisations in their municipality that have no owner yet."""
    from django.db.models import Exists, OuterRef, Q

    owners = Membership.objects.filter(
        organisation=OuterRef("organisation"),
        role=Membership.Role.OWNER,
        state=Membership.State.ACTIVE,
    )
    owned = [m.organisation_id for m in roles.memberships if m.role == Membership.Role.OWNER]
    scope = Q(organisation_id__in=owned)
    if roles.is_admin:
        scope = Q()
    elif roles.staff_municipality_ids:
        scope |= Q(organisation__municipality_id__in=roles.staff_municipality_ids) & ~Exists(owners)
    return Membership.objects.filter(scope, state=Membership.State.PENDING).select_related(
        "user", "organisation"
    )


@login_required
@require_http_methods(["POST"])
def decide_claim(request, pk):
    from django.shortcuts import get_object_or_404

    from zicht.core import audit

    membership = get_object_or_404(claims_to_decide(roles_for(request.user)), pk=pk)
    approve = request.POST.get("decision") == "approve"
    if approve:
        membership.state = Membership.State.ACTIVE
        membership.save(update_fields=["state"])
    else:
        membership.delete()
    audit.record(
        actor=request.user,
        action="claim_approved" if approve else "claim_declined",
        obj=membership.organisation,
        organisation=membership.organisation,
        changes={"member": [None, membership.user.email]},
    )
    messages.success(request, _("Claim approved.") if approve else _("Claim declined."))
    return redirect("accounts:dashboard")


@login_required
def dashboard(request):
    roles = roles_for(request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "roles": roles,
            "memberships": roles.memberships,
            "claims": claims_to_decide(roles),
            "pending": request.user.memberships.filter(state="pending").select_related(
                "organisation"
            ),
        },
    )

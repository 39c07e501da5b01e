"""Pages: browse → detail (owner: matches, invite, judge) → create/edit; my matches,
consortium, inbox, digest preferences, unsubscribe, feedback report. See services for
who may do what; anything a user may not see is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zicht.accounts.roles import roles_for
from zicht.registry.models import Organisation

from . import digests, matches, services
from .forms import FilterForm, OpportunityForm, PreferenceForm
from .models import (
    Follow,
    InboxItem,
    Invitation,
    Kind,
    MatchFeedback,
    Opportunity,
    State,
)


def _get_visible(request, pk: int) -> Opportunity:
    opp = (
        services.visible_opportunities(roles_for(request.user))
        .select_related("owner", "municipality__region", "created_by")
        .prefetch_related("cpv_codes")
        .filter(pk=pk)
        .first()
    )
    if opp is None:
        raise Http404
    return opp


def _get_managed(request, pk: int) -> Opportunity:
    opp = _get_visible(request, pk)
    if not services.can_manage(roles_for(request.user), opp):
        raise PermissionDenied
    return opp


# ------------------------------------------------------------------------- browse
@require_GET
def opportunity_list(request):
    roles = roles_for(request.user)
    form = FilterForm(request.GET or None)
    qs = services.visible_opportunities(roles)
    d = form.cleaned_data if form.is_valid() else {}
    qs = services.filter_opportunities(
        qs,
        q=d.get("q", ""),
        kind=d.get("kind", ""),
        cpv_division=d.get("cpv", ""),
        region=d.get("region", ""),
        sdg=d.get("sdg"),
        state=d.get("state", ""),
    ).select_related("owner", "municipality")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    followed = set()
    if request.user.is_authenticated:
        followed = set(
            Follow.objects.filter(
                user=request.user, opportunity__in=[o.pk for o in page]
            ).values_list("opportunity_id", flat=True)
        )
    return render(
        request,
        "opportunities/list.html",
        {
            "form": form,
            "page_obj": page,
            "followed": followed,
            "can_create": services.can_create(roles),
        },
    )


# ------------------------------------------------------------------------- detail
def _match_context(request, opp: Opportunity) -> dict:
    ranking, shown, seconds = matches.top_matches(opp)
    judged = dict(
        MatchFeedback.objects.filter(user=request.user, opportunity=opp).values_list(
            "organisation_id", "useful"
        )
    )
    invited = set(
        Invitation.objects.filter(opportunity=opp).values_list("organisation_id", flat=True)
    )
    for s in shown:
        s.judged = judged.get(s.organisation.pk)
        s.invited = s.organisation.pk in invited
    return {
        "matches": shown,
        "notices": matches.notices(ranking),
        "match_seconds": seconds,
        "index_size": len(matches.get_index()),
    }


@require_GET
def opportunity_detail(request, pk: int):
    opp = _get_visible(request, pk)
    roles = roles_for(request.user)
    ctx = {
        "opp": opp,
        "can_manage": services.can_manage(roles, opp),
        "following": request.user.is_authenticated
        and Follow.objects.filter(user=request.user, opportunity=opp).exists(),
        "transitions": [(s, State(s).label) for s in services.TRANSITIONS[State(opp.state)]],
        "show_consortium": opp.kind == Kind.SUBCONTRACTING,
        "deadline_passed": opp.deadline_passed(),
    }
    if ctx["can_manage"]:
        ctx.update(_match_context(request, opp))
    return render(request, "opportunities/detail.html", ctx)


def _from_plan(request, owners) -> dict:
    """``?plan=ID`` (from a procurement plan page): start the tender from the saved plan."""
    from .forms import plans_of

    plan = plans_of(owners).filter(pk=request.GET.get("plan") or 0).first()
    if plan is None:
        return {}
    owner = owners.filter(kind="municipality", municipality_id=plan.municipality_id).first()
    return {
        "procurement_plan": plan.pk,
        "kind": "tender",
        "title": plan.title,
        "value_eur": plan.value_eur,
        "cpv": ", ".join(plan.cpv),
        "municipality": plan.delivery_municipality or plan.municipality.code,
        "reserved_2_82": plan.reserved_2_82,
        **({"owner": owner.pk} if owner else {}),
    }


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, pk: int | None = None):
    roles = roles_for(request.user)
    opp = _get_managed(request, pk) if pk else None
    if opp is None and not services.can_create(roles):
        raise PermissionDenied
    owners = services.owner_choices(roles)
    if opp is not None:
        owners = owners | Organisation.objects.filter(pk=opp.owner_id)
    suggestions = {}
    if request.method == "POST":
        data = request.POST
        if request.POST.get("action") == "suggest":
            text = f"{data.get('title', '')}\n\n{data.get('description', '')}"
            suggestions = services.suggest_sdgs(text)
            data = data.copy()
            data.setlist("sdgs", sorted(set(data.getlist("sdgs")) | set(suggestions)))
            form = OpportunityForm(data, instance=opp, owners=owners)
            form.is_valid()
            form._errors = {}  # show the suggestion, not errors of a form not yet sent
        else:
            form = OpportunityForm(data, instance=opp, owners=owners)
            if form.is_valid():
                created = opp is None
                saved = services.save_opportunity(
                    form.save(commit=False),
                    form.cleaned_data["cpv"],
                    request.user,
                    created=created,
                )
                messages.success(
                    request,
                    _("The opportunity is published.")
                    if saved.state == State.PUBLISHED and created
                    else _("The opportunity is saved."),
                )
                return redirect(saved)
    else:
        initial = {}
        if opp is None:
            first = owners.select_related("municipality").first()
            if first is not None:
                initial = {"owner": first.pk, "municipality": first.municipality.code}
            initial.update(_from_plan(request, owners))
        form = OpportunityForm(instance=opp, owners=owners, initial=initial)
        if opp is not None:
            suggestions = opp.sdg_suggestions
    return render(
        request,
        "opportunities/form.html",
        {
            "form": form,
            "opp": opp,
            "suggestions": sorted(
                ((int(k), v) for k, v in suggestions.items()), key=lambda kv: kv[0]
            ),
        },
    )


@login_required
@require_POST
def opportunity_state(request, pk: int):
    opp = _get_managed(request, pk)
    try:
        services.set_state(opp, request.POST.get("state", ""), request.user)
    except ValueError:
        messages.error(request, _("That change of state is not possible."))
    else:
        messages.success(request, _("The state is now: %(s)s") % {"s": opp.get_state_display()})
    return redirect(opp)


@login_required
@require_POST
def opportunity_confirm_sdgs(request, pk: int):
    opp = _get_managed(request, pk)
    added = services.confirm_suggested_sdgs(opp, request.user)
    if added:
        messages.success(request, _("SDGs confirmed: %(g)s") % {"g": ", ".join(map(str, added))})
    return redirect(opp)


@login_required
@require_POST
def opportunity_follow(request, pk: int):
    opp = _get_visible(request, pk)
    on = services.follow(request.user, opp, request.POST.get("follow") == "1")
    messages.success(
        request,
        _("You follow this opportunity: changes appear in your inbox.")
        if on
        else _("You no longer follow this opportunity."),
    )
    return redirect(request.POST.get("next") or opp.get_absolute_url())


@login_required
@require_POST
def opportunity_invite(request, pk: int):
    opp = _get_managed(request, pk)
    org = get_object_or_404(Organisation, pk=request.POST.get("organisation") or 0)
    if opp.state != State.PUBLISHED:
        messages.error(request, _("Publish the opportunity before inviting organisations."))
        return redirect(opp)
    _inv, created = services.invite(opp, org, request.user)
    if created:
        messages.success(request, _("%(org)s is invited.") % {"org": org})
    else:
        messages.info(request, _("%(org)s was already invited.") % {"org": org})
    return redirect(f"{opp.get_absolute_url()}#matches")


@login_required
@require_POST
def opportunity_feedback(request, pk: int):
    opp = _get_managed(request, pk)
    try:
        org_id = int(request.POST.get("organisation", ""))
        services.record_feedback(request.user, opp, org_id, request.POST.get("useful") == "1")
    except ValueError:
        messages.error(request, _("That organisation is not among the matches."))
    else:
        messages.success(request, _("Thank you: your judgement is stored."))
    return redirect(f"{opp.get_absolute_url()}#matches")


@login_required
@require_GET
def opportunity_consortium(request, pk: int):
    from zicht.registry.selectors import organisation_facts

    from .matching import suggest_consortium

    opp = _get_managed(request, pk)
    index = matches.get_index()
    company = organisation_facts(Organisation.objects.filter(pk=opp.owner_id))[0]
    categories = [c.code for c in opp.cpv_codes.all()]
    consortium = suggest_consortium(
        index,
        company,
        categories or None,
        min_tier=opp.min_tier,
        sroi_obligation_eur=float(opp.value_eur) if opp.value_eur else None,
    )
    nl = matches.lang_is_nl()
    orgs = Organisation.objects.in_bulk([int(m.organisation_id) for m in consortium.members])
    members = [
        {
            "organisation": orgs.get(int(m.organisation_id)),
            "categories": m.categories,
            "score": m.score,
            "reasons": m.reasons if nl else m.reasons_en,
        }
        for m in consortium.members
    ]
    return render(
        request,
        "opportunities/consortium.html",
        {
            "opp": opp,
            "members": members,
            "consortium": consortium,
            "reasons": consortium.reasons if nl else consortium.reasons_en,
        },
    )


# ------------------------------------------------------------- for organisations
@login_required
@require_GET
def my_matches(request):
    roles = roles_for(request.user)
    orgs = list(services.owner_choices(roles))
    if not orgs:
        return render(request, "opportunities/mine.html", {"orgs": [], "org": None})
    org = next((o for o in orgs if str(o.pk) == request.GET.get("org")), orgs[0])
    ranking, shown = matches.best_opportunities(org, services.visible_opportunities(roles))
    return render(
        request,
        "opportunities/mine.html",
        {
            "orgs": orgs,
            "org": org,
            "matched": ranking is not None,
            "matches": shown,
            "notices": matches.notices(ranking) if ranking is not None else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    items = InboxItem.objects.filter(user=request.user).select_related(
        "opportunity", "organisation"
    )
    if request.method == "POST":
        items.filter(read=False).update(read=True)
        messages.success(request, _("Everything in your inbox is marked as read."))
        return redirect("opportunities:inbox")
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "opportunities/inbox.html",
        {"page_obj": page, "unread": items.filter(read=False).count()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    from .models import DigestPreference

    pref = DigestPreference.objects.filter(user=request.user).first()
    form = PreferenceForm(
        request.POST or None,
        instance=pref,
        initial={"frequency": digests.frequency_of(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        digests.set_frequency(request.user, form.cleaned_data["frequency"])
        messages.success(request, _("Your e-mail preference is saved."))
        return redirect("opportunities:preferences")
    return render(request, "opportunities/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the authorisation; mail clients POST without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    user = digests.user_for_token(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        digests.unsubscribe(user)
        return render(request, "opportunities/unsubscribe.html", {"done": True})
    return render(
        request,
        "opportunities/unsubscribe.html",
        {"done": False, "action": reverse("opportunities:unsubscribe", args=[token])},
    )


@login_required
@require_GET
def report(request):
    if not roles_for(request.user).is_admin:
        raise PermissionDenied
    index = matches.get_index()
    rows = services.precision_report(10)
    return render(
        request,
        "opportunities/report.html",
        {
            "rows": rows,
            "weights": index.weights,
            "record": matches.weights_record(),
            "stats": matches.index_stats(),
        },
    )

"""SDG steering page for a municipality (recommendation 4 of the study)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zicht.accounts.roles import roles_for
from zicht.core import audit
from zicht.reference.models import Municipality

from . import services
from .forms import MunicipalityChoiceForm, PolicyTextForm, PrioritiesForm
from .models import PolicyText, SdgPriority


def index(request):
    roles = roles_for(request.user)
    form = MunicipalityChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect("sdg:steering", code=form.cleaned_data["municipality"].code)
    own = Municipality.objects.filter(pk__in=roles.staff_municipality_ids).first()
    if own is not None and not request.GET:
        return redirect("sdg:steering", code=own.code)
    return render(request, "sdg/index.html", {"form": form})


@require_http_methods(["GET", "POST"])
def steering(request, code):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), code=code)
    roles = roles_for(request.user)
    can_steer = roles.is_admin or municipality.pk in roles.staff_municipality_ids
    text_form, result = PolicyTextForm(), None
    current = services.priorities(municipality)
    priorities_form = PrioritiesForm(initial={"goals": [p.goal for p in current]})
    if request.method == "POST":
        if not can_steer:
            raise PermissionDenied
        if "text" in request.POST:
            text_form = PolicyTextForm(request.POST)
            if text_form.is_valid():
                result = _classify(request, municipality, text_form.cleaned_data["text"])
                if result is not None:
                    chosen = {p.goal.number for p in current} | set(result["sdgs"])
                    priorities_form = PrioritiesForm(initial={"goals": sorted(chosen)})
        else:
            priorities_form = PrioritiesForm(request.POST)
            if priorities_form.is_valid():
                _save_priorities(request, municipality, priorities_form.cleaned_data["goals"])
                messages.success(request, _("The priority SDGs are saved."))
                return redirect("sdg:steering", code=code)
    counts = services.contributors(municipality, [p.goal.number for p in current])
    rows = [(p, counts[p.goal.number]) for p in current]
    return render(
        request,
        "sdg/steering.html",
        {
            "municipality": municipality,
            "can_steer": can_steer,
            "text_form": text_form,
            "priorities_form": priorities_form,
            "result": result,
            "rows": rows,
            "chart": services.chart_spec(municipality, counts) if rows else None,
        },
    )


def _classify(request, municipality, text):
    from zicht.sdg.engine import SDGEngineError, classify

    try:
        result = classify(text).to_dict()
    except SDGEngineError as exc:
        messages.error(request, str(exc))
        return None
    PolicyText.objects.create(
        municipality=municipality, text=text, result=result, created_by=request.user
    )
    result["evidence_list"] = [
        (int(k), v)
        for k, v in sorted(result["evidence"].items(), key=lambda i: int(i[0]))
        if int(k) in result["sdgs"]
    ]
    return result


@transaction.atomic
def _save_priorities(request, municipality, goals):
    before = sorted(
        SdgPriority.objects.filter(municipality=municipality).values_list("goal__number", flat=True)
    )
    SdgPriority.objects.filter(municipality=municipality).exclude(goal__in=goals).delete()
    for goal in goals:
        SdgPriority.objects.update_or_create(
            municipality=municipality, goal=goal, defaults={"confirmed_by": request.user}
        )
    after = sorted(g.number for g in goals)
    if before != after:
        audit.record(
            actor=request.user,
            action="sdg_priorities_changed",
            obj=municipality,
            changes={"priorities": [before, after]},
        )

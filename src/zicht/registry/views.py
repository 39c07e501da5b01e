"""Pages of the register: public directory and organisation page, profile wizard, review."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zicht.accounts.roles import roles_for
from zicht.core import audit
from zicht.core.csv_export import csv_response

from . import forms, sdg_suggestions, selectors, services
from .jsonld import organisation_jsonld
from .models import Evidence, Organisation, OrganisationSdg, Status

PAGE_SIZE = 25


def _directory_query(request):
    form = forms.DirectoryForm(request.GET or None)
    query = form.to_query() if form.is_valid() else selectors.DirectoryQuery()
    return form, query


def directory(request):
    form, query = _directory_query(request)
    qs = selectors.with_listing_data(selectors.search_organisations(query))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    export = request.GET.copy()
    export.pop("page", None)
    return render(
        request,
        "registry/directory.html",
        {
            "form": form,
            "page_obj": page,
            "query": query,
            "export_query": export.urlencode(),
        },
    )


SDG_COUNTS_CACHE_SECONDS = 300


def directory_sdg_counts(request):
    """SDG facet counts for the current directory query. Loaded by htmx after the results, so
    the result page itself stays fast; without JavaScript it is a page of its own."""
    from django.core.cache import cache

    from zicht.reference.models import SdgGoal

    _form, query = _directory_query(request)
    key = "sdg-counts:" + request.GET.urlencode()
    counts = cache.get(key)
    if counts is None:
        counts = selectors.sdg_counts(
            selectors.search_organisations(query), query.include_suggested_sdgs
        )
        cache.set(key, counts, SDG_COUNTS_CACHE_SECONDS)
    params = request.GET.copy()
    params.pop("page", None)
    rows = []
    for goal in SdgGoal.objects.all():
        link = params.copy()
        link.setlist("sdg", sorted({*link.getlist("sdg"), str(goal.number)}))
        rows.append({"goal": goal, "count": counts.get(goal.number, 0), "query": link.urlencode()})
    template = (
        "registry/_sdg_counts.html"
        if request.headers.get("HX-Request")
        else "registry/sdg_counts.html"
    )
    return render(request, template, {"rows": rows, "query": query})


EXPORT_COLUMNS = [
    ("kvk", gettext_lazy("KvK number")),
    ("name", gettext_lazy("Name")),
    ("legal_name", gettext_lazy("Legal name")),
    ("kind", gettext_lazy("Kind")),
    ("municipality", gettext_lazy("Municipality")),
    ("region", gettext_lazy("Labour-market region")),
    ("tier", gettext_lazy("Verification")),
    ("share", gettext_lazy("Target-group share")),
    ("eligible_2_82", gettext_lazy("Eligible art. 2.82")),
    ("sdgs", gettext_lazy("SDGs (confirmed)")),
    ("website", gettext_lazy("Website")),
    ("url", gettext_lazy("Page on Zicht")),
]
EXPORT_LIMIT = 50_000


def directory_export(request):
    _form, query = _directory_query(request)
    qs = selectors.with_listing_data(selectors.search_organisations(query))[:EXPORT_LIMIT]

    def rows():
        for org in qs:
            yield [
                org.kvk,
                org.display_name,
                org.legal_name,
                org.get_kind_display(),
                org.municipality.name,
                org.municipality.region.name,
                org.get_tier_display(),
                "" if org.target_group_share is None else f"{org.target_group_share:.4f}",
                _("yes") if org.eligible_2_82 else _("no"),
                " ".join(str(s.goal.number) for s in org.sdgs.all() if s.confirmed),
                org.website,
                request.build_absolute_uri(org.get_absolute_url()),
            ]

    return csv_response(
        "zicht-organisaties.csv", [str(label) for _key, label in EXPORT_COLUMNS], rows()
    )


def _visible_organisation(request, kvk) -> Organisation:
    org = get_object_or_404(
        Organisation.objects.select_related("municipality__region", "municipality__province"),
        kvk=kvk,
    )
    if not org.is_public and not roles_for(request.user).can_see_private(org):
        raise Http404
    return org


def organisation(request, kvk):
    org = _visible_organisation(request, kvk)
    roles = roles_for(request.user)
    profile = getattr(org, "se_profile", None)
    sdgs = list(org.sdgs.select_related("goal"))
    private = roles.can_see_private(org)
    context = {
        "org": org,
        "profile": profile,
        "workforce": list(profile.workforce.all()) if profile else [],
        "eligibility": services.explain_eligibility(org) if profile else None,
        "confirmed_sdgs": [s for s in sdgs if s.confirmed],
        "suggested_sdgs": [s for s in sdgs if not s.confirmed and not s.dismissed],
        "cpv_codes": list(org.cpv_codes.all()),
        "certifications": list(org.certifications.all()),
        "description": org.description(get_language() or "nl"),
        "served": _served(org),
        "can_edit": roles.can_edit(org),
        "can_review": roles.can_review(org) and org.status == Status.SUBMITTED,
        "private": private,
        "evidence": list(org.evidence.all()) if private else [],
        "audit_entries": list(org.audit_entries.select_related("actor")[:50]) if private else [],
        "decisions": list(org.decisions.select_related("reviewer")[:10]) if private else [],
        "jsonld": json.dumps(organisation_jsonld(org, request), ensure_ascii=False).replace(
            "</", "<\\/"
        ),
    }
    return render(request, "registry/organisation.html", context)


def _served(org: Organisation) -> list[str]:
    served = [_("the whole country")] if org.serves_nationally else []
    served += [p.name for p in org.served_provinces.all()]
    served += [r.name for r in org.served_regions.all()]
    served += [m.name for m in org.served_municipalities.all()]
    return served


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    form = forms.StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            org, membership = services.create_or_claim(
                request.user,
                d["kvk"],
                {
                    "kind": d["kind"],
                    "legal_name": d["legal_name"],
                    "municipality": d["municipality"],
                    "legal_form": "other",
                },
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if membership.state == membership.State.PENDING:
                messages.info(
                    request,
                    _(
                        "This organisation is already in the register. Your claim "
                        "waits for approval by its owner or an administrator."
                    ),
                )
                return redirect("accounts:dashboard")
            messages.success(
                request, _("Organisation created. Complete its profile in a few steps.")
            )
            return redirect("registry:edit", kvk=org.kvk, step="basics")
    return render(request, "registry/start.html", {"form": form})


STEPS = [
    ("basics", gettext_lazy("Basics")),
    ("address", gettext_lazy("Address and area")),
    ("activities", gettext_lazy("Activities and SDGs")),
    ("workforce", gettext_lazy("Workforce and impact")),
    ("certifications", gettext_lazy("Registrations and evidence")),
    ("submit", gettext_lazy("Check and submit")),
]
STEP_FORMS = {
    "basics": forms.BasicsForm,
    "address": forms.AddressForm,
    "activities": forms.ActivitiesForm,
}


def _steps_for(org):
    has_profile = org.kind in ("social_enterprise", "sociale_werkplaats")
    return [(k, label) for k, label in STEPS if k != "workforce" or has_profile]


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, kvk, step):
    org = get_object_or_404(Organisation, kvk=kvk)
    if not roles_for(request.user).can_edit(org) or org.kind == "municipality":
        raise PermissionDenied
    steps = _steps_for(org)
    keys = [k for k, _label in steps]
    if step not in keys:
        raise Http404
    next_step = keys[keys.index(step) + 1] if step != keys[-1] else None
    handler = {
        "workforce": _edit_workforce,
        "certifications": _edit_certifications,
        "submit": _edit_submit,
    }.get(step, _edit_model_form)
    result = handler(request, org, step)
    if result is True:
        messages.success(request, _("Saved."))
        return redirect("registry:edit", kvk=org.kvk, step=next_step or step)
    if result.get("redirect_same"):  # saved, but there is something new to look at here
        return redirect("registry:edit", kvk=org.kvk, step=step)
    context = {
        "org": org,
        "steps": steps,
        "step": step,
        "step_number": keys.index(step) + 1,
        "step_label": dict(steps)[step],
        **result,
    }
    return render(
        request,
        f"registry/edit_{step if step in ('certifications', 'submit') else 'form'}.html",
        context,
    )


def _edit_model_form(request, org, step):
    form_class = STEP_FORMS[step]
    initial = {}
    if step == "activities":
        initial = {
            "cpv": "\n".join(c.full_code for c in org.cpv_codes.all()),
            "sdgs": [s.goal for s in org.sdgs.filter(confirmed=True)],
        }
    form = form_class(request.POST or None, instance=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            org = form.save(commit=False)
            extra = {}
            if step == "activities":
                extra = _save_activities(org, form)
            try:
                services.save_organisation(org, request.user, extra=extra)
            except ValidationError as exc:
                transaction.set_rollback(True)
                form.add_error(None, exc)
                return {"form": form}
            if step == "address":
                form.save_m2m()
            if step == "activities" and {"description_nl", "description_en"} & set(
                form.changed_data
            ):
                suggested = sdg_suggestions.suggest(org)
                if suggested:
                    messages.info(
                        request,
                        _(
                            "Zicht suggests %(n)s SDG(s) from your description. Confirm or remove them."
                        )
                        % {"n": len(suggested)},
                    )
                    return {"redirect_same": True}
        return True
    context = {"form": form}
    if step == "activities":
        context["suggestions"] = org.sdgs.filter(confirmed=False, dismissed=False).select_related(
            "goal"
        )
    return context


def _save_activities(org, form) -> dict:
    """CPV codes and SDGs. Ticked SDGs are confirmed; an SDG un-ticked or a suggestion
    dismissed is remembered as dismissed, so Zicht does not suggest it again."""
    before_cpv = sorted(c.code for c in org.cpv_codes.all())
    before_sdg = sorted(s.goal.number for s in org.sdgs.filter(confirmed=True))
    org.cpv_codes.set(form.cleaned_data["cpv"])
    chosen = {g.number: g for g in form.cleaned_data["sdgs"]}
    dismissed = set(form.cleaned_data.get("dismiss") or [])
    org.sdgs.filter(confirmed=True).exclude(goal__number__in=chosen).update(
        confirmed=False, dismissed=True
    )
    org.sdgs.filter(confirmed=False, goal__number__in=dismissed - set(chosen)).update(
        dismissed=True
    )
    for goal in chosen.values():
        OrganisationSdg.objects.update_or_create(
            organisation=org,
            goal=goal,
            defaults={"confirmed": True, "dismissed": False},
            create_defaults={"confirmed": True, "source": OrganisationSdg.Source.MANUAL},
        )
    after_cpv = sorted(c.code for c in form.cleaned_data["cpv"])
    changes = {}
    if before_cpv != after_cpv:
        changes["cpv_codes"] = [before_cpv, after_cpv]
    if before_sdg != sorted(chosen):
        changes["sdgs"] = [before_sdg, sorted(chosen)]
    if dismissed:
        changes["sdg_suggestions_dismissed"] = [[], sorted(dismissed)]
    return changes


def _edit_workforce(request, org, step):
    profile = services.ensure_profile(org)
    figures = {w.target_group: w.fte for w in profile.workforce.all()}
    form = forms.WorkforceForm(request.POST or None, instance=profile, figures=figures)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            before = {
                "profile": audit.snapshot(profile),
                "workforce": {k: str(v) for k, v in figures.items()},
            }
            form.save()
            profile.workforce.all().delete()
            new = {g: f for g, f in form.figures().items() if f}
            profile.workforce.bulk_create(
                [
                    profile.workforce.model(profile=profile, target_group=g, fte=f)
                    for g, f in new.items()
                ]
            )
            after = {
                "profile": audit.snapshot(profile),
                "workforce": {k: str(v) for k, v in new.items()},
            }
            org.refresh_from_db()
            services.save_organisation(
                org, request.user, action="workforce_changed", extra=audit.diff(before, after)
            )
        return True
    return {"form": form}


def _edit_certifications(request, org, step):
    form = forms.CertificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            cert = form.save(commit=False)
            cert.organisation = org
            upload = form.cleaned_data.get("evidence_file")
            if upload:
                cert.evidence = Evidence.objects.create(
                    organisation=org,
                    file=upload,
                    description=form.cleaned_data["evidence_description"],
                    content_type=upload.sniffed_type,
                    size=upload.size,
                    uploaded_by=request.user,
                )
            cert.save()
            audit.record(
                actor=request.user,
                action="certification_added",
                obj=cert,
                organisation=org,
                changes={
                    "certification": [None, str(cert)],
                    "evidence": [None, cert.evidence.description if cert.evidence else None],
                },
            )
        messages.success(request, _("Registration added."))
        return {
            "form": forms.CertificationForm(),
            "certifications": org.certifications.all(),
            "added": True,
        }
    return {"form": form, "certifications": org.certifications.select_related("evidence")}


def _edit_submit(request, org, step):
    problems = submission_problems(org)
    if request.method == "POST":
        if problems:
            return {"problems": problems}
        try:
            services.submit_for_verification(org, request.user)
        except ValidationError as exc:
            return {"problems": exc.messages}
        messages.success(request, _("Submitted. Your municipality will review the profile."))
        return {"problems": [], "submitted": True}
    return {"problems": problems}


def submission_problems(org) -> list[str]:
    problems = []
    if not (org.description_nl or org.description_en):
        problems.append(_("Add a description (step 3)."))
    if not org.postcode:
        problems.append(_("Add the address (step 2)."))
    if org.kind in ("social_enterprise", "sociale_werkplaats"):
        profile = getattr(org, "se_profile", None)
        if profile is None or not profile.total_fte:
            problems.append(_("Enter the workforce figures (step 4)."))
    return problems


@login_required
def evidence_file(request, kvk, pk):
    org = get_object_or_404(Organisation, kvk=kvk)
    if not roles_for(request.user).can_see_private(org):
        raise Http404
    evidence = get_object_or_404(Evidence, pk=pk, organisation=org)
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'attachment; filename="evidence-{evidence.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def queue(request):
    roles = roles_for(request.user)
    if not (roles.is_municipal_staff or roles.is_admin):
        raise PermissionDenied
    qs = Organisation.objects.filter(status=Status.SUBMITTED).select_related("municipality")
    if not roles.is_admin:
        qs = qs.filter(municipality_id__in=roles.staff_municipality_ids)
    page = Paginator(qs.order_by("updated_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/queue.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def review(request, kvk):
    org = get_object_or_404(Organisation, kvk=kvk)
    roles = roles_for(request.user)
    if not roles.can_review(org):
        raise Http404  # do not reveal other municipalities' submissions
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                org, request.user, roles, form.cleaned_data["decision"], form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Decision saved and sent to the organisation."))
            return redirect("registry:queue")
    return render(
        request,
        "registry/review.html",
        {
            "org": org,
            "form": form,
            "evidence": org.evidence.all(),
            "certifications": org.certifications.select_related("evidence"),
            "eligibility": services.explain_eligibility(org)
            if hasattr(org, "se_profile")
            else None,
            "audit_entries": org.audit_entries.select_related("actor")[:50],
            "profile_url": reverse("registry:organisation", kwargs={"kvk": org.kvk}),
        },
    )

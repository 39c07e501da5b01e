"""Pages: advisor → plan → contract → SROI deliveries → review → balance and overview."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zicht.accounts.roles import roles_for

from . import access, exports, forms, services
from .advisor import AdviceError, RuleError
from .models import Delivery, ProcurementPlan

KIND_SLUGS = {
    "plaatsing": Delivery.Kind.PLACEMENT,
    "inkoop": Delivery.Kind.PURCHASE,
    "overig": Delivery.Kind.OTHER,
}
SLUG_OF = {v: k for k, v in KIND_SLUGS.items()}


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    return day


def _advice_form(request, data=None, form_class=forms.AdviceForm, **kwargs):
    roles = roles_for(request.user)
    own = access.staff_municipalities(roles) if roles.is_municipal_staff else None
    initial = {}
    if own is not None and own.exists():
        initial["municipality"] = own.first().code
    return form_class(data, initial=initial, **kwargs)


@require_GET
def index(request):
    """The advisor: the short form, and the advice once the form is valid."""
    roles = roles_for(request.user)
    submitted = "date" in request.GET and not request.GET.get("edit")
    form = _advice_form(request, request.GET if submitted else None)
    if submitted and form.is_valid():
        try:
            advice = services.get_advice(form.case())
        except (AdviceError, RuleError) as exc:
            form.add_error(None, str(exc))
        else:
            can_save = access.can_plan(roles) and (
                access.staff_municipalities(roles)
                .filter(pk=form.cleaned_data["municipality"].pk)
                .exists()
            )
            plan_form = forms.PlanForm(
                initial={
                    **{k: request.GET.get(k, "") for k in form.fields},
                    "reserved_2_82": advice["reservation_2_82"]["viable"],
                }
            )
            return render(
                request,
                "procurement/advice.html",
                {
                    "advice": advice,
                    "plan_form": plan_form,
                    "can_save": can_save,
                    "change_url": f"{reverse('procurement:index')}?{request.GET.urlencode()}&edit=1",
                },
            )
    if request.GET.get("edit"):
        form = _advice_form(request, request.GET)
        form.is_valid()
        form._errors = {}  # show the values again, without errors
    return render(
        request,
        "procurement/advisor.html",
        {
            "form": form,
            "can_plan": access.can_plan(roles),
            "has_contracts": access.visible_contracts(roles).exists(),
        },
    )


@login_required
@require_POST
def plan_create(request):
    roles = roles_for(request.user)
    if not access.can_plan(roles):
        raise PermissionDenied
    form = forms.PlanForm(request.POST, municipalities=access.staff_municipalities(roles))
    if form.is_valid():
        try:
            plan = services.create_plan(
                request.user,
                form.cleaned_data["municipality"],
                form.cleaned_data["title"],
                form.case(),
                reserved=form.cleaned_data["reserved_2_82"],
            )
        except (AdviceError, RuleError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan)
    return render(
        request,
        "procurement/advisor.html",
        {"form": form, "can_plan": True, "saving": True},
        status=400,
    )


def _contract_rows(contracts, as_of=None):
    rows = []
    for c in contracts:
        b = services.contract_balance(c, as_of)
        rows.append((c, b, services.status_label(b["status"])))
    return rows


@login_required
@require_GET
def plan(request, pk: int):
    roles = roles_for(request.user)
    p = access.get_plan(roles, pk)
    contracts = p.contracts.select_related("supplier").prefetch_related("deliveries")
    return render(
        request,
        "procurement/plan.html",
        {
            "plan": p,
            "advice": p.advice,
            "contract_rows_labelled": _contract_rows(contracts),
            "can_manage": access.manages(roles, p),
        },
    )


@login_required
@require_GET
def plan_export(request, pk: int, fmt: str):
    p = access.get_plan(roles_for(request.user), pk)
    slug = f"inkoopplan-{p.pk}"
    if fmt == "pdf":
        response = HttpResponse(exports.plan_pdf(p), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{slug}.pdf"'
        return response
    if fmt == "docx":
        response = HttpResponse(
            exports.plan_docx(p),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{slug}.docx"'
        return response
    if fmt == "ocds":
        package = exports.plan_package(p, request.build_absolute_uri())
        response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{slug}-ocds.json"'
        return response
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request, pk: int):
    roles = roles_for(request.user)
    p = access.get_plan(roles, pk)
    if not access.manages(roles, p):
        raise PermissionDenied
    end = _add_months(p.date, p.duration_months) - dt.timedelta(days=1)
    initial = {
        "value_eur": p.value_eur,
        "start": p.date,
        "end": end,
        "deadline": end,
        "sroi_obligation_eur": p.sroi_obligation_eur or 0,
    }
    form = forms.ContractForm(request.POST or None, initial=initial, plan=p)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            supplier = form.supplier or services.create_supplier(
                request.user,
                d["supplier_kvk"],
                d["new_supplier_name"],
                d["new_supplier_kind"] or "sme",
                p.municipality,
            )
            data = {
                k: d[k] for k in ("value_eur", "start", "end", "sroi_obligation_eur", "deadline")
            }
            contract = services.create_contract(request.user, p, supplier, data)
        except ValidationError as exc:
            for name, errors in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect(contract)
    return render(request, "procurement/contract_form.html", {"plan": p, "form": form})


def _balance_parts(b: dict) -> list[tuple]:
    eur = _eur
    return [
        (_("Obligation"), eur(b["obligation_eur"])),
        (
            _("Accepted (delivered)"),
            eur(b["delivered_eur"]),
            _("the sum of the accepted deliveries' effort values"),
        ),
        (_("Still to deliver"), eur(b["remaining_eur"])),
        (
            _("Expected by now"),
            eur(b["expected_by_now_eur"]),
            _("obligation × %(share)s%% of the contract period elapsed")
            % {"share": f"{100 * b['elapsed_share']:.1f}"},
        ),
        (
            _("Forecast at the current pace"),
            "–"
            if b["forecast_at_current_pace_eur"] is None
            else eur(b["forecast_at_current_pace_eur"]),
            _("accepted ÷ elapsed share of the contract period"),
        ),
        (
            _("Forecast with deliveries waiting for review"),
            eur(b["forecast_with_planned_eur"]),
            _("accepted + %(planned)s submitted") % {"planned": eur(b["planned_eur"])},
        ),
    ]


def _eur(value) -> str:
    return "€ " + f"{float(value):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _valuation_parts(d: Delivery) -> list[tuple]:
    v = d.valuation or {}
    parts = []
    for part in v.get("parts") or []:
        detail = ", ".join(
            f"{k.replace('_', ' ')} {val}"
            for k, val in part.items()
            if k not in ("what", "value_eur")
        )
        parts.append((part.get("what", ""), _eur(part.get("value_eur", 0)), detail))
    table = v.get("table") or {}
    if table:
        parts.append(
            (
                _("Bouwblokken table"),
                table.get("table_name", ""),
                _("valid from %(date)s; source: %(source)s")
                % {"date": table.get("valid_from"), "source": table.get("source")},
            )
        )
    for note in v.get("notes") or []:
        parts.append((_("Note"), note))
    return parts


@login_required
@require_GET
def contract(request, pk: int):
    roles = roles_for(request.user)
    c = access.get_contract(roles, pk)
    deliveries = list(c.deliveries.select_related("social_enterprise", "reviewer"))
    b = services.contract_balance(c, None, deliveries)
    can_review = access.manages(roles, c.plan)
    return render(
        request,
        "procurement/contract.html",
        {
            "contract": c,
            "balance": b,
            "balance_parts": _balance_parts(b),
            "status": services.status_label(b["status"]),
            "deliveries": [
                (
                    d,
                    _valuation_parts(d),
                    forms.ReviewForm(prefix=f"d{d.pk}")
                    if can_review and d.state == "submitted"
                    else None,
                )
                for d in deliveries
            ],
            "can_review": can_review,
            "can_log": access.supplies(roles, c),
            "kinds": [(slug, Delivery.Kind(kind).label) for slug, kind in KIND_SLUGS.items()],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delivery_create(request, pk: int, kind: str):
    roles = roles_for(request.user)
    c = access.get_contract(roles, pk)
    if not access.supplies(roles, c):
        raise PermissionDenied
    if kind not in KIND_SLUGS:
        raise Http404
    model_kind = KIND_SLUGS[kind]
    form_class = forms.DELIVERY_FORMS[model_kind]
    kwargs = {"groups": services.target_groups(c)} if model_kind == Delivery.Kind.PLACEMENT else {}
    form = form_class(request.POST or None, **kwargs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                d = services.log_delivery(request.user, c, model_kind, forms.delivery_data(form))
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("Delivery logged with an effort value of %(value)s. It waits for review.")
                    % {"value": _eur(d.value_eur)},
                )
                return redirect(c)
        status = 400
    return render(
        request,
        "procurement/delivery_form.html",
        {"contract": c, "form": form, "kind_label": Delivery.Kind(model_kind).label},
        status=status,
    )


@login_required
@require_POST
def delivery_review(request, pk: int):
    roles = roles_for(request.user)
    d = Delivery.objects.select_related("contract__plan").filter(pk=pk).first()
    if d is None:
        raise Http404
    access.get_contract(roles, d.contract_id)  # 404 when not visible
    if not access.manages(roles, d.contract.plan):
        raise PermissionDenied
    form = forms.ReviewForm(request.POST, request.FILES, prefix=f"d{d.pk}")
    if form.is_valid():
        try:
            services.review_delivery(
                request.user,
                d,
                form.cleaned_data["decision"],
                form.cleaned_data["reason"],
                form.cleaned_data.get("evidence"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Decision saved."))
            return redirect(d.contract)
    else:
        errors = "; ".join(
            f"{form.fields[n].label if n in form.fields else ''}: {' '.join(e)}"
            for n, e in form.errors.items()
        )
        messages.error(request, _("The decision was not saved: %(errors)s") % {"errors": errors})
    return redirect(
        reverse("procurement:contract", kwargs={"pk": d.contract_id}) + f"#delivery-{d.pk}"
    )


@login_required
@require_GET
def delivery_evidence(request, pk: int):
    d = Delivery.objects.filter(pk=pk).first()
    if d is None or not d.evidence:
        raise Http404
    access.get_contract(roles_for(request.user), d.contract_id)
    return FileResponse(d.evidence.open("rb"), as_attachment=True)


@login_required
@require_GET
def contract_ocds(request, pk: int):
    c = access.get_contract(roles_for(request.user), pk)
    if not access.manages(roles_for(request.user), c.plan) and not access.supplies(
        roles_for(request.user), c
    ):
        raise Http404
    package = exports.contract_package(c, request.build_absolute_uri())
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})


@login_required
@require_GET
def overview(request):
    """All contracts the user may see, with status; totals per supplier and municipality."""
    roles = roles_for(request.user)
    contracts = access.visible_contracts(roles).prefetch_related(
        Prefetch(
            "deliveries",
            queryset=Delivery.objects.only(
                "id", "contract_id", "state", "value_eur", "valuation", "kind", "created_at"
            ),
        )
    )
    data = services.overview(contracts, timezone.localdate())
    plans = (
        access.visible_plans(roles).filter(contracts__isnull=True)
        if access.can_plan(roles)
        else ProcurementPlan.objects.none()
    )
    return render(
        request,
        "procurement/overview.html",
        {
            "rows": [(c, b, services.status_label(b["status"])) for c, b in data["rows"]],
            "groups": [
                (_("Totals per supplier"), data["per_supplier"]),
                (_("Totals per municipality"), data["per_municipality"]),
            ],
            "plans_without_contract": list(plans),
        },
    )

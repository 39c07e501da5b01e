"""Pages: upload → mapping (with preview) → validation report → import (background, with
progress) → review queue → report (charts, tables, exports, publish) → public page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zicht.accounts.roles import roles_for
from zicht.reference.models import Municipality

from . import access, charts, reports, services
from .forms import DecisionForm, ImportForm, MappingForm, PeriodForm, UploadForm
from .ingest import FIELDS, IngestError
from .models import LinkStatus, PublishedReport, SpendImport, SupplierLink

State = SpendImport.State
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _staff(request):
    roles = roles_for(request.user)
    if not access.is_spend_staff(roles):
        raise Http404
    return roles


@require_GET
def index(request):
    roles = roles_for(request.user)
    published = Municipality.objects.filter(
        pk__in=PublishedReport.objects.values("municipality_id")
    ).order_by("name")
    context = {"published": published, "is_staff": access.is_spend_staff(roles)}
    if context["is_staff"]:
        own = access.staff_municipalities(roles).order_by("name")
        if roles.is_admin:
            own = own.filter(pk__in=SpendImport.objects.values("municipality_id"))
        context["municipalities"] = [
            {
                "municipality": m,
                "review": SupplierLink.objects.filter(
                    supplier__municipality=m, status=LinkStatus.REVIEW
                ).count(),
            }
            for m in own[:50]
        ]
        context["imports"] = access.visible_imports(roles)[:20]
    return render(request, "spend/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    roles = _staff(request)
    municipalities = access.staff_municipalities(roles).order_by("name")
    form = UploadForm(
        request.POST or None, request.FILES or None, municipalities=municipalities,
        initial={"municipality": municipalities.first()} if not roles.is_admin else None,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        imp = services.create_import(
            municipality=form.cleaned_data["municipality"], user=request.user,
            upload=form.cleaned_data["file"], source_system=form.cleaned_data["source_system"],
        )  # fmt: skip
        return redirect("spend:mapping", pk=imp.pk)
    return render(request, "spend/upload.html", {"form": form})


def _field_labels() -> dict[str, str]:
    return {f.name: _(f.label) for f in FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request, pk: int):
    roles = _staff(request)
    imp = access.get_import(roles, pk)
    if imp.state not in (State.UPLOADED, State.VALIDATED, State.FAILED):
        return redirect("spend:import-status", pk=imp.pk)
    try:
        first = services.preview(imp)
    except IngestError as exc:
        return render(
            request, "spend/mapping.html",
            {"imp": imp, "file_problem": exc.problem, "form": None},
        )  # fmt: skip
    headers = first.headers
    if request.method == "POST":
        form = MappingForm(request.POST, headers=headers)
        if form.is_valid():
            chosen = form.mapping()
            if request.POST.get("action") == "save":
                services.save_mapping(imp, chosen)
                services.start_validation(imp)
                return redirect("spend:import-status", pk=imp.pk)
            shown = services.preview(imp, chosen)
        else:
            shown = None
    else:
        chosen = services.initial_mapping(imp, headers)
        form = MappingForm(initial=chosen, headers=headers)
        shown = services.preview(imp, chosen) if chosen != first.mapping else first
    labels = _field_labels()
    preview_fields = [f.name for f in FIELDS if shown and f.name in shown.mapping]
    rows = []
    if shown is not None:
        for rec in shown.parsed:
            errors = rec.get("errors") or {}
            rows.append(
                {
                    "row": rec["row"],
                    "cells": [
                        {"value": rec.get(n), "error": errors.get(n)} for n in preview_fields
                    ],
                    "row_error": errors.get("row"),
                }  # fmt: skip
            )
    return render(
        request,
        "spend/mapping.html",
        {
            "imp": imp, "form": form, "preview": shown, "rows": rows,
            "preview_headers": [labels[n] for n in preview_fields],
            "preview_columns": [shown.mapping[n] for n in preview_fields] if shown else [],
            "scores": first.scores,
        },
    )  # fmt: skip


def _import_form(imp: SpendImport, data=None) -> ImportForm:
    report = imp.report or {}
    return ImportForm(
        data,
        needs_accept=bool(report.get("errors")) and imp.rows_valid > 0,
        needs_overlap=bool(imp.overlaps),
    )


@login_required
@require_http_methods(["GET", "POST"])
def validate(request, pk: int):
    roles = _staff(request)
    imp = access.get_import(roles, pk)
    if imp.state != State.VALIDATED:
        return redirect("spend:import-status", pk=imp.pk)
    form = _import_form(imp, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            services.cancel(imp, request.user)
            messages.info(request, _("The import was cancelled; nothing changed."))
            return redirect("spend:index")
        report = imp.report or {}
        if report.get("fatal") or imp.rows_valid == 0:
            raise PermissionDenied
        if form.is_valid():
            if form.cleaned_data.get("overlap") == "cancel":
                services.cancel(imp, request.user)
                messages.info(request, _("The import was cancelled; nothing changed."))
                return redirect("spend:index")
            services.start_import(
                imp, request.user,
                accept_valid=bool(form.cleaned_data.get("accept_valid")),
                replace=form.cleaned_data.get("overlap") == "replace",
            )  # fmt: skip
            return redirect("spend:import-status", pk=imp.pk)
    report = imp.report or {}
    return render(
        request, "spend/validate.html",
        {"imp": imp, "report": report, "form": form,
         "overlapping": services.overlapping_imports(imp) if imp.overlaps else [],
         "counts": sorted((report.get("counts") or {}).items()),
         "can_import": not report.get("fatal") and imp.rows_valid > 0},
    )  # fmt: skip


@login_required
@require_GET
def import_status(request, pk: int):
    roles = _staff(request)
    imp = access.get_import(roles, pk)
    context = {"imp": imp, "labels": _field_labels()}
    if request.headers.get("HX-Request"):
        return render(request, "spend/_progress.html", context)
    return render(request, "spend/import_status.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, code: str):
    roles = _staff(request)
    municipality = access.municipality_for_staff(roles, code)
    queue = (
        SupplierLink.objects.filter(supplier__municipality=municipality, status=LinkStatus.REVIEW)
        .select_related("supplier", "organisation")
        .order_by("-supplier__total_spend", "supplier__name")
    )
    errors: dict[int, DecisionForm] = {}
    if request.method == "POST":
        link = get_object_or_404(queue, pk=request.POST.get("link"))
        form = DecisionForm(request.POST, prefix=f"l{link.pk}")
        if form.is_valid():
            action = form.cleaned_data["action"]
            services.decide(link, request.user, action, form.cleaned_data.get("organisation"))
            messages.success(
                request,
                _("Saved for %(supplier)s; later imports reuse this decision.")
                % {"supplier": link.supplier.name},
            )
            return redirect("spend:review", code=code)
        errors[link.pk] = form
    items = [
        {
            "link": lk,
            "form": errors.get(lk.pk) or DecisionForm(prefix=f"l{lk.pk}"),
            "action_name": f"l{lk.pk}-action",
            "parts": _explanation(lk),
        }  # fmt: skip
        for lk in queue[:100]
    ]
    return render(
        request, "spend/review.html",
        {"municipality": municipality, "items": items, "total": queue.count()},
    )  # fmt: skip


def _explanation(lk: SupplierLink) -> list[tuple[str, str, str]]:
    parts = [(_("Score"), f"{lk.score:.0%}", _("calibrated probability that the link is right"))]
    for e in lk.explanation or []:
        parts.append((e.get("field", ""), f"{e.get('level', '')} ({e.get('weight', 0):+.1f})",
                      e.get("detail", "")))  # fmt: skip
    return parts


def _period(request, municipality) -> tuple[PeriodForm, dt.date | None, dt.date | None]:
    first, last = reports.data_period(municipality)
    form = PeriodForm(request.GET or None, initial={"start": first, "end": last})
    start, end = first, last
    if request.GET and form.is_valid():
        start = form.cleaned_data.get("start") or first
        end = form.cleaned_data.get("end") or last
    return form, start, end


def _query(request) -> str:
    """The period of the page, for the download links (without an earlier ``export``)."""
    query = request.GET.copy()
    query.pop("export", None)
    return query.urlencode()


@login_required
@require_GET
def report(request, code: str):
    roles = _staff(request)
    municipality = access.municipality_for_staff(roles, code)
    form, start, end = _period(request, municipality)
    data = reports.spend_report(municipality, start, end)
    fmt = request.GET.get("export")
    name = f"uitgaven-{code}-{data['period_from']}-{data['period_to']}"
    if fmt == "csv":
        return _download(charts.csv_bytes(data), CSV, f"{name}.csv")
    if fmt == "xlsx":
        return _download(charts.xlsx_bytes(data), XLSX, f"{name}.xlsx")
    published = (
        PublishedReport.objects.filter(
            municipality=municipality, period_from=start, period_to=end
        ).first()
        if start and end
        else None
    )
    return render(
        request, "spend/report.html",
        {"municipality": municipality, "form": form, "report": data,
         "groups": charts.group_rows(data), "linked": charts.linked(data), "specs": charts.chart_specs(data, page=True),
         "how_parts": charts.how_parts(), "published": published, "query": _query(request),
         "review": SupplierLink.objects.filter(
             supplier__municipality=municipality, status=LinkStatus.REVIEW).count(),
         "published_list": PublishedReport.objects.filter(municipality=municipality)},
    )  # fmt: skip


@login_required
@require_GET
def report_chart(request, code: str, name: str):
    roles = _staff(request)
    municipality = access.municipality_for_staff(roles, code)
    if name not in charts.CHARTS:
        raise Http404
    _form, start, end = _period(request, municipality)
    png = charts.chart_png(reports.spend_report(municipality, start, end), name)
    return _download(png, "image/png", f"uitgaven-{code}-{name}.png")


@login_required
@require_POST
def publish(request, code: str):
    roles = _staff(request)
    municipality = access.municipality_for_staff(roles, code)
    form = PeriodForm(request.POST)
    if not form.is_valid() or not (form.cleaned_data["start"] and form.cleaned_data["end"]):
        messages.error(request, _("Choose a period to publish."))
        return redirect("spend:report", code=code)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    existing = PublishedReport.objects.filter(
        municipality=municipality, period_from=start, period_to=end
    ).first()
    if request.POST.get("publish") == "0":
        if existing:
            services.unpublish(existing, request.user)
        messages.success(request, _("The report of this period is no longer public."))
    else:
        services.publish(municipality, start, end, request.user)
        messages.success(request, _("The aggregates of this period are now public."))
    url = reverse("spend:report", kwargs={"code": code})
    return redirect(f"{url}?start={start.isoformat()}&end={end.isoformat()}")


@require_GET
def public(request, code: str):
    municipality = get_object_or_404(Municipality, code=code)
    published = list(PublishedReport.objects.filter(municipality=municipality))
    if not published:
        raise Http404
    chosen = next((p for p in published if str(p.pk) == request.GET.get("periode")), published[0])
    data = chosen.aggregates
    if request.GET.get("export") == "csv":
        name = f"uitgaven-{code}-{chosen.period_from}-{chosen.period_to}-openbaar.csv"
        return _download(charts.csv_bytes(data), CSV, name)
    return render(
        request, "spend/public.html",
        {"municipality": municipality, "published": published, "chosen": chosen,
         "report": data, "groups": charts.group_rows(data), "linked": charts.linked(data),
         "specs": charts.chart_specs(data, page=True),
         "how_parts": charts.how_parts()},
    )  # fmt: skip

"""Who sees what in spend. Staff of a municipality see and act on their own municipality's
imports, suppliers, review queue and reports; administrators on all. Anything else is a
404, so its existence does not leak. Published aggregates are public."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from zicht.accounts.roles import Roles
from zicht.reference.models import Municipality

from .models import SpendImport


def staff_municipalities(roles: Roles) -> QuerySet[Municipality]:
    if roles.is_admin:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=roles.staff_municipality_ids)


def is_spend_staff(roles: Roles) -> bool:
    return roles.is_admin or roles.is_municipal_staff


def municipality_for_staff(roles: Roles, code: str) -> Municipality:
    municipality = get_object_or_404(Municipality, code=code)
    if not (roles.is_admin or municipality.pk in roles.staff_municipality_ids):
        raise Http404
    return municipality


def visible_imports(roles: Roles) -> QuerySet[SpendImport]:
    qs = SpendImport.objects.select_related("municipality")
    if roles.is_admin:
        return qs
    return qs.filter(municipality_id__in=roles.staff_municipality_ids)


def get_import(roles: Roles, pk: int) -> SpendImport:
    found = visible_imports(roles).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found

"""Who sees and does what in procurement. Staff: their own municipality's plans and
contracts. Supplier members: their own contracts only. Administrators: everything.
Something you may not see is a 404, so its existence does not leak."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zicht.accounts.roles import Roles
from zicht.reference.models import Municipality

from .models import Contract, ProcurementPlan


def staff_municipalities(roles: Roles) -> QuerySet[Municipality]:
    if roles.is_admin:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=roles.staff_municipality_ids)


def can_plan(roles: Roles) -> bool:
    return roles.is_admin or roles.is_municipal_staff


def visible_plans(roles: Roles) -> QuerySet[ProcurementPlan]:
    qs = ProcurementPlan.objects.select_related("municipality")
    if roles.is_admin:
        return qs
    return qs.filter(municipality_id__in=roles.staff_municipality_ids)


def visible_contracts(roles: Roles) -> QuerySet[Contract]:
    qs = Contract.objects.select_related("plan__municipality", "supplier")
    if roles.is_admin:
        return qs
    return qs.filter(
        Q(plan__municipality_id__in=roles.staff_municipality_ids)
        | Q(supplier_id__in=roles.organisation_ids)
    )


def manages(roles: Roles, plan: ProcurementPlan) -> bool:
    """Staff of the plan's municipality (accept/reject, create contracts) or administrators."""
    return roles.is_admin or plan.municipality_id in roles.staff_municipality_ids


def supplies(roles: Roles, contract: Contract) -> bool:
    """Members of the supplier log deliveries (administrators may too)."""
    return roles.is_admin or contract.supplier_id in roles.organisation_ids


def get_plan(roles: Roles, pk: int) -> ProcurementPlan:
    plan = visible_plans(roles).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def get_contract(roles: Roles, pk: int) -> Contract:
    contract = visible_contracts(roles).filter(pk=pk).first()
    if contract is None:
        raise Http404
    return contract

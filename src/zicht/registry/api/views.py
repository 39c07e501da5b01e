"""API views of the register. Permission questions go to accounts.roles, writes to services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions
from rest_framework.response import Response

from zicht.accounts.roles import roles_for
from zicht.core.models import AuditEntry
from zicht.reference.models import CpvCode, SdgGoal

from .. import services
from ..models import Organisation, OrganisationKind, OrganisationSdg, Status
from ..selectors import search_organisations, with_listing_data
from .filters import openapi_parameters, parse_directory_query
from .problems import ProblemMixin, ProblemSerializer
from .serializers import (
    AuditEntrySerializer,
    OrganisationSerializer,
    OrganisationUpdateSerializer,
    VerificationRequestSerializer,
)

KVK_PARAMETER = OpenApiParameter(
    "kvk", str, OpenApiParameter.PATH, description="KvK number (8 digits).", pattern=r"^[0-9]{8}$"
)


def _problem(description: str) -> OpenApiResponse:
    return OpenApiResponse(ProblemSerializer, description=description)


BAD_REQUEST = _problem("Invalid input; invalidParams names each field or parameter.")
FORBIDDEN = _problem("Not logged in, or not allowed.")
NOT_FOUND = _problem("No such item, or not visible to you.")


def _rule_context() -> dict:
    """Look the art. 2.82 rule up once per request instead of once per row."""
    try:
        return {"rule_2_82": services.rule_2_82()}
    except DjangoValidationError:  # no rule in force: each row then says so itself
        return {}


def _with_profile(qs):
    return qs.select_related("se_profile", "municipality__province").prefetch_related(
        "cpv_codes", "se_profile__workforce"
    )


class OrganisationList(ProblemMixin, generics.ListAPIView):
    """Organisations in the public directory, filtered like the directory page."""

    serializer_class = OrganisationSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        query = parse_directory_query(self.request.query_params)
        return _with_profile(with_listing_data(search_organisations(query)))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **_rule_context()}

    @extend_schema(
        operation_id="organisationList",
        summary="List and filter organisations",
        parameters=openapi_parameters(),
        responses={200: OrganisationSerializer(many=True), 400: BAD_REQUEST},
        tags=["organisations"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OrganisationDetail(ProblemMixin, generics.GenericAPIView):
    """One organisation. Members of the organisation (and administrators) may change it."""

    serializer_class = OrganisationSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_object(self) -> Organisation:
        org = get_object_or_404(
            _with_profile(with_listing_data(Organisation.objects.all())), kvk=self.kwargs["kvk"]
        )
        roles = roles_for(self.request.user)
        public = org.is_public and org.kind != OrganisationKind.MUNICIPALITY
        if not public and not roles.can_see_private(org):
            raise exceptions.NotFound()  # do not reveal drafts or rejected profiles
        if self.request.method not in permissions.SAFE_METHODS and not roles.can_edit(org):
            raise exceptions.PermissionDenied("Only members of this organisation can change it.")
        self.org = org
        return org

    def get_serializer_context(self):
        org = getattr(self, "org", None)
        return {
            **super().get_serializer_context(),
            **_rule_context(),
            "show_private_links": bool(org and roles_for(self.request.user).can_see_private(org)),
        }

    @extend_schema(
        operation_id="organisationRetrieve",
        summary="One organisation",
        parameters=[KVK_PARAMETER],
        responses={200: OrganisationSerializer, 404: NOT_FOUND},
        tags=["organisations"],
    )
    def get(self, request, kvk: str):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        operation_id="organisationUpdate",
        summary="Change an organisation (members only)",
        description="Send only the fields to change. Changes are validated, the derived "
        "fields recomputed and the change written to the audit trail.",
        parameters=[KVK_PARAMETER],
        request=OrganisationUpdateSerializer,
        responses={
            200: OrganisationSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        tags=["organisations"],
    )
    def patch(self, request, kvk: str):
        org = self.get_object()
        incoming = OrganisationUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        update_organisation(org, incoming.validated_data, request.user)
        org = self.get_object()  # fresh, with the prefetched relations
        return Response(self.get_serializer(org).data)


def update_organisation(org: Organisation, data: dict, actor) -> Organisation:
    """Apply a validated API update; services.save_organisation validates, derives, audits."""
    fields = OrganisationUpdateSerializer.FIELD_MAP
    extra: dict = {}
    try:
        with transaction.atomic():
            for api_name, value in data.items():
                if api_name in fields:
                    setattr(org, fields[api_name], value)
            if "cpvCodes" in data:
                before = sorted(org.cpv_codes.values_list("code", flat=True))
                org.cpv_codes.set(CpvCode.objects.filter(code__in=data["cpvCodes"]))
                if before != sorted(data["cpvCodes"]):
                    extra["cpv_codes"] = [before, sorted(data["cpvCodes"])]
            if "sdgs" in data:
                before = _confirmed_sdgs(org)
                _set_confirmed_sdgs(org, data["sdgs"])
                if before != data["sdgs"]:
                    extra["sdgs"] = [before, data["sdgs"]]
            services.save_organisation(org, actor, extra=extra)
    except DjangoValidationError as exc:
        # Model validation names model fields; the client sent camelCase names.
        names = OrganisationUpdateSerializer.MODEL_TO_API
        if hasattr(exc, "error_dict"):
            raise exceptions.ValidationError(
                {names.get(k, k): v for k, v in exc.message_dict.items()}
            ) from exc
        raise exceptions.ValidationError({"": exc.messages}) from exc
    return org


def _confirmed_sdgs(org: Organisation) -> list[int]:
    return sorted(org.sdgs.filter(confirmed=True).values_list("goal__number", flat=True))


def _set_confirmed_sdgs(org: Organisation, numbers: list[int]) -> None:
    org.sdgs.filter(confirmed=True).exclude(goal__number__in=numbers).delete()
    for goal in SdgGoal.objects.filter(number__in=numbers):
        entry, created = OrganisationSdg.objects.get_or_create(
            organisation=org,
            goal=goal,
            defaults={"source": OrganisationSdg.Source.MANUAL, "confirmed": True},
        )
        if not created and not entry.confirmed:
            entry.confirmed = True
            entry.save(update_fields=["confirmed"])


class IsReviewer(permissions.BasePermission):
    """Municipal staff (any municipality) and administrators; the queryset narrows further."""

    message = "Only municipal staff and administrators see verification requests."

    def has_permission(self, request, view):
        roles = roles_for(request.user)
        return roles.is_admin or roles.is_municipal_staff


class VerificationRequestMixin(ProblemMixin):
    serializer_class = VerificationRequestSerializer
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    def get_queryset(self):
        roles = roles_for(self.request.user)
        qs = Organisation.objects.filter(status=Status.SUBMITTED)
        if not roles.is_admin:
            # Staff see their own municipality only: other municipalities' requests are
            # not forbidden but absent, so their existence does not leak.
            qs = qs.filter(municipality_id__in=roles.staff_municipality_ids)
        return (
            qs.select_related("municipality__region", "municipality__province", "se_profile")
            .prefetch_related("se_profile__workforce", "certifications", "evidence", "decisions")
            .order_by("updated_at", "id")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **_rule_context()}


class VerificationRequestList(VerificationRequestMixin, generics.ListAPIView):
    @extend_schema(
        operation_id="verificationRequestList",
        summary="Profiles waiting for verification (municipal staff)",
        description="Staff see submitted profiles of organisations in their own "
        "municipality; administrators see all. Oldest first.",
        responses={200: VerificationRequestSerializer(many=True), 403: FORBIDDEN},
        tags=["verification"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class VerificationRequestDetail(VerificationRequestMixin, generics.RetrieveAPIView):
    lookup_field = "kvk"

    @extend_schema(
        operation_id="verificationRequestRetrieve",
        summary="One profile waiting for verification (municipal staff)",
        parameters=[KVK_PARAMETER],
        responses={200: VerificationRequestSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["verification"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OrganisationAuditTrail(ProblemMixin, generics.ListAPIView):
    """Who changed what: for the organisation's members, its reviewers and administrators."""

    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        org = get_object_or_404(Organisation, kvk=self.kwargs["kvk"])
        if not roles_for(self.request.user).can_see_private(org):
            if org.is_public and org.kind != OrganisationKind.MUNICIPALITY:
                raise exceptions.PermissionDenied(
                    "Only the organisation, its reviewers and administrators see its audit trail."
                )
            raise exceptions.NotFound()
        return AuditEntry.objects.filter(organisation=org).select_related("actor")

    @extend_schema(
        operation_id="organisationAuditTrail",
        summary="Audit trail of an organisation (members and reviewers)",
        parameters=[KVK_PARAMETER],
        responses={200: AuditEntrySerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["organisations"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

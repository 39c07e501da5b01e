"""GET /opportunities, /opportunities/{id} and /opportunities/{id}/matches (owner only).

Visibility is the pages': published opportunities visible to everyone; logged-in members
of an organisation also see the members-only ones; owners see their drafts. Something you
may not see is a 404 (problem+json), so its existence does not leak.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions
from rest_framework.response import Response

from zicht.accounts.roles import roles_for
from zicht.registry.api.problems import ProblemMixin, ProblemSerializer

from .. import matches, services
from ..models import Opportunity
from .serializers import (
    MatchListSerializer,
    OpportunityQuerySerializer,
    OpportunitySerializer,
)

ID_PARAMETER = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="Identifier of the opportunity."
)
BAD_REQUEST = OpenApiResponse(
    ProblemSerializer, description="Invalid input; invalidParams names each parameter."
)
FORBIDDEN = OpenApiResponse(ProblemSerializer, description="Not logged in, or not the owner.")
NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such item, or not visible to you.")


def _query_parameters() -> list[OpenApiParameter]:
    out = []
    for name, field in OpportunityQuerySerializer().fields.items():
        enum = list(field.choices) if hasattr(field, "choices") else None
        out.append(
            OpenApiParameter(
                name,
                int if name == "sdg" else str,
                OpenApiParameter.QUERY,
                description=str(field.help_text or name),
                enum=enum,
                pattern=getattr(field, "regex", None) and field.regex.pattern,
            )
        )
    return out


def _base(request):
    return (
        services.visible_opportunities(roles_for(request.user))
        .select_related("owner", "municipality__region")
        .prefetch_related("cpv_codes")
    )


def _managed(request) -> set[int]:
    roles = roles_for(request.user)
    if roles.is_admin:
        return set(Opportunity.objects.values_list("pk", flat=True))
    return set(
        Opportunity.objects.filter(owner_id__in=roles.organisation_ids).values_list("pk", flat=True)
    )


class OpportunityList(ProblemMixin, generics.ListAPIView):
    """Opportunities you may see, filtered like the list page (default: published)."""

    serializer_class = OpportunitySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        query = OpportunityQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        return services.filter_opportunities(
            _base(self.request),
            q=d.get("q", ""),
            kind=d.get("kind", ""),
            cpv_division=d.get("cpvDivision", ""),
            region=d.get("region", ""),
            sdg=d.get("sdg"),
            state=d.get("state", ""),
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "managed": _managed(self.request)}

    @extend_schema(
        operation_id="opportunityList",
        summary="List and filter opportunities",
        parameters=_query_parameters(),
        responses={200: OpportunitySerializer(many=True), 400: BAD_REQUEST},
        tags=["opportunities"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OpportunityDetail(ProblemMixin, generics.GenericAPIView):
    """One opportunity."""

    serializer_class = OpportunitySerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="opportunityRetrieve",
        summary="One opportunity",
        parameters=[ID_PARAMETER],
        responses={200: OpportunitySerializer, 404: NOT_FOUND},
        tags=["opportunities"],
    )
    def get(self, request, id: int):  # noqa: A002
        opp = _base(request).filter(pk=id).first()
        if opp is None:
            raise exceptions.NotFound()
        context = {**self.get_serializer_context(), "managed": _managed(request)}
        return Response(OpportunitySerializer(opp, context=context).data)


class OpportunityMatches(ProblemMixin, generics.GenericAPIView):
    """The best-matching organisations, with score parts and reasons (owner only)."""

    serializer_class = MatchListSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    @extend_schema(
        operation_id="opportunityMatches",
        summary="Best-matching organisations of an opportunity (owner only)",
        description="The top 20 organisations, each with its score, the score of every "
        "part, the weights and the reasons in Dutch and English; notices say what input "
        "was missing, whether the deadline passed, or why no organisation qualifies.",
        parameters=[ID_PARAMETER],
        responses={200: MatchListSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["opportunities"],
    )
    def get(self, request, id: int):  # noqa: A002
        opp = _base(request).filter(pk=id).first()
        if opp is None:
            raise exceptions.NotFound()
        if not services.can_manage(roles_for(request.user), opp):
            raise exceptions.PermissionDenied("Only the owner of the opportunity sees its matches.")
        ranking, shown, _seconds = matches.top_matches(opp)
        weights = matches.get_index().weights
        for s in shown:
            s.weights = weights.parts
        data = {
            "opportunity": opp.pk,
            "weightsVersion": weights.version,
            "noticesNl": ranking.notices,
            "noticesEn": ranking.notices_en,
            "matches": shown,
        }
        return Response(MatchListSerializer(data).data)

"""POST /procurement/advice (the advisor, the same case as CASE.json, camelCase) and
GET /procurement/plans/{id}/ocds (a saved plan as an OCDS release package)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.accounts.roles import roles_for
from zicht.registry.api.problems import ProblemMixin, ProblemSerializer

from .. import access, exports, services
from ..advisor import AdviceError, RuleError
from ..forms import advice_error_field
from ..models import ProcurementType

CAMEL = {
    "value_eur": "valueEur",
    "duration_months": "durationMonths",
    "delivery_municipality": "deliveryMunicipality",
}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def camelize(value):
    """Keys of the engine's advice in camelCase (ADR); values are unchanged."""
    if isinstance(value, dict):
        return {(camel(k) if isinstance(k, str) else k): camelize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camelize(v) for v in value]
    return value


class AdviceRequest(serializers.Serializer):
    municipality = serializers.RegexField(
        r"^GM[0-9]{4}$", help_text="CBS code of the buying municipality, e.g. GM0344."
    )
    date = serializers.DateField(help_text="Planned publication date (decides the rules).")
    type = serializers.ChoiceField(choices=ProcurementType.choices)
    valueEur = serializers.FloatField(help_text="Estimated value excl. VAT over the whole term.")
    durationMonths = serializers.IntegerField(help_text="Whole months, at least 1.")
    cpv = serializers.ListField(
        child=serializers.CharField(max_length=12),
        min_length=1,
        max_length=20,
        help_text="CPV codes with check digit, e.g. 90910000-9.",
    )
    deliveryMunicipality = serializers.RegexField(
        r"^GM[0-9]{4}$",
        required=False,
        help_text="Where the work is delivered (default: the municipality).",
    )

    def to_internal_value(self, data):
        # CASE.json uses snake_case: accept it too.
        if hasattr(data, "items"):
            data = {CAMEL.get(k, k): v for k, v in data.items()}
        return super().to_internal_value(data)


class AdviceView(ProblemMixin, APIView):
    """The procurement advisor. Public: it uses the dated rules and the public register only."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="procurementAdvice",
        tags=["procurement"],
        summary="Advice for a planned purchase: threshold, procedures, art. 2.82, SROI",
        description=(
            "The same case as `zicht procurement advise CASE.json` (snake_case keys are "
            "accepted too). The answer is the advisor's output with camelCase keys: `case`, "
            "`euThreshold`, `procedures`, `reservation282`, `sroi`, `textNl`, `checklist` and "
            "`figures` (every figure with its source and valid-from date)."
        ),
        request=AdviceRequest,
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The advice."),
            400: OpenApiResponse(
                ProblemSerializer,
                description="Invalid case: a non-positive or absurd value, a date outside every "
                "threshold period, an unknown CPV code, a duration of zero, …",
            ),
        },
    )
    def post(self, request):
        incoming = AdviceRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        d = incoming.validated_data
        case = {
            "municipality": d["municipality"],
            "date": d["date"].isoformat(),
            "type": d["type"],
            "value_eur": d["valueEur"],
            "duration_months": d["durationMonths"],
            "cpv": d["cpv"],
        }
        if d.get("deliveryMunicipality"):
            case["delivery_municipality"] = d["deliveryMunicipality"]
        try:
            advice = services.get_advice(case)
        except AdviceError as exc:
            errors: dict[str, list[str]] = {}
            for message in exc.errors:
                name = advice_error_field(message)
                errors.setdefault(CAMEL.get(name, name) if name else "", []).append(message)
            raise exceptions.ValidationError(errors) from exc
        except RuleError as exc:
            raise exceptions.ValidationError({"": [f"rules: {exc}"]}) from exc
        return Response(camelize(advice))


class PlanOcdsView(ProblemMixin, APIView):
    """A saved procurement plan and its contracts as an OCDS 1.1 release package."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="procurementPlanOcds",
        tags=["procurement"],
        summary="A procurement plan as an OCDS release package",
        description=(
            "A planning release for the plan and an award+contract release per contract. "
            "Visible to staff of the plan's municipality and administrators; other plans are 404."
        ),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Plan id.")],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="OCDS release package."),
            403: OpenApiResponse(ProblemSerializer, description="Not logged in."),
            404: OpenApiResponse(ProblemSerializer, description="No such plan, or not yours."),
        },
    )
    def get(self, request, id: int):  # noqa: A002
        plan = access.get_plan(roles_for(request.user), id)
        return Response(exports.plan_package(plan, request.build_absolute_uri()))


__all__ = ["AdviceView", "PlanOcdsView", "camelize"]

"""POST /api/v1/sdg/classify: the SDG engine over HTTP, same fields as `zicht sdg classify`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from zicht.registry.api.problems import ProblemMixin, ProblemSerializer

MAX_BYTES = 1_048_576


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The text is larger than 1 MB; send at most 1,048,576 bytes of UTF-8."
    default_code = "too_large"


class ClassifyRequest(serializers.Serializer):
    id = serializers.CharField(required=False, allow_blank=True, max_length=200)
    text = serializers.CharField(trim_whitespace=False, allow_blank=True)
    lang = serializers.ChoiceField(choices=["auto", "nl", "en"], default="auto")
    threshold = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)


class ClassifyResponse(serializers.Serializer):
    id = serializers.CharField(required=False)
    lang = serializers.CharField(help_text="nl, en, or unsupported (scores are then best effort)")
    sdgs = serializers.ListField(child=serializers.IntegerField())
    scores = serializers.DictField(child=serializers.FloatField(), help_text="SDG number → 0..1")
    evidence = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    targets = serializers.ListField(child=serializers.CharField())
    unsupportedLanguage = serializers.BooleanField(required=False)


class AnonymousClassifyThrottle(ScopedRateThrottle):
    """Anonymous callers share a lower rate; logged-in users are not throttled here."""

    scope_attr = "throttle_scope"

    def allow_request(self, request, view):
        if request.user and request.user.is_authenticated:
            return True
        return super().allow_request(request, view)


class SdgClassifyView(ProblemMixin, APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonymousClassifyThrottle]
    throttle_scope = "sdg_classify_anon"

    @extend_schema(
        operation_id="sdgClassify",
        tags=["sdg"],
        summary="Suggest SDGs for a Dutch or English text, with evidence",
        request=ClassifyRequest,
        responses={
            200: ClassifyResponse,
            400: OpenApiResponse(ProblemSerializer, description="Empty, binary or invalid text."),
            413: OpenApiResponse(ProblemSerializer, description="Text larger than 1 MB."),
            429: OpenApiResponse(ProblemSerializer, description="Too many requests."),
        },
    )
    def post(self, request):
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > MAX_BYTES + 4096:  # refuse before reading a huge body
            raise PayloadTooLarge()
        data = ClassifyRequest(data=request.data)
        data.is_valid(raise_exception=True)
        from zicht.sdg.engine import EmptyText, SDGEngineError, TextTooLarge, classify

        params = data.validated_data
        try:
            result = classify(
                params["text"], lang=params["lang"], threshold=params.get("threshold")
            )
        except TextTooLarge as exc:
            raise PayloadTooLarge(str(exc)) from exc
        except (EmptyText, SDGEngineError) as exc:
            raise serializers.ValidationError({"text": [str(exc)]}) from exc
        body = result.to_dict()
        if body.pop("unsupported_language", False):
            body["unsupportedLanguage"] = True
            body.pop("detected_lang", None)
        if params.get("id"):
            body = {"id": params["id"], **body}
        return Response(body)

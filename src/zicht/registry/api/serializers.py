"""Representations of the register in the API. Property names are camelCase (ADR).

Public serializers carry public data only: no evidence, no audit trail, no workforce
figures per target group. Derived numbers come with the steps they were computed from.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zicht.reference.models import CpvCode

from .. import eligibility
from ..models import (
    Certification,
    Evidence,
    LegalForm,
    Organisation,
    OrganisationKind,
    OrganisationSdg,
    Status,
    Tier,
    VerificationDecision,
    WorkforceFigure,
)
from ..validators import normalise_postcode, validate_no_markup


def absolute(request, name: str, **kwargs) -> str:
    url = reverse(name, kwargs=kwargs)
    return request.build_absolute_uri(url) if request is not None else url


class LinkSerializer(serializers.Serializer):
    href = serializers.URLField()


class OrganisationLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    auditTrail = LinkSerializer(required=False)


class MunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS code, e.g. GM0363.")
    name = serializers.CharField()
    region = serializers.CharField(source="region.code", help_text="Labour-market region code.")
    regionName = serializers.CharField(source="region.name")
    province = serializers.CharField(source="province.name")


class CpvCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="8 digits, without check digit.")
    labelNl = serializers.CharField(source="label_nl")
    labelEn = serializers.CharField(source="label_en")


class SdgSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="goal.number", min_value=1, max_value=17)
    titleNl = serializers.CharField(source="goal.short_title_nl")
    titleEn = serializers.CharField(source="goal.short_title_en")
    weight = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)
    source = serializers.ChoiceField(choices=OrganisationSdg.Source.choices)


class SdgProfileSerializer(serializers.Serializer):
    confirmed = SdgSerializer(many=True, help_text="Confirmed by a person.")
    suggested = SdgSerializer(
        many=True, help_text="Suggested by Zicht's classifier, not (yet) confirmed."
    )


class EligibilitySerializer(serializers.Serializer):
    """Art. 2.82 eligibility with the calculation spelled out (services.explain_eligibility)."""

    eligible = serializers.BooleanField()
    share = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text="Counted target-group FTE / total FTE, 0-1; null when the total is unknown.",
    )
    countedFte = serializers.DecimalField(
        source="counted_fte", max_digits=9, decimal_places=2, coerce_to_string=False
    )
    totalFte = serializers.DecimalField(
        source="total_fte",
        max_digits=9,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
    )
    threshold = serializers.DecimalField(max_digits=5, decimal_places=4, coerce_to_string=False)
    ruleValidFrom = serializers.CharField(source="rule_valid_from")
    ruleSource = serializers.CharField(source="rule_source")
    explanation = serializers.ListField(
        source="steps", child=serializers.CharField(), help_text="The calculation, step by step."
    )


def explain(org: Organisation, rule: eligibility.Rule | None) -> eligibility.Eligibility:
    """services.explain_eligibility, with the rule looked up once per request for lists."""
    from .. import services

    if rule is None:
        return services.explain_eligibility(org)
    profile = getattr(org, "se_profile", None)
    figures = {w.target_group: w.fte for w in profile.workforce.all()} if profile else {}
    return eligibility.compute(figures, profile.total_fte if profile else None, rule)


class OrganisationSerializer(serializers.ModelSerializer):
    """An organisation as the public directory shows it."""

    name = serializers.CharField(source="display_name", read_only=True)
    legalName = serializers.CharField(source="legal_name", read_only=True)
    tradeNames = serializers.ListField(
        source="trade_names", child=serializers.CharField(), read_only=True
    )
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, read_only=True)
    legalForm = serializers.ChoiceField(
        source="legal_form", choices=LegalForm.choices, read_only=True
    )
    houseNumber = serializers.CharField(source="house_number", read_only=True)
    municipality = MunicipalitySerializer(read_only=True)
    descriptionNl = serializers.CharField(source="description_nl", read_only=True)
    descriptionEn = serializers.CharField(source="description_en", read_only=True)
    cpvCodes = CpvCodeSerializer(source="cpv_codes", many=True, read_only=True)
    sdgs = serializers.SerializerMethodField()
    impactModels = serializers.SerializerMethodField()
    servesNationally = serializers.BooleanField(source="serves_nationally", read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    tier = serializers.ChoiceField(choices=Tier.choices, read_only=True)
    website = serializers.URLField(
        read_only=True, allow_blank=True, help_text="Website; empty when not given."
    )
    tierExpires = serializers.DateField(
        source="tier_expires",
        read_only=True,
        allow_null=True,
        help_text="Date the verification runs out; null when it does not.",
    )
    targetGroupShare = serializers.DecimalField(
        source="target_group_share",
        max_digits=5,
        decimal_places=4,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text="Share of the workforce (FTE) in counted target groups, 0-1, as stored at the "
        "last save; eligible282.explanation shows how it is computed.",
    )
    eligible282 = serializers.SerializerMethodField()
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)
    _links = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "kvk",
            "name",
            "legalName",
            "tradeNames",
            "kind",
            "legalForm",
            "website",
            "street",
            "houseNumber",
            "postcode",
            "city",
            "municipality",
            "descriptionNl",
            "descriptionEn",
            "cpvCodes",
            "sdgs",
            "impactModels",
            "servesNationally",
            "status",
            "tier",
            "tierExpires",
            "targetGroupShare",
            "eligible282",
            "updatedAt",
            "_links",
        ]
        read_only_fields = fields

    @extend_schema_field(SdgProfileSerializer)
    def get_sdgs(self, org):
        entries = list(org.sdgs.all())
        return SdgProfileSerializer(
            {
                "confirmed": [s for s in entries if s.confirmed],
                "suggested": [s for s in entries if not s.confirmed],
            }
        ).data

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(
                choices=["work_integration", "products", "profit_redistribution"]
            )
        )
    )
    def get_impactModels(self, org):
        profile = getattr(org, "se_profile", None)
        return profile.impact_models if profile else []

    @extend_schema_field(EligibilitySerializer)
    def get_eligible282(self, org):
        return EligibilitySerializer(explain(org, self.context.get("rule_2_82"))).data

    @extend_schema_field(OrganisationLinksSerializer)
    def get__links(self, org):
        request = self.context.get("request")
        links = {"self": {"href": absolute(request, "registry_api:organisation", kvk=org.kvk)}}
        if self.context.get("show_private_links"):
            links["auditTrail"] = {
                "href": absolute(request, "registry_api:organisation-audit-trail", kvk=org.kvk)
            }
        return links


class OrganisationUpdateSerializer(serializers.Serializer):
    """What members may change through the API. Everything else goes through a reviewer."""

    tradeNames = serializers.ListField(
        child=serializers.CharField(max_length=200, validators=[validate_no_markup]),
        max_length=10,
        required=False,
    )
    website = serializers.URLField(max_length=200, allow_blank=True, required=False)
    descriptionNl = serializers.CharField(
        max_length=5000,
        allow_blank=True,
        required=False,
        validators=[validate_no_markup],
        trim_whitespace=True,
    )
    descriptionEn = serializers.CharField(
        max_length=5000,
        allow_blank=True,
        required=False,
        validators=[validate_no_markup],
    )
    street = serializers.CharField(max_length=120, allow_blank=True, required=False)
    houseNumber = serializers.CharField(max_length=12, allow_blank=True, required=False)
    postcode = serializers.CharField(max_length=7, allow_blank=True, required=False)
    city = serializers.CharField(max_length=80, allow_blank=True, required=False)
    servesNationally = serializers.BooleanField(required=False)
    cpvCodes = serializers.ListField(
        child=serializers.RegexField(r"^[0-9]{8}$", max_length=8),
        max_length=50,
        required=False,
        help_text="The full list of CPV codes (8 digits) the organisation supplies.",
    )
    sdgs = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=17),
        max_length=17,
        required=False,
        help_text="The full list of SDG numbers the organisation confirms. Suggestions not "
        "listed stay suggestions; a listed suggestion becomes confirmed.",
    )

    FIELD_MAP = {
        "tradeNames": "trade_names",
        "website": "website",
        "descriptionNl": "description_nl",
        "descriptionEn": "description_en",
        "street": "street",
        "houseNumber": "house_number",
        "postcode": "postcode",
        "city": "city",
        "servesNationally": "serves_nationally",
    }
    MODEL_TO_API = {v: k for k, v in FIELD_MAP.items()}

    def validate_postcode(self, value: str) -> str:
        return normalise_postcode(value) if value else value

    def validate_tradeNames(self, value: list[str]) -> list[str]:
        return [v.strip() for v in value if v.strip()]

    def validate_cpvCodes(self, value: list[str]) -> list[str]:
        codes = list(dict.fromkeys(value))
        known = set(CpvCode.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise serializers.ValidationError(f"Unknown CPV code(s): {', '.join(unknown)}.")
        return codes

    def validate_sdgs(self, value: list[int]) -> list[int]:
        return sorted(set(value))


class WorkforceFigureSerializer(serializers.ModelSerializer):
    targetGroup = serializers.CharField(source="target_group")
    fte = serializers.DecimalField(max_digits=9, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = WorkforceFigure
        fields = ["targetGroup", "fte"]


class CertificationSerializer(serializers.ModelSerializer):
    psoLevel = serializers.CharField(source="pso_level")
    validUntil = serializers.DateField(source="valid_until")

    class Meta:
        model = Certification
        fields = ["kind", "name", "psoLevel", "validUntil", "checked"]


class EvidenceSerializer(serializers.ModelSerializer):
    contentType = serializers.CharField(source="content_type")
    # Explicit: the model field's range depends on the database, and the OpenAPI document
    # must be the same on SQLite and PostgreSQL.
    size = serializers.IntegerField(min_value=0, help_text="Size in bytes.")
    uploadedAt = serializers.DateTimeField(source="uploaded_at")

    class Meta:
        model = Evidence
        fields = ["description", "contentType", "size", "uploadedAt"]


class DecisionSerializer(serializers.ModelSerializer):
    decidedAt = serializers.DateTimeField(source="decided_at")
    tierGranted = serializers.CharField(source="tier_granted")

    class Meta:
        model = VerificationDecision
        fields = ["decision", "reason", "tierGranted", "expires", "decidedAt"]


class VerificationLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    organisation = LinkSerializer()
    auditTrail = LinkSerializer()


class VerificationRequestSerializer(serializers.ModelSerializer):
    """A submitted profile waiting for a reviewer. Non-public: staff of its municipality only."""

    name = serializers.CharField(source="display_name")
    legalName = serializers.CharField(source="legal_name")
    municipality = MunicipalitySerializer()
    totalFte = serializers.SerializerMethodField()
    workforceYear = serializers.SerializerMethodField()
    workforce = serializers.SerializerMethodField()
    certifications = CertificationSerializer(many=True)
    evidence = EvidenceSerializer(many=True)
    decisions = DecisionSerializer(many=True, help_text="Earlier decisions, newest first.")
    eligible282 = serializers.SerializerMethodField()
    updatedAt = serializers.DateTimeField(source="updated_at")
    _links = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "kvk",
            "name",
            "legalName",
            "kind",
            "municipality",
            "status",
            "tier",
            "totalFte",
            "workforceYear",
            "workforce",
            "certifications",
            "evidence",
            "decisions",
            "eligible282",
            "updatedAt",
            "_links",
        ]
        read_only_fields = fields

    def _profile(self, org):
        return getattr(org, "se_profile", None)

    @extend_schema_field(
        serializers.DecimalField(
            max_digits=9, decimal_places=2, coerce_to_string=False, allow_null=True
        )
    )
    def get_totalFte(self, org):
        profile = self._profile(org)
        return profile.total_fte if profile else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_workforceYear(self, org):
        profile = self._profile(org)
        return profile.workforce_year if profile else None

    @extend_schema_field(WorkforceFigureSerializer(many=True))
    def get_workforce(self, org):
        profile = self._profile(org)
        return WorkforceFigureSerializer(profile.workforce.all(), many=True).data if profile else []

    @extend_schema_field(EligibilitySerializer)
    def get_eligible282(self, org):
        return EligibilitySerializer(explain(org, self.context.get("rule_2_82"))).data

    @extend_schema_field(VerificationLinksSerializer)
    def get__links(self, org):
        request = self.context.get("request")
        return {
            "self": {"href": absolute(request, "registry_api:verification-request", kvk=org.kvk)},
            "organisation": {"href": absolute(request, "registry_api:organisation", kvk=org.kvk)},
            "auditTrail": {
                "href": absolute(request, "registry_api:organisation-audit-trail", kvk=org.kvk)
            },
        }


class AuditEntrySerializer(serializers.Serializer):
    createdAt = serializers.DateTimeField(source="created_at")
    actor = serializers.SerializerMethodField()
    action = serializers.CharField()
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        help_text="Changed fields as {field: [old, new]}.",
    )
    reason = serializers.CharField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, entry):
        return str(entry.actor) if entry.actor_id else None

"""Opportunities and their matches in the API. Property names are camelCase (ADR)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zicht.registry.models import Tier

from ..models import Kind, Opportunity, State, Visibility

STATE_FILTERS = [*State.values, "all"]


def absolute(request, name: str, **kwargs) -> str:
    url = reverse(name, kwargs=kwargs)
    return request.build_absolute_uri(url) if request is not None else url


class OpportunityQuerySerializer(serializers.Serializer):
    """Query parameters of GET /opportunities."""

    q = serializers.CharField(
        required=False, max_length=200, help_text="Words that must all occur in title or text."
    )
    kind = serializers.ChoiceField(
        choices=Kind.choices, required=False, help_text="Kind of opportunity."
    )
    state = serializers.ChoiceField(
        choices=STATE_FILTERS,
        required=False,
        help_text="Default: published. 'all' lists every state you may see.",
    )
    cpvDivision = serializers.RegexField(
        r"^[0-9]{2}$", required=False, help_text="CPV division (2 digits), e.g. 77."
    )
    region = serializers.RegexField(
        r"^AM[0-9]{2}$", required=False, help_text="Labour-market region code, e.g. AM14."
    )
    sdg = serializers.IntegerField(
        min_value=1, max_value=17, required=False, help_text="SDG number 1-17."
    )


class OpportunityOwnerSerializer(serializers.Serializer):
    kvk = serializers.CharField()
    name = serializers.CharField(source="display_name")
    kind = serializers.CharField()


class OpportunityPlaceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS code, e.g. GM0344.")
    name = serializers.CharField()
    region = serializers.CharField(source="region.code", help_text="Labour-market region code.")
    regionName = serializers.CharField(source="region.name")


class OpportunityCpvSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="8 digits, without check digit.")
    labelNl = serializers.CharField(source="label_nl")
    labelEn = serializers.CharField(source="label_en")


class OpportunityRequirementsSerializer(serializers.Serializer):
    reserved282 = serializers.BooleanField(
        source="reserved_2_82", help_text="Reserved under art. 2.82 Aanbestedingswet 2012."
    )
    # A plain string, not an enum: the same choice set as the register's tier would need
    # a shared enum name in SPECTACULAR_SETTINGS (settings are not this app's to change).
    minTier = serializers.CharField(
        source="min_tier",
        help_text="Minimum verification tier: " + ", ".join(Tier.values) + "; '' = any tier.",
    )
    targetGroups = serializers.ListField(source="target_groups", child=serializers.CharField())
    certifications = serializers.ListField(child=serializers.CharField())


class OpportunityLinksSerializer(serializers.Serializer):
    self = serializers.URLField()
    page = serializers.URLField()
    matches = serializers.URLField(required=False)


class OpportunitySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    state = serializers.ChoiceField(choices=State.choices)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    owner = OpportunityOwnerSerializer()
    cpvCodes = OpportunityCpvSerializer(source="cpv_codes", many=True)
    sdgs = serializers.ListField(
        source="sdg_numbers", child=serializers.IntegerField(), help_text="Confirmed SDGs."
    )
    placeOfDelivery = OpportunityPlaceSerializer(source="municipality")
    valueEur = serializers.DecimalField(
        source="value_eur",
        max_digits=14,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="Estimated value excl. VAT; null when unknown.",
    )
    deadline = serializers.DateField(allow_null=True)
    requirements = OpportunityRequirementsSerializer(source="*")
    contactName = serializers.CharField(source="contact_name")
    contactEmail = serializers.EmailField(
        source="contact_email",
        allow_blank=True,
        help_text="E-mail address of the contact; empty when not given.",
    )
    publishedAt = serializers.DateTimeField(source="published_at", allow_null=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "state",
            "visibility",
            "owner",
            "cpvCodes",
            "sdgs",
            "placeOfDelivery",
            "valueEur",
            "deadline",
            "requirements",
            "contactName",
            "contactEmail",
            "publishedAt",
            "links",
        ]
        read_only_fields = fields

    @extend_schema_field(OpportunityLinksSerializer)
    def get_links(self, obj) -> dict:
        request = self.context.get("request")
        links = {
            "self": absolute(request, "opportunities_api:opportunity", id=obj.pk),
            "page": absolute(request, "opportunities:detail", pk=obj.pk),
        }
        if obj.pk in self.context.get("managed", set()):
            links["matches"] = absolute(request, "opportunities_api:matches", id=obj.pk)
        return links


class MatchPartsSerializer(serializers.Serializer):
    cpv = serializers.FloatField(allow_null=True)
    text = serializers.FloatField(allow_null=True)
    geo = serializers.FloatField(allow_null=True)
    sdg = serializers.FloatField(allow_null=True)
    size = serializers.FloatField(allow_null=True)


class MatchOrganisationSerializer(serializers.Serializer):
    kvk = serializers.CharField()
    name = serializers.CharField(source="display_name")
    kind = serializers.CharField()
    municipality = serializers.CharField(source="municipality.code")
    tier = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    rank = serializers.IntegerField(min_value=1)
    organisation = MatchOrganisationSerializer()
    score = serializers.FloatField(help_text="0-1, the weighted sum of the parts.")
    parts = MatchPartsSerializer(
        source="match.parts", help_text="Each part 0-1; null when left out for missing input."
    )
    weights = MatchPartsSerializer(help_text="The weight of each part in the score.")
    reasonsNl = serializers.ListField(source="match.reasons", child=serializers.CharField())
    reasonsEn = serializers.ListField(source="match.reasons_en", child=serializers.CharField())
    flags = serializers.ListField(
        source="match.flags",
        child=serializers.CharField(),
        help_text="Warnings: target_group_share_unknown (reserved contract, share unknown), "
        "target_groups_unknown (target groups required, no figures per target group).",
    )


class MatchListSerializer(serializers.Serializer):
    opportunity = serializers.IntegerField()
    weightsVersion = serializers.CharField()
    noticesNl = serializers.ListField(
        child=serializers.CharField(),
        help_text="Missing input, past deadline, impossible requirements (Dutch).",
    )
    noticesEn = serializers.ListField(child=serializers.CharField())
    matches = MatchSerializer(many=True)
